"""The lean isolation network gives the answers of the full read, on the demo city and on a real EPANET network.

``load_network`` reads the pipes as numbers, codes and boxes and reads lines by
id when an isolation needs them (issue 19). The reference here is the read it
replaced, kept verbatim: every pipe with its line as a GeoDataFrame, hydrants
without a node and billing accounts hung on their pipe with
``geopandas.sjoin_nearest`` at load. Both answer the same pipes; every figure
of ``isolate --json`` must be the same (valves and their order and routes,
isolated and cut-off pipes and lengths, users, guarded places, hydrants,
customers, options).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from gis.isolation import IsolationNetwork
from models.bulk import read_features, write_features
from services.isolation import load_network
from services.isolation.answer import answer


def _snap_to_pipes(points: gpd.GeoDataFrame, pipes: gpd.GeoDataFrame, max_m: float) -> pd.Series:
    """The reference's hanging: the nearest pipe within ``max_m`` (sjoin_nearest, first of equals)."""
    if not len(points) or not len(pipes):
        return pd.Series([float("nan")] * len(points), index=points.index)
    crs = pipes.geometry.estimate_utm_crs()
    left = gpd.GeoDataFrame(geometry=points.geometry.to_crs(crs).values, index=points.index)
    right = gpd.GeoDataFrame({"pipe": pipes["id"].to_numpy()}, geometry=pipes.geometry.to_crs(crs).values)
    hit = gpd.sjoin_nearest(left, right, max_distance=max_m, how="left")
    hit = hit[~hit.index.duplicated(keep="first")]
    return hit["pipe"].reindex(points.index)


def reference_network(conn) -> IsolationNetwork:
    """The full read: every pipe's line in memory, hydrants and accounts hung at load."""
    def frame(gdf):
        return pd.DataFrame(gdf.drop(columns="geometry"))

    pipes = read_features(conn, "pipes", ["code", "from_node_id", "to_node_id", "length_m", "diameter_mm", "street"])
    valves = read_features(conn, "valves", ["code", "node_id", "pipe_id", "status", "valve_type", "diameter_mm"])
    pts = valves.geometry.to_numpy()
    valves = frame(valves).assign(lon=shapely.get_x(pts), lat=shapely.get_y(pts))
    users = frame(read_features(conn, "users", ["code", "name", "name_zh", "category", "contact", "phone",
                                                "pipe_id", "place_id"]))
    frames = [read_features(conn, k, ["code", "name", "name_zh", "kind"]) for k in ("venues", "residences", "key_units")]
    frames = [f for f in frames if len(f)]
    places = gpd.GeoDataFrame(pd.concat(frames), crs=frames[0].crs) if frames else None
    sources = frame(read_features(conn, "sources", ["code", "name", "kind", "node_id"]))
    hyd = read_features(conn, "hydrants", ["code", "node_id"])
    lost = hyd["node_id"].isna()
    hydrants = frame(hyd).assign(pipe_id=float("nan"))
    if lost.any():
        hydrants.loc[lost, "pipe_id"] = _snap_to_pipes(hyd[lost], pipes, 50.0)
    acc = pd.read_sql_query("SELECT id, code, name, lon, lat FROM customer_accounts WHERE status = 'active'", conn)
    customers = None
    if len(acc):
        located = acc.dropna(subset=["lon", "lat"])
        pts = gpd.GeoDataFrame(located[["id"]], geometry=gpd.points_from_xy(located["lon"], located["lat"]), crs=4326)
        acc["pipe_id"] = _snap_to_pipes(pts, pipes, 60.0).reindex(acc.index)
        customers = acc[["id", "code", "name", "pipe_id"]]
    return IsolationNetwork(pipes, valves, users, places, sources=sources, hydrants=hydrants, customers=customers)


def _accounts_beside_pipes(store, every: int, seed: int) -> int:
    """Billing accounts 2-40 m beside every ``every``-th pipe's middle (some beyond any pipe, some closed)."""
    from models.customers import CustomerAccount

    rng = np.random.default_rng(seed)
    with store.engine.connect() as conn:
        pipes = read_features(conn, "pipes", ["code"])
    mids = shapely.line_interpolate_point(pipes.geometry.to_numpy()[::every], 0.5, normalized=True)
    xy = shapely.get_coordinates(mids)
    off = rng.uniform(2, 40, (len(xy), 2)) * rng.choice([-1, 1], (len(xy), 2)) / 111_000.0
    xy = xy + off
    xy[::17] += 0.01  # ~1 km away: hangs on no pipe
    with store.session() as s:
        s.add_all([CustomerAccount(code=f"ACC{i:05d}", name=f"Account {i}", lon=float(x), lat=float(y),
                                   status="closed" if i % 23 == 0 else "active")
                   for i, (x, y) in enumerate(xy.tolist())])
        s.commit()
    return len(xy)


def _same_answers(store, pipe_ids: list[int]) -> int:
    """Isolate each pipe with both networks; assert every figure is the same. Returns the answered count."""
    from services.streets import store_street_graph

    streets = store_street_graph(store)
    answered = 0
    with store.engine.connect() as conn:
        lean, full = load_network(conn), reference_network(conn)
        assert lean.lines is not None and not hasattr(lean.pipes, "geometry")  # no line held for the network
        # Every hydrant and account hangs on the same pipe (the lean network hangs them all when asked), but for
        # a point exactly as far from two pipes: the full read took the first its tree gave, the lean one the
        # lowest id.
        crs = lean.lines.metric_crs()
        for key, frame in (("hydrants", full.hydrants_frame), ("customers", full.customers_frame)):
            expected = pd.to_numeric(frame["pipe_id"], errors="coerce").to_numpy(float)
            got = lean.hung_pipe_ids(key)
            assert np.array_equal(np.isnan(got), np.isnan(expected))
            for k in np.flatnonzero(~np.isnan(got) & (got != expected)).tolist():
                point = gpd.GeoSeries(shapely.points(lean._hang[key]["xy"][k:k + 1]), crs=4326).to_crs(crs).iloc[0]
                two = lean.lines.take(lean._pipe_pos.get_indexer([int(got[k]), int(expected[k])]))
                d = gpd.GeoSeries(two, crs=4326).to_crs(crs).distance(point).to_numpy()
                assert d[0] == d[1] and got[k] < expected[k], (key, k, got[k], expected[k], d)
        for pid in pipe_ids:
            a = answer(conn, lean, pid, streets=streets).as_json()
            b = answer(conn, full, pid, streets=streets).as_json()
            assert a == b, f"pipe {pid}: {[k for k in a if a[k] != b.get(k)]}"
            answered += a["status"] in ("ok", "unbounded")
            if a["order"]:  # the order's distances are the shortest along the whole network (no search limit)
                _check_order_distances(lean, a)
            # The guarded places found by their perimeter, as the full read found them: the dry lines against them.
            if full.places is not None and a["status"] in ("ok", "unbounded"):
                dry = full._pipe_pos.get_indexer([*a["isolated_pipe_ids"], *a["cut_off_pipe_ids"]])
                lines = full.pipes.geometry.to_numpy()[dry]
                _, hit = shapely.STRtree(full.places.geometry.to_numpy()).query(lines, predicate="intersects")
                codes = set(full.places["code"].to_numpy()[np.unique(hit)].tolist())
                inside = {p["code"] for p in a["guarded_places_affected"] if p["via"] == "pipe inside the perimeter"}
                assert inside <= codes
    return answered


def _check_order_distances(net: IsolationNetwork, a: dict) -> None:
    """from_break_m and route_m of ``a``'s order against unlimited Dijkstra searches over the whole network."""
    from scipy.sparse.csgraph import dijkstra

    graph = net._node_graph()
    i = int(net._pipe_pos.get_loc(a["pipe_id"]))
    brk = sorted({int(net.fa[i]), int(net.ta[i])} - {-1})
    full = np.min(np.atleast_2d(dijkstra(graph, directed=False, indices=brk)), axis=0)

    def fin(x):
        return None if not np.isfinite(x) else round(float(x), 1)

    prev = None
    for v in a["order"]:
        n = net._valve_node(v)
        assert v["from_break_m"] == (fin(full[n]) if n >= 0 else None)
        if prev is not None and a["route_basis"] == "pipe_network":
            expected = fin(dijkstra(graph, directed=False, indices=prev)[n]) if prev >= 0 and n >= 0 else None
            assert v["route_m"] == expected
        prev = n


def test_demo_city_lean_network_answers_as_the_full_read(tmp_path, demo_template):
    from tests.support.stores import open_copy

    store = open_copy(demo_template, f"sqlite:///{tmp_path / 'demo.sqlite'}")
    assert _accounts_beside_pipes(store, every=7, seed=3) > 300
    with store.engine.connect() as conn:
        ids = read_features(conn, "pipes", ["code"])["id"].to_numpy()
    picks = [*ids[::61].tolist(), 1630, 451]  # ~43 pipes across the town, the residence's and the works' main
    answered = _same_answers(store, picks)
    assert answered >= 30
    store.dispose()


def test_epanet_network_lean_network_answers_as_the_full_read(store):
    """ky8 (1,614 pipes, Kentucky, EPSG:3089) with valves, hydrants without nodes, accounts and a guarded place."""
    from gis.io import read_epanet
    from models.importing import store_network

    path = Path(importlib.util.find_spec("epyt").origin).parent / "networks" / "asce-tf-wdst" / "ky8.inp"
    res = read_epanet(path, "EPSG:3089")
    x = res.extra
    with store.engine.begin() as conn:
        store_network(conn, x["nodes"], res.frame, x["valves"], x["sources"], inp_text=x["inp_text"], name=path.name)
        p = read_features(conn, "pipes", ["code", "from_node_id", "source"])
        p = p[p["source"].str.contains("PIPES")]
        lines = p.geometry.to_numpy()
        keep = np.arange(len(p)) % 3 != 2  # a valve at the start of two pipes in three
        write_features(conn, "valves", gpd.GeoDataFrame(
            {"code": ["GV-" + c for c in p["code"].to_numpy()[keep]], "node_id": p["from_node_id"].to_numpy()[keep],
             "pipe_id": p["id"].to_numpy()[keep], "status": np.where(np.arange(keep.sum()) % 29 == 0, "broken", "open")},
            geometry=shapely.line_interpolate_point(lines[keep], 0.05, normalized=True), crs=4326))
        write_features(conn, "hydrants", gpd.GeoDataFrame(  # stored without their node: hung on a pipe
            {"code": [f"H{i}" for i in range(len(p[::5]))]},
            geometry=shapely.line_interpolate_point(lines[::5], 0.4, normalized=True), crs=4326))
        around = shapely.buffer(shapely.line_interpolate_point(lines[100], 0.5, normalized=True), 0.004)
        write_features(conn, "residences", gpd.GeoDataFrame({"code": ["RES-K"], "name": ["Guest house"]},
                                                            geometry=[shapely.envelope(around)], crs=4326))
        write_features(conn, "users", gpd.GeoDataFrame(
            {"code": ["U-H"], "name": ["Hospital"], "category": ["hospital"], "pipe_id": [int(p["id"].iloc[40])]},
            geometry=[shapely.line_interpolate_point(lines[40], 0.5, normalized=True)], crs=4326))
    assert _accounts_beside_pipes(store, every=4, seed=5) > 300
    picks = [*p["id"].to_numpy()[::37].tolist(), int(p["id"].iloc[100]), int(p["id"].iloc[40])]
    assert _same_answers(store, picks) >= 30
    # The pressure step (ky8 carries its EPANET model): the same low-pressure nodes, users and accounts.
    from services.isolation import isolation_rules
    from services.isolation.answer import pressure_step

    with store.engine.connect() as conn:
        lean, full = load_network(conn), reference_network(conn)
        rules = isolation_rules(conn)
        pid = int(p["id"].iloc[40])
        a = pressure_step(conn, lean, lean.isolate(pid), rules)
        b = pressure_step(conn, full, full.isolate(pid), rules)
    assert a["available"] and a["customers_stored"] and a == b


@pytest.mark.parametrize("text", ["P01630", "1630"])
def test_lean_network_finds_pipes_and_valves_by_code_or_id(demo_template, tmp_path, text):
    from tests.support.stores import open_copy

    store = open_copy(demo_template, f"sqlite:///{tmp_path / 'demo.sqlite'}")
    with store.engine.connect() as conn:
        net = load_network(conn)
    assert net.find_pipe(text) == 1630 and net.find_pipe(1630) == 1630
    code = str(net.valve_codes[5])
    assert net._valve_pos(code) == 5 and net._valve_pos(int(net.valve_id_arr[5])) == 5
    with pytest.raises(KeyError):
        net.find_pipe("no such pipe")
    store.dispose()
