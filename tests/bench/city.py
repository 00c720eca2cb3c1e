"""City-scale benchmark: the desk on a 500,000-pipe store (run on purpose: ``python tests/bench/city.py``).

Prints one JSON object. The store is the demo event plus 500,000 generated
pipes (2.5 M segments of ~8 m: about 20,000 km of mains over 20 × 20 km around
the demo city) and the default patrol plan. It is built once and kept under
``$WG_BENCH_CACHE`` (default ``$TMPDIR/wg_bench_city``); each run works on a
fresh copy, so the desk's prepared map data starts cold.

Figures (a fresh desk process per open; the second open finds the map data the
first one prepared):

* ``open_map_s`` — process start until the desk's map has drawn (warm open);
  ``open_map_cold_s`` the same on the first open;
* ``patrol_ready_s`` — process start until the Patrol dock has its session;
  ``patrol_ready_cpu_s`` the process's CPU time (all threads) until then, and
  ``peak_rss_at_patrol_ready_mb`` its peak memory until then;
* ``peak_rss_mb`` — peak resident memory of the desk process (warm open, with
  the live demo running ``--live`` seconds, then the desk's views below at
  1920 × 1080); ``peak_rss_before_views_mb`` the same before the views, and
  ``peak_rss_with_wall_views_mb`` after the wall-sized renders too (the wall
  draws in its own process: a 3840 × 2160 frame and the two kept layer images
  are ~33 MB each);
* ``peak_rss_cold_mb`` — the desk's peak on the first open (caches built);
  ``peak_rss_cold_build_child_mb`` the largest peak of the build processes of
  that open (``RUSAGE_CHILDREN``: the map cache's, :mod:`services.map.build_child`,
  and the patrol caches', whichever is larger; 0 when both build in the desk,
  ``WG_MAP_BUILD_IN_PROCESS=1 WG_PATROL_BUILD_IN_PROCESS=1``); ``pipes_ready_cold_s`` process start until the
  built pipes reach the map on that open (the cold open's GUI thread figures,
  ``gui_thread_cold_max_ms``, cover its start through then + 0.5 s);
* ``gui_thread_max_blocked_ms`` — the longest time a GUI-thread stretch was
  blocked (its wall time less its CPU time and its wait for a CPU while
  runnable, from ``/proc/thread-self/schedstat``): waiting for the
  interpreter lock or I/O, what a worker of the desk can cause; the rest of a
  long stretch on a loaded machine is other processes' CPU.
  ``gui_thread_max_parts_ms`` splits the longest stretch so (``*_cold_*``: the
  cold open);
* ``gui_thread_max_ms`` / ``gui_thread_p99_ms`` — the longest / 99th percentile
  busy stretch of the GUI thread's event loop (awake → about to block) from the
  window shown through the live seconds; ``window_build_ms`` is the window's
  construction before its loop runs;
* ``view_ms`` — settled (antialiased as the canvas does) renders of the desk's
  layers at widths 0.5 … 16 km and the full extent at 1920 × 1080, and the full
  extent, 4 km and the other widths at 3840 × 2160 (medians of 5); ``view_ratio`` each / the
  reference. Every layer is drawn each time (``render_layers``, no layer image
  cache); only view-independent caches (prepared tiles, label sprites) are warm;
* ``view_first_ms`` — the same views through the canvas's layer image cache
  (``ui/map/render_cache.py``) with ``live_layer`` (the layers the desk saw
  change since it opened: repairs, hazards, customers …) drawn fresh: the first render at a new view, every layer drawn and the kept
  images stored; ``view_live_ms`` — the re-render of that view after the live
  layer changed (it alone drawn, the others laid from the kept images). A
  cached figure is never a first render;
* ``reference_drawlines_ms`` — one plain ``QPainter.drawLines`` of every pipe
  segment at full extent, 1920 × 1080, in the same process (PySide6's call: one
  thread, the interpreter lock held);
* ``view_runs_in_frame_bands`` — of each view's 5 timed renders, how many were drawn in bands of the
  frame (``ui/map/frame_bands.py``: wall-sized frames, while the bands pay); ``frame_bands_gain`` their
  last CPU over time.
* ``render_threads`` — the threads a big batch of lines or points is drawn on
  (``ui/map/layer_views/bands.py``: the cores this process may use, at most 4);
  the views' ``*_cpu_*`` figures count every thread's CPU;
* ``*_cpu_*`` — the same in CPU time (``process_time`` for renders, the GUI
  thread's ``thread_time`` for its tasks and until the first map): on a shared
  2-core machine the wall figures grow with everyone else's load;
* ``plan_s``, ``export_map_*`` — filled by their own measurement (None here
  unless ``--plan`` / the export hook runs).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench.cache import cache_dir  # noqa: E402

N_PIPES = 500_000
ORIGIN = (530_000.0, 5_211_000.0)  # over the demo city (Vaduz, UTM 32N)
SIZE_M = 20_000.0
STEP_M = 8.0
#: Bump when the generated store changes (cached stores of another version are rebuilt).
STORE_VERSION = 2


def build_store(path: Path, n: int = N_PIPES) -> float:
    """Demo event + ``n`` generated pipes + the default plan into a new SQLite file; seconds taken."""
    import geopandas as gpd
    import numpy as np

    from demo.load import load_demo
    from demo.synthetic import random_pipes
    from gis.coords import Projector
    from models.bulk import write_features
    from models.changes import record_changes
    from models.store import open_store
    from services.patrol.plan import make_plan

    t0 = time.perf_counter()
    path.unlink(missing_ok=True)
    store = open_store(f"sqlite:///{path}")
    load_demo(store)
    geoms, dn, klass = random_pipes(n, size_m=SIZE_M, origin=ORIGIN, step_m=STEP_M, seed=7)
    proj = Projector("EPSG:32632")
    import shapely

    wgs = shapely.transform(geoms, lambda xy: np.column_stack(proj.to_wgs84(xy[:, 0], xy[:, 1])))
    gdf = gpd.GeoDataFrame({
        "code": [f"S{i:07d}" for i in range(n)],
        "diameter_mm": dn, "pipe_class": klass,
        "material": np.where(dn >= 300, "DI", "PE"),
        "length_m": shapely.length(geoms),
    }, geometry=wgs, crs="EPSG:4326")
    with store.engine.begin() as conn:
        write_features(conn, "pipes", gdf)
        record_changes(conn, "pipes", None)
    del gdf, geoms, wgs
    t = time.perf_counter()
    make_plan(store, None, None)
    plan_s = time.perf_counter() - t
    store.dispose()
    (path.parent / (path.name + ".plan_s")).write_text(f"{plan_s:.2f}")
    return time.perf_counter() - t0


DESK = r"""
import json, os, resource, statistics, sys, time
T0 = time.perf_counter()
C0 = time.process_time()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, {root!r})
from PySide6.QtCore import QAbstractEventDispatcher, QEventLoop, QTimer, QLineF
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QApplication
app = QApplication([])
import numpy as np, shiboken6

busy = []
busy_cpu = []
busy_runq = []
state = {{"awake": None, "cpu": None, "runq": 0}}
# The GUI thread's time waiting for a CPU while runnable (ns, /proc/thread-self/schedstat's second field):
# a stretch's wall time = its CPU + that wait + the time it was blocked (the interpreter lock, I/O).
try:
    SCHED = os.open("/proc/thread-self/schedstat", os.O_RDONLY)
except OSError:
    SCHED = None

def runq_ns():
    return int(os.pread(SCHED, 64, 0).split()[1]) if SCHED is not None else 0

def awake():
    state["awake"] = time.perf_counter()
    state["cpu"] = time.thread_time()
    state["runq"] = runq_ns()

def block():
    a = state["awake"]
    if a is not None:
        busy.append((time.perf_counter() - a) * 1000)
        busy_cpu.append((time.thread_time() - state["cpu"]) * 1000)
        busy_runq.append((runq_ns() - state["runq"]) / 1e6)
        state["awake"] = None

disp = QAbstractEventDispatcher.instance()
disp.awake.connect(awake)
disp.aboutToBlock.connect(block)

from ui.main_window import open_desk
from models.store import open_store
store = open_store({url!r}, role="leader")
t = time.perf_counter()
win = open_desk(store, "en", "leader")
window_build_ms = (time.perf_counter() - t) * 1000
win.resize(1920, 1080)
win.show()
canvas = win.canvas
marks = {{}}
busy.clear()
busy_cpu.clear()

def first_map():
    marks.setdefault("map", time.perf_counter() - T0)
    marks.setdefault("map_cpu", time.thread_time())

canvas.rendered.connect(first_map) if hasattr(canvas, "rendered") else None
patrol = win.patrol.live

def patrol_ready():
    marks.setdefault("patrol", time.perf_counter() - T0)
    marks.setdefault("patrol_cpu", time.process_time() - C0)
    marks.setdefault("patrol_rss", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)

patrol.session_ready.connect(patrol_ready)
_pipes = canvas.layers["pipes"].data
if hasattr(_pipes, "when_ready"):  # a cold open: when the built pipes reach the map (any thread)
    _pipes.when_ready(lambda: marks.setdefault("pipes", time.perf_counter() - T0))
if patrol.session is not None:
    patrol_ready()
deadline = time.perf_counter() + {timeout}
loop = QEventLoop()
probe = QTimer(interval=5)

def check():
    if "map" not in marks and canvas._image is not None and not canvas._image.isNull():
        marks["map"] = time.perf_counter() - T0
        marks["map_cpu"] = time.thread_time()
    if ("map" in marks and "patrol" in marks) or time.perf_counter() > deadline:
        loop.quit()

probe.timeout.connect(check)
probe.start()
loop.exec()
probe.stop()  # its check() would end the live loop below at once (it did: the live seconds never ran)
# the live demo running: patrol figures, vehicles, repairs
live_end = time.perf_counter() + {live}
live_t0, live_c0 = time.perf_counter(), time.process_time()
QTimer.singleShot(int({live} * 1000), loop.quit)
loop.exec()
marks["live_s"] = time.perf_counter() - live_t0
marks["live_cpu_s"] = time.process_time() - live_c0
# A cold open: the GUI thread is measured on until the built pipes are on the map (the whole build).
if hasattr(_pipes, "when_ready") and not _pipes.from_cache:
    until_pipes = QTimer(interval=20)
    until_pipes.timeout.connect(lambda: ("pipes" in marks or _pipes.error is not None
                                         or time.perf_counter() > deadline + 600) and loop.quit())
    until_pipes.start()
    loop.exec()
    until_pipes.stop()
    QTimer.singleShot(500, loop.quit)  # the redraw with the pipes
    loop.exec()
gui = sorted(busy)
gui_cpu = sorted(busy_cpu)
gui_blocked = sorted(max(0.0, w - c - q) for w, c, q in zip(busy, busy_cpu, busy_runq))
worst = max(range(len(busy)), key=busy.__getitem__) if busy else None
disp.awake.disconnect(awake)
disp.aboutToBlock.disconnect(block)
# The views below measure drawing: let the background work finish first.
feed = patrol.thread
patrol.close()
if feed is not None:
    feed.join(600)
win.store_watch.stop()
pipes_data = canvas.layers["pipes"].data
if hasattr(pipes_data, "wait"):
    pipes_data.wait(600)
rss_before_views = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

from ui.map.renderer import render_layers
from ui.map.layer_views.base import RenderContext
from ui.map.layer_views.bands import band_count
from services.map.data import total_bounds

CPU = {{}}

def median_ms(fn, runs=5, name=None):
    ts, cs = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        fn()
        ts.append((time.perf_counter() - t) * 1000); cs.append((time.process_time() - c) * 1000)
    if name:
        CPU[name] = round(statistics.median(cs), 2)
    return round(statistics.median(ts), 2)

# Which settled views were drawn in bands of the frame (ui/map/frame_bands.py), and how many of their runs.
from ui.map import frame_bands
BANDED = {{"frames": 0}}
_frame_bands_draw = frame_bands.draw
def _counted(*args):
    BANDED["frames"] += 1
    return _frame_bands_draw(*args)
frame_bands.draw = _counted
banded_runs = {{}}

def settled(box, w, h, name):
    image = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
    def run():
        ctx = RenderContext(*box, w, h, antialias=True)
        ctx.antialias = canvas._settled_antialias(ctx)
        p = QPainter(image)
        render_layers(p, canvas.registry, ctx, canvas.background)
        p.end()
    run()
    before = BANDED["frames"]
    ms = median_ms(run, name=name)
    banded_runs[name] = BANDED["frames"] - before
    return ms

def box_of(width_m, w, h, cx, cy):
    hh = width_m * h / w / 2
    return (cx - width_m / 2, cy - hh, cx + width_m / 2, cy + hh)

def full_box(w, h):
    b = total_bounds(canvas.layers)
    xmin, ymin, xmax, ymax = b
    mx, my = (xmax - xmin) * 0.05, (ymax - ymin) * 0.05
    xmin, ymin, xmax, ymax = xmin - mx, ymin - my, xmax + mx, ymax + my
    cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
    mpp = max((xmax - xmin) / w, (ymax - ymin) / h)
    return (cx - mpp * w / 2, cy - mpp * h / 2, cx + mpp * w / 2, cy + mpp * h / 2)

cx, cy = {cx}, {cy}
# The desk's own views (1920 × 1080) are measured first, then the wall's (3840 × 2160): the peak memory
# is read in between, as the wall renders in its own process (``app.py wall``), not in the desk's.
DESK_VIEWS = ([(f"{{km:g}}km_1920", box_of(km * 1000, 1920, 1080, cx, cy), 1920, 1080) for km in (0.5, 1, 2, 4, 8, 16)]
              + [("full_1920", full_box(1920, 1080), 1920, 1080)])
# The wall's every width too (the issue names its full extent and 4 km; the target is every width).
WALL_VIEWS = ([("full_3840", full_box(3840, 2160), 3840, 2160), ("4km_3840", box_of(4000, 3840, 2160, cx, cy), 3840, 2160)]
              + [(f"{{km:g}}km_3840", box_of(km * 1000, 3840, 2160, cx, cy), 3840, 2160) for km in (0.5, 1, 2, 8, 16)])
views = {{}}

# Through the canvas's layer image cache, with the desk's live layers (changed at a standing view):
# the first render at a new view (every layer drawn, the kept images stored) and a re-render of the
# same view after the live layer changed (it alone drawn, the rest laid from the kept images).
from ui.map.render_cache import LayerImageCache
# The layers the desk itself has seen change at a standing view since it opened (its data loading
# and the live demo): what its re-renders draw fresh. Falls back to the repairs layer.
LIVE = sorted(canvas.layer_cache.volatile) or ["repairs"]
live_drawn = {{}}

def cached(box, w, h, name):
    cache = LayerImageCache()
    for live_name in LIVE:
        cache.changed(live_name)
    def ctx_of():
        ctx = RenderContext(*box, w, h, antialias=True)
        ctx.antialias = canvas._settled_antialias(ctx)
        return ctx
    def first():
        cache.clear()
        cache.render(canvas.registry, ctx_of(), canvas.background, cache.epoch)
    def live():
        cache.changed(LIVE[-1])
        cache.render(canvas.registry, ctx_of(), canvas.background, cache.epoch)
    first()
    f = median_ms(first, name="first")
    first()
    li = median_ms(live, name="live")
    live_drawn[name] = list(cache.stats.drawn)
    return f, li, CPU.pop("first"), CPU.pop("live")

view_first, view_live, first_cpu, live_cpu = {{}}, {{}}, {{}}, {{}}

# Per-layer cost of each view (CPU ms, median of 3): which layer to work on next.
def layer_costs(box, w, h):
    image = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
    ctx = RenderContext(*box, w, h, antialias=True)
    ctx.antialias = canvas._settled_antialias(ctx)
    from ui.map.layer_views.labels import LabelBoard
    costs = {{}}
    for _ in range(3):
        image.fill(canvas.background)
        p = QPainter(image)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, ctx.antialias)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        board = ctx.labels = LabelBoard(ctx.label_scale)
        for layer in canvas.registry.layers:
            view = canvas.registry.views.get(layer.name)
            if view is None or not layer.visible_at(ctx.m_per_px) or layer.opacity <= 0:
                continue
            c = time.process_time()
            p.save(); p.setOpacity(layer.opacity); view.draw(p, ctx); p.restore()
            costs.setdefault(layer.name, []).append((time.process_time() - c) * 1000)
        c = time.process_time()
        board.draw(p)
        costs.setdefault("(labels)", []).append((time.process_time() - c) * 1000)
        p.end()
    out = {{k: round(statistics.median(v), 2) for k, v in costs.items()}}
    return {{k: v for k, v in sorted(out.items(), key=lambda kv: -kv[1]) if v >= 0.05}}

layers_ms = {{}}

def measure(group):
    for key, box, w, h in group:
        views[key] = settled(box, w, h, key)
    for key, box, w, h in group:
        view_first[key], view_live[key], first_cpu[key], live_cpu[key] = cached(box, w, h, key)
    for key, box, w, h in group:
        layers_ms[key] = layer_costs(box, w, h)

measure(DESK_VIEWS)
rss_desk_views = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
measure(WALL_VIEWS)

pipes = canvas.layers["pipes"].data
levels = pipes.line_levels().levels[0]
seg = np.ascontiguousarray(levels.seg, dtype=np.float64)
image = QImage(1920, 1080, QImage.Format.Format_ARGB32_Premultiplied)
def reference():
    image.fill(QColor("#ffffff"))
    p = QPainter(image)
    ctx = RenderContext(*full_box(1920, 1080), 1920, 1080)
    p.setTransform(ctx.transform)
    pen = QPen(QColor("#2e86c1")); pen.setCosmetic(True); p.setPen(pen)
    p.drawLines(shiboken6.wrapInstance(seg.ctypes.data, QLineF), len(seg))
    p.end()
ref = median_ms(reference, 3, name="reference")
if {grab!r}:
    for name, km in (("full", None), ("0.5km", 0.5), ("2km", 2), ("4km", 4)):
        if km is None:
            canvas.set_extent(*total_bounds(canvas.layers))
        else:
            canvas.set_center(cx, cy, km * 1000 / canvas.width())
        canvas.wait_rendered(60000)
        win.grab().save(os.path.join({grab!r}, f"desk_{{name}}.png"))
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{
    "open_map_s": round(marks["map"], 2) if "map" in marks else None,
    "patrol_ready_s": round(marks["patrol"], 2) if "patrol" in marks else None,
    "patrol_ready_cpu_s": round(marks["patrol_cpu"], 2) if "patrol_cpu" in marks else None,
    "peak_rss_at_patrol_ready_mb": round(marks["patrol_rss"]) if "patrol_rss" in marks else None,
    "pipes_ready_s": round(marks["pipes"], 2) if "pipes" in marks else None,
    "peak_rss_children_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
    "peak_rss_mb": round(rss_desk_views), "peak_rss_before_views_mb": round(rss_before_views),
    "peak_rss_with_wall_views_mb": round(peak),
    "gui_thread_max_ms": round(gui[-1], 1) if gui else None,
    "gui_thread_p99_ms": round(gui[min(len(gui) - 1, int(len(gui) * 0.99))], 1) if gui else None,
    "gui_tasks_over_16ms": sum(1 for g in gui if g > 16),
    "gui_thread_max_cpu_ms": round(gui_cpu[-1], 1) if gui_cpu else None,
    "gui_thread_max_blocked_ms": round(gui_blocked[-1], 1) if gui_blocked else None,
    "gui_tasks_blocked_over_16ms": sum(1 for g in gui_blocked if g > 16),
    "gui_thread_max_parts_ms": None if worst is None else {{
        "cpu": round(busy_cpu[worst], 1), "waiting_for_a_cpu": round(busy_runq[worst], 1),
        "blocked": round(max(0.0, busy[worst] - busy_cpu[worst] - busy_runq[worst]), 1)}},
    "gui_tasks_over_16ms_cpu": sum(1 for g in gui_cpu if g > 16),
    "open_map_gui_cpu_s": round(marks["map_cpu"], 2) if "map_cpu" in marks else None,
    "window_build_ms": round(window_build_ms),
    "live_s": round(marks["live_s"], 1), "live_cpu_s": round(marks["live_cpu_s"], 1),
    "view_ms": views, "view_cpu_ms": {{k: v for k, v in CPU.items() if k != "reference"}},
    "view_first_ms": view_first, "view_first_cpu_ms": first_cpu, "view_live_ms": view_live, "view_live_cpu_ms": live_cpu,
    "live_layer": LIVE, "live_layers_drawn": live_drawn,
    "layer_cpu_ms": layers_ms,
    "reference_drawlines_ms": ref, "reference_drawlines_cpu_ms": CPU.get("reference"), "segments": int(len(seg)),
    "render_threads": band_count(),
    "view_runs_in_frame_bands": banded_runs, "frame_bands_gain": frame_bands.payoff.gain,
}}))
win.close()
os._exit(0)
"""


def open_desk(store: Path, live_s: float, timeout_s: float, grab: str = "") -> dict:
    code = DESK.format(root=str(ROOT), url=f"sqlite:///{store}", timeout=timeout_s, live=live_s,
                       cx=ORIGIN[0] + SIZE_M / 2, cy=ORIGIN[1] + SIZE_M / 2, grab=grab)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout_s + 900,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    lines = [ln for ln in out.stdout.strip().splitlines() if ln.startswith("{")]
    if not lines:
        raise SystemExit(f"desk run failed:\n{out.stderr[-4000:]}")
    return json.loads(lines[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--live", type=float, default=10.0, help="seconds of the live demo measured after start")
    parser.add_argument("--timeout", type=float, default=240.0)
    parser.add_argument("--grab", default="", help="folder to save desk screenshots (full extent, 0.5, 2 and 4 km) into")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--views", action="store_true",
                        help="views only: one open of a kept work copy (its map data prepared), no cold open")
    args = parser.parse_args()
    folder = cache_dir("wg_bench_city")
    base = folder / f"city{N_PIPES}_v{STORE_VERSION}.sqlite"
    built_s = None
    if args.rebuild or not base.exists():
        built_s = round(build_store(base), 1)
    plan_file = folder / (base.name + ".plan_s")
    if args.views:
        store = folder / "views_work.sqlite"
        if not store.exists():
            shutil.copyfile(base, store)
        warm = open_desk(store, 0.5, args.timeout, args.grab)
        print(json.dumps({k: warm[k] for k in ("view_ms", "view_cpu_ms", "view_first_ms", "view_first_cpu_ms",
                                               "view_live_ms", "view_live_cpu_ms", "live_layer", "live_layers_drawn",
                                               "layer_cpu_ms", "reference_drawlines_ms", "reference_drawlines_cpu_ms",
                                               "render_threads", "view_runs_in_frame_bands", "frame_bands_gain")}))
        return
    work = Path(tempfile.mkdtemp(prefix="wg_city_run_"))
    try:
        store = work / "city.sqlite"
        shutil.copyfile(base, store)
        cold = open_desk(store, 2.0, args.timeout)
        warm = open_desk(store, args.live, args.timeout, args.grab)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ref = warm["reference_drawlines_ms"]
    result = {
        "open_map_s": warm["open_map_s"], "open_map_cold_s": cold["open_map_s"],
        "patrol_ready_s": warm["patrol_ready_s"], "patrol_ready_cold_s": cold["patrol_ready_s"],
        "patrol_ready_cpu_s": warm.get("patrol_ready_cpu_s"),
        "peak_rss_at_patrol_ready_mb": warm.get("peak_rss_at_patrol_ready_mb"),
        "plan_s": None, "plan_s_at_build": float(plan_file.read_text()) if plan_file.exists() else None,
        "peak_rss_mb": warm["peak_rss_mb"], "peak_rss_cold_mb": cold["peak_rss_mb"],
        "peak_rss_cold_build_child_mb": cold["peak_rss_children_mb"], "pipes_ready_cold_s": cold["pipes_ready_s"],
        "peak_rss_before_views_mb": warm["peak_rss_before_views_mb"],
        "peak_rss_with_wall_views_mb": warm["peak_rss_with_wall_views_mb"],
        "gui_thread_max_ms": warm["gui_thread_max_ms"], "gui_thread_p99_ms": warm["gui_thread_p99_ms"],
        "gui_tasks_over_16ms": warm["gui_tasks_over_16ms"],
        "gui_thread_cold_max_ms": cold["gui_thread_max_ms"], "gui_thread_cold_max_parts_ms": cold["gui_thread_max_parts_ms"],
        "gui_thread_cold_max_blocked_ms": cold["gui_thread_max_blocked_ms"],
        "gui_tasks_cold_blocked_over_16ms": cold["gui_tasks_blocked_over_16ms"],
        "gui_thread_max_blocked_ms": warm["gui_thread_max_blocked_ms"], "gui_thread_max_parts_ms": warm["gui_thread_max_parts_ms"], "window_build_ms": warm["window_build_ms"], "live_s": warm["live_s"], "live_cpu_s": warm["live_cpu_s"],
        "gui_thread_max_cpu_ms": warm["gui_thread_max_cpu_ms"], "gui_tasks_over_16ms_cpu": warm["gui_tasks_over_16ms_cpu"],
        "open_map_gui_cpu_s": warm["open_map_gui_cpu_s"],
        "view_ms": warm["view_ms"], "reference_drawlines_ms": ref,
        "view_ratio": {k: round(v / ref, 4) for k, v in warm["view_ms"].items()},
        "view_cpu_ms": warm["view_cpu_ms"], "layer_cpu_ms": warm["layer_cpu_ms"],
        "view_first_ms": warm["view_first_ms"], "view_first_cpu_ms": warm["view_first_cpu_ms"],
        "view_live_ms": warm["view_live_ms"], "view_live_cpu_ms": warm["view_live_cpu_ms"], "live_layer": warm["live_layer"], "reference_drawlines_cpu_ms": warm["reference_drawlines_cpu_ms"],
        "segments": warm["segments"], "render_threads": warm["render_threads"],
        "view_runs_in_frame_bands": warm["view_runs_in_frame_bands"], "frame_bands_gain": warm["frame_bands_gain"],
        "export_map_s": None, "export_map_mb": None, "export_map_chromium_s": None,
        "store_built_s": built_s,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
