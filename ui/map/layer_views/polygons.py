"""Polygon layers (perimeters, sites, key areas, patches, basemap): one path per class, cached."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QFontMetricsF, QPainter, QPainterPath, QPolygonF

from gis.label_place import label_priority
from gis.map_prep import FeatureData
from ui.map.layer_views.base import LayerView, RenderContext, cosmetic_pen, device_pixels, label_font, qcolor


def _draw_label(painter: QPainter, rect: QRectF, text: str, font, ink) -> None:
    painter.setFont(font)
    painter.setPen(ink)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)


class PolygonLayerView(LayerView):
    """Fills and outlines; the path per class is built once per data/style change."""

    def _paths(self) -> list[QPainterPath]:
        def build() -> list[QPainterPath]:
            data: FeatureData = self.layer.data
            rings = data.rings()
            paths = [QPainterPath() for _ in range(max(data.n_classes, int(rings.cls.max(initial=-1)) + 1))]
            for p in paths:
                p.setFillRule(Qt.FillRule.OddEvenFill)
            xy = rings.xy
            for i in range(len(rings.starts) - 1):
                a, b = rings.starts[i], rings.starts[i + 1]
                paths[rings.cls[i]].addPolygon(QPolygonF([QPointF(float(x), float(y)) for x, y in xy[a:b]]))
            return paths
        return self.cached("paths", build)

    def draw(self, painter: QPainter, ctx: RenderContext) -> None:
        data: FeatureData = self.layer.data
        if data is None or len(data) == 0:
            return
        painter.save()
        painter.setTransform(ctx.transform)
        classes = self.classes()
        view = QRectF(ctx.xmin, ctx.ymin, ctx.xmax - ctx.xmin, ctx.ymax - ctx.ymin)
        for c, path in enumerate(self._paths()):
            if path.isEmpty() or not path.controlPointRect().intersects(view):
                continue
            style = classes[min(c, len(classes) - 1)]
            fill = style.get("fill")
            painter.setBrush(QBrush(qcolor(fill)) if fill else Qt.BrushStyle.NoBrush)
            painter.setPen(cosmetic_pen(qcolor(style.get("color")), float(style.get("width", 1.0)) * ctx.px,
                                        Qt.PenCapStyle.RoundCap, bool(style.get("dash")), painter))
            painter.drawPath(path)
        painter.restore()
        if data.label_field and ctx.m_per_px < 8:
            self._draw_labels(painter, ctx, data)

    def _draw_labels(self, painter: QPainter, ctx: RenderContext, data: FeatureData) -> None:
        x, y, _ = data.points()
        inside = (x >= ctx.xmin) & (x <= ctx.xmax) & (y >= ctx.ymin) & (y <= ctx.ymax)
        if not inside.any():
            return
        painter.save()
        device_pixels(painter)
        font = label_font(9.0 * ctx.label_scale)
        font.setBold(True)
        painter.setFont(font)
        fm = QFontMetricsF(font)
        px, py = ctx.to_px(x[inside], y[inside])
        ink = qcolor(self.classes()[0].get("color")).darker(150)
        painter.setPen(ink)
        board, priority, opacity = ctx.labels, label_priority(self.layer.name), painter.opacity()
        for name, lx, ly in zip(data.attrs[data.label_field].to_numpy()[inside], px, py):
            if isinstance(name, str) and name:
                w = fm.horizontalAdvance(name)
                rect = QRectF(lx - w / 2 - 1, ly - fm.height() / 2, w + 2, fm.height())
                if board is None:
                    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, name)
                    continue
                board.add((rect.left(), rect.top(), rect.right(), rect.bottom()), priority,
                          lambda p, r=rect, t=name: _draw_label(p, r, t, font, ink), opacity, name)
        painter.restore()
