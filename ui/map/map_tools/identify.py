"""Identify tool: click a feature to see its attributes."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal

from ui.map.map_tools.base import MapTool
from gis.map_prep import FeatureData


def identify_all(canvas, x: float, y: float, tolerance_px: float = 5.0) -> list[tuple[str, int, dict]]:
    """Every visible, non-basemap feature at map point ``(x, y)``: ``(layer, row, attributes)``, top first."""
    tol = tolerance_px * canvas.mpp
    layers = [lyr for lyr in reversed(list(canvas.layers))
              if lyr.visible_at(canvas.mpp) and isinstance(lyr.data, FeatureData) and lyr.group != "basemap"]
    layers.sort(key=lambda lyr: lyr.kind == "polygons")
    hits = []
    for layer in layers:
        row = layer.data.nearest(x, y, tol if layer.kind != "polygons" else 0.0)
        if row is not None:
            hits.append((layer.name, row, layer.data.attrs.iloc[row].to_dict()))
    return hits


class IdentifyTool(MapTool):
    """Hit-tests within a few pixels (spatial index) and emits what it found.

    Signals: ``identified(layer_name, row, attributes)``; ``nothing_found(x, y)``.
    """

    identified = Signal(str, int, dict)
    #: Everything under the click, top first: ``[(layer_name, row, attributes), …]``.
    identified_all = Signal(list)
    nothing_found = Signal(float, float)
    cursor_shape = Qt.CursorShape.WhatsThisCursor

    def __init__(self, canvas, tolerance_px: float = 5.0) -> None:
        super().__init__(canvas)
        self.tolerance_px = tolerance_px

    def release_event(self, event, x, y) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        hits = identify_all(self.canvas, x, y, self.tolerance_px)
        if not hits:
            self.nothing_found.emit(x, y)
        else:
            self.identified.emit(*hits[0])
            self.identified_all.emit(hits)
        return True
