"""Right-click menus on the map (issue 16, point 9): the obvious actions for what is under the cursor.

Always: "Report a leak here". Then, for each feature under the click (the
identify list, top first): zoom to it, copy its code, and per kind — a pipe:
new repair on it, valve isolation; a repair: select it in the Repairs dock and
find the nearest vehicles. Only while panning or identifying (the drawing and
measuring tools keep the right button).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu

from ui.map.layer_titles import layer_title
from ui.map.map_tools.identify import identify_all

MAX_FEATURES = 6


class MapContextMenu(QObject):
    """Builds and shows the map's right-click menu."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.canvas = window.map.canvas
        self.repairs = getattr(window, "repairs", None)
        self.canvas.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.canvas.customContextMenuRequested.connect(self.show_at)
        self.last_menu: QMenu | None = None

    def build(self, pos: QPoint) -> QMenu:
        """The menu for a right-click at widget position ``pos``."""
        x, y = self.canvas.px_to_map(pos.x(), pos.y())
        menu = QMenu(self.canvas)
        if self.repairs is not None:
            report = menu.addAction(self.tr("Report a leak here…"), lambda: self.repairs.controller.report_at(x, y))
            report.setEnabled(not self.repairs.desk.read_only)
        hits = identify_all(self.canvas, x, y)[:MAX_FEATURES]
        if hits:
            menu.addSeparator()
        layers = self.window.map.layers
        for name, row, attrs in hits:
            code = str(attrs.get("code") or attrs.get("name") or "")
            sub = menu.addMenu(f"{layer_title(layers[name].title)} {code}".strip())
            fid = int(layers[name].data.ids[row])
            sub.addAction(self.tr("Zoom to"), lambda n=name, f=fid: self.canvas.zoom_to_feature(n, f))
            copy = sub.addAction(self.tr("Copy code"), lambda c=code: QApplication.clipboard().setText(c))
            copy.setEnabled(bool(code))
            if name == "pipes" and self.repairs is not None:
                writable = not self.repairs.desk.read_only
                new = sub.addAction(self.tr("New repair on this pipe…"),
                                    lambda h=(name, row, attrs): self._repair_on_pipe(h))
                new.setEnabled(writable)
                sub.addAction(self.tr("Valve isolation of this pipe"), lambda f=fid: self.repairs.desk.isolate(None, f))
            if name == "repairs" and self.repairs is not None:
                sub.addAction(self.tr("Show in Repairs and find vehicles"),
                              lambda f=fid: self.repairs.repairs_dock.show_dispatch(f))
        return menu

    def _repair_on_pipe(self, hit) -> None:
        self.repairs.controller.on_identified(*hit)
        self.repairs.controller.from_pipe()

    def show_at(self, pos: QPoint) -> None:
        """Show the menu (only while panning or identifying)."""
        tool = self.canvas.map_tool()
        if tool not in (None, getattr(self.canvas, "_pan_tool", None), self.window.map.tools.get("identify")):
            return  # measuring and drawing keep the right button
        self.last_menu = self.build(pos)
        self.last_menu.popup(self.canvas.mapToGlobal(pos))


def install_map_context_menu(window: QMainWindow) -> MapContextMenu:
    """Right-click menus on the map (after the map and the repair desk)."""
    return MapContextMenu(window)
