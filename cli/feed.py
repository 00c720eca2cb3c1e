"""``python app.py feed``: receive (or simulate) positions headless, store them until stopped.

Reports are routed as on the desk (:func:`services.feed.routing.routing_sink`):
a patrol team's phone becomes patrol track points (coverage), any other device
a vehicle position (``--register-unknown`` adds unknown devices as vehicles).

Ctrl-C or SIGTERM ends the run cleanly: listeners stop, the sink flushes what
it accepted, the counts are printed, exit code 0.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from pathlib import Path

from cli.context import CommandContext
from gis.feeds import osmand, parse_host_port
from gis.feeds.gpsd import DEFAULT_PORT as GPSD_PORT
from gis.feeds.gpsd import nmea_tcp_client
from services.feed.routing import routing_sink
from services.feed.sink import PositionSink

NAME = "feed"
HELP = "receive vehicle positions (OsmAnd/Traccar HTTP, NMEA over TCP or simulated) and store them until stopped"



def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Source (one of three) and options."""
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--osmand-listen", metavar="HOST:PORT",
                        help="listen for OsmAnd / Traccar Client reports (port 5055 by default)")
    source.add_argument("--nmea-tcp", metavar="HOST:PORT", help="read a gpsd daemon or a raw NMEA TCP stream")
    source.add_argument("--simulate", action="store_true", help="drive the store's vehicles along the streets")
    parser.add_argument("--field", metavar="HOST:PORT",
                        help="also serve the field phones' page and API (hazards, zero reports, leak readings); "
                             "127.0.0.1 unless an address is given, port 8088 by default")
    parser.add_argument("--register-unknown", action="store_true",
                        help="add devices the store does not know as new vehicles instead of refusing them")
    parser.add_argument("--device", help="device id for NMEA fixes (default: gpsd's device path, or HOST:PORT)")
    parser.add_argument("--nmea-mode", choices=("auto", "gpsd", "raw"), default="auto",
                        help="what --nmea-tcp talks to (auto: ask the peer)")
    parser.add_argument("--streets", type=Path, default=None,
                        help="street lines for --simulate (default: the store's streets; the demo's in the demo store)")
    parser.add_argument("--streets-layer", default="basemap_streets", help="layer of --streets")
    parser.add_argument("--seed", type=int, default=0, help="simulator random seed")
    parser.add_argument("--interval", type=float, default=1.0, help="simulator report interval, seconds")
    parser.add_argument("--duration", type=float, help="stop after this many seconds (default: run until stopped)")
    parser.add_argument("--max-age", type=float, default=24.0, metavar="HOURS",
                        help="refuse fixes older than this when they arrive (default 24; 0: no limit, to replay old logs)")
    parser.add_argument("--max-ahead", type=float, default=300.0, metavar="SECONDS",
                        help="refuse fixes dated further ahead of this machine's clock (default 300)")


def _install_stop(stop: threading.Event) -> dict:
    previous = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        previous[sig] = signal.signal(sig, lambda *_: stop.set())
    return previous


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    """Run the feed until interrupted (or ``--duration``)."""
    tr = ctx.tr
    store = ctx.store
    sink = routing_sink(store, register_unknown=args.register_unknown,
                        max_age_s=args.max_age * 3600.0 if args.max_age > 0 else None,
                        future_tolerance_s=args.max_ahead)
    stop = threading.Event()
    stoppers = []
    sim_runner = None
    field = None
    if not (args.osmand_listen or args.nmea_tcp or args.simulate or args.field):
        return ctx.fail(tr("feed: give --osmand-listen, --nmea-tcp, --simulate and/or --field"))
    try:
        if args.field:
            from services.field.server import DEFAULT_PORT as FIELD_PORT
            from services.field.server import FieldServer

            host, port = parse_host_port(args.field, FIELD_PORT)
            field = FieldServer(store, host, port).start()
            stoppers.append(field.stop)
            print(tr("Field page for phones at {0}").format(field.url), file=sys.stderr)
        if args.osmand_listen:
            host, port = parse_host_port(args.osmand_listen, osmand.DEFAULT_PORT)
            listener = osmand.OsmAndListener(sink, host, port).start()
            stoppers.append(listener.stop)
            where = f"OsmAnd http://{host}:{listener.port}/"
        elif args.nmea_tcp:
            host, port = parse_host_port(args.nmea_tcp, GPSD_PORT)
            client = nmea_tcp_client(host, port, sink, device=args.device, mode=args.nmea_mode).start()
            stoppers.append(client.stop)
            where = f"{client.protocol} {host}:{port}"
        elif args.simulate:
            sim_runner = _simulation(store, sink, args)
            stoppers.append(sim_runner.stop)
            where = tr("simulator, {0} vehicles").format(len(sim_runner.sim.vehicles))
        else:
            where = tr("field page only")
    except (OSError, ValueError) as exc:
        for fn in stoppers:
            fn()
        return ctx.fail(tr("Cannot start the feed: {0}").format(exc))
    sink.start()
    previous = _install_stop(stop)
    print(tr("Receiving positions from {0}; Ctrl-C to stop").format(where), file=sys.stderr)
    deadline = None if args.duration is None else time.monotonic() + args.duration
    try:
        if sim_runner is not None:
            sim_runner.start()
        while not stop.is_set():
            timeout = 0.5 if deadline is None else max(0.0, min(0.5, deadline - time.monotonic()))
            stop.wait(timeout)
            if deadline is not None and time.monotonic() >= deadline:
                break
    finally:
        for fn in stoppers:
            fn()
        sink.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    stats = sink.stats()
    lost = sink.lost_devices()
    reasons = {k.split(".", 1)[1]: v for k, v in stats.items() if k.startswith("rejected.")}
    payload = {"source": where, "stored": stats["stored"], "accepted": stats["accepted"],
               "rejected": stats["rejected"], "rejected_by_reason": reasons,
               "registered": stats.get("registered", 0), "lost_devices": lost,
               "track_points": stats.get("track_points", 0)}
    human = tr("Stored {0} positions; rejected {1}").format(stats["stored"], stats["rejected"])
    if stats.get("track_points"):
        human += "\n" + tr("Stored {0} patrol track points").format(stats["track_points"])
    if reasons:
        human += " (" + ", ".join(f"{k}: {v}" for k, v in sorted(reasons.items())) + ")"
    if field is not None:
        payload["field"] = {"url": field.url, "answers": dict(sorted(field.stats.items()))}
        human += "\n" + tr("Field page: {0} reports stored").format(field.stats.get("http.201", 0))
    ctx.emit(payload, human)
    return 0


def _simulation(store, sink: PositionSink, args: argparse.Namespace):
    """The demo fleet driven along the streets (demo.fleet_sim, shared with the desk)."""
    from demo.fleet_sim import FleetSimulation, load_street_graph

    graph = load_street_graph(store, args.streets, args.streets_layer)
    return FleetSimulation(store, sink, graph, seed=args.seed, interval=args.interval)
