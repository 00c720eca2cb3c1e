"""The one street graph: street lines as edges, their ends as nodes, shortest paths along them.

:class:`StreetGraph` is built from an array of line geometries in a metric
CRS (and, optionally, a speed, class and name per line). A line's ends become
nodes, snapped to a grid of ``snap_m`` so lines that share an end join (or
given as ids, e.g. OSM node ids). Shortest paths, travel times and components
come from :mod:`scipy.sparse.csgraph` over the edges' lengths or times; the
nearest node from an STR-tree.

Its users: dispatch ETAs (:mod:`gis.dispatch`), the vehicle simulator
(:mod:`demo.vehicle_sim`), the patrol simulator (:mod:`demo.patrol_sim`) and
the demo city's motorcade routes and pipe network (:mod:`demo.city`,
:mod:`demo.network`, through :func:`split_at_junctions`).

:func:`build_street_graph` makes the drivable graph from street lines (the
basemap's ``basemap_streets`` layer, or the store's streets: ``name``,
``highway``, any CRS): every line vertex becomes a node, keyed by its metric
coordinates rounded to 0.1 m; OSM-derived streets share vertices at
junctions. Edges carry their length and the travel time at the speed of their
highway class.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Transformer
from scipy import sparse
from scipy.sparse import csgraph

#: Typical urban driving speeds of a repair vehicle by OSM highway class, km/h.
DEFAULT_SPEEDS_KMH: dict[str, float] = {
    "motorway": 80, "motorway_link": 50, "trunk": 60, "trunk_link": 40,
    "primary": 50, "primary_link": 35, "secondary": 45, "secondary_link": 30,
    "tertiary": 40, "tertiary_link": 30, "unclassified": 35, "residential": 30,
    "living_street": 10, "service": 20, "road": 30, "track": 15,
}
#: Classes a vehicle cannot drive on.
NOT_DRIVABLE = frozenset({"footway", "path", "steps", "cycleway", "pedestrian", "bridleway", "corridor", "proposed"})
#: Speed used for an unknown class, and for the last metres off the network.
FALLBACK_KMH = 25.0
OFFROAD_KMH = 10.0


WGS84 = "EPSG:4326"


class NoPath(ValueError):
    """Two nodes are not connected by the streets."""


def _row_ids(keys: np.ndarray) -> tuple[int, np.ndarray]:
    """Number of distinct rows of the ``(n, 2)`` integer ``keys`` and each row's rank among them (row order).

    What ``np.unique(keys, axis=0, return_inverse=True)`` gives, by one lexsort (no structured copies of a
    city's million line ends).
    """
    if len(keys) == 0:
        return 0, np.empty(0, dtype=np.int64)
    order = np.lexsort((keys[:, 1], keys[:, 0]))
    k = keys[order]
    new = np.empty(len(k), dtype=bool)
    new[0] = True
    np.not_equal(k[1:, 0], k[:-1, 0], out=new[1:])
    new[1:] |= k[1:, 1] != k[:-1, 1]
    del k
    rank = np.cumsum(new) - 1
    inverse = np.empty(len(keys), dtype=np.int64)
    inverse[order] = rank
    return int(rank[-1]) + 1, inverse


class NodeLinks:
    """The lines at each node as ``(edge, other end)`` pairs, in edge order (a loop twice).

    Kept as two flat arrays indexed by node (like a CSR matrix): a city's
    500,000 lines take 16 MB here, where a list of tuples per node took 200 MB.
    ``links[node]`` gives that node's pairs as a small list, made when asked.
    """

    def __init__(self, u: np.ndarray, v: np.ndarray, n_nodes: int) -> None:
        n = len(u)
        # Line e adds (e, v) at u, then (e, u) at v: interleaved, then a stable sort by node keeps that order.
        at = np.column_stack([u, v]).ravel()
        order = np.argsort(at, kind="stable")
        self._edge = np.repeat(np.arange(n, dtype=np.int64), 2)[order]
        self._other = np.column_stack([v, u]).ravel()[order].astype(np.int64)
        self._start = np.zeros(n_nodes + 1, dtype=np.int64)
        np.cumsum(np.bincount(at, minlength=n_nodes), out=self._start[1:])

    def __len__(self) -> int:
        return len(self._start) - 1

    def __getitem__(self, node: int) -> list[tuple[int, int]]:
        a, b = self._start[node], self._start[node + 1]
        return list(zip(self._edge[a:b].tolist(), self._other[a:b].tolist()))


class StreetGraph:
    """Street lines as an undirected graph: edges are the lines, nodes their ends.

    Parameters
    ----------
    lines
        LineStrings in the metric CRS ``crs`` (one edge each).
    crs
        Their metric CRS (None for bare geometry: no lon/lat conversions).
    speed_mps
        Travel speed per line (default :data:`FALLBACK_KMH`).
    highway, names
        OSM class and street name per line (optional).
    snap_m
        Line ends closer than this (on a grid of this size) are one node.
    ends
        ``(u, v)``: the node id of each line's start and end (e.g. OSM node
        ids), instead of snapping; :attr:`node_ids` keeps them.

    Attributes
    ----------
    u, v
        Node index of each edge's start and end.
    xy
        ``(n_nodes, 2)`` metric node coordinates.
    length_m, speed_mps, time_s
        Per edge.
    """

    def __init__(self, lines, crs: str | CRS | None = None, *, speed_mps=None, highway=None, names=None,
                 snap_m: float = 0.1, ends: tuple[np.ndarray, np.ndarray] | None = None) -> None:
        from gis.segment_lines import SegmentLines

        # Plain lines as vertex arrays (a city's pipes): no geometry per line is made here.
        vertices = isinstance(lines, SegmentLines) and not lines.other
        self.lines = lines if vertices else np.asarray(lines, dtype=object)
        n = len(self.lines)
        self.crs = None if crs is None else CRS.from_user_input(crs)
        if vertices:  # every line has its vertices: its ends are its offsets
            coords, starts, stops = lines.coords, lines.offsets[:-1], lines.offsets[1:] - 1
        else:
            coords, index = shapely.get_coordinates(self.lines, return_index=True)
            starts = np.searchsorted(index, np.arange(n), side="left")
            stops = np.searchsorted(index, np.arange(n), side="right") - 1
        self._coords, self._starts, self._ends = coords, starts, stops
        ends_xy = np.vstack([coords[starts], coords[stops]]) if n else np.empty((0, 2))
        if ends is None:
            n_uniq, node = _row_ids(np.round(ends_xy / snap_m).astype(np.int64))
            self.node_ids = np.arange(n_uniq, dtype=np.int64)
        else:
            self.node_ids, node = np.unique(np.r_[np.asarray(ends[0], np.int64), np.asarray(ends[1], np.int64)],
                                            return_inverse=True)
        node = node.ravel()
        self.u, self.v = node[:n], node[n:]
        self.n_nodes = int(node.max()) + 1 if len(node) else 0
        first = np.zeros(self.n_nodes, dtype=np.int64)
        first[node[::-1]] = np.arange(len(node))[::-1]
        self.xy = ends_xy[first] if self.n_nodes else np.empty((0, 2))
        self.length_m = (lines.lengths.copy() if vertices
                         else np.asarray(shapely.length(self.lines), dtype="float64"))
        speed = np.full(n, FALLBACK_KMH / 3.6) if speed_mps is None else np.asarray(speed_mps, dtype="float64")
        self.speed_mps = speed
        self.time_s = self.length_m / speed
        self.highway = np.full(n, None, dtype=object) if highway is None else np.asarray(highway, dtype=object)
        self.names = np.full(n, None, dtype=object) if names is None else np.asarray(names, dtype=object)
        if self.crs is not None:
            self._to_local = Transformer.from_crs(WGS84, self.crs, always_xy=True)
            self._to_wgs84 = Transformer.from_crs(self.crs, WGS84, always_xy=True)

    # -- sizes, coordinates ----------------------------------------------------------------
    @property
    def n_edges(self) -> int:
        """Number of lines (edges)."""
        return len(self.lines)

    @property
    def nodes(self) -> np.ndarray:
        """Node indices ``0 … n_nodes-1``."""
        return np.arange(self.n_nodes)

    def to_local(self, lon, lat):
        """Lon/lat → metric x, y (scalars or arrays)."""
        return self._to_local.transform(lon, lat)

    def to_wgs84(self, x, y):
        """Metric x, y → lon, lat (scalars or arrays)."""
        return self._to_wgs84.transform(x, y)

    def node_xy(self, node: int) -> tuple[float, float]:
        """Metric coordinates of a node."""
        return float(self.xy[node, 0]), float(self.xy[node, 1])

    @cached_property
    def midpoints(self) -> np.ndarray:
        """``(n_edges, 2)``: the point halfway along each line."""
        from gis.segment_lines import SegmentLines

        if isinstance(self.lines, SegmentLines):
            # Vertex arrays: geometries 50,000 at a time, only their points' coordinates kept (a city's
            # 500,000 shapely points held together were ~60 MB).
            n = len(self.lines)
            out = np.empty((n, 2))
            for i in range(0, n, 50_000):
                rows = np.arange(i, min(i + 50_000, n))
                out[rows] = shapely.get_coordinates(shapely.line_interpolate_point(self.lines[rows], 0.5,
                                                                                   normalized=True))
            return out
        return shapely.get_coordinates(shapely.line_interpolate_point(self.lines, 0.5, normalized=True))

    def midpoints_of(self, rows: np.ndarray) -> np.ndarray:
        """``(len(rows), 2)``: :attr:`midpoints` of lines ``rows`` only (the same numbers, no other line's made)."""
        if "midpoints" in self.__dict__:
            return self.midpoints[rows]
        rows = np.asarray(rows, dtype=np.int64)
        return shapely.get_coordinates(shapely.line_interpolate_point(self.lines[rows], 0.5, normalized=True))

    @cached_property
    def adj(self) -> NodeLinks:
        """Per node: ``(edge, other end)`` of the lines at it, in edge order (loops twice)."""
        return NodeLinks(self.u, self.v, self.n_nodes)

    def line_coords(self, e: int, from_node: int, lines=None) -> np.ndarray:
        """Coordinates of line ``e`` in the direction leaving ``from_node`` (of ``lines``, default the graph's)."""
        if lines is None:
            c = self._coords[self._starts[e]:self._ends[e] + 1]
        else:
            c = shapely.get_coordinates(lines[e])
        return c if self.u[e] == from_node else c[::-1]

    # -- nearest ------------------------------------------------------------------------
    @cached_property
    def _tree(self) -> shapely.STRtree:
        return shapely.STRtree(shapely.points(self.xy))

    def nearest_nodes_xy(self, x, y) -> tuple[np.ndarray, np.ndarray]:
        """The nearest node to each metric point and the distance to it."""
        points = shapely.points(np.column_stack([np.atleast_1d(np.asarray(x, float)),
                                                 np.atleast_1d(np.asarray(y, float))]))
        (src, dst), dist = self._tree.query_nearest(points, return_distance=True, all_matches=False)
        nodes = np.empty(len(points), dtype=np.int64)
        dists = np.empty(len(points))
        nodes[src] = dst
        dists[src] = dist
        return nodes, dists

    def nearest_nodes(self, lon, lat) -> tuple[np.ndarray, np.ndarray]:
        """The nearest node to each lon/lat and the distance to it in metres."""
        x, y = self.to_local(np.atleast_1d(np.asarray(lon, float)), np.atleast_1d(np.asarray(lat, float)))
        return self.nearest_nodes_xy(x, y)

    # -- paths ----------------------------------------------------------------------------
    def _matrix(self, weight: str) -> tuple[sparse.csr_matrix, np.ndarray]:
        """Symmetric CSR of the cheapest line between each pair of nodes, and that line's index per entry."""
        cache = self.__dict__.setdefault("_matrices", {})
        if weight not in cache:
            w = {"time": self.time_s, "length": self.length_m}[weight]
            e = np.arange(self.n_edges)
            keep = self.u != self.v
            a = np.r_[self.u[keep], self.v[keep]]
            b = np.r_[self.v[keep], self.u[keep]]
            ww = np.r_[w[keep], w[keep]]
            ee = np.r_[e[keep], e[keep]]
            order = np.lexsort((ee, ww, b, a))  # per pair: cheapest first, then the lower line index
            a, b, ww, ee = a[order], b[order], ww[order], ee[order]
            first = np.ones(len(a), dtype=bool)
            first[1:] = (a[1:] != a[:-1]) | (b[1:] != b[:-1])
            a, b, ww, ee = a[first], b[first], ww[first], ee[first]
            indptr = np.searchsorted(a, np.arange(self.n_nodes + 1))
            # csgraph reads an explicit 0 as "no edge": a zero-length line costs a hair.
            m = sparse.csr_matrix((np.maximum(ww, 1e-9), b, indptr), shape=(self.n_nodes, self.n_nodes))
            cache[weight] = (m, ee)
        return cache[weight]

    def costs_from(self, source: int, weight: str = "time") -> np.ndarray:
        """Travel time (``weight="time"``, s) or length (``"length"``, m) from ``source`` to every node (inf: unreachable)."""
        m, _ = self._matrix(weight)
        return csgraph.dijkstra(m, directed=False, indices=int(source))

    def shortest_path(self, source: int, target: int, weight: str = "time") -> tuple[list[int], list[int]]:
        """The nodes and lines of the fastest (or shortest) path from ``source`` to ``target``.

        Raises
        ------
        NoPath
            When no street connects them.
        """
        source, target = int(source), int(target)
        if source == target:
            return [source], []
        m, edge_of = self._matrix(weight)
        dist, pred = csgraph.dijkstra(m, directed=False, indices=source, return_predecessors=True)
        if not np.isfinite(dist[target]):
            raise NoPath(f"no street path from node {source} to node {target}")
        nodes = [target]
        while nodes[-1] != source:
            nodes.append(int(pred[nodes[-1]]))
        nodes.reverse()
        edges = []
        for p, q in zip(nodes[:-1], nodes[1:]):
            lo, hi = m.indptr[p], m.indptr[p + 1]
            edges.append(int(edge_of[lo + int(np.searchsorted(m.indices[lo:hi], q))]))
        return nodes, edges

    def path_coords(self, nodes: list[int], edges: list[int], lines=None) -> np.ndarray:
        """Coordinates along a path of :meth:`shortest_path` (of ``lines``, default the graph's)."""
        parts = [self.line_coords(e, a, lines) for a, e in zip(nodes[:-1], edges)]
        if not parts:
            return self.xy[nodes[:1]]
        return np.vstack([parts[0], *[p[1:] for p in parts[1:]]])

    def components(self) -> np.ndarray:
        """Connected-component label of each node."""
        m, _ = self._matrix("length")
        return csgraph.connected_components(m, directed=False)[1]

    def largest_component(self) -> np.ndarray:
        """Boolean per edge: the lines of the largest connected piece (ties: the piece with the smallest node id)."""
        if self.n_nodes == 0:
            return np.zeros(self.n_edges, dtype=bool)
        labels = self.components()
        sizes = np.bincount(labels)
        first_id = np.full(len(sizes), np.iinfo(np.int64).max)
        np.minimum.at(first_id, labels, self.node_ids)
        best = min(range(len(sizes)), key=lambda c: (-sizes[c], first_id[c]))
        return labels[self.u] == best

    @cached_property
    def graph(self):
        """The same graph as a ``networkx.Graph`` (nodes ``x, y``; edges ``length_m, time_s, speed_mps,
        highway, name``; the fastest line per pair), for callers that want networkx."""
        import networkx as nx

        g = nx.Graph()
        g.add_nodes_from((i, {"x": float(x), "y": float(y)}) for i, (x, y) in enumerate(self.xy.tolist()))
        order = np.argsort(-self.time_s, kind="stable")  # the fastest line per pair is added last and kept
        for e in order.tolist():
            if self.u[e] != self.v[e]:
                g.add_edge(int(self.u[e]), int(self.v[e]), length_m=float(self.length_m[e]),
                           time_s=float(self.time_s[e]), speed_mps=float(self.speed_mps[e]),
                           highway=self.highway[e], name=self.names[e])
        return g


def build_street_graph(
    streets: gpd.GeoDataFrame,
    crs: str | CRS | None = None,
    speeds_kmh: Mapping[str, float] | None = None,
) -> StreetGraph:
    """Build the drivable :class:`StreetGraph` from street lines: one edge per line segment.

    Parameters
    ----------
    streets
        Lines (LineString/MultiLineString) with an optional ``highway`` column
        (OSM class) and ``name``; any CRS (reprojected).
    crs
        The metric CRS to work in; the data's UTM zone when None.
    speeds_kmh
        Speed per highway class (defaults: :data:`DEFAULT_SPEEDS_KMH`).
    """
    speeds = dict(DEFAULT_SPEEDS_KMH if speeds_kmh is None else speeds_kmh)
    frame = streets[~streets.geometry.is_empty & streets.geometry.notna()]
    if "highway" in frame.columns:
        frame = frame[~frame["highway"].isin(NOT_DRIVABLE)]
    target = CRS.from_user_input(crs) if crs is not None else frame.estimate_utm_crs()
    local = frame.to_crs(target).explode(index_parts=False)
    highway = local["highway"].astype(object).to_numpy() if "highway" in local.columns else np.full(len(local), None)
    names = local["name"].astype(object).to_numpy() if "name" in local.columns else np.full(len(local), None)
    coords, line_index = shapely.get_coordinates(local.geometry.to_numpy(), return_index=True)
    # Vectorised: segments between consecutive vertices of one line, at their class's speed.
    node_of = _row_ids(np.round(coords * 10.0).astype(np.int64))[1]
    same_line = line_index[1:] == line_index[:-1]
    a, b = node_of[:-1][same_line], node_of[1:][same_line]
    p0, p1 = coords[:-1][same_line], coords[1:][same_line]
    seg_len = np.hypot(*(p1 - p0).T)
    seg_line = line_index[1:][same_line]
    kmh = np.array([speeds.get(h, FALLBACK_KMH) if isinstance(h, str) else FALLBACK_KMH for h in highway])
    seg_speed = kmh[seg_line] / 3.6 if len(kmh) else np.empty(0)
    keep = (a != b) & (seg_len > 0)
    a, b, p0, p1, seg_len, seg_speed, seg_line = (x[keep] for x in (a, b, p0, p1, seg_len, seg_speed, seg_line))
    # Two lines along the same pair of vertices: keep the fastest (the first of them on a tie).
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    order = np.lexsort((np.arange(len(lo)), seg_len / np.maximum(seg_speed, 1e-9), hi, lo))
    first = np.ones(len(order), dtype=bool)
    first[1:] = (lo[order][1:] != lo[order][:-1]) | (hi[order][1:] != hi[order][:-1])
    pick = np.sort(order[first])
    lines = shapely.linestrings(np.stack([p0[pick], p1[pick]], axis=1)) if len(pick) else np.empty(0, dtype=object)
    return StreetGraph(lines, target, speed_mps=seg_speed[pick], highway=highway[seg_line[pick]],
                       names=names[seg_line[pick]], snap_m=0.1)


def split_at_junctions(ways: gpd.GeoDataFrame, local_crs: str) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Cut OSM ways at every shared node and at their ends (the edges of a :class:`StreetGraph`).

    OSM ways run from one end to the other across many junctions. A pipe
    network (and a routing graph) needs edges between junctions, so every way
    is cut at each node it shares with another way and at its ends. The cut is
    done on flat arrays of node ids and coordinates for all ways at once, and
    the pieces become linestrings in a single ``shapely.linestrings`` call.

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


def segment_graph(segments: gpd.GeoDataFrame, local_crs: str | None) -> StreetGraph:
    """The :class:`StreetGraph` of :func:`split_at_junctions`'s segments (nodes: their OSM ids; edge = row).

    ``local_crs`` None keeps the lon/lat lines (topology only: components, no lengths).
    """
    lines = segments.geometry
    if local_crs is not None and len(segments):
        lines = lines.to_crs(local_crs)
    return StreetGraph(lines.to_numpy(), local_crs,
                       ends=(segments["u"].to_numpy(np.int64), segments["v"].to_numpy(np.int64)))


def largest_component(segments: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The segments of the largest connected piece of the network (ties: smallest node id)."""
    if len(segments) == 0:
        return segments
    keep = segment_graph(segments, None).largest_component()
    return segments[keep].reset_index(drop=True)


def path_line(segments: gpd.GeoDataFrame, graph: StreetGraph, source: int, target: int) -> shapely.LineString | None:
    """The shortest street path between two OSM nodes as one linestring in the segments' CRS (lon/lat).

    Parameters
    ----------
    segments
        The segments ``graph`` was built from (:func:`segment_graph`; edge = row).
    source, target
        OSM node ids.

    Returns
    -------
    shapely.LineString or None
        None when the nodes are not connected or are the same node.
    """
    if source == target:
        return None
    a, b = np.searchsorted(graph.node_ids, [source, target])
    try:
        nodes, edges = graph.shortest_path(int(a), int(b), "length")
    except NoPath:
        return None
    return shapely.LineString(graph.path_coords(nodes, edges, lines=segments.geometry.to_numpy()))


def nearest_node(nodes: gpd.GeoDataFrame, points, local_crs: str) -> np.ndarray:
    """For each point, the id (index value) of the nearest of ``nodes`` (lon/lat; distance in ``local_crs``)."""
    local = nodes.to_crs(local_crs)
    pts = gpd.GeoSeries(points, crs=WGS84).to_crs(local_crs)
    in_idx, tree_idx = local.sindex.nearest(pts.values, return_all=False)
    # One nearest per input (return_all=False); put them back in input order.
    return local.index.to_numpy()[tree_idx[np.argsort(in_idx, kind="stable")]]
