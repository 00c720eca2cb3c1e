"""``python app.py isolate PIPE``: what to close for a broken pipe, and everything that goes dry."""

from __future__ import annotations

import argparse

from cli.context import CommandContext
from gis.isolation import NO_SOURCE, NO_TOPOLOGY, NO_VALVES, UNBOUNDED
from services.isolation import isolation_rules, load_network
from services.isolation.answer import FAILED, NO_HYDRAULIC_DATA, answer

NAME = "isolate"
#: The order PDF paints with Qt (fonts need a GUI application, offscreen without a display).
NEEDS_GUI = True
HELP = ("list the valves to close to isolate a pipe, in order, and the pipes, users and guarded places "
        "that go dry (isolated or cut off from every source)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """PIPE, the valves to skip, control valves, options, the pressure step, the order PDF."""
    parser.add_argument("pipe", metavar="PIPE", nargs="?", help="pipe code or id")
    parser.add_argument("--rules", action="store_true",
                        help="show the stored isolation rules (minimum service pressure, order of closing); "
                             "change them with --set")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", dest="set_rules",
                        help="with --rules: min_pressure_m=M (m head) or order=supply_first|nearest_first "
                             "(repeatable)")
    parser.add_argument(
        "--skip-valve", action="append", default=[], metavar="VALVE",
        help="a valve (code or id) found broken or inaccessible: find the next valves out (repeatable)",
    )
    parser.add_argument("--allow-control-valves", action="store_true",
                        help="control valves (PRV, PSV, FCV, TCV …) may be closed too (the answer names them)")
    parser.add_argument("--leave-open", action="append", default=[], metavar="VALVE",
                        help="leave this valve open (an option that keeps a guarded place fed; repeatable)")
    parser.add_argument("--pressure", action="store_true",
                        help="run the pressure step on the stored EPANET model (low-pressure nodes and customers)")
    parser.add_argument("--order-pdf", metavar="FILE.pdf", help="write the one-page isolation order")
    parser.add_argument("--notify", action="store_true",
                        help="queue the notices to the affected important users and the contact groups in the "
                             "outbox (once per recipient), for the pipe's open repair or --repair")
    parser.add_argument("--repair", metavar="CODE", help="the repair the notices are for (default: the one open "
                                                         "repair on the pipe)")


def _kind(tr, kind: str) -> str:
    names = {"venue": tr("venue"), "residence": tr("residence"), "key_unit": tr("key unit")}
    return names.get(kind, kind)


def _reason(tr, reason: str) -> str:
    return {"isolated": tr("isolated"), "cut off": tr("cut off from every source")}.get(reason, reason)


def _category(tr, category: str) -> str:
    names = {"hospital": tr("hospital"), "venue": tr("venue"), "residence": tr("residence"),
             "government": tr("government"), "school": tr("school"), "other": tr("other")}
    return names.get(category, category)


def valve_type(tr, kind: str) -> str:
    """A control valve type's words."""
    return {"prv": tr("pressure reducing valve"), "psv": tr("pressure sustaining valve"),
            "pbv": tr("pressure breaker valve"), "fcv": tr("flow control valve"), "tcv": tr("throttle control valve"),
            "gpv": tr("general purpose valve")}.get(kind, kind.upper())


def _missing(tr, result) -> str:
    if result.status == NO_TOPOLOGY:
        return tr("Cannot isolate pipe {0}: the pipes have no from/to nodes (no network topology). "
                  "Import the network with its nodes (an EPANET file, or pipes with node fields).").format(result.pipe)
    if result.status == NO_VALVES and result.control_valves_passed:
        return tr("Cannot isolate pipe {0}: the network has no shut-off valves stored, only control valves ({1}). "
                  "Import the valves, or allow closing control valves (--allow-control-valves).").format(
            result.pipe, ", ".join(result.control_valves_passed[:10]))
    if result.status == NO_VALVES:
        return tr("Cannot isolate pipe {0}: the network has no closable valves stored. "
                  "Import the valves.").format(result.pipe)
    return tr("Cannot tell what goes dry for pipe {0}: the network has no water source (works, reservoir, tank "
              "or bulk supply point) on its nodes. Import the sources.").format(result.pipe)


def _m(value) -> str:
    return "-" if value is None else f"{value:,.0f}"


def describe(tr, ans, lang: str = "en") -> list[str]:
    """The human text of an :class:`~services.isolation.answer.IsolationAnswer`."""
    r = ans.result

    def name(d: dict) -> str:
        return d["name_zh"] if lang.startswith("zh") and d.get("name_zh") else d["name"]

    lines = []
    if r.status == UNBOUNDED:
        lines.append(tr("!!! No valve bounds the break on pipe {0}: it takes shutting source(s) {1}.").format(
            r.pipe, ", ".join(s["code"] if s["name"] in ("", s["code"]) else f"{s['code']} {s['name']}"
                      for s in r.sources_to_shut)))
    lines.append(tr("Pipe {0}: close {1} valve(s), in this order ({2}):").format(
        r.pipe, len([v for v in r.valves if not v["already_closed"]]),
        tr("from the supply side inward") if ans.rules.order == "supply_side_first" else tr("from the break outward")))
    for v in ans.order:
        dn = tr("DN{0}").format(f"{v['diameter_mm']:.0f}") if v.get("diameter_mm") else tr("DN unknown")
        where = f"{v['lat']:.5f}, {v['lon']:.5f}" if v.get("lat") is not None else tr("position unknown")
        ctl = tr(" (control valve: {0})").format(valve_type(tr, v["valve_type"])) if v["control"] else ""
        if ans.route_basis == "streets":
            minutes = "-" if v.get("route_s") is None else f"{v['route_s'] / 60:.0f}"
            lines.append(tr("  {0}. {1}{2}  {3}  at {4}; {5} m from the source; crew route {6} m, {7} min "
                            "along the streets").format(v["step"], v["code"], ctl, dn, where, _m(v["from_source_m"]),
                                                       _m(v["route_m"]), minutes))
        else:
            lines.append(tr("  {0}. {1}{2}  {3}  at {4}; {5} m from the source; crew route {6} m along the network")
                         .format(v["step"], v["code"], ctl, dn, where, _m(v["from_source_m"]), _m(v["route_m"])))
    if ans.order and ans.route_basis != "streets":
        lines.append(tr("  (No streets in the store: the crew's route is the distance along the pipes; "
                        "import streets for routes and travel times along the streets.)"))
    for v in r.valves:
        if v["already_closed"]:
            lines.append(tr("  {0} (already closed)").format(v["code"]))
    lines.append(tr("Isolated pipes: {0}, {1:,.0f} m").format(len(r.isolated_pipes), r.isolated_length_m))
    lines.append(tr("Cut off from every source: {0} pipe(s), {1:,.0f} m").format(len(r.cut_off_pipes),
                                                                                  r.cut_off_length_m))
    lines.append(tr("Out of water in total: {0:,.0f} m").format(r.dry_length_m))
    if r.already_dry_pipes:
        lines.append(tr("Already without supply before (behind closed valves): {0} pipe(s)").format(
            r.already_dry_pipes))
    if r.passed_valves:
        lines.append(tr("Skipped valves (broken, inaccessible or excluded): {0}").format(", ".join(r.passed_valves)))
    if r.control_valves_used:
        lines.append(tr("Control valves closed (allowed by the user): {0}").format(", ".join(r.control_valves_used)))
    if r.control_valves_passed:
        lines.append(tr("Control valves not used as shut-off valves: {0} (allow them with --allow-control-valves)")
                     .format(", ".join(r.control_valves_passed)))
    for u in r.affected_users:
        lines.append(tr("Affected user: {0} ({1}, {2}): {3}").format(name(u), u["code"],
                                                                     _category(tr, u["category"]),
                                                                     _reason(tr, u["reason"])))
    for p in r.guarded_places_affected:
        lines.append(tr("!!! GUARDED PLACE OUT OF WATER: {0} {1} ({2}): {3}").format(
            _kind(tr, p["kind"]), name(p), p["code"], _reason(tr, p["reason"])))
    lines.append(tr("Hydrants out of water: {0}").format(len(r.hydrants)))
    lines.append(tr("Customers out of water: {0}").format(len(r.customers)) if r.customers_stored
                 else tr("Customers: none stored"))
    if ans.options:
        lines.append(tr("Options (the duty leader picks one):"))
        for o in ans.options:
            how = []
            if o["leave_open"]:
                how.append(tr("leave open {0}").format(", ".join(o["leave_open"])))
            if o["control_valves"]:
                how.append(tr("close control valves"))
            lines.append(tr("  [{0}] {1}close {2}: {3:,.0f} m dry, {4} customer(s), guarded places dry: {5}").format(
                o["rank"], ("; ".join(how) + "; ") if how else "", ", ".join(o["valves"]), o["dry_length_m"],
                o["customers"], ", ".join(o["guarded"]) or "-"))
        if not any(o["keeps_more_fed"] for o in ans.options):
            lines.append(tr("No valve set keeps the guarded places fed: they are supplied only through the "
                            "part that goes dry. Arrange temporary supply (water tanker) before closing."))
    if ans.pressure is not None:
        lines += describe_pressure(tr, ans.pressure)
    return lines


def describe_pressure(tr, p: dict) -> list[str]:
    """The pressure step's lines."""
    if not p["available"]:
        if p["reason"] == NO_HYDRAULIC_DATA:
            return [tr("No pressure step: the network carries no hydraulic data (import it from an EPANET file).")]
        if p["reason"] == FAILED:
            return [tr("No pressure step: {0}").format(p.get("detail", ""))]
        return [tr("No pressure step: the isolation has no answer.")]
    lines = [tr("Pressure step ({0}, {1} h, minimum {2:g} m): {3} node(s) fall below the minimum").format(
        p["model"], p["duration_h"], p["min_pressure_m"], len(p["low_pressure_nodes"]))]
    for n in p["low_pressure_nodes"][:30]:
        lines.append(tr("  {0}: {1:.1f} m → {2:.1f} m").format(n["node"], n["before_m"], n["after_m"]))
    if len(p["low_pressure_nodes"]) > 30:
        lines.append(tr("  … and {0} more").format(len(p["low_pressure_nodes"]) - 30))
    for u in p["low_pressure_users"]:
        lines.append(tr("  Low pressure at user {0} ({1}): {2:.1f} m").format(u["name"], u["code"], u["after_m"]))
    if p["customers_stored"]:
        lines.append(tr("  Customers below the minimum: {0}").format(len(p["low_pressure_customers"])))
    return lines


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    """Print the isolation of one pipe (or, with ``--rules``, the isolation rules)."""
    tr = ctx.tr
    if args.rules:
        return run_rules(args, ctx)
    if args.set_rules:
        return ctx.fail(tr("--set changes the isolation rules: use it with --rules"))
    if not args.pipe:
        return ctx.fail(tr("Give the pipe to isolate (PIPE), or --rules to show the isolation rules"))
    from services.streets import store_street_graph

    streets = store_street_graph(ctx.store)
    with ctx.store.engine.connect() as conn:
        network = load_network(conn)
        try:
            ans = answer(conn, network, args.pipe, unavailable=args.skip_valve,
                         allow_control_valves=args.allow_control_valves, leave_open=args.leave_open,
                         with_pressure=args.pressure, streets=streets)
        except KeyError as exc:
            return ctx.fail(tr("Cannot isolate: {0}").format(exc.args[0]))
    r = ans.result
    if r.status in (NO_TOPOLOGY, NO_VALVES, NO_SOURCE):
        return ctx.fail(_missing(tr, r), {"pipe": r.pipe, "status": r.status, "missing": r.missing,
                                          "error": _missing(tr, r)})
    if args.order_pdf:
        from services.isolation.decision import contacts_to_notify
        from services.printing.isolation_order import write_isolation_order

        with ctx.store.session() as session:
            contacts = contacts_to_notify(session)
        try:
            write_isolation_order(ans, network, args.order_pdf, lang=ctx.lang, contacts=contacts)
        except OSError as exc:
            return ctx.fail(tr("Cannot write {0}: {1}").format(args.order_pdf, exc.strerror or exc))
    payload = ans.as_json()
    if args.order_pdf:
        payload["order_pdf"] = str(args.order_pdf)
    lines = describe(tr, ans, ctx.lang)
    if args.notify:
        from services.isolation.notify import NoRepair, notify

        try:
            with ctx.store.session() as session:
                told = notify(session, ans, args.repair)
        except NoRepair as exc:
            why = {"unknown_repair": tr("no repair {0}").format(exc.what),
                   "no_open_repair": tr("no open repair on pipe {0}: open one, or name it with --repair CODE")
                   .format(exc.what),
                   "several": tr("{0} open repairs on pipe {1} ({2}): name one with --repair CODE")
                   .format(len(exc.codes), exc.what, ", ".join(exc.codes))}[exc.kind]
            return ctx.fail(tr("Cannot notify: {0}").format(why))
        payload["notified"] = told
        lines += describe_notified(tr, told)
    ctx.emit(payload, "\n".join(lines))
    return 0


def describe_notified(tr, told: dict) -> list[str]:
    """Who the notices went to (queued in the outbox), who was told before, who has no address."""
    lines = [tr("Notices for repair {0} queued in the outbox: {1}").format(told["repair"], len(told["queued"]))]
    for n in told["queued"]:
        lines.append(tr("  {0} ({1})").format(n["recipient"], n["address"]))
    if told["already_notified"]:
        lines.append(tr("Already notified before (not sent again): {0}").format(told["already_notified"]))
    if told["no_address"]:
        lines.append(tr("Not notified, no phone or contact stored: {0}").format(", ".join(told["no_address"])))
    return lines


def describe_rules(tr, rules) -> list[str]:
    """The isolation rules in words."""
    order = (tr("from the supply side inward (supply_first)") if rules.order == "supply_side_first"
             else tr("from the break outward, nearest first (nearest_first)"))
    return [tr("Isolation rules:"),
            tr("  Minimum service pressure: {0:g} m").format(rules.min_pressure_m),
            tr("  Order of closing the valves: {0}").format(order)]


def run_rules(args: argparse.Namespace, ctx: CommandContext) -> int:
    """Show the stored isolation rules, after applying ``--set`` changes (all or nothing)."""
    from dataclasses import asdict

    from services.isolation.rules import RuleError, change_rules, parse_changes

    tr = ctx.tr
    if args.pipe:
        return ctx.fail(tr("--rules takes no pipe"))
    with ctx.store.session() as session:
        if args.set_rules:
            try:
                rules = change_rules(session, parse_changes(args.set_rules), user="cli")
            except RuleError as exc:
                return ctx.fail(tr("Isolation rules not changed: {0}").format(exc.args[0]))
        else:
            rules = isolation_rules(session.connection())
    payload = {**asdict(rules), "changed": bool(args.set_rules)}
    ctx.emit(payload, "\n".join(describe_rules(tr, rules)))
    return 0
