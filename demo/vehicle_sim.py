"""A vehicle simulator: the demo fleet driving the streets and answering dispatches.

Each vehicle follows shortest paths on the :class:`~gis.streets.StreetGraph`
at its edges' speeds (times a per-vehicle factor, 0.8–1.0). An available
vehicle roams between random street nodes near its depot; a dispatched one
drives to the site (``en_route``), waits there (``on_site``), drives back to its
depot (``returning``) and is ``available`` again. Everything is driven by
:meth:`Simulator.step` with explicit times, so a seed gives the same run.
"""

from __future__ import annotations

import math
import random
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

from gis.feeds import Report
from gis.streets import NoPath, StreetGraph

#: Roaming targets are drawn within this distance of the depot (metres).
ROAM_RADIUS_M = 3000.0


@dataclass
class SimVehicle:
    """A simulated vehicle: device id, depot, and where it is on its current path."""

    device: str
    depot_node: int
    status: str = "available"
    node: int = 0
    speed_factor: float = 1.0
    path_xy: np.ndarray = field(default_factory=lambda: np.empty((0, 2)))
    path_cum: np.ndarray = field(default_factory=lambda: np.zeros(1))
    path_speed: np.ndarray = field(default_factory=lambda: np.empty(0))
    path_nodes: list = field(default_factory=list)
    along_m: float = 0.0
    target_node: int | None = None
    wait_until: float | None = None
    #: Dispatched but not yet driving (the crew turning out) until this time.
    depart_at: float | None = None
    on_site_s: float = 600.0
    repair: object = None
    x: float = 0.0
    y: float = 0.0
    speed_mps: float = 0.0
    heading: float = 0.0


StatusCallback = Callable[[str, str, float, object], None]


class Simulator:
    """Drive vehicles along a street graph and produce their position reports.

    Parameters
    ----------
    streets
        The street graph.
    devices
        ``(device, depot_lon, depot_lat)`` per vehicle.
    seed
        Random seed (roaming targets, speed factors).
    roam
        Whether available vehicles drive around (otherwise they wait at the depot).
    on_status
        Called as ``on_status(device, status, t, repair)`` on every status change.
    """

    def __init__(
        self,
        streets: StreetGraph,
        devices: Iterable[tuple[str, float, float]],
        *,
        seed: int = 0,
        roam: bool = True,
        on_status: StatusCallback | None = None,
    ) -> None:
        self.streets = streets
        self.rng = random.Random(seed)
        self.roam = roam
        self.on_status = on_status
        self._lock = threading.Lock()
        self._n_nodes = streets.n_nodes  # roaming targets are node indices 0 … n_nodes-1 (no list of a city's nodes)
        devices = list(devices)
        nodes, _ = streets.nearest_nodes([d[1] for d in devices], [d[2] for d in devices]) if devices else ([], [])
        self.vehicles: dict[str, SimVehicle] = {}
        for (device, _, _), node in zip(devices, list(nodes)):
            v = SimVehicle(device, int(node), node=int(node), speed_factor=self.rng.uniform(0.8, 1.0))
            v.x, v.y = streets.node_xy(v.node)
            self.vehicles[device] = v

    # -- commands ---------------------------------------------------------------------------
    def dispatch(self, device: str, lon: float, lat: float, t: float, *, on_site_s: float = 600.0,
                 repair: object = None, turnout_s: float = 0.0) -> float:
        """Send a vehicle to a site; returns the expected driving time in seconds.

        With ``turnout_s`` the vehicle stops where it is and drives off that many
        seconds after ``t`` (the crew turning out); the time returned does not include it.

        Raises
        ------
        KeyError
            For a device the simulator does not drive.
        ValueError
            When the site cannot be reached on the street graph.
        """
        with self._lock:
            v = self.vehicles[device]
            node, _ = self.streets.nearest_nodes(lon, lat)
            eta = self._route(v, int(node[0]))
            v.depart_at = t + turnout_s if turnout_s > 0 else None
            v.on_site_s = on_site_s
            v.repair = repair
            self._set_status(v, "en_route", t)
            return eta

    def set_off_duty(self, device: str, off: bool, t: float) -> None:
        """Take a vehicle off duty (it stops where it is) or put it back."""
        with self._lock:
            v = self.vehicles[device]
            if off:
                self._clear_path(v)
                self._set_status(v, "off_duty", t)
            elif v.status == "off_duty":
                self._set_status(v, "available", t)

    def status(self, device: str) -> str:
        """The vehicle's current status."""
        return self.vehicles[device].status

    # -- motion -----------------------------------------------------------------------------
    def step(self, dt_s: float, t: float) -> list[Report]:
        """Advance every vehicle by ``dt_s`` seconds; one report per vehicle, at time ``t``."""
        with self._lock:
            fleet = list(self.vehicles.values())
            for v in fleet:
                self._advance(v, dt_s, t)
            if not fleet:
                return []
            # One projection call for the whole fleet (one per vehicle cost more than its move).
            lon, lat = self.streets.to_wgs84(np.fromiter((v.x for v in fleet), float, len(fleet)),
                                             np.fromiter((v.y for v in fleet), float, len(fleet)))
            return [Report(v.device, t, a, b, v.speed_mps, v.heading, protocol="sim")
                    for v, a, b in zip(fleet, lon.tolist(), lat.tolist())]

    def _advance(self, v: SimVehicle, dt_s: float, t: float) -> None:
        if v.status == "off_duty":
            v.speed_mps = 0.0
            return
        if v.status == "on_site":
            v.speed_mps = 0.0
            if v.wait_until is not None and t >= v.wait_until:
                self._route(v, v.depot_node)
                self._set_status(v, "returning", t)
            return
        if v.depart_at is not None:
            if t < v.depart_at:  # the crew turns out: the truck waits where it stopped
                v.speed_mps = 0.0
                return
            dt_s, v.depart_at = min(dt_s, t - v.depart_at), None
            if dt_s <= 0:
                v.speed_mps = 0.0
                return
        if v.target_node is None:
            if v.status == "available" and self.roam:
                try:
                    self._route(v, self._roam_target(v))
                except ValueError:  # a target on another street island: wait and draw again next step
                    pass
            if v.target_node is None:
                v.speed_mps = 0.0
                return
        remaining = dt_s
        total = float(v.path_cum[-1])
        while remaining > 0 and v.along_m < total:
            i = min(int(np.searchsorted(v.path_cum, v.along_m, side="right")) - 1, len(v.path_speed) - 1)
            speed = float(v.path_speed[i]) * v.speed_factor
            to_end = float(v.path_cum[i + 1]) - v.along_m
            if to_end <= speed * remaining:
                v.along_m = float(v.path_cum[i + 1])
                remaining -= to_end / speed
            else:
                v.along_m += speed * remaining
                remaining = 0.0
            v.speed_mps = speed
        self._place(v)
        if v.along_m >= total - 1e-6:
            self._arrive(v, t)

    def _place(self, v: SimVehicle) -> None:
        cum, xy = v.path_cum, v.path_xy
        if len(xy) == 1:
            v.x, v.y = float(xy[0, 0]), float(xy[0, 1])
            return
        i = min(int(np.searchsorted(cum, v.along_m, side="right")) - 1, len(xy) - 2)
        seg = float(cum[i + 1] - cum[i]) or 1.0
        f = (v.along_m - float(cum[i])) / seg
        (x0, y0), (x1, y1) = xy[i], xy[i + 1]
        v.x, v.y = float(x0 + f * (x1 - x0)), float(y0 + f * (y1 - y0))
        v.heading = (math.degrees(math.atan2(x1 - x0, y1 - y0)) + 360.0) % 360.0

    def _arrive(self, v: SimVehicle, t: float) -> None:
        v.node = v.target_node if v.target_node is not None else v.node
        self._clear_path(v)
        v.speed_mps = 0.0
        if v.status == "en_route":
            v.wait_until = t + v.on_site_s
            self._set_status(v, "on_site", t)
        elif v.status == "returning":
            v.repair = None
            self._set_status(v, "available", t)

    # -- helpers ----------------------------------------------------------------------------
    def _route(self, v: SimVehicle, target: int) -> float:
        start = v.node
        if v.target_node is not None and len(v.path_xy) > 1:
            # Mid-edge: continue from the next node on the current path.
            i = min(int(np.searchsorted(v.path_cum, v.along_m, side="right")), len(v.path_nodes) - 1)
            start = v.path_nodes[i]
        try:
            nodes, edges = self.streets.shortest_path(start, target, "time")
        except NoPath:
            raise ValueError(f"{v.device}: no street path to the site") from None
        xy = np.vstack([[v.x, v.y], self.streets.xy[nodes]])
        seg = np.hypot(*np.diff(xy, axis=0).T)
        speeds = self.streets.speed_mps[edges]
        first_speed = speeds[0] if len(speeds) else 8.0
        v.path_xy = xy
        v.path_cum = np.concatenate([[0.0], np.cumsum(seg)])
        v.path_speed = np.concatenate([[first_speed], speeds]) if len(seg) else np.array([first_speed])
        v.path_nodes = [start, *nodes]
        v.along_m = 0.0
        v.target_node = target
        return float(np.sum(seg / (v.path_speed[: len(seg)] * v.speed_factor))) if len(seg) else 0.0

    def _clear_path(self, v: SimVehicle) -> None:
        v.target_node = None
        v.path_xy = np.array([[v.x, v.y]])
        v.path_cum = np.zeros(1)
        v.path_speed = np.empty(0)
        v.along_m = 0.0

    def _roam_target(self, v: SimVehicle) -> int:
        dx, dy = self.streets.node_xy(v.depot_node)
        for _ in range(20):
            n = self.rng.randrange(self._n_nodes)
            x, y = self.streets.node_xy(n)
            if math.hypot(x - dx, y - dy) <= ROAM_RADIUS_M and n != v.node:
                return n
        return v.depot_node if v.depot_node != v.node else self.rng.randrange(self._n_nodes)

    def _set_status(self, v: SimVehicle, status: str, t: float) -> None:
        if v.status != status:
            v.status = status
            if self.on_status is not None:
                self.on_status(v.device, status, t, v.repair)
