"""The day's patrol plan: which requirement covers which pipe and why, patches, rounds.

:func:`assign_requirements` applies the spatial rules of DESIGN.md §1 to pipes,
construction sites and key points, each assignment with its reason ("within
500 m of residence Hotel X"). :func:`partition_patches` cuts the network into N
contiguous, compact patches (管片) of balanced workload. :func:`team_rounds`
lists the rounds each team owes in the day with their windows.

All inputs are GeoDataFrames in one metric CRS and plain dataclasses; nothing
here reads the store.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gis.requirements import Requirement

#: The planner's name for :class:`~gis.requirements.Requirement` (one type for planner and coverage).
RequirementRule = Requirement


@dataclass
class PlanInputs:
    """Everything the planner reads, in one metric CRS (empty frames are fine).

    Pipes need ``code, pipe_class, exposed``; the others ``name`` (places also
    ``kind`` and optional ``buffer_m``; key points optional ``requirement_id``).
    """

    pipes: gpd.GeoDataFrame
    places: gpd.GeoDataFrame | None = None
    routes: gpd.GeoDataFrame | None = None
    sites: gpd.GeoDataFrame | None = None
    key_roads: gpd.GeoDataFrame | None = None
    key_areas: gpd.GeoDataFrame | None = None
    key_points: gpd.GeoDataFrame | None = None
    leak_points: gpd.GeoDataFrame | None = None


@dataclass
class Plan:
    """The planner's result.

    Attributes
    ----------
    pipes
        One row per (pipe position, requirement key) with ``reason``; positions
        index ``PlanInputs.pipes``.
    points
        Key points and leak points: ``target`` ("key_point"/"leak_point"),
        ``index``, ``requirement``, ``reason``.
    sites
        Construction sites: ``index``, ``requirement``, ``reason``.
    """

    pipes: pd.DataFrame
    points: pd.DataFrame
    sites: pd.DataFrame
    warnings: list[str] = field(default_factory=list)


def _nonempty(gdf: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame | None:
    if gdf is None or len(gdf) == 0:
        return None
    return gdf[~gdf.geometry.isna() & ~gdf.geometry.is_empty]


def _name(gdf: gpd.GeoDataFrame, i: int) -> str:
    row = gdf.iloc[i]
    for col in ("name", "code"):
        if col in gdf.columns and isinstance(row[col], str) and row[col].strip():
            return row[col].strip()
    return f"#{gdf.index[i]}"


def _nearest_within(
    targets: np.ndarray, features: gpd.GeoDataFrame, distances: np.ndarray, tree: shapely.STRtree | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each target geometry within its feature's distance: the nearest such feature.

    ``distances`` is one buffer per feature; ``tree`` an STRtree of ``targets`` to reuse.
    Returns (target idx, feature idx, distance).
    """
    tree = shapely.STRtree(targets) if tree is None else tree
    geoms = features.geometry.to_numpy()
    ti, fi = [], []
    for d in np.unique(distances):
        sel = np.flatnonzero(distances == d)
        f, t = tree.query(geoms[sel], predicate="dwithin", distance=float(d))
        ti.append(t)
        fi.append(sel[f])
    if not ti:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0)
    t, f = np.concatenate(ti), np.concatenate(fi)
    dist = shapely.distance(targets[t], geoms[f])
    order = np.lexsort((dist, t))
    t, f, dist = t[order], f[order], dist[order]
    first = np.r_[True, t[1:] != t[:-1]] if len(t) else np.zeros(0, dtype=bool)
    return t[first], f[first], dist[first]


def _fmt_m(value: float) -> str:
    return f"{value:,.0f} m"


def assign_requirements(inputs: PlanInputs, rules: Sequence[RequirementRule]) -> Plan:
    """Assign pipes, sites, key points and leak points to requirements, with reasons.

    Rules (DESIGN.md §1; buffers and tolerances from each requirement):

    - ``venue_guard``: pipes within ``buffer_m`` of a venue or residence
      (a place's own ``buffer_m`` wins), along a motorcade route that enters such
      a buffer, or within ``buffer_m`` of a construction site inside one;
    - ``stationed_post``: exposed pipe segments (bridges);
    - ``key_places``: pipes within ``buffer_m`` of a residence or key unit, along
      a key road, or within ``buffer_m`` of a key area;
    - ``transmission``: transmission mains, pipes along motorcade routes, pipes
      within ``buffer_m`` of construction sites;
    - ``patch``: every pipe no other pipe rule took;
    - ``leak_survey``: the leak survey points.

    "Along" a line means within the requirement's ``tolerance_m`` of it.
    Key points without a stored requirement go to the first of venue guard,
    key places or patch whose area holds them.

    Returns
    -------
    Plan
    """
    pipes = inputs.pipes
    geoms = pipes.geometry.to_numpy()
    rows: list[tuple[np.ndarray, int, list[str]]] = []  # (pipe positions, requirement, reasons)
    site_rows: list[tuple[int, int, str]] = []
    warnings: list[str] = []
    places = _nonempty(inputs.places)
    routes, sites = _nonempty(inputs.routes), _nonempty(inputs.sites)
    key_roads, key_areas = _nonempty(inputs.key_roads), _nonempty(inputs.key_areas)

    def place_subset(kinds: Iterable[str]) -> gpd.GeoDataFrame | None:
        if places is None or "kind" not in places.columns:
            return None
        return _nonempty(places[places["kind"].isin(list(kinds))])

    trees: list[shapely.STRtree] = []  # the pipes' tree, built once for every rule

    def by_features(req: RequirementRule, feats: gpd.GeoDataFrame | None, dist: np.ndarray | float,
                    label: str, verb: str) -> None:
        if feats is None or len(geoms) == 0:
            return
        d = np.broadcast_to(np.asarray(dist, dtype="float64"), (len(feats),))
        if not trees:
            trees.append(shapely.STRtree(geoms))
        t, f, _ = _nearest_within(geoms, feats, d, trees[0])
        if len(t):
            kinds = feats["kind"].to_numpy() if label == "place" else None
            reasons = [verb.format(m=_fmt_m(d[fi]), kind=(kinds[fi] if kinds is not None else label),
                                   name=_name(feats, fi)) for fi in f.tolist()]
            rows.append((t, req.key, reasons))

    taken_by_others = np.zeros(len(pipes), dtype=bool)
    by_rule = {r.rule: r for r in rules}
    for req in rules:
        start = len(rows)
        if req.rule == "venue_guard":
            guarded = place_subset(("venue", "residence"))
            if guarded is not None:
                own = guarded["buffer_m"].to_numpy(dtype="float64") if "buffer_m" in guarded.columns else None
                buf = np.where(np.isfinite(own), own, req.buffer_m) if own is not None else np.full(
                    len(guarded), req.buffer_m)
                by_features(req, guarded, buf, "place", "within {m} of {kind} {name}")
                zone = shapely.union_all(shapely.buffer(guarded.geometry.to_numpy(), buf))
                if routes is not None:
                    near = routes[shapely.intersects(routes.geometry.to_numpy(), zone)]
                    by_features(req, _nonempty(near), req.tolerance_m, "route", "along motorcade route {name}")
                if sites is not None:
                    near_idx = np.flatnonzero(shapely.intersects(sites.geometry.to_numpy(), zone))
                    by_features(req, _nonempty(sites.iloc[near_idx]), req.buffer_m, "site",
                                "within {m} of construction site {name}")
                    site_rows += [(int(i), req.key, "construction site next to a guarded venue or residence")
                                  for i in near_idx]
        elif req.rule == "stationed_post":
            if "exposed" in pipes.columns:
                exp = np.flatnonzero(pipes["exposed"].fillna(False).to_numpy(dtype=bool))
                cls = pipes["pipe_class"].to_numpy() if "pipe_class" in pipes.columns else None
                rows.append((exp, req.key, [
                    "exposed segment of a transmission main" if cls is not None and cls[i] == "transmission"
                    else "exposed segment" for i in exp.tolist()]))
        elif req.rule == "key_places":
            by_features(req, place_subset(("residence", "key_unit")), req.buffer_m, "place",
                        "within {m} of {kind} {name}")
            by_features(req, key_roads, req.tolerance_m, "key road", "along key road {name}")
            by_features(req, key_areas, req.buffer_m, "key area", "within {m} of key area {name}")
        elif req.rule == "transmission":
            if "pipe_class" in pipes.columns:
                tm = np.flatnonzero(pipes["pipe_class"].to_numpy() == "transmission")
                rows.append((tm, req.key, ["transmission main"] * len(tm)))
            by_features(req, routes, req.tolerance_m, "route", "along motorcade route {name}")
            by_features(req, sites, req.buffer_m, "site", "within {m} of construction site {name}")
            if sites is not None:
                site_rows += [(i, req.key, "construction site") for i in range(len(sites))]
        if req.rule in ("venue_guard", "stationed_post", "key_places", "transmission"):
            for pos, _, _ in rows[start:]:
                taken_by_others[pos] = True
    if "patch" in by_rule:
        rest = np.flatnonzero(~taken_by_others)
        rows.append((rest, by_rule["patch"].key, ["patch patrol"] * len(rest)))

    if rows:
        frame = pd.DataFrame({
            "pipe": np.concatenate([r[0] for r in rows]).astype(np.int64),
            "requirement": np.concatenate([np.full(len(r[0]), r[1]) for r in rows]),
            "reason": [s for r in rows for s in r[2]],
        })
        # One row per (pipe, requirement): the first rule that matched gives the reason.
        frame = frame.drop_duplicates(["pipe", "requirement"], keep="first").reset_index(drop=True)
    else:
        frame = pd.DataFrame({"pipe": pd.Series(dtype=np.int64), "requirement": pd.Series(dtype=np.int64),
                              "reason": pd.Series(dtype=object)})

    points = _assign_points(inputs, rules, by_rule, place_subset)
    site_frame = pd.DataFrame(site_rows, columns=["index", "requirement", "reason"]).drop_duplicates(
        ["index", "requirement"])
    return Plan(pipes=frame, points=points, sites=site_frame, warnings=warnings)


def _assign_points(inputs, rules, by_rule, place_subset) -> pd.DataFrame:
    out = []
    kp = _nonempty(inputs.key_points)
    if kp is not None:
        keys = {r.key for r in rules}
        given = kp["requirement_id"].to_numpy() if "requirement_id" in kp.columns else np.full(len(kp), None)
        pending = np.ones(len(kp), dtype=bool)
        for i, g in enumerate(given):
            if g is not None and not (isinstance(g, float) and math.isnan(g)) and int(g) in keys:
                out.append(("key_point", i, int(g), "set on the key point"))
                pending[i] = False
        pts = kp.geometry.to_numpy()
        for code, kinds in (("venue_guard", ("venue", "residence")), ("key_places", ("residence", "key_unit"))):
            req = by_rule.get(code)
            feats = place_subset(kinds)
            if req is None or feats is None or not pending.any():
                continue
            sel = np.flatnonzero(pending)
            t, f, _ = _nearest_within(pts[sel], feats, np.full(len(feats), req.buffer_m))
            for ti, fi in zip(t.tolist(), f.tolist()):
                out.append(("key_point", int(sel[ti]), req.key,
                            f"within {_fmt_m(req.buffer_m)} of {feats['kind'].iloc[fi]} {_name(feats, fi)}"))
                pending[sel[ti]] = False
        if "patch" in by_rule:
            out += [("key_point", int(i), by_rule["patch"].key, "patch patrol") for i in np.flatnonzero(pending)]
    lp = _nonempty(inputs.leak_points)
    if lp is not None and "leak_survey" in by_rule:
        out += [("leak_point", i, by_rule["leak_survey"].key, "leak survey point") for i in range(len(lp))]
    return pd.DataFrame(out, columns=["target", "index", "requirement", "reason"])


def pipe_graph_nodes(pipes: gpd.GeoDataFrame, snap_m: float = 0.5) -> tuple[np.ndarray, np.ndarray]:
    """End node numbers of each pipe: the stored node ids, or ends snapped to ``snap_m``."""
    if {"from_node_id", "to_node_id"} <= set(pipes.columns):
        u = pd.to_numeric(pipes["from_node_id"], errors="coerce").to_numpy()
        v = pd.to_numeric(pipes["to_node_id"], errors="coerce").to_numpy()
        if np.isfinite(u).all() and np.isfinite(v).all():
            _, inv = np.unique(np.r_[u, v].astype(np.int64), return_inverse=True)
            return inv[: len(u)], inv[len(u):]
    geoms = pipes.geometry.to_numpy()
    xy, owner = shapely.get_coordinates(geoms, return_index=True)
    n = len(geoms)
    last = np.full(n, -1, dtype=np.int64)
    last[owner] = np.arange(len(owner))  # the last write per pipe wins: its last vertex
    first = np.full(n, -1, dtype=np.int64)
    first[owner[::-1]] = np.arange(len(owner))[::-1]
    ends = np.full((2 * n, 2), np.nan)
    has = last >= 0
    ends[:n][has], ends[n:][has] = xy[first[has]], xy[last[has]]
    keys = np.round(ends / snap_m)
    keys = np.where(np.isfinite(keys), keys, 0).astype(np.int64)
    # One int64 per snapped point (x, y packed): a 1-D unique is a plain sort.
    keys -= keys.min(axis=0)
    packed = keys[:, 0] * (int(keys[:, 1].max()) + 1) + keys[:, 1]
    _, inv = np.unique(packed, return_inverse=True)
    inv = inv.ravel()
    return inv[:n], inv[n:]


def _bisect(xy: np.ndarray, w: np.ndarray, idx: np.ndarray, k: int, first: int, out: np.ndarray) -> None:
    """Recursive coordinate bisection: split ``idx`` into ``k`` parts of equal weight."""
    if k == 1 or len(idx) <= 1:
        out[idx] = first
        return
    k1 = k // 2
    pts = xy[idx]
    axis = int(np.ptp(pts[:, 1]) > np.ptp(pts[:, 0]))  # cut across the longer side: compact parts
    order = np.argsort(pts[:, axis], kind="stable")
    cw = np.cumsum(w[idx][order])
    cut = int(np.searchsorted(cw, cw[-1] * k1 / k))
    cut = min(max(cut, 1), len(idx) - 1)
    _bisect(xy, w, idx[order[:cut]], k1, first, out)
    _bisect(xy, w, idx[order[cut:]], k - k1, first + k1, out)


def partition_patches(
    pipes: gpd.GeoDataFrame, workload: np.ndarray, n: int, max_repairs: int = 20, midpoints: np.ndarray | None = None
) -> np.ndarray:
    """Cut the network into ``n`` contiguous, compact patches of balanced workload.

    Recursive coordinate bisection of the pipes' midpoints, weighted by
    workload, gives compact parts of equal workload; parts a river or a
    missing street cut in two are then repaired through the pipe graph: each
    fragment that is not its patch's largest joins the neighbouring patch it
    shares most nodes with.

    Parameters
    ----------
    pipes
        Pipe lines (metric), optionally with ``from_node_id``/``to_node_id``.
    workload
        Per pipe: required km × rounds per day (any non-negative weight).
    n
        Number of patches.
    midpoints
        The pipes' midpoints ``(x, y)`` when the caller has them (:func:`pipe_midpoints`).

    Returns
    -------
    numpy.ndarray
        Patch number 0…n-1 per pipe.
    """
    m = len(pipes)
    labels = np.zeros(m, dtype=np.int64)
    if m == 0 or n <= 1:
        return labels
    n = min(n, m)
    xy = pipe_midpoints(pipes) if midpoints is None else midpoints
    w = np.asarray(workload, dtype="float64")
    w = np.where(np.isfinite(w) & (w > 0), w, 0.0) + 1e-6 * max(float(w[np.isfinite(w)].max(initial=0)), 1.0)
    _bisect(xy, w, np.arange(m), n, 0, labels)
    # scipy is imported here, not at module level: the desk imports this module
    # for patch outlines on every start, and scipy.sparse costs ~0.3 s to import.
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    u, v = pipe_graph_nodes(pipes)
    for _ in range(max_repairs):
        # Vertices (node, patch): components are the contiguous pieces of each patch.
        ku, kv = u * n + labels, v * n + labels
        keys, inv = np.unique(np.r_[ku, kv], return_inverse=True)
        g = coo_matrix((np.ones(m), (inv[:m], inv[m:])), shape=(len(keys), len(keys)))
        _, comp_of_vertex = connected_components(g, directed=False)
        comp = comp_of_vertex[inv[:m]]
        size = np.bincount(comp, weights=w + 1e-9)
        frame = pd.DataFrame({"comp": comp, "patch": labels, "size": size[comp]})
        main = frame.groupby("patch")["size"].transform("max")
        main_comp = frame[frame["size"] == main].groupby("patch")["comp"].min()
        fragment = comp != main_comp.reindex(labels).to_numpy()
        if not fragment.any():
            break
        # Which patches' main pieces touch each fragment, counted by shared nodes. Only
        # nodes a fragment shares with a main piece matter (on a city of 500k pipes
        # that is a few thousand of a million ends), and joining main pieces only
        # converges: two fragments never swap patches back and forth.
        main_pipe = ~fragment
        m_node, m_patch = np.r_[u[main_pipe], v[main_pipe]], np.r_[labels[main_pipe], labels[main_pipe]]
        f_node = np.r_[u[fragment], v[fragment]]
        f_comp, f_own = np.r_[comp[fragment], comp[fragment]], np.r_[labels[fragment], labels[fragment]]
        shared = np.isin(f_node, m_node)
        if not shared.any():
            break  # islands of the network: nothing to join them to
        frag_nodes = pd.DataFrame({"comp": f_comp[shared], "node": f_node[shared],
                                   "own": f_own[shared]}).drop_duplicates()
        keep = np.isin(m_node, frag_nodes["node"].to_numpy())
        at_node = pd.DataFrame({"node": m_node[keep], "other": m_patch[keep]}).drop_duplicates()
        touch = frag_nodes.merge(at_node, on="node")
        touch = touch[touch["other"].to_numpy() != touch["own"].to_numpy()]
        if touch.empty:
            break
        best = touch.groupby(["comp", "other"]).size().reset_index(name="k").sort_values(
            ["comp", "k"], ascending=[True, False]).drop_duplicates("comp").set_index("comp")["other"]
        move = fragment & np.isin(comp, best.index.to_numpy())
        labels[move] = best.reindex(comp[move]).to_numpy()
    # Renumber so that patches are 0..k-1 in order of their first pipe.
    _, labels = np.unique(labels, return_inverse=True)
    return labels.astype(np.int64)


def pipe_midpoints(pipes: gpd.GeoDataFrame) -> np.ndarray:
    """``(x, y)`` of the point halfway along each pipe."""
    return shapely.get_coordinates(shapely.line_interpolate_point(pipes.geometry.to_numpy(), 0.5, normalized=True))


def patch_polygons(pipes: gpd.GeoDataFrame, labels: np.ndarray, margin_m: float = 100.0,
                   max_points: int = 60_000, midpoints: np.ndarray | None = None) -> np.ndarray:
    """One polygon per patch: the dissolved Voronoi cells of its pipes' midpoints.

    The cells tile the network's surroundings without overlaps or holes (the
    patches of a city map), clipped to the network's convex hull plus ``margin_m``.

    Returns
    -------
    numpy.ndarray
        Geometries indexed by patch number (``labels.max() + 1`` of them).
    """
    n = int(labels.max()) + 1 if len(labels) else 0
    if n == 0:
        return np.empty(0, dtype=object)
    xy = pipe_midpoints(pipes) if midpoints is None else midpoints
    xy_u, first = np.unique(np.round(xy, 2), axis=0, return_index=True)
    lab_u = labels[first]
    xy_u, lab_u = _border_points(xy_u, lab_u, max_points)
    hull = shapely.multipoints(xy_u)
    extent = shapely.buffer(shapely.envelope(hull), 10 * margin_m)
    cells = shapely.get_parts(shapely.voronoi_polygons(hull, extend_to=extent, ordered=True))
    # The network's convex hull plus a margin: buffering the union of 100k
    # pipes would cost minutes, the hull costs milliseconds.
    clip = shapely.buffer(shapely.convex_hull(hull), margin_m, quad_segs=4)
    out = np.empty(n, dtype=object)
    for p in range(n):
        sel = cells[lab_u == p]
        out[p] = shapely.intersection(shapely.coverage_union_all(sel), clip) if len(sel) else shapely.Polygon()
    return out


def _border_points(xy: np.ndarray, labels: np.ndarray, max_points: int) -> tuple[np.ndarray, np.ndarray]:
    """At most about ``max_points`` of the points whose Voronoi cells outline the patches.

    Points are binned on a grid of about ``max_points`` cells over their extent;
    where a cell holds one patch only, one point stands for the cell (its
    neighbours' cells fill the rest of the patch); where patches meet, every
    point is kept, so the borders are those of all the points.
    """
    if len(xy) <= max_points:
        return xy, labels
    lo = xy.min(axis=0)
    span = np.maximum(xy.max(axis=0) - lo, 1.0)
    size = float(np.sqrt(span[0] * span[1] / max_points))
    ij = np.floor((xy - lo) / size).astype(np.int64)
    cell = ij[:, 0] * (int(span[1] / size) + 2) + ij[:, 1]
    order = np.lexsort((labels, cell))
    c, lab = cell[order], labels[order]
    new_cell = np.r_[True, c[1:] != c[:-1]]
    start = np.flatnonzero(new_cell)
    mixed_cell = np.maximum.reduceat(lab, start) != np.minimum.reduceat(lab, start)
    mixed = np.repeat(mixed_cell, np.diff(np.r_[start, len(c)]))
    keep = order[new_cell | mixed]
    return xy[keep], labels[keep]


def assign_teams(
    team_codes: Sequence[str], current_patch: Sequence[int | None], n_patches: int
) -> list[int]:
    """Give every patrol team a patch: keep valid ones, fill the least-staffed patches.

    With twice as many teams as patches every patch gets two (double shifts).
    """
    out: list[int] = []
    staff = np.zeros(max(n_patches, 1), dtype=np.int64)
    for p in current_patch:
        if p is not None and 0 <= p < n_patches:
            staff[p] += 1
    for code, p in zip(team_codes, current_patch):
        if p is not None and 0 <= p < n_patches:
            out.append(int(p))
        else:
            q = int(np.argmin(staff))
            staff[q] += 1
            out.append(q)
    return out


def team_rounds(
    rule: RequirementRule,
    anchor: dt.datetime,
    shifts: Sequence[tuple[dt.datetime, dt.datetime]],
) -> list[tuple[dt.datetime, dt.datetime]]:
    """The windows of ``rule`` in the day from ``anchor`` that a team's shifts overlap.

    A team owes one round in each such window; with no shifts it owes all of them.
    """
    step = dt.timedelta(seconds=rule.interval_s)
    n = max(1, math.ceil(86_400 / rule.interval_s))
    end_day = anchor + dt.timedelta(days=1)
    wins = [(anchor + k * step, min(anchor + (k + 1) * step, end_day)) for k in range(n)]
    if not shifts:
        return wins
    return [(s, e) for s, e in wins if any(a < e and b > s for a, b in shifts)]


def workload_km(pipes: gpd.GeoDataFrame, assignments: pd.DataFrame, rules: Mapping[int, RequirementRule],
                kinds: Iterable[str] = ("patrol",)) -> np.ndarray:
    """Per pipe: km × rounds per day over the requirements patrol teams serve."""
    kinds = set(kinds)
    length_km = shapely.length(pipes.geometry.to_numpy()) / 1000.0
    rounds = np.array([
        rules[r].rounds_per_day if (not rules[r].eligible_kinds or rules[r].eligible_kinds & kinds) else 0.0
        for r in assignments["requirement"].tolist()
    ]) if len(assignments) else np.empty(0)
    per_pipe = np.bincount(assignments["pipe"].to_numpy(dtype=np.int64), weights=rounds, minlength=len(pipes))
    return length_km * per_pipe
