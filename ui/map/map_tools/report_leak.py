"""Report a leak here": click the map, a controller opens a repair at that point."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen

from ui.map.map_tools.base import MapTool


class ReportLeakTool(MapTool):
    """Emits the clicked map point; draws a cross-hair where the mouse is.

    Signals: ``point_chosen(x, y)`` in map metres (the local CRS).
    """

    point_chosen = Signal(float, float)
    cursor_shape = Qt.CursorShape.CrossCursor

    def __init__(self, canvas) -> None:
        super().__init__(canvas)
        self._hover: tuple[float, float] | None = None

    def reset(self) -> None:  # noqa: D102
        self._hover = None

    def move_event(self, event, x, y) -> bool:  # noqa: D102
        self._hover = (x, y)
        self.canvas.update()
        return True

    def release_event(self, event, x, y) -> bool:  # noqa: D102
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        self.point_chosen.emit(x, y)
        return True

    def paint(self, painter: QPainter) -> None:  # noqa: D102
        if self._hover is None:
            return
        px, py = self.canvas.map_to_px(*self._hover)
        painter.setPen(QPen(QColor("#c0392b"), 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(QPointF(px, py), 9, 9)
        painter.drawLine(QPointF(px - 14, py), QPointF(px + 14, py))
        painter.drawLine(QPointF(px, py - 14), QPointF(px, py + 14))
