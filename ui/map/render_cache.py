"""The canvas's layer image cache, in the spirit of QGIS's ``QgsMapRendererCache``.

A live desk re-renders the same view again and again for a few layers only
(repairs, hazards, patrol tracks, a patch recoloured): the pipes, streets and
polygons under and over them have not changed. The layers that have changed at
a standing view are *volatile*; the canvas keeps, for its current view,

* the **base**: background and every layer below the lowest volatile one
  (volatile: changed in the last :data:`VOLATILE_S` seconds)
  (an opaque image), and
* the **top**: every layer above the highest volatile one (a transparent image),

each with the label candidates its layers put on the render's
:class:`~ui.map.layer_views.labels.LabelBoard`. A re-render copies the base,
draws the volatile span fresh, lays the top over it, and places and draws
every label again (the volatile layers' labels compete with the cached ones).

At most two images are kept, for one view. The cache is emptied by a change of
view (extent, size, antialiasing, background), a layer inserted, removed or
reordered, or :meth:`LayerImageCache.clear` (``MapCanvas.refresh``: theme,
language, data reloaded). A layer's change (data, style, visibility, opacity)
drops the kept runs that hold it and makes it volatile. While no layer is
volatile (a desk nobody edits) nothing is kept and a render costs what it
did without the cache. A run a render could not finish (raster tiles still
loading, a newer render asked for) is never kept.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter

from ui.map.layer_views import RenderContext
from ui.map.layer_views.labels import LabelBoard
from ui.map.renderer import draw_layers, render_layers

#: A layer stays volatile this long (s) after its last change.
VOLATILE_S = 600.0


@dataclass
class _Run:
    key: tuple
    image: QImage
    labels: list = field(default_factory=list)


@dataclass
class CacheStats:
    """What the last cached render did (tests and the bench read it)."""

    drawn: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)


def view_key(ctx: RenderContext, background: QColor | None) -> tuple:
    """Everything about a render that every layer's pixels depend on."""
    return (ctx.xmin, ctx.ymin, ctx.xmax, ctx.ymax, ctx.width, ctx.height, bool(ctx.antialias), ctx.px,
            ctx.label_scale, background.rgba() if background is not None else None)


class LayerImageCache:
    """Images of the unchanged layers of the current view (see the module)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._view: tuple | None = None
        self._runs: dict[str, _Run] = {}
        # When each volatile layer last changed (see :attr:`volatile`).
        self._changed_at: dict[str, float] = {}
        #: Bumped by every invalidation: a render that started before one never stores its runs.
        self.epoch = 0
        self.stats = CacheStats()
        # Images of dropped runs, reused for the next ones of the same size: a fresh frame-sized
        # image is page-faulted in (at 3840 × 2160, 33 MB: ~10 ms), a reused one only copied into.
        self._spares: list[QImage] = []

    @property
    def volatile(self) -> frozenset[str]:
        """Layers that have changed lately (:data:`VOLATILE_S`); drawn fresh every render."""
        with self._lock:
            return frozenset(self._changed_at)

    def _drop_runs(self) -> None:
        for run in self._runs.values():
            self._spares.append(run.image)
        self._spares = self._spares[-2:]
        self._runs.clear()

    def _spare(self, width: int, height: int) -> QImage:
        with self._lock:
            for i, image in enumerate(self._spares):
                if image.width() == width and image.height() == height:
                    return self._spares.pop(i)
            self._spares.clear()  # another size (the canvas was resized): let them go
        return QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)

    def clear(self) -> None:
        """Drop everything kept (the volatile layers stay volatile)."""
        with self._lock:
            self.epoch += 1
            self._drop_runs()
            self._view = None

    def release(self) -> None:
        """Drop everything kept and the spare images (the canvas closes)."""
        with self._lock:
            self.epoch += 1
            self._runs.clear()
            self._spares.clear()
            self._view = None

    def changed(self, name: str) -> None:
        """Layer ``name`` changed: drop the runs holding it and draw it fresh from now on."""
        with self._lock:
            self.epoch += 1
            self._changed_at[name] = time.monotonic()
            for k in [k for k, run in self._runs.items() if any(item[0] == name for item in run.key)]:
                self._spares = (self._spares + [self._runs.pop(k).image])[-2:]

    def kept_images(self) -> int:
        """How many run images are kept (memory: each is the canvas's size)."""
        with self._lock:
            return len(self._runs)

    # -- the render thread ------------------------------------------------------------------
    def _get(self, view: tuple, slot: str, key: tuple) -> _Run | None:
        with self._lock:
            if self._view != view:
                self._drop_runs()
                self._view = view
            run = self._runs.get(slot)
            return run if run is not None and run.key == key else None

    def _put(self, view: tuple, epoch: int, slot: str, run: _Run) -> None:
        with self._lock:
            if self.epoch == epoch and self._view == view:
                old = self._runs.get(slot)
                if old is not None:
                    self._spares = (self._spares + [old.image])[-2:]
                self._runs[slot] = run

    def _keep_copy(self, image: QImage) -> QImage:
        """A copy of ``image`` in a reused image when there is one of its size."""
        copy = self._spare(image.width(), image.height())
        _copy_into(copy, image)
        return copy

    def render(self, registry, ctx: RenderContext, background: QColor, epoch: int) -> QImage:
        """Render the view into a new image, reusing the kept runs (on the render thread).

        ``epoch`` is :attr:`epoch` read when the render was asked for (on the GUI thread).
        """
        with self._lock:
            # A layer that has not changed for a while (loaded at start, a patch edited once) is
            # kept again: only the layers that keep changing stay out of the kept images.
            now = time.monotonic()
            for name in [n for n, t in self._changed_at.items() if now - t > VOLATILE_S]:
                del self._changed_at[name]
            volatile = frozenset(self._changed_at)
        shown = registry.shown(ctx.m_per_px)
        stats = self.stats = CacheStats()
        image = QImage(ctx.width, ctx.height, QImage.Format.Format_ARGB32_Premultiplied)
        hot = [i for i, layer in enumerate(shown) if layer.name in volatile]
        if not hot:
            # Nothing has changed at a standing view yet: draw straight, keep nothing.
            painter = QPainter(image)
            render_layers(painter, registry, ctx, background, stats.drawn)
            painter.end()
            return image
        board = ctx.labels = LabelBoard(ctx.label_scale)
        view = view_key(ctx, background)
        lo, hi = hot[0], hot[-1] + 1
        base_layers, mid, top_layers = shown[:lo], shown[lo:hi], shown[hi:]
        base_key = tuple((layer.name, layer.opacity) for layer in base_layers)
        top_key = tuple((layer.name, layer.opacity) for layer in top_layers)
        base = self._get(view, "base", base_key)
        if base is not None:
            _copy_into(image, base.image)
            board.extend(base.labels)
            stats.reused += [layer.name for layer in base_layers]
            painter = _painter(image, ctx)
        else:
            painter = _painter(image, ctx)
            if _draw(painter, registry, base_layers, ctx, stats, background):
                painter.end()  # (the copy reads the image's pixels)
                self._put(view, epoch, "base", _Run(base_key, self._keep_copy(image), board.entries(0)))
                painter = _painter(image, ctx)
        # The top is kept when drawing it costs more than laying a frame over the image (~1 ms a 2 Mpx frame):
        # each layer's last drawing time (ms, thread CPU) is on its view (``ui.map.renderer.draw_layer``).
        lay_ms = 1.0 * ctx.width * ctx.height / 2e6
        if top_layers and sum(_cost_ms(registry, layer, lay_ms + 1) for layer in top_layers) <= lay_ms:
            mid, top_layers = mid + top_layers, []
        _draw(painter, registry, mid, ctx, stats)
        if top_layers:
            top = self._get(view, "top", top_key)
            if top is None:
                top_image = self._spare(ctx.width, ctx.height)
                top_image.fill(Qt.GlobalColor.transparent)
                first = len(board)
                tp = _painter(top_image, ctx)
                complete = _draw(tp, registry, top_layers, ctx, stats)
                tp.end()
                top = _Run(top_key, top_image, board.entries(first))
                if complete:
                    self._put(view, epoch, "top", top)
            else:
                board.extend(top.labels)
                stats.reused += [layer.name for layer in top_layers]
            painter.drawImage(0, 0, top.image)
        board.draw(painter)
        painter.end()
        return image


def _painter(image: QImage, ctx: RenderContext) -> QPainter:
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, ctx.antialias)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    return painter


def _copy_into(target: QImage, source: QImage) -> None:
    """Overwrite ``target``'s pixels with ``source``'s (same size and format): a plain memory copy."""
    p = QPainter(target)
    p.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
    p.drawImage(0, 0, source)
    p.end()


def _cost_ms(registry, layer, unknown: float) -> float:
    """The layer's last drawing time (ms), ``unknown`` when it has not been drawn yet."""
    ms = registry.views[layer.name].last_ms
    return unknown if ms is None else ms


def _draw(painter: QPainter, registry, layers, ctx: RenderContext, stats: CacheStats,
          background: QColor | None = None) -> bool:
    """Draw ``layers`` bottom first (over ``background`` when given); False when the result must not be
    kept (unfinished or cancelled)."""
    was_incomplete, ctx.incomplete = ctx.incomplete, False
    draw_layers(painter, registry, layers, ctx, stats.drawn, background)
    complete = not ctx.incomplete and not ctx.cancelled()
    ctx.incomplete = ctx.incomplete or was_incomplete
    return complete
