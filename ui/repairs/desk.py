"""The repair desk's controller: creates repairs, records milestones, dispatches, isolates, alarms.

Docks and map tools only ask; this object writes, each action in one
transaction. Milestones, level changes and vehicle statuses are saved with the
version check of :func:`models.concurrency.save_with_version` (another desk's
save in between raises :class:`~models.concurrency.ConflictError`, shown in the
:class:`~ui.common.conflict_dialog.ConflictDialog`) and pushed on the desk's
shared undo stack; the services write the audit lines.

A one-second timer checks the five time limits of every open repair: a limit
newly overrun raises :attr:`RepairDesk.alarm_raised` and queues ONE overrun
message to the level's recipients (an ``overrun`` audit line remembers it, so
neither a second tick nor a second desk repeats it). The outbox is delivered
off the GUI thread through the sender configured in Settings → Notifications.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import pandas as pd
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from gis.time_limits import SETTING_KEY, alarms, limit_states, merged_rules
from models.vocabulary import OPEN_REPAIR_STATES, SERIOUS_LEVELS
from models.audit import AuditEntry
from models.concurrency import IGNORED, ConflictError, column_values, load_fresh, save_with_version
from models.repair import REPAIR_LEVELS, Repair, Vehicle
from models.store import StoreError
from services.repairs.records import notifications_of, open_repairs, overrun_told
from ui.common.coalesced_read import CoalescedRead
from ui.common.desk import DeskContext
from ui.common.worker import SerialWorker

log = logging.getLogger(__name__)

#: Setting key of the outbox sender (``{"channel": "email", "host": …}``; absent: the log).
SENDER_KEY = "notify_sender"
#: Levels that flash on the map when a repair is created (guarded places raise to IV or above).
FLASH_LEVELS = SERIOUS_LEVELS
OPEN_STATES = OPEN_REPAIR_STATES


def _differs(a: Any, b: Any) -> bool:
    if isinstance(a, dt.datetime) and isinstance(b, dt.datetime) and (a.tzinfo is None) != (b.tzinfo is None):
        a, b = a.replace(tzinfo=None), b.replace(tzinfo=None)
    return a != b


def versioned_edit(session: Session, cls: type, snapshot: dict, mutate: Callable[[Session, Any], Any]) -> dict:
    """Apply ``mutate`` to the row this desk read (``snapshot``) and save it with the version check.

    The row is loaded, given the values the desk read (so the UPDATE checks the
    version it edited from), changed by ``mutate`` (a service that validates and
    audits), and saved through :func:`save_with_version` in the same transaction
    as the audit lines.

    Returns
    -------
    dict
        The row's values after the save (the next snapshot).

    Raises
    ------
    ConflictError
        Another desk changed or deleted the row since ``snapshot``.
    """
    obj = session.get(cls, snapshot["id"])
    if obj is None:
        raise ConflictError(cls.__table__.name, snapshot["id"], dict(snapshot), {}, None)
    for key, value in snapshot.items():
        set_committed_value(obj, key, value)
    mutate(session, obj)
    changes = {k: getattr(obj, k) for k in snapshot if k not in IGNORED and _differs(getattr(obj, k), snapshot[k])}
    for key in changes:
        set_committed_value(obj, key, snapshot[key])
    save_with_version(session, obj, changes)
    return column_values(obj)


class RepairDesk(QObject):
    """What the Repairs and Vehicles docks and the map tools call.

    Signals
    -------
    repairs_changed()
        Repairs, vehicles or notifications changed (views reload).
    created(repair_id, flash)
        A new repair; ``flash`` when its level is IV or above (a guarded place).
    alarm_raised(message)
        A time limit was newly overrun.
    isolation_changed(result)
        An isolation was computed (:class:`gis.isolation.IsolationResult`) or cleared (None).
    answer_changed(answer)
        The whole isolation answer (:class:`services.isolation.answer.IsolationAnswer`) or None.
    isolation_busy(busy)
        An isolation is being computed on the isolation worker (True), or it is done (False: its
        answer, or a refusal through :attr:`failed`, was just handed over).
    option_chosen(rank, notices)
        An isolation option was recorded for the repair; ``notices`` messages queued.
    pressure_done(data)
        The pressure step finished (JSON-ready dict), delivered on the GUI thread.
    failed(message)
        An action was refused.
    outbox_sent()
        The outbox sent or failed some messages (their statuses changed; the list re-reads off the GUI thread).
    """

    repairs_changed = Signal()
    created = Signal(int, bool)
    alarm_raised = Signal(str)
    isolation_changed = Signal(object)
    answer_changed = Signal(object)
    isolation_busy = Signal(bool)
    option_chosen = Signal(int, int)
    pressure_done = Signal(object)
    _pressure_ready = Signal(object)
    failed = Signal(str)
    _delivered = Signal()
    outbox_sent = Signal()
    #: Internal: an alarm pass's ``(new alarms, error)`` from the worker, queued to the GUI thread.
    _alarms_checked = Signal(object)

    def __init__(self, desk: DeskContext, feed=None, lang: str = "en", parent: QObject | None = None,
                 alarm_interval_ms: int = 1000) -> None:
        super().__init__(parent)
        self.desk = desk
        self.store = desk.store
        self.feed = feed
        self.lang = "zh_CN" if lang.startswith("zh") else "en"
        self.read_only = getattr(self.store, "role", "leader") == "viewer"
        event = self.store.current_event()
        self.tz = event.timezone if event is not None and event.timezone else "UTC"
        #: Shows a conflict and returns the changes to re-apply ({} to drop mine); tests replace it.
        self.resolve_conflict: Callable[[ConflictError], dict] = self._ask_conflict
        self.isolation = None
        self.isolation_repair: int | None = None
        self.unavailable_valves: set[int] = set()
        self.answer = None
        self.allow_control_valves = False
        self.leave_open: list[str] = []
        self.chosen_option: int | None = None
        self._pressure_thread: threading.Thread | None = None
        self._network = None
        #: Bumped when the stored network changes (a valve marked): a network read before is not kept.
        self._network_gen = 0
        self._alarmed: set[tuple[int, str]] = set()
        self._delivering = threading.Lock()
        self._alarm_lock = threading.Lock()
        self._drill_clocks = None
        self._clocks_reading = False
        self._checking = False
        self._closed = False
        #: (table, row id) → the row as this desk's last edit, undo or redo of it left it (see edit()).
        self._own_rows: dict[tuple[str, int], dict] = {}
        #: The desk's store reads for the Repairs list, the alarm check and the drills' clocks (in order).
        self.worker = SerialWorker("repairs-read")
        #: Sends the outbox (an SMTP server may take its time; the reads don't wait for it).
        self.outbox_worker = SerialWorker("outbox")
        #: Reads the isolation network (a city's: seconds) and computes isolations off the GUI thread; the
        #: answer comes back in one piece (the latest request wins while one runs).
        self.isolation_worker = SerialWorker("isolation")
        self._isolation_read = CoalescedRead(self.isolation_worker, self._on_isolated, self)
        self.isolating = False
        self._delivered.connect(self.outbox_sent, Qt.ConnectionType.QueuedConnection)
        self._alarms_checked.connect(self._on_alarms_checked, Qt.ConnectionType.QueuedConnection)
        # Emitted from the worker thread, delivered queued on the GUI thread.
        self._pressure_ready.connect(self.pressure_done, Qt.ConnectionType.QueuedConnection)
        self.alarm_timer = QTimer(self, interval=alarm_interval_ms)
        self.alarm_timer.timeout.connect(self.check_alarms_later)
        if not self.read_only:
            self.alarm_timer.start()
        self.outbox_timer = QTimer(self, interval=5000)
        self.outbox_timer.timeout.connect(lambda: self.deliver(background=True))
        if not self.read_only:
            self.outbox_timer.start()

    # -- plumbing --------------------------------------------------------------------------
    def now(self) -> dt.datetime:
        """The desk's clock (aware)."""
        return self.desk.now()

    def changed(self) -> None:
        """Tell the views; vehicles' statuses live in the feed controller too."""
        if self.feed is not None:
            self.feed.reload_vehicles()
        self.repairs_changed.emit()

    def run(self, fn: Callable[[Session], Any]) -> tuple[bool, Any]:
        """Run ``fn`` in one session; conflicts go to the dialog, refusals to :attr:`failed`."""
        try:
            return True, self.store.run(fn)
        except ConflictError as conflict:
            changes = self.resolve_conflict(conflict)
            if changes:
                self._reapply(conflict, changes)
            self.changed()
            return False, str(conflict)
        except (ValueError, KeyError, StoreError) as exc:
            message = str(exc.args[0]) if isinstance(exc, KeyError) and exc.args else str(exc)
            self.failed.emit(message)
            return False, message

    def _reapply(self, conflict: ConflictError, changes: dict) -> None:
        cls = {"repairs": Repair, "vehicles": Vehicle}[conflict.table]
        try:
            with self.store.session() as s:
                obj = load_fresh(s, cls, conflict.row_id)
                if obj is None:
                    return
                s.add(AuditEntry(user=self.desk.user, action="reapply", table_name=conflict.table,
                                 row_id=conflict.row_id, detail=", ".join(sorted(changes))))
                save_with_version(s, obj, changes)
        except (ConflictError, ValueError, StoreError) as exc:
            self.failed.emit(str(exc))

    def _ask_conflict(self, conflict: ConflictError) -> dict:
        from ui.common.conflict_dialog import ConflictDialog

        dialog = ConflictDialog(conflict, parent=self.parent() if hasattr(self.parent(), "window") else None)
        dialog.exec()
        return dialog.changes_to_reapply()

    def edit(self, text: str, cls: type, row_id: int, forward, backward, snapshot: dict | None = None) -> bool:
        """A versioned, audited, undoable edit of one row (from ``snapshot``, else the row as stored now)."""
        if snapshot is None:
            snapshot = self.snapshot(cls, row_id)
            if snapshot is None:
                return False
        key = (cls.__table__.name, row_id)

        def step(s: Session, snap: dict, mutate) -> dict:
            result = versioned_edit(s, cls, self._own_latest(key, snap), mutate)
            self._own_rows[key] = result
            return result

        def do(s: Session) -> dict:
            return step(s, snapshot, forward)

        ok, after = self.run(do)
        if ok:
            # Undo edits the row as this desk left it; redo, the row as the undo left it.
            self.desk.push(text, do, lambda s, snap: step(s, snap, backward), after,
                           redo=lambda s, snap: step(s, snap, forward),
                           run=self.run, after=lambda _snap: self.changed())
            self.changed()
        return ok

    def _own_latest(self, key: tuple[str, int], snap: dict) -> dict:
        """What an undo or redo edits from: ``snap``, or this desk's own later save of the same values.

        Undoing two edits of one repair in turn: the first undo saves the row back
        to the values the older command left, under a newer version. That newer
        save is this desk's own, so the older command starts from it; a change by
        another desk in between still has another version and is refused as a conflict.
        """
        latest = self._own_rows.get(key)
        if latest is None or latest.get("version", 0) <= snap.get("version", 0):
            return snap
        same = all(not _differs(latest.get(k), v) for k, v in snap.items() if k not in IGNORED)
        return latest if same else snap

    def snapshot(self, cls: type, row_id: int) -> dict | None:
        """The row's values as stored now (what an edit starts from)."""
        with self.store.session() as s:
            obj = s.get(cls, row_id)
            return None if obj is None else column_values(obj)

    # -- reading -----------------------------------------------------------------------------
    def rules(self) -> dict:
        """The time-limit rules (stored setting over the defaults)."""
        from services.repairs.records import get_setting

        with self.store.session() as s:
            return merged_rules(get_setting(s, SETTING_KEY))

    def open_repairs(self) -> list[Repair]:
        """Open repairs (not restored or cancelled), newest first, detached."""
        with self.store.session() as s:
            rows = open_repairs(s, OPEN_STATES)
            s.expunge_all()
            return rows

    def closed_today(self) -> list[Repair]:
        """Repairs closed (restored or cancelled) since local midnight of the desk's clock, newest first."""
        from zoneinfo import ZoneInfo

        from sqlalchemy import or_, select

        now = self.now().astimezone(ZoneInfo(self.tz))
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(dt.timezone.utc)
        naive = midnight  # the store's datetime type takes aware times
        with self.store.session() as s:
            rows = list(s.scalars(
                select(Repair).where(Repair.status.not_in(OPEN_STATES),
                                     or_(Repair.restored_at >= naive,
                                         Repair.restored_at.is_(None) & (Repair.reported_at >= naive)))
                .order_by(Repair.restored_at.desc(), Repair.id.desc())).all())
            s.expunge_all()
            return rows

    def repair(self, repair_id: int) -> Repair | None:
        """One repair, detached."""
        with self.store.session() as s:
            r = s.get(Repair, repair_id)
            if r is not None:
                s.expunge(r)
            return r

    def notifications(self, repair_id: int) -> list[dict]:
        """Who was told what and when about a repair."""
        with self.store.session() as s:
            return notifications_of(s, repair_id)

    def drill_clocks(self, wait: bool = True):
        """The drills' clocks of the drills' repairs and devices (read at most every 2 s).

        ``wait=False`` (the chips' countdown on the GUI thread): older clocks are returned at once and
        fresh ones read on the worker; only the very first call reads in place.
        """
        cached = self._drill_clocks
        if cached is not None and time.monotonic() - cached[0] <= 2.0:
            return cached[1]
        if cached is not None and not wait:
            if not self._clocks_reading and not self._closed:
                self._clocks_reading = True
                self.worker.submit(self._read_drill_clocks)
            return cached[1]
        return self._read_drill_clocks()

    def _read_drill_clocks(self):
        from services.drill.clock import DrillClocks, drill_clocks

        try:
            with self.store.session() as s:
                clocks = drill_clocks(s)
        except Exception:  # noqa: BLE001 — a store without the drill tables judges every row by the wall clock
            clocks = DrillClocks()
        self._drill_clocks = (time.monotonic(), clocks)
        self._clocks_reading = False
        return clocks

    def read_list(self, closed: bool) -> tuple[dict, list[Repair]]:
        """The rules and the Repairs list (open, or ``closed`` today), detached (any thread)."""
        rules = self.rules()
        repairs = self.closed_today() if closed else self.open_repairs()
        self.drill_clocks()  # fresh clocks for the list's chips, read here rather than on the GUI thread
        return rules, repairs

    def limit_states(self, repair: Repair, now: dt.datetime | None = None, rules: dict | None = None):
        """The five limits of a repair at ``now`` (the desk's clock; a drill's repair: the drill's clock)."""
        now = now or self.now()
        clocks = self.drill_clocks(wait=False)
        if clocks and repair.id in clocks.repairs:
            now = clocks.repair_now(repair.id, now) or as_drill_start(repair)
        return limit_states(repair, rules or self.rules(), now, self.tz)

    # -- creating ------------------------------------------------------------------------------
    def create(self, **fields) -> int | None:
        """Open a repair (``lon, lat`` | ``pipe`` | caller fields); returns its id.

        The site is checked against the guarded places (level raised with the
        reason), messages are queued for the level's recipients and delivered.
        """
        from services.repairs.opening import locate_address, open_repair

        fields.setdefault("reported_at", self.now())

        def do(s: Session):
            if fields.get("lon") is None and fields.get("pipe") is None:
                found = locate_address(s, fields.get("address"))
                if found is not None:  # a phoned-in place name locates the site
                    fields["lon"], fields["lat"] = found[0], found[1]
            opened = open_repair(s, lang=self.lang, user=self.desk.user, **fields)
            s.commit()
            return opened.repair.id, opened.repair.level

        ok, result = self.run(do)
        if not ok:
            return None
        repair_id, level = result
        self.changed()
        self.created.emit(repair_id, level in FLASH_LEVELS)
        self.deliver(background=True)
        return repair_id

    # -- milestones, level, vehicles ------------------------------------------------------------
    def set_next_milestone(self, repair_id: int, at: dt.datetime | None = None) -> str | None:
        """Record the repair's next milestone now (undoable); returns which one."""
        from services.repairs.records import clear_milestone, next_milestone, set_milestone

        current = self.repair(repair_id)
        if current is None:
            return None
        name = next_milestone(current)
        if name is None:
            return None
        when = at or self.now()
        user = self.desk.user
        ok = self.edit(self.tr("{0}: {1}").format(current.code, name), Repair, repair_id,
                       lambda s, r: set_milestone(s, r, name, when, user),
                       lambda s, r: clear_milestone(s, r, name, user))
        return name if ok else None

    def change_level(self, repair_id: int, level: str, reason: str) -> bool:
        """Set the level with its reason (undoable); a more severe level tells the new recipients."""
        from gis.notify import render
        from services.repairs.records import change_level, enqueue_notifications

        current = self.repair(repair_id)
        if current is None or level not in REPAIR_LEVELS:
            return False
        old_level, old_reason, user, tz = current.level, current.level_reason, self.desk.user, self.tz

        def forward(s: Session, r: Repair) -> None:
            if change_level(s, r, level, reason, user):
                enqueue_notifications(s, r, lambda rr, lang: render(rr, lang, "raised", tz=tz), only_new=True)

        ok = self.edit(self.tr("{0}: level {1}").format(current.code, level), Repair, repair_id, forward,
                       lambda s, r: change_level(s, r, old_level, old_reason, user))
        if ok:
            self.deliver(background=True)
        return ok

    def set_on_pipe(self, repair_id: int, pipe: str | int) -> bool:
        """Put a repair (typically one phoned in without a site) on a pipe: undoable, audited.

        The repair gets the pipe's midpoint as its map point, its DN and the
        guarded-place check, so nearest vehicles, level and isolation work.
        """
        from services.repairs.locating import clear_site, set_on_pipe

        snap = self.snapshot(Repair, repair_id)
        if snap is None:
            return False
        before, lang, user = dict(snap), self.lang, self.desk.user
        ok = self.edit(self.tr("{0}: on pipe {1}").format(snap["code"], pipe), Repair, repair_id,
                       lambda s, r: set_on_pipe(s, r, pipe, lang=lang, user=user),
                       lambda s, r: clear_site(s, r, before, user=user), snapshot=snap)
        return ok

    def set_vehicle_status(self, vehicle_id: int, status: str) -> bool:
        """Change a vehicle's status by hand (undoable)."""
        from services.repairs.records import set_vehicle_status

        snap = self.snapshot(Vehicle, vehicle_id)
        if snap is None:
            return False
        old, user = snap["status"], self.desk.user
        from services.printing.labels import label

        return self.edit(self.tr("{0}: {1}").format(snap["code"], label("vehicle_status", status)), Vehicle, vehicle_id,
                         lambda s, v: set_vehicle_status(s, v, status, user),
                         lambda s, v: set_vehicle_status(s, v, old, user), snapshot=snap)

    # -- dispatch -----------------------------------------------------------------------------
    def vehicles_frame(self) -> pd.DataFrame:
        """Vehicles with their latest known position (live feed first, else the store)."""
        if self.feed is not None:
            rows = [{"id": v.id, "code": v.code, "status": v.status, "lon": v.lon, "lat": v.lat}
                    for v in self.feed.vehicles.values()]
            return pd.DataFrame(rows, columns=["id", "code", "status", "lon", "lat"])
        from models.queries import vehicles_frame

        with self.store.engine.connect() as conn:
            frame = vehicles_frame(conn)
        return pd.DataFrame({"id": frame["id"], "code": frame["code"], "status": frame["status"],
                             "lon": frame.geometry.x, "lat": frame.geometry.y})

    def candidates(self, repair_id: int, k: int = 5) -> list:
        """The ``k`` available vehicles that reach the repair first (street travel time), fastest first."""
        from gis.dispatch import nearest_vehicles

        r = self.repair(repair_id)
        if r is None or r.lon is None or self.feed is None:
            return []
        streets = self.feed.streets(wait=True)
        if streets is None:
            # No streets in the store: straight-line estimates, and the dock says so (eta_basis).
            from services.streets.dispatch import straight_line_etas

            self.eta_basis = "straight_line"
            return straight_line_etas(self.vehicles_frame(), r.lon, r.lat, k=k, now=self.now())
        self.eta_basis = "streets"
        return nearest_vehicles(streets, self.vehicles_frame(), r.lon, r.lat, k=k, now=self.now())

    def assign(self, repair_id: int, vehicle_id: int) -> bool:
        """Dispatch a vehicle: the repair is dispatched, the vehicle en route (one transaction)."""
        from services.repairs.records import assign_vehicle

        user, when = self.desk.user, self.now()

        def do(s: Session) -> None:
            repair, vehicle = s.get(Repair, repair_id), s.get(Vehicle, vehicle_id)
            if repair is None or vehicle is None:
                raise KeyError("the repair or the vehicle no longer exists")
            assign_vehicle(s, repair, vehicle, when, user)
            s.commit()

        ok, _ = self.run(do)
        if ok:
            self.changed()
        return ok

    # -- isolation ------------------------------------------------------------------------------
    def network(self):
        """The isolation network (pipes, valves, sources, users, places), read once (on this thread when not yet read:
        :meth:`isolate` reads it on the isolation worker)."""
        if self._network is None:
            from services.isolation import load_network

            with self.store.engine.connect() as conn:
                self._network = load_network(conn)
        return self._network

    def isolate(self, repair_id: int | None, pipe_id: int | None = None, leave_open: list[str] = ()) -> bool:
        """Compute the valves to close for the repair's pipe, skipping valves marked unusable, on the isolation worker.

        Returns at once (False when there is no pipe to isolate); :attr:`isolation_busy` says it is computing.
        When done, emits :attr:`isolation_changed` with the result (the map) and :attr:`answer_changed` with the
        whole answer (order, options), or :attr:`failed`; then ``isolation_busy(False)``.
        """
        r = self.repair(repair_id) if repair_id is not None else None
        pipe = pipe_id if pipe_id is not None else (r.pipe_id if r is not None else None)
        if pipe is None:
            self.failed.emit(self.tr("This repair has no pipe to isolate."))
            return False
        if repair_id != self.isolation_repair:
            self.unavailable_valves = set()
            self.leave_open = []
            self.chosen_option = None
        self.leave_open = list(leave_open) if leave_open else getattr(self, "leave_open", [])
        store, feed, net, gen = self.store, self.feed, self._network, self._network_gen
        unavailable, allow, keep_open = set(self.unavailable_valves), self.allow_control_valves, list(self.leave_open)

        def compute():
            from services.isolation import load_network
            from services.isolation.answer import answer

            network = net
            with store.engine.connect() as conn:
                if network is None:
                    network = load_network(conn)
                broken = set(network.valves.loc[~network.valves["status"].isin(("open", "closed")), "id"].astype(int))
                # The crew's route between the valves goes along the streets when there are any (route_basis).
                streets = feed.streets(wait=True) if feed is not None else None
                try:
                    ans = answer(conn, network, int(pipe), unavailable=sorted(unavailable - broken),
                                 allow_control_valves=allow, leave_open=keep_open, streets=streets)
                except KeyError as exc:
                    return network, gen, repair_id, str(exc.args[0])
            return network, gen, repair_id, ans

        if not self.isolating:
            self.isolating = True
            self.isolation_busy.emit(True)
        self._isolation_read.request(compute)
        return True

    def _on_isolated(self, data) -> None:
        """An isolation computed on the worker (GUI thread): keep the network, show the answer or the refusal."""
        if not isinstance(data, Exception) and data[1] == self._network_gen:
            self._network = data[0]  # read once for the session (unless a valve changed since)
        if self._isolation_read.pending:  # a newer request runs next: its answer follows
            return
        self.isolating = False
        if isinstance(data, Exception):
            log.warning("isolation failed: %s", data)
            self.failed.emit(str(data))
            self.isolation_busy.emit(False)
            return
        _, _, repair_id, ans = data
        if isinstance(ans, str):
            self.failed.emit(ans)
            self.isolation_busy.emit(False)
            return
        self.isolation, self.isolation_repair, self.answer = ans.result, repair_id, ans
        self.isolation_changed.emit(ans.result)
        self.answer_changed.emit(ans)
        self.isolation_busy.emit(False)

    def forget_network(self) -> None:
        """The stored network changed (valves): the next isolation reads it again (one in flight is not kept)."""
        self._network = None
        self._network_gen += 1

    def wait_isolation(self, timeout_s: float = 60.0) -> bool:
        """Let the isolation worker finish and hand its answer over (scripts and tests; runs the event loop)."""
        import time as _time

        from PySide6.QtCore import QCoreApplication

        end = _time.monotonic() + timeout_s
        while self.isolating and _time.monotonic() < end:
            self.isolation_worker.wait(0.05)
            QCoreApplication.processEvents()
        return not self.isolating

    def choose_option(self, rank: int, reason: str) -> bool:
        """Record option ``rank`` of the current answer for the repair (with why) and notify those affected."""
        from services.isolation.answer import IsolationAnswer
        from services.isolation.decision import notify_isolation, record_choice

        ans, rid = self.answer, self.isolation_repair
        if ans is None or rid is None:
            return False
        option = next((o for o in ans.options if o["rank"] == rank), None)
        chosen = ans
        if option is not None and option["rank"] != 0:
            r = option["result"]
            chosen = IsolationAnswer(result=r, order=self.network().order(r, ans.rules.order), options=ans.options,
                                     rules=ans.rules)
            streets = self.feed.streets(wait=True) if self.feed is not None else None
            if streets is not None:
                from services.isolation.answer import route_along_streets

                route_along_streets(chosen, self.network(), streets)
        user = self.desk.user

        def do(s: Session) -> int:
            repair = s.get(Repair, rid)
            if repair is None:
                raise KeyError("the repair no longer exists")
            record_choice(s, repair, ans, option, reason, user)
            notes = notify_isolation(s, repair, chosen)
            s.commit()
            return len(notes)

        ok, out = self.run(do)
        if ok:
            self.chosen_option = rank
            if option is not None:
                self.leave_open = list(option["leave_open"])
                self.allow_control_valves = self.allow_control_valves or bool(option["control_valves"])
            self.isolation, self.answer = chosen.result, chosen
            self.isolation_changed.emit(chosen.result)
            self.answer_changed.emit(chosen)
            self.option_chosen.emit(rank, int(out))
            self.changed()
        return ok

    def run_pressure(self) -> bool:
        """Start the pressure step for the current isolation off the GUI thread; :attr:`pressure_done` brings it."""
        from services.isolation.answer import pressure_step

        ans, net = self.answer, self._network
        if ans is None or net is None or (self._pressure_thread is not None and self._pressure_thread.is_alive()):
            return False
        store = self.store

        def work() -> None:
            try:
                with store.engine.connect() as conn:
                    out = pressure_step(conn, net, ans.result, ans.rules)
            except Exception as exc:  # noqa: BLE001 - reported in the dock, never a dead thread
                out = {"available": False, "reason": "failed", "detail": str(exc),
                       "min_pressure_m": ans.rules.min_pressure_m}
            ans.pressure = out
            self._pressure_ready.emit(out)

        self._pressure_thread = threading.Thread(target=work, name="pressure-step", daemon=True)
        self._pressure_thread.start()
        return True

    def write_order(self, path: str) -> str | None:
        """Write the isolation order PDF of the current answer; returns the path or None (told through failed)."""
        from services.isolation.decision import contacts_to_notify
        from services.printing.isolation_order import write_isolation_order

        if self.answer is None:
            return None
        code = None
        if self.isolation_repair is not None:
            r = self.repair(self.isolation_repair)
            code = r.code if r is not None else None
        with self.store.session() as s:
            contacts = contacts_to_notify(s)
        try:
            return str(write_isolation_order(self.answer, self._network, path, lang=self.lang, repair_code=code,
                                             contacts=contacts))
        except OSError as exc:
            self.failed.emit(self.tr("Cannot write {0}: {1}").format(path, exc.strerror or exc))
            return None

    def mark_valve(self, valve_id: int, status: str) -> None:
        """A valve found broken or inaccessible: store it (when the role may) and isolate again."""
        from services.repairs.records import set_valve_status

        self.unavailable_valves.add(int(valve_id))
        if not self.read_only:
            def do(s: Session) -> None:
                set_valve_status(s, [int(valve_id)], status, self.desk.user)
                s.commit()
            try:
                with self.store.session() as s:
                    do(s)
            except (ValueError, StoreError) as exc:  # a dispatcher may not change valves: keep it for this desk
                log.info("valve status not stored: %s", exc)
        self.forget_network()
        if self.isolation is not None:
            self.isolate(self.isolation_repair, self.isolation.pipe_id)

    def clear_isolation(self) -> None:
        """Remove the isolation from the map."""
        self.isolation = self.isolation_repair = self.answer = None
        self.leave_open = []
        self.isolation_changed.emit(None)
        self.answer_changed.emit(None)

    # -- alarms and outbox ------------------------------------------------------------------------
    def check_alarms(self, now: dt.datetime | None = None) -> list[tuple[str, str]]:
        """Queue one overrun message per newly overrun limit; returns the new ``(code, limit)`` alarms.

        Reads and writes on this thread (tests, a menu action); the desk's timer runs the same pass
        on the worker (:meth:`check_alarms_later`).
        """
        return self._alarms_found(self._alarm_pass(now or self.now()))

    def check_alarms_later(self) -> None:
        """The alarm timer: the same pass as :meth:`check_alarms` on the worker thread, the alarm shown on the
        GUI thread when it arrives; a tick while a pass is still running is skipped (the next tick checks)."""
        if self._checking or self._closed:
            return
        self._checking = True
        now = self.now()

        def job() -> None:
            try:
                result = self._alarm_pass(now)
            except Exception as exc:  # noqa: BLE001 — a busy store: the next tick tries again
                log.warning("repair alarm check failed: %s", exc)
                result = ([], None)
            try:
                self._alarms_checked.emit(result)
            except RuntimeError:  # closed meanwhile
                pass

        self.worker.submit(job)

    def _on_alarms_checked(self, result) -> None:
        self._checking = False
        if not self._closed:
            self._alarms_found(result)

    def _alarm_pass(self, now: dt.datetime) -> tuple[list[tuple[str, str]], str | None]:
        """Find the newly overrun limits and queue their messages (any thread; no widgets, no dialogs).

        Returns the new ``(code, limit)`` alarms and the refusal's message, if the store refused.
        """
        from gis.notify import render
        from services.repairs.records import enqueue_notifications

        rules = self.rules()
        fresh: list[tuple[int, str, str, dt.datetime | None]] = []
        clocks = self.drill_clocks()
        with self._alarm_lock:  # the timer's pass on the worker and a direct call never tell twice
            for r in self.open_repairs():
                if r.id in clocks.repairs:  # a drill's repair: no messages to real people, no alarm on the wall clock
                    continue
                for name in alarms(r, rules, now, self.tz):
                    if (r.id, name) not in self._alarmed:
                        state = next(x for x in limit_states(r, rules, now, self.tz) if x.name == name)
                        fresh.append((r.id, r.code, name, state.deadline))
            if not fresh or self.read_only:
                return [], None
            tz = self.tz
            new: list[tuple[str, str]] = []

            def do(s: Session) -> None:
                new.clear()
                for rid, code, name, deadline in fresh:
                    if overrun_told(s, rid, name):  # another desk (or an earlier run) already told them
                        continue
                    repair = s.get(Repair, rid)
                    enqueue_notifications(s, repair, lambda rr, lang, n=name, d=deadline: render(
                        rr, lang, "overrun", tz=tz, limit=n, deadline=d))
                    s.add(AuditEntry(user=self.desk.user, action="overrun", table_name="repairs", row_id=rid,
                                     detail=name))
                    new.append((code, name))
                s.commit()

            try:
                self.store.run(do)  # new rows only: no versioned row, no conflict to ask about
            except (ValueError, KeyError, StoreError) as exc:
                return [], str(exc.args[0]) if isinstance(exc, KeyError) and exc.args else str(exc)
            self._alarmed.update((rid, name) for rid, _code, name, _d in fresh)
            return new, None

    def _alarms_found(self, result: tuple[list[tuple[str, str]], str | None]) -> list[tuple[str, str]]:
        """Show an alarm pass's result (GUI thread): the loud line, the views, the outbox."""
        new, error = result
        if error:
            self.failed.emit(error)
            return []
        if new:
            from ui.common.vocabulary import limit_title

            self.last_alarms = list(new)  # the dock drops the parts of repairs closed later
            self.alarm_raised.emit(self.tr("ALARM: {0}").format(
                "; ".join(self.tr("{0} {1} limit overrun").format(c, limit_title(n)) for c, n in new)))
            self.repairs_changed.emit()
            self.deliver(background=True)
        return new

    def sender(self):
        """The configured outbox sender (the log when none is set)."""
        from gis.notify import sender_from_config
        from services.repairs.records import get_setting

        with self.store.session() as s:
            return sender_from_config(get_setting(s, SENDER_KEY))

    def deliver(self, background: bool = False) -> tuple[int, int] | None:
        """Send the queued notifications (on a thread when ``background``); returns (sent, failed) when not."""
        if self.read_only:
            return None
        if background:
            if not self._delivering.locked() and not self._closed:
                self.outbox_worker.submit(self._deliver_thread)  # a thread kept alive, not one started each time
            return None
        with self._delivering:
            return self._deliver_once()

    def _deliver_thread(self) -> None:
        if not self._delivering.acquire(blocking=False):
            return
        try:
            sent, failed = self._deliver_once()
            if sent or failed:
                self._delivered.emit()  # queued to the GUI thread
        except Exception:  # the store may be busy; the next tick retries
            log.exception("outbox delivery failed")
        finally:
            self._delivering.release()

    def _deliver_once(self) -> tuple[int, int]:
        from services.repairs.records import deliver_outbox

        sender = self.sender()

        def do(s: Session) -> tuple[int, int]:
            result = deliver_outbox(s, sender)
            s.commit()
            return result

        return self.store.run(do)

    def close(self) -> None:
        """Stop the timers; wait for a delivery in flight."""
        self._closed = True
        self.alarm_timer.stop()
        self.outbox_timer.stop()
        self.worker.stop()
        self.worker.wait(15.0)
        self.outbox_worker.stop()
        self.outbox_worker.wait(15.0)
        self.isolation_worker.stop()
        self.isolation_worker.wait(30.0)


def as_drill_start(repair: Repair) -> dt.datetime:
    """The clock of a drill's repair whose drill has not told its clock yet: when it was reported."""
    t = repair.reported_at
    return t if t.tzinfo else t.replace(tzinfo=dt.timezone.utc)
