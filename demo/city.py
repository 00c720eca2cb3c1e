"""Build the bundled demo city and event from an OpenStreetMap extract.

``python -m demo.city --out resources/demo`` reads
``resources/osm/liechtenstein-2013-08-03.osm.pbf`` and writes
``demo_city.gpkg`` (one layer per feature kind plus ``basemap_*`` layers, all in
lon/lat WGS84) and ``demo_event.json`` (the event, teams, vehicles, rosters and
rules). The pipe network is derived from the streets and is not real; the
streets, buildings, hotels, stadium, hospital and town halls are OpenStreetMap
data (© OpenStreetMap contributors, ODbL 1.0).

The generator is deterministic: fixed seeds, inputs sorted by OSM id, codes
given in a fixed order. ``build_demo`` returns everything in memory so tests
can compare two runs; ``write_demo`` writes the files.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from demo import network as demo_network, roster as demo_roster
from gis.osm_extract import OsmExtract, read_osm
from gis.street_graph import WGS84, build_graph, largest_component, nearest_node, path_line, split_at_junctions

LOCAL_CRS = "EPSG:32632"
SEED = 20261201
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PBF = ROOT / "resources" / "osm" / "liechtenstein-2013-08-03.osm.pbf"
DEFAULT_OUT = ROOT / "resources" / "demo"
GPKG_NAME = "demo_city.gpkg"
JSON_NAME = "demo_event.json"
ATTRIBUTION = "© OpenStreetMap contributors (ODbL)"

#: Feature layers in the GeoPackage, in load order.
FEATURE_LAYERS = (
    "nodes", "pipes", "valves", "hydrants", "sources", "venues", "residences", "key_units",
    "routes", "sites", "key_roads", "key_areas", "users", "leak_points",
)
BASEMAP_LAYERS = ("basemap_streets", "basemap_buildings", "basemap_water", "basemap_green")

#: Hotels to house the delegations, in order of preference (OSM name → English, Chinese).
HOTELS = {
    "Park-Hotel Sonnenhof": ("Park-Hotel Sonnenhof", "森嫩霍夫公园酒店"),
    "Residence": ("Hotel Residence", "雷西登斯酒店"),
    "Landhaus am Giessen": ("Landhaus am Giessen", "吉森乡村酒店"),
    "Real": ("Hotel Real", "雷亚尔酒店"),
}
#: Key roads: OSM street names (merged) → English, Chinese.
KEY_ROADS = {
    ("Äulestrasse", "Landstrasse", "Heiligkreuz", "Kreisel Landtag"): ("Vaduz main road (Äulestrasse – Heiligkreuz)", "瓦杜兹主干道"),
    ("Zollstrasse",): ("Zollstrasse (to the Rhine bridge)", "海关街（通往莱茵桥）"),
    ("Fürst-Franz-Josef-Strasse",): ("Fürst-Franz-Josef-Strasse", "弗朗茨·约瑟夫亲王街"),
}
#: Chinese names of real OSM features the demo shows.
SITE_ZH = {"Hilti Innovation Center": "喜利得创新中心工地"}
FIRE_ZH = {
    "Feuerwehr Balzers": "巴尔采斯消防站",
    "Freiwillige Feuerwehr Triesen": "特里森志愿消防队",
    "Feuerwache Eschen": "埃申消防站",
}
#: Plausible construction sites placed beside the motorcade routes.
PLANNED_SITES = (
    ("Gas main replacement", "燃气管道更换", "Rheintal Leitungsbau AG", "active", "2026-11-10", "2026-12-18"),
    ("Road resurfacing", "道路翻修", "Strassenbau Oberland AG", "planned", "2026-12-02", "2026-12-03"),
    ("Telecom duct works", "通信管道施工", "Alpen Tiefbau GmbH", "suspended", "2026-10-01", "2027-01-31"),
    ("Building site", "建筑工地", "Vaduz Hochbau AG", "active", "2026-06-01", "2027-06-30"),
)


@dataclass
class DemoCity:
    """The demo in memory: feature layers, basemap layers and the event data."""

    layers: dict[str, gpd.GeoDataFrame] = field(default_factory=dict)
    basemap: dict[str, gpd.GeoDataFrame] = field(default_factory=dict)
    event: dict = field(default_factory=dict)


def _local(frame_or_geoms) -> gpd.GeoSeries:
    if isinstance(frame_or_geoms, gpd.GeoDataFrame):
        return frame_or_geoms.geometry.to_crs(LOCAL_CRS)
    return gpd.GeoSeries(frame_or_geoms, crs=WGS84).to_crs(LOCAL_CRS)


def _to_wgs(geoms) -> np.ndarray:
    return gpd.GeoSeries(geoms, crs=LOCAL_CRS).to_crs(WGS84).values


def _poi(osm: OsmExtract, key: str, value: str, name: str | None = None) -> gpd.GeoDataFrame:
    p = osm.pois
    mask = (p["key"] == key) & (p["value"] == value)
    if name is not None:
        mask &= p["name"] == name
    return p[mask]


def _perimeter(osm: OsmExtract, point: shapely.Point, half_side_m: float) -> shapely.Geometry:
    """The building under a point, else a square premises of ``2·half_side_m`` around it."""
    hit = osm.buildings[osm.buildings.contains(point)]
    if len(hit):
        return hit.geometry.iloc[0]
    p = _local([point]).iloc[0]
    return _to_wgs([p.buffer(half_side_m, cap_style="square")])[0]


def _places(osm: OsmExtract) -> dict[str, gpd.GeoDataFrame]:
    """Venue (the stadium), residences (hotels) and the key unit (government building)."""
    stadium = _poi(osm, "leisure", "stadium", "Rheinparkstadion")
    if len(stadium) == 0:
        stadium = _poi(osm, "leisure", "stadium")
    if len(stadium) == 0:
        raise ValueError("the OSM extract has no stadium to use as the venue")
    venue_geom = stadium.geometry.iloc[0]
    venues = gpd.GeoDataFrame(
        {"code": ["VEN01"], "name": ["Rheinpark Stadion"], "name_zh": ["莱茵公园体育场"], "buffer_m": [np.nan],
         "osm_id": [int(stadium["osm_id"].iloc[0])]},
        geometry=[venue_geom], crs=WGS84,
    )

    hotels = _poi(osm, "tourism", "hotel")
    chosen = [hotels[hotels["name"] == n].iloc[0] for n in HOTELS if (hotels["name"] == n).any()]
    if len(chosen) < 2:  # a clipped extract: the hotels nearest the venue
        d = _local(hotels).distance(_local([venue_geom.centroid]).iloc[0])
        chosen = [hotels.loc[i] for i in d.sort_values(kind="stable").index[:3]]
    chosen = chosen[:3]
    residences = gpd.GeoDataFrame(
        {
            "code": [f"RES{i + 1:02d}" for i in range(len(chosen))],
            "name": [HOTELS.get(h["name"], (f"Hotel {h['name']}",))[0] for h in chosen],
            "name_zh": [HOTELS.get(h["name"], (None, f"{h['name']}酒店"))[1] for h in chosen],
            "buffer_m": np.nan,
            "osm_id": [int(h["osm_id"]) for h in chosen],
        },
        geometry=[_perimeter(osm, h.geometry, 30.0) for h in chosen], crs=WGS84,
    )

    landtag = _poi(osm, "amenity", "townhall", "Landtag")
    if len(landtag) == 0:
        landtag = _poi(osm, "amenity", "townhall")
    key_units = gpd.GeoDataFrame(
        {"code": ["KU01"], "name": ["Government Building and Landtag"], "name_zh": ["政府大楼及议会"],
         "buffer_m": np.nan, "osm_id": [int(landtag["osm_id"].iloc[0]) if len(landtag) else 0]},
        geometry=[_perimeter(osm, landtag.geometry.iloc[0].centroid, 40.0) if len(landtag) else
                  _to_wgs([_local([venue_geom.centroid]).iloc[0].buffer(40, cap_style="square")])[0]],
        crs=WGS84,
    )
    return {"venues": venues, "residences": residences, "key_units": key_units}


def _routes(osm: OsmExtract, places: dict[str, gpd.GeoDataFrame]) -> gpd.GeoDataFrame:
    """Motorcade routes: shortest street paths residence → venue and venue → key unit."""
    segments, nodes = split_at_junctions(osm.streets.sort_values("osm_id", kind="stable"), LOCAL_CRS)
    segments = largest_component(segments[segments["u"] != segments["v"]])
    nodes = nodes.loc[np.unique(np.r_[segments["u"], segments["v"]])]
    graph = build_graph(segments)
    venue = places["venues"].iloc[0]
    key_unit = places["key_units"].iloc[0]
    pairs = [(r, venue) for _, r in places["residences"].iterrows()] + [(venue, key_unit)]
    ends = nearest_node(
        nodes, [p.geometry.centroid for pair in pairs for p in pair], LOCAL_CRS
    ).reshape(-1, 2)
    rows, geoms = [], []
    for (a, b), (u, v) in zip(pairs, ends):
        line = path_line(segments, graph, int(u), int(v))
        if line is None:
            continue
        rows.append({
            "code": f"R{len(rows) + 1:02d}",
            "name": f"{a['name']} → {b['name']}",
            "name_zh": f"{a['name_zh']} → {b['name_zh']}",
            "from_place": a["code"],
            "to_place": b["code"],
        })
        geoms.append(line)
    routes = gpd.GeoDataFrame(pd.DataFrame.from_records(rows, columns=["code", "name", "name_zh", "from_place", "to_place"]),
                              geometry=geoms, crs=WGS84)
    routes["length_m"] = np.round(_local(routes).length.to_numpy(), 1)
    return routes


def _street_at(pipes_local: gpd.GeoSeries, names: np.ndarray, point) -> str:
    idx = pipes_local.sindex.nearest(point, return_all=False)[1][0]
    name = names[idx]
    return name if isinstance(name, str) and name else "unnamed street"


def _sites(osm: OsmExtract, routes: gpd.GeoDataFrame, streets: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Real ``landuse=construction`` areas plus plausible sites beside the routes."""
    streets_local = _local(streets)
    names = streets["name"].to_numpy()
    rows, geoms = [], []
    real = osm.green[osm.green["kind"] == "construction"]
    for _, r in real.iterrows():
        street = _street_at(streets_local, names, _local([r.geometry.centroid]).iloc[0])
        name = r["name"] if isinstance(r["name"], str) else f"Construction site, {street}"
        name_zh = SITE_ZH.get(name, f"{street}施工工地")
        rows.append({"name": name, "name_zh": name_zh,
                     "contractor": None, "status": "active", "planned_start": "2026-03-01T00:00:00+00:00",
                     "planned_end": "2027-09-30T00:00:00+00:00", "origin": f"OSM way {int(r['osm_id'])}"})
        geoms.append(r.geometry)
    route_local = _local(routes).values
    for k, (name, name_zh, contractor, status, start, end) in enumerate(PLANNED_SITES):
        if len(route_local) == 0:
            break
        line = route_local[k % len(route_local)]
        frac = (0.3, 0.6, 0.45, 0.75)[k]
        at = line.length * frac
        p = shapely.line_interpolate_point(line, at)
        q = shapely.line_interpolate_point(line, min(at + 5.0, line.length))
        dx, dy = q.x - p.x, q.y - p.y
        norm = np.hypot(dx, dy) or 1.0
        ux, uy = dx / norm, dy / norm
        side = 1 if k % 2 == 0 else -1
        cx, cy = p.x - uy * 14.0 * side, p.y + ux * 14.0 * side
        # A 36 m × 14 m rectangle along the road, its near edge 7 m from the centreline.
        corners = [(cx + ux * a - uy * b, cy + uy * a + ux * b) for a, b in ((-18, -7), (18, -7), (18, 7), (-18, 7))]
        street = _street_at(streets_local, names, p)
        rows.append({"name": f"{name}, {street}", "name_zh": f"{name_zh}（{street}）", "contractor": contractor,
                     "status": status, "planned_start": f"{start}T07:00:00+00:00",
                     "planned_end": f"{end}T17:00:00+00:00", "origin": "demo: plausible site beside a motorcade route"})
        geoms.append(shapely.Polygon(corners))
    n_real = len(real)
    all_geoms = list(geoms[:n_real]) + list(_to_wgs(geoms[n_real:]))
    sites = gpd.GeoDataFrame(pd.DataFrame.from_records(rows), geometry=all_geoms, crs=WGS84)
    sites.insert(0, "code", [f"CS{i + 1:02d}" for i in range(len(sites))])
    return sites


def _key_roads(streets: gpd.GeoDataFrame, centre: shapely.Point) -> gpd.GeoDataFrame:
    """Key roads: named streets near the centre, merged, the longest connected run of each."""
    local = _local(streets)
    c = _local([centre]).iloc[0]
    near = (local.distance(c) < 1500).to_numpy()
    rows, geoms = [], []
    for names, (name, name_zh) in KEY_ROADS.items():
        mask = near & streets["name"].isin(names).to_numpy()
        if not mask.any():
            continue
        merged = shapely.line_merge(shapely.union_all(local.values[mask]))
        parts = list(getattr(merged, "geoms", [merged]))
        longest = max(parts, key=lambda g: (round(g.length, 3), g.wkb))
        rows.append({"name": name, "name_zh": name_zh})
        geoms.append(longest)
    if not rows:  # a clipped extract without those streets: its longest primary/secondary street
        major = streets[streets["highway"].isin(("primary", "secondary"))]
        if len(major):
            i = _local(major).length.to_numpy().argmax()
            rows.append({"name": str(major["name"].iloc[i] or "Main road"), "name_zh": "主干道"})
            geoms.append(_local(major).values[i])
    roads = gpd.GeoDataFrame(pd.DataFrame.from_records(rows, columns=["name", "name_zh"]),
                             geometry=list(_to_wgs(geoms)), crs=WGS84)
    roads.insert(0, "code", [f"KR{i + 1:02d}" for i in range(len(roads))])
    return roads


def _key_areas(osm: OsmExtract, places: dict[str, gpd.GeoDataFrame]) -> gpd.GeoDataFrame:
    """Key areas: Vaduz centre (around the town hall and government), Schaan centre, the hospital precinct."""
    specs = []
    rathaus = _poi(osm, "amenity", "townhall", "Rathaus Vaduz")
    centre = rathaus.geometry.iloc[0].centroid if len(rathaus) else places["key_units"].geometry.iloc[0].centroid
    specs.append(("Vaduz centre", "瓦杜兹市中心", [centre, places["key_units"].geometry.iloc[0].centroid], 280.0))
    schaan = osm.buildings[osm.buildings["name"] == "Rathaus"]
    if len(schaan):
        specs.append(("Schaan centre", "沙恩市中心", [schaan.geometry.iloc[0].centroid], 250.0))
    hospital = _poi(osm, "amenity", "hospital")
    if len(hospital):
        specs.append(("Hospital precinct", "医院片区", [hospital.geometry.iloc[0].centroid], 150.0))
    rows, geoms = [], []
    for name, name_zh, pts, radius in specs:
        local = _local(pts)
        # The convex hull of the buffered anchors: a compact district, not a circle.
        geoms.append(shapely.convex_hull(shapely.union_all(local.buffer(radius, quad_segs=4).values)))
        rows.append({"name": name, "name_zh": name_zh})
    areas = gpd.GeoDataFrame(pd.DataFrame.from_records(rows), geometry=list(_to_wgs(geoms)), crs=WGS84)
    areas.insert(0, "code", [f"KA{i + 1:02d}" for i in range(len(areas))])
    return areas


def _users(osm: OsmExtract, places: dict[str, gpd.GeoDataFrame], pipes: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Important users, each tied to the nearest distribution pipe (its service connection)."""
    rows, pts = [], []

    def add(name, name_zh, category, priority, geom, place_code=None, contact=None, phone=None):
        rows.append({"name": name, "name_zh": name_zh, "category": category, "priority": priority,
                     "place_code": place_code, "contact": contact, "phone": phone})
        pts.append(geom.representative_point() if geom.geom_type != "Point" else geom)

    hospital = _poi(osm, "amenity", "hospital")
    for _, h in hospital.iterrows():
        add("Liechtensteinisches Landesspital" if h["name"] == "Liechtensteinisches Landesspital" else str(h["name"]),
            "列支敦士登州立医院", "hospital", 1, h.geometry, contact="Facilities desk", phone="+423 235 44 11")
    for kind, category in (("venues", "venue"), ("residences", "residence"), ("key_units", "government")):
        for _, p in places[kind].iterrows():
            add(p["name"], p["name_zh"], category, 1, p.geometry, place_code=p["code"])
    rathaus = _poi(osm, "amenity", "townhall", "Rathaus Vaduz")
    if len(rathaus):
        add("Rathaus Vaduz", "瓦杜兹市政厅", "government", 2, rathaus.geometry.iloc[0], contact="Gemeindekanzlei Vaduz")
    schaan = osm.buildings[osm.buildings["name"] == "Rathaus"]
    if len(schaan):
        add("Rathaus Schaan", "沙恩市政厅", "government", 2, schaan.geometry.iloc[0], contact="Gemeindekanzlei Schaan")
    fire = _poi(osm, "amenity", "fire_station")
    for _, f in fire[fire["name"].notna()].head(3).iterrows():
        add(str(f["name"]), FIRE_ZH.get(f["name"], f"{f['name']}（消防站）"), "other", 2, f.geometry)

    users = gpd.GeoDataFrame(pd.DataFrame.from_records(rows), geometry=pts, crs=WGS84)
    dist = pipes[pipes["pipe_class"] == "distribution"]
    dist_local = _local(dist)
    in_idx, tree_idx = dist_local.sindex.nearest(_local(users).values, return_all=False)
    codes = np.empty(len(users), dtype=object)
    codes[in_idx] = dist["code"].to_numpy()[tree_idx]
    users["pipe_code"] = codes
    users.insert(0, "code", [f"U{i + 1:02d}" for i in range(len(users))])
    return users


def _leak_points(pipes: gpd.GeoDataFrame, anchors: list[tuple[str, str, shapely.Geometry]]) -> gpd.GeoDataFrame:
    """Leak survey points on pipes around the anchors, plus every ~500 m along transmission mains."""
    local = _local(pipes)
    mids = shapely.line_interpolate_point(local.values, 0.5, normalized=True)
    tree = shapely.STRtree(mids)
    rows, pts = [], []
    for label, label_zh, geom in anchors:
        g = _local([geom]).iloc[0]
        near = tree.query(g, predicate="dwithin", distance=250.0)
        near = near[np.lexsort((near, np.round(shapely.distance(mids[near], g), 3)))][:5]
        for i in near:
            rows.append({"name": f"Near {label}", "name_zh": f"{label_zh}附近测漏点"})
            pts.append(mids[i])
    trans = np.flatnonzero((pipes["pipe_class"] == "transmission").to_numpy())
    run = 0.0
    for i in trans:
        run += float(pipes["length_m"].iat[i])
        if run >= 500.0:
            run = 0.0
            street = pipes["street"].iat[i]
            street = street if isinstance(street, str) else "unnamed street"
            rows.append({"name": f"Transmission main, {street}", "name_zh": f"输水干线测漏点（{street}）"})
            pts.append(mids[i])
    # Two anchors can pick the same pipe: keep the first point within 30 m.
    keep, kept = [], []
    for k, p in enumerate(pts):
        if all(p.distance(q) >= 30.0 for q in kept):
            keep.append(k)
            kept.append(p)
    leak = gpd.GeoDataFrame(pd.DataFrame.from_records([rows[k] for k in keep], columns=["name", "name_zh"]),
                            geometry=list(_to_wgs(kept)), crs=WGS84)
    leak.insert(0, "code", [f"LP{i + 1:03d}" for i in range(len(leak))])
    return leak


def _basemap(osm: OsmExtract) -> dict[str, gpd.GeoDataFrame]:
    """Basemap layers, simplified in metres to keep the shipped file small."""

    def simplify(frame: gpd.GeoDataFrame, tol: float) -> np.ndarray:
        return _to_wgs(shapely.simplify(_local(frame).values, tol, preserve_topology=True))

    streets = pd.concat([osm.streets[["osm_id", "name", "highway", "geometry"]],
                         osm.paths[["osm_id", "name", "highway", "geometry"]]]).sort_values("osm_id", kind="stable")
    streets = gpd.GeoDataFrame(streets, crs=WGS84).reset_index(drop=True)
    buildings = osm.buildings[["name", "building", "amenity", "tourism"]].copy()
    buildings = gpd.GeoDataFrame(buildings, geometry=simplify(osm.buildings, 0.5), crs=WGS84)
    width = {"river": 25.0, "canal": 6.0, "stream": 3.0, "drain": 2.0, "ditch": 1.5}
    lines = osm.water_lines
    widened = _to_wgs(shapely.buffer(_local(lines).values, lines["waterway"].map(width).to_numpy() / 2.0, quad_segs=2))
    water = gpd.GeoDataFrame(
        pd.concat([osm.water[["name", "kind"]], lines[["name", "waterway"]].rename(columns={"waterway": "kind"})],
                  ignore_index=True),
        geometry=np.r_[simplify(osm.water, 1.0), widened], crs=WGS84,
    )
    green = gpd.GeoDataFrame(osm.green[["name", "kind"]].copy(), geometry=simplify(osm.green, 2.0), crs=WGS84)
    out = {
        "basemap_streets": streets[["name", "highway", "geometry"]],
        "basemap_buildings": buildings,
        "basemap_water": water,
        "basemap_green": green,
    }
    # Rivers and forests run far beyond the city: keep 1 km around the streets.
    w, s_, e, n = osm.streets.total_bounds
    frame_box = shapely.box(w - 0.013, s_ - 0.009, e + 0.013, n + 0.009)
    for name, frame in out.items():
        clipped = frame[frame.intersects(frame_box)].copy()
        geoms = shapely.intersection(clipped.geometry.values, frame_box)
        geoms = shapely.set_precision(geoms, 1e-7)
        clipped = clipped.set_geometry(list(geoms), crs=WGS84)
        out[name] = clipped[~clipped.geometry.is_empty].reset_index(drop=True)
    return out


def build_demo(pbf: str | Path = DEFAULT_PBF, bbox: tuple[float, float, float, float] | None = None) -> DemoCity:
    """Build the demo city and event from an OSM extract.

    Parameters
    ----------
    pbf
        The ``.osm.pbf`` file (default: the bundled Liechtenstein extract).
    bbox
        Optional ``(min_lon, min_lat, max_lon, max_lat)`` to build a small city
        (tests); features intersecting it are used.

    Returns
    -------
    DemoCity
        Feature layers (lon/lat, codes as references), basemap layers and the
        event data (a JSON-ready dict).
    """
    osm = read_osm(pbf, bbox=bbox)
    pipes, nodes = demo_network.build_pipes(osm.streets, LOCAL_CRS, SEED)
    sources = []
    works = _poi(osm, "man_made", "water_works")
    if len(works):
        point = works.geometry.iloc[0].centroid
        name, name_zh, kind, note = "Schaan Water Works", "沙恩水厂", "source", "OSM man_made=water_works"
    else:  # a clipped extract: a reservoir at the western edge of the network
        ends = nodes[nodes["kind"] == "end"] if (nodes["kind"] == "end").any() else nodes
        point = ends.geometry.iloc[int(np.argmin(ends.geometry.x.to_numpy()))]
        point = shapely.Point(point.x - 0.002, point.y)
        name, name_zh, kind, note = "Edge Reservoir", "边缘水库", "reservoir", "demo: placed at the network's edge"
    pipes, nodes, source = demo_network.add_source(
        pipes, nodes, point, LOCAL_CRS, code="S01", name=name, name_zh=name_zh, kind=kind,
        capacity_m3=20000.0, notes=note,
    )
    sources.append(source)
    valves = demo_network.place_valves(pipes, LOCAL_CRS, SEED)
    hydrants = demo_network.place_hydrants(pipes, LOCAL_CRS)

    places = _places(osm)
    routes = _routes(osm, places)
    sites = _sites(osm, routes, osm.streets[osm.streets["name"].notna()])
    centre = _poi(osm, "amenity", "townhall", "Rathaus Vaduz")
    centre_pt = centre.geometry.iloc[0].centroid if len(centre) else places["venues"].geometry.iloc[0].centroid
    key_roads = _key_roads(osm.streets, centre_pt)
    key_areas = _key_areas(osm, places)
    users = _users(osm, places, pipes)
    anchors = [(r["name"], r["name_zh"], r.geometry) for kind in ("residences", "venues", "key_units")
               for _, r in places[kind].iterrows()]
    anchors += [(r["name"], r["name_zh"], r.geometry) for _, r in key_areas.iterrows()]
    leak_points = _leak_points(pipes, anchors)

    layers = {
        "nodes": nodes.drop(columns=["osm_node"]),
        "pipes": pipes,
        "valves": valves,
        "hydrants": hydrants,
        "sources": gpd.GeoDataFrame(pd.DataFrame.from_records(sources).drop(columns="geometry"),
                                    geometry=[s["geometry"] for s in sources], crs=WGS84),
        **places,
        "routes": routes,
        "sites": sites,
        "key_roads": key_roads,
        "key_areas": key_areas,
        "users": users,
        "leak_points": leak_points,
    }
    depots = _depots(osm, nodes)
    event = demo_roster.event_data(routes=routes, depots=depots)
    return DemoCity(layers=layers, basemap=_basemap(osm), event=event)


def _depots(osm: OsmExtract, nodes: gpd.GeoDataFrame) -> list[dict]:
    """Repair depots: the network node nearest each village centre (Vaduz first)."""
    places = osm.pois[(osm.pois["key"] == "place") & osm.pois["value"].isin(("town", "village"))]
    wanted = ["Vaduz", "Schaan", "Triesen", "Balzers", "Eschen"]
    picked = [places[places["name"] == w].iloc[0] for w in wanted if (places["name"] == w).any()]
    if not picked:
        picked = [pd.Series({"name": "Vaduz", "geometry": nodes.geometry.iloc[0]})]
    idx = nearest_node(nodes.set_index("code"), [p.geometry for p in picked], LOCAL_CRS)
    pts = nodes.set_index("code").geometry
    return [{"name": f"{p['name']} depot", "lon": round(pts[c].x, 6), "lat": round(pts[c].y, 6)}
            for p, c in zip(picked, idx)]


def write_demo(demo: DemoCity, out: str | Path) -> dict[str, Path]:
    """Write ``demo_city.gpkg`` and ``demo_event.json`` into ``out`` (replacing them).

    Returns
    -------
    dict
        ``{"gpkg": path, "json": path}``.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    gpkg = out / GPKG_NAME
    if gpkg.exists():
        gpkg.unlink()
    # GeoPackage stamps every layer with the write time; a fixed stamp makes a
    # rebuild byte-identical, so git shows no change when nothing changed.
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": "2026-01-01T00:00:00.000Z"})
    try:
        for name, frame in [*demo.layers.items(), *demo.basemap.items()]:
            frame.to_file(gpkg, layer=name, driver="GPKG", engine="pyogrio")
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": None})
    path_json = out / JSON_NAME
    path_json.write_text(json.dumps(demo.event, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return {"gpkg": gpkg, "json": path_json}


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m demo.city --out resources/demo [--pbf FILE]``."""
    parser = argparse.ArgumentParser(prog="python -m demo.city", description=__doc__.splitlines()[0])
    parser.add_argument("--pbf", default=str(DEFAULT_PBF), help="OSM extract (.osm.pbf)")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="output folder")
    parser.add_argument("--bbox", type=float, nargs=4, metavar=("W", "S", "E", "N"), help="only this area")
    args = parser.parse_args(argv)
    demo = build_demo(args.pbf, bbox=tuple(args.bbox) if args.bbox else None)
    paths = write_demo(demo, args.out)
    counts = {k: len(v) for k, v in demo.layers.items()}
    print(json.dumps({"written": {k: str(v) for k, v in paths.items()}, "counts": counts}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
