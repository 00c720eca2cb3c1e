"""``python app.py feed``: receive (or simulate) vehicle positions headless, store them until stopped.

Ctrl-C or SIGTERM ends the run cleanly: listeners stop, the sink flushes what
it accepted, the counts are printed, exit code 0.
"""

from __future__ import annotations

import argparse
import queue
import signal
import sys
import threading
import time
from pathlib import Path

from cli.context import CommandContext
from gis.feeds import osmand, parse_host_port
from gis.feeds.gpsd import DEFAULT_PORT as GPSD_PORT
from gis.feeds.gpsd import nmea_tcp_client
from gis.feeds.sink import PositionSink

NAME = "feed"
HELP = "receive vehicle positions (OsmAnd/Traccar HTTP, NMEA over TCP or simulated) and store them until stopped"

DEFAULT_STREETS = Path(__file__).resolve().parent.parent / "resources" / "demo" / "demo_city.gpkg"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Source (one of three) and options."""
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--osmand-listen", metavar="HOST:PORT",
                        help="listen for OsmAnd / Traccar Client reports (port 5055 by default)")
    source.add_argument("--nmea-tcp", metavar="HOST:PORT", help="read a gpsd daemon or a raw NMEA TCP stream")
    source.add_argument("--simulate", action="store_true", help="drive the store's vehicles along the streets")
    parser.add_argument("--register-unknown", action="store_true",
                        help="add devices the store does not know as new vehicles instead of refusing them")
    parser.add_argument("--device", help="device id for NMEA fixes (default: gpsd's device path, or HOST:PORT)")
    parser.add_argument("--nmea-mode", choices=("auto", "gpsd", "raw"), default="auto",
                        help="what --nmea-tcp talks to (auto: ask the peer)")
    parser.add_argument("--streets", type=Path, default=DEFAULT_STREETS,
                        help="street lines for --simulate (GeoPackage or any OGR file)")
    parser.add_argument("--streets-layer", default="basemap_streets", help="layer of --streets")
    parser.add_argument("--seed", type=int, default=0, help="simulator random seed")
    parser.add_argument("--interval", type=float, default=1.0, help="simulator report interval, seconds")
    parser.add_argument("--duration", type=float, help="stop after this many seconds (default: run until stopped)")


def _install_stop(stop: threading.Event) -> dict:
    previous = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        previous[sig] = signal.signal(sig, lambda *_: stop.set())
    return previous


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    """Run the feed until interrupted (or ``--duration``)."""
    tr = ctx.tr
    store = ctx.store
    sink = PositionSink(store.engine, register_unknown=args.register_unknown)
    stop = threading.Event()
    stoppers = []
    sim_runner = None
    try:
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
        else:
            sim_runner = _SimRunner(store, sink, args)
            stoppers.append(sim_runner.stop)
            where = tr("simulator, {0} vehicles").format(len(sim_runner.sim.vehicles))
    except (OSError, ValueError) as exc:
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
            if sim_runner is not None:
                sim_runner.poll()
            if deadline is not None and time.monotonic() >= deadline:
                break
    finally:
        for fn in stoppers:
            fn()
        sink.stop()
        if sim_runner is not None:
            sim_runner.poll()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    stats = sink.stats()
    lost = sink.lost_devices()
    reasons = {k.split(".", 1)[1]: v for k, v in stats.items() if k.startswith("rejected.")}
    payload = {"source": where, "stored": stats["stored"], "accepted": stats["accepted"],
               "rejected": stats["rejected"], "rejected_by_reason": reasons,
               "registered": stats.get("registered", 0), "lost_devices": lost}
    human = tr("Stored {0} positions; rejected {1}").format(stats["stored"], stats["rejected"])
    if reasons:
        human += " (" + ", ".join(f"{k}: {v}" for k, v in sorted(reasons.items())) + ")"
    ctx.emit(payload, human)
    return 0


class _SimRunner:
    """The simulator on a thread, answering the store's dispatches and writing statuses back."""

    def __init__(self, store, sink: PositionSink, args: argparse.Namespace) -> None:
        import geopandas as gpd
        import pyogrio
        from sqlalchemy import select

        from gis.feeds.simulator import Simulator
        from gis.streets import build_street_graph
        from models.repair import Vehicle

        if not args.streets.exists():
            raise ValueError(f"{args.streets}: no street file for the simulator (use --streets)")
        try:
            streets = gpd.read_file(args.streets, layer=args.streets_layer)
        except pyogrio.errors.DataLayerError as exc:
            raise ValueError(f"{args.streets}: {exc}") from None
        self.store = store
        self.sink = sink
        self.interval = args.interval
        event = store.current_event()
        graph = build_street_graph(streets, crs=None if event is None else event.local_crs)
        with store.session() as s:
            vehicles = s.scalars(select(Vehicle).where(Vehicle.status != "off_duty").order_by(Vehicle.id)).all()
            devices = []
            for v in vehicles:
                lon, lat = (v.depot_lon, v.depot_lat) if v.depot_lon is not None else (v.last_lon, v.last_lat)
                if lon is None:
                    lon, lat = graph.to_wgs84(*graph.node_xy(next(iter(graph.graph.nodes))))
                devices.append((v.device_id, float(lon), float(lat)))
        if not devices:
            raise ValueError("the store has no vehicles to simulate")
        self.changes: queue.Queue = queue.Queue()
        self.sim = Simulator(graph, devices, seed=args.seed,
                             on_status=lambda d, st, t, r: self.changes.put((d, st, t, r)))
        self.handled: set[int] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="simulator", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        next_t = time.time()
        while not self._stop.is_set():
            for report in self.sim.step(self.interval, next_t):
                self.sink.submit(report, next_t)
            next_t += self.interval
            self._stop.wait(max(0.0, next_t - time.time()))

    def poll(self) -> None:
        """Send new dispatches to the simulator; write its status changes to the store."""
        import datetime as dt

        from sqlalchemy import select

        from models.repair import Repair, Vehicle
        from models.repairs_service import set_milestone, set_vehicle_status

        with self.store.session() as s:
            by_id = {v.id: v for v in s.scalars(select(Vehicle))}
            for repair in s.scalars(select(Repair).where(Repair.status == "dispatched", Repair.vehicle_id.is_not(None))):
                vehicle = by_id.get(repair.vehicle_id)
                if repair.id in self.handled or vehicle is None or vehicle.device_id not in self.sim.vehicles:
                    continue
                if repair.lon is None or repair.lat is None:
                    continue
                self.handled.add(repair.id)
                try:
                    self.sim.dispatch(vehicle.device_id, repair.lon, repair.lat, time.time(), repair=repair.id)
                except ValueError:
                    continue
            by_device = {v.device_id: v for v in by_id.values()}
            while True:
                try:
                    device, status, t, repair_id = self.changes.get_nowait()
                except queue.Empty:
                    break
                vehicle = by_device.get(device)
                if vehicle is None:
                    continue
                set_vehicle_status(s, vehicle, status, user="simulator")
                if status == "on_site" and repair_id is not None:
                    repair = s.get(Repair, repair_id)
                    if repair is not None and repair.arrived_at is None and repair.dispatched_at is not None:
                        set_milestone(s, repair, "arrived", dt.datetime.fromtimestamp(t, dt.timezone.utc), "simulator")
            s.commit()
