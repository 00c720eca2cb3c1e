"""Draws the layer list into any QPainter: the canvas's background image, PDF sheets, the wall.

``render_layers`` is the one drawing routine. The canvas runs it in a
:class:`RenderJob` on a worker thread into a QImage; printing calls it directly
on a QPdfWriter's painter.

Layers are drawn in order, each timed (:func:`draw_layer`; the layer image
cache weighs what to keep by it). Drawing the heaviest layer on a second thread
and laying it over (QGIS renders layers in parallel) was tried: on the
500,000-pipe city on an idle 2-core machine the views took as long wall-clock
(4 km: 20–26 ms either way, wall ≈ CPU): PySide6 holds the interpreter lock
while Qt draws. Within a layer, big batches of lines, points and the pipes'
raster are drawn by Qt without the lock, in bands of the image's rows on
several cores (:mod:`ui.map.layer_views.bands`); a layer's ``last_ms`` is its
own thread's share. A big frame is drawn in bands of its rows, every
layer in each band (:mod:`ui.map.frame_bands`); ``last_ms`` is then the bands'
sum.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QObject, QRunnable, Signal
from PySide6.QtGui import QColor, QImage, QPainter

from models.map_layers import LayerList
from ui.map import frame_bands
from ui.map.layer_views import LayerView, RenderContext, make_view
from ui.map.layer_views.labels import LabelBoard


def note_cost(view, ms: float) -> None:
    """Keep a layer's drawing time (thread CPU ms) on its view as ``last_ms``, smoothed."""
    last = view.last_ms
    # Falls at once, rises by halves: a one-off (a cache built on first use) does not decide for long.
    view.last_ms = ms if last is None or ms < last else 0.5 * (last + ms)


def draw_layer(painter: QPainter, view, layer, ctx: RenderContext) -> None:
    """One layer with its opacity; its drawing time (thread CPU ms, smoothed) kept on the view as ``last_ms``."""
    t = time.thread_time()
    painter.save()
    painter.setOpacity(layer.opacity)
    view.draw(painter, ctx)
    painter.restore()
    note_cost(view, (time.thread_time() - t) * 1000)


def draw_layers(painter: QPainter, registry, layers: list, ctx: RenderContext, drawn: list | None = None,
                background: QColor | None = None) -> None:
    """Draw ``layers`` (visible, bottom first) onto ``painter`` in order, over ``background`` when given.

    ``drawn`` collects the names of the layers drawn. Stops early when ``ctx`` is cancelled.
    A wall-sized image is drawn in bands of its rows on several cores (:mod:`ui.map.frame_bands`).
    """
    if frame_bands.bandable(painter, registry, layers, ctx):
        frame_bands.draw(painter, registry, layers, ctx, drawn, note_cost, background)
        return
    if background is not None:
        painter.fillRect(0, 0, ctx.width, ctx.height, background)
    for layer in layers:
        if ctx.cancelled():
            return
        draw_layer(painter, registry.views[layer.name], layer, ctx)
        if drawn is not None:
            drawn.append(layer.name)


class ViewRegistry:
    """Keeps one view per layer, following the layer list's insertions and removals."""

    def __init__(self, layers: LayerList) -> None:
        self.layers = layers
        self.views: dict[str, LayerView] = {}
        for layer in layers:
            self._on_inserted(layer)
        layers.events.connect("inserted", self._on_inserted)
        layers.events.connect("removed", self._on_removed)

    def _on_inserted(self, layer) -> None:
        view = make_view(layer)
        if view is not None:
            self.views[layer.name] = view

    def _on_removed(self, layer) -> None:
        view = self.views.pop(layer.name, None)
        if view is not None:
            view.close()

    def shown(self, mpp: float) -> list:
        """The layers drawn at ``mpp`` m/px (with a view, visible at that scale, not transparent), bottom first."""
        return [layer for layer in self.layers
                if self.views.get(layer.name) is not None and layer.visible_at(mpp) and layer.opacity > 0]

    def close(self) -> None:
        """Disconnect from the layers."""
        self.layers.events.disconnect("inserted", self._on_inserted)
        self.layers.events.disconnect("removed", self._on_removed)
        for view in self.views.values():
            view.close()


def render_layers(painter: QPainter, registry: ViewRegistry, ctx: RenderContext,
                  background: QColor | None = None, drawn: list | None = None) -> None:
    """Draw every visible layer (bottom first) for the extent in ``ctx``.

    Parameters
    ----------
    painter
        Any active painter whose device is ``ctx.width`` × ``ctx.height``.
    registry
        The layer views.
    ctx
        Extent, size, antialiasing, pixel scale, cancellation.
    background
        Fill colour first (None: leave the device as it is).
    drawn
        Collects the names of the layers drawn.
    """
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, ctx.antialias)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    board = ctx.labels = LabelBoard(ctx.label_scale)  # every layer's labels, placed together at the end
    draw_layers(painter, registry, registry.shown(ctx.m_per_px), ctx, drawn, background)
    if ctx.cancelled():
        return
    board.draw(painter)


log = logging.getLogger(__name__)


class _JobSignals(QObject):
    finished = Signal(int, QImage, object)


class RenderJob(QRunnable):
    """Renders one settled view into a QImage on a pool thread.

    Layer data and styles are read, never written, while a job runs; views
    build their caches under a lock.

    ``generation`` travels with the result: the canvas drops an image whose
    generation is no longer current (the user moved on meanwhile).
    """

    def __init__(self, generation: int, registry: ViewRegistry, ctx: RenderContext, background: QColor,
                 device_pixel_ratio: float = 1.0, prepare=None, *, cache, cache_epoch: int = 0) -> None:
        super().__init__()
        #: The :class:`~ui.map.render_cache.LayerImageCache` the job draws through.
        self.cache = cache
        self.cache_epoch = cache_epoch
        #: Called first on the pool thread (e.g. to decide antialiasing, which may build tiles).
        self.prepare = prepare
        self.generation = generation
        self.registry = registry
        self.ctx = ctx
        self.background = background
        self.dpr = device_pixel_ratio
        self.signals = _JobSignals()
        # The canvas keeps the job and lets it go on the GUI thread: an auto-deleted job would
        # destroy its signals object (a GUI-thread QObject) on the pool thread, which crashed
        # a garbage collection on the GUI thread once.
        self.setAutoDelete(False)

    def run(self) -> None:
        """Paint into a fresh image and hand it to the GUI thread (queued signal)."""
        ctx = self.ctx
        image = QImage()  # null until rendered (a cancelled or failed job's image is not shown)
        generation = self.generation
        try:
            if self.prepare is not None and not ctx.cancelled():
                self.prepare(ctx)
            if not ctx.cancelled():
                image = self.cache.render(self.registry, ctx, self.background, self.cache_epoch)
        except Exception:  # a bad layer must not kill the pool thread or freeze the map
            log.exception("rendering the map failed")
            generation = -1
        # Always report back (generation -1 when cancelled or failed) so the canvas knows the pool is free.
        self.signals.finished.emit(-1 if ctx.cancelled() else generation, image, ctx)
