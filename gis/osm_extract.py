"""Read an OpenStreetMap ``.osm.pbf`` into GeoDataFrames (lon/lat WGS84).

One pass of pyosmium collects what the demo city needs: the street ways with
their node ids (so junctions can be found), buildings, water, green/landuse
areas, named amenities and points of interest. Python touches each OSM object
once to copy tags and coordinates into flat lists; every geometry is then built
in one vectorised shapely call (``linestrings(..., indices=...)``,
``from_wkb``), never one Python geometry object per loop turn.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import osmium
import pandas as pd
import shapely

WGS84 = "EPSG:4326"

#: Highway values a vehicle (and a water main under it) follows.
DRIVABLE = (
    "motorway", "trunk", "primary", "secondary", "tertiary", "unclassified", "residential",
    "living_street", "service", "road",
    "motorway_link", "trunk_link", "primary_link", "secondary_link", "tertiary_link",
)
#: Landuse / leisure / natural values drawn as the green & landuse basemap layer.
GREEN_TAGS = {
    "landuse": (
        "forest", "grass", "meadow", "recreation_ground", "village_green", "vineyard", "cemetery",
        "allotments", "orchard", "farmland", "farmyard", "residential", "industrial", "commercial",
        "retail", "construction", "quarry", "greenfield", "brownfield",
    ),
    "leisure": ("park", "pitch", "golf_course", "nature_reserve", "garden", "playground", "stadium", "sports_centre"),
    "natural": ("wood", "scrub", "grassland", "heath", "wetland"),
}
#: Water areas; rivers and streams (lines) are widened into polygons by the caller.
WATER_AREA = {"natural": ("water",), "waterway": ("riverbank",), "landuse": ("reservoir", "basin")}
WATERWAY_LINES = ("river", "canal", "stream", "drain", "ditch")
#: Tags that make a node or area an amenity / point of interest worth keeping.
POI_KEYS = {
    "amenity": ("hospital", "townhall", "public_building", "fire_station", "police", "school", "clinic"),
    "tourism": ("hotel",),
    "leisure": ("stadium",),
    "office": ("government",),
    "man_made": ("water_works", "water_tower", "reservoir_covered"),
    "place": ("town", "village", "suburb", "hamlet"),
}


@dataclass
class OsmExtract:
    """What :func:`read_osm` found, each as a GeoDataFrame in lon/lat WGS84.

    Attributes
    ----------
    streets
        Drivable ways: ``osm_id, highway, name, bridge (bool), oneway (bool)``
        and ``node_ids`` (a tuple of OSM node ids, for splitting at junctions).
    buildings
        Building polygons: ``osm_id, name, building, amenity, tourism``.
    water
        Water polygons: ``name, kind``; waterway lines as ``water_lines``.
    water_lines
        Rivers, canals and streams: ``name, waterway``.
    green
        Landuse / leisure / natural polygons: ``name, kind`` (the tag value),
        including ``landuse=construction``.
    pois
        Points and areas of interest: ``osm_type, osm_id, name, key, value`` with
        the area polygon (areas) or the point (nodes) as geometry.
    paths
        Every other highway line (tracks, footways …) for the basemap:
        ``name, highway``.
    """

    streets: gpd.GeoDataFrame
    buildings: gpd.GeoDataFrame
    water: gpd.GeoDataFrame
    water_lines: gpd.GeoDataFrame
    green: gpd.GeoDataFrame
    pois: gpd.GeoDataFrame
    paths: gpd.GeoDataFrame


def _match(tags, table: dict[str, tuple[str, ...]]) -> tuple[str, str] | None:
    for key, values in table.items():
        v = tags.get(key)
        if v is not None and v in values:
            return key, v
    return None


class _Lines:
    """Flat coordinate buffers for many linestrings, turned into geometries at once."""

    def __init__(self) -> None:
        self.lon: list[float] = []
        self.lat: list[float] = []
        self.part: list[int] = []
        self.rows: list[dict] = []

    def add(self, way, row: dict) -> bool:
        lons, lats, refs = [], [], []
        for n in way.nodes:
            loc = n.location
            if not loc.valid():
                continue
            lons.append(loc.lon)
            lats.append(loc.lat)
            refs.append(n.ref)
        if len(lons) < 2:
            return False
        k = len(self.rows)
        self.lon.extend(lons)
        self.lat.extend(lats)
        self.part.extend([k] * len(lons))
        row["node_ids"] = tuple(refs)
        self.rows.append(row)
        return True

    def frame(self, columns: list[str]) -> gpd.GeoDataFrame:
        if not self.rows:
            return gpd.GeoDataFrame({c: [] for c in columns}, geometry=[], crs=WGS84)
        coords = np.column_stack([self.lon, self.lat])
        geoms = shapely.linestrings(coords, indices=np.asarray(self.part))
        return gpd.GeoDataFrame(pd.DataFrame.from_records(self.rows, columns=columns), geometry=geoms, crs=WGS84)


def _yes(v: str | None) -> bool:
    return v is not None and v not in ("no", "false", "0")


def read_osm(path: str | Path, bbox: tuple[float, float, float, float] | None = None) -> OsmExtract:
    """Read an ``.osm.pbf`` (or ``.osm``) file into GeoDataFrames.

    Parameters
    ----------
    path
        The OSM file.
    bbox
        Optional ``(min_lon, min_lat, max_lon, max_lat)``: keep only features
        that intersect it (whole ways are kept, not clipped, so street
        topology stays intact). Used to make small test cities.

    Returns
    -------
    OsmExtract
        The layers, sorted by OSM id so that the output is deterministic.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"OSM file not found: {path}")
    wkb = osmium.geom.WKBFactory()
    streets, paths, water_lines = _Lines(), _Lines(), _Lines()
    areas: dict[str, list] = {"buildings": [], "water": [], "green": [], "pois": []}
    area_wkb: dict[str, list] = {k: [] for k in areas}
    poi_nodes: list[dict] = []
    poi_xy: list[tuple[float, float]] = []

    fp = osmium.FileProcessor(str(path)).with_locations().with_areas()
    for obj in fp:
        tags = obj.tags
        if obj.is_node():
            m = _match(tags, POI_KEYS)
            if m is not None and obj.location.valid():
                poi_nodes.append(
                    {"osm_type": "node", "osm_id": obj.id, "name": tags.get("name"), "key": m[0], "value": m[1]}
                )
                poi_xy.append((obj.location.lon, obj.location.lat))
        elif obj.is_way():
            hw = tags.get("highway")
            if hw is not None:
                row = {"osm_id": obj.id, "highway": hw, "name": tags.get("name")}
                if hw in DRIVABLE and tags.get("area") != "yes":
                    row.update(bridge=_yes(tags.get("bridge")), oneway=tags.get("oneway") in ("yes", "1", "true", "-1"))
                    streets.add(obj, row)
                elif tags.get("area") != "yes":
                    paths.add(obj, row)
            ww = tags.get("waterway")
            if ww in WATERWAY_LINES:
                water_lines.add(obj, {"osm_id": obj.id, "name": tags.get("name"), "waterway": ww})
        elif obj.is_area():
            kind_rows = []
            if "building" in tags:
                kind_rows.append(("buildings", {
                    "osm_id": obj.orig_id(), "name": tags.get("name"), "building": tags.get("building"),
                    "amenity": tags.get("amenity"), "tourism": tags.get("tourism"),
                }))
            m = _match(tags, WATER_AREA)
            if m is not None:
                kind_rows.append(("water", {"osm_id": obj.orig_id(), "name": tags.get("name"), "kind": m[1]}))
            m = _match(tags, GREEN_TAGS)
            if m is not None:
                kind_rows.append(("green", {"osm_id": obj.orig_id(), "name": tags.get("name"), "kind": m[1]}))
            m = _match(tags, POI_KEYS)
            if m is not None:
                kind_rows.append(("pois", {
                    "osm_type": "way" if obj.from_way() else "relation", "osm_id": obj.orig_id(),
                    "name": tags.get("name"), "key": m[0], "value": m[1],
                }))
            if kind_rows:
                try:
                    geom = wkb.create_multipolygon(obj)
                except RuntimeError:  # broken multipolygon in the source: skip it
                    continue
                for layer, row in kind_rows:
                    areas[layer].append(row)
                    area_wkb[layer].append(geom)

    def area_frame(layer: str, columns: list[str]) -> gpd.GeoDataFrame:
        geoms = shapely.from_wkb(np.asarray(area_wkb[layer], dtype=object)) if area_wkb[layer] else []
        return gpd.GeoDataFrame(pd.DataFrame.from_records(areas[layer], columns=columns), geometry=geoms, crs=WGS84)

    point_pois = gpd.GeoDataFrame(
        pd.DataFrame.from_records(poi_nodes, columns=["osm_type", "osm_id", "name", "key", "value"]),
        geometry=shapely.points(np.asarray(poi_xy).reshape(-1, 2)), crs=WGS84,
    )
    area_pois = area_frame("pois", ["osm_type", "osm_id", "name", "key", "value"])
    pois = gpd.GeoDataFrame(pd.concat([point_pois, area_pois], ignore_index=True), crs=WGS84)

    out = OsmExtract(
        streets=streets.frame(["osm_id", "highway", "name", "bridge", "oneway", "node_ids"]),
        buildings=area_frame("buildings", ["osm_id", "name", "building", "amenity", "tourism"]),
        water=area_frame("water", ["osm_id", "name", "kind"]),
        water_lines=water_lines.frame(["osm_id", "name", "waterway", "node_ids"]).drop(columns="node_ids"),
        green=area_frame("green", ["osm_id", "name", "kind"]),
        pois=pois,
        paths=paths.frame(["osm_id", "highway", "name", "node_ids"]).drop(columns="node_ids"),
    )
    for name in ("streets", "buildings", "water", "water_lines", "green", "pois", "paths"):
        frame = getattr(out, name)
        sort_cols = ["osm_type", "osm_id"] if name == "pois" else ["osm_id"]
        frame = frame.sort_values(sort_cols, kind="stable").reset_index(drop=True)
        if bbox is not None and len(frame):
            frame = frame[frame.intersects(shapely.box(*bbox))].reset_index(drop=True)
        setattr(out, name, frame)
    return out
