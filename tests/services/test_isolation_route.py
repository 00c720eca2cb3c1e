"""The isolation order's crew route: along the streets when the store has them, else along the pipes (and it says so)."""

from __future__ import annotations

import json
import shutil
import subprocess

import geopandas as gpd
import pytest
import shapely
from pyproj import Geod
from shapely.geometry import LineString, Point

from gis.streets import DEFAULT_SPEEDS_KMH
from models.network import Valve
from services.importing import import_any
from tests.gis.test_isolation import NODES, store_network
from tests.support.cli import run_app

K = 0.001  # degrees per unit of the hand-made network (store_network)
GEOD = Geod(ellps="WGS84")


def ll(x: float, y: float) -> tuple[float, float]:
    return 9.5 + x * K, 47.1 + y * K


# Valves where they are (the store_network fixture puts them all at one point): at their node, V7 along P9.
VALVE_AT = {"V1": NODES[2], "V2": NODES[4], "V3": NODES[4], "V4": NODES[5], "V5": NODES[2], "V6": NODES[3],
            "V7": (2, -0.8), "V8": NODES[1]}
# Streets: along the pipes, except that between x=3 and x=4 the street goes round a block to the north,
# and a side street down to (2, -1) near V7.
STREETS = [[(0, 0), (1, 0), (2, 0), (3, 0)], [(3, 0), (3, 1), (4, 1), (4, 0)], [(4, 0), (5, 0)],
           [(2, 0), (2, -1)]]


def _placed_network(store) -> None:
    store_network(store)
    with store.session() as s:
        for v in s.query(Valve):
            v.geom = shapely.to_wkb(Point(ll(*VALVE_AT[v.code])))
        s.commit()


def _streets_file(tmp_path):
    path = tmp_path / "streets.geojson"
    gpd.GeoDataFrame({"name": [f"Street {i}" for i in range(len(STREETS))], "highway": ["residential"] * len(STREETS)},
                     geometry=[LineString([ll(*p) for p in line]) for line in STREETS], crs=4326).to_file(path)
    return path


def _m(*pts) -> float:
    return GEOD.geometry_length(LineString([ll(*p) for p in pts]))


def test_route_goes_along_the_streets_when_the_store_has_them(store, store_url, tmp_path):
    _placed_network(store)
    before = run_app("--store", store_url, "isolate", "P3", "--skip-valve", "V2", "--json")
    assert before.returncode == 0, before.stderr
    plain = json.loads(before.stdout)
    assert plain["route_basis"] == "pipe_network"
    assert [(v["code"], v["route_m"]) for v in plain["order"]][1:] == [("V3", 100.0), ("V7", 100.0),
                                                                        ("V1", 100.0), ("V5", 0.0)]
    text = run_app("--store", store_url, "isolate", "P3", "--skip-valve", "V2")
    assert "No streets in the store" in text.stdout

    assert import_any(store, "streets", _streets_file(tmp_path))["ok"]
    out = json.loads(run_app("--store", store_url, "isolate", "P3", "--skip-valve", "V2", "--json").stdout)
    assert out["route_basis"] == "streets"
    order = {v["code"]: v for v in out["order"]}
    assert [v["code"] for v in out["order"]] == ["V4", "V3", "V7", "V1", "V5"]
    # V4 → V3: round the block (3 sides), not the 100 m pipe P4.
    block = _m((4, 0), (4, 1), (3, 1), (3, 0))
    assert order["V3"]["route_m"] == pytest.approx(block, rel=2e-3)
    assert order["V3"]["route_pipe_m"] == 100.0 and order["V3"]["route_off_street_m"] == pytest.approx(0, abs=0.1)
    speed = DEFAULT_SPEEDS_KMH["residential"] / 3.6
    assert order["V3"]["route_s"] == pytest.approx(block / speed, rel=2e-3)
    # V3 → V7: along the street to (2, 0), down the side street to (2, -1), then on foot to the valve on P9.
    walk = _m((2, -1), (2, -0.8))
    assert order["V7"]["route_m"] == pytest.approx(_m((3, 0), (2, 0), (2, -1)) + walk, rel=2e-3)
    assert order["V7"]["route_off_street_m"] == pytest.approx(walk, rel=2e-3)
    assert order["V7"]["route_s"] > order["V7"]["route_m"] / speed  # walking is slower than driving
    assert order["V5"]["route_m"] == 0.0  # V1 and V5 share the chamber at N2
    # The first leg starts at the break (the middle of P3, between two street corners).
    assert order["V4"]["route_m"] > 0
    text = run_app("--store", store_url, "isolate", "P3", "--skip-valve", "V2").stdout
    assert "along the streets" in text and "No streets in the store" not in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed")
@pytest.mark.parametrize("lang, words", [("en", ["Route (m, min)", "along the streets"]),
                                         ("zh_CN", ["沿街道"])])
def test_order_pdf_says_the_route_basis(store, store_url, tmp_path, lang, words):
    _placed_network(store)
    pdf = tmp_path / "order.pdf"
    assert run_app("--store", store_url, "--lang", lang, "isolate", "P3", "--skip-valve", "V2",
                   "--order-pdf", str(pdf)).returncode == 0
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    assert ("along the pipe network" if lang == "en" else "沿管网") in text
    assert import_any(store, "streets", _streets_file(tmp_path))["ok"]
    assert run_app("--store", store_url, "--lang", lang, "isolate", "P3", "--skip-valve", "V2",
                   "--order-pdf", str(pdf)).returncode == 0
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    for w in words:
        assert w in text
