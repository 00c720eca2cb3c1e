"""``python app.py demo``: write a fresh demo store (the International Summit in Vaduz)."""

from __future__ import annotations

import argparse
import time

from cli.context import CommandContext
from demo.load import DemoError, load_demo, store_has_data, wipe_store

NAME = "demo"
HELP = "write a fresh store holding the demo city and event (International Summit, Vaduz)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--force`` wipes a store that already holds data."""
    parser.add_argument(
        "--force", action="store_true",
        help="wipe the store first if it already holds data (a SQLite file is deleted and recreated)",
    )


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    """Load the demo into the store and print what was written."""
    tr = ctx.tr
    store = ctx.store
    url = store.engine.url.render_as_string(hide_password=True)
    if store_has_data(store):
        if not args.force:
            return ctx.fail(
                tr("The store {0} already holds data; use --force to wipe it and write the demo.").format(url),
                {"error": "store not empty", "store": url},
            )
        wipe_store(store)
    t0 = time.perf_counter()
    try:
        counts = load_demo(store)
    except DemoError as exc:
        return ctx.fail(tr("Cannot load the demo: {0}").format(exc), {"error": str(exc), "store": url})
    seconds = round(time.perf_counter() - t0, 3)
    width = max(len(k) for k in counts)
    lines = [tr("Demo event written to {0} in {1} s.").format(url, seconds)]
    lines += [f"  {k.ljust(width)}  {v:>7,}" for k, v in counts.items()]
    lines.append(tr("Map data © OpenStreetMap contributors (ODbL); the pipe network is derived from the streets, not real."))
    ctx.emit({"store": url, "counts": counts, "seconds": seconds}, "\n".join(lines))
    return 0
