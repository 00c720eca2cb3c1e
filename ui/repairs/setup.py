"""Puts the repair desk into the main window: feeds, Vehicles and Repairs docks, map layers and tools.

``install_repairs(iface)`` is the one call the main window makes (with its
:class:`~ui.interface.DeskInterface`), after the
map, the desk docks and the patrol day are built. On the demo store the
vehicle simulator starts by itself; a real store starts with no listener until
one is turned on in the Feed menu (the choice is remembered).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog

from demo.load import is_demo_store
from ui.repairs.dock import RepairsDock
from ui.repairs.vehicles_dock import VehiclesDock
from ui.feed.control import FeedController
from ui.feed.menu import FeedMenu
from ui.interface import DeskInterface
from ui.map.map_tools.report_leak import ReportLeakTool
from ui.repairs.desk import SENDER_KEY, RepairDesk
from ui.repairs.map import RepairMapController


@dataclass
class RepairsUi:
    """What :func:`install_repairs` built."""

    feed: FeedController
    feed_menu: FeedMenu
    desk: RepairDesk
    map: RepairMapController
    vehicles_dock: VehiclesDock
    repairs_dock: RepairsDock
    report_tool: ReportLeakTool
    controller: RepairsWiring


class RepairsWiring(QObject):
    """Connects tools, docks and the desk controller; asks the user through dialogs."""

    def __init__(self, iface: DeskInterface, ui: RepairsUi | None = None) -> None:
        super().__init__(iface.window)
        self.iface = iface
        self.window = window = iface.window
        self.ui = ui
        self.identified_pipe: tuple[int, str] | None = None
        #: Returns the form's fields, or None when cancelled; tests replace it.
        self.ask_fields: Callable[..., dict | None] = self._ask_fields
        window.installEventFilter(self)

    def _ask_fields(self, location=None, where: str = "") -> dict | None:
        from ui.repairs.call_dialog import CallDialog

        dialog = CallDialog(self.iface.lang, location, where, self.window, resolve=self.locate_text)
        return dialog.fields() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def locate_text(self, text: str):
        """The call form's location text → a site in the store, or None."""
        from services.repairs.locating import locate_text

        with self.ui.desk.store.session() as s:
            return locate_text(s, text)

    def new_call(self) -> int | None:
        """The call-center form → a repair."""
        fields = self.ask_fields()
        return self.ui.desk.create(**fields) if fields else None

    def report_at(self, x: float, y: float) -> int | None:
        """A click of the "Report a leak here" tool → the form (with the place) → a repair."""
        lon, lat = self.ui.map.projector.to_wgs84(x, y)
        fields = self.ask_fields(location=(float(lon), float(lat)))
        if not fields:
            return None
        fields["lon"], fields["lat"] = float(lon), float(lat)
        return self.ui.desk.create(**fields)

    def from_pipe(self) -> int | None:
        """The pipe last identified on the map → the form → a repair on that pipe."""
        if self.identified_pipe is None:
            return None
        pipe_id, code = self.identified_pipe
        fields = self.ask_fields(where=self.tr("pipe {0}").format(code))
        if not fields:
            return None
        fields.pop("lon", None)
        fields.pop("lat", None)
        return self.ui.desk.create(pipe=pipe_id, **fields)

    def on_identified(self, name: str, row: int, attrs: dict) -> None:
        """Remember an identified pipe for "From identified pipe"."""
        if self.ui is None:  # closed
            return
        if name != "pipes":
            return
        layer = self.ui.map.layers["pipes"]
        self.identified_pipe = (int(layer.data.ids[row]), str(attrs.get("code", row)))
        self.ui.repairs_dock.identified_pipe_code = self.identified_pipe[1]
        button = self.ui.repairs_dock.from_pipe_button
        button.setEnabled(not self.ui.desk.read_only)
        button.setText(self.tr("From pipe {0}").format(self.identified_pipe[1]))

    def on_created(self, repair_id: int, flash: bool) -> None:
        """Select the new repair; a serious one (level IV+, a guarded place) blinks on the map."""
        if self.ui is None:  # closed
            return
        dock = self.ui.repairs_dock
        dock.select_repair(repair_id)
        dock.show()
        dock.raise_()
        r = self.ui.desk.repair(repair_id)
        if r is not None and r.lon is not None:
            if flash:
                self.ui.map.flash(r.lon, r.lat, self.tr("{0} · level {1}").format(r.code, r.level))
            status = self.tr("New repair {0}, level {1}").format(r.code, r.level)
            if r.level_reason:
                status += f" — {r.level_reason}"
            self.iface.show_message(status, 15_000)

    def on_repairs_changed(self) -> None:
        """Keep the map's repair points in step with the list."""
        if self.ui is None:  # closed
            return
        self.ui.map.show_repairs(self.ui.repairs_dock.repairs)

    def on_store_changed(self, changes) -> None:
        """Another desk changed repairs or vehicles: reload."""
        if self.ui is None:  # closed
            return
        tables = {c.table for c in changes}
        if tables & {"repairs", "vehicles", "notifications", "valves"}:
            if "valves" in tables:
                self.ui.desk.forget_network()
            feed = self.ui.desk.feed
            if feed is not None and hasattr(feed, "reload_vehicles_later"):
                feed.reload_vehicles_later()  # the vehicles are read off the GUI thread
            elif feed is not None:
                feed.reload_vehicles()
            self.ui.repairs_dock.reload_later()  # the list too; the map's points follow when it arrives

    def notification_settings(self) -> None:
        """Settings → Notifications…: the outbox sender (log or SMTP), stored in the store."""
        from services.repairs.records import get_setting, set_setting
        from ui.repairs.notify_dialog import NotifyDialog

        with self.ui.desk.store.session() as s:
            config = get_setting(s, SENDER_KEY)
        dialog = NotifyDialog(config, self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            value = dialog.config()
            self.ui.desk.run(lambda s: (set_setting(s, SENDER_KEY, value, self.ui.desk.desk.user), s.commit()))

    def isolation_rules(self) -> bool:
        """Settings → Isolation…: the minimum service pressure and the order of closing, stored in the store."""
        from services.isolation import isolation_rules
        from services.isolation.rules import change_rules
        from ui.repairs.isolation_rules_dialog import IsolationRulesDialog

        with self.ui.desk.store.engine.connect() as conn:
            rules = isolation_rules(conn)
        dialog = IsolationRulesDialog(rules.min_pressure_m, rules.order, self.window)
        self.rules_dialog = dialog
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        changes = dialog.changes()
        # A refused value (RuleError is a ValueError) goes to the desk's failed message, nothing stored.
        ok, _ = self.ui.desk.run(lambda s: change_rules(s, changes, self.ui.desk.desk.user))
        return bool(ok)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """Close → stop the feeds, timers and the watcher."""
        if event.type() == QEvent.Type.Close and obj is self.window and self.ui is not None:
            self.close()
        return False

    def close(self) -> None:
        """Stop everything this module started (idempotent)."""
        ui, self.ui = self.ui, None
        if ui is None:
            return
        ui.feed.close()
        ui.desk.close()
        ui.map.close()
        ui.repairs_dock.close_dock()
        watch = getattr(self, "watch", None)
        if watch is not None:
            watch.stop()


def install_repairs(iface: DeskInterface, *, start_feeds: bool = True, watch: bool = True,
                    clock: Callable[[], float] = time.time) -> RepairsUi:
    """Build the repair desk into the desk (needs ``iface.map`` and ``iface.desk``; the ``"patrol"`` feature
    is optional); registered as ``"repairs"``.

    Parameters
    ----------
    start_feeds
        Start the remembered feeds (the simulator on the demo store).
    watch
        Follow other desks' changes (a store watcher thread).
    clock
        Unix seconds now, for the feeds and lost devices (tests pass their own).
    """
    window, store = iface.window, iface.store
    patrol = iface.feature("patrol")
    on_patrol = patrol.live.submit if patrol is not None else None
    feed = FeedController(store, iface.map.layers, iface.map.projector, clock=clock, on_patrol=on_patrol,
                          parent=window)
    demo = store.current_event() is not None and is_demo_store(store)
    feed_menu = FeedMenu(iface, feed, demo)
    desk = RepairDesk(iface.desk, feed, iface.lang, parent=window)
    repair_map = RepairMapController(iface.map.layers, iface.map.projector, iface.map.canvas, parent=window)
    vehicles = VehiclesDock(feed, iface.map.canvas, window)
    vehicles.set_read_only(desk.read_only)
    repairs = RepairsDock(desk, window)
    for name, dock in (("repairs", repairs), ("vehicles", vehicles)):
        iface.add_dock(name, dock, Qt.DockWidgetArea.RightDockWidgetArea, tab_with="duty")
    tool = ReportLeakTool(iface.map.canvas)
    iface.map.tools["report_leak"] = tool
    wiring = RepairsWiring(iface)
    ui = RepairsUi(feed, feed_menu, desk, repair_map, vehicles, repairs, tool, wiring)
    wiring.ui = ui

    # The tool joins the map tools' exclusive group (one active tool).
    action = QAction(QCoreApplication.translate("RepairsWiring", "Report a leak here"), window)
    action.setCheckable(True)
    action.setEnabled(not desk.read_only)
    action.setToolTip(QCoreApplication.translate(
        "RepairsWiring", "Report a leak here: click the map to open a repair there"))
    group = iface.map_tool_group()
    if group is not None:
        group.addAction(action)
        iface.toolbar.addAction(action)
    action.triggered.connect(lambda: iface.map.canvas.set_map_tool(tool))
    iface.map.canvas.map_tool_changed.connect(
        lambda t: (action.setChecked(t is tool), repairs.report_here_button.setChecked(t is tool)))
    repairs.report_here_button.toggled.connect(
        lambda on: iface.map.canvas.set_map_tool(tool if on else None)
        if on != (iface.map.canvas.map_tool() is tool) else None)
    tool.point_chosen.connect(wiring.report_at)
    iface.map.tools["identify"].identified.connect(wiring.on_identified)
    repairs.from_pipe_button.clicked.connect(wiring.from_pipe)
    repairs.new_call_requested.connect(wiring.new_call)
    vehicles.status_requested.connect(desk.set_vehicle_status)
    desk.created.connect(wiring.on_created)
    desk.repairs_changed.connect(wiring.on_repairs_changed)
    repairs.list_reloaded.connect(wiring.on_repairs_changed)
    desk.isolation_changed.connect(repair_map.show_isolation)
    desk.failed.connect(lambda message: iface.show_message(message, 10_000))
    desk.alarm_raised.connect(lambda message: iface.show_message(message, 30_000))
    repair_map.show_repairs(repairs.repairs)

    settings_menu = iface.menu("settings", QCoreApplication.translate("RepairsWiring", "&Settings"))
    notify = settings_menu.addAction(QCoreApplication.translate("RepairsWiring", "&Notifications…"),
                                     wiring.notification_settings)
    notify.setEnabled(not desk.read_only)
    rules = settings_menu.addAction(QCoreApplication.translate("RepairsWiring", "&Isolation…"),
                                    wiring.isolation_rules)
    rules.setEnabled(not desk.read_only)

    if watch:
        from ui.common.store_watch import QtStoreWatch

        wiring.watch = QtStoreWatch(store, parent=window)
        wiring.watch.store_changed.connect(wiring.on_store_changed)
        wiring.watch.start()
    if start_feeds:
        feed_menu.start_remembered()
    iface.register_feature("repairs", ui)
    return ui
