"""``python app.py coverage``: how much of the day's plan the patrol teams have done.

Per requirement and window: required, covered, ratio; the same per team and
per patch; key points reached / planned; stationed posts' presence and
departures; the codes of overdue segments. Needs a stored plan (``plan``).
"""

from __future__ import annotations

import argparse

from cli.context import CommandContext
from services.patrol.coverage import compute_coverage
from services.patrol.data import PatrolDataError

NAME = "coverage"
HELP = "patrol coverage of the day per requirement, window, team and patch; key points; overdue segments"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--date D``, ``--now T``."""
    parser.add_argument("--date", help="day to measure, YYYY-MM-DD (default: today, event time)")
    parser.add_argument("--now", help="ISO time at which to judge overdue segments (default: now, "
                                      "or the end of the day for a past day)")


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    """Measure and print the coverage."""
    try:
        info = compute_coverage(ctx.store, args.date, args.now, tr=ctx.tr)
    except PatrolDataError as exc:
        return ctx.fail(str(exc))
    tr = ctx.tr
    lines = [tr("Patrol coverage on {0} (as of {1})").format(info["date"], info["now"][11:16])]
    for r in info["requirements"]:
        ratios = "  ".join("—" if w["ratio"] is None else f"{100 * w['ratio']:.0f}%" for w in r["windows"])
        lines.append(f"  {r['code']:<16} {r['required_m'] / 1000:8.1f} km  {ratios}")
    for k in info["key_points"]:
        got = "  ".join(f"{w['reached']}/{w['planned']}" for w in k["windows"])
        lines.append(tr("  key points {0}: {1}").format(k["requirement"], got))
    for code, segs in info["overdue"].items():
        if segs:
            lines.append(tr("  overdue {0}: {1} segments").format(code, len(segs)))
    leak = info["leak_survey"]
    if leak["points_due"]:
        lines.append(tr("  leak survey: {0}/{1} points read").format(leak["points_read"], leak["points_due"]))
        if leak["overdue"]:
            lines.append(tr("  leak survey overdue: {0} points ({1})").format(
                len(leak["overdue"]), ", ".join(leak["overdue"][:12]) + (" …" if len(leak["overdue"]) > 12 else "")))
    ctx.emit(info, "\n".join(lines))
    return 0


__all__ = ["compute_coverage"]
