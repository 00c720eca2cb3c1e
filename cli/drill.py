"""``python app.py drill``: rehearse an event day at full scale, faster than real time; ``--wipe`` removes it."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from cli.context import CommandContext

NAME = "drill"
HELP = ("simulate a whole event day at real scale from a scenario (positions through the feed, incidents through "
        "the desk's services), marked as a drill; --wipe deletes drills without touching the real event")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--scenario, --speed, --date, --until, --from, --wipe, --list."""
    parser.add_argument("--scenario", type=Path, help="a scenario file, YAML or JSON (default: the demo's)")
    parser.add_argument("--speed", type=float, default=60.0,
                        help="simulated seconds per second (default 60 headless; 0: as fast as possible)")
    parser.add_argument("--date", help="the day to simulate, YYYY-MM-DD (default: the scenario's, else the eve "
                                       "of the event)")
    parser.add_argument("--until", help="stop at this local time HH:MM (default: the scenario's end)")
    parser.add_argument("--from", dest="start", help="start at this local time HH:MM (default: the scenario's start)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (the same seed plays the same day)")
    parser.add_argument("--wipe", action="store_true", help="delete every drill's rows (or --run N's) and stop")
    parser.add_argument("--run", type=int, help="with --wipe: only this drill (its number, DR<n>)")
    parser.add_argument("--list", action="store_true", help="list the drills in the store and stop")
    parser.add_argument("--nice", type=int, default=0,
                        help="lower the drill's CPU priority by N (the desk runs its drill with 10, so on a busy "
                             "machine the desk's screen goes first and the drill runs slower)")


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    """Run, list or wipe drills."""
    import datetime as dt

    from demo.drill.scenario import ScenarioError, hhmm_minutes, load_scenario
    from services.drill.ledger import DrillError, runs, wipe
    from demo.drill.runner import DrillOptions, DrillRunner

    tr = ctx.tr
    if args.nice > 0 and hasattr(os, "nice"):  # before the drill's threads start: they inherit it
        os.nice(args.nice)
    if args.list:
        with ctx.store.session() as s:
            rows = [{"run": r.code, "id": r.id, "day": r.day, "scenario": r.scenario, "status": r.status,
                     "speed": r.speed} for r in runs(s)]
        ctx.emit(rows, "\n".join(f"{r['run']}  {r['day']}  {r['status']}  {r['scenario']}" for r in rows)
                 or tr("No drills in the store."))
        return 0
    if args.wipe:
        run_id = None
        if args.run is not None:
            with ctx.store.session() as s:
                from models.drill import DrillRun

                found = s.query(DrillRun).filter(DrillRun.code == f"DR{args.run}").first()
                if found is None:
                    return ctx.fail(tr("There is no drill DR{0}.").format(args.run))
                run_id = found.id
        try:
            result = wipe(ctx.store, run_id, tr)
        except DrillError as exc:
            return ctx.fail(str(exc))
        rows = sum(result["rows"].values())
        ctx.emit(result, tr("Wiped drill(s) {0}: {1} rows, {2} vehicle positions, {3} patrol fixes").format(
            ", ".join(result["runs"]), rows, result["positions"], result["track_points"]))
        return 0
    try:
        scenario = load_scenario(args.scenario)
        day = dt.date.fromisoformat(args.date) if args.date else None
        for value in (args.until, args.start):
            if value:
                hhmm_minutes(value)
    except ScenarioError as exc:
        return ctx.fail(str(exc))
    except ValueError as exc:
        return ctx.fail(tr("drill: {0}").format(exc))
    if args.speed < 0:
        return ctx.fail(tr("drill: --speed must be 0 or more"))

    def progress(state: dict) -> None:
        if not ctx.json_output:
            print(f"\r{tr('Drill {0}').format(state['run'])} {state['local']}  "
                  f"{tr('{0} positions').format(state['positions'])}", end="", file=sys.stderr, flush=True)

    runner = DrillRunner(ctx.store, scenario, DrillOptions(day=day, speed=args.speed, until=args.until,
                                                           start=args.start, seed=args.seed,
                                                           lang=ctx.lang, tr=tr), progress=progress)
    try:
        setup = runner.prepare()
    except DrillError as exc:
        return ctx.fail(str(exc))
    print(tr("Drill {0} on {1}: {2} devices ({3} on foot, {4} vehicles), {5} people, {6} crew").format(
        setup["run"], setup["day"], setup["devices"], setup["patrol_devices"], setup["vehicles"], setup["people"],
        setup["crew"]), file=sys.stderr)
    import signal

    # Ctrl-C or a terminate (the desk's Stop drill) end the drill at its next step, with its summary recorded.
    previous = {sig: signal.signal(sig, lambda *_: runner.stop()) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        summary = runner.run()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if not ctx.json_output:
        print(file=sys.stderr)
    lines = [tr("Drill {0} {1}: {2} simulated hours in {3} s, {4} positions stored").format(
        summary["run"], summary["status"], summary["simulated_hours"], summary["wall_s"], summary["positions_stored"])]
    lines += [f"  {dt.datetime.fromtimestamp(e['t'], runner.tz).strftime('%H:%M:%S')}  "
              f"{e['text_zh'] if ctx.lang.startswith('zh') else e['text']}" for e in summary["timeline"]]
    lines.append(tr("After-action report: python app.py report --date {0} --out FILE.pdf").format(summary["day"]))
    lines.append(tr("Remove the drill: python app.py drill --wipe"))
    ctx.emit(summary, "\n".join(lines))
    return 0


def _service_words(tr) -> None:
    """Messages :mod:`services.drill` passes through ``tr`` (listed so the catalogue carries them:
    lupdate scans cli/ and ui/, not services/)."""
    tr("No event in the store: run 'python app.py demo' or import one first.")
    tr("The drill would end ({0}) before it starts ({1}).")
    tr("{0} already holds {1} patrol fixes and {2} vehicle positions of the real event; a drill "
       "simulates a day of its own: choose another --date.")
    tr("Drill {0} already simulated {1}: wipe it first (python app.py drill --wipe) or choose another "
       "--date.")
    tr("There is no drill to wipe.")
    tr("There is no drill {0}.")
    tr("The drill cannot be wiped: a row of the real event refers to one of its rows "
       "({0}). Nothing was deleted.")
