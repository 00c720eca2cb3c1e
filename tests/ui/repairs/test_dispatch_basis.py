"""The repairs dock on the utility's own store says what its travel times rest on (streets or straight line)."""

from __future__ import annotations

import time

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMainWindow

from services.event import EventFields, create_event
from services.importing import import_any
from tests.cli.test_own_event import assert_no_demo
from tests.support.own_event import MONACO_PBF, build_monaco_files
from tests.ui.repairs.test_repair_desk import Clocks
from ui.common.desk import DeskContext
from ui.interface import DeskInterface
from ui.map.setup import install_map
from ui.repairs.setup import install_repairs


def test_straight_line_until_streets_are_imported(qtbot, store, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    files = build_monaco_files(tmp_path / "files")
    create_event(store, EventFields("GP", "2026-05-21 06:00", "2026-05-24 22:00", "Europe/Monaco", crs="EPSG:32632"))
    assert import_any(store, "vehicles", files["vehicles"])["ok"]
    clocks = Clocks(time.time())
    window = QMainWindow()
    iface = DeskInterface(window, store, "en")
    window.map = iface.map = install_map(window, store, basemap=None)
    iface.desk = DeskContext(store, QUndoStack(), user="tester", clock=clocks.now)
    ui = install_repairs(iface, start_feeds=False, watch=False, clock=clocks.unix)
    ui.desk.alarm_timer.stop()
    ui.desk.outbox_timer.stop()
    qtbot.addWidget(window)
    try:
        rid = ui.desk.create(lon=7.4195, lat=43.7312, level="V")
        dock = ui.repairs_dock
        dock.select_repair(rid)
        dock.find_vehicles()
        assert len(dock.candidates) == 2
        assert dock.eta_basis_label.text().startswith("Straight-line estimates")
        assert import_any(store, "streets", MONACO_PBF)["ok"]
        dock.find_vehicles()
        assert dock.eta_basis_label.text() == "Travel times along the streets."
        assert len(dock.candidates) == 2 and dock.candidates[0].distance_m > 0
        assert_no_demo(store)
    finally:
        ui.controller.close()
        window.map.canvas.close_canvas()
