"""``python app.py network check``: what a network engineer fixes before an event."""

from __future__ import annotations

import argparse

from cli.context import CommandContext

NAME = "network"
HELP = "check the pipe network: dangling ends, near misses, duplicates, valves off the network, no source, no diameter"
#: Findings listed per check in the human output (all of them go into --json).
SHOWN = 10


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``check``."""
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = sub.add_parser("check", help="run the network data checks")
    p.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print machine-readable JSON")
    t = sub.add_parser("tolerance", help="show or set the snapping tolerance (metres) used when pipes are imported")
    t.add_argument("metres", type=float, nargs="?", help="new tolerance, e.g. 0.5")
    t.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print machine-readable JSON")


def check_titles(tr) -> dict[str, str]:
    """The checks' titles, translated."""
    return {
        "dangling_end": tr("Dangling ends"),
        "near_miss": tr("Ends within reach but not joined"),
        "duplicate_pipe": tr("Duplicate pipes"),
        "zero_length": tr("Zero-length pipes"),
        "valve_off_network": tr("Valves off the network"),
        "no_source": tr("Parts with no source"),
        "no_diameter": tr("Pipes without a diameter"),
    }


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    """Print the report; exit 0 (findings are not a failure of the command)."""
    from services.network import check_report

    tr = ctx.tr
    if args.action == "tolerance":
        return _tolerance(args, ctx)
    report = check_report(ctx.store)
    titles = check_titles(tr)
    lines = [tr("Network check: {0} pipes, {1} valves, {2} sources (snap tolerance {3} m)").format(
        f"{report['pipes']:,}", f"{report['valves']:,}", report["sources"], report["tolerance_m"])]
    for check, n in report["counts"].items():
        lines.append(f"  {titles[check]}: {n:,}")
        shown = [f for f in report["findings"] if f["check"] == check][:SHOWN]
        lines += [f"    {', '.join(f['codes'][:3])}{' …' if len(f['codes']) > 3 else ''}"
                  + ("" if f["value"] is None else f"  {f['value']:.2f} m")
                  + f"  ({f['lon']:.6f}, {f['lat']:.6f})" for f in shown]
        if n > SHOWN:
            lines.append("    " + tr("… and {0} more (use --json for all)").format(n - SHOWN))
    ctx.emit(report, "\n".join(lines))
    return 0


def _tolerance(args: argparse.Namespace, ctx: CommandContext) -> int:
    """Show or store the snapping tolerance."""
    from services.network import set_snap_tolerance, snap_tolerance

    tr = ctx.tr
    if args.metres is not None:
        if not 0 <= args.metres <= 50:
            return ctx.fail(tr("The tolerance must be between 0 and 50 m."), {"error": "out of range"})
        set_snap_tolerance(ctx.store, args.metres)
    with ctx.store.engine.connect() as conn:
        value = snap_tolerance(conn)
    ctx.emit({"tolerance_m": value}, tr("Snap tolerance: {0} m").format(value))
    return 0
