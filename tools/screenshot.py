"""Grab the main window (offscreen) to a PNG: ``python tools/screenshot.py OUT.png [--lang zh_CN] [--store URL]``.

Used for the README screenshot and to look at what the desk shows.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# A clean settings folder: the screenshot shows the default layout, not the last session's.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="wg-shot-")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def main() -> int:
    """Open the desk, wait for it to settle, save a PNG."""
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--lang", default="zh_CN")
    parser.add_argument("--store")
    parser.add_argument("--size", default="1600x1000")
    parser.add_argument("--wait-ms", type=int, default=1500)
    parser.add_argument("--dock", help="objectName of a dock to raise (patrolDock, dutyDock …)")
    parser.add_argument("--pipe-colours", choices=("network", "coverage"), help="colour the pipes (Patrol dock)")
    parser.add_argument("--tab", help="Patrol dock tab to show (Teams, Patches, Chart, Segment)")
    parser.add_argument("--replay", metavar="HH:MM", help="replay the patrol tracks up to this time")
    parser.add_argument("--inspect", metavar="PIPE_CODE", help="show this pipe in the Patrol dock's inspector")
    parser.add_argument("--zoom", metavar="BOOKMARK", help="zoom to a venue or residence by name")
    parser.add_argument("--extent", help="xmin,ymin,xmax,ymax in map metres")
    parser.add_argument("--role", default="leader", choices=("leader", "dispatcher", "viewer"),
                        help="open the desk as this role (the demo is loaded as leader first)")
    parser.add_argument("--duty-tab", help="Duty dock tab to show (Meeting, Roster, Contacts …)")
    parser.add_argument("--repair-pipe", metavar="PIPE_ID",
                        help="open a repair on this pipe, isolate it and show it (Repairs dock)")
    parser.add_argument("--night", action="store_true", help="the night duty theme (dark desk and map)")
    parser.add_argument("--menu", metavar="TABLE:ROW", help="show a table's right-click menu (repairs:0, layers:1 …)")
    args = parser.parse_args()
    from models.store import open_store
    from ui.common.i18n import install_translators
    from ui.main_window import MainWindow, _ensure_demo

    app = QApplication(sys.argv[:1])
    lang = install_translators(app, args.lang)
    store = open_store(args.store)
    _ensure_demo(store)
    if args.role != "leader":
        url = store.url
        store.dispose()
        store = open_store(url, role=args.role)
    window = MainWindow(store, lang)
    w, h = (int(v) for v in args.size.split("x"))
    window.resize(w, h)
    window.show()

    def prepare() -> None:
        """Apply the view options once the patrol session is loaded."""
        patrol = getattr(window, "patrol", None)
        if patrol is not None and patrol.live.session is None and patrol.live.thread is not None \
                and patrol.live.thread.is_alive():
            QTimer.singleShot(200, prepare)
            return
        if args.zoom:
            window.canvas.zoom_to_bookmark(args.zoom)
        if args.extent:
            window.canvas.set_extent(*(float(v) for v in args.extent.split(",")))
        if patrol is not None:
            dock = patrol.dock
            if args.pipe_colours:
                dock.colour_combo.setCurrentIndex(dock.colour_combo.findData(args.pipe_colours))
            if args.replay:
                hh, mm = (int(v) for v in args.replay.split(":"))
                dock.replay_check.setChecked(True)
                dock.replay_slider.setMaximum(24 * 60)
                dock.replay_slider.setValue(hh * 60 + mm)
                dock._apply_replay()
            if args.inspect and patrol.live.session is not None:
                s = patrol.live.session
                pos = list(s.pipe_codes).index(args.inspect)
                dock.show_pipe(int(s.pipe_ids[pos]))
            if args.tab:
                for i in range(dock.tabs.count()):
                    if dock.tabs.tabText(i).replace("&", "") == args.tab:
                        dock.tabs.setCurrentIndex(i)
            dock.refresh()
        if args.duty_tab:
            tabs = window.duty_dock.tabs
            for i in range(tabs.count()):
                if tabs.tabText(i).replace("&", "").split("(")[0] == args.duty_tab:
                    tabs.setCurrentIndex(i)
        if args.repair_pipe:
            show_repair(int(args.repair_pipe))
        if args.night:
            window.night_theme.action.setChecked(True)
        if args.dock:
            from PySide6.QtWidgets import QDockWidget

            found = window.findChild(QDockWidget, args.dock)
            if found is not None:
                found.show()
                found.raise_()
        QTimer.singleShot(args.wait_ms, grab)

    def show_repair(pipe_id: int) -> None:
        """A repair on the pipe, its nearest vehicles and its isolation, zoomed in on the map."""
        repairs = window.repairs
        rid = repairs.desk.create(pipe=pipe_id, caller="Call centre", description="Water on the road")
        repairs.repairs_dock.select_repair(rid)
        repairs.repairs_dock.find_vehicles()
        repairs.desk.isolate(rid)
        repairs.desk.wait_isolation()  # computed on the isolation worker
        result = repairs.desk.isolation
        data = window.map.layers["isolation_pipes"].data
        if result is not None and data.bounds() is not None:
            xmin, ymin, xmax, ymax = data.bounds()
            pad = max(xmax - xmin, ymax - ymin) * 0.4 + 100
            window.canvas.set_extent(xmin - pad, ymin - pad, xmax + pad, ymax + pad)

    def grab() -> None:
        window.canvas.wait_rendered()
        image = window.grab()
        if args.menu:
            from PySide6.QtGui import QPainter

            name, row = args.menu.split(":")
            view = window.table_menus.views[name]
            menu = window.table_menus.menu_for(name, int(row))
            menu.adjustSize()
            painter = QPainter(image)
            top_left = view.viewport().mapTo(window, view.viewport().rect().center())
            painter.drawPixmap(top_left, menu.grab())
            painter.end()
        if not image.save(str(Path(args.out).resolve())):
            print(f"could not write {args.out}", file=sys.stderr)
        app.quit()

    QTimer.singleShot(300, prepare)
    app.exec()
    store.dispose()
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
