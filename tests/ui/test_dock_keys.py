"""Issue 16 (15): Alt+N brings a dock to the front; map keys only on the map; a dispatcher starts on Repairs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDockWidget, QTabBar

from tests.ui.desk_windows import demo_file, open_desk  # noqa: F401 (fixtures)


def _front(window, dock: QDockWidget) -> bool:
    for bar in window.findChildren(QTabBar):
        for i in range(bar.count()):
            if bar.tabText(i) == dock.windowTitle() and bar.isVisible():
                return bar.currentIndex() == i
    return dock.isVisible()


def test_alt_number_brings_a_tabbed_dock_to_the_front(open_desk, qtbot):
    window = open_desk("en")
    keys = window.dock_keys
    assert keys.actions["repairsDock"].shortcut() == QKeySequence("Alt+5")
    assert keys.actions["dutyDock"].shortcut() == QKeySequence("Alt+1")
    window.duty_dock.raise_()
    repairs = window.repairs.repairs_dock
    assert not _front(window, repairs)
    keys.actions["repairsDock"].trigger()
    assert _front(window, repairs)
    repairs.hide()  # hidden from the View menu: the key brings it back
    keys.actions["repairsDock"].trigger()
    assert repairs.isVisible() and _front(window, repairs)
    assert window.focusWidget() is not None and repairs.isAncestorOf(window.focusWidget())


def test_map_tool_keys_act_only_on_the_map(open_desk, qtbot):
    window = open_desk("en")
    measure = window.map.actions["measure_distance"]
    assert measure.shortcut() == QKeySequence("D")
    assert measure.shortcutContext() == Qt.ShortcutContext.WidgetWithChildrenShortcut
    assert measure in window.map.canvas.actions()
    duty = window.duty_dock
    duty.show()
    duty.raise_()
    with qtbot.waitActive(window):
        window.activateWindow()
    duty.item_problem.setFocus()
    qtbot.keyClick(duty.item_problem, Qt.Key.Key_D)
    assert duty.item_problem.text() == "d"
    assert window.map.canvas.map_tool() is not window.map.tools["measure_distance"]


def test_a_dispatcher_desk_starts_on_repairs(open_desk):
    window = open_desk("zh_CN", role="dispatcher")
    assert _front(window, window.repairs.repairs_dock)
    assert not _front(window, window.duty_dock)


def test_tab_leaves_the_report_matrix_and_the_vehicles_header_names_the_vehicle(open_desk):
    window = open_desk("zh_CN")
    assert not window.zero_reports_dock.table.tabKeyNavigation()  # Tab does not walk all 40 cells
    vehicles = window.repairs.vehicles_dock.table
    headers = [vehicles.horizontalHeaderItem(c).text() for c in range(vehicles.columnCount())]
    assert headers[1] == "车辆" and "姓名" not in headers
