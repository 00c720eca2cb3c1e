"""Issue 16 (6): Ctrl+F finds pipes, valves, vehicles, streets, places, teams; lists move the map."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from tests.ui.desk_windows import demo_file, open_desk  # noqa: F401 (fixtures)

STADIUM_PIPE = 883


def _inside(canvas, x: float, y: float) -> bool:
    xmin, ymin, xmax, ymax = canvas.extent()
    return xmin <= x <= xmax and ymin <= y <= ymax


def _feature_xy(window, layer: str, code: str) -> tuple[float, float]:
    data = window.map.layers[layer].data
    k = int(np.nonzero(data.attrs["code"].astype(str).to_numpy() == code)[0][0])
    c = data.geoms[k].centroid
    return c.x, c.y


def test_search_finds_pipe_valve_vehicle_street_place_team_and_zooms(open_desk, qtbot):
    window = open_desk("zh_CN")
    box = window.search_box
    canvas = window.map.canvas
    whole = canvas.extent()

    # Ctrl+F puts the cursor in the field.
    assert box.shortcut.key().matches(QKeySequence("Ctrl+F")) == QKeySequence.SequenceMatch.ExactMatch
    assert box.shortcut.context() == Qt.ShortcutContext.WindowShortcut
    canvas.setFocus()
    box.setText("old")
    box.shortcut.activated.emit()
    assert window.focusWidget() is box and box.selectedText() == "old"

    pipe = box.update_results("p00883")[0]
    assert (pipe.kind, pipe.code, pipe.layer) == ("pipe", "P00883", "pipes")
    assert box.model.stringList()[0].startswith("管段 P00883")
    box.show_entry(pipe)
    assert _inside(canvas, *_feature_xy(window, "pipes", "P00883"))
    assert canvas.extent()[2] - canvas.extent()[0] < (whole[2] - whole[0]) / 5
    assert list(canvas.selection) == ["pipes"]

    valve = box.update_results("V01391")[0]
    assert (valve.kind, valve.code) == ("valve", "V01391")
    box.show_entry(valve)
    assert _inside(canvas, *_feature_xy(window, "valves", "V01391"))

    vehicle = box.update_results("RV03")[0]
    assert vehicle.kind == "vehicle" and vehicle.code == "RV03"
    box.show_entry(vehicle)
    assert _inside(canvas, (vehicle.bounds[0] + vehicle.bounds[2]) / 2, (vehicle.bounds[1] + vehicle.bounds[3]) / 2)

    street = box.update_results("binnendamm")[0]
    assert (street.kind, street.name) == ("street", "Binnendamm")
    assert box.model.stringList()[0] == "街道 Binnendamm"
    box.setText("Binnendamm")
    box.choose_first()  # Enter
    xmin, ymin, xmax, ymax = street.bounds
    assert _inside(canvas, (xmin + xmax) / 2, (ymin + ymax) / 2)

    place = box.update_results("rheinpark")[0]
    assert place.kind == "place" and place.layer == "venues"
    live = window.map.layers["live"].data
    qtbot.waitUntil(lambda: len(live) > 14, timeout=15_000)  # the demo's patrollers report
    # The simulated day arrives in batches after the stored one: wait for the teams' fixes.
    qtbot.waitUntil(lambda: len(box.update_results("T0")) > 0, timeout=30_000)
    teams = box.update_results("T0")
    assert teams and all(t.kind == "team" for t in teams)  # wherever their last fix is (no plan: no patch)
    assert box.update_results("") == [] and box.update_results("zzzz-nothing") == []


def test_selecting_a_repair_or_a_valve_to_close_moves_the_map(open_desk, qtbot):
    window = open_desk("en")
    canvas = window.map.canvas
    repairs = window.repairs
    rid = repairs.desk.create(pipe=STADIUM_PIPE, caller="Caller", description="Water on the road")
    dock = repairs.repairs_dock
    canvas.set_extent(*window.map.layers["pipes"].data.bounds())  # the whole town
    r = repairs.desk.repair(rid)
    x, y = window.map.projector.to_local(r.lon, r.lat)
    dock.table.clearSelection()
    dock.select_repair(rid)
    cx, cy = (canvas.extent()[0] + canvas.extent()[2]) / 2, (canvas.extent()[1] + canvas.extent()[3]) / 2
    assert abs(cx - x) < 1 and abs(cy - y) < 1  # centred on the repair
    assert canvas.mpp <= 2.5  # and close enough to read the streets

    repairs.desk.isolate(rid)
    assert repairs.desk.wait_isolation()
    assert dock.valve_table.rowCount() >= 1
    canvas.set_extent(*window.map.layers["pipes"].data.bounds())
    dock.valve_table.selectRow(0)
    code = dock.valve_table.item(0, 0).text()
    assert _inside(canvas, *_feature_xy(window, "valves", code))
    assert list(canvas.selection) == ["valves"]
    assert canvas.extent()[2] - canvas.extent()[0] < 1000

    # A patch picked in the Patrol dock (when the map shows patches: the demo store has no stored plan, and the
    # dock's rows, from the patrol day, can come while the isolation is computed on its worker).
    patrol = window.patrol.dock
    if patrol.patch_table.rowCount() and len(window.map.layers["patches"].data):
        canvas.set_extent(*window.map.layers["pipes"].data.bounds())
        patrol.patch_table.clearSelection()  # the row may already be the current one
        patrol.patch_table.selectRow(0)
        assert list(canvas.selection) == ["patches"]
