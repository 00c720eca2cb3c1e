"""``python app.py plan``: the day's patrol plan from the requirements and the map.

Assigns every pipe, construction site, key point and stationed post to its
requirements with a reason, cuts the network into patrol patches, gives patrol
teams their patches, lists the rounds each team owes, and stores the plan in
one transaction that replaces the previous one.
"""

from __future__ import annotations

import argparse

from cli.context import CommandContext
from services.patrol.capacity import set_team_speed, shortfalls
from services.patrol.data import PatrolDataError
from services.patrol.plan import DEFAULT_PATCHES, make_plan
from services.patrol.reason_text import plan_reason

NAME = "plan"
# Shortfalls listed in the text output (all of them are in ``--json``).
MAX_SHORT_LINES = 24
# Stationed posts listed in the text output.
MAX_POST_LINES = 12
# Above this many assignments ``--json`` is printed compact.
COMPACT_ABOVE = 20_000
HELP = "assign pipes, sites and key points to patrol requirements, cut patrol patches, list team rounds"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--patches N``, ``--date D``."""
    parser.add_argument("--patches", type=int, default=None,
                        help=f"number of patrol patches (default: as many as stored, else one per patrol team, else {DEFAULT_PATCHES})")
    parser.add_argument("--date", help="day whose rounds to list, YYYY-MM-DD (default: today, event time)")
    parser.add_argument("--team-speed", action="append", default=[], metavar="KIND=KMH",
                        help="store how fast teams of a kind patrol, km/h (e.g. patrol=12 for bicycles); repeatable")


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    """Make, store and print the plan."""
    tr = ctx.tr
    try:
        for text in args.team_speed:
            kind, _, value = text.partition("=")
            try:
                speed = float(value)
            except ValueError:
                return ctx.fail(tr("--team-speed {0}: expected KIND=KMH, e.g. patrol=12").format(text))
            set_team_speed(ctx.store, kind.strip(), speed)
        info = make_plan(ctx.store, args.patches, args.date, tr=ctx.tr)
    except PatrolDataError as exc:
        return ctx.fail(str(exc))
    label = {r["code"]: requirement_label(r, ctx.lang) for r in info["requirements"]}
    lines = [tr("Patrol plan for {0}").format(info["date"])]
    for r in info["requirements"]:
        lines.append(tr("  {0}: {1} pipes, {2} km, {3} rounds a day").format(
            label[r["code"]], r["pipes"], f"{r['length_km']:.1f}", f"{r['rounds_per_day']:g}"))
    lines.append(tr("Patches: {0}").format(len(info["patches"])))
    for p in info["patches"]:
        lines.append(tr("  {0}: {1} km, workload {2} km, teams {3}").format(
            p["code"], f"{p['length_km']:.1f}", f"{p['workload_km']:.1f}", ", ".join(p["teams"]) or "-"))
    lines += capacity_lines(info["capacity"], tr, label)
    lines.append(tr("Stationed posts: {0}").format(len(info["stationed_posts"])))
    posts = set(info["stationed_posts"])
    post_codes = {r["code"] for r in info["requirements"] if r["rule"] == "stationed_post"}
    post_rows = [x for x in info["assignments"] if x["pipe"] in posts and x["requirement"] in post_codes]
    for x in post_rows[:MAX_POST_LINES]:
        lines.append(tr("  {0}: {1}").format(x["pipe"], plan_reason(x["reason"])))
    if len(post_rows) > MAX_POST_LINES:
        lines.append(tr("  … and {0} more (all of them with --json)").format(len(post_rows) - MAX_POST_LINES))
    # A city's half a million assignments: compact JSON is written by the C encoder, indented by Python.
    ctx.emit(info, "\n".join(lines), indent=None if len(info["assignments"]) > COMPACT_ABOVE else 2)
    return 0


def requirement_label(req: dict, lang: str) -> str:
    """A requirement as the reader names it: its Chinese or English name, else its code."""
    name = req.get("name_zh") if lang.startswith("zh") else req.get("name")
    return name or req.get("name") or req["code"]


def capacity_lines(rows: list[dict], tr, label: dict[str, str] | None = None) -> list[str]:
    """The capacity in words: every shortfall (teams needed, on duty, missing), or that the plan is staffed.

    ``label`` names the requirements by code (default: the code itself)."""
    label = label or {}
    short = shortfalls(rows)
    if not rows:
        return [tr("Capacity: no length to patrol in the plan")]
    if not short:
        return [tr("Capacity: the teams on duty can cover every requirement in every shift")]
    lines = [tr("Capacity: not enough teams for {0} of {1} requirement shifts").format(len(short), len(rows))]
    for r in short[:MAX_SHORT_LINES]:
        req = label.get(r["requirement"], r["requirement"])
        where = req if r["patch"] is None else tr("{0} in patch {1}").format(req, r["patch"])
        lines.append(tr("  {0}, shift {1}–{2}: {3} km to patrol, one team covers {4} km; needs {5} teams, "
                        "{6} on duty, {7} missing").format(
            where, r["starts"], r["ends"], f"{r['required_km']:,.1f}", f"{r['team_km']:,.1f}",
            r["teams_needed"], r["teams"], r["missing"]))
    if len(short) > MAX_SHORT_LINES:
        lines.append(tr("  … and {0} more (see --json)").format(len(short) - MAX_SHORT_LINES))
    return lines
