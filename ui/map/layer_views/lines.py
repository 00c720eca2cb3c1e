"""Line layers (pipes, streets, routes, key roads): tiled segments, overviews, labels, arrows."""

from __future__ import annotations

import numpy as np
import shapely
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPainter, QPolygonF, QTransform

from gis.label_place import label_priority
from gis.map_prep import RASTER_ALWAYS_CELL, VECTOR_BUDGET, ClassRaster, FeatureData
from ui.map.layer_views import bands
from ui.map.layer_views.base import (
    device_pixels,
    LayerView, RenderContext, cosmetic_pen, draw_lines_array, halo_text, label_font, qcolor,
)


def _street_label(painter: QPainter, transform: QTransform, text: str, w: float, h: float, font, color, halo,
                  sprite: QImage | None = None) -> None:
    """A street name along its street, with a light halo (blitted from ``sprite`` when given)."""
    painter.setTransform(transform)
    if sprite is not None:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        painter.drawImage(QPointF(-sprite.width() / 2, -sprite.height() / 2), sprite)
        return
    painter.setFont(font)
    halo_text(painter, QRectF(-w / 2, -h / 2, w, h), Qt.AlignmentFlag.AlignCenter, text, color, halo)


#: Up to this many candidate segments, cull exactly with numpy before drawing.
EXACT_CULL_MAX = 200_000


def _cull(seg: np.ndarray, slices: list[tuple[int, int]], box) -> np.ndarray:
    """The segments of ``slices`` whose bounding box meets ``box``, as a contiguous array."""
    if not slices:
        return np.empty((0, 4))
    cand = np.concatenate([seg[a:b] for a, b in slices]) if len(slices) > 1 else seg[slices[0][0]:slices[0][1]]
    xmin, ymin, xmax, ymax = box
    x0, y0, x1, y1 = cand[:, 0], cand[:, 1], cand[:, 2], cand[:, 3]
    keep = ((np.maximum(x0, x1) >= xmin) & (np.minimum(x0, x1) <= xmax)
            & (np.maximum(y0, y1) >= ymin) & (np.minimum(y0, y1) <= ymax))
    return np.ascontiguousarray(cand[keep])


def _label_sprite(text: str, font, color: QColor, halo: QColor) -> QImage:
    """A street name with its white halo, upright, on a transparent image (2 px margin)."""
    fm = QFontMetricsF(font)
    w, h = int(np.ceil(fm.horizontalAdvance(text))) + 4, int(np.ceil(fm.height())) + 4
    image = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    p.setFont(font)
    halo_text(p, QRectF(0, 0, w, h), Qt.AlignmentFlag.AlignCenter, text, color, halo)
    p.end()
    return image


def _turned_sprite(sprite: QImage, angle: float) -> QImage:
    """``sprite`` turned ``angle`` degrees anticlockwise about its centre, on a transparent image of its turned box."""
    sw, sh = sprite.width(), sprite.height()
    box = QTransform().rotate(-angle).mapRect(QRectF(-sw / 2, -sh / 2, sw, sh))
    w, h = int(np.ceil(box.width())) + 2, int(np.ceil(box.height())) + 2
    image = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
    p.translate(w / 2, h / 2)
    p.rotate(-angle)
    p.drawImage(QPointF(-sw / 2, -sh / 2), sprite)
    p.end()
    return image


def _blit_centred(painter: QPainter, x: float, y: float, image: QImage) -> None:
    """``image`` centred on device pixel ``(x, y)``, unscaled and unturned (a plain copy)."""
    painter.setTransform(QTransform())
    painter.drawImage(QPointF(round(x - image.width() / 2), round(y - image.height() / 2)), image)


#: Street names turned once per name, size and whole degree, kept up to this many (a few MB).
TURNED_MAX = 3000


class LineLayerView(LayerView):
    """Draws only the grid tiles in view, from flat arrays; a class raster at small scales."""

    frame_bandable = True

    def _widths(self, texts: list[str], font, fm: QFontMetricsF) -> list[float]:
        """Each text's advance in ``font`` (kept per text and size: measuring is a few µs a label)."""
        key = ("widths", font.pointSizeF(), tuple(font.families()))
        with self._lock:
            known = self._cache.setdefault(key, {})
        out = []
        for t in texts:
            w = known.get(t)
            if w is None:
                w = known[t] = fm.horizontalAdvance(t)
            out.append(w)
        return out

    def _turned(self, key, sprite: QImage) -> QImage:
        """The turned street-name sprite for ``key`` (its last item is the angle), built on first use."""
        with self._lock:
            turned = self._cache.setdefault(("turned",), {})  # their own dict: counted without a scan
            image = turned.get(key)
            if image is None:
                if len(turned) > TURNED_MAX:
                    turned.clear()
                image = turned[key] = _turned_sprite(sprite, key[-1])
            return image

    def _raster_table(self, shades: int) -> list[int]:
        """The colour table of a class raster (QRgb per value: 0 transparent, then each class's shades)."""
        def build() -> list[int]:
            table = [0]
            for cls in self.classes():
                color = qcolor(cls.get("color"))
                for k in range(1, shades + 1):
                    shade = QColor(color)
                    shade.setAlphaF(color.alphaF() * k / shades)
                    table.append(shade.rgba())
            return (table + [0] * 256)[:256]
        return self.cached(("raster_table", shades), build)

    def _draw_raster(self, painter: QPainter, ctx: RenderContext, raster: ClassRaster) -> None:
        """Blit the cells in view only (the grid may be memory-mapped and far bigger than the screen)."""
        h, w = raster.grid.shape
        cell = raster.cell
        c0 = max(int(np.floor((ctx.xmin - raster.xmin) / cell)) - 1, 0)
        c1 = min(int(np.ceil((ctx.xmax - raster.xmin) / cell)) + 1, w)
        r0 = max(int(np.floor((raster.ymax - ctx.ymax) / cell)) - 1, 0)
        r1 = min(int(np.ceil((raster.ymax - ctx.ymin) / cell)) + 1, h)
        if c0 >= c1 or r0 >= r1:
            return
        # The class grid itself, read in place (rows ``strides[0]`` apart in the whole grid: no copy) as an
        # 8-bit indexed image whose colour table is the classes' colours: Qt converts it to colour (a numpy
        # colour lookup first cost ~4 ms a full-screen view) and scales it, in bands on a wall-sized view.
        cells = raster.grid[r0:r1, c0:c1]
        xs = np.array([raster.xmin + c0 * cell, raster.xmin + c1 * cell])
        ys = np.array([raster.ymax - r0 * cell, raster.ymax - r1 * cell])
        (x0, x1), (y0, y1) = ctx.to_px(xs, ys)
        device_pixels(painter)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        bands.draw_cells(painter, cells, self._raster_table(raster.shades), (x0, y0, x1, y1))

    def draw(self, painter: QPainter, ctx: RenderContext) -> None:
        data: FeatureData = self.layer.data
        if data is None or len(data) == 0:
            return
        if not data.levels_ready():
            ctx.incomplete = True  # a city's pipes still being prepared: the canvas redraws when they are
            return
        levels = data.line_levels()
        mpp = ctx.m_per_px
        # Decided by the whole view (a band of it draws what the view draws).
        raster = levels.raster_for_view(mpp, ctx.view_box)
        painter.save()
        painter.setTransform(ctx.transform)
        classes = self.classes()
        tiles = levels.for_resolution(mpp)
        drawn = range(tiles.n_classes)
        if raster is not None:
            self._draw_raster(painter, ctx, raster)
            painter.setTransform(ctx.transform)
            # Over a fine raster a class drawn wider than the raster drew it (restyled, or a raster of
            # one-cell lines) keeps its width as lines, when they are few.
            drawn = [] if raster.cell >= RASTER_ALWAYS_CELL else [
                c for c in drawn if float(classes[min(c, len(classes) - 1)].get("width", 1.0))
                > raster.width_of(c) + 0.01]
            if sum(b - a for c in drawn for a, b in tiles.row_slices(c, *ctx.view_box)) > VECTOR_BUDGET // 4:
                drawn = []
        if drawn:
            box = (ctx.xmin, ctx.ymin, ctx.xmax, ctx.ymax)
            for c in drawn:
                if ctx.cancelled():
                    break
                style = classes[min(c, len(classes) - 1)]
                painter.setPen(cosmetic_pen(qcolor(style.get("color")), float(style.get("width", 1.0)) * ctx.px,
                                            dash=bool(style.get("dash")), painter=painter))
                slices = list(tiles.row_slices(c, *box))
                if sum(b - a for a, b in slices) <= EXACT_CULL_MAX:
                    # Few segments: cull them exactly to the view (tiles overhang it by
                    # up to a tile on each side, ~40 % extra at a 1 km view).
                    part = _cull(tiles.seg, slices, box)
                    draw_lines_array(painter, part, 0, len(part))
                else:
                    for a, b in slices:
                        draw_lines_array(painter, tiles.seg, a, b)
        painter.restore()
        if self.layer.style.get("arrows") and mpp < 20:
            self._draw_arrows(painter, ctx, data)
        if not ctx.labels_later:
            self.draw_labels(painter, ctx)

    def draw_labels(self, painter: QPainter, ctx: RenderContext) -> None:
        data: FeatureData = self.layer.data
        if (data is not None and len(data) and data.label_field
                and ctx.m_per_px <= float(self.layer.style.get("label_max_m_per_px", 2.5))):
            self._draw_labels(painter, ctx, data)

    def _draw_arrows(self, painter: QPainter, ctx: RenderContext, data: FeatureData) -> None:
        """Direction chevrons every ~90 px along each line (routes are few: per-feature is fine)."""
        spacing = 90 * ctx.m_per_px
        box = shapely.box(ctx.xmin, ctx.ymin, ctx.xmax, ctx.ymax)
        color = qcolor(self.classes()[0].get("color"))
        painter.save()
        painter.setPen(cosmetic_pen(QColor("white"), 1.0 * ctx.px, painter=painter))
        painter.setBrush(color.darker(130))
        size = 6 * ctx.px
        for geom in data.geoms[shapely.intersects(data.geoms, box)]:
            for line in shapely.get_parts(geom):
                length = line.length
                d = np.arange(spacing / 2, length, spacing)
                if len(d) == 0:
                    continue
                p = shapely.get_coordinates(shapely.line_interpolate_point(line, d))
                # Only the chevrons in view (a route runs far beyond it; a band of a frame draws its own).
                reach = 2 * size * ctx.m_per_px / ctx.px
                near = ((p[:, 0] > ctx.xmin - reach) & (p[:, 0] < ctx.xmax + reach)
                        & (p[:, 1] > ctx.ymin - reach) & (p[:, 1] < ctx.ymax + reach))
                if not near.any():
                    continue
                d, p = d[near], p[near]
                q = shapely.get_coordinates(shapely.line_interpolate_point(line, np.minimum(d + 1.0, length)))
                px, py = ctx.to_px(p[:, 0], p[:, 1])
                qx, qy = ctx.to_px(q[:, 0], q[:, 1])
                ang = np.arctan2(qy - py, qx - px)
                ca, sa = np.cos(ang) * size, np.sin(ang) * size  # in numpy: per arrow it was most of the time
                corners = np.stack([px + ca, py + sa, px - ca - sa * 0.8, py - sa + ca * 0.8, px, py,
                                    px - ca + sa * 0.8, py - sa - ca * 0.8], axis=1).tolist()
                for tx, ty, lx, ly, x, y, rx, ry in corners:
                    painter.drawPolygon(QPolygonF([QPointF(tx, ty), QPointF(lx, ly), QPointF(x, y), QPointF(rx, ry)]))
        painter.restore()

    def _draw_labels(self, painter: QPainter, ctx: RenderContext, data: FeatureData) -> None:
        """Street names along the line, longest streets first, no two labels overlapping."""
        labels = data.labels()
        if labels is None or len(labels.x) == 0:
            return
        inside = (labels.x > ctx.xmin) & (labels.x < ctx.xmax) & (labels.y > ctx.ymin) & (labels.y < ctx.ymax)
        idx = np.nonzero(inside)[0][:400]
        if len(idx) == 0:
            return
        font = label_font(8.0 * ctx.label_scale)
        painter.save()
        painter.setFont(font)
        fm = QFontMetricsF(font)
        px, py = ctx.to_px(labels.x[idx], labels.y[idx])
        taken: list[QRectF] = []
        color = qcolor(self.layer.style.get("label_color"), "#444444")
        halo = QColor(255, 255, 255, 200)
        board, priority, opacity = ctx.labels, label_priority(self.layer.name), painter.opacity()
        h = fm.height()
        size = font.pointSizeF()
        # Per label in numpy/lists up front (numpy scalars one by one were most of this loop's time).
        texts = [str(t) for t in labels.text[idx]]
        on_screen = (labels.length[idx] / ctx.m_per_px).tolist()
        angles = labels.angle[idx]
        a = np.radians(angles)
        cos, sin = np.abs(np.cos(a)).tolist(), np.abs(np.sin(a)).tolist()
        degrees = (np.rint(angles).astype(np.int64) % 360).tolist()
        xs, ys = px.tolist(), py.tolist()
        widths = self._widths(texts, font, fm)
        for k, i in enumerate(idx):
            text, w = texts[k], widths[k]
            if on_screen[k] < w * 0.8:
                continue  # the street is shorter on screen than its name
            if board is not None and ctx.px == 1.0:
                # The rotated text's upright bounding box, placed with every other layer's labels; on
                # screen the name with its halo is drawn once per name and size, turned once per whole
                # degree, then blitted (turning it while drawing was most of the label board's time).
                bw, bh = w * cos[k] + h * sin[k], w * sin[k] + h * cos[k]
                x, y = xs[k], ys[k]
                key = ("turned", text, size, color.rgba(), degrees[k])
                board.add((x - bw / 2, y - bh / 2, x + bw / 2, y + bh / 2), priority,
                          lambda p, x=x, y=y, key=key, t=text: _blit_centred(p, x, y, self._turned(key, self.cached(
                              ("label", t, size, color.rgba()), lambda: _label_sprite(t, font, color, halo)))),
                          opacity, text)
                continue
            transform = QTransform().translate(px[k], py[k]).rotate(-labels.angle[i])
            sprite = None if ctx.px != 1.0 else self.cached(
                ("label", text, size, color.rgba()), lambda t=text: _label_sprite(t, font, color, halo))
            if board is not None:
                bw, bh = w * cos[k] + h * sin[k], w * sin[k] + h * cos[k]
                box = (px[k] - bw / 2, py[k] - bh / 2, px[k] + bw / 2, py[k] + bh / 2)
                board.add(box, priority,
                          lambda p, t=transform, s=text, ww=w, im=sprite: _street_label(p, t, s, ww, h, font, color, halo, im),
                          opacity, text)
                continue
            r = QRectF(px[k] - w / 2 - 2, py[k] - w / 2 - 2, w + 4, w + 4)  # rotation-safe footprint
            if any(r.intersects(t) for t in taken):
                continue
            taken.append(r.adjusted(w * 0.25, w * 0.25, -w * 0.25, -w * 0.25))
            _street_label(painter, transform, text, w, h, font, color, halo, sprite)
        painter.restore()
