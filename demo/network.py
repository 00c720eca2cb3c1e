"""A plausible (not real) water network derived from a city's streets.

Pipes follow the drivable streets, cut at junctions; transmission mains (DN
600–1000) lie under primary and trunk roads, distribution mains (DN 100–400)
elsewhere. Valves sit a few metres from each junction on every pipe leaving
it, hydrants about every 100 m along distribution mains, and a transmission
main on a bridge is an exposed segment (输水管线露明段). Everything is seeded,
and inputs are sorted, so the same streets always give the same network.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import shapely.ops

from gis.street_graph import WGS84, largest_component, split_at_junctions

#: Highway values whose pipes are transmission mains.
TRANSMISSION_HIGHWAYS = ("motorway", "trunk", "primary", "motorway_link", "trunk_link", "primary_link")
#: Distribution DN choices (and their weights) per highway value.
DISTRIBUTION_DN = {
    "secondary": ((300, 400), (0.5, 0.5)),
    "secondary_link": ((300,), (1.0,)),
    "tertiary": ((200, 300), (0.5, 0.5)),
    "tertiary_link": ((200,), (1.0,)),
    "unclassified": ((150, 200), (0.6, 0.4)),
    "residential": ((100, 150, 200), (0.35, 0.45, 0.2)),
    "living_street": ((100,), (1.0,)),
    "road": ((150,), (1.0,)),
}
TRANSMISSION_DN = (600, 700, 800, 1000)
#: Streets whose pipes the demo lays (service roads and tracks carry none).
PIPE_HIGHWAYS = (*TRANSMISSION_HIGHWAYS, *DISTRIBUTION_DN)
#: Pipes longer than this are cut into equal pieces (records of a real GIS are rarely longer).
MAX_PIPE_M = 400.0
VALVE_OFFSET_M = 5.0
HYDRANT_SPACING_M = 100.0
SOURCE_NOTE = "demo: derived from OSM way {0} (not a real pipe)"


def _cut_long(segments: gpd.GeoDataFrame, local_crs: str) -> gpd.GeoDataFrame:
    """Cut segments longer than :data:`MAX_PIPE_M` into equal pieces with new (negative) node ids."""
    long = segments["length_m"].to_numpy() > MAX_PIPE_M
    if not long.any():
        return segments
    local = segments.geometry.to_crs(local_crs).values
    rows, geoms = [], []
    next_id = -1
    for i in np.flatnonzero(long):
        n = int(np.ceil(segments["length_m"].iat[i] / MAX_PIPE_M))
        line = local[i]
        cuts = np.linspace(0.0, line.length, n + 1)
        ids = [int(segments["u"].iat[i])]
        for _ in range(n - 1):
            ids.append(next_id)
            next_id -= 1
        ids.append(int(segments["v"].iat[i]))
        for k in range(n):
            rows.append((i, ids[k], ids[k + 1]))
            geoms.append(shapely.ops.substring(line, cuts[k], cuts[k + 1]))
    pieces = segments.iloc[[r[0] for r in rows]].copy()
    pieces["u"] = [r[1] for r in rows]
    pieces["v"] = [r[2] for r in rows]
    pieces = pieces.set_geometry(gpd.GeoSeries(geoms, index=pieces.index, crs=local_crs).to_crs(WGS84))
    pieces["length_m"] = shapely.length(np.asarray(geoms))
    out = pd.concat([segments[~long], pieces]).sort_values(["way_id", "piece_order"], kind="stable")
    return gpd.GeoDataFrame(out, crs=WGS84).reset_index(drop=True)


def build_pipes(streets: gpd.GeoDataFrame, local_crs: str, seed: int) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Lay pipes under the streets.

    Parameters
    ----------
    streets
        Drivable ways from :func:`gis.osm_extract.read_osm` (``osm_id, highway,
        name, bridge, node_ids``).
    local_crs
        Metric CRS for lengths.
    seed
        Seed of the diameter/material draws.

    Returns
    -------
    pipes : geopandas.GeoDataFrame
        ``code, diameter_mm, material, pipe_class, length_m, exposed,
        from_node, to_node, street, source, highway``.
    nodes : geopandas.GeoDataFrame
        ``code, kind, elevation_m``.
    """
    ways = streets[streets["highway"].isin(PIPE_HIGHWAYS)].sort_values("osm_id", kind="stable")
    segments, node_pts = split_at_junctions(ways, local_crs)
    segments = segments[segments["u"] != segments["v"]]
    segments = largest_component(segments)
    segments["piece_order"] = np.arange(len(segments))
    segments = _cut_long(segments, local_crs)

    rng = np.random.default_rng(seed)
    n = len(segments)
    hw = segments["highway"].to_numpy()
    transmission = np.isin(hw, TRANSMISSION_HIGHWAYS)
    dn = np.zeros(n)
    # One DN per transmission street name, so a main keeps its size along its length.
    names = segments["name"].fillna("").to_numpy()
    t_names = sorted(set(names[transmission]))
    t_dn = dict(zip(t_names, rng.choice(TRANSMISSION_DN, size=len(t_names), p=(0.3, 0.25, 0.3, 0.15))))
    draws = rng.random(n)
    for i in range(n):
        if transmission[i]:
            dn[i] = t_dn[names[i]]
        else:
            values, weights = DISTRIBUTION_DN.get(hw[i], ((150,), (1.0,)))
            dn[i] = values[int(np.searchsorted(np.cumsum(weights), draws[i] * 0.999999, side="right"))]
    bridge = segments["bridge"].to_numpy(dtype=bool)
    mat_draw = rng.random(n)
    material = np.where(
        transmission,
        np.where(bridge | (mat_draw < 0.5), "steel", "ductile_iron"),
        np.where(dn >= 200, np.where(mat_draw < 0.8, "ductile_iron", "cast_iron"),
                 np.where(mat_draw < 0.5, "PE", np.where(mat_draw < 0.85, "ductile_iron", "cast_iron"))),
    )

    used = np.unique(np.r_[segments["u"].to_numpy(), segments["v"].to_numpy()])
    # Nodes added by cutting long pipes get their points from the pieces' ends.
    ends = pd.concat([
        pd.Series(shapely.get_point(segments.geometry.values, 0), index=segments["u"].to_numpy()),
        pd.Series(shapely.get_point(segments.geometry.values, -1), index=segments["v"].to_numpy()),
    ])
    ends = ends[~ends.index.duplicated()]
    known = node_pts.geometry.reindex(used)
    pts = np.where(known.isna().to_numpy(), ends.reindex(used).to_numpy(), known.to_numpy())
    # Codes in OSM node order (cut-points after), so they are stable between runs.
    order = np.lexsort((np.abs(used), used < 0))
    used, pts = used[order], pts[order]
    node_code = {int(u): f"N{i + 1:05d}" for i, u in enumerate(used)}
    degree = pd.concat([segments["u"], segments["v"]]).value_counts()
    kind = np.where(degree.reindex(used).to_numpy() == 1, "end", "junction")
    nodes = gpd.GeoDataFrame(
        {"code": [node_code[int(u)] for u in used], "kind": kind, "elevation_m": np.nan, "osm_node": used},
        geometry=list(pts), crs=WGS84,
    )

    pipes = gpd.GeoDataFrame(
        {
            "code": [f"P{i + 1:05d}" for i in range(n)],
            "diameter_mm": dn,
            "material": material,
            "pipe_class": np.where(transmission, "transmission", "distribution"),
            "length_m": np.round(segments["length_m"].to_numpy(), 2),
            "exposed": transmission & bridge,
            "from_node": [node_code[int(u)] for u in segments["u"]],
            "to_node": [node_code[int(v)] for v in segments["v"]],
            "street": segments["name"].to_numpy(),
            "source": [SOURCE_NOTE.format(w) for w in segments["osm_id"]],
            "highway": hw,
            "bridge": bridge,
        },
        geometry=segments.geometry.values, crs=WGS84,
    )
    return pipes, nodes


def add_source(
    pipes: gpd.GeoDataFrame,
    nodes: gpd.GeoDataFrame,
    point: shapely.Point,
    local_crs: str,
    *,
    code: str,
    name: str,
    name_zh: str,
    kind: str,
    capacity_m3: float,
    notes: str,
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, dict]:
    """Connect a source (water works, reservoir) to the nearest transmission node.

    Returns the pipes and nodes with the new node and connection main added,
    and the source row (``code, name, name_zh, kind, node_code, capacity_m3,
    notes, geometry``).
    """
    tnodes = set(pipes.loc[pipes["pipe_class"] == "transmission", ["from_node", "to_node"]].to_numpy().ravel())
    candidates = nodes[nodes["code"].isin(tnodes)] if tnodes else nodes
    local = candidates.to_crs(local_crs)
    p_local = gpd.GeoSeries([point], crs=WGS84).to_crs(local_crs).iloc[0]
    d = local.distance(p_local)
    target = candidates.loc[d.idxmin()]
    node_code = f"N{len(nodes) + 1:05d}"
    new_node = gpd.GeoDataFrame(
        {"code": [node_code], "kind": [kind], "elevation_m": [np.nan], "osm_node": [0]}, geometry=[point], crs=WGS84
    )
    line = shapely.LineString([point, target.geometry])
    length = float(gpd.GeoSeries([line], crs=WGS84).to_crs(local_crs).length.iloc[0])
    new_pipe = gpd.GeoDataFrame(
        {
            "code": [f"P{len(pipes) + 1:05d}"], "diameter_mm": [1000.0], "material": ["steel"],
            "pipe_class": ["transmission"], "length_m": [round(length, 2)], "exposed": [False],
            "from_node": [node_code], "to_node": [target["code"]], "street": [None],
            "source": [f"demo: connection main from {name}"], "highway": [None], "bridge": [False],
        },
        geometry=[line], crs=WGS84,
    )
    source = {
        "code": code, "name": name, "name_zh": name_zh, "kind": kind, "node_code": node_code,
        "capacity_m3": capacity_m3, "notes": notes, "geometry": point,
    }
    return (
        gpd.GeoDataFrame(pd.concat([pipes, new_pipe], ignore_index=True), crs=WGS84),
        gpd.GeoDataFrame(pd.concat([nodes, new_node], ignore_index=True), crs=WGS84),
        source,
    )


def place_valves(pipes: gpd.GeoDataFrame, local_crs: str, seed: int) -> gpd.GeoDataFrame:
    """Isolation valves a few metres from each junction (degree ≥ 3) on every pipe leaving it.

    Both ends of an exposed segment get a valve as well, so a bridge crossing
    can be shut off on its own.

    Returns
    -------
    geopandas.GeoDataFrame
        ``code, diameter_mm, valve_type, status, node_code, pipe_code``.
    """
    ends = pd.DataFrame({
        "node": np.r_[pipes["from_node"].to_numpy(), pipes["to_node"].to_numpy()],
        "pipe": np.r_[np.arange(len(pipes)), np.arange(len(pipes))],
        "at_start": np.r_[np.ones(len(pipes), bool), np.zeros(len(pipes), bool)],
    })
    degree = ends["node"].map(ends["node"].value_counts())
    exposed = pipes["exposed"].to_numpy()[ends["pipe"].to_numpy()]
    ends = ends[(degree >= 3).to_numpy() | exposed].sort_values(["node", "pipe", "at_start"]).reset_index(drop=True)
    local = pipes.geometry.to_crs(local_crs).values[ends["pipe"].to_numpy()]
    length = shapely.length(local)
    offset = np.minimum(VALVE_OFFSET_M, length / 3.0)
    dist = np.where(ends["at_start"].to_numpy(), offset, length - offset)
    pts = gpd.GeoSeries(shapely.line_interpolate_point(local, dist), crs=local_crs).to_crs(WGS84)
    rng = np.random.default_rng(seed + 1)
    draw = rng.random(len(ends))
    # A few valves are found broken or buried: isolation has to skip them.
    status = np.where(draw < 0.015, "broken", np.where(draw < 0.025, "inaccessible", "open"))
    return gpd.GeoDataFrame(
        {
            "code": [f"V{i + 1:05d}" for i in range(len(ends))],
            "diameter_mm": pipes["diameter_mm"].to_numpy()[ends["pipe"].to_numpy()],
            "valve_type": "isolation",
            "status": status,
            "node_code": ends["node"].to_numpy(),
            "pipe_code": pipes["code"].to_numpy()[ends["pipe"].to_numpy()],
        },
        geometry=pts.values, crs=WGS84,
    )


def place_hydrants(pipes: gpd.GeoDataFrame, local_crs: str) -> gpd.GeoDataFrame:
    """Hydrants about every :data:`HYDRANT_SPACING_M` along distribution mains.

    Returns
    -------
    geopandas.GeoDataFrame
        ``code, diameter_mm, node_code (empty), pipe_code``.
    """
    dist_mask = (pipes["pipe_class"] == "distribution").to_numpy()
    local = pipes.geometry.to_crs(local_crs).values[dist_mask]
    codes = pipes["code"].to_numpy()[dist_mask]
    length = shapely.length(local)
    count = np.floor(length / HYDRANT_SPACING_M + 0.5).astype(int)
    which = np.repeat(np.arange(len(local)), count)
    k = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    at = (k + 0.5) * length[which] / count[which]
    pts = gpd.GeoSeries(shapely.line_interpolate_point(local[which], at), crs=local_crs).to_crs(WGS84)
    return gpd.GeoDataFrame(
        {
            "code": [f"H{i + 1:05d}" for i in range(len(which))],
            "diameter_mm": 100.0,
            "node_code": None,
            "pipe_code": codes[which],
        },
        geometry=pts.values, crs=WGS84,
    )
