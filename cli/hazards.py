"""``python app.py hazards [--date D] [--json]``: the hazards reported from the field on a day."""

from __future__ import annotations

import argparse
import datetime as dt

from cli.context import CommandContext
from cli.dates import parse_day
from models.clock import event_timezone
from services.field.hazards import hazards_of_day
from services.printing.labels import label

NAME = "hazards"
HELP = "list the hazards reported from the field phones on a day (default: today)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--date."""
    parser.add_argument("--date", help="the day, YYYY-MM-DD (event time zone; default: today)")


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    """List the day's hazards."""
    tr = ctx.tr
    with ctx.store.session() as session:
        tz = event_timezone(session)
        try:
            day = parse_day(args.date) if args.date else dt.datetime.now(tz).date()
        except ValueError as exc:
            return ctx.fail(str(exc))
        rows = []
        for h in hazards_of_day(session, day, tz):
            rows.append({"code": h.code, "client_id": h.client_id, "category": h.category, "note": h.note,
                         "reporter": h.reporter, "reported_at": h.reported_at.isoformat(),
                         "received_at": h.received_at.isoformat() if h.received_at else None,
                         "lon": h.lon, "lat": h.lat, "accuracy_m": h.accuracy_m, "status": h.status,
                         "photos": len(h.photos), "close_reason": h.close_reason,
                         "_local": h.reported_at.astimezone(tz).strftime("%H:%M")})
    lines = [tr("Hazards reported on {0}: {1}").format(day.isoformat(), len(rows))]
    for r in rows:
        where = f"{r['lat']:.5f}, {r['lon']:.5f}" if r["lon"] is not None else tr("no position")
        note = (r["note"] or "").replace("\n", " ")
        lines.append(f"{r['code']}  {r['_local']}  {label('hazard_category', r['category'])}  {r['reporter'] or ''}  "
                     f"{label('hazard_status', r['status'])}  {tr('{0} photos').format(r['photos'])}  {where}  "
                     f"{note[:60]}")
    for r in rows:
        del r["_local"]
    ctx.emit({"day": day.isoformat(), "count": len(rows), "hazards": rows}, "\n".join(lines))
    return 0
