"""``python app.py plan``: the day's patrol plan from the requirements and the map.

Assigns every pipe, construction site, key point and stationed post to its
requirements with a reason, cuts the network into patrol patches, gives patrol
teams their patches, lists the rounds each team owes, and stores the plan in
one transaction that replaces the previous one.
"""

from __future__ import annotations

import argparse

from cli.context import CommandContext
from services.patrol.data import PatrolDataError
from services.patrol.plan import DEFAULT_PATCHES, make_plan

NAME = "plan"
HELP = "assign pipes, sites and key points to patrol requirements, cut patrol patches, list team rounds"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--patches N``, ``--date D``."""
    parser.add_argument("--patches", type=int, default=None,
                        help=f"number of patrol patches (default: as many as stored, else one per patrol team, else {DEFAULT_PATCHES})")
    parser.add_argument("--date", help="day whose rounds to list, YYYY-MM-DD (default: today, event time)")


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    """Make, store and print the plan."""
    try:
        info = make_plan(ctx.store, args.patches, args.date, tr=ctx.tr)
    except PatrolDataError as exc:
        return ctx.fail(str(exc))
    tr = ctx.tr
    lines = [tr("Patrol plan for {0}").format(info["date"])]
    for r in info["requirements"]:
        lines.append(tr("  {0}: {1} pipes, {2} km, {3} rounds a day").format(
            r["code"], r["pipes"], f"{r['length_km']:.1f}", f"{r['rounds_per_day']:g}"))
    lines.append(tr("Patches: {0}").format(len(info["patches"])))
    for p in info["patches"]:
        lines.append(tr("  {0}: {1} km, workload {2} km, teams {3}").format(
            p["code"], f"{p['length_km']:.1f}", f"{p['workload_km']:.1f}", ", ".join(p["teams"]) or "-"))
    lines.append(tr("Stationed posts: {0}").format(len(info["stationed_posts"])))
    for x in info["assignments"][:5]:
        lines.append(f"  {x['pipe']} → {x['requirement']}: {x['reason']}")
    ctx.emit(info, "\n".join(lines))
    return 0
