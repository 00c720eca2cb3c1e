"""Benchmark: valve isolation on a 500,000-pipe network, and the pressure step on ky8 (1,614 pipes).

Run on purpose: ``python tests/bench/isolation.py [--side 501] [--queries 60]``; prints one JSON object.

* Topology: a synthetic street grid (``side × side`` nodes, 2·side·(side-1)
  pipes, 100 m each; 501 → 501,000 pipes) with a valve at the start of 60 %
  of the pipes, 3 % of those broken, three works on the edge and 5,000
  important users. Precompute once (the valve-segment graph), then time
  ``isolate`` on random pipes (the full answer: valves, isolated and cut-off
  pipes, dry length, affected users).
* Pressure: ky8 (epyt, 1,614 pipes) imported through the EPANET importer
  into a temporary store with a valve at the start of every pipe; time the
  pressure step (two pressure-driven simulations) for random pipes.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from gis.io import read_epanet  # noqa: E402
from gis.isolation import IsolationNetwork  # noqa: E402


def grid_network(side: int, seed: int = 7) -> IsolationNetwork:
    rng = np.random.default_rng(seed)
    ids = np.arange(side * side).reshape(side, side)
    h = np.stack([ids[:, :-1].ravel(), ids[:, 1:].ravel()], axis=1)
    v = np.stack([ids[:-1, :].ravel(), ids[1:, :].ravel()], axis=1)
    ends = np.concatenate([h, v])
    n = len(ends)
    pipes = pd.DataFrame({"id": np.arange(1, n + 1), "code": [f"P{i}" for i in range(1, n + 1)],
                          "from_node_id": ends[:, 0], "to_node_id": ends[:, 1], "length_m": 100.0})
    with_valve = np.nonzero(rng.random(n) < 0.6)[0]
    status = np.where(rng.random(len(with_valve)) < 0.03, "broken", "open")
    valves = pd.DataFrame({"id": np.arange(1, len(with_valve) + 1), "code": [f"V{i}" for i in with_valve],
                           "node_id": ends[with_valve, 0], "pipe_id": with_valve + 1, "status": status,
                           "valve_type": "isolation"})
    sources = pd.DataFrame({"id": [1, 2, 3], "code": ["S1", "S2", "S3"], "name": ["W1", "W2", "W3"],
                            "kind": "source", "node_id": [int(ids[0, 0]), int(ids[side // 2, -1]),
                                                          int(ids[-1, side // 3])]})
    up = rng.choice(n, 5000, replace=False)
    users = pd.DataFrame({"id": np.arange(1, 5001), "code": [f"U{i}" for i in range(5000)], "name": "user",
                          "category": rng.choice(["hospital", "venue", "residence", "school"], 5000),
                          "pipe_id": up + 1})
    return IsolationNetwork(pipes, valves, users, sources=sources)


#: The city store with topology (``--city``): the demo event plus a street grid of this many nodes a side.
CITY_SIDE = 501
CITY_ORIGIN = (530_000.0, 5_201_000.0)  # south-west corner, UTM 32N: the grid covers the demo city
CITY_STEP_M = 40.0
#: Bump when the generated city store changes (a cached store of another version is rebuilt).
CITY_STORE_VERSION = 1


def build_city_store(path: Path, side: int = CITY_SIDE, seed: int = 7) -> dict:
    """The demo event plus a ``side × side`` street grid of pipes WITH topology, written to a new SQLite file.

    Every grid edge (``CITY_STEP_M``) is a pipe of 6 vertices between two stored
    nodes (2·side·(side-1) pipes: 501 → 501,000), with a valve at the start of
    60 % of them (3 % broken), three works on grid nodes, 3,000 important users
    (venues and residences among them), 300 guarded places, 5,000 hydrants
    stored without their node (snapped at load, like the demo's) and 100,000
    active billing accounts by lon/lat (hung on the nearest pipe). Returns counts.
    """
    import geopandas as gpd
    import shapely
    from sqlalchemy import insert

    from demo.load import load_demo
    from gis.coords import Projector
    from models.bulk import write_features
    from models.changes import record_changes
    from models.customers import CustomerAccount
    from models.store import open_store

    path.unlink(missing_ok=True)
    store = open_store(f"sqlite:///{path}")
    load_demo(store)
    rng = np.random.default_rng(seed)
    proj = Projector("EPSG:32632")

    def wgs(geoms):
        return shapely.transform(geoms, lambda xy: np.column_stack(proj.to_wgs84(xy[:, 0], xy[:, 1])))

    ids = np.arange(side * side).reshape(side, side)
    gx, gy = np.meshgrid(np.arange(side) * CITY_STEP_M, np.arange(side) * CITY_STEP_M, indexing="xy")
    nxy = np.column_stack([gx.ravel(), gy.ravel()]) + np.asarray(CITY_ORIGIN)
    h = np.stack([ids[:, :-1].ravel(), ids[:, 1:].ravel()], axis=1)
    v = np.stack([ids[:-1, :].ravel(), ids[1:, :].ravel()], axis=1)
    ends = np.concatenate([h, v])
    n = len(ends)
    t = np.linspace(0.0, 1.0, 6)
    a, b = nxy[ends[:, 0]], nxy[ends[:, 1]]
    coords = a[:, None, :] + (b - a)[:, None, :] * t[None, :, None]
    wiggle = rng.normal(0, 0.4, (n, 4))  # inner vertices off the straight line, as surveyed mains are
    normal = np.stack([-(b - a)[:, 1], (b - a)[:, 0]], axis=1) / CITY_STEP_M
    coords[:, 1:5, :] += wiggle[:, :, None] * normal[:, None, :]
    lines = shapely.linestrings(coords.reshape(-1, 2), indices=np.repeat(np.arange(n), 6))
    dn = rng.choice([100, 150, 200, 300, 500, 800], n, p=[.35, .25, .18, .12, .07, .03]).astype(float)
    with store.engine.begin() as conn:
        node_ids = write_features(conn, "nodes", gpd.GeoDataFrame(
            {"code": [f"GN{i:06d}" for i in range(side * side)], "kind": "junction"},
            geometry=wgs(shapely.points(nxy)), crs="EPSG:4326"))
        pipe_ids = write_features(conn, "pipes", gpd.GeoDataFrame({
            "code": [f"G{i:07d}" for i in range(n)], "diameter_mm": dn,
            "pipe_class": np.where(dn >= 500, "transmission", "distribution").astype(object),
            "material": np.where(dn >= 300, "DI", "PE").astype(object), "length_m": shapely.length(lines),
            "from_node_id": node_ids[ends[:, 0]], "to_node_id": node_ids[ends[:, 1]],
        }, geometry=wgs(lines), crs="EPSG:4326"))
        record_changes(conn, "pipes", None)
        with_valve = np.nonzero(rng.random(n) < 0.6)[0]
        status = np.where(rng.random(len(with_valve)) < 0.03, "broken", "open").astype(object)
        write_features(conn, "valves", gpd.GeoDataFrame(
            {"code": [f"GV{i:07d}" for i in with_valve], "node_id": node_ids[ends[with_valve, 0]],
             "pipe_id": pipe_ids[with_valve], "status": status, "valve_type": "isolation",
             "diameter_mm": dn[with_valve]},
            geometry=wgs(shapely.line_interpolate_point(lines[with_valve], 0.05, normalized=True)), crs="EPSG:4326"))
        works = [int(ids[0, 0]), int(ids[side // 2, -1]), int(ids[-1, side // 3])]
        write_features(conn, "sources", gpd.GeoDataFrame(
            {"code": ["GW1", "GW2", "GW3"], "name": ["North works", "East works", "South works"], "kind": "works",
             "node_id": node_ids[works]}, geometry=wgs(shapely.points(nxy[works])), crs="EPSG:4326"))
        # Guarded places: 300 blocks of 60-120 m; important users on pipes, some of them in those places.
        cx = rng.uniform(0, side - 2, 300) * CITY_STEP_M + CITY_ORIGIN[0] + 20
        cy = rng.uniform(0, side - 2, 300) * CITY_STEP_M + CITY_ORIGIN[1] + 20
        half = rng.uniform(30, 60, 300)
        kinds = np.array(["venues", "residences", "key_units"])[np.arange(300) % 3]
        place_ids = {}
        for kind in ("venues", "residences", "key_units"):
            k = kinds == kind
            place_ids[kind] = write_features(conn, kind, gpd.GeoDataFrame(
                {"code": [f"G{kind[:3].upper()}{i:03d}" for i in np.nonzero(k)[0]],
                 "name": [f"Grid {kind[:-1]} {i}" for i in np.nonzero(k)[0]]},
                geometry=wgs(shapely.box(cx[k] - half[k], cy[k] - half[k], cx[k] + half[k], cy[k] + half[k])),
                crs="EPSG:4326"))
        up = rng.choice(n, 3000, replace=False)
        cats = rng.choice(["hospital", "venue", "residence", "school", "government"], 3000)
        pl = np.full(3000, None, dtype=object)
        pl[:100] = place_ids["venues"][:100] if len(place_ids["venues"]) >= 100 else None
        write_features(conn, "users", gpd.GeoDataFrame(
            {"code": [f"GU{i:05d}" for i in range(3000)], "name": [f"Grid user {i}" for i in range(3000)],
             "category": cats, "pipe_id": pipe_ids[up], "place_id": pl, "contact": "duty officer",
             "phone": "+423 000 0000"},
            geometry=wgs(shapely.line_interpolate_point(lines[up], 0.5, normalized=True)), crs="EPSG:4326"))
        hp = rng.choice(n, 5000, replace=False)
        write_features(conn, "hydrants", gpd.GeoDataFrame(
            {"code": [f"GH{i:05d}" for i in range(5000)], "diameter_mm": 100.0},
            geometry=wgs(shapely.line_interpolate_point(lines[hp], rng.uniform(0.1, 0.9, 5000), normalized=True)),
            crs="EPSG:4326"))
        # Billing accounts: 100,000, 3-25 m off a random pipe (the house beside the main).
        ap = rng.integers(0, n, 100_000)
        at = shapely.line_interpolate_point(lines[ap], rng.uniform(0.05, 0.95, len(ap)), normalized=True)
        off = rng.uniform(3, 25, len(ap)) * rng.choice([-1, 1], len(ap))
        d = b[ap] - a[ap]
        axy = shapely.get_coordinates(at) + np.stack([-d[:, 1], d[:, 0]], axis=1) / CITY_STEP_M * off[:, None]
        lon, lat = proj.to_wgs84(axy[:, 0], axy[:, 1])
        conn.execute(insert(CustomerAccount.__table__), [
            {"code": f"CA{i:06d}", "name": f"Account {i}", "status": "active" if i % 20 else "closed",
             "category": "household", "lon": float(x), "lat": float(y)}
            for i, (x, y) in enumerate(zip(lon.tolist(), lat.tolist(), strict=True))])
    store.dispose()
    return {"pipes": int(n), "nodes": int(side * side), "valves": int(len(with_valve)), "accounts": len(ap)}


def bench_topology(side: int, queries: int) -> dict:
    t0 = time.perf_counter()
    net = grid_network(side)
    t1 = time.perf_counter()
    rng = np.random.default_rng(11)
    picks = rng.choice(net.pipe_ids, queries, replace=False)
    times, dry, cut = [], [], []
    for pid in picks.tolist():
        a = time.perf_counter()
        r = net.isolate(int(pid))
        times.append(time.perf_counter() - a)
        dry.append(r.dry_length_m)
        cut.append(len(r.cut_off_pipes))
    return {
        "pipes": len(net.pipe_ids), "valves": len(net.valves), "segments": int(net.n_seg),
        "segment_graph_edges": len(net.j_u), "precompute_s": round(t1 - t0, 2), "queries": queries,
        "median_ms": round(1000 * statistics.median(times), 1),
        "p90_ms": round(1000 * float(np.percentile(times, 90)), 1), "max_ms": round(1000 * max(times), 1),
        "median_dry_length_m": round(statistics.median(dry), 1), "queries_with_cut_off": sum(c > 0 for c in cut),
    }


def bench_pressure(queries: int) -> dict:
    import geopandas as gpd
    import shapely

    from models.bulk import read_features, write_features
    from models.importing import store_network
    from models.store import open_store
    from services.isolation import isolation_rules, load_network
    from services.isolation.answer import pressure_step

    path = Path(importlib.util.find_spec("epyt").origin).parent / "networks" / "asce-tf-wdst" / "ky8.inp"
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{Path(tmp) / 'ky8.sqlite'}")
        res = read_epanet(path, "EPSG:3089")
        x = res.extra
        with store.engine.begin() as conn:
            store_network(conn, x["nodes"], res.frame, x["valves"], x["sources"], inp_text=x["inp_text"],
                          name=path.name)
            p = read_features(conn, "pipes", ["code", "from_node_id", "source"])
            p = p[p["source"].str.contains("PIPES")]
            write_features(conn, "valves", gpd.GeoDataFrame(
                {"code": ["GV-" + c for c in p["code"]], "node_id": p["from_node_id"].to_numpy(),
                 "pipe_id": p["id"].to_numpy(), "status": "open"},
                geometry=shapely.line_interpolate_point(p.geometry.to_numpy(), 0.05, normalized=True), crs=4326))
        with store.engine.connect() as conn:
            net = load_network(conn)
            rules = isolation_rules(conn)
            rng = np.random.default_rng(5)
            picks = rng.choice(p["code"].to_numpy(), queries, replace=False)
            pressure_step(conn, net, net.isolate(str(picks[0])), rules)  # warm up: import wntr
            times, low = [], []
            for code in picks.tolist():
                r = net.isolate(code)
                a = time.perf_counter()
                out = pressure_step(conn, net, r, rules)
                times.append(time.perf_counter() - a)
                low.append(len(out.get("low_pressure_nodes", [])))
        store.dispose()
    return {"network": path.name, "pipes": int(len(p)), "queries": queries,
            "median_s": round(statistics.median(times), 3), "max_s": round(max(times), 3),
            "median_low_pressure_nodes": statistics.median(low)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--side", type=int, default=501)
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--pressure-queries", type=int, default=10)
    args = parser.parse_args()
    out = {"topology": bench_topology(args.side, args.queries), "pressure": bench_pressure(args.pressure_queries)}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
