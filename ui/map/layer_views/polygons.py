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
from PySide6.QtGui import QBrush, QFontMetricsF, QPainter, QPaintEngine, QPainterPath, QPen, QPolygonF

from gis.label_place import label_priority
from gis.map_prep import FeatureData
from ui.map.layer_views import bands
from ui.map.layer_views.base import (
    LayerView, RenderContext, cosmetic_pen, device_pixels, draw_lines_array, label_font, qcolor,
)


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


#: Qt's ``DashLine``: a dash 4 pen widths long, a gap of 2.
DASH, GAP = 4.0, 2.0


def dash_segments(xy: np.ndarray, starts: np.ndarray, width: float) -> np.ndarray:
    """The dashes Qt draws along each ring of ``xy`` (device pixels) with a ``width`` px dashed pen, as
    ``(N, 4)`` line segments: the pattern starts at each ring's first vertex with a dash and runs on
    round its corners (a dash over a corner is two segments)."""
    on, period = DASH * max(width, 1.0), (DASH + GAP) * max(width, 1.0)
    out = []
    for a, b in zip(starts[:-1].tolist(), starts[1:].tolist()):
        pts = xy[a:b]
        if len(pts) < 2:
            continue
        cum = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(pts, axis=0).T))])
        if cum[-1] <= 0:
            continue
        dashes = np.arange(0.0, cum[-1], period)
        cuts = np.unique(np.concatenate([dashes, np.minimum(dashes + on, cum[-1]), cum]))
        mids = (cuts[:-1] + cuts[1:]) / 2
        x, y = np.interp(cuts, cum, pts[:, 0]), np.interp(cuts, cum, pts[:, 1])
        out.append(np.column_stack([x[:-1], y[:-1], x[1:], y[1:]])[np.mod(mids, period) < on])
    return np.ascontiguousarray(np.concatenate(out)) if out else np.empty((0, 4))


class PolygonLayerView(LayerView):
    """Fills and outlines; the paths are built once per data/style change and zoom level."""

    frame_bandable = True

    def _groups(self):
        def build():
            data: FeatureData = self.layer.data
            return _ring_groups(data.geoms, data.codes)
        return self.cached("groups", build)

    def _paths(self, m_per_px: float = 0.0) -> list[tuple[int, QPainterPath, QRectF, tuple | None]]:
        """``(class, path, bounds, rings)`` per class and grid cell, classes in drawing order; ``rings``
        (``xy, starts``, map units) for a dashed class's outlines, else None."""
        level = lod_level(m_per_px)
        groups = self._groups()  # outside the cache's lock (it is not re-entrant)
        dashed = {i for i, style in enumerate(self.classes()) if style.get("dash")}

        def build():
            xy, starts, cls, cell = groups
            if level is not None:
                xy, starts, kept = thin_rings(xy, starts, 2.0 ** level)
                cls, cell = cls[kept], cell[kept]
            key = cls.astype(np.int64) * GRID * GRID + cell
            order = np.argsort(key, kind="stable")
            out: list[list] = []
            coords = xy.tolist()
            current, path = None, None
            for i in order:
                if key[i] != current:
                    current = key[i]
                    path = QPainterPath()
                    path.setFillRule(Qt.FillRule.OddEvenFill)
                    out.append([int(cls[i]), path, []])
                a, b = starts[i], starts[i + 1]
                path.addPolygon(QPolygonF([QPointF(x, y) for x, y in coords[a:b]]))
                out[-1][2].append(i)
            entries = []
            for c, p, rings in out:
                bands.warm_path(p)  # two bands of a frame may draw it at once
                own = None
                if min(c, len(self.classes()) - 1) in dashed:
                    counts = np.diff(starts)[rings]
                    own = (np.concatenate([xy[starts[i]:starts[i + 1]] for i in rings]),
                           np.concatenate([[0], np.cumsum(counts)]))
                entries.append((c, p, p.controlPointRect(), own))
            return entries
        return self.cached(("paths", level), build)

    @staticmethod
    def _stroke_dashes(painter: QPainter, ctx: RenderContext, rings: tuple, pen) -> None:
        """A dashed outline as Qt dashes it, drawn as solid dash segments (Qt's dasher took ~2.5 ms for the
        key areas' three outlines at 4 km on a 4K frame, and a band of a frame dashes the whole outline)."""
        xy, starts = rings
        # Only the rings in view (a cell's path holds every ring of the cell; this runs every render).
        counts = np.diff(starts)
        lo, hi = np.minimum.reduceat(xy, starts[:-1]), np.maximum.reduceat(xy, starts[:-1])
        reach = pen.widthF() * ctx.m_per_px
        seen = ((hi[:, 0] >= ctx.xmin - reach) & (lo[:, 0] <= ctx.xmax + reach)
                & (hi[:, 1] >= ctx.ymin - reach) & (lo[:, 1] <= ctx.ymax + reach) & (counts > 0))
        if not seen.any():
            return
        if not seen.all():
            xy = xy[np.repeat(seen, counts)]
            starts = np.concatenate([[0], np.cumsum(counts[seen])])
        t = ctx.transform
        device = np.column_stack([xy[:, 0] * t.m11() + t.dx(), xy[:, 1] * t.m22() + t.dy()])
        segments = dash_segments(device, starts, pen.widthF())
        if not len(segments):
            return
        solid = QPen(pen)
        solid.setStyle(Qt.PenStyle.SolidLine)
        painter.save()
        device_pixels(painter)
        painter.setPen(solid)
        draw_lines_array(painter, segments, 0, len(segments))
        painter.restore()

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
        for c, path, bounds, rings in self._paths((ctx.xmax - ctx.xmin) / max(ctx.width, 1)):  # device pixels (print: finer)
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
                # Wider than a pixel Qt dashes the outline as a path (slow); up to one pixel its
                # line stepper dashes it quickly, its own way.
                if (rings is not None and pen.isCosmetic() and pen.style() == Qt.PenStyle.DashLine
                        and pen.widthF() > 1.0):
                    self._stroke_dashes(painter, ctx, rings, pen)
                else:
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
