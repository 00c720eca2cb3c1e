"""The network-check dock on a Monaco network: findings per check, zoom-to on double-click."""

from __future__ import annotations

from PySide6.QtCore import Qt

from services.importing import import_any
from tests.support.own_event import build_monaco_files
from ui.map.canvas import MapCanvas
from ui.map.setup import load_layers
from ui.network.check_dock import NetworkCheckDock


def test_dock_lists_findings_and_zooms_to_one(qtbot, store, tmp_path):
    files = build_monaco_files(tmp_path / "files")
    for kind in ("pipes", "valves", "sources"):
        assert import_any(store, kind, files[kind])["ok"]
    layers, proj = load_layers(store, basemap=None)
    canvas = MapCanvas(layers, proj)
    canvas.resize(500, 400)
    qtbot.addWidget(canvas)
    dock = NetworkCheckDock(store, canvas, proj)
    qtbot.addWidget(dock)
    canvas.show()
    dock.show()
    with qtbot.waitSignal(dock.report_changed, timeout=60_000):
        dock.run_check()
    report = dock.report
    assert report["counts"]["no_diameter"] >= 3
    tops = {dock.tree.topLevelItem(i).text(0): dock.tree.topLevelItem(i) for i in range(dock.tree.topLevelItemCount())}
    assert len(tops) == 7
    branch = next(item for title, item in tops.items() if title.startswith("Pipes without a diameter"))
    assert branch.childCount() == report["counts"]["no_diameter"]
    leaf = branch.child(0)
    assert leaf.text(1) == "GX00000"
    lon, lat = leaf.data(0, Qt.ItemDataRole.UserRole)
    try:
        dock.tree.itemDoubleClicked.emit(leaf, 0)
        x, y = proj.to_local(lon, lat)
        xmin, ymin, xmax, ymax = canvas.extent()
        assert xmin < float(x) < xmax and ymin < float(y) < ymax and (xmax - xmin) < 500
        assert canvas.wait_rendered(30_000)
    finally:
        canvas.close_canvas()
