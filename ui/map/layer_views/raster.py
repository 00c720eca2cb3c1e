"""Raster tile layer: Web Mercator tiles warped onto the local metric map (GCJ-02 aware)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainter, QPolygonF, QTransform

from gis.coords import PolynomialProjector, Projector, gcj02_to_wgs84, lonlat_to_tile, tile_bounds_lonlat, wgs84_to_gcj02, zoom_for_resolution
from ui.map.layer_views.base import LayerView, RenderContext
from ui.map.tiles import TileManager


class RasterTileView(LayerView):
    """Draws the tiles in memory; asks the manager for the rest (never waits).

    ``layer.data`` is a :class:`RasterLayerData` (tile manager + projector).
    """

    def draw(self, painter: QPainter, ctx: RenderContext) -> None:
        rd = self.layer.data
        if rd is None:
            return
        manager: TileManager = rd.manager
        proj: PolynomialProjector = rd.projector
        xs = np.array([ctx.xmin, ctx.xmax, ctx.xmin, ctx.xmax])
        ys = np.array([ctx.ymin, ctx.ymin, ctx.ymax, ctx.ymax])
        lon, lat = proj.to_wgs84(xs, ys)
        if manager.source.gcj02:
            lon, lat = wgs84_to_gcj02(lon, lat)
        z = min(manager.source.max_zoom, zoom_for_resolution(ctx.m_per_px / ctx.px, float(np.mean(lat))))
        tx, ty = lonlat_to_tile(lon, lat, z)
        x0, x1 = int(np.floor(tx.min())), int(np.floor(tx.max()))
        y0, y1 = int(np.floor(ty.min())), int(np.floor(ty.max()))
        if (x1 - x0 + 1) * (y1 - y0 + 1) > 400:  # refuse absurd requests (zoomed far out)
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        size = manager.source.tile_size
        src = QPolygonF([QPointF(0, 0), QPointF(size, 0), QPointF(size, size), QPointF(0, size)])
        for x in range(x0, x1 + 1):
            for y in range(y0, y1 + 1):
                img = manager.get(z, x, y)
                if img is None:
                    ctx.incomplete = True
                    continue
                w, s, e, n = tile_bounds_lonlat(z, x, y)
                clon, clat = np.array([w, e, e, w]), np.array([n, n, s, s])
                if manager.source.gcj02:
                    clon, clat = gcj02_to_wgs84(clon, clat)
                mx, my = proj.to_local(clon, clat)
                px, py = ctx.to_px(mx, my)
                dst = QPolygonF([QPointF(float(a), float(b)) for a, b in zip(px, py)])
                t = QTransform.quadToQuad(src, dst)
                if isinstance(t, QTransform):
                    painter.setTransform(t)
                    painter.drawImage(QRectF(0, 0, size, size), img)
        painter.restore()


class RasterLayerData:
    """What a raster layer holds: its tile manager and a thread-safe projector for the area.

    Build it on the GUI thread: PROJ must not be called from the render thread,
    so the view uses a :class:`~gis.coords.PolynomialProjector` fitted here over
    ``bounds`` (the map's data extent, local metres).
    """

    def __init__(self, manager: TileManager, projector: Projector,
                 bounds: tuple[float, float, float, float]) -> None:
        self.manager = manager
        self.projector = PolynomialProjector(projector, bounds)
