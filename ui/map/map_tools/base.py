"""The map-tool pattern (as in QGIS): one active tool receives the canvas's mouse events.

Events arrive already converted to map coordinates. A tool draws its own
feedback (a rubber band) in :meth:`paint` and reports results by signals; it
never writes to the store — a controller does.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPointF, Qt
from PySide6.QtGui import QColor, QCursor, QKeyEvent, QMouseEvent, QPainter, QPen


class MapTool(QObject):
    """Base class: override the ``*_event`` methods you need; return True to consume an event."""

    cursor_shape = Qt.CursorShape.ArrowCursor

    def __init__(self, canvas) -> None:
        super().__init__(canvas)
        self.canvas = canvas

    def activate(self) -> None:
        """Called when the tool becomes the canvas's tool."""
        self.canvas.setCursor(QCursor(self.cursor_shape))

    def deactivate(self) -> None:
        """Called when another tool replaces this one: drop any half-done work."""
        self.reset()

    def reset(self) -> None:
        """Forget the current sketch."""

    def press_event(self, event: QMouseEvent, x: float, y: float) -> bool:
        return False

    def move_event(self, event: QMouseEvent, x: float, y: float) -> bool:
        return False

    def release_event(self, event: QMouseEvent, x: float, y: float) -> bool:
        return False

    def double_click_event(self, event: QMouseEvent, x: float, y: float) -> bool:
        return False

    def key_event(self, event: QKeyEvent) -> bool:
        if event.key() == Qt.Key.Key_Escape:
            self.reset()
            self.canvas.update()
            return True
        return False

    def paint(self, painter: QPainter) -> None:
        """Draw feedback over the map (device pixels; ``canvas.map_to_px`` converts)."""

    def rubber_pen(self) -> QPen:
        pen = QPen(QColor("#e91e63"), 2)
        pen.setCosmetic(True)
        return pen

    def points_px(self, points: list[tuple[float, float]]) -> list[QPointF]:
        return [QPointF(*self.canvas.map_to_px(x, y)) for x, y in points]
