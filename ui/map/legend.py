"""The legend (issue 16, point 10): every visible layer at once, with symbols, in the desk's language.

The layers dock's legend used to show the current layer only (empty at start:
the first layer is the live one) in English. Now it lists every visible map
layer (basemap excepted), top first: the layer's title, then its classes with
their swatches; the layer list shows each layer's first symbol as its icon.
Class labels go through the "Legend" catalogue, the same words the sheets and
the HTML map use for those classes.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QListWidgetItem, QMainWindow

from ui.map.layer_titles import layer_title
from ui.map.layers_dock import swatch


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (Qt's name, for lupdate)
    return text


#: The class labels of the map styles, for the catalogue.
LEGEND_LABELS = (
    QT_TRANSLATE_NOOP("Legend", "Park / green"), QT_TRANSLATE_NOOP("Legend", "Water"),
    QT_TRANSLATE_NOOP("Legend", "Building"), QT_TRANSLATE_NOOP("Legend", "Street"),
    QT_TRANSLATE_NOOP("Legend", "Patrol patch"), QT_TRANSLATE_NOOP("Legend", "Key area"),
    QT_TRANSLATE_NOOP("Legend", "Construction site"), QT_TRANSLATE_NOOP("Legend", "Residence perimeter"),
    QT_TRANSLATE_NOOP("Legend", "Venue perimeter"), QT_TRANSLATE_NOOP("Legend", "Key unit"),
    QT_TRANSLATE_NOOP("Legend", "Key road"), QT_TRANSLATE_NOOP("Legend", "Service pipe"),
    QT_TRANSLATE_NOOP("Legend", "Distribution main < DN300"), QT_TRANSLATE_NOOP("Legend", "Distribution main ≥ DN300"),
    QT_TRANSLATE_NOOP("Legend", "Transmission main"), QT_TRANSLATE_NOOP("Legend", "Exposed transmission segment"),
    QT_TRANSLATE_NOOP("Legend", "Patrol team track"), QT_TRANSLATE_NOOP("Legend", "Venue guard track"),
    QT_TRANSLATE_NOOP("Legend", "Stationed post track"), QT_TRANSLATE_NOOP("Legend", "Other track"),
    QT_TRANSLATE_NOOP("Legend", "Motorcade route"), QT_TRANSLATE_NOOP("Legend", "Valve"),
    QT_TRANSLATE_NOOP("Legend", "Valve (closed)"), QT_TRANSLATE_NOOP("Legend", "Hydrant"),
    QT_TRANSLATE_NOOP("Legend", "Important user"), QT_TRANSLATE_NOOP("Legend", "Hospital"),
    QT_TRANSLATE_NOOP("Legend", "Isolated pipe"), QT_TRANSLATE_NOOP("Legend", "Broken pipe"),
    QT_TRANSLATE_NOOP("Legend", "Valve to close"), QT_TRANSLATE_NOOP("Legend", "Valve broken / inaccessible"),
    QT_TRANSLATE_NOOP("Legend", "Affected user"), QT_TRANSLATE_NOOP("Legend", "Level I repair"),
    QT_TRANSLATE_NOOP("Legend", "Level II repair"), QT_TRANSLATE_NOOP("Legend", "Level III repair"),
    QT_TRANSLATE_NOOP("Legend", "Level IV repair"), QT_TRANSLATE_NOOP("Legend", "Level V repair"),
    # classes of the coverage, isolation and customer layers
    QT_TRANSLATE_NOOP("Legend", "Business"),
    QT_TRANSLATE_NOOP("Legend", "Covered this round"),
    QT_TRANSLATE_NOOP("Legend", "Cut off from every source"),
    QT_TRANSLATE_NOOP("Legend", "Due this round"),
    QT_TRANSLATE_NOOP("Legend", "Household"),
    QT_TRANSLATE_NOOP("Legend", "Large user"),
    QT_TRANSLATE_NOOP("Legend", "Meter due"),
    QT_TRANSLATE_NOOP("Legend", "Meter overdue"),
    QT_TRANSLATE_NOOP("Legend", "New connection, no read yet"),
    QT_TRANSLATE_NOOP("Legend", "Not read"),
    QT_TRANSLATE_NOOP("Legend", "Not under a patrol requirement"),
    QT_TRANSLATE_NOOP("Legend", "Outside"),
    QT_TRANSLATE_NOOP("Legend", "Overdue"),
    QT_TRANSLATE_NOOP("Legend", "Patch"),
    QT_TRANSLATE_NOOP("Legend", "Read at zero"),
    QT_TRANSLATE_NOOP("Legend", "Residence"),
    QT_TRANSLATE_NOOP("Legend", "Venue"),
    # classes of the field hazards layer (ui.hazards.map)
    QT_TRANSLATE_NOOP("Legend", "Hazard: leak"), QT_TRANSLATE_NOOP("Legend", "Hazard: water on the road"),
    QT_TRANSLATE_NOOP("Legend", "Hazard: construction near a main"),
    QT_TRANSLATE_NOOP("Legend", "Hazard: damaged cover"), QT_TRANSLATE_NOOP("Legend", "Hazard: low pressure"),
    QT_TRANSLATE_NOOP("Legend", "Hazard: other"), QT_TRANSLATE_NOOP("Legend", "Hazard handled"),
    # the shared vocabulary of the HTML map and the sheets (services.printing.legend)
    QT_TRANSLATE_NOOP("Legend", "Repair vehicle"),
    QT_TRANSLATE_NOOP("Legend", "No requirement"),
)


def legend_label(text: str) -> str:
    """A style class's label in the UI language."""
    return QCoreApplication.translate("Legend", text)


class Legend(QObject):
    """Keeps the layers dock's legend and layer icons in step with the visible layers."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dock = window.map.layers_dock
        self.canvas = window.map.canvas
        self.layers = window.map.layers
        self.dock.list.currentItemChanged.connect(lambda *_: self.rebuild())
        self.layers.events.connect("changed", lambda **kw: self.rebuild() if kw.get("field") in
                                   ("visible", "style") else None)
        for name in ("reordered", "inserted", "removed"):
            self.layers.events.connect(name, lambda **_: self.rebuild())
        self.rebuild()

    def entries(self) -> list[tuple[str, list[tuple[str, object, float]]]]:
        """``(layer title, [(class label, colour, width)])`` of every visible layer with a legend, top first."""
        out = []
        for layer in reversed(list(self.layers)):
            if not layer.visible or layer.group == "basemap":
                continue
            view = self.canvas.registry.views.get(layer.name)
            classes = view.legend() if view is not None else []
            if classes:
                out.append((layer_title(layer.title), [(legend_label(lbl), c, w) for lbl, c, w in classes]))
        return out

    def rebuild(self) -> None:
        """Fill the legend list and the layer icons."""
        legend = self.dock.legend
        legend.clear()
        bold = QFont(legend.font())
        bold.setBold(True)
        for title, classes in self.entries():
            head = QListWidgetItem(title)
            head.setFont(bold)
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            legend.addItem(head)
            for label, colour, width in classes:
                item = QListWidgetItem(swatch(colour, width), "  " + label)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                legend.addItem(item)
        self.dock.list.blockSignals(True)
        for i in range(self.dock.list.count()):
            item = self.dock.list.item(i)
            view = self.canvas.registry.views.get(item.data(Qt.ItemDataRole.UserRole))
            classes = view.legend() if view is not None else []
            if classes:
                item.setIcon(swatch(classes[0][1], classes[0][2]))
        self.dock.list.blockSignals(False)


def install_legend(window: QMainWindow) -> Legend:
    """The all-layers legend and layer icons (after the map and every layer are built)."""
    return Legend(window)
