"""Drill benchmark: the demo scenario at full scale, with the desk open, faster than real time.

Run on purpose (not part of the test suite)::

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/bench/drill.py [--speed 60] [--from 08:00] [--until 16:20]

Writes a fresh demo store with its plan into a temporary folder, opens the
command desk on it (MainWindow, offscreen), and plays the demo's drill
scenario (7 squads, 128 on foot, 52 vehicles, every device reporting every
simulated second) the way Simulation → Run drill… does: ``python app.py
drill`` in a child process writing the store, the desk following it through
its store watch, while a 20 ms GUI timer measures how late the desk's event
loop runs and both processes' memory is sampled every 10 s. Then it gathers
the after-action report. Prints one JSON object: simulated_hours,
wall_s, devices, positions_stored, gui_latency_p99_ms (target < 50),
rss_start_mb / rss_end_mb (target: within 5 %), and the report's totals; gui_busy_p99_ms is the
GUI thread's own CPU time per 20 ms tick (p99), which other processes' load on the machine does not
inflate, and load_avg the machine's load at the end.

``--wall`` opens the wall display too (View → Wall display) and adds wall_refreshes, wall_s_per_refresh,
wall_refresh_p50_ms / wall_refresh_max_ms (the GUI thread's time showing a set of figures),
wall_clock_ticks, wall_failed and wall_figure_changes. ``--stalls N`` adds the N latest-running
GUI ticks with where the GUI thread was, each thread's CPU time meanwhile and the busy threads'
stacks (tests/bench/stall_probe.py): a stall with little GUI and process CPU is the machine's load,
one with another thread's CPU is that thread holding Python's interpreter lock.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def rss_mb(pid: int | str = "self") -> float:
    """Resident memory of a process (MB; this one by default)."""
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    raise ValueError(f"no VmRSS for {pid}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--speed", type=float, default=60.0)
    parser.add_argument("--from", dest="start", default="08:00")
    parser.add_argument("--until", default="16:20")
    parser.add_argument("--folder", help="keep the store here (default: a temporary folder)")
    parser.add_argument("--profile", help="write a cProfile of the GUI thread to this file")
    parser.add_argument("--grab", help="save a screenshot of the desk (PNG) 30 s into the drill")
    parser.add_argument("--wall", action="store_true",
                        help="open the wall display too (View → Wall display) and measure its refresh")
    parser.add_argument("--stalls", type=int, default=0,
                        help="report the N slowest GUI stalls with the GUI thread's stacks (tests/bench/stall_probe.py)")
    args = parser.parse_args()

    from PySide6.QtCore import QElapsedTimer, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    folder = Path(args.folder) if args.folder else Path(tempfile.mkdtemp(prefix="drill-bench-"))
    os.environ["XDG_CONFIG_HOME"] = str(folder / "config")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    from demo.load import load_demo
    from models.store import open_store
    from services.after_action import after_action
    from services.patrol.plan import make_plan
    from ui.common.i18n import install_translators
    from ui.main_window import MainWindow

    store = open_store(f"sqlite:///{folder / 'bench.sqlite'}")
    load_demo(store)
    make_plan(store, None, "2026-12-01")
    lang = install_translators(app, "en")
    window = MainWindow(store, lang)
    window.resize(1600, 1000)
    window.show()
    for _ in range(50):
        app.processEvents()
        time.sleep(0.02)

    wall_stats = None
    if args.wall:  # View → Wall display, its refresh timed on the GUI thread
        from ui.wall.window import WallWindow

        wall_stats = {"refresh_ms": [], "figures": [], "clock_ticks": 0, "failed": 0}
        show_figures = WallWindow._on_figures_change

        def timed_figures(self, figures):
            t = time.perf_counter()
            show_figures(self, figures)
            wall_stats["refresh_ms"].append((time.perf_counter() - t) * 1000.0)
            wall_stats["figures"].append((figures.repairs_open, figures.repairs_overrun, figures.reports_missing,
                                          figures.vehicles_on_duty, figures.vehicles_lost, figures.items_open,
                                          figures.drill))

        WallWindow._on_figures_change = timed_figures
        window.open_wall()
        window.wall.resize(1920, 1080)
        window.wall.clock_timer.timeout.connect(lambda: wall_stats.__setitem__("clock_ticks",
                                                                               wall_stats["clock_ticks"] + 1))
        window.wall.feed.failed.connect(lambda _m: wall_stats.__setitem__("failed", wall_stats["failed"] + 1))

    drill = window.drill
    day = drill.default_day()
    lateness: list[float] = []
    busy: list[float] = []  # the GUI thread's own CPU time between two ticks (what other processes' load does not add)
    clock = QElapsedTimer()
    clock.start()
    last = [clock.nsecsElapsed(), time.thread_time()]
    interval_ms = 20

    stall_probe = None
    if args.stalls:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from stall_probe import StallProbe

        stall_probe = StallProbe()

    def probe() -> None:
        now, cpu = clock.nsecsElapsed(), time.thread_time()
        lateness.append(max(0.0, (now - last[0]) / 1e6 - interval_ms))
        if stall_probe is not None:
            stall_probe.tick(lateness[-1])
        busy.append((cpu - last[1]) * 1000.0)
        last[0], last[1] = now, cpu

    timer = QTimer(interval=interval_ms)
    timer.timeout.connect(probe)
    for _ in range(20):
        app.processEvents()
    # Simulation → Run drill…'s code path: ``python app.py drill`` in a child process, the desk following.
    cmd = drill.command(None, args.speed, day, args.until)
    cmd[cmd.index("drill") + 1:cmd.index("drill") + 1] = ["--from", args.start]
    import subprocess

    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    rss_start = rss_mb()
    rss_samples, child_rss = [], []
    t0 = time.perf_counter()
    timer.start()
    if stall_probe is not None:
        stall_probe.start()
    errors = open(folder / "drill.stderr", "w", encoding="utf-8")  # noqa: SIM115 (closed below)
    child = subprocess.Popen([sys.executable, *cmd], stdout=subprocess.PIPE, stderr=errors, text=True)
    drill._follow(True)  # as Simulation → Run drill…: the map follows the drill's vehicles
    next_sample = time.perf_counter() + 10.0
    title = ""
    while child.poll() is None:
        app.processEvents()
        time.sleep(0.002)
        if time.perf_counter() >= next_sample:
            rss_samples.append(round(rss_mb(), 1))
            try:
                child_rss.append(round(rss_mb(child.pid), 1))
            except (OSError, ValueError):  # it just ended
                pass
            drill.update_title()
            title = window.windowTitle()
            next_sample += 10.0
            if args.grab and len(rss_samples) == 3:
                window.grab().save(args.grab)
                if wall_stats is not None:
                    window.wall.grab().save(str(Path(args.grab).with_suffix("")) + "-wall.png")
    wall = time.perf_counter() - t0
    timer.stop()
    if stall_probe is not None:
        stall_probe.stop()
    drill._follow(False)
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(args.profile)
    errors.close()
    out = child.stdout.read()
    if child.returncode != 0 or not out.strip():
        tail = (folder / "drill.stderr").read_text(encoding="utf-8")[-2000:]
        print(json.dumps({"error": f"the drill failed (exit {child.returncode})", "stderr": tail}))
        return 1
    result = json.loads(out)
    for _ in range(20):
        app.processEvents()
    rss_end = rss_mb()
    lateness.sort()
    busy.sort()
    p99 = lateness[int(0.99 * (len(lateness) - 1))] if lateness else float("nan")
    setup = result
    wall_out = {}
    if wall_stats is not None:
        refresh = sorted(wall_stats["refresh_ms"])
        figures = wall_stats["figures"]
        wall_out = {"wall_refreshes": len(refresh), "wall_s_per_refresh": round(wall / len(refresh), 1) if refresh else None,
                    "wall_refresh_p50_ms": round(refresh[len(refresh) // 2], 1) if refresh else None,
                    "wall_refresh_max_ms": round(refresh[-1], 1) if refresh else None,
                    "wall_clock_ticks": wall_stats["clock_ticks"], "wall_failed": wall_stats["failed"],
                    "wall_figure_changes": sum(1 for a, b in zip(figures, figures[1:]) if a != b),
                    "wall_last_figures": figures[-1] if figures else None}
        window.wall.close()
    report = after_action(store, day)
    totals = {k: v for k, v in report["totals"].items() if k != "fixes"}
    window.close()
    store.dispose()
    print(json.dumps({
        "simulated_hours": result.get("simulated_hours"), "wall_s": round(wall, 1), "drill_wall_s": result.get("wall_s"), "speed": args.speed,
        "realised_speed": round(result.get("simulated_hours", 0) * 3600 / wall, 1) if wall else None,
        "devices": setup["devices"], "patrol_devices": setup["patrol_devices"], "vehicles": setup["vehicles"],
        "people": setup["people"], "crew": setup["crew"],
        "positions_stored": result.get("positions_stored"), "rejected": result.get("rejected"),
        "gui_latency_p99_ms": round(p99, 1), "gui_latency_max_ms": round(lateness[-1], 1) if lateness else None,
        "gui_samples": len(lateness),
        "gui_busy_p99_ms": round(busy[int(0.99 * (len(busy) - 1))], 1) if busy else None,
        "gui_busy_max_ms": round(busy[-1], 1) if busy else None, "load_avg": [round(x, 1) for x in os.getloadavg()],
        "rss_start_mb": round(rss_start, 1), "rss_end_mb": round(rss_end, 1),
        "rss_growth_pct": round(100.0 * (rss_end - rss_start) / rss_start, 1), "rss_samples_mb": rss_samples,
        "drill_rss_samples_mb": child_rss,
        # From the drill's second sample: the first is taken while it still loads the plan and the streets.
        "drill_rss_growth_pct": (round(100.0 * (child_rss[-1] - child_rss[1]) / child_rss[1], 1)
                                 if len(child_rss) > 2 else None),
        "title": title, "report_totals": totals,
        **wall_out,
        **({"stalls": stall_probe.report(args.stalls)} if stall_probe is not None else {}),
        "report_coverage": [{"code": r["code"], "ratios": [w["ratio"] for w in r["windows"]]}
                            for r in (report["coverage"] or {}).get("requirements", [])],
        "timeline": [f"{dt.datetime.fromtimestamp(e['t'], dt.timezone.utc).isoformat()} {e['kind']}"
                     for e in result.get("timeline", [])],
    }, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
