"""The drill's people on foot, second by second, without holding a day of fixes in memory.

Each mover gets a walk along its lines once (:func:`demo.patrol_sim.route`,
the same greedy rounds as the demo's patrollers) and is then sampled at any
time: distance walked = speed × time on shift, position = the point that far
along the walk, plus GPS noise that drifts (AR(1), as real receivers err). A
stationed guard walks up and down his post; a scripted departure takes him
``distance_m`` away and back at walking pace. Memory stays flat however long
the day: only the walks (a few thousand vertices each) are kept.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from pyproj import Transformer

from demo.patrol_sim import route, street_graph


@dataclass(frozen=True)
class MoverSpec:
    """One person on foot with a device.

    Attributes
    ----------
    device
        Device id.
    lines
        Indices of the lines to walk (a post: its one or few segments).
    start_s, end_s
        On shift, seconds after the day's anchor (double shifts: the same device
        passes to the next shift, so a device usually runs all day).
    speed_mps
        Walking speed.
    skip_fraction
        Share of the lines (one compact cluster) never visited.
    avoid
        Lines never visited nor walked through (a cluster a whole team skips,
        see :func:`skip_cluster`). A speed of 0 stands at the middle of the
        first line (a stationed guard at his post).
    """

    device: str
    lines: np.ndarray
    start_s: float
    end_s: float
    speed_mps: float = 1.3
    skip_fraction: float = 0.0
    avoid: np.ndarray | None = None


@dataclass(frozen=True)
class Departure:
    """A guard leaving his post: from ``start_s`` for ``duration_s``, up to ``distance_m`` away."""

    device: str
    start_s: float
    duration_s: float
    distance_m: float
    speed_mps: float = 1.3


class Movers:
    """Walks for many devices, sampled at any time in one vectorised call.

    Parameters
    ----------
    lines
        Pipe (or street) LineStrings in the metric CRS ``crs``.
    specs
        The movers.
    anchor
        The day's anchor, unix seconds.
    crs
        The metric CRS of ``lines``.
    seed
        Random seed (walk starts, skipped clusters, noise): same seed, same day.
    noise_m
        GPS error per axis (standard deviation).
    departures
        Scripted departures from posts.
    """

    def __init__(self, lines: np.ndarray, specs: list[MoverSpec], anchor: float, crs: str, *, seed: int = 0,
                 noise_m: float = 4.0, departures: list[Departure] | None = None) -> None:
        self.anchor = anchor
        self.rng = np.random.default_rng(seed)
        self.noise_m = noise_m
        self.graph = street_graph(np.asarray(lines, dtype=object))
        self.to_ll = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
        self.devices: list[str] = []
        self._walks: list[tuple[np.ndarray, np.ndarray]] = []
        starts, ends, speeds = [], [], []
        for spec in specs:
            walk = self._walk(spec)
            if walk is None:
                continue
            self.devices.append(spec.device)
            self._walks.append(walk)
            starts.append(spec.start_s)
            ends.append(spec.end_s)
            speeds.append(spec.speed_mps)
        self.start_s = np.asarray(starts, dtype="float64")
        self.end_s = np.asarray(ends, dtype="float64")
        self.speed = np.asarray(speeds, dtype="float64")
        self._noise = self.rng.normal(0.0, noise_m, size=(len(self.devices), 2))
        self._index = {d: i for i, d in enumerate(self.devices)}
        self.departures = [d for d in (departures or []) if d.device in self._index]
        self._last_t: float | None = None

    def _walk(self, spec: MoverSpec) -> tuple[np.ndarray, np.ndarray] | None:
        g = self.graph
        targets = np.asarray(spec.lines, dtype=np.int64)
        if len(targets) == 0 or spec.end_s <= spec.start_s:
            return None
        if spec.speed_mps <= 0:
            mid = g.midpoints[targets[0]]
            return np.vstack([mid, mid + 1e-3]), np.array([0.0, 1e-3])
        avoid = None
        if spec.avoid is not None and len(spec.avoid):
            avoid = np.zeros(g.n_edges, dtype=bool)
            avoid[np.asarray(spec.avoid, dtype=np.int64)] = True
            targets = targets[~avoid[targets]]
            if len(targets) == 0:
                return None
        if spec.skip_fraction > 0:
            centre = g.midpoints[self.rng.choice(targets)]
            order = np.argsort(np.hypot(*(g.midpoints[targets] - centre).T))
            n_skip = int(round(spec.skip_fraction * len(targets)))
            avoid = np.zeros(g.n_edges, dtype=bool) if avoid is None else avoid
            avoid[targets[order[:n_skip]]] = True
            targets = targets[order[n_skip:]]
            if len(targets) == 0:
                return None
        start_node = int(g.u[self.rng.choice(targets)])
        budget = spec.speed_mps * (spec.end_s - spec.start_s) * 1.05 + 1.0
        walk, _ = route(g, targets, start_node, budget, avoid)
        if len(walk) < 2:
            return None
        seg = np.hypot(*np.diff(walk, axis=0).T)
        keep = np.r_[True, seg > 1e-9]
        walk = walk[keep]
        dist = np.r_[0.0, np.cumsum(seg[seg > 1e-9])]
        if len(walk) < 2:
            return None
        return walk, dist

    def active(self, t: float) -> np.ndarray:
        """Which devices are on shift at unix time ``t``."""
        rel = t - self.anchor
        return (self.start_s <= rel) & (rel < self.end_s)

    def sample(self, t: float) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
        """Devices on shift at ``t`` and their ``lon, lat`` and reported accuracy (m).

        Noise drifts from one call to the next (AR(1) with a correlation that
        falls with the time between calls).
        """
        rel = t - self.anchor
        on = self.active(t)
        idx = np.flatnonzero(on)
        if self._last_t is not None:
            rho = float(np.exp(-max(t - self._last_t, 0.0) / 30.0))
            self._noise = rho * self._noise + np.sqrt(1 - rho * rho) * self.rng.normal(
                0.0, self.noise_m, size=self._noise.shape)
        self._last_t = t
        x = np.empty(len(idx))
        y = np.empty(len(idx))
        for k, i in enumerate(idx):
            walk, dist = self._walks[i]
            travelled = min(self.speed[i] * (rel - self.start_s[i]), dist[-1])
            x[k] = np.interp(travelled, dist, walk[:, 0])
            y[k] = np.interp(travelled, dist, walk[:, 1])
        noise = self._noise[idx].copy()
        for d in self.departures:
            i = self._index[d.device]
            if not on[i]:
                continue
            into = rel - d.start_s
            if 0.0 <= into <= d.duration_s:
                away = min(d.distance_m, d.speed_mps * into, d.speed_mps * (d.duration_s - into))
                k = int(np.searchsorted(idx, i))
                x[k] += away  # straight out to the east and back
                # A clean walk out and back: noise at the edge of the post would count extra departures.
                noise[k] = 0.0
        x = x + noise[:, 0]
        y = y + noise[:, 1]
        lon, lat = self.to_ll.transform(x, y)
        accuracy = np.round(np.abs(self._noise[idx]).max(axis=1) + 3.0, 1)
        return [self.devices[i] for i in idx], np.asarray(lon), np.asarray(lat), accuracy

    @staticmethod
    def skip_cluster(midpoints: np.ndarray, targets: np.ndarray, fraction: float,
                     rng: np.random.Generator) -> np.ndarray:
        """A compact cluster of ``fraction`` of ``targets``: the lines nearest a random one of them."""
        targets = np.asarray(targets, dtype=np.int64)
        if len(targets) == 0 or fraction <= 0:
            return targets[:0]
        centre = midpoints[rng.choice(targets)]
        order = np.argsort(np.hypot(*(midpoints[targets] - centre).T))
        return targets[order[:int(round(fraction * len(targets)))]]

    @staticmethod
    def lines_length(lines: np.ndarray) -> float:
        """Total length of ``lines`` (metres)."""
        return float(shapely.length(np.asarray(lines, dtype=object)).sum())
