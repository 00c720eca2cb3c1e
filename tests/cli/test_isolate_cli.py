"""``isolate`` end to end: the demo city, real EPANET networks (with the pressure step), missing data."""

from __future__ import annotations

import importlib.util
import json
import subprocess
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from models.bulk import read_features, write_features
from tests.support.cli import AppRun, run_app


def wntr_network(name: str) -> Path:
    return Path(importlib.util.find_spec("wntr").origin).parent / "library" / "networks" / name


def epyt_network(name: str) -> Path:
    return Path(importlib.util.find_spec("epyt").origin).parent / "networks" / "asce-tf-wdst" / name


def app(store_url: str, *argv: str) -> AppRun:
    """``python app.py --store URL ARGV…`` through ``app.main`` in this process (tests/support/cli.py)."""
    return run_app("--store", store_url, *argv)


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory, demo_template) -> str:
    from tests.support.stores import open_copy

    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite'}"
    open_copy(demo_template, url).dispose()  # what ``python app.py demo`` writes (tests/cli/test_demo_cmd.py)
    return url


def test_demo_p00451_json_counts_what_is_cut_off(demo_url):
    proc = app(demo_url, "isolate", "P00451", "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert len(out["cut_off_pipes"]) == 2515 and round(out["dry_length_m"] / 1000) == 355
    assert out["guarded_dry"] is True
    assert {(p["code"], p["reason"]) for p in out["guarded_places_affected"]} >= {("VEN01", "cut off"),
                                                                                ("RES02", "cut off")}
    assert all(u["reason"] in ("isolated", "cut off") for u in out["affected_users"])
    # The valves in the order to close them: by distance from the works, each with DN and the route.
    steps = out["order"]
    assert [s["step"] for s in steps] == [1, 2, 3, 4]
    assert [s["from_source_m"] for s in steps] == sorted(s["from_source_m"] for s in steps)
    assert all(s["diameter_mm"] and s["lat"] and s["route_m"] is not None for s in steps)
    text = app(demo_url, "isolate", "P00451").stdout
    assert "2515 pipe(s)" in text and "!!! GUARDED PLACE OUT OF WATER" in text and "Rheinpark Stadion" in text


def test_demo_p02518_says_no_valve_bounds_the_break(demo_url):
    out = json.loads(app(demo_url, "isolate", "P02518", "--json").stdout)
    assert out["status"] == "unbounded" and [s["code"] for s in out["sources_to_shut"]] == ["S01"]
    assert len(out["cut_off_pipes"]) == 2517
    text = app(demo_url, "isolate", "P02518").stdout
    assert "No valve bounds the break" in text and "S01" in text


def _valves_at_every_pipe_start(store_url: str) -> None:
    """A utility's valve layer on the imported model: one valve at the start of every pipe."""
    from models.store import open_store

    store = open_store(store_url)
    try:
        with store.engine.begin() as conn:
            p = read_features(conn, "pipes", ["code", "from_node_id", "source"])
            p = p[p["source"].str.contains("PIPES")]
            pts = shapely.line_interpolate_point(p.geometry.to_numpy(), 0.05, normalized=True)
            write_features(conn, "valves", gpd.GeoDataFrame(
                {"code": ["GV-" + c for c in p["code"]], "node_id": p["from_node_id"].to_numpy(),
                 "pipe_id": p["id"].to_numpy(), "status": "open"}, geometry=pts, crs=4326))
    finally:
        store.dispose()


def test_net3_pressure_step(store_url):
    proc = app(store_url, "import", "epanet", str(wntr_network("Net3.inp")), "--crs", "EPSG:32632")
    assert proc.returncode == 0, proc.stderr
    # Without valves: say so, do not answer "close 0 valve(s)".
    bare = app(store_url, "isolate", "329")
    assert bare.returncode == 2 and "no closable valves" in bare.stderr
    _valves_at_every_pipe_start(store_url)
    proc = app(store_url, "isolate", "329", "--pressure", "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["valves"] and out["isolated_pipes"][0] == "329"
    p = out["pressure"]
    assert p["available"] and p["min_pressure_m"] == 14.0 and p["model"] == "Net3.inp"
    assert "329" in p["closed_links"] and p["unknown_links"] == []
    low = {n["node"]: n for n in out["low_pressure_nodes"]}
    # Junction 123 hangs on the closed pipe: it loses its pressure; every listed node was fine before.
    assert low["123"]["before_m"] >= 14.0 and low["123"]["after_m"] < 1.0
    assert all(n["before_m"] >= 14.0 > n["after_m"] for n in out["low_pressure_nodes"])
    assert out["low_pressure_customers"] == [] and p["customers_stored"] is False
    text = app(store_url, "isolate", "329", "--pressure").stdout
    assert "Pressure step (Net3.inp" in text and "123:" in text


def test_no_hydraulic_data_says_why(demo_url):
    out = json.loads(app(demo_url, "isolate", "P01630", "--pressure", "--json").stdout)
    assert out["pressure"] == {"available": False, "reason": "no_hydraulic_data", "min_pressure_m": 14.0}
    assert out["low_pressure_nodes"] == []
    assert "no hydraulic data" in app(demo_url, "isolate", "P01630", "--pressure").stdout


def test_ky8_without_valves_and_ky10_with_control_valves_only(store_url, tmp_path):
    proc = app(store_url, "import", "epanet", str(epyt_network("ky8.inp")), "--crs", "EPSG:3089")
    assert proc.returncode == 0, proc.stderr
    bad = app(store_url, "isolate", "P-10", "--json")
    assert bad.returncode == 2 and json.loads(bad.stdout)["status"] == "no_valves"
    ky10 = f"sqlite:///{tmp_path / 'ky10.sqlite'}"
    assert app(ky10, "import", "epanet", str(epyt_network("ky10.inp")), "--crs", "EPSG:3089").returncode == 0
    prv = app(ky10, "isolate", "P-10")
    assert prv.returncode == 2 and "only control valves" in prv.stderr and "~@RV-1" in prv.stderr
    allowed = json.loads(app(ky10, "isolate", "P-10", "--allow-control-valves", "--json").stdout)
    assert allowed["control_valves_used"] and all(c.startswith("~@RV") for c in allowed["control_valves_used"])
    assert all(v["control"] and v["valve_type"] == "prv" for v in allowed["valves"])


@pytest.mark.parametrize("lang, words", [
    ("zh_CN", ["关阀停水作业单", "关阀顺序（从供水侧向内）", "雷西登斯酒店", "与所有水源断开", "下令人（值班领导）"]),
    ("en", ["Valve isolation order", "Valves in the order to close them", "Hotel Residence", "Ordered by"]),
])
def test_order_pdf_one_page_searchable(demo_url, tmp_path, lang, words):
    import shutil

    pdf = tmp_path / f"order_{lang}.pdf"
    proc = app(demo_url, "--lang", lang, "isolate", "P01630", "--order-pdf", str(pdf), "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["order_pdf"] == str(pdf)
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "Pages:           1" in info
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    for w in [*words, "V00862", "V00928"]:
        assert w in text, w
    bad = app(demo_url, "isolate", "P01630", "--order-pdf", str(tmp_path))
    assert bad.returncode == 2 and "Cannot write" in bad.stderr


def test_gis_pipes_without_topology_say_what_is_missing(store_url, tmp_path):
    from shapely.geometry import LineString

    from models.store import open_store

    path = tmp_path / "pipes.geojson"
    lines = [LineString([(9.5, 47.1), (9.501, 47.1)]), LineString([(9.501, 47.1), (9.502, 47.1)])]
    gpd.GeoDataFrame({"code": ["G1", "G2"], "diameter_mm": [150, 200]}, geometry=lines,
                     crs=4326).to_file(path, driver="GeoJSON")
    # Imported GIS pipes get end nodes by snapping (issue 13): the answer names what is missing next.
    assert app(store_url, "import", "pipes", str(path)).returncode == 0
    proc = app(store_url, "isolate", "G1")
    assert proc.returncode == 2 and "no closable valves" in proc.stderr and "close 0" not in proc.stdout
    # Pipes written without nodes (no snapping ran): the answer says the topology is missing.
    store = open_store(store_url)
    try:
        with store.engine.begin() as conn:
            write_features(conn, "pipes", gpd.GeoDataFrame({"code": ["G3"], "diameter_mm": [100]},
                                                           geometry=[LineString([(9.51, 47.1), (9.511, 47.1)])],
                                                           crs=4326))
    finally:
        store.dispose()
    proc = app(store_url, "isolate", "G3")
    assert proc.returncode == 2 and "no from/to nodes" in proc.stderr and "close 0" not in proc.stdout
