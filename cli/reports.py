"""``python app.py reports --date D [--json]``: zero reports of a day, received and missing."""

from __future__ import annotations

import argparse

from cli.context import CommandContext
from cli.dates import parse_day, parse_now
from services.duty.zero_reports import report_matrix

NAME = "reports"
HELP = "zero reports of a day: slots, units, received and missing (alarms)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--date, --now."""
    parser.add_argument("--date", required=True, help="the day, YYYY-MM-DD (event time zone)")
    parser.add_argument("--now", help="judge deadlines at this instant (ISO; default: now)")


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    """Print the day's matrix as JSON or as a short summary."""
    try:
        day, now = parse_day(args.date), parse_now(args.now)
    except ValueError as exc:
        return ctx.fail(str(exc))
    with ctx.store.session() as session:
        matrix = report_matrix(session, day, now)
        payload = matrix.as_dict()
    tr = ctx.tr
    lines = [tr("Zero reports {0}: slots {1}, {2} units").format(payload["date"], ", ".join(payload["slots"]),
                                                                 len(payload["units"])),
             tr("Received: {0}").format(len(payload["received"])),
             tr("Missing (alarm): {0}").format(len(payload["missing"]))]
    lines += [f"  {m['unit']} {m['slot']}" for m in payload["missing"]]
    ctx.emit(payload, "\n".join(lines))
    return 0
