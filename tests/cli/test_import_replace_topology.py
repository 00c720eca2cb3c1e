"""``import --on-repeat replace`` of network features takes the topology snapping's nodes and split pipes with it."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import LineString, Point
from sqlalchemy import select

from models.network import Node, Pipe, Valve
from models.store import open_store
from tests.cli.test_import_cmd import run_import

LOCAL = "EPSG:32632"  # Monaco's UTM zone: the files are written in lon/lat from these metres


def _files(folder: Path) -> tuple[Path, Path]:
    """Three pipes end to end (no nodes in the file) and two valves: one mid-pipe (splits it), one at a joint."""
    pipes = gpd.GeoDataFrame(
        {"code": ["P1", "P2", "P3"], "diameter_mm": [200, 200, 150]},
        geometry=[LineString([(370000, 4840000), (370100, 4840000)]), LineString([(370100, 4840000), (370200, 4840000)]),
                  LineString([(370200, 4840000), (370200, 4840100)])], crs=LOCAL).to_crs("EPSG:4326")
    valves = gpd.GeoDataFrame({"code": ["V1", "V2"]},
                              geometry=[Point(370040, 4840000), Point(370100.2, 4840000)], crs=LOCAL).to_crs("EPSG:4326")
    paths = folder / "pipes.gpkg", folder / "valves.gpkg"
    pipes.to_file(paths[0], driver="GPKG")
    valves.to_file(paths[1], driver="GPKG")
    return paths


def _network(store_url: str) -> dict:
    store = open_store(store_url)
    try:
        with store.engine.connect() as conn:
            pt, nt, vt = Pipe.__table__, Node.__table__, Valve.__table__
            pipes = conn.execute(select(pt.c.id, pt.c.code, pt.c.geom, pt.c.from_node_id, pt.c.to_node_id)).all()
            nodes = conn.execute(select(nt.c.id)).scalars().all()
            valves = conn.execute(select(vt.c.code, vt.c.node_id, vt.c.pipe_id)).all()
    finally:
        store.dispose()
    used = {n for p in pipes for n in (p.from_node_id, p.to_node_id)}
    lines = shapely.from_wkb([p.geom for p in pipes])
    metres = gpd.GeoSeries(lines, crs="EPSG:4326").to_crs(LOCAL).length
    return {"pipe_ids": {p.id for p in pipes}, "codes": sorted(p.code for p in pipes), "node_ids": set(nodes),
            "orphan_nodes": set(nodes) - used, "length_m": round(float(metres.sum()), 3),
            "pieces": sorted(round(float(m), 2) for m in metres),
            "valves": sorted((v.code, v.node_id in used, v.pipe_id is not None) for v in valves)}


def test_replacing_valves_removes_their_nodes_and_pieces_and_mends_the_pipe(tmp_path: Path, store_url: str,
                                                                          capsys: pytest.CaptureFixture) -> None:
    pipes, valves = _files(tmp_path)
    assert run_import(store_url, "pipes", str(pipes), capsys=capsys)[1]["ok"]
    bare = _network(store_url)
    assert len(bare["node_ids"]) == 4 and bare["pieces"] == [100.0, 100.0, 100.0]
    rc, first = run_import(store_url, "valves", str(valves), capsys=capsys)
    assert rc == 0 and first["topology"]["pipes_split"] == 1
    after = _network(store_url)
    assert after["pieces"] == [40.0, 60.0, 100.0, 100.0] and len(after["node_ids"]) == 5
    rc, again = run_import(store_url, "valves", str(valves), "--on-repeat", "replace", capsys=capsys)
    assert rc == 0 and again["ok"]
    # The first valves import's valves, its cut node and the piece it split off are gone …
    assert again["replaced"] == {"valves": 2, "nodes": 1, "pipes": 1}
    assert again["topology"]["pipes_split"] == 1  # … P1 was whole again, so the new valves cut it anew
    now = _network(store_url)
    assert now["pieces"] == after["pieces"] and now["length_m"] == after["length_m"] == 300.0
    assert now["codes"] == after["codes"] and len(now["node_ids"]) == 5 and not now["orphan_nodes"]
    assert now["valves"] == [("V1", True, True), ("V2", True, True)]


def test_replacing_the_pipes_takes_pieces_later_valves_cut_off(tmp_path: Path, store_url: str,
                                                              capsys: pytest.CaptureFixture) -> None:
    pipes, valves = _files(tmp_path)
    run_import(store_url, "pipes", str(pipes), capsys=capsys)
    run_import(store_url, "valves", str(valves), capsys=capsys)
    after = _network(store_url)
    rc, again = run_import(store_url, "pipes", str(pipes), "--on-repeat", "replace", capsys=capsys)
    assert rc == 0 and again["ok"], again
    assert again["replaced"] == {"pipes": 4, "nodes": 5}  # 3 pipes + the piece V1 cut off; 4 ends + the cut
    now = _network(store_url)
    # One network as before: the valves snapped again onto the new pipes, P1 cut at V1 again.
    assert now["pieces"] == after["pieces"] and now["codes"] == after["codes"] and not now["orphan_nodes"]
    assert len(now["node_ids"]) == 5
    # The valves import no longer owns the piece and node that went with the pipes: replacing it now
    # removes only its valves (nothing of the new pipes import, whose rows may reuse those ids).
    rc, valves_again = run_import(store_url, "valves", str(valves), "--on-repeat", "replace", capsys=capsys)
    assert rc == 0 and valves_again["replaced"] == {"valves": 2}
    assert _network(store_url)["pieces"] == after["pieces"] and not _network(store_url)["orphan_nodes"]
    assert now["valves"] == [("V1", True, True), ("V2", True, True)]
