"""Valve isolation on the demo city's network: boundaries hold, guarded users are flagged."""

from __future__ import annotations

import pandas as pd
import pytest

from gis.isolation import OPERABLE
from services.isolation import load_network
from demo.load import load_demo


@pytest.fixture(scope="module")
def demo_net(tmp_path_factory):
    from models.store import open_store

    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite'}")
    load_demo(store)
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
