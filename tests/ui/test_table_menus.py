"""Issue 16 (9): right-click menus on the tables and the layer list have the obvious actions, and they work."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from tests.ui.desk_windows import demo_file, open_desk  # noqa: F401 (fixtures)


def _actions(menu) -> dict:
    return {a.text(): a for a in menu.actions() if a.text()}


def test_table_and_layer_list_menus(open_desk, qtbot):
    window = open_desk("en")
    menus = window.table_menus
    canvas = window.map.canvas
    assert {"layers", "repairs", "vehicles", "teams", "patches", "action_items"} <= set(menus.views)

    # Repairs list: zoom to, copy code, dispatch, isolation.
    dock = window.repairs.repairs_dock
    rid = window.repairs.desk.create(pipe=883, caller="Caller", description="Water on the road",
                                     address="Stadium east gate")
    dock.reload()
    row = [r.id for r in dock.repairs].index(rid)
    r = dock.repairs[row]
    acts = _actions(menus.menu_for("repairs", row))
    assert {"Zoom to", "Copy code", "Find vehicles to dispatch", "Valve isolation"} <= set(acts)
    acts["Copy code"].trigger()
    assert QApplication.clipboard().text() == r.code
    canvas.set_extent(*window.map.layers["pipes"].data.bounds())
    acts["Zoom to"].trigger()
    layer = window.map.layers["repairs"].data
    geom = layer.geoms[list(layer.ids).index(r.id)]
    xmin, ymin, xmax, ymax = canvas.extent()
    assert xmin <= geom.centroid.x <= xmax and ymin <= geom.centroid.y <= ymax and xmax - xmin < 2000
    acts["Find vehicles to dispatch"].trigger()
    assert dock.current_id == r.id and dock.tabs.currentIndex() == 1 and dock.dispatch_table.rowCount() > 0

    # Vehicles: copy code and a status submenu with the current status checked.
    vehicles = window.repairs.vehicles_dock
    vacts = _actions(menus.menu_for("vehicles", 0))
    assert {"Zoom to", "Copy code", "Status"} <= set(vacts)
    vacts["Copy code"].trigger()
    assert QApplication.clipboard().text() == vehicles.table.item(0, 0).text()
    assert sum(a.isChecked() for a in vacts["Status"].menu().actions()) == 1

    # Action items: copy code and the item buttons.
    items = window.duty_dock.items_table
    if items.rowCount():
        iacts = _actions(menus.menu_for("action_items", 0))
        iacts["Copy code"].trigger()
        assert QApplication.clipboard().text() == items.item(0, 0).text()

    # Layer list: only this layer, then restore; hide; zoom to layer.
    layers = window.map.layers
    before = {layer.name: layer.visible for layer in layers}
    lst = window.map.layers_dock.list
    pipes_row = next(i for i in range(lst.count()) if lst.item(i).data(256) == "pipes")
    lacts = _actions(menus.menu_for("layers", pipes_row))
    assert {"Zoom to layer", "Hide", "Show only this layer", "Move up", "Move down"} <= set(lacts)
    lacts["Show only this layer"].trigger()
    assert layers["pipes"].visible and not any(
        layer.visible for layer in layers if layer.name != "pipes" and layer.kind != "raster")
    _actions(menus.menu_for("layers", pipes_row))["Restore the other layers"].trigger()
    assert {layer.name: layer.visible for layer in layers} == before
    _actions(menus.menu_for("layers", pipes_row))["Hide"].trigger()
    assert not layers["pipes"].visible
    assert lst.item(pipes_row).checkState().value == 0
    canvas.set_center(0, 0, 0.1)
    _actions(menus.menu_for("layers", pipes_row))["Zoom to layer"].trigger()
    xmin, ymin, xmax, ymax = canvas.extent()
    bxmin, bymin, bxmax, bymax = layers["pipes"].data.bounds()
    assert xmin <= bxmin + 1 and xmax >= bxmax - 1

    # Patrol teams / patches: copy code (the patrol day loads off the GUI thread).
    patrol = window.patrol.dock
    qtbot.waitUntil(lambda: patrol.patch_table.rowCount() > 0, timeout=20_000)
    pacts = _actions(menus.menu_for("patches", 0))
    pacts["Copy code"].trigger()
    assert QApplication.clipboard().text() == patrol.patch_table.item(0, 0).text()
    assert pacts["Zoom to"].isEnabled()
    canvas.set_center(0, 0, 0.1)
    pacts["Zoom to"].trigger()
    assert canvas.extent()[2] - canvas.extent()[0] > 100


def test_menus_read_chinese(open_desk, qtbot):
    from tests.ui.latin_scan import data_words, stray_words

    window = open_desk("zh_CN")
    menus = window.table_menus
    dock = window.repairs.repairs_dock
    window.repairs.desk.create(pipe=883, caller="市民", description="路面冒水", address="体育场东门")
    dock.reload()
    texts = []
    for name, row in (("repairs", 0), ("vehicles", 0), ("layers", 0)):
        menu = menus.menu_for(name, row)
        for a in menu.actions():
            texts.append((name, a.text()))
            if a.menu():
                texts += [(name, b.text()) for b in a.menu().actions()]
    assert ("repairs", "缩放到此") in texts and ("layers", "只显示此图层") in texts
    assert not stray_words(texts, data_words(window.store))
