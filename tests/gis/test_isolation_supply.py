"""Isolation that knows where the water comes from: small hand-made networks with known answers.

Each network is written as pipes ``(code, from, to, length)``, valves
``(code, node, pipe, status[, type])`` and sources ``(code, node, kind)``.
"""

from __future__ import annotations

import pandas as pd
import pytest

from gis.isolation import NO_SOURCE, NO_TOPOLOGY, NO_VALVES, OK, UNBOUNDED, IsolationNetwork


def build(pipes, valves, sources, users=(), hydrants=(), customers=None) -> IsolationNetwork:
    codes = {c: i + 1 for i, (c, *_rest) in enumerate(pipes)}
    pf = pd.DataFrame([{"id": codes[c], "code": c, "from_node_id": a, "to_node_id": b, "length_m": ln,
                        "diameter_mm": 150.0} for c, a, b, ln in pipes])
    vf = pd.DataFrame([{"id": k + 1, "code": v[0], "node_id": v[1], "pipe_id": codes.get(v[2]), "status": v[3],
                        "valve_type": v[4] if len(v) > 4 else "isolation"} for k, v in enumerate(valves)],
                      columns=["id", "code", "node_id", "pipe_id", "status", "valve_type"])
    sf = pd.DataFrame([{"id": k + 1, "code": c, "name": f"{kind} {c}", "kind": kind, "node_id": n}
                       for k, (c, n, kind) in enumerate(sources)], columns=["id", "code", "name", "kind", "node_id"])
    uf = pd.DataFrame([{"id": k + 1, "code": c, "name": name, "category": cat, "pipe_id": codes[p]}
                       for k, (c, name, cat, p) in enumerate(users)],
                      columns=["id", "code", "name", "category", "pipe_id"])
    hf = pd.DataFrame([{"id": k + 1, "code": c, "node_id": n} for k, (c, n) in enumerate(hydrants)],
                      columns=["id", "code", "node_id"])
    cf = None
    if customers is not None:
        cf = pd.DataFrame([{"id": k + 1, "code": c, "name": c, "pipe_id": codes[p]} for k, (c, p) in enumerate(customers)],
                          columns=["id", "code", "name", "pipe_id"])
    return IsolationNetwork(pf, vf, uf, sources=sf, hydrants=hf, customers=cf)


# A main from the works at node 0 east to node 6: L1 … L6, 100 m each, a valve at the west end of every pipe.
LINE = [(f"L{i}", i - 1, i, 100.0) for i in range(1, 7)]
LINE_VALVES = [(f"V{i}", i - 1, f"L{i}", "open") for i in range(1, 7)]


def test_one_source_the_far_side_is_cut_off():
    net = build(LINE, LINE_VALVES, [("S1", 0, "source")], users=[("U1", "Hotel", "residence", "L5")],
                hydrants=[("H1", 5), ("H2", 2)], customers=[("C1", "L6"), ("C2", "L3"), ("C3", "L1")])
    r = net.isolate("L3")
    assert r.status == OK
    assert [v["code"] for v in r.valves] == ["V3", "V4"]
    assert r.isolated_pipes == ["L3"] and r.isolated_length_m == 100.0
    assert r.cut_off_pipes == ["L4", "L5", "L6"] and r.cut_off_length_m == 300.0
    assert r.dry_length_m == 400.0
    # The residence on L5 is fed only through the part that gets cut off: the red warning, reason "cut off".
    assert [(p["code"], p["reason"]) for p in r.guarded_places_affected] == [("U1", "cut off")]
    assert r.guarded_dry and "cut off" in r.warnings[0]
    assert [(h["code"], h["reason"]) for h in r.hydrants] == [("H1", "cut off")]
    assert [(c["code"], c["reason"]) for c in r.customers] == [("C1", "cut off"), ("C2", "isolated")]
    # Order: the supply side first (V3 is 200 m from the works, V4 300 m); the crew walks 100 m between them.
    order = net.order(r)
    assert [(v["step"], v["code"], v["from_source_m"]) for v in order] == [(1, "V3", 200.0), (2, "V4", 300.0)]
    assert order[1]["route_m"] == 100.0
    assert [v["code"] for v in net.order(r, "break_outward")] == ["V3", "V4"]


def test_two_sources_nothing_is_cut_off():
    net = build(LINE, LINE_VALVES, [("S1", 0, "source"), ("S2", 6, "reservoir")])
    r = net.isolate("L3")
    assert r.isolated_pipes == ["L3"] and r.cut_off_pipes == [] and r.dry_length_m == 100.0


def test_a_tank_supplies_and_a_pump_does_not():
    tank = build(LINE, LINE_VALVES, [("S1", 0, "source"), ("T1", 6, "tank")])
    assert tank.isolate("L3").cut_off_pipes == []
    pump = build(LINE, LINE_VALVES, [("S1", 0, "source"), ("PU1", 6, "pump")])
    assert pump.isolate("L3").cut_off_pipes == ["L4", "L5", "L6"]


def test_a_loop_keeps_the_rest_fed():
    # Ring 1-2-3-4-1 fed from the works at 0 through F; a valve at each ring pipe's start.
    pipes = [("F", 0, 1, 50.0), ("R1", 1, 2, 100.0), ("R2", 2, 3, 100.0), ("R3", 3, 4, 100.0), ("R4", 4, 1, 100.0)]
    valves = [("VF", 0, "F", "open"), ("V1", 1, "R1", "open"), ("V2", 2, "R2", "open"), ("V3", 3, "R3", "open"),
              ("V4", 4, "R4", "open")]
    net = build(pipes, valves, [("S1", 0, "source")])
    r = net.isolate("R2")
    assert [v["code"] for v in r.valves] == ["V2", "V3"]
    assert r.isolated_pipes == ["R2"] and r.cut_off_pipes == []
    # Without the loop's closing pipe R4, R3 hangs on R2's side: cut off.
    open_ring = build(pipes[:4], valves[:4], [("S1", 0, "source")])
    assert open_ring.isolate("R2").cut_off_pipes == ["R3"]


def test_a_broken_valve_moves_the_search_out():
    valves = [*LINE_VALVES[:3], ("V4", 3, "L4", "broken"), *LINE_VALVES[4:]]
    net = build(LINE, valves, [("S1", 0, "source"), ("S2", 6, "source")])
    r = net.isolate("L3")
    assert r.passed_valves == ["V4"]
    assert [v["code"] for v in r.valves] == ["V3", "V5"]
    assert r.isolated_pipes == ["L3", "L4"] and r.cut_off_pipes == []
    # Found broken on site (not stored as such): the same answer.
    assert build(LINE, LINE_VALVES, [("S1", 0, "source"), ("S2", 6, "source")]).isolate(
        "L3", unavailable=["V4"]).valves == r.valves


def test_a_valve_already_closed_is_not_counted_against_the_isolation():
    valves = [*LINE_VALVES[:5], ("V6", 5, "L6", "closed")]
    r = build(LINE, valves, [("S1", 0, "source")]).isolate("L3")
    assert r.cut_off_pipes == ["L4", "L5"] and r.already_dry_pipes == 1


def test_no_source_says_so():
    r = build(LINE, LINE_VALVES, []).isolate("L3")
    assert r.status == NO_SOURCE and "no water source" in r.missing and not r.answered
    # A source on a node the network does not have is no source either.
    r = build(LINE, LINE_VALVES, [("S9", 99, "source")]).isolate("L3")
    assert r.status == NO_SOURCE


def test_no_valves_and_no_topology_say_what_is_missing():
    r = build(LINE, [], [("S1", 0, "source")]).isolate("L3")
    assert r.status == NO_VALVES and "valves" in r.missing and r.valves == []
    no_nodes = [(c, None, None, ln) for c, _a, _b, ln in LINE]
    r = build(no_nodes, LINE_VALVES, [("S1", 0, "source")]).isolate("L3")
    assert r.status == NO_TOPOLOGY and "from/to nodes" in r.missing


def test_no_valve_bounds_the_break_at_the_works():
    # No valve between the works and L1: it takes shutting the works, and everything goes dry.
    net = build(LINE, LINE_VALVES[1:], [("S1", 0, "source")])
    r = net.isolate("L1")
    assert r.status == UNBOUNDED and [s["code"] for s in r.sources_to_shut] == ["S1"]
    assert r.isolated_pipes == ["L1"] and r.cut_off_pipes == ["L2", "L3", "L4", "L5", "L6"]
    assert r.dry_length_m == 600.0


def test_control_valves_only_when_allowed_and_the_option_that_keeps_the_residence_fed():
    # Works at 0 — M — 1 — B (broken) — 2 — Q (a PRV link) — 3 — G (residence, dead end to 5);
    # 3 — C — 4 — K — 0 feeds node 3 from the other side.
    pipes = [("M", 0, 1, 100.0), ("B", 1, 2, 100.0), ("Q", 2, 3, 5.0), ("G", 3, 5, 80.0), ("C", 3, 4, 100.0),
             ("K", 4, 0, 300.0)]
    valves = [("VB", 1, "B", "open"), ("PRV1", 2, "Q", "open", "prv"), ("VC", 3, "C", "open"),
              ("VK", 0, "K", "open")]
    net = build(pipes, valves, [("S1", 0, "source")], users=[("U1", "Hotel", "residence", "G")])
    r = net.isolate("B")
    # The PRV is not a shut-off valve: the search passes it and G (no valve) is isolated with B.
    assert r.control_valves_passed == ["PRV1"] and r.control_valves_used == []
    assert [v["code"] for v in r.valves] == ["VB", "VC"]
    assert set(r.isolated_pipes) == {"B", "Q", "G"}
    assert [(p["code"], p["reason"]) for p in r.guarded_places_affected] == [("U1", "isolated")]
    allowed = net.isolate("B", allow_control_valves=True)
    assert [v["code"] for v in allowed.valves] == ["PRV1", "VB"] and allowed.control_valves_used == ["PRV1"]
    assert allowed.isolated_pipes == ["B"] and allowed.guarded_places_affected == []
    opts = net.options("B")
    assert opts[0]["valves"] == ["VB", "VC"] and opts[0]["guarded"] == ["U1"] and not opts[0]["keeps_more_fed"]
    best = opts[1]
    assert best["control_valves"] and best["guarded"] == [] and best["keeps_more_fed"]
    assert best["dry_length_m"] == 100.0
    # Ranked by guarded places dry, then customers, then length.
    keys = [(len(o["guarded"]), o["customers"], o["dry_length_m"]) for o in opts[1:]]
    assert keys == sorted(keys)


def test_leaving_a_valve_open_goes_further_out():
    net = build(LINE, LINE_VALVES, [("S1", 0, "source"), ("S2", 6, "source")])
    r = net.isolate("L3", unavailable=["V4"])
    assert [v["code"] for v in r.valves] == ["V3", "V5"] and r.isolated_length_m == 200.0


def test_unknown_pipe():
    with pytest.raises(KeyError):
        build(LINE, LINE_VALVES, [("S1", 0, "source")]).isolate("L9")
