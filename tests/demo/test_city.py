"""The demo generator on a small part of the bundled Liechtenstein extract."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from demo.city import DEFAULT_PBF, LOCAL_CRS, build_demo, write_demo

#: Central Vaduz: the stadium, three hotels, the Landtag, the hospital and a bridge on the main road.
VADUZ = (9.505, 47.128, 9.530, 47.156)


@pytest.fixture(scope="module")
def demo():
    return build_demo(DEFAULT_PBF, bbox=VADUZ)


def test_generator_is_deterministic(demo):
    again = build_demo(DEFAULT_PBF, bbox=VADUZ)
    assert demo.layers.keys() == again.layers.keys()
    for name, frame in demo.layers.items():
        other = again.layers[name]
        pd.testing.assert_frame_equal(frame.drop(columns="geometry"), other.drop(columns="geometry"), obj=name)
        assert shapely.equals_exact(frame.geometry.values, other.geometry.values, tolerance=0).all(), name
    assert demo.event == again.event


def test_every_pipe_end_is_a_node_and_geometry_meets_it(demo):
    pipes, nodes = demo.layers["pipes"], demo.layers["nodes"].set_index("code")
    assert len(pipes) > 100
    assert set(pipes["from_node"]) | set(pipes["to_node"]) <= set(nodes.index)
    assert pipes["code"].is_unique and nodes.index.is_unique
    start = gpd.GeoSeries(shapely.get_point(pipes.geometry.values, 0), crs=4326).to_crs(LOCAL_CRS)
    end = gpd.GeoSeries(shapely.get_point(pipes.geometry.values, -1), crs=4326).to_crs(LOCAL_CRS)
    node_local = nodes.geometry.to_crs(LOCAL_CRS)
    assert start.distance(node_local.loc[pipes["from_node"]].reset_index(drop=True)).max() < 0.01
    assert end.distance(node_local.loc[pipes["to_node"]].reset_index(drop=True)).max() < 0.01
    assert (pipes["from_node"] != pipes["to_node"]).all()
    local_len = pipes.to_crs(LOCAL_CRS).length.to_numpy()
    np.testing.assert_allclose(pipes["length_m"].to_numpy(), local_len, atol=0.02)


def test_classes_diameters_and_exposed_segments(demo):
    pipes = demo.layers["pipes"]
    trans = pipes[pipes["pipe_class"] == "transmission"]
    dist = pipes[pipes["pipe_class"] == "distribution"]
    assert len(trans) and len(dist)
    assert (trans["diameter_mm"] >= 600).all() and (trans["diameter_mm"] <= 1000).all()
    assert dist["diameter_mm"].between(100, 400).all()
    exposed = pipes[pipes["exposed"]]
    assert len(exposed) >= 1
    # Exposed means a transmission main on a bridge, and every such main is exposed.
    assert (exposed["pipe_class"] == "transmission").all() and exposed["bridge"].all()
    assert pipes.loc[(pipes["pipe_class"] == "transmission") & pipes["bridge"], "exposed"].all()


def test_valves_sit_on_their_pipe_near_their_node(demo):
    pipes = demo.layers["pipes"].set_index("code")
    nodes = demo.layers["nodes"].set_index("code")
    valves = demo.layers["valves"]
    assert len(valves) > 50
    v_local = valves.to_crs(LOCAL_CRS).geometry.reset_index(drop=True)
    on_pipe = pipes.geometry.to_crs(LOCAL_CRS).loc[valves["pipe_code"]].reset_index(drop=True)
    at_node = nodes.geometry.to_crs(LOCAL_CRS).loc[valves["node_code"]].reset_index(drop=True)
    assert v_local.distance(on_pipe).max() < 0.01
    assert v_local.distance(at_node).max() <= 5.01
    # The node a valve names is an end of the pipe it names.
    ends = pipes.loc[valves["pipe_code"], ["from_node", "to_node"]].to_numpy()
    assert ((ends[:, 0] == valves["node_code"].to_numpy()) | (ends[:, 1] == valves["node_code"].to_numpy())).all()


def test_hydrants_about_every_100_m_on_distribution_mains(demo):
    pipes, hydrants = demo.layers["pipes"], demo.layers["hydrants"]
    dist_km = pipes.loc[pipes["pipe_class"] == "distribution", "length_m"].sum() / 1000.0
    assert 7 <= len(hydrants) / dist_km <= 13
    assert set(hydrants["pipe_code"]) <= set(pipes.loc[pipes["pipe_class"] == "distribution", "code"])


def test_event_places_routes_and_data(demo):
    layers = demo.layers
    assert layers["venues"]["name"].tolist() == ["Rheinpark Stadion"]
    assert layers["venues"].geometry.iloc[0].area > 0
    assert len(layers["residences"]) >= 2
    assert len(layers["routes"]) >= 3
    streets = layers["pipes"].to_crs(LOCAL_CRS).union_all().buffer(60)
    # A route runs along streets (the pipes lie under most of them).
    for line in layers["routes"].to_crs(LOCAL_CRS).geometry:
        assert line.length > 200
        assert line.intersection(streets).length / line.length > 0.8
    assert len(layers["sites"]) >= 3
    assert set(layers["users"]["category"]) >= {"hospital", "venue", "residence", "government"}
    assert set(layers["users"]["pipe_code"]) <= set(layers["pipes"]["code"])
    ev = demo.event
    assert ev["event"]["name_zh"] == "国际峰会" and ev["event"]["timezone"] == "Europe/Vaduz"
    assert len(ev["teams"]) >= 10 and len(ev["vehicles"]) >= 12 and len(ev["reporting_units"]) >= 8
    assert {r["rule"] for r in ev["requirements"]} == {
        "venue_guard", "stationed_post", "key_places", "transmission", "patch", "leak_survey"}
    assert {p["route"] for p in ev["route_passages"]} <= set(layers["routes"]["code"])


def test_written_files_read_back(demo, tmp_path):
    paths = write_demo(demo, tmp_path)
    back = gpd.read_file(paths["gpkg"], layer="pipes")
    assert back.crs.to_epsg() == 4326
    assert back["code"].tolist() == demo.layers["pipes"]["code"].tolist()
    assert paths["json"].stat().st_size > 1000
