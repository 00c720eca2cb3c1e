"""A drivable street graph for dispatch ETAs and the vehicle simulator.

Built from street lines (the basemap's ``basemap_streets`` layer: ``name``,
``highway``, EPSG:4326). Every line vertex becomes a node, keyed by its metric
coordinates rounded to 0.1 m so lines that share a vertex join; OSM-derived
streets share vertices at junctions. Edges carry their length and the travel
time at the speed of their highway class.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import geopandas as gpd
import networkx as nx
import numpy as np
import shapely
from pyproj import CRS, Transformer

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


@dataclass
class StreetGraph:
    """An undirected street graph in a metric CRS, with a nearest-node index.

    Attributes
    ----------
    graph
        ``networkx.Graph``; nodes have ``x, y`` (metric); edges ``length_m``,
        ``time_s``, ``speed_mps``, ``highway``, ``name``.
    crs
        The metric CRS of ``x, y``.
    """

    graph: nx.Graph
    crs: CRS
    _ids: np.ndarray = field(init=False, repr=False)
    _tree: shapely.STRtree = field(init=False, repr=False)
    _to_local: Transformer = field(init=False, repr=False)
    _to_wgs84: Transformer = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._ids = np.fromiter(self.graph.nodes, dtype=np.int64, count=self.graph.number_of_nodes())
        xy = np.array([(self.graph.nodes[n]["x"], self.graph.nodes[n]["y"]) for n in self._ids]).reshape(-1, 2)
        self._tree = shapely.STRtree(shapely.points(xy))
        self._to_local = Transformer.from_crs("EPSG:4326", self.crs, always_xy=True)
        self._to_wgs84 = Transformer.from_crs(self.crs, "EPSG:4326", always_xy=True)

    def to_local(self, lon, lat):
        """Lon/lat → metric x, y (scalars or arrays)."""
        return self._to_local.transform(lon, lat)

    def to_wgs84(self, x, y):
        """Metric x, y → lon, lat (scalars or arrays)."""
        return self._to_wgs84.transform(x, y)

    def nearest_nodes(self, lon, lat) -> tuple[np.ndarray, np.ndarray]:
        """The nearest graph node to each lon/lat and the distance to it in metres."""
        x, y = self.to_local(np.atleast_1d(np.asarray(lon, float)), np.atleast_1d(np.asarray(lat, float)))
        points = shapely.points(np.column_stack([x, y]))
        (src, dst), dist = self._tree.query_nearest(points, return_distance=True, all_matches=False)
        nodes = np.empty(len(points), dtype=np.int64)
        dists = np.empty(len(points))
        nodes[src] = self._ids[dst]
        dists[src] = dist
        return nodes, dists

    def node_xy(self, node: int) -> tuple[float, float]:
        """Metric coordinates of a node."""
        data = self.graph.nodes[node]
        return data["x"], data["y"]


def build_street_graph(
    streets: gpd.GeoDataFrame,
    crs: str | CRS | None = None,
    speeds_kmh: Mapping[str, float] | None = None,
) -> StreetGraph:
    """Build the drivable :class:`StreetGraph` from street lines.

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
    # Vectorised: node key per vertex, then edges between consecutive vertices of one line.
    keys = np.round(coords * 10.0).astype(np.int64)
    _, node_of, = np.unique(keys, axis=0, return_inverse=True)[:2]
    node_of = node_of.reshape(-1)
    same_line = line_index[1:] == line_index[:-1]
    a, b = node_of[:-1][same_line], node_of[1:][same_line]
    seg_len = np.hypot(*(coords[1:][same_line] - coords[:-1][same_line]).T)
    seg_line = line_index[1:][same_line]
    kmh = np.array([speeds.get(h, FALLBACK_KMH) if isinstance(h, str) else FALLBACK_KMH for h in highway])
    seg_speed = kmh[seg_line] / 3.6
    graph = nx.Graph()
    first = np.zeros(node_of.max() + 1 if len(node_of) else 0, dtype=np.int64)
    first[node_of[::-1]] = np.arange(len(node_of))[::-1]
    graph.add_nodes_from(
        (int(n), {"x": float(coords[i, 0]), "y": float(coords[i, 1])}) for n, i in enumerate(first.tolist())
    )
    keep = (a != b) & (seg_len > 0)
    for u, v, length, speed, li in zip(a[keep].tolist(), b[keep].tolist(), seg_len[keep].tolist(),
                                       seg_speed[keep].tolist(), seg_line[keep].tolist()):
        time_s = length / speed
        old = graph.get_edge_data(u, v)
        if old is None or old["time_s"] > time_s:
            graph.add_edge(u, v, length_m=length, time_s=time_s, speed_mps=speed,
                           highway=highway[li], name=names[li])
    graph.remove_nodes_from([n for n in list(graph.nodes) if graph.degree(n) == 0])
    return StreetGraph(graph, target)
