"""Sketching tools: measure distance / area, draw a point, line or polygon feature."""

from __future__ import annotations

import shapely
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QPolygonF

from ui.map.map_tools.base import MapTool


class _SketchTool(MapTool):
    """Click to add vertices, double-click or Enter to finish, Backspace to undo, Esc to cancel."""

    cursor_shape = Qt.CursorShape.CrossCursor
    #: "point", "line" or "polygon".
    geometry = "line"

    def __init__(self, canvas) -> None:
        super().__init__(canvas)
        self.vertices: list[tuple[float, float]] = []
        self._hover: tuple[float, float] | None = None
        self._swallow_release = False

    def reset(self) -> None:
        self.vertices = []
        self._hover = None

    def release_event(self, event, x, y) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        if self._swallow_release:  # the release that ends a double-click
            self._swallow_release = False
            return True
        self.add_vertex(x, y)
        return True

    def add_vertex(self, x: float, y: float) -> None:
        """Add a vertex (points finish at once)."""
        self.vertices.append((x, y))
        if self.geometry == "point":
            self.finish()
        self.canvas.update()

    def move_event(self, event, x, y) -> bool:
        self._hover = (x, y)
        if self.vertices:
            self.canvas.update()
        return False  # let the canvas show cursor coordinates

    def double_click_event(self, event, x, y) -> bool:
        # A real double-click already added this vertex on its first release;
        # a synthetic one (or a touch pad's) may not have.
        last = self.vertices[-1] if self.vertices else None
        if last is None or max(abs(last[0] - x), abs(last[1] - y)) > 3 * self.canvas.mpp:
            self.vertices.append((x, y))
        self._swallow_release = True
        self.finish()
        return True

    def key_event(self, event) -> bool:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.finish()
            return True
        if event.key() == Qt.Key.Key_Backspace and self.vertices:
            self.vertices.pop()
            self.canvas.update()
            return True
        return super().key_event(event)

    def sketch_geometry(self):
        """The sketch as a shapely geometry (None while too few vertices)."""
        v = self.vertices
        if self.geometry == "point" and v:
            return shapely.Point(v[-1])
        if self.geometry == "line" and len(v) >= 2:
            return shapely.LineString(v)
        if self.geometry == "polygon" and len(v) >= 3:
            return shapely.make_valid(shapely.Polygon(v))
        return None

    def finish(self) -> None:
        """Emit the result and start over."""
        geom = self.sketch_geometry()
        self.reset()
        self.canvas.update()
        if geom is not None and not geom.is_empty:
            self.emit_result(geom)

    def emit_result(self, geom) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def paint(self, painter) -> None:
        if not self.vertices:
            return
        pts = self.points_px(self.vertices + ([self._hover] if self._hover else []))
        painter.setPen(self.rubber_pen())
        if self.geometry == "polygon" and len(pts) >= 3:
            painter.setBrush(QColor(233, 30, 99, 40))
            painter.drawPolygon(QPolygonF(pts))
        else:
            painter.drawPolyline(QPolygonF(pts))
        painter.setBrush(QColor("white"))
        for p in pts[: len(self.vertices)]:
            painter.drawEllipse(QPointF(p), 3.5, 3.5)


class MeasureTool(_SketchTool):
    """Measures a distance (``mode="distance"``) or an area (``mode="area"``) in the local metric CRS.

    ``measuring(value)`` fires as the sketch grows; ``measured(value)`` when finished
    (metres or square metres).
    """

    measuring = Signal(float)
    measured = Signal(float)

    def __init__(self, canvas, mode: str = "distance") -> None:
        super().__init__(canvas)
        self.mode = mode
        self.geometry = "polygon" if mode == "area" else "line"

    def value(self, vertices=None) -> float:
        v = self.vertices if vertices is None else vertices
        if self.mode == "area":
            return shapely.Polygon(v).area if len(v) >= 3 else 0.0
        return shapely.LineString(v).length if len(v) >= 2 else 0.0

    def add_vertex(self, x, y) -> None:
        super().add_vertex(x, y)
        self.measuring.emit(self.value())

    def emit_result(self, geom) -> None:
        self.measured.emit(geom.area if self.mode == "area" else geom.length)

    def paint(self, painter) -> None:
        super().paint(painter)
        if self.vertices and self._hover:
            value = self.value(self.vertices + [self._hover])
            text = f"{value / 1e6:.3f} km²" if self.mode == "area" and value > 1e5 else (
                f"{value:.0f} m²" if self.mode == "area" else (f"{value / 1000:.2f} km" if value > 1000
                                                                 else f"{value:.1f} m"))
            x, y = self.canvas.map_to_px(*self._hover)
            painter.setPen(QColor("#111111"))
            painter.drawText(QPointF(x + 12, y - 8), text)


class DrawFeatureTool(_SketchTool):
    """Draws a new point, line or polygon; emits ``feature_drawn(geometry)`` in the local CRS."""

    feature_drawn = Signal(object)

    def __init__(self, canvas, geometry: str = "polygon") -> None:
        super().__init__(canvas)
        if geometry not in ("point", "line", "polygon"):
            raise ValueError(f"geometry must be point, line or polygon, not {geometry!r}")
        self.geometry = geometry

    def emit_result(self, geom) -> None:
        self.feature_drawn.emit(geom)
