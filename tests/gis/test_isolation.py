"""Valve isolation on hand-made networks with known answers, and through the store + CLI path."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import LineString, Point, box

from gis.isolation import IsolationNetwork
from services.isolation import load_network
from models.bulk import write_features

# Nodes along x (metres ≈ degrees × 1e5 near the equator, good enough for a test):
#   N1 —P1— N2 —P2— N3 —P3— N4 —P4— N5 —P10— N8
#                     |  \\P7/     |
#                     P9  N7      P5
#                     |   /P8     |
#                    (mid valve)  N6
# P6 runs parallel to P2 (N2–N3); P7/P8 make a loop N3–N7–N3.
NODES = {1: (0, 0), 2: (1, 0), 3: (2, 0), 4: (3, 0), 5: (4, 0), 6: (3, -1), 7: (2, 1), 8: (5, 0), 9: (2, -1)}
PIPES = {  # id: (from, to, length, dn)
    1: (1, 2, 100.0, 200), 2: (2, 3, 100.0, 200), 3: (3, 4, 100.0, 200), 4: (4, 5, 100.0, 150),
    5: (4, 6, 80.0, 100), 6: (2, 3, 120.0, 100), 7: (3, 7, 50.0, 100), 8: (7, 3, 50.0, 100),
    9: (3, 9, 60.0, 100), 10: (5, 8, 90.0, 100),
}
VALVES = [  # id, node, pipe, status
    (1, 2, 2, "open"),      # V1: N2 end of P2
    (2, 4, 3, "open"),      # V2: N4 end of P3
    (3, 4, 5, "open"),      # V3: N4 end of P5
    (4, 5, None, "open"),   # V4: in-line valve on node N5
    (5, 2, 6, "open"),      # V5: N2 end of P6 (the parallel pipe)
    (6, 3, 8, "open"),      # V6: N3 end of P8 — inside the loop, never needed
    (7, None, 9, "open"),   # V7: along P9
    (8, 1, 1, "closed"),    # V8: already closed at N1
]


def _frames():
    pipes = pd.DataFrame(
        [{"id": p, "code": f"P{p}", "from_node_id": a, "to_node_id": b, "length_m": l, "diameter_mm": d}
         for p, (a, b, l, d) in PIPES.items()]
    )
    valves = pd.DataFrame(
        [{"id": v, "code": f"V{v}", "node_id": n, "pipe_id": p, "status": s} for v, n, p, s in VALVES]
    )
    users = pd.DataFrame([
        {"id": 1, "code": "U1", "name": "City Hospital", "category": "hospital", "pipe_id": 3, "place_id": None},
        {"id": 2, "code": "U2", "name": "Stadium", "category": "venue", "pipe_id": 4, "place_id": None},
        {"id": 3, "code": "U3", "name": "School", "category": "school", "pipe_id": 1, "place_id": None},
    ])
    return pipes, valves, users


def test_pipe_between_valves():
    net = IsolationNetwork(*_frames())
    r = net.isolate("P2")
    # V6 sits inside the P7/P8 loop (both its sides isolated): closing it changes nothing.
    assert [v["code"] for v in r.valves] == ["V1", "V2", "V5", "V7"]
    assert r.isolated_pipes[0] == "P2"
    assert set(r.isolated_pipes) == {"P2", "P3", "P6", "P7", "P8"}
    assert r.isolated_length_m == 100 + 100 + 120 + 50 + 50
    assert [u["code"] for u in r.affected_users] == ["U1"]
    assert r.guarded_places_affected == [] and r.warnings == []


def test_mid_pipe_valve_bounds_and_closed_valve_counts():
    net = IsolationNetwork(*_frames())
    r = net.isolate("P2")
    codes = [v["code"] for v in r.valves]
    assert "V7" in codes and "P9" not in r.isolated_pipes
    r1 = net.isolate("P1")
    assert [(v["code"], v["already_closed"]) for v in r1.valves] == [("V1", False), ("V5", False), ("V8", True)]
    assert r1.isolated_pipes == ["P1"]
    assert [u["code"] for u in r1.affected_users] == ["U3"]


def test_broken_valve_gives_the_next_valves_out_and_a_loud_warning():
    pipes, valves, users = _frames()
    net = IsolationNetwork(pipes, valves, users)
    r = net.isolate("P3", unavailable=["V2"])
    assert [v["code"] for v in r.valves] == ["V1", "V3", "V4", "V5", "V7"]
    assert set(r.isolated_pipes) == {"P2", "P3", "P4", "P6", "P7", "P8"}
    assert r.passed_valves == ["V2"]
    assert {u["code"] for u in r.affected_users} == {"U1", "U2"}
    assert [p["name"] for p in r.guarded_places_affected] == ["Stadium"]
    assert r.warnings and "Stadium" in r.warnings[0]
    # The same through the stored status: V2 marked broken.
    valves.loc[valves["code"] == "V2", "status"] = "broken"
    assert IsolationNetwork(pipes, valves, users).isolate("P3").valves == r.valves


def test_unknown_pipe_or_valve():
    net = IsolationNetwork(*_frames())
    with pytest.raises(KeyError):
        net.isolate("P99")
    with pytest.raises(KeyError):
        net.isolate("P2", unavailable=["V99"])


def store_network(store):
    """Write the hand-made network into a store (lon/lat scaled to ~100 m per unit)."""
    pipes, valves, users = _frames()
    k = 0.001
    with store.engine.begin() as conn:
        nodes = gpd.GeoDataFrame({"code": [f"N{n}" for n in NODES]},
                                 geometry=[Point(9.5 + x * k, 47.1 + y * k) for x, y in NODES.values()], crs=4326)
        node_ids = dict(zip(NODES, write_features(conn, "nodes", nodes)))
        geoms = [LineString([(9.5 + NODES[a][0] * k, 47.1 + NODES[a][1] * k), (9.5 + NODES[b][0] * k, 47.1 + NODES[b][1] * k)])
                 for a, b, _, _ in PIPES.values()]
        pg = gpd.GeoDataFrame(pipes.drop(columns="id"), geometry=geoms, crs=4326)
        pg["from_node_id"] = pg["from_node_id"].map(node_ids)
        pg["to_node_id"] = pg["to_node_id"].map(node_ids)
        pipe_ids = dict(zip(PIPES, write_features(conn, "pipes", pg)))
        vg = valves.drop(columns="id").copy()
        vg["node_id"] = vg["node_id"].map(node_ids)
        vg["pipe_id"] = vg["pipe_id"].map(pipe_ids)
        vg = gpd.GeoDataFrame(vg, geometry=[Point(9.5, 47.1)] * len(vg), crs=4326)
        write_features(conn, "valves", vg)
        # A residence perimeter across P5 (no user record): found by geometry.
        write_features(conn, "residences", gpd.GeoDataFrame(
            {"code": ["RES1"], "name": ["Delegation hotel"]},
            geometry=[box(9.5 + 2.9 * k, 47.1 - 0.8 * k, 9.5 + 3.1 * k, 47.1 - 0.6 * k)], crs=4326))
        ug = users.drop(columns=["id", "place_id"]).copy()
        ug["pipe_id"] = ug["pipe_id"].map(pipe_ids)
        write_features(conn, "users", gpd.GeoDataFrame(ug, geometry=[Point(9.5, 47.1)] * 3, crs=4326))


def test_store_network_perimeter_warning(store):
    store_network(store)
    with store.engine.connect() as conn:
        net = load_network(conn)
    r = net.isolate("P5")
    assert [v["code"] for v in r.valves] == ["V3"]
    assert r.isolated_pipes == ["P5"] and r.isolated_length_m == 80.0
    assert [(p["code"], p["kind"], p["via"]) for p in r.guarded_places_affected] == [
        ("RES1", "residence", "pipe inside the perimeter")
    ]
    assert "Delegation hotel" in r.warnings[0]
