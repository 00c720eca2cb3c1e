"""``python app.py event new|show|edit``: the event the store is about."""

from __future__ import annotations

import argparse

from cli.context import CommandContext

NAME = "event"
HELP = "create, show or edit the event (name, dates, time zone, working CRS, guard buffer)"


def _json(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print machine-readable JSON")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``new``, ``show`` and ``edit`` with their options."""
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    for action in ("new", "edit"):
        p = sub.add_parser(action, help="create the event" if action == "new" else "change the event's fields")
        required = action == "new"
        p.add_argument("--name", required=required, help="the event's name")
        p.add_argument("--name-zh", help="its Chinese name")
        p.add_argument("--start", required=required, help="local start, e.g. '2026-06-01 08:00'")
        p.add_argument("--end", required=required, help="local end, e.g. '2026-06-05 20:00'")
        p.add_argument("--tz", required=required, metavar="AREA/CITY", help="IANA time zone, e.g. Asia/Shanghai")
        p.add_argument("--crs", help="metric working CRS, e.g. EPSG:32632 (default: the data's UTM zone)")
        p.add_argument("--guard-buffer", type=float, metavar="M", help="guard buffer around venues, metres")
        p.add_argument("--city", help="the host city")
        _json(p)
    _json(sub.add_parser("show", help="show the event"))


def _human(ctx: CommandContext, ev: dict) -> str:
    tr = ctx.tr
    name = ev["name_zh"] if ctx.lang.startswith("zh") and ev["name_zh"] else ev["name"]
    lines = [tr("Event: {0}").format(name),
             tr("  from {0} to {1} ({2})").format(ev["start_local"], ev["end_local"], ev["timezone"]),
             tr("  working CRS {0}, guard buffer {1} m").format(ev["crs"], ev["guard_buffer_m"])]
    return "\n".join(lines)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    """Run the action; exit 2 with the reason when the fields are invalid."""
    from services.event import EventError, EventFields, create_event, edit_event, event_summary

    tr = ctx.tr
    store = ctx.store
    try:
        if args.action == "show":
            ev = event_summary(store)
            if ev is None:
                return ctx.fail(tr("The store has no event yet: create one with 'python app.py event new'."),
                                {"event": None})
            ctx.emit(ev, _human(ctx, ev))
            return 0
        if args.action == "new":
            fields = EventFields(name=args.name, name_zh=args.name_zh, start=args.start, end=args.end, tz=args.tz,
                                 crs=args.crs, guard_buffer_m=args.guard_buffer, city=args.city)
            ev = create_event(store, fields, user="cli")
            ctx.emit(ev, tr("Event created.") + "\n" + _human(ctx, ev))
            return 0
        changes = {k: v for k, v in {"name": args.name, "name_zh": args.name_zh, "start": args.start,
                                     "end": args.end, "tz": args.tz, "crs": args.crs,
                                     "guard_buffer_m": args.guard_buffer, "city": args.city}.items() if v is not None}
        ev = edit_event(store, **changes)
        ctx.emit(ev, tr("Event changed.") + "\n" + _human(ctx, ev))
        return 0
    except EventError as exc:
        from gis.messages import localise

        message = localise(exc.args[0], lambda t: tr(t, "ServiceMessages"))
        return ctx.fail(tr("Event not saved: {0}").format(message), {"error": str(exc)})
