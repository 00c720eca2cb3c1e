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
    report = check_report(ctx.store)
    titles = check_titles(tr)
    lines = [tr("Network check: {0} pipes, {1} valves, {2} sources (snap tolerance {3} m)").format(
        f"{report['pipes']:,}", f"{report['valves']:,}", report["sources"], report["tolerance_m"])]
    for check, n in report["counts"].items():
        lines.append(f"  {titles[check]}: {n:,}")
        shown = [f for f in report["findings"] if f["check"] == check][:SHOWN]
        lines += [f"    {f['detail']}  ({f['lon']:.6f}, {f['lat']:.6f})" for f in shown]
        if n > SHOWN:
            lines.append("    " + tr("… and {0} more (use --json for all)").format(n - SHOWN))
    ctx.emit(report, "\n".join(lines))
    return 0
