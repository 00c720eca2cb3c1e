"""Files for the "own event" tests: a pipe network along Monaco's streets, rosters and devices.

Built from the OSM fixture (tests/fixtures/osm/monaco-2016-03-01.osm.pbf) the
way a utility's GIS export looks: bare lines with Chinese field names and no
node references, valves as points (some mid-pipe), a source, CSV rosters.
"""

from __future__ import annotations

import csv
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MONACO_PBF = FIXTURES / "osm" / "monaco-2016-03-01.osm.pbf"
LOCAL = "EPSG:32632"


def _csv(path: Path, header: list[str], rows: list[list]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


_built: dict[str, Path] = {}


def build_monaco_files(folder: Path) -> dict[str, Path]:
    """Write pipes.gpkg, valves.gpkg, sources.gpkg and the CSVs into ``folder``; return their paths.

    The files are made once per test process (reading the OSM extract and laying the
    network costs seconds) and copied into ``folder`` for each test.
    """
    import atexit
    import shutil
    import tempfile

    if not _built:
        cache = Path(tempfile.mkdtemp(prefix="wg-monaco-"))
        atexit.register(shutil.rmtree, cache, True)
        _built.update(_write_monaco_files(cache))
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for kind, path in _built.items():
        paths[kind] = folder / path.name
        shutil.copyfile(path, paths[kind])
    return paths


def _write_monaco_files(folder: Path) -> dict[str, Path]:
    from gis.osm_extract import read_osm
    from gis.streets import largest_component, split_at_junctions

    folder.mkdir(parents=True, exist_ok=True)
    osm = read_osm(MONACO_PBF)
    streets = osm.streets[osm.streets["highway"].isin(["primary", "secondary", "tertiary", "residential"])]
    segments, _nodes = split_at_junctions(streets, LOCAL)
    segments = largest_component(segments).reset_index(drop=True)
    local = segments.geometry.to_crs(LOCAL) if segments.crs and segments.crs.to_epsg() != 32632 else segments.geometry
    geoms = local.to_numpy()
    n = len(geoms)
    rng = np.random.default_rng(13)
    diam = rng.choice(["DN100", "DN150", "DN200", "DN300"], size=n).astype(object)
    diam[:3] = None  # three pipes without a diameter: the check must name them
    pipes = gpd.GeoDataFrame({"管线编号": [f"GX{i:05d}" for i in range(n)], "管径": diam,
                              "材质": rng.choice(["球墨铸铁", "PE", "钢"], size=n)},
                             geometry=geoms, crs=LOCAL).to_crs("EPSG:4326")
    paths = {"pipes": folder / "pipes.gpkg"}
    pipes.to_file(paths["pipes"], driver="GPKG")
    # Valves: one at the middle of every 8th pipe (splits it), one near a start of every 11th.
    mids = shapely.line_interpolate_point(geoms[::8], 0.5, normalized=True)
    starts = shapely.line_interpolate_point(geoms[5::11], 0.2)  # 0.2 m in: within the 0.5 m tolerance
    vgeoms = np.concatenate([mids, starts])
    valves = gpd.GeoDataFrame({"阀门编号": [f"FM{i:04d}" for i in range(len(vgeoms))],
                               "口径": ["DN200"] * len(vgeoms), "状态": ["开"] * len(vgeoms)},
                              geometry=vgeoms, crs=LOCAL).to_crs("EPSG:4326")
    paths["valves"] = folder / "valves.gpkg"
    valves.to_file(paths["valves"], driver="GPKG")
    src = gpd.GeoDataFrame({"code": ["W1"], "name": ["Fontvieille works"], "kind": ["reservoir"]},
                           geometry=[shapely.get_point(geoms[0], 0)], crs=LOCAL).to_crs("EPSG:4326")
    paths["sources"] = folder / "sources.gpkg"
    src.to_file(paths["sources"], driver="GPKG")
    c = pipes.geometry.union_all().centroid
    paths["teams"] = _csv(folder / "teams.csv", ["编号", "名称", "类型", "班次", "组长", "电话"], [
        ["T01", "港口巡检一组", "巡检", "双班", "张伟", "13800000001"],
        ["T02", "赌场护卫组", "护卫", "双班", "李娜", "13800000002"],
        ["T03", "抢修一队", "抢修", "白班", "王强", "13800000003"],
    ])
    paths["staff"] = _csv(folder / "staff.csv", ["Name", "Team", "Role", "Phone"], [
        ["Luc Bianchi", "T01", "patroller", "+377 1"], ["Marie Rossi", "T01", "patroller", "+377 2"],
        ["Paul Ricci", "T02", "guard", "+377 3"], ["Anna Conti", "T03", "fitter", "+377 4"],
    ])
    paths["vehicles"] = _csv(folder / "vehicles.csv", ["车辆编号", "车牌", "车组人员", "驻点（经度，纬度）"], [
        ["V01", "MC-0001", "王强", f"{c.x - 0.004:.6f}, {c.y - 0.002:.6f}"],
        ["V02", "MC-0002", "Anna Conti", f"{c.x + 0.006:.6f}, {c.y + 0.003:.6f}"],
    ])
    paths["devices"] = _csv(folder / "devices.csv", ["Device id", "Owner kind", "Owner (vehicle or team code)",
                                                     "Patroller name"], [
        ["imei-860001", "vehicle", "V01", ""], ["imei-860002", "vehicle", "V02", ""],
        ["phone-luc", "patroller", "T01", "Luc Bianchi"],
    ])
    paths["roster"] = _csv(folder / "roster.csv", ["日期", "班次", "值班领导", "电话"], [
        ["2026-05-21", "白班", "张伟", "13800000001"], ["2026-05-21", "夜班", "李娜", "13800000002"],
    ])
    paths["units"] = _csv(folder / "units.csv", ["Code", "Name", "Report slots"], [
        ["U01", "Harbour branch", "08:00; 20:00"], ["U02", "Monte-Carlo branch", "08:00; 20:00"],
    ])
    return paths
