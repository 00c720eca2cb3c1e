"""Simulated patrollers walking and driving their rounds along the streets.

Deterministic by seed. Each simulated team follows the lines it is given (its
patch, or a requirement's segments) round after round during its shift,
moving along the network between them, with realistic fixes: one every 5–10 s,
GPS noise of about 5 m that drifts rather than jumps (an AR(1) process, as real
receivers err), short stops, and — for teams told to — a part of their area
skipped, so the demo shows partial coverage and overdue segments.

A team plays only what it can cover in its shift: all its lines when they fit,
else a compact cluster of them, on the street graph of their neighbourhood
(:mod:`demo.patrol_reach`): a city's patch of thousands of km costs what a
day's ~500 km of driving costs.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

from demo.patrol_reach import (REACH_FACTOR, WHOLE_LINES, WHOLE_SHARE, LinePoints, neighbourhood, reachable_lines,
                               subset_lines)
from gis.segment_lines import SegmentLines
from gis.streets import StreetGraph


@dataclass(frozen=True)
class SimTeam:
    """One simulated patroller (a device).

    Attributes
    ----------
    device
        Device name of its fixes.
    lines
        Indices of the lines it must patrol.
    start_s, end_s
        Shift, in seconds from the day's anchor.
    speed_mps
        Travel speed (1.3 walking, 6–10 driving).
    skip_fraction
        Share of its lines (one compact cluster) it never goes to.
    fix_interval_s
        Range of the time between fixes.
    """

    device: str
    lines: np.ndarray
    start_s: float = 0.0
    end_s: float = 86_400.0
    speed_mps: float = 1.3
    skip_fraction: float = 0.0
    fix_interval_s: tuple[float, float] = (5.0, 10.0)


#: Line ends closer than this are one node of the patrol graph.
SNAP_M = 0.5


def street_graph(lines: np.ndarray, crs: str | None = None) -> StreetGraph:
    """The patrol graph of ``lines``: the one :class:`gis.streets.StreetGraph`, ends snapped to :data:`SNAP_M`."""
    return StreetGraph(lines, crs, snap_m=SNAP_M)


def route(
    graph: StreetGraph, targets: np.ndarray, start_node: int, max_len: float, avoid: np.ndarray | None = None
) -> tuple[np.ndarray, int]:
    """A walk that traverses every target line, round after round, up to ``max_len``.

    Greedy: take an unvisited target line at the current node if there is
    one, else walk the shortest (by hops) way, never along an ``avoid`` line,
    to the nearest node that has one. Returns the walk's coordinates and the
    node it ends at.
    """
    target = np.zeros(graph.n_edges, dtype=bool)
    target[targets] = True
    if not target.any():
        return graph.midpoints[:0], start_node
    pieces: list[np.ndarray] = []
    length = 0.0
    node = start_node
    lens = graph.length_m
    adj = graph.adj
    while length < max_len:
        todo = target.copy()
        remaining = int(todo.sum())
        while remaining and length < max_len:
            step = next(((e, b) for e, b in adj[node] if todo[e]), None)
            if step is None:
                path = _path_to_todo(graph, node, todo, avoid)
                if path is None:  # the rest is unreachable from here: jump (a drive) to the first line to do
                    e = int(np.argmax(todo))
                    node = int(graph.u[e])
                    continue
                for e, b in path:
                    pieces.append(graph.line_coords(e, node))
                    length += lens[e]
                    node = b
                continue
            e, b = step
            pieces.append(graph.line_coords(e, node))
            length += lens[e]
            todo[e] = False
            remaining -= 1
            node = b
    return (np.vstack(pieces) if pieces else graph.midpoints[:0]), node


def _path_to_todo(
    graph: StreetGraph, node: int, todo: np.ndarray, avoid: np.ndarray | None
) -> list[tuple[int, int]] | None:
    """Fewest lines from ``node`` to a node with a line still to do (breadth first, not along ``avoid``)."""
    adj = graph.adj
    parent: dict[int, tuple[int, int]] = {node: (-1, -1)}
    queue = deque([node])
    while queue:
        n = queue.popleft()
        if any(todo[e] for e, _ in adj[n]):
            path = []
            while n != node:
                e, p = parent[n]
                path.append((e, n))
                n = p
            return path[::-1]
        for e, b in adj[n]:
            if b not in parent and (avoid is None or not avoid[e]):
                parent[b] = (e, n)
                queue.append(b)
    return None


def _ar1_noise(rng: np.random.Generator, n: int, sigma: float, rho: float) -> np.ndarray:
    """Correlated noise x_k = rho·x_(k-1) + sqrt(1-rho²)·e_k, stationary sd ``sigma`` per axis."""
    e = rng.normal(0.0, sigma * np.sqrt(1 - rho * rho), size=(n, 2))
    if n == 0:
        return e
    e[0] = rng.normal(0.0, sigma, size=2)  # start in the stationary distribution
    # The recursion y_k = e_k + rho·y_(k-1) in plain floats: the same numbers as
    # scipy.signal.lfilter([1], [1, -rho], e, axis=0), without importing scipy.signal
    # (~500 modules and ~40 MB for the desk, which plays the demo's patrollers).
    for j in range(e.shape[1]):
        col = e[:, j].tolist()
        prev = col[0]
        for i in range(1, n):
            prev = col[i] + rho * prev
            col[i] = prev
        e[:, j] = col
    return e


def simulate_patrols(
    lines: np.ndarray,
    teams: list[SimTeam],
    anchor: float,
    crs: str,
    seed: int = 0,
    noise_m: float = 5.0,
    graph: StreetGraph | None = None,
) -> pd.DataFrame:
    """Generate a day of patrol fixes for ``teams`` along ``lines``.

    Parameters
    ----------
    lines
        Street or pipe LineStrings in the metric CRS ``crs``.
    teams
        The simulated patrollers.
    anchor
        The day's anchor (unix seconds); team shifts are relative to it.
    crs
        Metric CRS of ``lines``; fixes are returned in lon/lat too.
    seed
        Random seed: the same seed gives the same fixes.
    noise_m
        Standard deviation of the GPS error per axis.
    graph
        A prebuilt :func:`street_graph` of ``lines`` every team walks on. Without it each team walks
        on the graph of its own neighbourhood (:mod:`demo.patrol_reach`), or of the whole network when
        that is most of it: the cost follows what the teams can cover, not the network's size.

    Returns
    -------
    pandas.DataFrame
        ``device, t, lon, lat, accuracy_m, x, y`` sorted by device and time; ``attrs["graph_lines"]``:
        per device, the number of lines of the street graph it walked on.
    """
    rng = np.random.default_rng(seed)
    to_ll = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    points = LinePoints(lines)
    whole: list[StreetGraph] = [graph] if graph is not None else []
    frames = []
    graph_lines: dict[str, int] = {}
    for team in teams:
        targets = np.asarray(team.lines, dtype=np.int64)
        if len(targets) == 0 or team.end_s <= team.start_s:
            continue
        duration = team.end_s - team.start_s
        max_len = team.speed_mps * duration * 1.05
        # What the team can cover in its shift (a city's patch is far more), and the streets around it.
        targets = reachable_lines(points, targets, REACH_FACTOR * max_len, team.skip_fraction, rng)
        g, targets = _team_graph(lines, crs, points, targets, whole)
        graph_lines[team.device] = g.n_edges
        avoid = None
        if team.skip_fraction > 0:
            # Skip a compact cluster: the lines nearest a random one of them.
            mid = g.midpoints_of(targets)
            centre = mid[rng.integers(len(targets))]  # what rng.choice(targets) draws
            d = np.hypot(*(mid - centre).T)
            n_skip = int(round(team.skip_fraction * len(targets)))
            order = np.argsort(d)
            avoid = np.zeros(g.n_edges, dtype=bool)
            avoid[targets[order[:n_skip]]] = True  # skipped, and not walked through either
            targets = targets[order[n_skip:]]
            if len(targets) == 0:
                continue
        start_node = int(g.u[rng.choice(targets)])
        walk, _ = route(g, targets, start_node, max_len, avoid)
        if len(walk) < 2:
            continue
        seg = np.hypot(*np.diff(walk, axis=0).T)
        dist = np.r_[0.0, np.cumsum(seg)]
        lo, hi = team.fix_interval_s
        n_fix = int(duration / lo) + 2
        dt = rng.uniform(lo, hi, size=n_fix)
        t_rel = np.cumsum(dt) - dt[0]
        t_rel = t_rel[t_rel < duration]
        # Speed varies ±20 % and the patroller stops now and then (checks a valve).
        v = team.speed_mps * rng.uniform(0.8, 1.2, size=len(t_rel))
        v[rng.random(len(t_rel)) < 0.03] = 0.0
        travelled = np.r_[0.0, np.cumsum(v[:-1] * np.diff(t_rel))]
        travelled = np.minimum(travelled, dist[-1])
        x = np.interp(travelled, dist, walk[:, 0])
        y = np.interp(travelled, dist, walk[:, 1])
        noise = _ar1_noise(rng, len(t_rel), noise_m, 0.9)
        x, y = x + noise[:, 0], y + noise[:, 1]
        lon, lat = to_ll.transform(x, y)
        frames.append(pd.DataFrame({
            "device": team.device, "t": anchor + team.start_s + t_rel, "lon": lon, "lat": lat,
            "accuracy_m": np.round(rng.uniform(3.0, 12.0, size=len(t_rel)), 1), "x": x, "y": y,
        }))
    if not frames:
        out = pd.DataFrame({c: pd.Series(dtype=float) for c in ("device", "t", "lon", "lat", "accuracy_m", "x", "y")})
    else:
        out = pd.concat(frames, ignore_index=True)
    out.attrs["graph_lines"] = graph_lines
    return out


def _team_graph(lines, crs: str, points: LinePoints, targets: np.ndarray,
                whole: list[StreetGraph]) -> tuple[StreetGraph, np.ndarray]:
    """The street graph a team walks on and its targets as that graph's edges.

    The graph of the targets' neighbourhood (:func:`demo.patrol_reach.neighbourhood`); the whole network's
    (built once, kept in ``whole``) when it was given, is small, or the neighbourhood is most of it.
    """
    if whole:
        return whole[0], targets
    rows = None if len(lines) <= WHOLE_LINES else neighbourhood(points, targets)
    if rows is None or len(rows) > WHOLE_SHARE * len(lines):
        whole.append(street_graph(lines, crs))
        return whole[0], targets
    sub = subset_lines(lines, rows) if isinstance(lines, SegmentLines) else np.asarray(lines, dtype=object)[rows]
    return street_graph(sub, crs), np.searchsorted(rows, targets)


def grid_streets(nx: int, ny: int, spacing_m: float, origin: tuple[float, float]) -> np.ndarray:
    """A synthetic grid city: one LineString per block side (for tests and benchmarks).

    Returns ``nx·(ny-1) + ny·(nx-1)`` lines, horizontal ones first, in the CRS of ``origin``.
    """
    ox, oy = origin
    i, j = np.meshgrid(np.arange(nx - 1), np.arange(ny), indexing="ij")
    h = np.stack([np.c_[ox + i.ravel() * spacing_m, oy + j.ravel() * spacing_m],
                  np.c_[ox + (i.ravel() + 1) * spacing_m, oy + j.ravel() * spacing_m]], axis=1)
    i, j = np.meshgrid(np.arange(nx), np.arange(ny - 1), indexing="ij")
    v = np.stack([np.c_[ox + i.ravel() * spacing_m, oy + j.ravel() * spacing_m],
                  np.c_[ox + i.ravel() * spacing_m, oy + (j.ravel() + 1) * spacing_m]], axis=1)
    return shapely.linestrings(np.concatenate([h, v]))
