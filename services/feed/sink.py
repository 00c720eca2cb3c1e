"""The batching position writer every listener hands its reports to.

Listeners call :meth:`PositionSink.submit` from their own threads; it checks the
report against the device registry and the device's last fix (unknown device,
duplicate, out of order, in the future) under one short lock and queues it. A
writer thread wakes every ``flush_interval`` seconds and stores the queue with
one ``executemany`` through :func:`models.bulk.write_positions`, plus the
vehicles' ``last_*`` columns, in ONE transaction: a 500-device feed costs two
or three small transactions a second instead of 500.

The map never reads the store for live positions: a GUI timer calls
:meth:`PositionSink.drain_latest`, which hands over the newest report per device
since the last call (a dict swap under the lock, so the GUI thread never waits
for the database).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, bindparam, select, update

from gis.feeds import Report
from models.bulk import write_positions
from models.repair import Vehicle

log = logging.getLogger(__name__)

#: Rejection reasons the sink itself decides (listeners add their own parse reasons).
SINK_REASONS = ("unknown_device", "duplicate", "out_of_order", "future")
_COLUMNS = (
    "device", "t", "lon", "lat", "speed_mps", "heading", "altitude_m",
    "accuracy_m", "battery", "received_t", "protocol",
)


@dataclass(slots=True)
class _Device:
    vehicle_id: int | None
    last_t: float | None
    last_received: float | None


class _ThrottledLog:
    """Log each rejection reason at most once a second: a garbage flood must not flood the log."""

    def __init__(self) -> None:
        self._last: dict[str, float] = {}
        self._suppressed: Counter[str] = Counter()

    def __call__(self, reason: str, detail: str, now: float) -> None:
        if now - self._last.get(reason, 0.0) < 1.0:
            self._suppressed[reason] += 1
            return
        extra = self._suppressed.pop(reason, 0)
        self._last[reason] = now
        log.warning("position rejected (%s): %s%s", reason, detail, f" (+{extra} more)" if extra else "")


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
        Seconds between batch writes.
    future_tolerance_s
        A fix time more than this ahead of the receive time is refused.
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
        lost_after_s: float = 120.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.engine = engine
        self.register_unknown = register_unknown
        self.flush_interval = flush_interval
        self.future_tolerance_s = future_tolerance_s
        self.lost_after_s = lost_after_s
        self.clock = clock
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._queue: list[tuple] = []
        self._latest: dict[str, Report] = {}
        self._to_register: list[str] = []
        self._counters: Counter[str] = Counter()
        self._log = _ThrottledLog()
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
    def submit(self, report: Report, received_t: float | None = None) -> str | None:
        """Validate one report and queue it for storage.

        Returns
        -------
        str or None
            None when the report was accepted, else the rejection reason
            (``unknown_device``, ``duplicate``, ``out_of_order``, ``future``).
        """
        now = self.clock() if received_t is None else received_t
        with self._lock:
            dev = self._devices.get(report.device)
            if dev is None:
                if not self.register_unknown:
                    return self._reject_locked("unknown_device", report.device, now)
                dev = self._devices[report.device] = _Device(None, None, None)
                self._to_register.append(report.device)
                self._counters["registered"] += 1
            if report.t > now + self.future_tolerance_s:
                return self._reject_locked("future", f"{report.device} t={report.t:.0f} now={now:.0f}", now)
            if dev.last_t is not None:
                if report.t == dev.last_t:
                    return self._reject_locked("duplicate", f"{report.device} t={report.t}", now)
                if report.t < dev.last_t:
                    return self._reject_locked("out_of_order", f"{report.device} t={report.t} < {dev.last_t}", now)
            dev.last_t = report.t
            dev.last_received = now
            self._queue.append((
                report.device, report.t, report.lon, report.lat, report.speed_mps, report.heading,
                report.altitude_m, report.accuracy_m, report.battery, now, report.protocol,
            ))
            self._latest[report.device] = report
            self._counters["accepted"] += 1
        return None

    def reject(self, reason: str, detail: str = "") -> None:
        """Count (and log, throttled) input a listener could not parse."""
        with self._lock:
            self._reject_locked(reason, detail, self.clock())

    def _reject_locked(self, reason: str, detail: str, now: float) -> str:
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
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        self.flush()

    def _run(self) -> None:
        while not self._stop.wait(self.flush_interval):
            try:
                self.flush()
            except Exception:  # the database may be busy or gone; keep the rows, retry next tick
                log.exception("storing positions failed; will retry")

    def flush(self) -> int:
        """Store everything queued in one transaction; returns how many positions were stored."""
        with self._write_lock:
            with self._lock:
                rows, self._queue = self._queue, []
                new_devices, self._to_register = self._to_register, []
            if not rows and not new_devices:
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
                raise
            with self._lock:
                for device, vid in registered.items():
                    self._devices[device].vehicle_id = vid
                self._counters["stored"] += len(rows)
                self._counters["batches"] += 1
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
