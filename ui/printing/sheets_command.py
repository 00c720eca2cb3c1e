"""``python app.py sheets --out FILE.pdf``: zone assignment sheets for the patrol teams.

One page per team and shift of the day, from the stored patrol plan (run
``python app.py plan`` first): the team, the patch map, the rounds, a key-point
checklist, emergency contacts and a signature line.
"""

from __future__ import annotations

import argparse
import datetime as dt

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # app.py hands every command its context
    from cli.context import CommandContext
from services.zone_sheets.sheets import SheetDataError, default_date, zone_sheets

NAME = "sheets"
HELP = "print the zone assignment sheets (one page per team and shift) as a PDF"
#: The PDF is painted with Qt's GUI classes.
NEEDS_GUI = True


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--out, --date, --team, --shift, --paper, --orientation."""
    parser.add_argument("--out", required=True, help="the PDF file to write")
    parser.add_argument("--date", help="the day, YYYY-MM-DD (default: today, or the event's first day)")
    parser.add_argument("--team", action="append", nargs="+", metavar="T",
                        help="team code(s) (default: every team with a patrol patch)")
    parser.add_argument("--shift", choices=("day", "night"), help="only this shift (default: every shift)")
    parser.add_argument("--paper", choices=("A4", "A3"), default="A4", help="paper size (default A4)")
    parser.add_argument("--orientation", choices=("portrait", "landscape"), default="portrait")


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    """Assemble the sheets and write the PDF."""
    from ui.printing.zone_sheet import write_zone_sheets

    tr = ctx.tr
    teams = [t for group in (args.team or []) for t in group] or None
    try:
        day = dt.date.fromisoformat(args.date) if args.date else None
    except ValueError:
        return ctx.fail(tr("--date {0}: expected YYYY-MM-DD").format(args.date))
    try:
        with ctx.store.engine.connect() as conn:
            day = day or default_date(conn)
            sheets = zone_sheets(conn, day, teams, args.shift)
    except SheetDataError as exc:
        return ctx.fail(tr("Cannot make the sheets: {0}").format(exc))
    try:
        path = write_zone_sheets(ctx.store, sheets, args.out, args.paper, args.orientation)
    except OSError as exc:
        return ctx.fail(tr("Cannot write {0}: {1}").format(args.out, exc))
    payload = {"pdf": str(path), "date": day.isoformat(), "pages": len(sheets), "paper": args.paper,
               "orientation": args.orientation,
               "sheets": [{"team": s.team_code, "patch": s.patch_code, "shift": s.shift, "rounds": len(s.rounds),
                           "key_points": [k.code for k in s.key_points]} for s in sheets]}
    ctx.emit(payload, tr("{0} sheets for {1} written to {2}").format(len(sheets), day.isoformat(), path))
    return 0
