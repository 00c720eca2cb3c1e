"""Network topology from bare lines: end nodes by snapping, valves onto the network, checks.

Pure numpy/shapely/scipy on metric coordinates; no store. Pipes that come
from a GIS file are just lines: isolation needs to know which pipes meet.
Ends closer than a tolerance (a stored setting, 0.5 m by default) become one
node; a valve or hydrant takes the nearest node within the tolerance, or
splits the pipe it lies on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

DEFAULT_TOLERANCE_M = 0.5


def cluster_points(xy: np.ndarray, tolerance: float) -> tuple[np.ndarray, np.ndarray]:
    """Group points closer than ``tolerance`` (transitively) into clusters.

    Returns
    -------
    label : ndarray (N,)
        Cluster of each point, ``0 … K-1``.
    centre : ndarray (K, 2)
        Mean position of each cluster.
    """
    n = len(xy)
    if n == 0:
        return np.empty(0, dtype=np.int64), np.empty((0, 2))
    from scipy.spatial import cKDTree  # here: the desk imports this module for haversine_km

    pairs = cKDTree(xy).query_pairs(r=tolerance, output_type="ndarray") if tolerance > 0 else np.empty((0, 2), int)
    adj = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    k, label = connected_components(adj, directed=False)
    centre = np.zeros((k, 2))
    np.add.at(centre, label, xy)
    centre /= np.bincount(label, minlength=k)[:, None]
    return label.astype(np.int64), centre


@dataclass
class EndNodes:
    """End nodes for lines: ``start[i]`` and ``end[i]`` index ``xy`` (new and existing nodes)."""

    start: np.ndarray
    end: np.ndarray
    #: Positions of the new nodes (indices ``n_existing …``).
    new_xy: np.ndarray
    n_existing: int


def end_nodes(lines: np.ndarray, tolerance: float = DEFAULT_TOLERANCE_M,
              existing_xy: np.ndarray | None = None) -> EndNodes:
    """Give every line a start and an end node, snapping ends within ``tolerance``.

    Parameters
    ----------
    lines
        Shapely LineStrings in a metric CRS.
    tolerance
        Ends closer than this share a node (metres).
    existing_xy
        ``(M, 2)`` nodes already in the store: an end within ``tolerance`` of
        one takes it (index ``0 … M-1``); the rest form new nodes ``M …``.
    """
    lines = np.asarray(lines, dtype=object)
    first = shapely.get_coordinates(shapely.get_point(lines, 0))
    last = shapely.get_coordinates(shapely.get_point(lines, -1))
    ends = np.vstack([first, last])
    existing = np.empty((0, 2)) if existing_xy is None else np.asarray(existing_xy, float).reshape(-1, 2)
    m = len(existing)
    node = np.full(len(ends), -1, dtype=np.int64)
    if m:
        from scipy.spatial import cKDTree

        dist, idx = cKDTree(existing).query(ends, distance_upper_bound=tolerance if tolerance > 0 else 1e-9)
        hit = np.isfinite(dist)
        node[hit] = idx[hit]
    free = np.flatnonzero(node < 0)
    label, centre = cluster_points(ends[free], tolerance)
    node[free] = m + label
    n = len(lines)
    return EndNodes(node[:n], node[n:], centre, m)


@dataclass
class PointSnap:
    """Where each point went: a node, or a split of a pipe, or nowhere (off the network)."""

    #: Node index per point (into the caller's node array), or -1.
    node: np.ndarray
    #: Pipe index per point it lies on (-1 when only a node was hit or nothing).
    pipe: np.ndarray
    #: Distance along that pipe where it must be split (NaN when no split).
    split_at: np.ndarray
    #: Distance to the network (m).
    distance: np.ndarray


def snap_points(points: np.ndarray, node_xy: np.ndarray, pipes: np.ndarray,
                tolerance: float = DEFAULT_TOLERANCE_M) -> PointSnap:
    """Snap valves or hydrants to a node within ``tolerance``, else onto a pipe within it.

    Parameters
    ----------
    points
        Shapely Points (metric).
    node_xy
        ``(M, 2)`` node positions.
    pipes
        Pipe lines (metric).
    tolerance
        Metres.
    """
    pts = np.asarray(points, dtype=object)
    xy = shapely.get_coordinates(pts)
    n = len(pts)
    node = np.full(n, -1, dtype=np.int64)
    pipe = np.full(n, -1, dtype=np.int64)
    split_at = np.full(n, np.nan)
    distance = np.full(n, np.inf)
    if n == 0:
        return PointSnap(node, pipe, split_at, distance)
    if len(node_xy):
        from scipy.spatial import cKDTree

        d, i = cKDTree(node_xy).query(xy, distance_upper_bound=max(tolerance, 1e-9))
        hit = np.isfinite(d)
        node[hit], distance[hit] = i[hit], d[hit]
    rest = np.flatnonzero(node < 0)
    if len(rest) and len(pipes):
        tree = shapely.STRtree(np.asarray(pipes, dtype=object))
        (src, dst), d = tree.query_nearest(pts[rest], return_distance=True, all_matches=False)
        for s, p, dd in zip(src.tolist(), dst.tolist(), d.tolist()):
            k = rest[s]
            distance[k] = dd
            if dd <= tolerance:
                pipe[k] = p
                split_at[k] = float(shapely.line_locate_point(pipes[p], pts[k]))
    return PointSnap(node, pipe, split_at, distance)


def split_line(line: shapely.LineString, at: np.ndarray) -> list[shapely.LineString]:
    """Cut ``line`` at distances ``at`` along it (ends and repeats ignored)."""
    from shapely.ops import substring

    length = line.length
    cuts = np.unique(np.asarray(at, float))
    cuts = cuts[(cuts > 1e-6) & (cuts < length - 1e-6)]
    bounds = np.concatenate([[0.0], cuts, [length]])
    return [substring(line, a, b) for a, b in zip(bounds[:-1], bounds[1:])]


# -- the network check ----------------------------------------------------------

#: Finding kinds, in report order.
CHECKS = ("dangling_end", "near_miss", "duplicate_pipe", "zero_length", "valve_off_network",
          "no_source", "no_diameter")


@dataclass
class Finding:
    """One thing to fix, with where it is (metric x, y) and what it concerns."""

    check: str
    x: float
    y: float
    codes: list[str]
    detail: str
    value: float | None = None


@dataclass
class NetworkInputs:
    """What the check reads (metric coordinates)."""

    pipe_codes: np.ndarray
    pipe_geoms: np.ndarray
    pipe_from: np.ndarray  # node id or -1
    pipe_to: np.ndarray
    pipe_diameter: np.ndarray  # NaN when missing
    node_ids: np.ndarray
    node_xy: np.ndarray
    valve_codes: np.ndarray
    valve_xy: np.ndarray
    valve_node: np.ndarray  # node id or -1
    source_nodes: np.ndarray
    tolerance: float = DEFAULT_TOLERANCE_M
    near_m: float = 5.0
    extras: dict = field(default_factory=dict)


def check_network(inp: NetworkInputs) -> list[Finding]:
    """The data checks a network engineer runs before an event (QGIS Topology Checker, Giswater).

    Dangling ends (an end on no other pipe), near misses (an end within
    ``near_m`` of another pipe or end but not joined), duplicate pipes (same two
    nodes and length, or same geometry), zero-length pipes, valves off the
    network, parts of the network with no source, pipes without a diameter.
    """
    out: list[Finding] = []
    geoms = np.asarray(inp.pipe_geoms, dtype=object)
    codes = np.asarray(inp.pipe_codes, dtype=object)
    n = len(geoms)
    if n == 0:
        return out
    length = shapely.length(geoms)
    mid = shapely.get_coordinates(shapely.line_interpolate_point(geoms, 0.5, normalized=True))
    first = shapely.get_coordinates(shapely.get_point(geoms, 0))
    last = shapely.get_coordinates(shapely.get_point(geoms, -1))
    fr, to = np.asarray(inp.pipe_from, np.int64), np.asarray(inp.pipe_to, np.int64)
    # Pipes with no nodes yet: their ends are their own nodes (every such end dangles unless it meets another).
    node_ids = np.asarray(inp.node_ids, np.int64)
    ends_node = np.concatenate([fr, to])
    ends_xy = np.vstack([first, last])
    degree = {}
    for v in ends_node.tolist():
        if v >= 0:
            degree[v] = degree.get(v, 0) + 1
    sources = set(np.asarray(inp.source_nodes, np.int64).tolist()) - {-1}
    dangle = np.array([(v < 0) or (degree.get(v, 0) == 1 and v not in sources) for v in ends_node.tolist()])
    # Near misses: a dangling end close to another pipe it is not joined to.
    tree = shapely.STRtree(geoms)
    dpts = shapely.points(ends_xy[dangle])
    didx = np.flatnonzero(dangle)
    near: dict[int, tuple[float, str]] = {}
    if len(didx):
        (src, dst) = tree.query(dpts, predicate="dwithin", distance=inp.near_m)
        own = didx[src] % n
        ok = dst != own
        src, dst = src[ok], dst[ok]
        if len(src):
            d = shapely.distance(dpts[src], geoms[dst])
            for s, p, dd in zip(src.tolist(), dst.tolist(), d.tolist()):
                e = int(didx[s])
                v = ends_node[e]
                if v >= 0 and v in (fr[p], to[p]):
                    continue  # joined
                if dd > 1e-9 and (e not in near or dd < near[e][0]):
                    near[e] = (dd, str(codes[p]))
    pairs: set[frozenset] = set()
    for e in didx.tolist():
        pi = e % n
        x, y = ends_xy[e]
        if e in near:
            dd, other = near[e]
            pair = frozenset((str(codes[pi]), other))
            if pair in pairs:
                continue  # two dangling ends facing each other: one finding
            pairs.add(pair)
            out.append(Finding("near_miss", x, y, [str(codes[pi]), other],
                               f"end of {codes[pi]} is {dd:.2f} m from {other} but not joined", round(dd, 3)))
        else:
            out.append(Finding("dangling_end", x, y, [str(codes[pi])], f"end of {codes[pi]} joins no other pipe"))
    # Duplicates: the same geometry (either direction), rounded to the tolerance.
    q = np.round(np.hstack([first, last]) / max(inp.tolerance, 1e-3)).astype(np.int64)
    swap = (q[:, 0] > q[:, 2]) | ((q[:, 0] == q[:, 2]) & (q[:, 1] > q[:, 3]))
    q[swap] = q[swap][:, [2, 3, 0, 1]]
    key = np.column_stack([q, np.round(length / max(inp.tolerance, 1e-3)).astype(np.int64)])
    _, inv, counts = np.unique(key, axis=0, return_inverse=True, return_counts=True)
    inv = inv.reshape(-1)
    seen: dict[int, int] = {}
    for i in np.flatnonzero(counts[inv] > 1).tolist():
        g = int(inv[i])
        if g in seen:
            j = seen[g]
            if length[i] > 0:
                out.append(Finding("duplicate_pipe", *mid[i], [str(codes[i]), str(codes[j])],
                                   f"{codes[i]} duplicates {codes[j]}"))
        else:
            seen[g] = i
    for i in np.flatnonzero((length < 0.01) | ((fr == to) & (fr >= 0))).tolist():
        why = f"is {length[i]:.3f} m long" if length[i] < 0.01 else \
            f"starts and ends at the same node ({length[i]:.1f} m loop)"
        out.append(Finding("zero_length", *first[i], [str(codes[i])], f"{codes[i]} {why}", float(length[i])))
    vxy = np.asarray(inp.valve_xy, float).reshape(-1, 2)
    vnode = np.asarray(inp.valve_node, np.int64)
    if len(vxy):
        vpts = shapely.points(vxy)
        (src, dst), d = tree.query_nearest(vpts, return_distance=True, all_matches=False)
        dist = np.full(len(vxy), np.inf)
        dist[src] = d
        for k in np.flatnonzero((vnode < 0) | (dist > inp.tolerance)).tolist():
            where = "no node" if vnode[k] < 0 else f"{dist[k]:.1f} m from the nearest pipe"
            out.append(Finding("valve_off_network", *vxy[k], [str(inp.valve_codes[k])],
                               f"valve {inp.valve_codes[k]} is off the network ({where})",
                               None if not np.isfinite(dist[k]) else float(dist[k])))
    # Parts with no source: connected components over nodes.
    has = (fr >= 0) & (to >= 0)
    if has.any():
        all_nodes = np.unique(np.concatenate([fr[has], to[has], node_ids]))
        a = np.searchsorted(all_nodes, fr[has])
        b = np.searchsorted(all_nodes, to[has])
        m = len(all_nodes)
        k, comp = connected_components(coo_matrix((np.ones(len(a)), (a, b)), shape=(m, m)), directed=False)
        src_idx = np.searchsorted(all_nodes, np.array(sorted(sources & set(all_nodes.tolist())), dtype=np.int64))
        fed = np.zeros(k, dtype=bool)
        fed[comp[src_idx]] = True
        pipe_comp = comp[a]
        hp = np.flatnonzero(has)
        for c in np.unique(pipe_comp[~fed[pipe_comp]]).tolist():
            members = hp[pipe_comp == c]
            total = float(length[members].sum())
            i = int(members[np.argmax(length[members])])
            out.append(Finding("no_source", *mid[i], [str(codes[j]) for j in members[:50].tolist()],
                               f"{len(members)} pipes ({total / 1000:.2f} km) around {codes[i]} reach no source"
                               + ("" if sources else " (the store has no sources: import sources)"), total))
    diam = np.asarray(inp.pipe_diameter, float)
    for i in np.flatnonzero(~(diam > 0)).tolist():
        out.append(Finding("no_diameter", *mid[i], [str(codes[i])], f"{codes[i]} has no diameter"))
    return out


def far_outliers(xy: np.ndarray, factor: float = 20.0, min_km: float = 50.0) -> np.ndarray:
    """Indices of points far from the rest (a wrong CRS, a stray 0,0).

    A point is far when its distance to the median centre exceeds both
    ``factor`` × the median distance and ``min_km`` kilometres. ``xy`` is
    lon/lat degrees; distances are on the sphere (haversine).
    """
    xy = np.asarray(xy, float).reshape(-1, 2)
    if len(xy) < 3:
        return np.empty(0, dtype=np.int64)
    lon0, lat0 = np.nanmedian(xy[:, 0]), np.nanmedian(xy[:, 1])
    d = haversine_km(xy[:, 0], xy[:, 1], lon0, lat0)
    typical = max(float(np.nanmedian(d)), 0.5)
    return np.flatnonzero(d > max(factor * typical, min_km))


def haversine_km(lon, lat, lon0, lat0) -> np.ndarray:
    """Great-circle distance in km."""
    lon, lat, lon0, lat0 = map(np.radians, (lon, lat, lon0, lat0))
    a = np.sin((lat - lat0) / 2) ** 2 + np.cos(lat) * np.cos(lat0) * np.sin((lon - lon0) / 2) ** 2
    return 6371.0 * 2 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))
