"""Puts the Hazards dock and the hazards map layer into the desk.

``install_hazards(iface)`` is the one call the main window makes (after the
map, the desk docks and the repair desk); registered as ``"hazards"``. The
window's store views refresh it when any desk or the field listener writes
hazards (:func:`ui.common.desk_refresh.install_store_views`); the alarm strip
counts the new ones and badges the dock's tab (:mod:`ui.alarms.center`).

"Make an emergency repair" goes through the repair desk: the repair is opened
by :func:`services.field.hazards.hazard_to_repair` (its limits run from the
report time), its messages are delivered like any new repair's, and the Repairs
dock shows it selected.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt

from services.field.hazards import hazard_to_repair
from ui.hazards.dock import HazardsDock
from ui.hazards.map import HazardMapController
from ui.interface import DeskInterface

#: The tables the Hazards dock and layer show (a change to any reloads them).
HAZARD_TABLES = frozenset({"hazards", "hazard_photos"})


@dataclass
class HazardsUi:
    """What :func:`install_hazards` built."""

    dock: HazardsDock
    map: HazardMapController
    controller: HazardsWiring

    def refresh(self) -> None:
        """Read the hazards again (off the GUI thread)."""
        self.dock.refresh()


class HazardsWiring(QObject):
    """Between the dock, the map and the repair desk."""

    def __init__(self, iface: DeskInterface, dock: HazardsDock, hazard_map: HazardMapController) -> None:
        super().__init__(iface.window)
        self.iface = iface
        self.dock = dock
        self.map = hazard_map
        self.closed = False
        iface.window.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """The window closes: stop the worker."""
        if event.type() == QEvent.Type.Close and obj is self.iface.window:
            self.close()
        return False

    def on_selected(self, hazard_id: int) -> None:
        """Move the map to the selected hazard."""
        h = next((h for h in self.dock.hazards if h.id == hazard_id), None)
        if h is not None and h.lon is not None:
            self.map.focus(h.lon, h.lat)

    def on_identified(self, name: str, row: int, _attrs: dict) -> None:
        """A hazard clicked with the identify tool: selected in the dock, brought to the front."""
        if name != "hazards":
            return
        hazard_id = int(self.map.layers["hazards"].data.ids[row])
        if self.dock.select_hazard(hazard_id):
            self.dock.show()
            self.dock.raise_()

    def make_repair(self, hazard_id: int, version: int) -> int | None:
        """Open the emergency repair for a hazard and show it selected in the Repairs dock."""
        repairs = self.iface.feature("repairs")
        desk = self.iface.desk
        lang = "zh_CN" if self.iface.lang.startswith("zh") else "en"
        ok, result = self.dock.run(lambda s: _open(s, hazard_id, version, lang, desk.user, desk.now()))
        if not ok:
            return None
        repair_id, code, flash = result
        self.dock.show_message(QCoreApplication.translate("HazardsDock", "Emergency repair {0} opened.").format(code))
        self.dock.refresh_now()
        desk.changed.emit()
        if repairs is not None:
            repairs.desk.changed()
            repairs.desk.created.emit(repair_id, flash)  # selected in the Repairs dock, flashed when serious
            repairs.desk.deliver(background=True)
        return repair_id

    def close(self) -> None:
        """Stop the worker and the overlay (idempotent)."""
        if self.closed:
            return
        self.closed = True
        self.dock.close_dock()
        self.map.close()


def _open(session, hazard_id: int, version: int, lang: str, user: str, now):
    from ui.repairs.desk import FLASH_LEVELS

    repair = hazard_to_repair(session, hazard_id, expected_version=version, lang=lang, user=user, now=now)
    return repair.id, repair.code, repair.level in FLASH_LEVELS


def install_hazards(iface: DeskInterface) -> HazardsUi:
    """Build the Hazards dock (tabbed with the duty desk) and the hazards layer; registered as ``"hazards"``."""
    window = iface.window
    dock = HazardsDock(iface.desk, window)
    hazard_map = HazardMapController(iface.map.layers, iface.map.projector, iface.map.canvas, parent=window)
    iface.add_dock("hazards", dock, Qt.DockWidgetArea.RightDockWidgetArea, tab_with="duty")
    wiring = HazardsWiring(iface, dock, hazard_map)
    dock.hazards_shown.connect(hazard_map.show)
    dock.hazard_selected.connect(wiring.on_selected)
    dock.repair_requested.connect(wiring.make_repair)
    identify = iface.map.tools.get("identify")
    if identify is not None:
        identify.identified.connect(wiring.on_identified)
    ui = HazardsUi(dock, hazard_map, wiring)
    dock.refresh()
    iface.register_feature("hazards", ui)
    return ui
