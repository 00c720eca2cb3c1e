"""``python app.py report --date D --out FILE.pdf|.xlsx``: the after-action report of a day."""

from __future__ import annotations

import argparse
from pathlib import Path

from cli.context import CommandContext
from cli.dates import parse_day

NAME = "report"
HELP = "the after-action report of a day (coverage, repairs against their limits, zero reports, actions, timeline)"
NEEDS_GUI = True  # the PDF's charts are painted


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--date, --out, --now."""
    parser.add_argument("--date", required=True, help="the day, YYYY-MM-DD (event time zone)")
    parser.add_argument("--out", type=Path, help="FILE.pdf or FILE.xlsx (without it, only the summary is printed)")
    parser.add_argument("--now", help="judge the day at this instant (ISO; default: the end of the day, "
                                      "or where the drill of that day stopped)")


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    """Gather the figures from the desk's services and write them."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from cli.dates import parse_now
    from services.after_action import after_action, write_report_xlsx
    from services.patrol.data import PatrolDataError

    tr = ctx.tr
    try:
        day = parse_day(args.date)
        now = parse_now(args.now) if args.now else None
    except ValueError as exc:
        return ctx.fail(str(exc))
    suffix = args.out.suffix.lower() if args.out else ""
    if args.out and suffix not in (".pdf", ".xlsx"):
        return ctx.fail(tr("report: --out must end in .pdf or .xlsx, not {0}").format(args.out.name))
    try:
        data = after_action(ctx.store, day, now, tr=tr)
    except PatrolDataError as exc:
        return ctx.fail(str(exc))
    tz = ZoneInfo(data["timezone"])
    if suffix == ".pdf":
        from services.printing.after_action_pdf import write_after_action_pdf

        write_after_action_pdf(data, args.out, tz=tz, printed_at=dt.datetime.now(dt.timezone.utc))
    elif suffix == ".xlsx":
        try:
            write_report_xlsx(data, args.out, tr)
        except OSError as exc:
            return ctx.fail(tr("report: cannot write {0}: {1}").format(args.out, exc.strerror or exc))
    t = data["totals"]
    lines = []
    if data["drill"]:
        lines.append(tr("DRILL {0} — simulated day, not the real event").format(data["drill"]["code"]))
    lines += [
        tr("After-action report {0} (judged at {1})").format(data["date"], data["now"]),
        tr("Repairs: {0}; limits met: {1}; limits overrun: {2}").format(t["repairs"], t["limits_met"],
                                                                         t["limits_overrun"]),
        tr("Zero reports on time: {0}; late: {1}; missing: {2}").format(
            t["zero_reports_on_time"], t["zero_reports_late"], t["zero_reports_missing"]),
        tr("Action items opened: {0}; closed: {1}").format(t["actions_opened"], t["actions_closed"]),
        tr("Departures from stationed posts: {0}").format(t["post_departures"]),
    ]
    if args.out:
        lines.append(tr("Written: {0}").format(args.out))
    ctx.emit(data, "\n".join(lines))
    return 0


def _sheet_words(tr) -> None:
    """The words :func:`services.after_action.report_tables` passes through ``tr`` (listed here so the
    catalogue carries them: lupdate scans cli/ and ui/, not services/)."""
    tr("No event in the store: run 'python app.py demo' or import one first.")
    tr("Summary")
    tr("Drill")
    tr("Date")
    tr("Judged at")
    tr("Item")
    tr("Value")
    tr("Coverage")
    tr("Requirement")
    tr("Start")
    tr("End")
    tr("Required (m)")
    tr("Covered (m)")
    tr("Key points")
    tr("Reached")
    tr("Planned")
    tr("Rate")
    tr("Stationed posts")
    tr("Post (pipe)")
    tr("Window")
    tr("Presence (s)")
    tr("Presence")
    tr("Departures")
    tr("Time limits")
    tr("Repair")
    tr("Level")
    tr("Limit")
    tr("Target (min)")
    tr("Took (min)")
    tr("State")
    tr("Over by (min)")
    tr("To spare (min)")
    tr("Response by level")
    tr("Repairs")
    tr("Dispatch mean (min)")
    tr("Dispatch max (min)")
    tr("Arrival mean (min)")
    tr("Arrival max (min)")
    tr("Zero reports")
    tr("Unit")
    tr("Name")
    tr("On time")
    tr("Late")
    tr("Missing")
    tr("Pending")
    tr("Action items")
    tr("Code")
    tr("Category")
    tr("Problem")
    tr("Owner")
    tr("Status")
    tr("Timeline")
    tr("Time")
    tr("What")
    tr("Detail")
