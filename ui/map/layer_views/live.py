"""Live layer: patrollers and repair vehicles drawn over the cached map image.

This runs in the canvas's paint event every frame, so it draws straight from
the position arrays (a few hundred icons) and never touches the pipe tiles.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPen, QPolygonF

from gis.label_place import place_labels
from gis.map_styles import VEHICLE_COLOUR
from gis.stacking import stacked_groups
from models.map_layers import LiveLayerData
from ui.map.layer_views.base import label_font

VEHICLE = QColor(VEHICLE_COLOUR)
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
        drawn += 1
    _draw_labels(painter, data, px, py, np.nonzero(inside)[0], fm, r)
    painter.restore()
    return drawn


def live_label_boxes(data: LiveLayerData, px, py, rows, fm: QFontMetricsF, r: float):
    """The label of each icon in ``rows``: ``(rows, texts, boxes, priority)``, stacked icons sharing one label.

    Icons within :data:`gis.stacking.STACK_M` of each other (vehicles parked at
    one depot) get one label, the first code and the count ("RV01 +3"); label
    boxes are the measured text plus padding, so nothing is clipped.
    """
    rows = np.asarray(rows, dtype=np.int64)
    out_rows, texts, boxes, prio = [], [], [], []
    if len(rows) == 0:
        return out_rows, texts, np.zeros((0, 4)), np.zeros(0)
    groups = stacked_groups(data.x[rows], data.y[rows])
    for g in groups:
        members = rows[g]
        labelled = [i for i in members if data.labels[i]]
        if not labelled:
            continue
        i = labelled[0]
        text = str(data.labels[i]) if len(members) == 1 else f"{data.labels[i]} +{len(members) - 1}"
        w = fm.horizontalAdvance(text) + 8
        x, y = float(px[i]), float(py[i])
        out_rows.append(int(i))
        texts.append(text)
        boxes.append((x - w / 2, y + r + 2, x + w / 2, y + r + 4 + fm.height()))
        selected = data.selected is not None and any(data.ids[j] == data.selected for j in members)
        prio.append(3 if selected else 0 if data.stale[i] else 2 if data.kinds[i] != "patroller" else 1)
    return out_rows, texts, np.asarray(boxes, float).reshape(-1, 4), np.asarray(prio, float)


def _draw_labels(painter: QPainter, data: LiveLayerData, px, py, rows, fm: QFontMetricsF, r: float) -> None:
    """Labels under the icons, no two overlapping (selected, then vehicles, patrollers, stale ones)."""
    out_rows, texts, boxes, prio = live_label_boxes(data, px, py, rows, fm, r)
    if not out_rows:
        return
    keep = place_labels(boxes, prio)
    for k in np.nonzero(keep)[0]:
        x0, y0, x1, y1 = boxes[k]
        rect = QRectF(x0, y0, x1 - x0, y1 - y0)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(255, 255, 255, 210))
        painter.drawRoundedRect(rect, 3, 3)
        painter.setPen(QColor("#555555") if data.stale[out_rows[k]] else QColor("#111111"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, texts[k])


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
