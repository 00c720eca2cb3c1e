"""The sink every feed of the desk and of a drill hands its reports to.

One :class:`RoutingSink` (a :class:`~gis.feeds.sink.PositionSink`) takes every
report from every listener thread: vehicles' reports are stored as positions
(history for replay), patrol devices' as patrol track points (with the team
they belong to) and handed to ``on_patrol`` (the desk's patrol day). The desk
(:mod:`ui.feed_control`) and the drill (:mod:`services.drill`) use the same
class, so a drill's positions take the path a real device's do.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Mapping

import pandas as pd
from sqlalchemy import Engine

from gis.feeds import Report
from gis.feeds.sink import PositionSink

log = logging.getLogger(__name__)


class RoutingSink(PositionSink):
    """A position sink that sends patrol teams' devices to the patrol day instead of the vehicles.

    Parameters
    ----------
    engine
        The store's engine (the writer thread has its own connections).
    patrol_devices
        Device ids of the patrol teams; a mapping gives each device's team id
        (stored with its track points, so coverage knows the team's kind).
    on_patrol
        Called on the writer thread with each stored batch of patrol fixes
        (``device, t, lon, lat, accuracy_m``), e.g. ``PatrolLive.submit``.
    """

    def __init__(self, engine: Engine, patrol_devices: Iterable[str] | Mapping[str, int | None] | None = None,
                 on_patrol: Callable[[pd.DataFrame], None] | None = None, **kwargs) -> None:
        self.patrol_teams: dict[str, int | None] = (
            dict(patrol_devices) if isinstance(patrol_devices, Mapping)
            else dict.fromkeys(patrol_devices or ()))
        self.patrol_devices = set(self.patrol_teams)
        self.on_patrol = on_patrol
        self._patrol_lock = threading.Lock()
        self._patrol_rows: list[tuple] = []
        self._patrol_last: dict[str, float] = {}
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
            from models.bulk import write_track_points

            frame = pd.DataFrame.from_records(rows, columns=["device", "t", "lon", "lat", "accuracy_m"])
            stored = frame.assign(source="feed")
            if any(v is not None for v in self.patrol_teams.values()):
                stored["team_id"] = pd.Series([self.patrol_teams.get(d) for d in frame["device"]], dtype=object)
            try:
                with self.engine.begin() as conn:
                    write_track_points(conn, stored)
            except Exception:  # e.g. a dispatcher's desk may not write track points; the map still shows them
                log.exception("storing patrol fixes failed")
            else:
                with self._lock:
                    self._counters["stored_patrol"] += len(rows)
            if self.on_patrol is not None:
                self.on_patrol(frame)
        return n
