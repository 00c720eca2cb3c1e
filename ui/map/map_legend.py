"""A small legend on the map itself (issue 16, point 10): what the visible layers' symbols mean.

Bottom right of the desk map, one row per layer drawn at this scale (basemap excepted),
top layer first: its symbols and its word — the class label for a one-class
layer ("车队路线", "会场范围"), the layer title for a layer of several classes
(未结抢修 with the five level colours). The words are the layers dock legend's
(catalogue context "Legend"), which the HTML map and the zone sheets share
(:mod:`services.printing.legend`). View → Map legend shows or hides it; it
follows the night style (dark box).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QAction, QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QMainWindow

from ui.map.layer_titles import layer_title
from ui.map.legend import legend_label

#: At most this many rows (the top layers), and swatches per row.
MAX_ROWS = 12
MAX_SWATCHES = 5


class MapLegend(QObject):
    """Paints the on-map legend as a canvas overlay."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.canvas = window.map.canvas
        self.layers = window.map.layers
        self.visible = True
        self._rows: list[tuple[str, list[tuple[QColor, float, str]]]] | None = None
        self._shown: tuple[str, ...] = ()
        self.action = QAction(self.tr("Map &legend"), window)
        self.action.setObjectName("mapLegendAction")
        self.action.setCheckable(True)
        self.action.setChecked(True)
        self.action.setToolTip(self.tr("A small legend of the visible layers on the map"))
        self.action.toggled.connect(self.set_visible)
        view_menu = getattr(window, "view_menu", None)
        if view_menu is not None:
            view_menu.addAction(self.action)
        self.layers.events.connect("changed", self._on_change)
        for name in ("reordered", "inserted", "removed"):
            self.layers.events.connect(name, self._on_change)
        self.canvas.overlays.append(self.paint)

    def _on_change(self, **_) -> None:
        self._rows = None
        self.canvas.update()

    def set_visible(self, on: bool) -> None:
        self.visible = on
        self.canvas.update()

    def rows(self) -> list[tuple[str, list[tuple[QColor, float, str]]]]:
        """``(word, [(colour, width, shape)])`` per visible layer with symbols, top first."""
        mpp = self.canvas.mpp
        shown = tuple(layer.name for layer in self.layers if layer.visible_at(mpp))
        if self._rows is not None and self._shown == shown:
            return self._rows
        self._shown = shown
        rows = []
        for layer in reversed(list(self.layers)):
            if layer.name not in shown or layer.group == "basemap" or layer.kind in ("live", "raster"):
                continue
            view = self.canvas.registry.views.get(layer.name)
            classes = view.legend() if view is not None else []
            if not classes or getattr(layer.data, "__len__", None) is None or not len(layer.data):
                continue
            shape = {"points": "point", "polygons": "area"}.get(layer.kind, "line")
            word = legend_label(classes[0][0]) if len(classes) == 1 else layer_title(layer.title)
            rows.append((word, [(QColor(c), w, shape) for _, c, w in classes[:MAX_SWATCHES]]))
        self._rows = rows[:MAX_ROWS]
        return self._rows

    def words(self) -> list[str]:
        """The legend's words, top first (for tests)."""
        return [word for word, _ in self.rows()]

    def paint(self, painter: QPainter, canvas) -> None:
        """The overlay: a translucent box bottom right."""
        rows = self.rows() if self.visible else []
        if not rows:
            return
        font = QFont(painter.font())
        font.setPixelSize(11)
        painter.setFont(font)
        fm = QFontMetricsF(font)
        row_h = max(fm.height(), 12.0) + 3
        sw = 12.0
        swatches_w = max(len(s) for _, s in rows) * (sw + 2)
        width = 10 + swatches_w + 6 + max(fm.horizontalAdvance(w) for w, _ in rows) + 8
        height = len(rows) * row_h + 8
        x0, y0 = canvas.width() - width - 10, canvas.height() - height - 28
        dark = canvas.background.lightnessF() < 0.5
        painter.setPen(QPen(QColor(255, 255, 255, 60) if dark else QColor(0, 0, 0, 60), 1))
        painter.setBrush(QColor(22, 26, 32, 215) if dark else QColor(255, 255, 255, 225))
        painter.drawRoundedRect(QRectF(x0, y0, width, height), 4, 4)
        ink = QColor("#e8eaed") if dark else QColor("#222222")
        for i, (word, swatches) in enumerate(rows):
            cy = y0 + 4 + i * row_h + row_h / 2
            x = x0 + 8
            for colour, w, shape in swatches:
                if shape == "point":
                    painter.setPen(QPen(QColor(40, 40, 40), 1))
                    painter.setBrush(colour)
                    painter.drawEllipse(QPointF(x + sw / 2, cy), 4.5, 4.5)
                elif shape == "area":
                    fill = QColor(colour)
                    fill.setAlpha(90)
                    painter.setPen(QPen(colour, 1.5))
                    painter.setBrush(fill)
                    painter.drawRect(QRectF(x + 1, cy - 4.5, sw - 2, 9))
                else:
                    painter.setPen(QPen(colour, max(1.5, min(w, 5.0)), Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
                    painter.drawLine(QPointF(x, cy), QPointF(x + sw, cy))
                x += sw + 2
            painter.setPen(ink)
            painter.drawText(QRectF(x0 + 10 + swatches_w + 4, cy - row_h / 2, width, row_h),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, word)


def install_map_legend(window: QMainWindow) -> MapLegend:
    """The on-map legend (after every layer is built)."""
    return MapLegend(window)
