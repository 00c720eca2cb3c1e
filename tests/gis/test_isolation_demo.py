"""Valve isolation on the demo city's network: boundaries hold, guarded users are flagged."""

from __future__ import annotations

import pandas as pd
import pytest

from gis.isolation import OPERABLE
from services.isolation import load_network


@pytest.fixture(scope="module")
def demo_net(tmp_path_factory, demo_template):
    from tests.support.stores import open_copy

    store = open_copy(demo_template, f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite'}")
    with store.engine.connect() as conn:
        net = load_network(conn)
    store.dispose()
    return net


def _check_boundary(net, result) -> None:
    """Independent check: wherever an isolated pipe meets a pipe left in service, a listed valve separates them."""
    listed = {v["id"] for v in result.valves}
    iso = set(result.isolated_pipe_ids)
    valves = net.valves
    for q in iso:
        row = net.pipes.loc[q]
        for node in (row["from_node_id"], row["to_node_id"]):
            if pd.isna(node):
                continue
            node = int(node)
            for _, _, r in net.graph.edges(node, keys=True):
                if r in iso:
                    continue
                at_node = valves[(valves["node_id"] == node) & valves["pipe_id"].isna()]
                between = valves[(valves["node_id"] == node) & valves["pipe_id"].isin([q, r])]
                along = valves[valves["node_id"].isna() & (valves["pipe_id"] == r)]
                guard = set(pd.concat([at_node, between, along])["id"])
                assert guard & listed, f"pipe {q} meets pipe {r} at node {node} with no listed valve between"
    for v in result.valves:
        assert v["status"] in OPERABLE


def test_demo_pipes_isolate_with_closed_boundaries(demo_net):
    sample = demo_net.pipes["id"].iloc[::97].tolist()  # ~26 pipes across the city
    for pid in sample:
        r = demo_net.isolate(int(pid))
        assert r.valves and r.isolated_pipe_ids[0] == pid
        _check_boundary(demo_net, r)


def test_demo_venue_supply_cut_is_loud_and_broken_valve_moves_outward(demo_net):
    users = demo_net.users
    venue_pipe = int(users.loc[users["category"] == "venue", "pipe_id"].iloc[0])
    r = demo_net.isolate(venue_pipe)
    assert any(p["kind"] == "venue" for p in r.guarded_places_affected)
    assert any("venue" in w for w in r.warnings)
    assert any(u["category"] == "venue" for u in r.affected_users)
    first = r.valves[0]["code"]
    wider = demo_net.isolate(venue_pipe, unavailable=[first])
    assert first in wider.passed_valves and first not in [v["code"] for v in wider.valves]
    # The next valve out may sit on the neighbouring pipe at the same node (same pipes cut) or further.
    assert set(r.isolated_pipe_ids) <= set(wider.isolated_pipe_ids)
    assert wider.isolated_length_m >= r.isolated_length_m
    assert [v["code"] for v in wider.valves] != [v["code"] for v in r.valves]
    _check_boundary(demo_net, wider)


def test_demo_p00451_cuts_the_city_off_from_the_works(demo_net):
    r = demo_net.isolate("P00451")
    assert [v["code"] for v in r.valves] == ["V00744", "V00780", "V00781", "V02338"]
    assert len(r.isolated_pipes) == 2 and round(r.isolated_length_m) == 261
    assert len(r.cut_off_pipes) == 2515 and round(r.cut_off_length_m / 1000) == 355
    places = {(p["code"], p["reason"]) for p in r.guarded_places_affected}
    assert places == {("VEN01", "cut off"), ("RES01", "cut off"), ("RES02", "cut off"), ("RES03", "cut off"),
                      ("KU01", "cut off")}
    assert r.guarded_dry and len(r.warnings) == 5
    # Independent check: the cut-off pipes have no path to the works once the valves are closed.
    _check_cut_off(demo_net, r)


def test_demo_p02518_the_main_from_the_works(demo_net):
    r = demo_net.isolate("P02518")
    # No valve between the works S01 and the break: it takes shutting the works, and the rest goes dry.
    assert r.status == "unbounded" and [s["code"] for s in r.sources_to_shut] == ["S01"]
    assert [v["code"] for v in r.valves] == ["V00781"] and round(r.isolated_length_m) == 824
    assert len(r.cut_off_pipes) == 2517
    assert len(r.isolated_pipes) + len(r.cut_off_pipes) == len(demo_net.pipes)


def test_demo_p01630_the_four_pipes_behind_the_valves(demo_net):
    r = demo_net.isolate("P01630")
    assert [v["code"] for v in r.valves] == ["V00862", "V00928"]
    assert r.cut_off_pipes == ["P00563", "P00564", "P00602", "P00603"] and round(r.cut_off_length_m) == 254
    assert [(p["code"], p["reason"]) for p in r.guarded_places_affected] == [("RES02", "cut off")]
    _check_cut_off(demo_net, r)
    opts = demo_net.options("P01630")
    assert opts[0]["valves"] == ["V00862", "V00928"] and all(o["guarded"] == ["RES02"] for o in opts)
    assert not any(o["keeps_more_fed"] for o in opts)


def _check_cut_off(net, result) -> None:
    """With networkx: remove the isolated pipes and the pipes the closed valves shut, and walk from the works."""
    import networkx as nx

    g = nx.MultiGraph(net.graph)
    closed_pipes = set(result.isolated_pipe_ids)
    for v in result.valves:
        closed_pipes.add(v["pipe_id"])  # demo valves sit at a node on a pipe: that pipe end is shut
    g.remove_edges_from([(a, b, k) for a, b, k in list(g.edges(keys=True)) if k in closed_pipes])
    works = int(net.sources["node_id"].iloc[0])
    reach = nx.node_connected_component(g, works) if works in g else set()
    for pid in result.cut_off_pipe_ids:
        row = net.pipes.loc[pid]
        assert int(row["from_node_id"]) not in reach and int(row["to_node_id"]) not in reach
