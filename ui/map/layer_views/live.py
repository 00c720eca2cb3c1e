"""Live layer: patrollers and repair vehicles drawn over the cached map image.

This runs in the canvas's paint event every frame, so it draws straight from
the position arrays (a few hundred icons) and never touches the pipe tiles.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPen, QPolygonF

from models.map_layers import LiveLayerData
from ui.map.layer_views.base import label_font

VEHICLE = QColor("#d35400")
PATROLLER = QColor("#1e8449")
STALE = QColor("#9e9e9e")
SELECTED = QColor("#f1c40f")


def draw_live(painter: QPainter, data: LiveLayerData, to_px, width: int, height: int, opacity: float = 1.0,
              scale: float = 1.0) -> int:
    """Draw every live position; returns how many icons were drawn.

    Parameters
    ----------
    to_px
        Callable mapping map x, y arrays to device pixels.
    scale
        Size factor (1 on screen, more on the wall display or paper).
    """
    if len(data) == 0:
        return 0
    px, py = to_px(data.x, data.y)
    inside = (px > -20) & (px < width + 20) & (py > -20) & (py < height + 20)
    painter.save()
    painter.setOpacity(opacity)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    font = label_font(8.0 * scale)
    painter.setFont(font)
    fm = QFontMetricsF(font)
    r = 7.0 * scale
    # A followed drill's patrollers (a hundred or more, no label, no heading): two calls, not one per icon.
    crowd = inside & (data.kinds == "drill_patroller")
    drawn = _draw_dots(painter, px[crowd], py[crowd], data.stale[crowd], r * 0.75)
    inside &= ~crowd
    for i in np.nonzero(inside)[0]:
        x, y = float(px[i]), float(py[i])
        stale = bool(data.stale[i])
        color = STALE if stale else (PATROLLER if data.kinds[i] == "patroller" else VEHICLE)
        if data.selected is not None and data.ids[i] == data.selected:
            painter.setPen(QPen(SELECTED, 3 * scale))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QPointF(x, y), r * 1.9, r * 1.9)
        painter.setPen(QPen(QColor("white"), 1.5 * scale))
        painter.setBrush(QBrush(color))
        heading = data.heading[i]
        if np.isfinite(heading):
            a = np.radians(heading)  # clockwise from north; screen y grows downwards
            dx, dy = np.sin(a), -np.cos(a)
            tip = QPointF(x + dx * r * 1.5, y + dy * r * 1.5)
            left = QPointF(x - dx * r - dy * r, y - dy * r + dx * r)
            right = QPointF(x - dx * r + dy * r, y - dy * r - dx * r)
            painter.drawPolygon(QPolygonF([tip, left, QPointF(x - dx * r * 0.4, y - dy * r * 0.4), right]))
        else:
            painter.drawEllipse(QPointF(x, y), r, r)
        label = data.labels[i]
        if label:
            text = str(label)
            w = fm.horizontalAdvance(text) + 6
            rect = QRectF(x - w / 2, y + r + 2, w, fm.height() + 2)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(255, 255, 255, 210))
            painter.drawRoundedRect(rect, 3, 3)
            painter.setPen(QColor("#555555") if stale else QColor("#111111"))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        drawn += 1
    painter.restore()
    return drawn


def _draw_dots(painter: QPainter, px: np.ndarray, py: np.ndarray, stale: np.ndarray, r: float) -> int:
    """Plain patroller dots with a white rim, all in a few ``drawPoints`` calls; returns how many."""
    if len(px) == 0:
        return 0
    for color, sel in ((STALE, stale.astype(bool)), (PATROLLER, ~stale.astype(bool))):
        if not sel.any():
            continue
        points = QPolygonF([QPointF(float(x), float(y)) for x, y in zip(px[sel], py[sel])])
        for pen_color, width in ((QColor("white"), 2 * r + 3), (color, 2 * r)):
            pen = QPen(pen_color, width)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            painter.drawPoints(points)
    return int(len(px))
