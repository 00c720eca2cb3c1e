"""``python app.py isolate PIPE``: the valves to close for a broken pipe."""

from __future__ import annotations

import argparse

from cli.context import CommandContext
from services.isolation import load_network

NAME = "isolate"
HELP = "list the valves to close to isolate a pipe, and the users and guarded places that lose water"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """PIPE and the valves to skip."""
    parser.add_argument("pipe", metavar="PIPE", help="pipe code or id")
    parser.add_argument(
        "--skip-valve", action="append", default=[], metavar="VALVE",
        help="a valve (code or id) found broken or inaccessible: find the next valves out (repeatable)",
    )


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    """Print the isolation of one pipe."""
    tr = ctx.tr
    with ctx.store.engine.connect() as conn:
        network = load_network(conn)
    try:
        result = network.isolate(args.pipe, unavailable=args.skip_valve)
    except KeyError as exc:
        return ctx.fail(tr("Cannot isolate: {0}").format(exc.args[0]))
    lines = [tr("Pipe {0}: close {1} valve(s)").format(result.pipe, len(result.valves))]
    for v in result.valves:
        note = tr(" (already closed)") if v["already_closed"] else ""
        lines.append(f"  {v['code']}{note}")
    lines.append(tr("Isolated pipes: {0}, {1:.0f} m").format(len(result.isolated_pipes), result.isolated_length_m))
    if result.passed_valves:
        lines.append(tr("Skipped valves (broken, inaccessible or excluded): {0}").format(", ".join(result.passed_valves)))
    for u in result.affected_users:
        lines.append(tr("Affected user: {0} ({1}, {2})").format(u["name"], u["code"], u["category"]))
    for p in result.guarded_places_affected:
        lines.append(tr("!!! GUARDED PLACE LOSES SUPPLY: {0} {1} ({2})").format(p["kind"], p["name"], p["code"]))
    ctx.emit(result.as_json(), "\n".join(lines))
    return 0
