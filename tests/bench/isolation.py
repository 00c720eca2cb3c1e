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

``--city``: the isolation path on a city's STORE instead (issue 19): the demo
event plus a 501 × 501 street grid of pipes with their nodes (501,000 pipes,
~300,000 valves, 100,000 billing accounts, 5,000 hydrants without a node: see
:func:`build_city_store`), built once under ``$WG_BENCH_CACHE`` (default
``$TMPDIR/wg_bench_isolation``). Each figure comes from a fresh process running
the code of ``--root`` (default: this tree; give an export of another commit
to measure it the same way):

* ``first_isolation_s`` — ``load_network`` + the first ``answer`` (options,
  order) in one process; ``load_s``, ``answer_s``, ``second_answer_s`` (the
  network kept), ``rss_kept_after_load_mb`` (VmRSS after the read minus before)
  and ``peak_rss_mb`` of that process;
* ``cli_isolate_s`` / ``cli_isolate_peak_rss_mb`` — ``app.py isolate PIPE --json``
  as a user runs it (its own process: ru_maxrss);
* ``desk_*`` — a desk (1920 × 1080, offscreen) on a copy of the store, once
  its map and Patrol dock are ready and its map data prepared: the first
  isolation of the session (``desk_first_isolation_s``, request until the
  answer reaches the GUI) and a second one, with the longest busy stretch of
  the GUI thread's event loop between the request and 0.5 s after the answer
  (``desk_gui_thread_max_ms``, ``desk_gui_tasks_over_16ms``; the request
  itself, ``desk_request_ms``, and the answer's hand-over to the docks and the
  map, ``desk_handover_ms``, timed on their own and counted in), the desk's
  RSS before and after (``desk_rss_growth_mb``) and its peak.
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


CITY_PIPE = "G0123456"  # a grid pipe near the middle of the city (its isolation reaches a venue: options)
CITY_PIPE_2 = "G0250250"

SERVICE = r"""
import json, resource, sys, time
sys.path.insert(0, {root!r})

def rss():
    with open("/proc/self/status") as f:
        return int(next(ln for ln in f if ln.startswith("VmRSS")).split()[1]) / 1024

from models.store import open_store
from services.isolation import load_network
from services.isolation.answer import answer
store = open_store({url!r})
before = rss()
t0 = time.perf_counter()
with store.engine.connect() as conn:
    net = load_network(conn)
    t1 = time.perf_counter()
    kept = rss() - before
    a = answer(conn, net, {pipe!r})
    t2 = time.perf_counter()
    answer(conn, net, {pipe2!r})
    t3 = time.perf_counter()
r = a.result
print(json.dumps({{"first_isolation_s": round(t2 - t0, 2), "load_s": round(t1 - t0, 2), "answer_s": round(t2 - t1, 2),
                  "second_answer_s": round(t3 - t2, 2), "rss_kept_after_load_mb": round(kept),
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                  "valves": len(r.valves), "isolated_pipes": len(r.isolated_pipes), "cut_off_pipes": len(r.cut_off_pipes),
                  "customers": len(r.customers), "hydrants": len(r.hydrants), "options": len(a.options),
                  "guarded_places": len(r.guarded_places_affected)}}))
"""

CLI = r"""
import json, resource, subprocess, sys, time
t = time.perf_counter()
out = subprocess.run([sys.executable, "app.py", "--store", {url!r}, "isolate", {pipe!r}, "--json"], cwd={root!r},
                     capture_output=True, text=True)
wall = time.perf_counter() - t
assert out.returncode == 0, out.stderr[-3000:]
d = json.loads(out.stdout)
print(json.dumps({{"cli_isolate_s": round(wall, 2),
                  "cli_isolate_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
                  "cli_valves": len(d["valves"]), "cli_customers": len(d["customers"]),
                  "cli_dry_length_m": d["dry_length_m"]}}))
"""

DESK = r"""
import json, os, resource, sys, time
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, {root!r})
from PySide6.QtCore import QAbstractEventDispatcher, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])

def rss():
    with open("/proc/self/status") as f:
        return int(next(ln for ln in f if ln.startswith("VmRSS")).split()[1]) / 1024

busy = []
state = {{"awake": None, "on": False}}

def awake():
    state["awake"] = time.perf_counter()

def block():
    a = state["awake"]
    if a is not None and state["on"]:
        busy.append((time.perf_counter() - a) * 1000)
    state["awake"] = None

disp = QAbstractEventDispatcher.instance()
disp.awake.connect(awake)
disp.aboutToBlock.connect(block)
from sqlalchemy import text
from models.store import open_store
from ui.main_window import open_desk
store = open_store({url!r}, role="leader")
with store.engine.connect() as conn:
    pipe_ids = [conn.execute(text("SELECT id FROM pipes WHERE code = :c"), {{"c": c}}).scalar_one()
                for c in ({pipe!r}, {pipe2!r})]
win = open_desk(store, "en", "leader")
win.resize(1920, 1080)
win.show()
canvas, patrol = win.canvas, win.patrol.live
loop = QEventLoop()
deadline = time.perf_counter() + {timeout}

def ready():
    drawn = canvas._image is not None and not canvas._image.isNull()
    if (drawn and patrol.session is not None) or time.perf_counter() > deadline:
        loop.quit()

probe = QTimer(interval=20)
probe.timeout.connect(ready)
probe.start()
loop.exec()
probe.stop()
pipes_data = canvas.layers["pipes"].data
if hasattr(pipes_data, "wait"):
    pipes_data.wait(900)  # the map data prepared: the isolation alone runs beside the live desk
QTimer.singleShot(3000, loop.quit)
loop.exec()
desk = win.repairs.desk
got = []
desk.answer_changed.connect(lambda ans: got.append(time.perf_counter()))
handover = []
reader = getattr(desk, "_isolation_read", None)
if reader is not None:  # the answer's hand-over on the GUI thread (worker builds): how long it takes there
    show = reader._show

    def timed_show(data):
        t = time.perf_counter()
        show(data)
        handover.append((time.perf_counter() - t) * 1000)

    reader._show = timed_show

def isolate(pid):
    busy.clear()
    got.clear()
    handover.clear()
    rss0 = rss()
    t = {{}}

    def go():
        state["on"] = True
        t["start"] = time.perf_counter()
        desk.isolate(None, pid)
        t["request_ms"] = (time.perf_counter() - t["start"]) * 1000  # the GUI thread inside the request itself

    def check():  # one loop from the request until 0.5 s after the answer (its stretches all seen)
        now = time.perf_counter()
        if (got and now > got[0] + 0.5) or now > deadline + 600:
            loop.quit()

    QTimer.singleShot(0, go)
    probe = QTimer(interval=10)
    probe.timeout.connect(check)
    probe.start()
    loop.exec()
    probe.stop()
    state["on"] = False
    done = got[0] if got else None
    # The request and the hand-over are timed themselves too (the dispatcher's awake/aboutToBlock can split a
    # stretch in two): the longest of all is the GUI thread's longest task.
    s = sorted([*busy, t.get("request_ms", 0.0), *handover])
    return {{"s": round(done - t["start"], 2) if done else None, "gui_max_ms": round(s[-1], 1) if s else None,
            "request_ms": round(t.get("request_ms", 0.0), 1), "top_ms": [round(b, 1) for b in s[-3:]],
            "handover_ms": round(max(handover), 1) if handover else None,
            "over_16": sum(1 for b in s if b > 16), "rss_growth_mb": round(rss() - rss0)}}

first = isolate(pipe_ids[0])
second = isolate(pipe_ids[1])
ans = desk.answer
print(json.dumps({{"desk_first_isolation_s": first["s"], "desk_gui_thread_max_ms": first["gui_max_ms"],
                  "desk_gui_tasks_over_16ms": first["over_16"], "desk_request_ms": first["request_ms"],
                  "desk_handover_ms": first["handover_ms"], "desk_gui_top_ms": first["top_ms"],
                  "desk_rss_growth_mb": first["rss_growth_mb"],
                  "desk_second_isolation_s": second["s"], "desk_second_gui_thread_max_ms": second["gui_max_ms"],
                  "desk_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                  "desk_valves": len(ans.result.valves) if ans is not None else None}}))
win.close()
os._exit(0)
"""


def _run(code: str, timeout_s: float, cwd: Path) -> dict:
    import os
    import subprocess

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout_s, cwd=cwd,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    lines = [ln for ln in out.stdout.strip().splitlines() if ln.startswith("{")]
    if not lines:
        raise SystemExit(f"run failed:\n{out.stderr[-4000:]}")
    return json.loads(lines[-1])


def bench_city(root: Path, desk: bool = True, timeout_s: float = 900.0) -> dict:
    """The isolation path on the city store with topology (see the module's docstring)."""
    import shutil

    from tests.bench.cache import cache_dir

    folder = cache_dir("wg_bench_isolation")
    store = folder / f"iso{CITY_SIDE}_v{CITY_STORE_VERSION}.sqlite"
    built_s = None
    if not store.exists():
        t = time.perf_counter()
        build_city_store(store)
        built_s = round(time.perf_counter() - t, 1)
    url = f"sqlite:///{store}"
    fmt = {"root": str(root), "url": url, "pipe": CITY_PIPE, "pipe2": CITY_PIPE_2, "timeout": timeout_s}
    out = {"store": store.name, "store_built_s": built_s, "root": str(root)}
    out.update(_run(SERVICE.format(**fmt), timeout_s, root))
    out.update(_run(CLI.format(**fmt), timeout_s, root))
    if desk:
        work = folder / f"desk_iso{CITY_SIDE}_v{CITY_STORE_VERSION}.sqlite"  # kept: its map data stays prepared
        if not work.exists():
            shutil.copyfile(store, work)
        out.update(_run(DESK.format(**{**fmt, "url": f"sqlite:///{work}"}), timeout_s + 900, root))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--side", type=int, default=501)
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--pressure-queries", type=int, default=10)
    parser.add_argument("--city", action="store_true", help="the isolation path on a city store (issue 19)")
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[2],
                        help="with --city: the tree whose code runs (an export of another commit: before/after)")
    parser.add_argument("--no-desk", action="store_true", help="with --city: skip the desk")
    args = parser.parse_args()
    if args.city:
        print(json.dumps(bench_city(args.root.resolve(), desk=not args.no_desk)))
        return
    out = {"topology": bench_topology(args.side, args.queries), "pressure": bench_pressure(args.pressure_queries)}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
