"""``python app.py meeting --date D --out FILE.pdf [--json]``: the day's meeting record as a PDF."""

from __future__ import annotations

import argparse

from cli.context import CommandContext
from cli.dates import parse_day, parse_now
from models.clock import event_timezone
from services.duty.desk import meeting_record
from services.patrol.coverage import meeting_coverage_source
from services.repairs.overruns import overrun_check

NAME = "meeting"
HELP = "print the daily meeting record (status per category, notes, action items) as a PDF"
#: The PDF is painted with Qt's GUI classes.
NEEDS_GUI = True


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--date, --out, --now."""
    parser.add_argument("--date", required=True, help="the meeting's day, YYYY-MM-DD (event time zone)")
    parser.add_argument("--out", help="the PDF file to write")
    parser.add_argument("--now", help="compile the figures at this instant (ISO; default: now)")


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    """Compile the record and write the PDF (and print the record with --json)."""
    from services.printing.meeting_pdf import write_meeting_pdf

    tr = ctx.tr  # lupdate files tr("…") outside classes under the empty context, like status
    if not args.out and not ctx.json_output:
        return ctx.fail(tr("meeting: give --out FILE.pdf (or --json)"))
    try:
        day, now = parse_day(args.date), parse_now(args.now)
    except ValueError as exc:
        return ctx.fail(str(exc))
    with ctx.store.session() as session:
        tz = event_timezone(session)
        record = meeting_record(session, day, now, tz, overrun_check=overrun_check(session),
                                coverage_source=meeting_coverage_source(ctx.store, now))
    payload = record.as_dict()
    if args.out:
        try:
            path = write_meeting_pdf(record, args.out, tz=tz, printed_at=now)
        except OSError as exc:
            return ctx.fail(tr("Cannot write {0}: {1}").format(args.out, exc))
        payload["pdf"] = str(path)
    ctx.emit(payload, tr("Meeting record of {0} written to {1}").format(day.isoformat(), args.out))
    return 0
