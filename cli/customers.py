"""``python app.py customers …``: accounts and meters, meters due, zero-volume users, readers, tickets.

Thin: parse, call :mod:`services.customers`, print. ``--json`` lists carry
the account (or reader/route) code of every row; ``--xlsx FILE`` writes the
list as a spreadsheet.
"""

from __future__ import annotations

import argparse
import datetime as dt

from sqlalchemy.exc import SQLAlchemyError

from cli.context import CommandContext
from models.changes import recording_changes
from services.customers.export import write_xlsx
from services.customers.importing import KINDS, CustomerImportError, import_customers
from services.customers.phrases import phrase

NAME = "customers"
HELP = ("customer service: import accounts/reads/routes/connections/tickets; meters due, zero-volume users, "
        "rotation, settings")


def _common(p: argparse.ArgumentParser, xlsx: bool = True) -> None:
    # --json after the action too ("customers zero-volume --json"); SUPPRESS keeps the parent's value.
    p.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print machine-readable JSON")
    p.add_argument("--date", help="the day counted from, YYYY-MM-DD (default: today)")
    if xlsx:
        p.add_argument("--xlsx", metavar="FILE", help="also write the list to this XLSX file")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The actions: import, meters-due, zero-volume, rotation, tickets."""
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = sub.add_parser("import", help="import a CSV (UTF-8 or GBK) or XLSX file")
    p.add_argument("kind", choices=KINDS, help="what the file holds (an accounts file carries its meter's columns)")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--map", action="append", default=[], metavar="TARGET=COLUMN",
                   help="take a field from a column, e.g. account_code=用户编号 (repeatable)")
    p.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print machine-readable JSON")
    p = sub.add_parser("meters-due", help="meters due for replacement or verification (JJG 162-2019)")
    p.add_argument("--months", type=int, default=0, help="months ahead (0: due or overdue today)")
    _common(p)
    p = sub.add_parser("zero-volume", help="active accounts with no consumption in the latest periods")
    p.add_argument("--periods", type=int, help="consecutive periods (default: the stored setting, 2)")
    _common(p)
    p = sub.add_parser("rotation", help="readers past tenure, routes read and collected by one person, a rotation")
    _common(p, xlsx=False)
    p = sub.add_parser("request", help="ask for arrears chasing or a treatment process change (refused when frozen)")
    p.add_argument("kind", choices=("arrears-chasing", "treatment-process-change"))
    p.add_argument("--account", help="the account concerned (arrears chasing)")
    p.add_argument("--at", help="when it would be done (ISO; default: now)")
    p.add_argument("--subject", default="", help="what it is about")
    p.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print machine-readable JSON")
    p = sub.add_parser("settings", help="show or change the stored customer-service settings")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   help="zero_periods=N, tenure_months=N, response_hours.KIND=H, step_days.STEP=D, "
                        "meter_rules.RULE.FIELD=V (repeatable; all checked before any is stored)")
    p.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print machine-readable JSON")
    p = sub.add_parser("tickets", help="service requests and their response times")
    p.add_argument("--open", action="store_true", help="only tickets not closed")
    _common(p)


def _day(ctx: CommandContext, text: str | None) -> dt.date:
    return dt.date.fromisoformat(text) if text else dt.date.today()


def _records(frame) -> list[dict]:
    out = []
    for row in frame.to_dict("records"):
        out.append({k: (v.isoformat() if isinstance(v, dt.date | dt.datetime) else
                        None if v is None or (isinstance(v, float) and v != v) else v) for k, v in row.items()})
    return out


def _import(args, ctx: CommandContext) -> int:
    tr = ctx.tr
    from gis.io.fields import parse_map_options

    try:
        explicit = parse_map_options(args.map)
        with ctx.store.engine.begin() as conn, recording_changes(conn):
            result = import_customers(conn, args.kind, args.file, explicit)
    except (CustomerImportError, ValueError) as exc:
        return ctx.fail(tr("Nothing imported: {0}").format(phrase(exc)),
                        {"error": str(exc), "code": getattr(exc, "code", None), "imported": 0})
    except SQLAlchemyError as exc:
        return ctx.fail(tr("Nothing imported: the store refused the rows: {0}").format(exc.orig or exc),
                        {"error": str(exc), "imported": 0})
    lines = [tr("Imported {0}: {1} rows, {2} new, {3} updated").format(args.file, result.rows, result.inserted,
                                                                       result.updated)]
    lines += [tr("Note: {0}").format(phrase(n)) for n in result.notes]
    if result.unmatched:
        lines.append(tr("{0} account(s) not located (no coordinates, address matches no street or place): {1}")
                     .format(len(result.unmatched), ", ".join(result.unmatched[:20])
                             + (" …" if len(result.unmatched) > 20 else "")))
    for job, reason in result.refused.items():
        lines.append(tr("Refused: {0}: {1}").format(job, phrase(reason)))
    ctx.emit(result.as_dict(), "\n".join(lines))
    return 0


def _request(args, ctx: CommandContext) -> int:
    from services.customers.freeze import FrozenAction, request_action

    tr = ctx.tr
    kind = args.kind.replace("-", "_")
    try:
        at = dt.datetime.fromisoformat(args.at) if args.at else dt.datetime.now(dt.timezone.utc)
    except ValueError:
        return ctx.fail(tr("--at: expected an ISO time, got {0}").format(args.at))
    at = at if at.tzinfo else at.replace(tzinfo=dt.timezone.utc)
    with ctx.store.session() as session:
        try:
            request_action(session, kind, at=at, subject=args.subject, account=args.account)
        except FrozenAction as exc:
            session.commit()  # the refusal is kept
            w = exc.window
            what = tr("Arrears chasing") if kind == "arrears_chasing" else tr("A treatment process change")
            text = tr("Refused: {0} is frozen during {1} ({2} – {3} UTC)").format(
                what, w.event, f"{w.starts_at:%Y-%m-%d %H:%M}", f"{w.ends_at:%Y-%m-%d %H:%M}")
            return ctx.fail(text, {"kind": kind, "status": "refused", "reason": str(exc), "code": exc.code})
        except ValueError as exc:
            return ctx.fail(phrase(exc), {"error": str(exc), "code": getattr(exc, "code", None)})
        session.commit()
    ctx.emit({"kind": kind, "status": "accepted", "at": at.isoformat()},
             tr("Accepted: not frozen at {0}").format(at.isoformat()))
    return 0


def _settings(args, ctx: CommandContext) -> int:
    from services.customers.errors import CustomerError
    from services.customers.settings import all_settings, apply_settings

    tr = ctx.tr
    with ctx.store.session() as session:
        try:
            apply_settings(session, args.set, user="cli")
        except CustomerError as exc:
            return ctx.fail(tr("Settings not changed: {0}").format(phrase(exc)),
                            {"error": str(exc), "code": exc.code, "changed": 0})
        session.commit()
        values = all_settings(session)
    kinds = {"enquiry": tr("enquiry"), "repair": tr("repair"), "meter_removal": tr("meter removal"),
             "meter_check": tr("meter check")}
    steps = {"survey_design": tr("survey and design"), "budget": tr("budget"), "contract": tr("contract"),
             "construction": tr("construction"), "acceptance": tr("acceptance")}
    actions = {"replace": tr("replace"), "verify": tr("verify")}
    lines = [tr("Changed: {0}").format(len(args.set))] if args.set else []
    lines += [tr("Zero-volume after {0} consecutive periods (zero_periods)").format(values["zero_periods"]),
              tr("Reader tenure limit {0} months (tenure_months)").format(values["tenure_months"]),
              tr("Response time per ticket kind (response_hours):")]
    lines += [tr("  {0}: {1:g} h").format(kinds.get(k, k), float(v)) for k, v in values["response_hours"].items()]
    lines.append(tr("Time limit per connection step (step_days):"))
    lines += [tr("  {0}: {1} days").format(steps.get(k, k), v) for k, v in values["step_days"].items()]
    lines.append(tr("Meter rules (meter_rules):"))
    for r in values["meter_rules"]:
        lines.append(tr("  {0}: DN {1} – {2} mm, Q3 above {3}: {4} every {5} years").format(
            r.get("name", ""), "—" if r.get("dn_min") is None else r["dn_min"],
            "—" if r.get("dn_max") is None else r["dn_max"], "—" if r.get("q3_above") is None else r["q3_above"],
            actions.get(r.get("action"), r.get("action")), r.get("years")))
    ctx.emit({"settings": values, "changed": len(args.set)}, "\n".join(lines))
    return 0


def _write(ctx: CommandContext, frame, path: str | None) -> str | None:
    if not path:
        return None
    try:
        write_xlsx(frame, path)
    except OSError as exc:
        raise SystemExit(ctx.fail(ctx.tr("Cannot write {0}: {1}").format(path, exc)))
    return path


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    """Run one customer-service action."""
    tr = ctx.tr
    if args.action == "import":
        return _import(args, ctx)
    if args.action == "request":
        return _request(args, ctx)
    if args.action == "settings":
        return _settings(args, ctx)
    try:
        day = _day(ctx, getattr(args, "date", None))
    except ValueError:
        return ctx.fail(tr("--date: expected YYYY-MM-DD, got {0}").format(args.date))
    with ctx.store.session() as session:
        if args.action == "meters-due":
            from services.customers.meters import due_by_month, meters_due

            if args.months < 0:
                return ctx.fail(tr("--months must be 0 or more"))
            frame = meters_due(session, day, args.months)
            xlsx = _write(ctx, frame, args.xlsx)
            months = due_by_month(frame, day)
            payload = {"date": day.isoformat(), "months": args.months, "count": len(frame),
                       "overdue": int(frame["overdue"].sum()) if len(frame) else 0,
                       "by_month": _records(months), "rows": _records(frame), "xlsx": xlsx}
            lines = [tr("Meters due by {0} ({1} months ahead): {2}, of which overdue {3}").format(
                day.isoformat(), args.months, payload["count"], payload["overdue"])]
            for m in months.itertuples(index=False):
                lines.append(tr("  {0}: replace {1}, verify {2}").format(
                    tr("overdue") if m.month == "overdue" else m.month, m.replace, m.verify))
            ctx.emit(payload, "\n".join(lines))
            return 0
        if args.action == "zero-volume":
            from services.customers.zero_volume import zero_volume

            result = zero_volume(session, args.periods)
            xlsx = _write(ctx, result.rows, args.xlsx)
            payload = {"periods": result.periods, "needed": result.needed, "missing": result.missing,
                       "count": len(result.rows), "rows": _records(result.rows), "xlsx": xlsx}
            kinds = result.rows["kind"].value_counts().to_dict() if len(result.rows) else {}
            lines = [tr("Zero-volume users (latest {0} periods: {1}): {2}").format(
                result.needed, ", ".join(result.periods) or tr("none"), len(result.rows))]
            if result.missing:
                lines.append(tr("Not enough reads: the store holds {0} period(s), the rule needs {1}; only "
                                "accounts never read since connection are listed").format(
                                    len(result.periods), result.needed))
            lines.append(tr("  read at zero {0}, not read {1}, new connections awaiting a first read {2}").format(
                kinds.get("zero_reads", 0), kinds.get("no_reads", 0), kinds.get("new_connection", 0)))
            ctx.emit(payload, "\n".join(lines))
            return 0
        if args.action == "rotation":
            from services.customers.readers import rotation

            rot = rotation(session, day)
            lines = [tr("Readers past the {0}-month tenure: {1}").format(
                rot.tenure_months, ", ".join(rot.past_tenure) or tr("none")),
                tr("Routes read and collected by the same reader: {0}").format(
                    ", ".join(rot.self_collected) or tr("none"))]
            for route, reader in rot.proposal.items():
                lines.append(tr("  proposal: route {0} → reader {1}").format(
                    route, reader or tr("no reader allowed")))
            ctx.emit(rot.as_dict(), "\n".join(lines))
            return 0
        if args.action == "tickets":
            from services.customers.tickets import tickets

            now = dt.datetime.now(dt.timezone.utc) if not args.date else dt.datetime.combine(
                day, dt.time(23, 59), dt.timezone.utc)
            frame = tickets(session, now, open_only=args.open)
            xlsx = _write(ctx, frame, args.xlsx)
            overdue = int(frame["overdue"].sum()) if len(frame) else 0
            payload = {"count": len(frame), "overdue": overdue, "rows": _records(frame), "xlsx": xlsx}
            ctx.emit(payload, tr("Tickets: {0}, past their response time {1}").format(len(frame), overdue))
            return 0
    return ctx.fail(tr("unknown action"))
