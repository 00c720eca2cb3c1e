"""The batching position writer every listener hands its reports to.

Listeners call :meth:`PositionSink.submit` from their own threads; it checks the
report against the device registry and the device's last fix (unknown device,
duplicate, out of order, too old, in the future) under one short lock and
queues it. A writer thread wakes as soon as anything is queued and stores
*everything* queued with one ``executemany`` through
:func:`models.bulk.write_positions`, plus the vehicles' ``last_*`` columns, in
ONE transaction (group commit): while one commit runs the next reports pile
up and go together in the next, so 500 devices cost a few hundred small
transactions a second at most, and a flood costs fewer, larger ones.

Nothing acknowledged is lost: a listener passes ``on_stored`` to
:meth:`PositionSink.submit` and answers the device only when it is called,
which is after the transaction holding the report has committed. A kill -9
between accepting and committing loses only reports nobody was told about;
their devices send them again.

Time rules (per device, against this machine's receive time): a fix more than
``max_age_s`` old or more than ``future_tolerance_s`` ahead is refused with the
reason and does not touch the device's last time, so one report from a wrong
clock never locks the device out. A device whose previous fix was ahead of our
clock (within the tolerance) may go back to a time at or before the receive
time: its clock was corrected, and the earlier fix is the odd one.

The map never reads the store for live positions: a GUI timer calls
:meth:`PositionSink.drain_latest`, which hands over the newest report per device
since the last call (a dict swap under the lock, so the GUI thread never waits
for the database).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, bindparam, select, update

from gis.feeds import LOG_EVERY_S, MAX_DEVICE_ID, Report, device_id_problem  # noqa: F401  (re-exported)
from models.bulk import write_positions
from models.repair import Vehicle

log = logging.getLogger(__name__)

#: Rejection reasons the sink itself decides (listeners add their own parse reasons).
SINK_REASONS = ("unknown_device", "bad_id", "duplicate", "out_of_order", "too_old", "future")
#: A device whose last fix was more than this ahead of its receive time may step back (its clock was fixed).
CLOCK_SLACK_S = 30.0

_COLUMNS = (
    "device", "t", "lon", "lat", "speed_mps", "heading", "altitude_m",
    "accuracy_m", "battery", "received_t", "protocol",
)


@dataclass(slots=True)
class _Device:
    vehicle_id: int | None
    last_t: float | None
    last_received: float | None
    #: The device's clock against ours at its last stored fix (fix time − receive time, s).
    offset: float | None = None


def _iso(t: float) -> str:
    try:
        return dt.datetime.fromtimestamp(t, dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%SZ")
    except (OverflowError, OSError, ValueError):
        return f"t={t!r}"


def _span(seconds: float) -> str:
    seconds = abs(seconds)
    if seconds >= 2 * 86400:
        return f"{seconds / 86400:.0f} days"
    if seconds >= 2 * 3600:
        return f"{seconds / 3600:.0f} hours"
    if seconds >= 120:
        return f"{seconds / 60:.0f} minutes"
    return f"{seconds:.0f} s"


class _ThrottledLog:
    """Log each kind of trouble at most once per :data:`LOG_EVERY_S`, with the count of the ones left out."""

    def __init__(self, every_s: float = LOG_EVERY_S) -> None:
        self.every_s = every_s
        self._last: dict[str, float] = {}
        self._suppressed: Counter[str] = Counter()

    def __call__(self, reason: str, detail: str, now: float) -> None:
        if now - self._last.get(reason, -1e18) < self.every_s:
            self._suppressed[reason] += 1
            return
        extra = self._suppressed.pop(reason, 0)
        self._last[reason] = now
        log.warning("position rejected (%s): %s%s", reason, detail,
                    f" (+{extra} more since the last line)" if extra else "")


class PositionSink:
    """Validate, batch and store position reports; keep the latest per device.

    Parameters
    ----------
    engine
        The store's engine; the writer thread opens its own connections.
    register_unknown
        Add a device the store does not know as a new vehicle (Traccar's
        device registration option) instead of refusing its reports.
    flush_interval
        Longest the writer sleeps when nothing is queued (it wakes at once for new reports).
    future_tolerance_s
        A fix time more than this ahead of the receive time is refused.
    max_age_s
        A fix time more than this before the receive time is refused (a
        ``timestamp=1`` or a GPS week rollover lands in 1970–2000); None
        for no limit (replaying an old log on purpose).
    lost_after_s
        A device silent this long shows as lost.
    clock
        Wall clock (unix seconds); tests may pass their own.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        register_unknown: bool = False,
        flush_interval: float = 0.2,
        future_tolerance_s: float = 300.0,
        max_age_s: float | None = 86400.0,
        lost_after_s: float = 120.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.engine = engine
        self.register_unknown = register_unknown
        self.flush_interval = flush_interval
        self.future_tolerance_s = future_tolerance_s
        self.max_age_s = max_age_s
        self.lost_after_s = lost_after_s
        self.clock = clock
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._queue: list[tuple] = []
        self._latest: dict[str, Report] = {}
        self._to_register: list[str] = []
        #: Called after the commit holding the reports queued before them (taken with the queue).
        self._callbacks: list[Callable[[], None]] = []
        #: Callbacks whose commit is done, for the writer thread to call.
        self._fired: list[Callable[[], None]] = []
        self._wake = threading.Event()
        self._counters: Counter[str] = Counter()
        self._log = _ThrottledLog()
        self._details: dict[str, str] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._devices: dict[str, _Device] = {}
        self.reload_devices()

    # -- registry ---------------------------------------------------------------------------
    def reload_devices(self) -> None:
        """(Re)load the device registry from the store's vehicles."""
        v = Vehicle.__table__
        with self.engine.connect() as conn:
            rows = conn.execute(select(v.c.device_id, v.c.id, v.c.last_t)).all()
        with self._lock:
            for device, vid, last_t in rows:
                known = self._devices.get(device)
                if known is None:
                    self._devices[device] = _Device(vid, last_t, None)
                else:
                    known.vehicle_id = vid

    def known_devices(self) -> list[str]:
        """The device ids the sink accepts."""
        with self._lock:
            return list(self._devices)

    # -- intake (listener threads) ----------------------------------------------------------
    def submit(self, report: Report, received_t: float | None = None,
               on_stored: Callable[[], None] | None = None) -> str | None:
        """Validate one report and queue it for storage.

        Parameters
        ----------
        report
            The report.
        received_t
            When it arrived (default: now).
        on_stored
            Called (on the writer thread) once the transaction holding the
            report has committed; only when the report is accepted.

        Returns
        -------
        str or None
            None when the report was accepted, else the rejection reason
            (``unknown_device``, ``bad_id``, ``duplicate``, ``out_of_order``,
            ``too_old``, ``future``); :meth:`explain` tells why in words.
        """
        now = self.clock() if received_t is None else received_t
        ahead = report.t - now
        with self._lock:
            dev = self._devices.get(report.device)
            if dev is None:
                problem = device_id_problem(report.device)
                if problem is not None:
                    return self._reject_locked("bad_id", f"{problem}: {report.device[:20]!r}", now)
                if not self.register_unknown:
                    return self._reject_locked("unknown_device", report.device, now)
            if ahead > self.future_tolerance_s:
                return self._reject_locked(
                    "future", f"{report.device}: fix time {_iso(report.t)} is {_span(ahead)} ahead of the receive "
                    f"time {_iso(now)} (limit {_span(self.future_tolerance_s)})", now)
            if self.max_age_s is not None and -ahead > self.max_age_s:
                return self._reject_locked(
                    "too_old", f"{report.device}: fix time {_iso(report.t)} is {_span(ahead)} before the receive "
                    f"time {_iso(now)} (limit {_span(self.max_age_s)})", now)
            if dev is not None and dev.last_t is not None and report.t <= dev.last_t:
                clock_fixed = (dev.offset is not None and dev.offset > CLOCK_SLACK_S
                               and ahead <= CLOCK_SLACK_S and report.t != dev.last_t)
                if not clock_fixed:
                    if report.t == dev.last_t:
                        return self._reject_locked("duplicate", f"{report.device} t={report.t}", now)
                    return self._reject_locked(
                        "out_of_order", f"{report.device}: fix time {_iso(report.t)} is before the last "
                        f"stored {_iso(dev.last_t)}", now)
                self._counters["clock_corrected"] += 1
            if dev is None:  # registered only now that a report of it is going to be stored
                dev = self._devices[report.device] = _Device(None, None, None)
                self._to_register.append(report.device)
                self._counters["registered"] += 1
            dev.last_t = report.t
            dev.last_received = now
            dev.offset = ahead
            self._queue.append((
                report.device, report.t, report.lon, report.lat, report.speed_mps, report.heading,
                report.altitude_m, report.accuracy_m, report.battery, now, report.protocol,
            ))
            if on_stored is not None:
                self._callbacks.append(on_stored)
            self._latest[report.device] = report
            self._counters["accepted"] += 1
        self._wake.set()
        return None

    def when_stored(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` after everything accepted so far has committed (e.g. to answer a re-send)."""
        with self._lock:
            self._callbacks.append(callback)
        self._wake.set()

    def explain(self, reason: str) -> str:
        """The last logged detail of a rejection ``reason`` (for an HTTP answer's body)."""
        with self._lock:
            return self._details.get(reason, reason)

    def reject(self, reason: str, detail: str = "") -> None:
        """Count (and log, throttled) input a listener could not parse."""
        with self._lock:
            self._reject_locked(reason, detail, self.clock())

    def _reject_locked(self, reason: str, detail: str, now: float) -> str:
        self._details[reason] = detail
        self._counters["rejected"] += 1
        self._counters[f"rejected.{reason}"] += 1
        self._log(reason, detail, now)
        return reason

    # -- GUI side ---------------------------------------------------------------------------
    def drain_latest(self) -> list[Report]:
        """The newest accepted report per device since the last call (for a GUI timer)."""
        with self._lock:
            latest, self._latest = self._latest, {}
        return list(latest.values())

    def device_status(self, now: float | None = None) -> dict[str, dict]:
        """Per known device: last fix time, last receive time and whether it is lost."""
        now = self.clock() if now is None else now
        with self._lock:
            items = [(d, s.last_t, s.last_received) for d, s in self._devices.items()]
        return {
            d: {"last_t": t, "last_received": r, "lost": r is None or now - r > self.lost_after_s}
            for d, t, r in items
        }

    def lost_devices(self, now: float | None = None) -> list[str]:
        """Devices that reported during this run and then fell silent for ``lost_after_s``."""
        now = self.clock() if now is None else now
        with self._lock:
            return sorted(
                d for d, s in self._devices.items()
                if s.last_received is not None and now - s.last_received > self.lost_after_s
            )

    def stats(self) -> dict[str, int]:
        """Counters: accepted, stored, rejected, ``rejected.<reason>``, registered, pending."""
        with self._lock:
            out = dict(self._counters)
            out["pending"] = len(self._queue)
        out.setdefault("accepted", 0)
        out.setdefault("stored", 0)
        out.setdefault("rejected", 0)
        return out

    # -- writer -----------------------------------------------------------------------------
    def start(self) -> PositionSink:
        """Start the writer thread (idempotent); returns self."""
        if self._thread is None or not self._thread.is_alive():
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="position-sink", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop the writer thread after a last flush: nothing accepted is lost."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        self.flush()
        self._fire()

    def _run(self) -> None:
        failures = 0
        while not self._stop.is_set():
            self._wake.wait(self.flush_interval if failures == 0 else min(5.0, 0.1 * 2**failures))
            self._wake.clear()
            try:
                self.flush()
                failures = 0
            except Exception as exc:  # the database may be busy or gone; keep the rows, retry
                failures = min(failures + 1, 6)
                with self._lock:
                    self._log("store_failed", f"storing positions failed, will retry: {exc!r}", self.clock())
            self._fire()

    def _fire(self) -> None:
        """Call the callbacks whose reports have committed."""
        with self._lock:
            fired, self._fired = self._fired, []
        for callback in fired:
            try:
                callback()
            except Exception:  # noqa: BLE001 — one listener's trouble must not stop the writer
                log.exception("position stored callback failed")

    def flush(self) -> int:
        """Store everything queued in one transaction; returns how many positions were stored.

        The callbacks taken with the queue are handed to the writer thread
        to call once this (and a subclass's own flush work) has returned.
        """
        with self._write_lock:
            with self._lock:
                rows, self._queue = self._queue, []
                new_devices, self._to_register = self._to_register, []
                callbacks, self._callbacks = self._callbacks, []
            if not rows and not new_devices:
                if callbacks:
                    with self._lock:
                        self._fired.extend(callbacks)
                    if threading.current_thread() is not self._thread:
                        self._wake.set()
                return 0
            try:
                with self.engine.begin() as conn:
                    registered = self._register(conn, new_devices)
                    ids = self._vehicle_ids(rows, registered)
                    frame = pd.DataFrame.from_records(rows, columns=_COLUMNS)
                    frame["vehicle_id"] = pd.Series(ids, dtype=object)
                    write_positions(conn, frame)
                    self._update_vehicles(conn, rows, ids)
            except Exception:
                with self._lock:  # put them back in front, in order
                    self._queue[:0] = rows
                    self._to_register[:0] = new_devices
                    self._callbacks[:0] = callbacks
                raise
            with self._lock:
                for device, vid in registered.items():
                    self._devices[device].vehicle_id = vid
                self._counters["stored"] += len(rows)
                self._counters["batches"] += 1
                self._fired.extend(callbacks)
            if callbacks and threading.current_thread() is not self._thread:
                self._wake.set()  # the writer calls them
            return len(rows)

    def _register(self, conn, devices: list[str]) -> dict[str, int]:
        if not devices:
            return {}
        v = Vehicle.__table__
        taken = set(conn.execute(select(v.c.code)).scalars())
        out: dict[str, int] = {}
        for device in devices:
            code, k = device[:32], 1
            while code in taken:
                k += 1
                code = f"{device[:28]}-{k}"
            taken.add(code)
            result = conn.execute(
                v.insert().values(code=code, name=device[:64], device_id=device, kind="repair",
                                  status="available", version=1)
            )
            out[device] = int(result.inserted_primary_key[0])
            log.info("registered unknown device %s as vehicle %s", device, code)
        return out

    def _vehicle_ids(self, rows: list[tuple], registered: dict[str, int]) -> list[int | None]:
        with self._lock:
            lookup = {d: s.vehicle_id for d, s in self._devices.items()}
        lookup.update(registered)
        return [lookup.get(r[0]) for r in rows]

    @staticmethod
    def _update_vehicles(conn, rows: list[tuple], ids: list[int | None]) -> None:
        newest: dict[int, tuple] = {}
        for row, vid in zip(rows, ids):
            if vid is not None and (vid not in newest or row[1] >= newest[vid][1]):
                newest[vid] = row
        if not newest:
            return
        v = Vehicle.__table__
        stmt = (
            update(v)
            .where(v.c.id == bindparam("vid"))
            .values(
                last_t=bindparam("t"), last_lon=bindparam("lon"), last_lat=bindparam("lat"),
                last_speed_mps=bindparam("speed"), last_heading=bindparam("heading"),
            )
        )
        conn.execute(stmt, [
            {"vid": vid, "t": r[1], "lon": r[2], "lat": r[3], "speed": r[4], "heading": r[5]}
            for vid, r in newest.items()
        ])
