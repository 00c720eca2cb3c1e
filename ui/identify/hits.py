"""Identify lists everything under the click, not only the top feature (issue 16, point 9).

A pipe under a motorcade route used to identify as the route, so "From
identified pipe" stayed disabled. :func:`identify_all` returns every visible
feature within the tolerance, top first (points and lines before polygons);
the identify tool emits them all, the Identify dock lists them (layer title and
code) above the attribute table, and choosing one shows its attributes and
tells the desk (a pipe chosen enables "From identified pipe"). A pipe anywhere
in the list is offered to the repair desk at once.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QMainWindow

from ui.map.layer_titles import layer_title


class IdentifyList(QObject):
    """The list of hits in the Identify dock, and what choosing one does."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.tool = window.map.tools["identify"]
        self.dock = window.map.identify_dock
        self.layers = window.map.layers
        self.hits: list[tuple[str, int, dict]] = []
        self.list = QListWidget(self.dock)
        self.list.setObjectName("identifyHits")
        self.list.setToolTip(self.tr("Everything under the click; choose one to see its attributes"))
        self.list.setMaximumHeight(110)
        box = self.dock.widget().layout()
        box.insertWidget(1, self.list)
        self.list.hide()
        self.list.currentRowChanged.connect(self.choose)
        self.tool.identified_all.connect(self.show_hits)
        self.tool.nothing_found.connect(lambda *_: (self.list.clear(), self.list.hide()))
        self.repairs = getattr(window, "repairs", None)

    def show_hits(self, hits: list) -> None:
        """List every hit (the tool has shown the top one); offer a pipe among them to the repair desk."""
        self.hits = hits
        self.list.blockSignals(True)
        self.list.clear()
        for name, _row, attrs in hits:
            code = attrs.get("code") or attrs.get("name") or ""
            self.list.addItem(QListWidgetItem(f"{layer_title(self.layers[name].title)}  {code}".strip()))
        self.list.blockSignals(False)
        self.list.setVisible(len(hits) > 1)
        self.list.blockSignals(True)
        self.list.setCurrentRow(0)
        self.list.blockSignals(False)
        pipe = next((h for h in hits if h[0] == "pipes"), None)
        if pipe is not None and self.repairs is not None:
            self.repairs.controller.on_identified(*pipe)

    def choose(self, index: int) -> None:
        """Show one hit's attributes (and tell the identify tool's listeners)."""
        if 0 <= index < len(self.hits):
            name, row, attrs = self.hits[index]
            self.tool.identified.emit(name, row, attrs)
            if name != "pipes" and any(h[0] == "pipes" for h in self.hits) and self.repairs is not None:
                # The desk keeps the pipe under the click for "From identified pipe".
                self.repairs.controller.on_identified(*next(h for h in self.hits if h[0] == "pipes"))


def install_identify_list(window: QMainWindow) -> IdentifyList:
    """Make the identify tool list everything under the click (after the map and the repair desk)."""
    return IdentifyList(window)
