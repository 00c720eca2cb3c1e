"""Identify tool: click a feature to see its attributes."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal

from ui.map.map_tools.base import MapTool


class IdentifyTool(MapTool):
    """Hit-tests within a few pixels (spatial index) and emits what it found.

    Signals: ``identified(layer_name, row, attributes)``; ``nothing_found(x, y)``.
    """

    identified = Signal(str, int, dict)
    nothing_found = Signal(float, float)
    cursor_shape = Qt.CursorShape.WhatsThisCursor

    def __init__(self, canvas, tolerance_px: float = 5.0) -> None:
        super().__init__(canvas)
        self.tolerance_px = tolerance_px

    def release_event(self, event, x, y) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        hit = self.canvas.identify(x, y, self.tolerance_px)
        if hit is None:
            self.nothing_found.emit(x, y)
        else:
            name, row, attrs = hit
            self.identified.emit(name, row, attrs)
        return True
