"""The demo fleet: the vehicle simulator on a thread, answering the store's dispatches.

Shared by ``python app.py feed --simulate`` and the desk's Feed menu. The
simulator (:class:`demo.vehicle_sim.Simulator`) drives the store's vehicles
along the streets and hands one report per vehicle per step to a
:class:`~services.feed.sink.PositionSink`. Each step :meth:`FleetSimulation.poll`
also reads the repairs dispatched since (a vehicle assigned at any desk drives
there) and writes the simulator's status changes back (en route → on site →
returning → available), with the repair's arrival milestone, as the user
``simulator``. Everything runs on the simulation's own thread and sessions.
"""

from __future__ import annotations

import datetime as dt
import logging
import queue
import threading
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

from demo.vehicle_sim import Simulator
from services.feed.sink import PositionSink
from gis.streets import StreetGraph, build_street_graph
from models.repair import Repair, Vehicle
from services.repairs.records import set_milestone, set_vehicle_status
from models.store import Store

log = logging.getLogger(__name__)

DEFAULT_STREETS = Path(__file__).resolve().parent.parent / "resources" / "demo" / "demo_city.gpkg"


def load_street_graph(store: Store, path: str | Path | None = None, layer: str = "basemap_streets") -> StreetGraph:
    """The street graph for dispatch and the simulator, in the event's local CRS.

    The store's own streets (``import streets``) come first; a file is read
    only when ``path`` is given, or for the demo store (its bundled streets).

    Raises
    ------
    ValueError
        When the store has no streets and is not the demo, or the street file
        or its layer cannot be read (the message names the file).
    """
    import geopandas as gpd

    from demo.load import is_demo_store
    from gis import gpkg_lite
    from services.streets.streets import store_street_lines

    streets = store_street_lines(store) if path is None else None
    if streets is None:
        if path is None:
            if not is_demo_store(store):
                raise ValueError("the store has no streets: import them with 'python app.py import streets FILE'")
            path = DEFAULT_STREETS
        path = Path(path)
        if not path.exists():
            raise ValueError(f"{path}: no street file")
        try:
            streets = gpkg_lite.read_layer(path, layer)  # the demo's streets: no GDAL loaded for them
        except gpkg_lite.NotPlainGpkg:
            streets = None
        if streets is None:
            import pyogrio

            try:
                streets = gpd.read_file(path, layer=layer)
            except (pyogrio.errors.DataLayerError, pyogrio.errors.DataSourceError) as exc:
                raise ValueError(f"{path}: {exc}") from None
    event = store.current_event()
    return build_street_graph(streets, crs=None if event is None else event.local_crs)


def fleet_devices(store: Store, graph: StreetGraph) -> list[tuple[str, float, float]]:
    """``(device, lon, lat)`` of every vehicle not off duty: its depot, else its last fix."""
    with store.session() as s:
        vehicles = s.scalars(select(Vehicle).where(Vehicle.status != "off_duty")
                             .order_by(Vehicle.id)).all()
        out = []
        for v in vehicles:
            lon, lat = (v.depot_lon, v.depot_lat) if v.depot_lon is not None else (v.last_lon, v.last_lat)
            if lon is None:
                lon, lat = graph.to_wgs84(*graph.node_xy(0))
            out.append((v.device_id, float(lon), float(lat)))
    return out


class FleetSimulation:
    """Run the simulator on a thread into ``sink``; keep the store's statuses in step.

    Parameters
    ----------
    store
        The store (this object opens its own sessions, on its own thread).
    sink
        Where the reports go.
    streets
        The street graph.
    seed, interval
        Simulator seed; seconds between reports.
    clock
        Unix seconds now (reports carry this time).
    """

    def __init__(self, store: Store, sink: PositionSink, streets: StreetGraph, *, seed: int = 0,
                 interval: float = 1.0, clock: Callable[[], float] = time.time) -> None:
        devices = fleet_devices(store, streets)
        if not devices:
            raise ValueError("the store has no vehicles to simulate")
        self.store = store
        self.sink = sink
        self.interval = interval
        self.clock = clock
        self.changes: queue.Queue = queue.Queue()
        self.sim = Simulator(streets, devices, seed=seed,
                             on_status=lambda d, st, t, r: self.changes.put((d, st, t, r)))
        self.handled: set[int] = set()
        self._pending: list[tuple] = []
        #: Status changes written to the store so far (the desk refreshes when it moves).
        self.written = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="fleet-simulator", daemon=True)

    def start(self) -> FleetSimulation:
        """Start driving (returns self)."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop the thread and write the last status changes."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        self.poll()

    def is_alive(self) -> bool:
        """Whether the thread runs."""
        return self._thread.is_alive()

    def _run(self) -> None:
        next_t = self.clock()
        while not self._stop.is_set():
            for report in self.sim.step(self.interval, next_t):
                self.sink.submit(report, next_t)
            try:
                self.poll()
            except Exception:  # the store may be busy or refuse (a viewer desk): keep driving
                log.exception("simulator could not sync with the store")
            next_t += self.interval
            self._stop.wait(max(0.0, next_t - self.clock()))

    def poll(self) -> int:
        """Send new dispatches to the simulator; write its status changes to the store.

        Returns
        -------
        int
            How many status changes were written.
        """
        written = 0
        with self.store.session() as s:
            by_id = {v.id: v for v in s.scalars(select(Vehicle))}
            for v in by_id.values():  # off duty set by hand stops a simulated vehicle, and back
                sim = self.sim.vehicles.get(v.device_id)
                if sim is not None and (v.status == "off_duty") != (sim.status == "off_duty"):
                    self.sim.set_off_duty(v.device_id, v.status == "off_duty", self.clock())
            for repair in s.scalars(select(Repair).where(Repair.status == "dispatched",
                                                         Repair.vehicle_id.is_not(None))):
                vehicle = by_id.get(repair.vehicle_id)
                if repair.id in self.handled or vehicle is None or vehicle.device_id not in self.sim.vehicles:
                    continue
                if repair.lon is None or repair.lat is None:
                    continue
                self.handled.add(repair.id)
                try:
                    self.sim.dispatch(vehicle.device_id, repair.lon, repair.lat, self.clock(), repair=repair.id)
                except ValueError:
                    continue
            by_device = {v.device_id: v for v in by_id.values()}
            while True:
                try:
                    self._pending.append(self.changes.get_nowait())
                except queue.Empty:
                    break
            for device, status, t, repair_id in self._pending:
                vehicle = by_device.get(device)
                if vehicle is None or vehicle.status == status:
                    continue
                set_vehicle_status(s, vehicle, status, user="simulator")
                written += 1
                if status == "on_site" and repair_id is not None:
                    repair = s.get(Repair, repair_id)
                    if repair is not None and repair.arrived_at is None and repair.dispatched_at is not None:
                        set_milestone(s, repair, "arrived", dt.datetime.fromtimestamp(t, dt.timezone.utc), "simulator")
            if written:
                s.commit()  # on failure the pending changes stay for the next poll
        self._pending = []
        self.written += written
        return written
