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
