"""Point layers (valves, hydrants, important users): culled with numpy, drawn as one call per class."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter

from gis.label_place import label_priority
from gis.map_prep import FeatureData
from ui.map.layer_views.base import (
    LayerView, RenderContext, cosmetic_pen, device_pixels, draw_points_array, halo_text, label_font, qcolor,
)


def _halo_text(painter: QPainter, rect: QRectF, text: str, font, ink: QColor, align) -> None:
    """Text with a thin light halo (readable over pipes and fills)."""
    painter.setFont(font)
    halo_text(painter, rect, align | Qt.AlignmentFlag.AlignVCenter, text, ink, QColor(255, 255, 255, 200))


class PointLayerView(LayerView):
    """Round or square markers with a dark rim; optional name labels."""

    frame_bandable = True

    def _inside(self, ctx: RenderContext):
        """``data, inside, px, py``: the points in view and their device pixels (None: none in view)."""
        data: FeatureData = self.layer.data
        if data is None or len(data) == 0:
            return None
        x, y, _ = data.points()
        inside = (x >= ctx.xmin) & (x <= ctx.xmax) & (y >= ctx.ymin) & (y <= ctx.ymax)
        if not inside.any():
            return None
        px, py = ctx.to_px(x[inside], y[inside])
        return data, inside, px, py

    def draw(self, painter: QPainter, ctx: RenderContext) -> None:
        found = self._inside(ctx)
        if found is None:
            return
        data, inside, px, py = found
        cls = data.points()[2]
        c_in = cls[inside]
        cap = Qt.PenCapStyle.SquareCap if self.layer.style.get("shape") == "square" else Qt.PenCapStyle.RoundCap
        painter.save()
        device_pixels(painter)
        classes = self.classes()
        for c, style in enumerate(classes):
            m = c_in == c
            if not m.any():
                continue
            xy = np.ascontiguousarray(np.column_stack([px[m], py[m]]))
            size = float(style.get("size", 6.0)) * ctx.px
            painter.setPen(cosmetic_pen(QColor(40, 40, 40), size + 2 * ctx.px, cap, painter=painter))
            draw_points_array(painter, xy)
            painter.setPen(cosmetic_pen(qcolor(style.get("color")), size, cap, painter=painter))
            draw_points_array(painter, xy)
        painter.restore()
        if not ctx.labels_later:
            self.draw_labels(painter, ctx)

    def draw_labels(self, painter: QPainter, ctx: RenderContext) -> None:
        data: FeatureData = self.layer.data
        if data is None or not data.label_field or ctx.m_per_px >= 5:
            return
        found = self._inside(ctx)
        if found is None:
            return
        data, inside, px, py = found
        painter.save()
        device_pixels(painter)
        self._draw_labels(painter, ctx, data, inside, px, py)
        painter.restore()

    def _draw_labels(self, painter, ctx, data, inside, px, py) -> None:
        font = label_font(8.5 * ctx.label_scale)
        painter.setFont(font)
        fm = QFontMetricsF(font)
        names = data.attrs[data.label_field].to_numpy()[inside]
        ink = QColor(30, 30, 30)
        painter.setPen(ink)
        board, priority, opacity = ctx.labels, label_priority(self.layer.name), painter.opacity()
        offset = 7.0 * ctx.label_scale
        for name, x, y in list(zip(names, px, py))[:300]:
            if isinstance(name, str) and name:
                w = fm.horizontalAdvance(name)
                # The box is the text's own measured advance (a label never clips its last glyph: "RV07:").
                rect = QRectF(x + offset, y - fm.height() / 2, w + 2, fm.height())
                if board is None:
                    painter.drawText(rect, name)
                    continue
                board.add((rect.left(), rect.top(), rect.right(), rect.bottom()), priority,
                          lambda p, r=rect, t=name: _halo_text(p, r, t, font, ink, Qt.AlignmentFlag.AlignLeft),
                          opacity, name)
