"""``python app.py status``: what the store holds."""

from __future__ import annotations

import argparse
import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cli.context import CommandContext

NAME = "status"
HELP = "show the event and a count per kind of what the store holds"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No options beyond the shared ones."""


def _local(moment: dt.datetime, zone: str) -> dt.datetime:
    try:
        return moment.astimezone(ZoneInfo(zone))
    except (ZoneInfoNotFoundError, ValueError):
        return moment


def store_status(ctx: CommandContext) -> dict:
    """The store's event and counts, as a JSON-ready dict."""
    store = ctx.store
    event = store.current_event()
    counts = store.counts()
    return {
        "store": store.engine.url.render_as_string(hide_password=True),
        "event": None
        if event is None
        else {
            "name": event.name,
            "name_zh": event.name_zh,
            # Local time of the host city: what the people at the desk read.
            "starts_at": _local(event.starts_at, event.timezone).isoformat(),
            "ends_at": _local(event.ends_at, event.timezone).isoformat(),
            "timezone": event.timezone,
        },
        "counts": counts,
    }


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    """Print the status."""
    info = store_status(ctx)
    tr = ctx.tr
    lines = [tr("Store: {0}").format(info["store"])]
    ev = info["event"]
    if ev is None:
        lines.append(tr("Event: none (run 'python app.py demo' for the demo event)"))
    else:
        name = ev["name_zh"] if ctx.lang.startswith("zh") and ev["name_zh"] else ev["name"]
        lines.append(tr("Event: {0} ({1} – {2})").format(name, ev["starts_at"][:16], ev["ends_at"][:16]))
    width = max(len(k) for k in info["counts"])
    lines += [f"  {k.ljust(width)}  {v:>9,}" for k, v in info["counts"].items()]
    ctx.emit(info, "\n".join(lines))
    return 0
