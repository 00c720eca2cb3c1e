"""Pan tool: drag to move the map (the default tool)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ui.map.map_tools.base import MapTool


class PanTool(MapTool):
    """Drags the map; the canvas shows its cached image moving until the drag settles."""

    cursor_shape = Qt.CursorShape.OpenHandCursor

    def __init__(self, canvas) -> None:
        super().__init__(canvas)
        self._last = None

    def press_event(self, event, x, y) -> bool:
        if event.button() == Qt.MouseButton.LeftButton:
            self._last = event.position()
            return True
        return False

    def move_event(self, event, x, y) -> bool:
        if self._last is None:
            return False
        pos = event.position()
        self.canvas.pan_px(pos.x() - self._last.x(), pos.y() - self._last.y())
        self._last = pos
        return True

    def release_event(self, event, x, y) -> bool:
        if self._last is None:
            return False
        self._last = None
        self.canvas.gesture_finished()
        return True
