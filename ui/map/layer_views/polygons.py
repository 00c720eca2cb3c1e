"""Polygon layers (perimeters, sites, key areas, patches, basemap): cached paths per class and grid cell.

A city's polygon layers (green, water, patches, buildings) hold many rings of
many vertices: drawing them whole at every zoom cost up to 20 ms a view. The
rings are grouped into one path per class and cell of a coarse grid (a view
draws only the cells it meets), and from one metre a pixel on, per power-of-two
zoom level, rings are thinned to at most about one vertex per pixel and rings
smaller than a pixel are left out.
"""

from __future__ import annotations

import numpy as np
import shapely
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QFontMetricsF, QPainter, QPaintEngine, QPainterPath, QPolygonF

from gis.label_place import label_priority
from gis.map_prep import FeatureData
from ui.map.layer_views import bands
from ui.map.layer_views.base import LayerView, RenderContext, cosmetic_pen, device_pixels, label_font, qcolor


def _draw_label(painter: QPainter, rect: QRectF, text: str, font, ink) -> None:
    painter.setFont(font)
    painter.setPen(ink)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)


#: Finer than this (metres per pixel) the rings are drawn as they are.
LOD_MIN_MPP = 1.0
#: The layer's extent is cut into GRID × GRID cells, one path per class and cell.
GRID = 16


def lod_level(m_per_px: float) -> int | None:
    """The zoom level whose thinned rings serve ``m_per_px`` (None: full detail)."""
    if m_per_px < LOD_MIN_MPP:
        return None
    return int(np.floor(np.log2(m_per_px)))


def _ring_groups(geoms, codes) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``xy, starts, cls, cell`` of every ring; a polygon's holes share its exterior's cell."""
    geoms = np.asarray(geoms, dtype=object)
    if len(geoms) == 0:
        return np.empty((0, 2)), np.zeros(1, np.int64), np.empty(0, np.int32), np.empty(0, np.int64)
    parts, owner = shapely.get_parts(geoms, return_index=True)
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    xy, idx = shapely.get_coordinates(rings, return_index=True)
    starts = np.concatenate([[0], np.cumsum(np.bincount(idx, minlength=len(rings)))]).astype(np.int64)
    cls = np.asarray(codes, dtype=np.int32)[owner[ring_part]] if len(rings) else np.empty(0, np.int32)
    pb = shapely.bounds(parts)
    cx, cy = (pb[:, 0] + pb[:, 2]) / 2, (pb[:, 1] + pb[:, 3]) / 2
    x0, x1, y0, y1 = np.nanmin(cx), np.nanmax(cx), np.nanmin(cy), np.nanmax(cy)
    gx = np.clip(((cx - x0) / max(x1 - x0, 1e-9) * GRID).astype(np.int64), 0, GRID - 1)
    gy = np.clip(((cy - y0) / max(y1 - y0, 1e-9) * GRID).astype(np.int64), 0, GRID - 1)
    cell = (gy * GRID + gx)[ring_part]
    return np.ascontiguousarray(xy), starts, cls, cell


def thin_rings(xy: np.ndarray, starts: np.ndarray, tol: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rings with at most one vertex per ``tol`` × ``tol`` square in a row; rings smaller than ``tol`` dropped.

    Returns ``xy, starts`` of the kept rings and the indices of the kept rings.
    """
    n = len(starts) - 1
    counts = np.diff(starts)
    ring = np.repeat(np.arange(n), counts)
    q = np.floor(xy / tol).astype(np.int64)
    keep = np.ones(len(xy), bool)
    if len(xy) > 1:
        keep[1:] = (q[1:] != q[:-1]).any(axis=1) | (ring[1:] != ring[:-1])
    last = starts[1:] - 1
    keep[last[counts > 0]] = True  # a ring stays closed
    new_counts = np.bincount(ring[keep], minlength=n)
    # A ring's extent: larger than tol in some direction to be worth a path.
    big = np.zeros(n, bool)
    if len(xy):
        seg_start = starts[:-1][counts > 0]
        mx = np.maximum.reduceat(xy, seg_start)
        mn = np.minimum.reduceat(xy, seg_start)
        big[counts > 0] = ((mx - mn) >= tol).any(axis=1)
    kept = np.nonzero((new_counts >= 4) & big)[0]
    vkeep = keep & np.isin(ring, kept)
    out_counts = new_counts[kept]
    return (np.ascontiguousarray(xy[vkeep]), np.concatenate([[0], np.cumsum(out_counts)]).astype(np.int64), kept)


class PolygonLayerView(LayerView):
    """Fills and outlines; the paths are built once per data/style change and zoom level."""

    frame_bandable = True

    def _groups(self):
        def build():
            data: FeatureData = self.layer.data
            return _ring_groups(data.geoms, data.codes)
        return self.cached("groups", build)

    def _paths(self, m_per_px: float = 0.0) -> list[tuple[int, QPainterPath, QRectF]]:
        """``(class, path, bounds)`` per class and grid cell, classes in drawing order."""
        level = lod_level(m_per_px)
        groups = self._groups()  # outside the cache's lock (it is not re-entrant)

        def build():
            xy, starts, cls, cell = groups
            if level is not None:
                xy, starts, kept = thin_rings(xy, starts, 2.0 ** level)
                cls, cell = cls[kept], cell[kept]
            key = cls.astype(np.int64) * GRID * GRID + cell
            order = np.argsort(key, kind="stable")
            out: list[tuple[int, QPainterPath, QRectF]] = []
            coords = xy.tolist()
            current, path = None, None
            for i in order:
                if key[i] != current:
                    current = key[i]
                    path = QPainterPath()
                    path.setFillRule(Qt.FillRule.OddEvenFill)
                    out.append((int(cls[i]), path, None))
                a, b = starts[i], starts[i + 1]
                path.addPolygon(QPolygonF([QPointF(x, y) for x, y in coords[a:b]]))
            for _, p, _ in out:
                bands.warm_path(p)  # two bands of a frame may draw it at once
            return [(c, p, p.controlPointRect()) for c, p, _ in out]
        return self.cached(("paths", level), build)

    def draw(self, painter: QPainter, ctx: RenderContext) -> None:
        data: FeatureData = self.layer.data
        if data is None or len(data) == 0:
            return
        painter.save()
        painter.setTransform(ctx.transform)
        classes = self.classes()
        view = QRectF(ctx.xmin, ctx.ymin, ctx.xmax - ctx.xmin, ctx.ymax - ctx.ymin)
        styled = None
        # Antialiased, a fill costs several times a plain one (coverage of every edge span): fill
        # without it and stroke the outline antialiased over the fill's edge, which it covers.
        split = painter.testRenderHint(QPainter.RenderHint.Antialiasing) and not painter.paintEngine().type() in (
            QPaintEngine.Type.Pdf, QPaintEngine.Type.Picture)
        for c, path, bounds in self._paths((ctx.xmax - ctx.xmin) / max(ctx.width, 1)):  # device pixels (print: finer)
            if path.isEmpty() or not bounds.intersects(view):
                continue
            if c != styled:
                styled = c
                style = classes[min(c, len(classes) - 1)]
                fill = style.get("fill")
                brush = QBrush(qcolor(fill)) if fill else None
                pen = cosmetic_pen(qcolor(style.get("color")), float(style.get("width", 1.0)) * ctx.px,
                                   Qt.PenCapStyle.RoundCap, bool(style.get("dash")), painter)
                painter.setBrush(brush if brush is not None else Qt.BrushStyle.NoBrush)
                painter.setPen(pen)
            if split and brush is not None:
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
                bands.fill_path(painter, path, brush)
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                bands.stroke_path(painter, path, pen)
            else:
                bands.draw_path(painter, path)
        painter.restore()
        if not ctx.labels_later:
            self.draw_labels(painter, ctx)

    def draw_labels(self, painter: QPainter, ctx: RenderContext) -> None:
        data: FeatureData = self.layer.data
        if data is not None and len(data) and data.label_field and ctx.m_per_px < 8:
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
