"""The Feed menu: start and stop the position listeners and the demo fleet; remember the choice."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QLabel, QMenu

from ui.feed.control import DEFAULT_FIELD, DEFAULT_NMEA, DEFAULT_OSMAND, FeedController, FeedSettings
from ui.interface import DeskInterface


class FeedMenu(QObject):
    """Checkable actions for the OsmAnd listener, the NMEA/gpsd client and the simulator.

    Parameters
    ----------
    iface
        The desk's interface (menu bar and status bar).
    feed
        The controller doing the work.
    demo
        The store holds the demo: the simulator starts unless turned off before.
    """

    def __init__(self, iface: DeskInterface, feed: FeedController, demo: bool, settings: FeedSettings | None = None
                 ) -> None:
        super().__init__(iface.window)
        self.window = window = iface.window
        self.feed = feed
        self.demo = demo
        self.settings = settings or FeedSettings()
        self.menu = QMenu(self.tr("Position fee&ds"), window)
        iface.insert_menu(self.menu)
        self.osmand_action = self._action(self.tr("&OsmAnd / Traccar Client listener…"), self._on_osmand_toggled)
        self.nmea_action = self._action(self.tr("&NMEA over TCP / gpsd client…"), self._on_nmea_toggled)
        self.sim_action = self._action(self.tr("Demo vehicle &simulator"), self._on_sim_toggled)
        self.menu.addSeparator()
        self.field_action = self._action(self.tr("&Field page for phones (hazards, zero reports)…"),
                                         self._on_field_toggled)
        self.menu.addSeparator()
        self.register_action = self._action(self.tr("&Register unknown devices as vehicles"),
                                            self._on_register_toggled)
        self.register_action.setChecked(self.settings.get("register_unknown", False))
        feed.sink.register_unknown = self.register_action.isChecked()
        self.status = QLabel(window)
        self.status.setObjectName("feedStatus")
        window.statusBar().addPermanentWidget(self.status)
        feed.feeds_changed.connect(self.sync)
        feed.ticked.connect(self.sync)
        feed.failed.connect(lambda message: iface.show_message(message, 10_000))
        for action in (self.osmand_action, self.nmea_action, self.sim_action, self.field_action,
                       self.register_action):
            action.setEnabled(not feed.read_only)
        self.sync()

    def _action(self, text: str, slot) -> QAction:
        action = QAction(text, self.menu)
        action.setCheckable(True)
        action.triggered.connect(slot)
        self.menu.addAction(action)
        return action

    def start_remembered(self) -> None:
        """Start what was running last time (the simulator on the demo by default)."""
        if self.feed.read_only:
            return
        if self.settings.get("osmand", False):
            self.feed.start_osmand(self.settings.get("osmand_addr", DEFAULT_OSMAND))
        if self.settings.get("nmea", False):
            self.feed.start_nmea(self.settings.get("nmea_addr", DEFAULT_NMEA))
        if self.settings.get("field", False):
            self.feed.start_field(self.settings.get("field_addr", DEFAULT_FIELD))
        if self.demo and self.settings.get("simulate_demo", True):
            self.feed.start_simulation()
        self.sync()

    def sync(self) -> None:
        """Check marks and the status line follow the controller."""
        f = self.feed
        for action, on in ((self.osmand_action, f.osmand is not None), (self.nmea_action, f.nmea is not None),
                           (self.sim_action, f.simulation is not None or f._sim_wanted),
                           (self.field_action, f.field is not None)):
            action.blockSignals(True)
            action.setChecked(on)
            action.blockSignals(False)
        self.status.setText(f.describe())

    def _ask(self, title: str, label: str, key: str, default: str) -> str | None:
        text, ok = QInputDialog.getText(self.window, title, label, text=self.settings.get(key, default))
        return text.strip() if ok and text.strip() else None

    def _on_osmand_toggled(self, on: bool) -> None:
        if on:
            address = self._ask(self.tr("OsmAnd / Traccar Client listener"),
                                self.tr("Listen on HOST:PORT (0.0.0.0 for phones on the network):"),
                                "osmand_addr", DEFAULT_OSMAND)
            if address and self.feed.start_osmand(address):
                self.settings.set("osmand_addr", address)
        else:
            self.feed.stop_osmand()
        self.settings.set("osmand", self.feed.osmand is not None)
        self.sync()

    def _on_nmea_toggled(self, on: bool) -> None:
        if on:
            address = self._ask(self.tr("NMEA over TCP / gpsd"), self.tr("Connect to HOST:PORT:"), "nmea_addr",
                                DEFAULT_NMEA)
            if address and self.feed.start_nmea(address):
                self.settings.set("nmea_addr", address)
        else:
            self.feed.stop_nmea()
        self.settings.set("nmea", self.feed.nmea is not None)
        self.sync()

    def _on_field_toggled(self, on: bool) -> None:
        if on:
            address = self._ask(self.tr("Field page for phones"),
                                self.tr("Serve on HOST:PORT (0.0.0.0 for phones on the network):"),
                                "field_addr", DEFAULT_FIELD)
            if address and self.feed.start_field(address):
                self.settings.set("field_addr", address)
                self.window.statusBar().showMessage(self.tr("Phones open {0}").format(self.feed.field.url), 15_000)
        else:
            self.feed.stop_field()
        self.settings.set("field", self.feed.field is not None)
        self.sync()

    def _on_sim_toggled(self, on: bool) -> None:
        if on:
            self.feed.start_simulation()
        else:
            self.feed.stop_simulation()
        if self.demo:
            self.settings.set("simulate_demo", on)
        self.sync()

    def _on_register_toggled(self, on: bool) -> None:
        self.feed.sink.register_unknown = on
        self.settings.set("register_unknown", on)
