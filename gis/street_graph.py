"""Streets split at junctions, as a networkx graph, with shortest paths along them.

OSM ways run from one end to the other across many junctions. A pipe network
(and a routing graph) needs edges between junctions, so every way is cut at
each node it shares with another way and at its ends. The cut is done on flat
arrays of node ids and coordinates for all ways at once, and the pieces become
linestrings in a single ``shapely.linestrings`` call.
"""

from __future__ import annotations

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import shapely

WGS84 = "EPSG:4326"


def split_at_junctions(ways: gpd.GeoDataFrame, local_crs: str) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Cut ways at every shared node and at their ends.

    Parameters
    ----------
    ways
        Lines in lon/lat with a ``node_ids`` column (tuples of OSM node ids, one
        per vertex, as :func:`gis.osm_extract.read_osm` gives them) and any
        attribute columns, which the pieces inherit.
    local_crs
        A metric CRS for ``length_m``.

    Returns
    -------
    segments : geopandas.GeoDataFrame
        One row per piece: the way's attributes, ``way_id`` (row position in
        ``ways``), ``u`` and ``v`` (OSM node ids of the ends) and ``length_m``.
    nodes : geopandas.GeoDataFrame
        The end nodes, indexed by OSM node id (sorted), with their points.
    """
    ways = ways.reset_index(drop=True)
    if len(ways) == 0:
        empty = gpd.GeoDataFrame({"u": [], "v": [], "length_m": []}, geometry=[], crs=WGS84)
        return empty, gpd.GeoDataFrame(geometry=[], crs=WGS84)
    coords, way_of = shapely.get_coordinates(ways.geometry.values, return_index=True)
    refs = np.fromiter((r for ids in ways["node_ids"] for r in ids), dtype=np.int64, count=len(way_of))
    n = len(refs)
    # A node shared by two ways (or visited twice by one) is a junction.
    uniq, inverse, counts = np.unique(refs, return_inverse=True, return_counts=True)
    split = counts[inverse] >= 2
    first = np.r_[True, way_of[1:] != way_of[:-1]]
    last = np.r_[way_of[1:] != way_of[:-1], True]
    split |= first | last
    # A closed way touching the rest at one node would become a self-loop:
    # cut it at its middle vertex as well.
    starts = np.flatnonzero(first)
    ends = np.flatnonzero(last)
    closed = refs[starts] == refs[ends]
    split[((starts + ends) // 2)[closed & (ends - starts >= 2)]] = True

    pos = np.flatnonzero(split)
    # Consecutive split positions inside the same way bound one segment.
    same_way = way_of[pos[:-1]] == way_of[pos[1:]]
    a, b = pos[:-1][same_way], pos[1:][same_way]
    lengths = b - a + 1
    seg_ids = np.repeat(np.arange(len(a)), lengths)
    offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    idx = np.repeat(a, lengths) + offsets
    geoms = shapely.linestrings(coords[idx], indices=seg_ids)
    attrs = ways.drop(columns=["node_ids", ways.geometry.name]).iloc[way_of[a]].reset_index(drop=True)
    attrs["way_id"] = way_of[a]
    attrs["u"] = refs[a]
    attrs["v"] = refs[b]
    segments = gpd.GeoDataFrame(attrs, geometry=geoms, crs=ways.crs)
    segments["length_m"] = segments.to_crs(local_crs).length.to_numpy()
    segments = segments[segments["length_m"] > 0.01].reset_index(drop=True)

    end_ids = np.unique(np.r_[segments["u"].to_numpy(), segments["v"].to_numpy()])
    first_pos = np.searchsorted(uniq, end_ids)
    # Position of one occurrence of each end node in the flat arrays.
    occ = np.full(len(uniq), -1, dtype=np.int64)
    occ[inverse[::-1]] = np.arange(n)[::-1]
    xy = coords[occ[first_pos]]
    nodes = gpd.GeoDataFrame(index=pd.Index(end_ids, name="osm_node"), geometry=shapely.points(xy), crs=ways.crs)
    return segments, nodes


def build_graph(segments: gpd.GeoDataFrame) -> nx.MultiGraph:
    """An undirected multigraph: nodes are ``u``/``v`` ids, edges keyed by segment row."""
    g = nx.MultiGraph()
    g.add_edges_from(
        (int(u), int(v), int(k), {"length": float(length)})
        for k, (u, v, length) in enumerate(zip(segments["u"], segments["v"], segments["length_m"]))
    )
    return g


def largest_component(segments: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The segments of the largest connected piece of the network (ties: smallest node id)."""
    if len(segments) == 0:
        return segments
    g = build_graph(segments)
    comps = sorted(nx.connected_components(g), key=lambda c: (-len(c), min(c)))
    keep = comps[0]
    mask = segments["u"].isin(keep).to_numpy()
    return segments[mask].reset_index(drop=True)


def path_line(segments: gpd.GeoDataFrame, graph: nx.MultiGraph, source: int, target: int) -> shapely.LineString | None:
    """The shortest street path between two graph nodes as one linestring (lon/lat).

    Parameters
    ----------
    segments
        The segments the graph was built from (edge keys are their row positions).
    graph
        :func:`build_graph` of ``segments``.
    source, target
        Node ids.

    Returns
    -------
    shapely.LineString or None
        None when the nodes are not connected or are the same node.
    """
    if source == target:
        return None
    try:
        nodes = nx.shortest_path(graph, source, target, weight="length")
    except nx.NetworkXNoPath:
        return None
    parts = []
    geoms = segments.geometry.values
    us = segments["u"].to_numpy()
    for a, b in zip(nodes[:-1], nodes[1:]):
        edges = graph.get_edge_data(a, b)
        key = min(edges, key=lambda k: (edges[k]["length"], k))
        xy = shapely.get_coordinates(geoms[key])
        if us[key] != a:
            xy = xy[::-1]
        parts.append(xy if not parts else xy[1:])
    return shapely.LineString(np.vstack(parts))


def nearest_node(nodes: gpd.GeoDataFrame, points, local_crs: str) -> np.ndarray:
    """For each point, the id (index value) of the nearest node.

    Parameters
    ----------
    nodes
        Nodes indexed by id, lon/lat points.
    points
        A GeoSeries / array of geometries in lon/lat.
    local_crs
        Metric CRS for the distance.
    """
    local = nodes.to_crs(local_crs)
    pts = gpd.GeoSeries(points, crs=WGS84).to_crs(local_crs)
    in_idx, tree_idx = local.sindex.nearest(pts.values, return_all=False)
    # One nearest per input (return_all=False); put them back in input order.
    return local.index.to_numpy()[tree_idx[np.argsort(in_idx, kind="stable")]]
