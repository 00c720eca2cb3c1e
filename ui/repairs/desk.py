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
from collections.abc import Callable
from typing import Any

import pandas as pd
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from gis.time_limits import SETTING_KEY, alarms, limit_states, merged_rules
from models.vocabulary import OPEN_REPAIR_STATES, SERIOUS_LEVELS
from models.audit import AuditEntry
from models.concurrency import IGNORED, ConflictError, column_values, load_fresh, save_with_version
from models.repair import REPAIR_LEVELS, Repair, Vehicle
from models.store import StoreError
from services.repairs.records import notifications_of, open_repairs, overrun_told
from ui.common.desk import DeskContext

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


class EditCommand(QUndoCommand):
    """A versioned edit on the undo stack: undo runs ``backward`` on the row as this desk left it."""

    def __init__(self, desk: RepairDesk, text: str, cls: type, after: dict, forward, backward) -> None:
        super().__init__(text)
        self.desk, self.cls, self.snapshot = desk, cls, after
        self.forward, self.backward = forward, backward
        self._applied = True  # push() calls redo(); the edit is already stored

    def _apply(self, fn) -> bool:
        ok, snap = self.desk.run(lambda s: versioned_edit(s, self.cls, self.snapshot, fn))
        if ok:
            self.snapshot = snap
            self.desk.changed()
        return ok

    def redo(self) -> None:  # noqa: D102 (Qt override)
        if not self._applied:
            self._applied = self._apply(self.forward)

    def undo(self) -> None:  # noqa: D102 (Qt override)
        if self._applied and self._apply(self.backward):
            self._applied = False


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
    failed(message)
        An action was refused.
    """

    repairs_changed = Signal()
    created = Signal(int, bool)
    alarm_raised = Signal(str)
    isolation_changed = Signal(object)
    failed = Signal(str)
    _delivered = Signal()

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
        self._network = None
        self._alarmed: set[tuple[int, str]] = set()
        self._delivering = threading.Lock()
        self._thread: threading.Thread | None = None
        self._closed = False
        self._delivered.connect(self.repairs_changed)
        self.alarm_timer = QTimer(self, interval=alarm_interval_ms)
        self.alarm_timer.timeout.connect(self.check_alarms)
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
        ok, after = self.run(lambda s: versioned_edit(s, cls, snapshot, forward))
        if ok:
            self.desk.undo_stack.push(EditCommand(self, text, cls, after, forward, backward))
            self.changed()
        return ok

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

    def limit_states(self, repair: Repair, now: dt.datetime | None = None, rules: dict | None = None):
        """The five limits of a repair at ``now`` (the desk's clock)."""
        return limit_states(repair, rules or self.rules(), now or self.now(), self.tz)

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
            self.failed.emit(self.tr("No street network to compute travel times."))
            return []
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
        """The isolation network (pipes, valves, users, places), read once."""
        if self._network is None:
            from services.isolation import load_network

            with self.store.engine.connect() as conn:
                self._network = load_network(conn)
        return self._network

    def isolate(self, repair_id: int | None, pipe_id: int | None = None):
        """Compute the valves to close for the repair's pipe, skipping valves marked unusable."""
        r = self.repair(repair_id) if repair_id is not None else None
        pipe = pipe_id if pipe_id is not None else (r.pipe_id if r is not None else None)
        if pipe is None:
            self.failed.emit(self.tr("This repair has no pipe to isolate."))
            return None
        if repair_id != self.isolation_repair:
            self.unavailable_valves = set()
        net = self.network()
        broken = set(net.valves.loc[~net.valves["status"].isin(("open", "closed")), "id"].astype(int))
        try:
            result = net.isolate(int(pipe), unavailable=sorted(self.unavailable_valves - broken))
        except KeyError as exc:
            self.failed.emit(str(exc.args[0]))
            return None
        self.isolation, self.isolation_repair = result, repair_id
        self.isolation_changed.emit(result)
        return result

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
        self._network = None
        if self.isolation is not None:
            self.isolate(self.isolation_repair, self.isolation.pipe_id)

    def clear_isolation(self) -> None:
        """Remove the isolation from the map."""
        self.isolation = self.isolation_repair = None
        self.isolation_changed.emit(None)

    # -- alarms and outbox ------------------------------------------------------------------------
    def check_alarms(self, now: dt.datetime | None = None) -> list[tuple[str, str]]:
        """Queue one overrun message per newly overrun limit; returns the new ``(code, limit)`` alarms."""
        from gis.notify import render
        from services.repairs.records import enqueue_notifications

        now = now or self.now()
        rules = self.rules()
        fresh: list[tuple[int, str, str, dt.datetime | None]] = []
        for r in self.open_repairs():
            for name in alarms(r, rules, now, self.tz):
                if (r.id, name) not in self._alarmed:
                    state = next(x for x in limit_states(r, rules, now, self.tz) if x.name == name)
                    fresh.append((r.id, r.code, name, state.deadline))
        if not fresh or self.read_only:
            return []
        tz = self.tz
        new: list[tuple[str, str]] = []

        def do(s: Session) -> None:
            for rid, code, name, deadline in fresh:
                self._alarmed.add((rid, name))
                if overrun_told(s, rid, name):  # another desk (or an earlier run) already told them
                    continue
                repair = s.get(Repair, rid)
                enqueue_notifications(s, repair, lambda rr, lang, n=name, d=deadline: render(
                    rr, lang, "overrun", tz=tz, limit=n, deadline=d))
                s.add(AuditEntry(user=self.desk.user, action="overrun", table_name="repairs", row_id=rid,
                                 detail=name))
                new.append((code, name))
            s.commit()

        ok, _ = self.run(do)
        if ok and new:
            from ui.common.vocabulary import limit_title

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
                self._thread = threading.Thread(target=self._deliver_thread, name="outbox", daemon=True)
                self._thread.start()
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
        if self._thread is not None:
            self._thread.join(15.0)
