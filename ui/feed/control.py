"""The desk's position feeds: listeners and the demo fleet off the GUI thread, batches onto the map.

One :class:`~services.feed.routing.RoutingSink` (the headless ``feed`` uses it too) takes every
report from every listener thread: vehicles' reports are stored as positions
(history for replay), patrol teams' devices as patrol track points and handed
to the patrol day (``window.patrol.live.submit``). A 150 ms GUI timer drains
the latest report per device into the live layer in ONE batch, keeping the
patrollers the patrol controller put there (it does the same for ours). Once a
second :attr:`FeedController.ticked` lets the Vehicles dock count the seconds
since each last report; a vehicle silent for ``lost_after_s`` (120 s) is lost:
greyed on the map, highlighted in the dock.

Which feeds run is remembered in QSettings. The demo store starts the vehicle
simulator by itself (the demo should look alive); a real store starts with no
listener until someone turns one on in the Feed menu.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from PySide6.QtCore import QObject, QSettings, QTimer, Signal

from gis.coords import Projector
from gis.feeds import parse_host_port
from services.feed.routing import RoutingSink, patrol_devices, routing_sink, vehicle_rows
from models.map_layers import LayerList, LiveLayerData
from models.store import Store
from ui.common.coalesced_read import CoalescedRead
from ui.common.i18n import localized_name
from ui.common.worker import SerialWorker

log = logging.getLogger(__name__)

#: Drain period (ms): 10–20 Hz looks smooth and costs little.
DRAIN_MS = 150
LOST_AFTER_S = 120.0
#: Live-layer kind of a followed drill's patrollers on foot (drawn as patrollers).
DRILL_PATROLLER = "drill_patroller"
DEFAULT_OSMAND = "127.0.0.1:5055"
DEFAULT_NMEA = "127.0.0.1:2947"
DEFAULT_FIELD = "127.0.0.1:8088"


@dataclass
class VehicleRow:
    """What the Vehicles dock shows of one vehicle."""

    id: int
    code: str
    name: str
    device: str
    status: str
    crew: str
    last_t: float | None
    lon: float | None
    lat: float | None
    speed_mps: float | None
    heading: float | None
    lost: bool = True
    #: A drill's vehicle: the drill's clock (its silence is judged by it, not the wall clock).
    drill_now: float | None = None

    def seconds_since(self, now: float) -> float | None:
        """Seconds since the last report (None: never reported)."""
        if self.drill_now is not None:
            now = self.drill_now
        return None if self.last_t is None else max(0.0, now - self.last_t)


class FeedController(QObject):
    """Owns the sink, the listeners and the simulator; puts vehicles on the live layer.

    Signals
    -------
    positions_changed()
        A batch of reports reached the live layer.
    vehicles_changed()
        The vehicle list or a status changed (reloaded from the store).
    ticked()
        Once a second: seconds-since and lost flags were recomputed.
    feeds_changed()
        A listener or the simulator started or stopped.
    failed(message)
        A feed could not start.
    """

    positions_changed = Signal()
    vehicles_changed = Signal()
    ticked = Signal()
    feeds_changed = Signal()
    failed = Signal(str)
    #: Internal: vehicle rows read from the store on a worker thread (queued to the GUI thread).
    _store_rows = Signal(list)
    #: Internal: the drill's patrollers' newest fixes read on the worker thread (queued, before the rows).
    _store_patrollers = Signal(object)

    def __init__(self, store: Store, layers: LayerList, projector: Projector, *,
                 clock: Callable[[], float] = time.time, on_patrol: Callable[[pd.DataFrame], None] | None = None,
                 register_unknown: bool = False, flush_interval: float = 0.2,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.layers = layers
        self.projector = projector
        self.clock = clock
        self.lost_after_s = LOST_AFTER_S
        self.read_only = getattr(store, "role", "leader") == "viewer"
        self.sink: RoutingSink = routing_sink(store, on_patrol, clock=clock, register_unknown=register_unknown,
                                              flush_interval=flush_interval, lost_after_s=self.lost_after_s)
        self.osmand = None
        self.nmea = None
        #: The field phones' page and API (services.field.server.FieldServer), when serving.
        self.field = None
        self.simulation = None
        self._streets = None
        self._streets_thread: threading.Thread | None = None
        self._sim_wanted = False
        self._sim_written = 0
        self._registered = 0
        self.vehicles: dict[str, VehicleRow] = {}
        self.reload_vehicles()
        if not self.read_only:
            self.sink.start()
        self._drain_timer = QTimer(self, interval=DRAIN_MS)
        self._drain_timer.timeout.connect(self.drain)
        self._drain_timer.start()
        self._tick_timer = QTimer(self, interval=1000)
        self._tick_timer.timeout.connect(self.tick)
        self._tick_timer.start()
        self._store_rows.connect(self._apply_store_rows)
        self._follow_timer = QTimer(self, interval=1000)
        self._follow_timer.timeout.connect(self._read_store_positions)
        self._follow_busy = False
        self._worker = SerialWorker("follow-store")
        #: A followed drill's patrollers: device → (t, x, y) of the newest stored fix (rows read up to _patrol_since).
        self.drill_patrollers: dict[str, tuple[float, float, float]] = {}
        self._patrol_since = 0
        self._patrollers_moved = False
        self._store_patrollers.connect(self._apply_store_patrollers)
        #: The vehicle rows' reads for :meth:`reload_vehicles_later` (a burst of requests: at most two reads).
        self._vehicle_reads = CoalescedRead(self._worker, self._on_reloaded, self)
        self.update_live_layer()

    # -- following positions another process stores (a drill) ---------------------------------
    def follow_store(self, on: bool) -> None:
        """Move the vehicles on the map from the positions another process stores (a drill run by
        ``python app.py drill``, whose devices report to its own listener), once a second; the store
        is read on a worker thread. The drill's patrollers on foot are shown too (their newest stored
        track point), until following stops."""
        if on:
            self._follow_timer.start()
        else:
            self._follow_timer.stop()
            if self.drill_patrollers:
                self.drill_patrollers = {}
                self.update_live_layer()
                self.positions_changed.emit()

    def _read_store_positions(self) -> None:
        if self._follow_busy:
            return
        self._follow_busy = True

        since = self._patrol_since

        def read() -> None:
            from services.drill.live import drill_patroller_fixes

            try:
                rows = vehicle_rows(self.store)
            except Exception:  # noqa: BLE001 — the store may be busy; next second
                log.debug("reading vehicle positions failed", exc_info=True)
                rows = []
            try:
                with self.store.engine.connect() as conn:
                    fixes = drill_patroller_fixes(conn, since)
            except Exception:  # noqa: BLE001 — a store without the drill tables, or busy
                log.debug("reading the drill's patrollers failed", exc_info=True)
                fixes = None
            try:
                if fixes is not None:
                    self._store_patrollers.emit(fixes)
                self._store_rows.emit(rows)
            except RuntimeError:  # the desk closed meanwhile
                pass

        self._worker.submit(read)

    def _apply_store_patrollers(self, fixes: dict) -> None:
        """Take a batch of the drill's patrollers' newest fixes (the vehicle rows follow: they redraw)."""
        if not self._follow_timer.isActive():  # following stopped meanwhile
            return
        self._patrol_since = max(self._patrol_since, fixes["last_id"])
        if not len(fixes["device"]):
            return
        x, y = (np.asarray(v, float) for v in self.projector.to_local(fixes["lon"], fixes["lat"]))
        for device, t, x, y in zip(fixes["device"], fixes["t"], x, y):
            seen = self.drill_patrollers.get(device)
            if seen is None or t >= seen[0]:
                self.drill_patrollers[device] = (float(t), float(x), float(y))
        self._patrollers_moved = True

    def _apply_store_rows(self, rows: list) -> None:
        self._follow_busy = False
        moved_patrollers, self._patrollers_moved = self._patrollers_moved, False
        if any(r[4] not in self.vehicles for r in rows):
            self.reload_vehicles()  # the drill registered its vehicles: take them (and their positions)
            self.update_live_layer()
            self.positions_changed.emit()
            return
        moved = 0
        for (_vid, _code, _name, _zh, device, _status, _crew, last_t, lon, lat, speed, heading, _dl, _da) in rows:
            row = self.vehicles.get(device)
            if row is None or last_t is None or lon is None or (row.last_t is not None and last_t <= row.last_t):
                continue
            row.last_t, row.lon, row.lat, row.speed_mps, row.heading = last_t, lon, lat, speed, heading
            moved += 1
        if moved:
            self._update_lost(self.clock())
        if moved or moved_patrollers:
            self.update_live_layer()
            self.positions_changed.emit()

    # -- registry -----------------------------------------------------------------------------
    def _patrol_devices(self) -> set[str]:
        return patrol_devices(self.store)

    def reload_vehicles_later(self) -> None:
        """:meth:`reload_vehicles` with the store read on the worker thread (another desk's or a drill's
        changes): the rows are applied when they arrive; a burst of requests costs at most two reads."""
        def read() -> list:
            rows = vehicle_rows(self.store)
            if hasattr(self, "sink"):
                self.sink.reload_devices()
            return rows

        self._vehicle_reads.request(read)

    def _on_reloaded(self, rows) -> None:
        if isinstance(rows, Exception):  # the store may be busy; the next change reloads
            log.debug("reading the vehicles failed", exc_info=rows)
        else:
            self._apply_vehicle_rows(rows)

    def reload_vehicles(self) -> None:
        """Read the vehicles from the store (status, crew, last stored fix), keeping live positions."""
        rows = vehicle_rows(self.store)
        if hasattr(self, "sink"):
            self.sink.reload_devices()
        self._apply_vehicle_rows(rows)

    def _apply_vehicle_rows(self, rows: list) -> None:
        self._drill_cache = None  # new vehicles may be a drill's
        old = self.vehicles
        fresh: dict[str, VehicleRow] = {}
        for (vid, code, name, name_zh, device, status, crew, last_t, lon, lat, speed, heading, dlon, dlat) in rows:
            row = VehicleRow(vid, code, localized_name(name, name_zh), device, status, crew or "", last_t,
                             lon if lon is not None else dlon, lat if lat is not None else dlat, speed, heading)
            seen = old.get(device)
            if seen is not None and seen.last_t is not None and (last_t is None or seen.last_t > last_t):
                row.last_t, row.lon, row.lat = seen.last_t, seen.lon, seen.lat
                row.speed_mps, row.heading = seen.speed_mps, seen.heading
            fresh[device] = row
        self.vehicles = fresh
        self._update_lost(self.clock())
        self.vehicles_changed.emit()

    def vehicle_by_id(self, vehicle_id: int) -> VehicleRow | None:
        """The row of a vehicle by its store id."""
        return next((v for v in self.vehicles.values() if v.id == vehicle_id), None)

    # -- GUI timer side ----------------------------------------------------------------------
    def drain(self) -> int:
        """Move the latest report per device onto the live layer in one batch; returns how many."""
        reports = self.sink.drain_latest()
        stats_registered = self.sink.stats().get("registered", 0)
        if stats_registered != self._registered and not self.sink.stats().get("pending"):
            self._registered = stats_registered
            self.reload_vehicles()  # a new device became a vehicle
        if self.simulation is not None and self.simulation.written != self._sim_written:
            self._sim_written = self.simulation.written
            self.reload_vehicles()  # the simulator changed statuses
        if self._sim_wanted and self.simulation is None and self._streets is not None:
            self._start_simulation_now()
        if not reports:
            return 0
        for r in reports:
            row = self.vehicles.get(r.device)
            if row is None:
                continue
            row.last_t, row.lon, row.lat = r.t, r.lon, r.lat
            row.speed_mps, row.heading = r.speed_mps, r.heading
        self._update_lost(self.clock())
        self.update_live_layer()
        self.positions_changed.emit()
        return len(reports)

    def tick(self) -> None:
        """Once a second: recompute lost flags (grey icons when one changed) and tell the dock."""
        if self._update_lost(self.clock()):
            self.update_live_layer()
        self.ticked.emit()

    def _drill_clocks(self):
        """The drills' devices and their drill clocks (read at most every 5 s; empty without a drill)."""
        from services.drill.clock import DrillClocks, drill_clocks

        cached = getattr(self, "_drill_cache", None)
        if cached is None or time.monotonic() - cached[0] > 5.0:
            try:
                with self.store.session() as s:
                    clocks = drill_clocks(s)
            except Exception:  # noqa: BLE001 — a store without the drill tables: the wall clock for all
                clocks = DrillClocks()
            cached = self._drill_cache = (time.monotonic(), clocks)
        return cached[1]

    def _update_lost(self, now: float) -> bool:
        status = self.sink.device_status(now) if hasattr(self, "sink") else {}
        clocks = self._drill_clocks()
        changed = False
        for device, row in self.vehicles.items():
            received = status.get(device, {}).get("last_received")
            at = now
            if clocks and device in clocks.devices:
                clock = clocks.devices[device]  # None: the drill has not told its clock yet
                row.drill_now = at = clock if clock is not None else (row.last_t or now)
                received = None  # the drill's reports reach the store, not this desk's sink
            seen = max((t for t in (received, row.last_t) if t is not None), default=None)
            lost = row.status != "off_duty" and (seen is None or at - seen > self.lost_after_s)
            if lost != row.lost:
                row.lost, changed = lost, True
        return changed

    def lost_devices(self) -> list[str]:
        """Devices shown as lost."""
        return sorted(d for d, r in self.vehicles.items() if r.lost)

    def update_live_layer(self) -> None:
        """Put the vehicles (and a followed drill's patrollers) on the live layer, keeping every other
        feed's icons (the desk's own patrollers)."""
        layer = self.layers.get("live")
        if layer is None or not isinstance(layer.data, LiveLayerData):
            return
        rows = [r for r in self.vehicles.values() if r.lon is not None and r.lat is not None]
        data: LiveLayerData = layer.data
        keep = ~np.isin(data.kinds.astype(str), ("vehicle", DRILL_PATROLLER)) if len(data) else np.zeros(0, bool)
        if rows:
            x, y = self.projector.to_local(np.array([r.lon for r in rows], float),
                                           np.array([r.lat for r in rows], float))
            x, y = np.asarray(x, float), np.asarray(y, float)
        else:
            x = y = np.empty(0)
        heading = np.array([np.nan if r.heading is None or not r.speed_mps else r.heading for r in rows], float)
        pd_, pt, px, py, pstale = self._drill_patroller_arrays()
        data.set_positions(
            np.r_[data.ids[keep], np.array([r.device for r in rows], dtype=object), pd_],
            np.r_[data.x[keep], x, px], np.r_[data.y[keep], y, py],
            np.r_[data.heading[keep], heading, np.full(len(pd_), np.nan)],
            np.r_[data.stale[keep], np.array([r.lost for r in rows], bool), pstale],
            np.r_[data.labels[keep], np.array([r.code for r in rows], dtype=object), np.full(len(pd_), "", dtype=object)],
            np.r_[data.kinds[keep], np.full(len(rows), "vehicle", dtype=object),
                  np.full(len(pd_), DRILL_PATROLLER, dtype=object)])

    def _drill_patroller_arrays(self):
        """A followed drill's patrollers as arrays: device, t, x, y, stale (silent 10 minutes by the drill's clock)."""
        from gis.patrol_session import STALE_S

        if not self.drill_patrollers:
            e = np.empty(0)
            return np.empty(0, dtype=object), e, e, e, np.zeros(0, bool)
        devices = np.array(list(self.drill_patrollers), dtype=object)
        txy = np.array(list(self.drill_patrollers.values()), dtype="float64").reshape(-1, 3)
        clocks = self._drill_clocks().devices
        now = np.array([clocks.get(d) or np.nan for d in devices], dtype="float64")
        now = np.where(np.isfinite(now), now, np.nanmax(txy[:, 0]))
        return devices, txy[:, 0], txy[:, 1], txy[:, 2], (now - txy[:, 0]) > STALE_S

    # -- feeds ---------------------------------------------------------------------------------
    def start_osmand(self, address: str = DEFAULT_OSMAND) -> bool:
        """Listen for OsmAnd / Traccar Client reports on ``HOST:PORT`` (port 0: any free port)."""
        from gis.feeds import osmand

        self.stop_osmand()
        try:
            host, port = parse_host_port(address, osmand.DEFAULT_PORT)
            self.osmand = osmand.OsmAndListener(self.sink, host, port).start()
        except (OSError, ValueError, RuntimeError) as exc:
            self.failed.emit(self.tr("Cannot listen on {0}: {1}").format(address, exc))
            self.osmand = None
            return False
        self.feeds_changed.emit()
        return True

    def stop_osmand(self) -> None:
        """Stop the OsmAnd listener."""
        if self.osmand is not None:
            self.osmand.stop()
            self.osmand = None
            self.feeds_changed.emit()

    def start_field(self, address: str = DEFAULT_FIELD) -> bool:
        """Serve the field phones' page and API on ``HOST:PORT`` (its own threads and sessions)."""
        from services.field.server import DEFAULT_PORT, FieldServer

        self.stop_field()
        try:
            host, port = parse_host_port(address, DEFAULT_PORT)
            self.field = FieldServer(self.store, host, port).start()
        except (OSError, ValueError) as exc:
            self.failed.emit(self.tr("Cannot serve the field page on {0}: {1}").format(address, exc))
            self.field = None
            return False
        self.feeds_changed.emit()
        return True

    def stop_field(self) -> None:
        """Stop serving the field page."""
        if self.field is not None:
            self.field.stop()
            self.field = None
            self.feeds_changed.emit()

    def start_nmea(self, address: str = DEFAULT_NMEA, device: str | None = None) -> bool:
        """Read a gpsd daemon or a raw NMEA TCP stream at ``HOST:PORT``."""
        from gis.feeds.gpsd import DEFAULT_PORT, nmea_tcp_client

        self.stop_nmea()
        try:
            host, port = parse_host_port(address, DEFAULT_PORT)
            self.nmea = nmea_tcp_client(host, port, self.sink, device=device).start()
        except (OSError, ValueError) as exc:
            self.failed.emit(self.tr("Cannot read {0}: {1}").format(address, exc))
            self.nmea = None
            return False
        self.feeds_changed.emit()
        return True

    def stop_nmea(self) -> None:
        """Stop the NMEA / gpsd client."""
        if self.nmea is not None:
            self.nmea.stop()
            self.nmea = None
            self.feeds_changed.emit()

    def streets(self, wait: bool = True):
        """The street graph (dispatch and simulator), loaded once; None while loading when not ``wait``."""
        if self._streets is None:
            self.load_streets()
            if wait and self._streets_thread is not None:
                self._streets_thread.join()
        return self._streets

    def load_streets(self) -> None:
        """Start loading the street graph on a thread (idempotent)."""
        if self._streets is not None or (self._streets_thread is not None and self._streets_thread.is_alive()):
            return

        def load() -> None:
            from demo.fleet_sim import load_street_graph

            try:
                self._streets = load_street_graph(self.store)
            except (ValueError, OSError) as exc:
                log.warning("no street graph: %s", exc)

        self._streets_thread = threading.Thread(target=load, name="street-graph", daemon=True)
        self._streets_thread.start()

    def start_simulation(self) -> None:
        """Drive the store's vehicles along the streets (starts once the street graph is loaded)."""
        if self.read_only or self.simulation is not None:
            return
        self._sim_wanted = True
        self.load_streets()
        if self._streets is not None:
            self._start_simulation_now()
        self.feeds_changed.emit()

    def _start_simulation_now(self) -> None:
        from demo.fleet_sim import FleetSimulation

        self._sim_wanted = False
        try:
            self.simulation = FleetSimulation(self.store, self.sink, self._streets, clock=self.clock).start()
        except ValueError as exc:
            self.failed.emit(self.tr("Cannot start the simulator: {0}").format(exc))
            self.simulation = None
        self.feeds_changed.emit()

    def stop_simulation(self) -> None:
        """Stop the simulated fleet."""
        self._sim_wanted = False
        if self.simulation is not None:
            self.simulation.stop()
            self.simulation = None
            self.reload_vehicles()
            self.feeds_changed.emit()

    def describe(self) -> str:
        """One line for the status bar: which feeds run, how many vehicles, how many lost."""
        parts = []
        if self.osmand is not None:
            parts.append(self.tr("OsmAnd :{0}").format(self.osmand.port))
        if self.nmea is not None:
            parts.append(self.tr("NMEA {0}:{1}").format(self.nmea.host, self.nmea.port))
        if self.simulation is not None or self._sim_wanted:
            parts.append(self.tr("simulator"))
        if self.field is not None:
            parts.append(self.tr("field page :{0}").format(self.field.port))
        feeds = ", ".join(parts) if parts else self.tr("no feed")
        lost = len(self.lost_devices())
        return self.tr("Position feeds: {0} · {1} vehicles, {2} lost").format(feeds, len(self.vehicles), lost)

    def close(self) -> None:
        """Stop timers, listeners, the simulator and the sink (after its last flush)."""
        self._drain_timer.stop()
        self._tick_timer.stop()
        self._follow_timer.stop()
        self._worker.stop()
        self.stop_osmand()
        self.stop_nmea()
        self.stop_field()
        self._sim_wanted = False
        if self.simulation is not None:
            self.simulation.stop()
            self.simulation = None
        if not self.read_only:
            self.sink.stop()
        if self._streets_thread is not None:
            self._streets_thread.join(10.0)


class FeedSettings:
    """Which feeds the desk runs, remembered in QSettings."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self.settings = settings or QSettings("WaterGuard", "WaterGuard")

    def get(self, key: str, default):
        """A stored value (booleans come back as strings from some backends)."""
        value = self.settings.value(f"feed/{key}", default)
        if isinstance(default, bool):
            return value in (True, "true", "1", 1)
        return value

    def set(self, key: str, value) -> None:
        """Remember a value."""
        self.settings.setValue(f"feed/{key}", value)
