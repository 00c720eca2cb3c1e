"""``python app.py dispatch --lon X --lat Y``: the vehicles that reach a site first, and on what basis."""

from __future__ import annotations

import argparse

from cli.context import CommandContext

NAME = "dispatch"
HELP = "the available vehicles that reach a site first (by the store's streets, else straight-line estimates)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--lon``, ``--lat``, ``--k``."""
    parser.add_argument("--lon", type=float, required=True, help="site longitude")
    parser.add_argument("--lat", type=float, required=True, help="site latitude")
    parser.add_argument("--k", type=int, default=3, help="how many vehicles (default 3)")


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    """Print the candidates, fastest first, with the basis of the times."""
    from services.streets import dispatch_candidates

    tr = ctx.tr
    from demo.fleet_sim import load_street_graph

    try:  # the store's streets, or the demo store's bundled ones
        graph = load_street_graph(ctx.store)
    except ValueError:
        graph = None
    result = dispatch_candidates(ctx.store, args.lon, args.lat, k=args.k, graph=graph, load_graph=False)
    basis = (tr("Travel times along the streets.") if result["eta_basis"] == "streets" else
             tr("No streets in the store: straight-line estimates (import streets for travel times along them)."))
    lines = [basis]
    for c in result["candidates"]:
        lines.append(tr("  {0}: {1} min, {2} km").format(c["code"], round(c["travel_s"] / 60, 1),
                                                        round(c["distance_m"] / 1000, 2)))
    if not result["candidates"]:
        lines.append(tr("  no available vehicle with a position"))
    ctx.emit(result, "\n".join(lines))
    return 0
