"""``python app.py import``: real files into real stores, one transaction each."""

from __future__ import annotations

import argparse
import importlib.util
import json
import sqlite3
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely
from sqlalchemy import select

import app
from cli import import_cmd
from models.bulk import count_rows, read_features, read_track_points
from models.kinds import STATUS_KINDS
from models.network import ImportMapping, Node, Pipe, Valve, WaterSource
from models.store import open_store


def wntr_network(name: str) -> Path:
    return Path(importlib.util.find_spec("wntr").origin).parent / "library" / "networks" / name


def epyt_network(name: str) -> Path:
    return Path(importlib.util.find_spec("epyt").origin).parent / "networks" / "asce-tf-wdst" / name


def run_import(store_url: str, *argv: str, capsys: pytest.CaptureFixture) -> tuple[int, dict]:
    """Run ``import … --json`` through app.run_command, as ``python app.py --store URL import …`` does."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--store")
    parser.add_argument("--lang", default="en")
    sub = parser.add_subparsers(dest="command")
    p = sub.add_parser(import_cmd.NAME)
    p.add_argument("--json", action="store_true")
    import_cmd.add_arguments(p)
    args = parser.parse_args(["--store", store_url, "import", *argv, "--json"])
    capsys.readouterr()
    rc = app.run_command(import_cmd, args)
    out = capsys.readouterr().out
    return rc, json.loads(out)


def dump(store_url: str) -> str:
    """Every row of the SQLite store as SQL text: equal dumps mean an unchanged store."""
    con = sqlite3.connect(store_url.removeprefix("sqlite:///"))
    try:
        return "\n".join(con.iterdump())
    finally:
        con.close()


def counts(store_url: str) -> dict[str, int]:
    store = open_store(store_url)
    try:
        with store.engine.connect() as conn:
            return {k: count_rows(conn, t, f) for k, (t, f) in STATUS_KINDS.items()} | {
                "nodes": count_rows(conn, Node.__table__),
                "sources": count_rows(conn, WaterSource.__table__),
            }
    finally:
        store.dispose()


def test_epanet_into_new_empty_store(store_url: str, capsys) -> None:
    rc, out = run_import(store_url, "epanet", str(wntr_network("ky4.inp")), "--crs", "EPSG:3089", capsys=capsys)
    assert rc == 0
    assert {"kind", "file", "imported", "rejected", "errors"} <= set(out)
    assert out["kind"] == "epanet" and out["rejected"] == 0 and out["errors"] == []
    assert out["counts"] == {"nodes": 964, "pipes": 1158, "valves": 0, "sources": 7}
    assert out["imported"] == 964 + 1158 + 7
    out_first = out["imported"]
    c = counts(store_url)
    assert c["pipes"] == 1158 and c["nodes"] == 964 and c["sources"] == 7
    store = open_store(store_url)
    try:
        with store.engine.connect() as conn:
            pipes = read_features(conn, "pipes").set_index("code")
            nodes = read_features(conn, "nodes", columns=["code"]).set_index("code")
            mapping = conn.execute(select(ImportMapping.source, ImportMapping.crs)).all()
    finally:
        store.dispose()
    p1 = pipes.loc["P-1"]
    assert p1.from_node_id == nodes.loc["J-1", "id"] and p1.to_node_id == nodes.loc["J-34", "id"]
    assert shapely.get_num_coordinates(p1.geometry) == 7 and p1.diameter_mm == pytest.approx(152.4)
    assert pipes["from_node_id"].notna().all() and pipes["to_node_id"].notna().all()
    assert mapping == [("ky4.inp", "EPSG:3089")]
    # The same file again is a repeat: skipped by default, nothing doubled.
    rc, out = run_import(store_url, "epanet", str(wntr_network("ky4.inp")), capsys=capsys)
    assert rc == 0 and out["skipped"] and out["imported"] == 0 and out["repeat_of"]["imported"] == out_first
    assert counts(store_url)["pipes"] == 1158
    # Added again on purpose: the CRS is remembered (no --crs needed) and its codes do not clash.
    rc, out = run_import(store_url, "epanet", str(wntr_network("ky4.inp")), "--on-repeat", "add", capsys=capsys)
    assert rc == 0 and out["counts"]["pipes"] == 1158
    assert any("EPSG:3089 used, as for this file before" in n for n in out["notes"])
    assert counts(store_url)["pipes"] == 2 * 1158


def test_micropolis_valves_on_their_links(store_url: str, capsys) -> None:
    rc, out = run_import(store_url, "epanet", str(epyt_network("MICROPOLIS_v1.inp")), "--crs", "EPSG:3089",
                         capsys=capsys)
    assert rc == 0 and out["counts"]["valves"] == 196
    store = open_store(store_url)
    try:
        with store.engine.connect() as conn:
            rows = conn.execute(
                select(Valve.code, Pipe.code, Valve.node_id, Pipe.from_node_id)
                .join(Pipe, Pipe.id == Valve.pipe_id)
            ).all()
    finally:
        store.dispose()
    assert len(rows) == 196
    assert all(vcode == pcode and vnode == pfrom for vcode, pcode, vnode, pfrom in rows)


@pytest.mark.slow
def test_bwsn_network_2(store_url: str, capsys) -> None:
    rc, out = run_import(store_url, "epanet", str(epyt_network("BWSN_Network_2.inp")), "--crs", "EPSG:3089",
                         capsys=capsys)
    assert rc == 0
    assert out["counts"] == {"nodes": 12527, "pipes": 14822 + 5 + 4, "valves": 5, "sources": 8}
    assert counts(store_url)["pipes"] == 14831


def _pipes_frame() -> gpd.GeoDataFrame:
    lines = [shapely.LineString([(539_000 + 120 * i, 5_221_000), (539_050 + 120 * i, 5_221_090 + i)]) for i in range(8)]
    return gpd.GeoDataFrame(
        {"编号": [f"GX-{i}" for i in range(8)], "口径": [100, 150, 200, 300, 400, 600, 800, 1000],
         "材质": ["球墨铸铁"] * 4 + ["钢"] * 4},
        geometry=lines, crs="EPSG:32632",
    )


@pytest.mark.parametrize("suffix,driver", [(".gpkg", "GPKG"), (".shp", "ESRI Shapefile")])
def test_round_trip(tmp_path: Path, store_url: str, capsys, suffix: str, driver: str) -> None:
    """Import, export what the store holds, import that into a second store: the same pipes."""
    first = tmp_path / f"utility{suffix}"
    pyogrio.write_dataframe(_pipes_frame(), first, driver=driver, encoding="GBK" if suffix == ".shp" else None)
    rc, out = run_import(store_url, "pipes", str(first), capsys=capsys)
    assert rc == 0 and out["imported"] == 8
    assert out["mapping"] == {"code": "编号", "diameter_mm": "口径", "material": "材质", "length_m": "length_m"} \
        or out["mapping"] == {"code": "编号", "diameter_mm": "口径", "material": "材质"}
    store = open_store(store_url)
    try:
        with store.engine.connect() as conn:
            stored = read_features(conn, "pipes")
    finally:
        store.dispose()
    exported = tmp_path / f"exported{suffix}"
    export = stored[["code", "diameter_mm", "material", "length_m", "geometry"]]
    if driver == "ESRI Shapefile":  # DBF field names hold 10 characters: diameter_mm → diameter_m
        export = export.rename(columns=lambda c: c[:10])
    export.to_file(exported, driver=driver)
    second_url = f"sqlite:///{tmp_path / 'second.sqlite'}"
    rc, out = run_import(second_url, "pipes", str(exported), capsys=capsys)
    assert rc == 0 and out["imported"] == 8, out
    store = open_store(second_url)
    try:
        with store.engine.connect() as conn:
            again = read_features(conn, "pipes")
    finally:
        store.dispose()
    assert again["code"].tolist() == stored["code"].tolist() == [f"GX-{i}" for i in range(8)]
    assert again["diameter_mm"].tolist() == stored["diameter_mm"].tolist()
    assert again["material"].tolist() == stored["material"].tolist()
    assert np.allclose(again["length_m"], stored["length_m"])
    assert shapely.equals_exact(again.geometry.values, stored.geometry.values, tolerance=1e-9).all()


def test_failed_imports_leave_the_store_exactly_as_it_was(tmp_path: Path, store_url: str, capsys) -> None:
    rc, _ = run_import(store_url, "epanet", str(wntr_network("Net3.inp")), "--crs", "EPSG:32632", capsys=capsys)
    assert rc == 0
    before = dump(store_url)
    # A shapefile cut in half, after a valid .dbf: GDAL alone would import half of it.
    cut = tmp_path / "cut.shp"
    lines = [shapely.LineString([(539_000 + i, 5_221_000), (539_000 + i, 5_221_050)]) for i in range(400)]
    pyogrio.write_dataframe(gpd.GeoDataFrame({"DN": [300] * 400}, geometry=lines, crs="EPSG:32632"), cut)
    data = cut.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    rc, out = run_import(store_url, "pipes", str(cut), capsys=capsys)
    assert rc == 2 and out["imported"] == 0
    assert out["errors"][-1]["feature"] == "file" and "cut.shp is truncated" in out["errors"][-1]["reason"]
    assert out["error"].startswith("cut.shp: ")
    # EPANET without --crs, a wrong CRS, an empty file, tracks without times.
    rc, out = run_import(store_url, "epanet", str(wntr_network("ky4.inp")), capsys=capsys)
    assert rc == 2 and "--crs" in out["error"]
    rc, out = run_import(store_url, "epanet", str(wntr_network("ky4.inp")), "--crs", "EPSG:4326", capsys=capsys)
    assert rc == 2 and "wrong --crs" in out["error"]
    empty = tmp_path / "empty.geojson"
    empty.write_text("")
    rc, out = run_import(store_url, "venues", str(empty), capsys=capsys)
    assert rc == 2 and out["error"] == "empty.geojson: the file is empty"
    rc, out = run_import(store_url, "tracks", str(Path(__file__).parents[1] / "fixtures" / "gps" /
                                                  "cerknicko-without-times.gpx"), capsys=capsys)
    assert rc == 0 and out["imported"] == 5 and out["rejected"] == 291
    after_tracks = dump(store_url)
    assert after_tracks != before
    bad = tmp_path / "all-bad.gpx"
    bad.write_text('<gpx><trk><trkseg><trkpt lat="47.1" lon="9.5"/></trkseg></trk></gpx>')
    rc, out = run_import(store_url, "tracks", str(bad), capsys=capsys)
    assert rc == 2 and out["rejected"] == 1 and out["errors"][0] == {"feature": "track point 1", "reason": "no time"}
    assert dump(store_url) == after_tracks


def test_rejected_features_are_counted_and_the_rest_imported(tmp_path: Path, store_url: str, capsys) -> None:
    path = tmp_path / "venues.geojson"
    gpd.GeoDataFrame(
        {"名称": ["莱茵公园体育场", "市政厅", "坏点"]},
        geometry=[shapely.box(9.50, 47.13, 9.51, 47.14),
                  shapely.Polygon([(9.52, 47.14), (9.53, 47.15), (9.53, 47.14), (9.52, 47.15)]),
                  shapely.Point(9.5, 47.1)],
        crs=4326,
    ).to_file(path, driver="GeoJSON")
    rc, out = run_import(store_url, "venues", str(path), capsys=capsys)
    assert rc == 0 and out["imported"] == 2 and out["rejected"] == 1 and out["repaired"] == 1
    assert out["errors"] == [{"feature": "feature 2", "reason": "point geometry, expected a polygon"}]
    store = open_store(store_url)
    try:
        with store.engine.connect() as conn:
            venues = read_features(conn, "venues")
    finally:
        store.dispose()
    assert venues["name"].tolist() == ["莱茵公园体育场", "市政厅"] and (venues["kind"] == "venue").all()
    assert venues.geometry.is_valid.all()


def test_mapping_remembered_per_source(tmp_path: Path, store_url: str, capsys) -> None:
    path = tmp_path / "valves_2024.gpkg"
    g = gpd.GeoDataFrame({"FM_NO": ["A1", "A2"], "PSIZE": [12, 8], "KAIGUAN": ["关", "开"]},
                         geometry=[shapely.Point(9.52, 47.14), shapely.Point(9.53, 47.15)], crs=4326)
    g.to_file(path, driver="GPKG")
    rc, out = run_import(store_url, "valves", str(path), "--map", "diameter_mm=PSIZE:in", "--map", "status=KAIGUAN",
                         "--map", "code=FM_NO", capsys=capsys)
    assert rc == 0 and out["mapping"] == {"diameter_mm": "PSIZE:in", "status": "KAIGUAN", "code": "FM_NO"}
    # Next month's delivery under the same name: no --map needed.
    g.assign(FM_NO=["B1", "B2"]).to_file(path, driver="GPKG")
    rc, out = run_import(store_url, "valves", str(path), capsys=capsys)
    assert rc == 0 and out["mapping"]["diameter_mm"] == "PSIZE:in"
    store = open_store(store_url)
    try:
        with store.engine.connect() as conn:
            valves = read_features(conn, "valves")
            uses = conn.execute(select(ImportMapping.uses).where(ImportMapping.source == "valves_2024.gpkg")).scalar()
    finally:
        store.dispose()
    assert valves["code"].tolist() == ["A1", "A2", "B1", "B2"]
    assert valves["diameter_mm"].tolist() == pytest.approx([304.8, 203.2] * 2)
    assert valves["status"].tolist() == ["closed", "open"] * 2
    assert uses == 2
    rc, out = run_import(store_url, "valves", str(path), "--map", "diameter_mm=NOPE", "--on-repeat", "add",
                         capsys=capsys)
    assert rc == 2 and "no field 'NOPE'" in out["error"]


def test_tracks_from_nmea_with_device(fixtures: Path, store_url: str, capsys) -> None:
    rc, out = run_import(store_url, "tracks", str(fixtures / "gps" / "bt451.log"), "--device", "patrol-7",
                         capsys=capsys)
    assert rc == 0 and out["imported"] == 14 and out["rejected"] == len(out["errors"]) > 0
    rc, out = run_import(store_url, "tracks", str(fixtures / "gps" / "cerknicko-jezero.gpx"), capsys=capsys)
    assert rc == 0 and out["imported"] == 296
    store = open_store(store_url)
    try:
        with store.engine.connect() as conn:
            pts = read_track_points(conn)
    finally:
        store.dispose()
    assert pts.groupby("device").size().to_dict() == {"patrol-7": 14, "cerknicko-jezero": 296}
    assert set(pts["source"]) == {"bt451.log", "cerknicko-jezero.gpx"}
