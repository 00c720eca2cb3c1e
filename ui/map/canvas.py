"""The map canvas: the central widget of the desk, the wall display and the print preview.

Design (from measurements on the 2-core target, see tests/bench/render.py):

* the layers are rendered into a QImage on a pool thread (:class:`RenderJob`),
  only for the settled view, and swapped in when done; a generation counter
  drops results the user has already moved away from;
* during a pan or zoom gesture the cached image is only moved/scaled (a blit,
  about 1 ms), and the settled view is rendered when the gesture pauses;
* the live layer (patrollers, vehicles), tool rubber bands, the scale bar and
  the north arrow are drawn over the image in ``paintEvent``: a moving vehicle
  never redraws the pipes;
* a layer that changes at a standing view (repairs, hazards) is drawn fresh
  between the kept images of the layers under and over it
  (:mod:`ui.map.render_cache`); a new view draws every layer.
"""

from __future__ import annotations

import math

import numpy as np
import shiboken6
from PySide6.QtCore import QPointF, QRectF, QThreadPool, QTimer, Qt, Signal
from PySide6.QtGui import (
    QColor, QFont, QImage, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen, QPolygonF, QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QWidget

from gis.coords import Projector
from gis.map_prep import FeatureData
from models.map_layers import LayerList, LiveLayerData
from ui.map.layer_views.base import RenderContext, label_font
from ui.map.layer_views.live import draw_live
from ui.map.render_cache import LayerImageCache
from ui.map.renderer import RenderJob, ViewRegistry, render_layers
from ui.map.map_tools import MapTool, PanTool

#: Wait this long after the last wheel/drag event before rendering the settled view.
SETTLE_MS = 120


class MapCanvas(QWidget):
    """A map view over a :class:`~models.map_layers.LayerList` in a local metric CRS.

    Signals
    -------
    extent_changed(xmin, ymin, xmax, ymax)
    cursor_moved(x, y, lon, lat)
        Map (local metric) and WGS84 coordinates under the mouse.
    rendered(generation)
        A settled render was swapped in.
    map_tool_changed(tool)
    """

    extent_changed = Signal(float, float, float, float)
    cursor_moved = Signal(float, float, float, float)
    rendered = Signal(int)
    map_tool_changed = Signal(object)

    def __init__(self, layers: LayerList, projector: Projector, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mapCanvas")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumSize(200, 150)
        self.layers = layers
        self.projector = projector
        self.registry = ViewRegistry(layers)
        #: Images of the layers that did not change, for re-renders of the same view (see render_cache).
        self.layer_cache = LayerImageCache()
        self.background = QColor("#f2efe9")
        # PySide6 builds some enum types on first use, and not thread-safely: a render thread's first
        # fillRect(…, QColor) racing the GUI thread's first one crashed a test run. Use them here first.
        warm = QImage(1, 1, QImage.Format.Format_ARGB32_Premultiplied)
        p = QPainter(warm)
        p.fillRect(0, 0, 1, 1, self.background)
        p.fillRect(warm.rect(), self.background)
        p.end()
        self.antialias = True
        #: Above this many segments in view the settled frame is not antialiased
        #: (antialiasing a saturated view costs 2–3× and changes nothing visible).
        self.antialias_max_segments = 150_000
        self.cx, self.cy, self.mpp = 0.0, 0.0, 1.0
        self._image: QImage | None = None
        self._image_ctx: RenderContext | None = None
        self._generation = 0
        self._busy = False
        self._dirty = False
        #: Settled renders started so far (tests check the live layer never bumps it).
        self.render_count = 0
        self._pool = QThreadPool(self)
        #: The render job in flight (or the last one), kept so it is freed on the GUI thread.
        self._job: RenderJob | None = None
        self._spent_jobs: list[RenderJob] = []  # reported jobs waiting to be freed (_release_job)
        self._pool.setMaxThreadCount(1)
        # PROJ (pyproj, for raster tiles) overflows a small default thread stack.
        self._pool.setStackSize(16 * 1024 * 1024)
        self._settle = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle.timeout.connect(self._start_render)
        self._cursor: tuple[float, float] | None = None
        self.selection: dict[str, np.ndarray] = {}
        self._pan_tool = PanTool(self)
        self._tool: MapTool = self._pan_tool
        self._tool.activate()
        layers.events.connect("changed", self._on_layer_change)
        layers.events.connect("inserted", self._on_layers_change)
        layers.events.connect("removed", self._on_layers_change)
        layers.events.connect("reordered", self._on_layers_change)
        self._live_data: list[LiveLayerData] = []
        #: Extra painters drawn over the live layer, each ``fn(painter, canvas)``: repair
        #: markers, a flashing new repair. They redraw with the overlay, never the cached image.
        self.overlays: list = []
        for layer in layers:
            self._watch_live(layer)

    # -- model wiring ---------------------------------------------------------------------
    def _watch_live(self, layer) -> None:
        if layer.kind == "live" and isinstance(layer.data, LiveLayerData) and layer.data not in self._live_data:
            layer.data.events.connect("positions", self._on_positions_change)
            layer.data.events.connect("selection", self._on_positions_change)
            self._live_data.append(layer.data)

    def _on_positions_change(self, **_) -> None:
        self.update()  # overlay only: the cached map image stays

    def _on_layer_change(self, layer, field: str) -> None:
        if layer.kind == "live":
            self._watch_live(layer)
            self.update()
        elif field == "title":
            self.refresh()  # the language changed: draw everything again
        else:
            self.layer_cache.changed(layer.name)  # the other layers' kept images stay
            self._settle.start(0)

    def _on_layers_change(self, layer=None) -> None:
        if layer is not None:
            self._watch_live(layer)
        self.refresh()

    def close_canvas(self) -> None:
        """Disconnect from the models and wait for a running render."""
        self._generation += 1
        self._settle.stop()
        self.layers.events.disconnect("changed", self._on_layer_change)
        for name in ("inserted", "removed", "reordered"):
            self.layers.events.disconnect(name, self._on_layers_change)
        for data in self._live_data:
            data.events.disconnect("positions", self._on_positions_change)
            data.events.disconnect("selection", self._on_positions_change)
        self._release_job(5000)
        self.layer_cache.release()
        self.registry.close()

    # -- view state -------------------------------------------------------------------------
    def extent(self) -> tuple[float, float, float, float]:
        """The visible extent ``(xmin, ymin, xmax, ymax)`` in map metres."""
        hw, hh = self.width() * self.mpp / 2, self.height() * self.mpp / 2
        return self.cx - hw, self.cy - hh, self.cx + hw, self.cy + hh

    def set_extent(self, xmin: float, ymin: float, xmax: float, ymax: float, margin: float = 0.05) -> None:
        """Show at least this box (with a small margin), centred."""
        w, h = max(xmax - xmin, 1.0), max(ymax - ymin, 1.0)
        self.cx, self.cy = (xmin + xmax) / 2, (ymin + ymax) / 2
        self.mpp = max(w / max(self.width(), 1), h / max(self.height(), 1)) * (1 + margin)
        self._view_changed(settle=False)

    def set_center(self, x: float, y: float, m_per_px: float | None = None) -> None:
        """Centre the map on ``(x, y)``, optionally at a new resolution."""
        self.cx, self.cy = x, y
        if m_per_px is not None:
            self.mpp = m_per_px
        self._view_changed(settle=False)

    def map_to_px(self, x: float, y: float) -> tuple[float, float]:
        """Map metres → widget pixels."""
        return (x - self.cx) / self.mpp + self.width() / 2, (self.cy - y) / self.mpp + self.height() / 2

    def px_to_map(self, px: float, py: float) -> tuple[float, float]:
        """Widget pixels → map metres."""
        return self.cx + (px - self.width() / 2) * self.mpp, self.cy - (py - self.height() / 2) * self.mpp

    def zoom_by(self, factor: float, anchor_px: tuple[float, float] | None = None, settle: bool = True) -> None:
        """Zoom in (factor > 1) or out, keeping the map point under ``anchor_px`` fixed."""
        ax, ay = anchor_px if anchor_px is not None else (self.width() / 2, self.height() / 2)
        mx, my = self.px_to_map(ax, ay)
        self.mpp = min(max(self.mpp / factor, 0.01), 5000.0)
        # Re-centre so (mx, my) lands back under the anchor pixel.
        self.cx = mx - (ax - self.width() / 2) * self.mpp
        self.cy = my + (ay - self.height() / 2) * self.mpp
        self._view_changed(settle)

    def pan_px(self, dx: float, dy: float, settle: bool = True) -> None:
        """Move the map by a pixel offset (the content follows the mouse)."""
        self.cx -= dx * self.mpp
        self.cy += dy * self.mpp
        self._view_changed(settle)

    def gesture_finished(self) -> None:
        """A drag ended: render the settled view now."""
        self._settle.start(0)

    def _view_changed(self, settle: bool) -> None:
        self.extent_changed.emit(*self.extent())
        self.update()
        self._settle.start(SETTLE_MS if settle else 0)

    def refresh(self) -> None:
        """Re-render the current view, every layer drawn again (data, style, theme or language changed)."""
        self.layer_cache.clear()
        self._settle.start(0)

    # -- zoom helpers -------------------------------------------------------------------------
    def zoom_to_layer(self, name: str) -> bool:
        """Fit a layer's features; False when it is empty or unknown."""
        layer = self.layers.get(name)
        if layer is None or not isinstance(layer.data, FeatureData):
            return False
        b = layer.data.bounds()
        if b is None:
            return False
        self.set_extent(*b)
        return True

    def zoom_to_feature(self, name: str, fid: int, min_size_m: float = 150.0) -> bool:
        """Fit one feature (by store id) with some context around it."""
        layer = self.layers.get(name)
        if layer is None or not isinstance(layer.data, FeatureData):
            return False
        rows = np.nonzero(layer.data.ids == fid)[0]
        if len(rows) == 0:
            return False
        xmin, ymin, xmax, ymax = layer.data.geoms[rows[0]].bounds
        cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
        half = max(xmax - xmin, ymax - ymin, min_size_m) / 2
        self.set_extent(cx - half, cy - half, cx + half, cy + half, margin=0.15)
        return True

    def bookmarks(self) -> list[tuple[str, str, int]]:
        """Venue and residence bookmarks: ``(title, layer, id)``."""
        out = []
        for name in ("venues", "residences"):
            layer = self.layers.get(name)
            if layer is not None and isinstance(layer.data, FeatureData) and "name" in layer.data.attrs:
                for fid, title in zip(layer.data.ids, layer.data.attrs["name"]):
                    out.append((str(title), name, int(fid)))
        return out

    def zoom_to_bookmark(self, title: str) -> bool:
        """Zoom to the venue or residence called ``title``."""
        for t, name, fid in self.bookmarks():
            if t == title:
                return self.zoom_to_feature(name, fid, min_size_m=400.0)
        return False

    # -- identify / select -------------------------------------------------------------------
    def identify(self, x: float, y: float, tolerance_px: float = 5.0) -> tuple[str, int, dict] | None:
        """The top-most visible feature within ``tolerance_px`` of map point ``(x, y)``.

        Returns ``(layer_name, row, attributes)`` or None. Points and lines win
        over polygons underneath them; basemap layers are not identified.
        """
        tol = tolerance_px * self.mpp
        candidates = [lyr for lyr in reversed(list(self.layers))
                      if lyr.visible_at(self.mpp) and isinstance(lyr.data, FeatureData) and lyr.group != "basemap"]
        candidates.sort(key=lambda lyr: lyr.kind == "polygons")  # stable: keeps z order within groups
        for layer in candidates:
            row = layer.data.nearest(x, y, tol if layer.kind != "polygons" else 0.0)
            if row is not None:
                attrs = layer.data.attrs.iloc[row].to_dict()
                return layer.name, row, attrs
        return None

    def select_box(self, xmin: float, ymin: float, xmax: float, ymax: float) -> dict[str, np.ndarray]:
        """Select the features of visible layers in a box; returns ``{layer: rows}`` and highlights them."""
        self.selection = {}
        for layer in self.layers:
            if layer.visible_at(self.mpp) and isinstance(layer.data, FeatureData) and layer.group != "basemap":
                rows = layer.data.query_box(xmin, ymin, xmax, ymax)
                if len(rows):
                    self.selection[layer.name] = rows
        self.update()
        return self.selection

    # -- tools -------------------------------------------------------------------------------
    def map_tool(self) -> MapTool:
        return self._tool

    def set_map_tool(self, tool: MapTool | None) -> None:
        """Make ``tool`` the one active tool (None: back to panning)."""
        tool = tool or self._pan_tool
        if tool is self._tool:
            return
        self._tool.deactivate()
        self._tool = tool
        tool.activate()
        self.map_tool_changed.emit(tool)
        self.update()

    # -- rendering ---------------------------------------------------------------------------
    def render_context(self, antialias: bool | None = None) -> RenderContext:
        """The context of a render of the current view (cancelled when a newer one starts)."""
        gen = self._generation
        xmin, ymin, xmax, ymax = self.extent()
        return RenderContext(xmin, ymin, xmax, ymax, max(self.width(), 1), max(self.height(), 1),
                             antialias=self.antialias if antialias is None else antialias,
                             cancelled=lambda: self._generation != gen)

    def _settled_antialias(self, ctx: RenderContext) -> bool:
        if not self.antialias:
            return False
        total = 0
        for layer in self.layers:
            if layer.kind == "lines" and isinstance(layer.data, FeatureData) and layer.visible_at(ctx.m_per_px) \
                    and layer.data.levels_ready():
                levels = layer.data.line_levels()
                box = (ctx.xmin, ctx.ymin, ctx.xmax, ctx.ymax)
                if levels.raster_for_view(ctx.m_per_px, box) is None:
                    total += levels.for_resolution(ctx.m_per_px).count_in(*box)
        return total <= self.antialias_max_segments

    def _prepare_job(self, ctx: RenderContext) -> None:
        # Runs on the pool thread: counting segments may build a layer's tiles on first use.
        ctx.antialias = self._settled_antialias(ctx)

    def _start_render(self) -> None:
        if self.width() < 2 or self.height() < 2:
            return
        if self._busy:
            self._dirty = True
            self._generation += 1  # tells the running job to stop early
            return
        self._generation += 1
        if self._job is not None:
            # The previous job has reported; wait out the last instructions of its run() before letting it go.
            self._release_job(100)
        ctx = self.render_context()
        job = RenderJob(self._generation, self.registry, ctx, self.background, prepare=self._prepare_job,
                        cache=self.layer_cache, cache_epoch=self.layer_cache.epoch)
        self._job = job
        job.signals.finished.connect(self._on_render_finished)
        self._busy, self._dirty = True, False
        self.render_count += 1
        self._pool.start(job)

    def _release_job(self, timeout_ms: int) -> None:
        """Let the reported job go, and free it once no job runs any more.

        ``QThreadPool.start`` takes the job over: the pool's wrapper keeps the Python job (its
        render context, label board and closures) alive for as long as the C++ job lives, and with
        auto-delete off that was forever (the wall's tour leaked every render). So the job is
        deleted here, on the GUI thread, once the pool is idle; one still finishing its ``run()``
        waits for the next release.
        """
        if self._job is not None:
            self._spent_jobs.append(self._job)
            self._job = None
        if self._spent_jobs and self._pool.waitForDone(timeout_ms):
            for job in self._spent_jobs:
                shiboken6.delete(job)
            self._spent_jobs.clear()

    def _on_render_finished(self, generation: int, image: QImage, ctx: RenderContext) -> None:
        self._busy = False
        if generation == self._generation and not image.isNull():
            self._image, self._image_ctx = image, ctx
            self.update()
            self.rendered.emit(generation)
        if self._dirty or generation != self._generation:
            self._dirty = False
            self._start_render()

    def wait_rendered(self, timeout_ms: int = 10_000) -> bool:
        """Block (processing events) until the current view is rendered; for scripts and tests."""
        from PySide6.QtCore import QCoreApplication, QElapsedTimer

        timer = QElapsedTimer()
        timer.start()
        while timer.elapsed() < timeout_ms:
            QCoreApplication.processEvents()
            if not self._busy and not self._settle.isActive() and not self._dirty and self._image_ctx is not None \
                    and self._image_ctx.xmin == self.extent()[0] and self._image_ctx.width == self.width():
                return True
            self._pool.waitForDone(5)
        return False

    def render(self, painter: QPainter, extent: tuple[float, float, float, float], width: int, height: int,
               px: float = 1.0, live: bool = True, background: QColor | None = None) -> None:
        """Draw the map for ``extent`` into any painter (PDF sheet, wall display), synchronously.

        Parameters
        ----------
        painter
            An active painter whose device is ``width`` × ``height`` pixels.
        extent
            ``(xmin, ymin, xmax, ymax)`` in map metres; the aspect is fitted to the device.
        px
            Device pixels per screen pixel (e.g. 300 / 96 for a 300 dpi PDF): pen widths scale.
        live
            Also draw patrollers and vehicles.
        """
        xmin, ymin, xmax, ymax = extent
        cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
        mpp = max((xmax - xmin) / width, (ymax - ymin) / height)
        ctx = RenderContext(cx - width * mpp / 2, cy - height * mpp / 2, cx + width * mpp / 2,
                            cy + height * mpp / 2, width, height, antialias=True, px=px)
        render_layers(painter, self.registry, ctx, background or self.background)
        if live:
            for layer in self.layers:
                if layer.kind == "live" and layer.visible and isinstance(layer.data, LiveLayerData):
                    draw_live(painter, layer.data, ctx.to_px, width, height, layer.opacity, px)

    # -- painting ----------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        """Blit the cached image (moved/scaled to the current view), then the overlays."""
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.background)
        if self._image is not None and self._image_ctx is not None:
            c = self._image_ctx
            x0, y0 = self.map_to_px(c.xmin, c.ymax)
            x1, y1 = self.map_to_px(c.xmax, c.ymin)
            target = QRectF(x0, y0, x1 - x0, y1 - y0)
            if abs(target.width() - c.width) < 0.5 and abs(target.height() - c.height) < 0.5:
                painter.drawImage(QPointF(round(x0), round(y0)), self._image)
            else:
                painter.drawImage(target, self._image)  # mid-gesture: fast unsmoothed scale
        self._paint_selection(painter)
        for layer in self.layers:
            if layer.kind == "live" and layer.visible and isinstance(layer.data, LiveLayerData):
                draw_live(painter, layer.data, self._to_px_arrays, self.width(), self.height(), layer.opacity)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for overlay in self.overlays:
            painter.save()
            overlay(painter, self)
            painter.restore()
        self._tool.paint(painter)
        self._paint_scale_bar(painter)
        self._paint_north_arrow(painter)
        self._paint_coordinates(painter)
        painter.end()

    def _to_px_arrays(self, x, y):
        return (x - self.cx) / self.mpp + self.width() / 2, (self.cy - y) / self.mpp + self.height() / 2

    def _paint_selection(self, painter: QPainter) -> None:
        if not self.selection:
            return
        pen = QPen(QColor(0, 229, 255, 200), 4)
        pen.setCosmetic(True)
        painter.save()
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        s = 1.0 / self.mpp
        from PySide6.QtGui import QTransform

        painter.setTransform(QTransform(s, 0, 0, -s, self.width() / 2 - self.cx * s, self.height() / 2 + self.cy * s))
        import shapely

        for name, rows in self.selection.items():
            layer = self.layers.get(name)
            if layer is None or not isinstance(layer.data, FeatureData):
                continue
            for geom in layer.data.geoms[rows[:2000]]:
                for part in shapely.get_parts(geom):
                    if part.geom_type == "Point":
                        painter.drawEllipse(QPointF(part.x, part.y), 6 * self.mpp, 6 * self.mpp)
                        continue
                    ring = part.exterior if part.geom_type == "Polygon" else part
                    painter.drawPolyline(QPolygonF([QPointF(x, y) for x, y in ring.coords]))
        painter.restore()

    def _paint_scale_bar(self, painter: QPainter) -> None:
        target_m = self.mpp * 120
        exp = 10 ** math.floor(math.log10(max(target_m, 1e-6)))
        nice = max(m * exp for m in (1, 2, 5) if m * exp <= target_m) if target_m >= exp else exp
        length_px = nice / self.mpp
        x, y = 14.0, self.height() - 18.0
        ink, halo = self._decoration_colours()
        painter.setPen(QPen(halo, 5))
        painter.drawLine(QPointF(x, y), QPointF(x + length_px, y))
        painter.setPen(QPen(ink, 2))
        painter.drawLine(QPointF(x, y), QPointF(x + length_px, y))
        painter.drawLine(QPointF(x, y - 5), QPointF(x, y + 2))
        painter.drawLine(QPointF(x + length_px, y - 5), QPointF(x + length_px, y + 2))
        painter.setFont(label_font(8.0))
        text = f"{nice / 1000:g} km" if nice >= 1000 else f"{nice:g} m"
        painter.drawText(QPointF(x + length_px + 6, y + 4), text)

    def _paint_north_arrow(self, painter: QPainter) -> None:
        x, y = self.width() - 28.0, 18.0
        ink, halo = self._decoration_colours()
        painter.setPen(QPen(ink, 1))
        painter.setBrush(ink)
        painter.drawPolygon(QPolygonF([QPointF(x, y), QPointF(x - 7, y + 20), QPointF(x, y + 15)]))
        painter.setBrush(halo)
        painter.drawPolygon(QPolygonF([QPointF(x, y), QPointF(x + 7, y + 20), QPointF(x, y + 15)]))
        font = QFont(label_font(8.0))
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(QRectF(x - 10, y + 20, 20, 14), Qt.AlignmentFlag.AlignCenter, "N")

    def _decoration_colours(self) -> tuple[QColor, QColor]:
        """Ink and halo of the north arrow and scale bar: dark on a light map, light on the night map."""
        if self.background.lightnessF() < 0.5:
            return QColor("#e8eaed"), QColor(20, 24, 30, 220)
        return QColor("#222222"), QColor(255, 255, 255, 220)

    def _paint_coordinates(self, painter: QPainter) -> None:
        if self._cursor is None:
            return
        x, y = self._cursor
        lon, lat = self.projector.to_wgs84(x, y)
        text = f"{float(lon):.6f}, {float(lat):.6f}   E {x:.1f}  N {y:.1f}"
        painter.setFont(label_font(8.0))
        w = painter.fontMetrics().horizontalAdvance(text) + 10
        rect = QRectF(self.width() - w - 6, self.height() - 22, w, 18)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(255, 255, 255, 200))
        painter.drawRoundedRect(rect, 3, 3)
        painter.setPen(QColor("#222222"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)

    # -- Qt events ---------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """Keep the centre and resolution; render the new size."""
        super().resizeEvent(event)
        self._view_changed(settle=True)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        """Zoom about the cursor; the settled render follows when the wheel stops."""
        steps = event.angleDelta().y() / 120.0
        if steps:
            pos = event.position()
            self.zoom_by(1.25 ** steps, (pos.x(), pos.y()))
        event.accept()

    def _dispatch(self, method: str, event: QMouseEvent) -> bool:
        pos = event.position()
        x, y = self.px_to_map(pos.x(), pos.y())
        return getattr(self._tool, method)(event, x, y)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self.setFocus()
        if event.button() == Qt.MouseButton.MiddleButton or not self._dispatch("press_event", event):
            self._pan_tool.press_event(event, 0, 0) if event.button() == Qt.MouseButton.MiddleButton else None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        pos = event.position()
        x, y = self.px_to_map(pos.x(), pos.y())
        self._cursor = (x, y)
        lon, lat = self.projector.to_wgs84(x, y)
        self.cursor_moved.emit(x, y, float(lon), float(lat))
        if self._pan_tool._last is not None and self._tool is not self._pan_tool:
            self._pan_tool.move_event(event, x, y)  # middle-button pan under another tool
        elif not self._tool.move_event(event, x, y):
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._pan_tool._last is not None and self._tool is not self._pan_tool:
            self._pan_tool.release_event(event, 0, 0)
            return
        self._dispatch("release_event", event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if not self._dispatch("double_click_event", event):
            pos = event.position()
            self.zoom_by(2.0, (pos.x(), pos.y()))

    def leaveEvent(self, event) -> None:  # noqa: N802
        self._cursor = None
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Arrows pan by a quarter view, +/- zoom, Esc cancels the tool's sketch."""
        if self._tool.key_event(event):
            return
        key = event.key()
        step_x, step_y = self.width() / 4, self.height() / 4
        moves = {Qt.Key.Key_Left: (step_x, 0), Qt.Key.Key_Right: (-step_x, 0),
                 Qt.Key.Key_Up: (0, step_y), Qt.Key.Key_Down: (0, -step_y)}
        if key in moves:
            self.pan_px(*moves[key])
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(1.5)
        elif key == Qt.Key.Key_Minus:
            self.zoom_by(1 / 1.5)
        else:
            super().keyPressEvent(event)
