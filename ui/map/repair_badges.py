"""Level badges on the map's repair symbols (issue 16, point 13).

A level V repair was a blue dot on blue pipes. Each open repair now carries a
badge with its level numeral (white border, the level's colour, white text)
beside its symbol, and a steady red ring while it has overrun a limit (the
alarm center's pulse covers the unacknowledged ones). Drawn as a canvas
overlay: it follows the view without re-rendering the pipes.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QMainWindow

from gis.map_prep import FeatureData
from ui.repairs.map import LEVEL_COLOURS


class RepairBadges(QObject):
    """Paints the level badge and the overrun ring of every visible open repair."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.canvas = window.map.canvas
        self.canvas.overlays.append(self.paint)

    def overrun_ids(self) -> set[int]:
        figures = getattr(getattr(self.window, "alarms", None), "figures", None)
        return set(figures.overruns) if figures is not None else set()

    def paint(self, painter: QPainter, canvas) -> None:
        """The overlay."""
        layer = self.window.map.layers.get("repairs")
        if layer is None or not layer.visible or not isinstance(layer.data, FeatureData) or not len(layer.data):
            return
        data = layer.data
        levels = data.attrs["level"].astype(str).to_numpy() if "level" in data.attrs else None
        if levels is None:
            return
        late = self.overrun_ids()
        font = QFont(painter.font())
        font.setBold(True)
        font.setPixelSize(11)
        painter.setFont(font)
        fm = painter.fontMetrics()
        w, h = canvas.width(), canvas.height()
        for geom, fid, level in zip(data.geoms, data.ids, levels):
            px, py = canvas.map_to_px(geom.x, geom.y)
            if not (-30 <= px <= w + 30 and -30 <= py <= h + 30):
                continue
            if int(fid) in late:
                painter.setPen(QPen(QColor("#d50000"), 2.5))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawEllipse(QPointF(px, py), 11, 11)
            text = level
            bw = fm.horizontalAdvance(text) + 8
            rect = QRectF(px - 7 - bw, py - 18, bw, 14)  # left of the symbol: its code label is on the right
            painter.setPen(QPen(QColor("white"), 1.5))
            painter.setBrush(QColor(LEVEL_COLOURS.get(level, "#616161")))
            painter.drawRoundedRect(rect, 3, 3)
            painter.setPen(QColor("white"))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)


def install_repair_badges(window: QMainWindow) -> RepairBadges:
    """Level badges and overrun rings on the repair symbols (after the repair desk and the alarms)."""
    return RepairBadges(window)
