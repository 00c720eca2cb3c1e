"""Rectangle select tool."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor

from ui.map.map_tools.base import MapTool


class RectSelectTool(MapTool):
    """Drag a rectangle; emits ``rectangle_created(xmin, ymin, xmax, ymax)`` in map units."""

    rectangle_created = Signal(float, float, float, float)
    cursor_shape = Qt.CursorShape.CrossCursor

    def __init__(self, canvas) -> None:
        super().__init__(canvas)
        self._start = None
        self._end = None

    def reset(self) -> None:
        self._start = self._end = None

    def press_event(self, event, x, y) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        self._start = self._end = (x, y)
        return True

    def move_event(self, event, x, y) -> bool:
        if self._start is None:
            return False
        self._end = (x, y)
        self.canvas.update()
        return True

    def release_event(self, event, x, y) -> bool:
        if self._start is None:
            return False
        (x0, y0), (x1, y1) = self._start, (x, y)
        self.reset()
        self.canvas.update()
        self.rectangle_created.emit(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
        return True

    def paint(self, painter) -> None:
        if self._start is None:
            return
        a, b = self.points_px([self._start, self._end])
        painter.setPen(self.rubber_pen())
        painter.setBrush(QColor(233, 30, 99, 40))
        painter.drawRect(QRectF(a, b).normalized())
