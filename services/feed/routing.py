"""Where a device's reports go: a patrol team's phone to the patrol track, anything else to the vehicles.

One routing for every feed of a store: the desk's feeds
(:class:`ui.feed.control.FeedController`) and the headless ``python app.py feed``
both build their sink with :func:`routing_sink`, so the same walk gives the
same track points, and the same coverage.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import pandas as pd
from sqlalchemy import Engine, select

from gis.feeds import Report
from models.bulk import write_track_points
from models.patrol import Team
from models.store import Store
from services.feed.sink import PositionSink

log = logging.getLogger(__name__)


class RoutingSink(PositionSink):
    """A position sink that sends patrol teams' devices to the patrol day instead of the vehicles.

    Parameters
    ----------
    engine
        The store's engine (the writer thread has its own connections).
    patrol_devices
        Device ids of the patrol teams.
    on_patrol
        Called on the writer thread with each stored batch of patrol fixes
        (``device, t, lon, lat, accuracy_m``), e.g. the desk's ``PatrolLive.submit``.
    """

    def __init__(self, engine: Engine, patrol_devices: set[str] | None = None,
                 on_patrol: Callable[[pd.DataFrame], None] | None = None, **kwargs) -> None:
        self.patrol_devices = set(patrol_devices or ())
        self.on_patrol = on_patrol
        self._patrol_lock = threading.Lock()
        self._patrol_rows: list[tuple] = []
        self._patrol_last: dict[str, float] = {}
        self._patrol_stored = 0
        super().__init__(engine, **kwargs)

    def submit(self, report: Report, received_t: float | None = None) -> str | None:
        """Queue a patrol fix for the patrol day, anything else as a vehicle position."""
        if report.device not in self.patrol_devices:
            return super().submit(report, received_t)
        with self._patrol_lock:
            last = self._patrol_last.get(report.device)
            if last is not None and report.t <= last:
                reason = "duplicate" if report.t == last else "out_of_order"
            else:
                reason = None
                self._patrol_last[report.device] = report.t
                self._patrol_rows.append((report.device, report.t, report.lon, report.lat, report.accuracy_m))
        if reason is not None:
            self.reject(reason, f"{report.device} t={report.t}")
        return reason

    def flush(self) -> int:
        """Store the vehicles' positions, then the patrol fixes (each in one transaction)."""
        n = super().flush()
        with self._patrol_lock:
            rows, self._patrol_rows = self._patrol_rows, []
        if rows:
            frame = pd.DataFrame.from_records(rows, columns=["device", "t", "lon", "lat", "accuracy_m"])
            try:
                with self.engine.begin() as conn:
                    write_track_points(conn, frame.assign(source="feed"))
                with self._patrol_lock:
                    self._patrol_stored += len(frame)
            except Exception:  # e.g. a dispatcher's desk may not write track points; the map still shows them
                log.exception("storing patrol fixes failed")
            if self.on_patrol is not None:
                self.on_patrol(frame)
        return n


    def stats(self) -> dict[str, int]:
        """The sink's counters plus ``track_points``: patrol fixes stored as track points."""
        out = super().stats()
        with self._patrol_lock:
            out["track_points"] = self._patrol_stored
            out["pending"] += len(self._patrol_rows)
        return out


def patrol_devices(store: Store) -> set[str]:
    """Device ids of the patrol teams: their reports are track points, not vehicle positions."""
    with store.session() as s:
        return {d for d in s.scalars(select(Team.device_id).where(Team.device_id.is_not(None)))}


def routing_sink(store: Store, on_patrol: Callable[[pd.DataFrame], None] | None = None, **kwargs) -> RoutingSink:
    """The sink every feed of a store uses (desk and ``python app.py feed``): patrol teams' devices
    go to the patrol track, any other device to the vehicles (``kwargs`` as for
    :class:`~services.feed.sink.PositionSink`, e.g. ``register_unknown``)."""
    return RoutingSink(store.engine, patrol_devices(store), on_patrol, **kwargs)


def vehicle_rows(store: Store) -> list[tuple]:
    """The vehicles as the feeds and the Vehicles dock need them, by code: ``id, code, name, name_zh,
    device_id, status, crew, last_t, last_lon, last_lat, last_speed_mps, last_heading, depot_lon, depot_lat``."""
    from models.repair import Vehicle

    with store.session() as s:
        return [tuple(r) for r in s.execute(
            select(Vehicle.id, Vehicle.code, Vehicle.name, Vehicle.name_zh, Vehicle.device_id, Vehicle.status,
                   Vehicle.crew, Vehicle.last_t, Vehicle.last_lon, Vehicle.last_lat, Vehicle.last_speed_mps,
                   Vehicle.last_heading, Vehicle.depot_lon, Vehicle.depot_lat).order_by(Vehicle.code)).all()]
