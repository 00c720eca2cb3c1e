"""Memory of the demo desk before any city data (run on purpose: ``python tests/bench/desk_memory.py``).

Prints one JSON object. The store is the bundled demo event (``python app.py demo``), built
once under ``$WG_BENCH_CACHE`` (default ``$TMPDIR/wg_bench_desk``); each run opens a fresh
copy in a new desk process, 1920 × 1080 offscreen, with the live demo playing (the demo
clock at ``--demo-time``, default 10:00, so runs at any hour replay the same backfill).

Figures (MB unless named otherwise; ``rss`` is resident memory, ``anon`` its anonymous
part, ``file`` its file-backed part, from ``/proc/self/smaps_rollup``):

* ``imports`` — ``import ui.main_window`` (what the desk needs before its window):
  ``s`` seconds, ``modules`` the count of ``sys.modules`` after it, ``rss``;
* ``shown`` — when the window is shown and its map has drawn: ``s`` since process start,
  ``modules``, ``rss``, ``anon``, ``file``, ``hwm`` (peak so far, VmHWM);
* ``patrol_ready_s`` — until the Patrol dock has its session;
* ``live`` — after ``--live`` seconds of the live demo: the same as ``shown``, plus
  ``modules``;
* ``peak_rss_mb`` — the process's peak resident memory (VmHWM) over the whole run;
* ``threads`` — the process's threads at the end.
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

#: Bump when the generated store changes.
STORE_VERSION = 1


def build_store(path: Path) -> None:
    from demo.load import load_demo
    from models.store import open_store

    path.unlink(missing_ok=True)
    store = open_store(f"sqlite:///{path}")
    load_demo(store)
    store.dispose()


DESK = r"""
import os, sys, time
T0 = time.perf_counter()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, {root!r})
import json

def mem():
    out = {{}}
    with open("/proc/self/smaps_rollup") as f:
        for line in f:
            k, _, rest = line.partition(":")
            if k in ("Rss", "Anonymous"):
                out[k] = int(rest.split()[0]) / 1024
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                out["hwm"] = int(line.split()[1]) / 1024
            if line.startswith("Threads:"):
                out["threads"] = int(line.split()[1])
    return {{"rss": round(out["Rss"]), "anon": round(out["Anonymous"]),
            "file": round(out["Rss"] - out["Anonymous"]), "hwm": round(out["hwm"]),
            "threads": out["threads"]}}

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
t = time.perf_counter()
import ui.main_window
from ui.main_window import open_desk
imports = {{"s": round(time.perf_counter() - t, 3), "modules": len(sys.modules), "rss": mem()["rss"]}}
from models.store import open_store
store = open_store({url!r}, role="leader")
win = open_desk(store, "en", "leader")
win.resize(1920, 1080)
win.show()
canvas = win.canvas
patrol = win.patrol.live
marks = {{}}

def patrol_ready():
    marks.setdefault("patrol", time.perf_counter() - T0)

patrol.session_ready.connect(patrol_ready)
if patrol.session is not None:
    patrol_ready()
loop = QEventLoop()
probe = QTimer(interval=5)
deadline = time.perf_counter() + 120

def check():
    if "shown" not in marks and canvas._image is not None and not canvas._image.isNull():
        marks["shown"] = dict(mem(), s=round(time.perf_counter() - T0, 2), modules=len(sys.modules))
    if ("shown" in marks and "patrol" in marks) or time.perf_counter() > deadline:
        loop.quit()

probe.timeout.connect(check)
probe.start()
loop.exec()
probe.stop()
QTimer.singleShot(int({live} * 1000), loop.quit)
loop.exec()
live = dict(mem(), modules=len(sys.modules))
print(json.dumps({{"imports": imports, "shown": marks.get("shown"),
                  "patrol_ready_s": round(marks["patrol"], 2) if "patrol" in marks else None,
                  "live": live, "peak_rss_mb": live["hwm"]}}), flush=True)
os._exit(0)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--live", type=float, default=60.0, help="seconds of the live demo after the desk is ready")
    parser.add_argument("--demo-time", default="10:00", help="the demo clock's start (HH:MM)")
    args = parser.parse_args()
    cache = cache_dir("wg_bench_desk")
    template = cache / f"desk_demo_v{STORE_VERSION}.sqlite"
    if not template.exists():
        build_store(template)
    work = Path(tempfile.mkdtemp(prefix="wg_desk_mem_"))
    try:
        path = work / "demo.sqlite"
        shutil.copyfile(template, path)
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", WATERGUARD_DEMO_TIME=args.demo_time)
        env.setdefault("XDG_CONFIG_HOME", str(work / "config"))
        env.setdefault("XDG_DATA_HOME", str(work / "data"))
        env.setdefault("XDG_CACHE_HOME", str(work / "cache"))
        code = DESK.format(root=str(ROOT), url=f"sqlite:///{path}", live=args.live)
        with open("/proc/loadavg") as f:
            load = f.read().split()[0]
        t = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=600)
        wall = time.perf_counter() - t
        lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
        if not lines:
            sys.stderr.write(out.stderr[-4000:])
            raise SystemExit("the desk process printed no figures")
        result = json.loads(lines[-1])
        result.update(live_s=args.live, demo_time=args.demo_time, run_s=round(wall, 1), load=float(load))
        print(json.dumps(result))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
