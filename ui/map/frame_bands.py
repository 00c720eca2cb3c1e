"""A big frame (the wall's, a desk's) drawn in horizontal bands on several cores, every layer in every band.

At 3840 × 2160 a city's 4 km view took 36–41 ms: the pipes were drawn in bands
(:mod:`ui.map.layer_views.bands`) but the other layers (streets, patch fills,
dashed outlines, markers: ~20 ms) one after another on one thread. Here the
frame's rows are cut into one band per core and each band draws *every*
layer, bottom first, culled to its rows, on its own thread: the Qt calls that
do the work (lines, points, paths, the pipes' raster) are made without the
interpreter lock in a band, so the bands' Python runs while another band's
Qt draws.

* Band 0 draws on the frame itself; every other band on its own image (kept
  between frames) holding a copy of its rows, copied back at the end.
* Each band's device is as big as the frame, clipped to the band's rows: Qt
  dashes an outline only inside its device, and on an image of only a band's
  rows the key areas' dashes came out of step (by up to 199 levels).
* A band draws :data:`MARGIN` rows beyond each of its edges and throws them
  away: Qt steps a line cut at an image's edge from where it was cut (its first
  pixels' antialiasing differs from the whole line's), so no band's kept rows
  are next to a cut.
* What a view decides by the whole view (vectors or the pipes' raster) it decides
  by ``ctx.frame``, the same in every band.
* Labels are placed after the bands, once, for the whole frame
  (:meth:`~ui.map.layer_views.base.LayerView.draw_labels`), in the layers' order:
  the same candidates in the same order as one thread's.

Only a plain image at least :data:`FRAME_MIN_PIXELS` big is drawn so, only
layers that take a while (:data:`FRAME_MIN_WORK_MS`), and only layers whose
views are safe to draw on two threads at once (``LayerView.frame_bandable``: not
fetched raster tiles). Bands are used only
while they pay (:class:`~ui.map.layer_views.bands.Payoff`: on a machine whose
cores are busy they would wait for each other).
"""

from __future__ import annotations

import dataclasses
import threading
import time

import numpy as np
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPainter

from ui.map.layer_views import bands
from ui.map.layer_views.base import RenderContext

#: Frames smaller than this many pixels are drawn on one thread (a 1600 × 900 canvas and up: at
#: 1400 × 787 two bands gained 0–2 ms for 50 % more CPU).
FRAME_MIN_PIXELS = 1_400_000
#: Nor are layers that drew in less than this (ms of thread CPU, their views' ``last_ms``): a live
#: layer redrawn over the layer cache's kept image (~0.3–2 ms) would cost more in copies than it gains.
FRAME_MIN_WORK_MS = 6.0
#: Rows a band draws beyond each of its edges (wider than any pen's reach: key roads are 7 px).
MARGIN = 16

#: Whether drawing frames in bands has paid lately (apart from the layers' own bands).
payoff = bands.Payoff()


def bandable(painter: QPainter, registry, layers: list, ctx: RenderContext) -> bool:
    """Whether ``layers`` can be drawn onto ``painter`` in bands of the frame."""
    if (ctx.frame is not None or bands.in_frame_band() or bands.band_count() < 2 or not payoff.allowed()
            or not bands.frame_natives() or len(layers) == 0):
        return False
    device = painter.device()
    if not isinstance(device, QImage) or device.format() not in bands.BANDABLE or device.devicePixelRatio() != 1.0:
        return False
    if device.width() * device.height() < FRAME_MIN_PIXELS or (device.width(), device.height()) != (ctx.width, ctx.height):
        return False
    if painter.hasClipping() or not painter.deviceTransform().isIdentity() or painter.opacity() != 1.0:
        return False
    if painter.compositionMode() != QPainter.CompositionMode.CompositionMode_SourceOver:
        return False
    views = [registry.views[layer.name] for layer in layers]
    if sum(FRAME_MIN_WORK_MS if v.last_ms is None else v.last_ms for v in views) < FRAME_MIN_WORK_MS:
        return False
    return all(v.frame_bandable for v in views)


@dataclasses.dataclass
class _Band:
    top: int  # the frame's rows it keeps: top .. bottom - 1
    bottom: int
    first: int  # the frame's rows it draws (its margins too): first .. last - 1
    last: int
    image: QImage | None = None  # its own image, as big as the frame (None: band 0, drawn on the frame)
    copied: int = 0  # rows from ``first`` already copied from the frame into its image


def _rows(image: QImage, first: int, last: int) -> np.ndarray:
    """The image's rows ``first .. last - 1`` as a writable (rows, bytes) array over its own memory."""
    return np.ctypeslib.as_array(bands.row_memory(image, first, last)).reshape(last - first, image.bytesPerLine())


class _Spares:
    """Frame-sized images for the bands, kept between frames (a new one's pages fault in as they are
    first written: ~1 ms a band). Each band has its own, so only that band's rows of it are ever
    written (resident); those of another frame size are let go."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._free: dict[tuple, QImage] = {}

    def take(self, like: QImage, band: int) -> QImage:
        key = (like.width(), like.height(), like.format(), band)
        with self._lock:
            image = self._free.pop(key, None)
        return image if image is not None else QImage(like.width(), like.height(), like.format())

    def give(self, like: QImage, images: dict[int, QImage]) -> None:
        size = (like.width(), like.height(), like.format())
        with self._lock:
            self._free = {key: image for key, image in self._free.items() if key[:3] == size}
            self._free.update({size + (band,): image for band, image in images.items()})


_spares = _Spares()


def draw(painter: QPainter, registry, layers: list, ctx: RenderContext, drawn: list | None,
         note_cost, background: QColor | None = None) -> None:
    """Draw ``layers`` in bands of the frame (see :func:`bandable`), then their labels once.

    ``note_cost(view, ms)`` is told each layer's drawing time (thread CPU, all bands together).
    ``background``: each band fills its rows with it first (the frame's pixels are then not read:
    nothing to copy into a band's own image); None: drawn over what the frame holds.
    """
    # The process's CPU, not the bands' threads': Qt scales the pipes' raster on threads of its own.
    started, started_cpu = time.perf_counter(), time.process_time()
    frame = painter.device()
    w, h = frame.width(), frame.height()
    n = max(2, min(bands.band_count(), h // (bands.BAND_MIN_ROWS + 2 * MARGIN)))
    edges = np.linspace(0, h, n + 1).round().astype(int).tolist()
    parts = [_Band(top, bottom, max(0, top - MARGIN), min(h, bottom + MARGIN))
             for top, bottom in zip(edges[:-1], edges[1:])]
    pixels = _rows(frame, 0, h)
    for k, band in enumerate(parts[1:], start=1):
        band.image = _spares.take(frame, k)
        if background is not None:
            band.copied = band.last - band.first  # filled, not copied
        elif k == 1:
            # Band 0 draws on the frame down to its bottom margin, band 1's first rows: copied before it starts.
            band.copied = min(band.last, parts[0].last) - band.first
            _rows(band.image, band.first, band.first + band.copied)[:] = pixels[band.first:band.first + band.copied]
    s = w / (ctx.xmax - ctx.xmin)
    hints, view_box = painter.renderHints(), (ctx.xmin, ctx.ymin, ctx.xmax, ctx.ymax)
    results: dict[int, tuple] = {}

    def draw_band(k: int, band: _Band) -> None:
        with bands.frame_band():
            if band.image is None:
                target = bands.rows_of(frame, 0, h)  # a second painter cannot open the frame itself
            else:
                target = band.image
                if band.copied < band.last - band.first:
                    _rows(target, band.first + band.copied, band.last)[:] = pixels[band.first + band.copied:band.last]
            # The band's box culls; its device is as big as the frame (``frame``: the view's transform),
            # clipped to the band's rows: Qt dashes an outline along the whole of it, as for the frame.
            band_ctx = dataclasses.replace(ctx, ymax=ctx.ymax - band.first / s, ymin=ctx.ymax - band.last / s,
                                           frame=view_box, labels_later=True, labels=None, incomplete=False)
            p = QPainter(target)
            costs = []
            try:
                p.setRenderHints(hints)
                p.setClipRect(QRect(0, band.first, w, band.last - band.first))
                if background is not None:
                    p.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
                    p.fillRect(QRect(0, band.first, w, band.last - band.first), background)
                    p.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
                for layer in layers:
                    if ctx.cancelled():
                        break
                    t = time.thread_time()
                    p.save()
                    p.setOpacity(layer.opacity)
                    registry.views[layer.name].draw(p, band_ctx)
                    p.restore()
                    costs.append(time.thread_time() - t)
            finally:
                p.end()
            results[k] = (band_ctx.incomplete, costs)

    def copy_back(band: _Band, top: int, bottom: int) -> None:
        pixels[top:bottom] = _rows(band.image, top, bottom)  # numpy lets the lock go for a big copy

    try:
        bands.run_bands(list(enumerate(parts)), draw_band)
        # The bands' own rows back into the frame, in halves on the bands' threads (16 MB a band at 4K).
        halves = [(band, top, bottom) for band in parts[1:]
                  for top, bottom in ((band.top, (band.top + band.bottom) // 2), ((band.top + band.bottom) // 2, band.bottom))]
        bands.run_bands(halves, copy_back)
    finally:
        _spares.give(frame, {k: band.image for k, band in enumerate(parts) if band.image is not None})
    ctx.incomplete = ctx.incomplete or any(incomplete for incomplete, _ in results.values())
    finished = min(len(costs) for _, costs in results.values())
    payoff.record(time.process_time() - started_cpu, time.perf_counter() - started)
    for i, layer in enumerate(layers[:finished]):
        note_cost(registry.views[layer.name], sum(costs[i] for _, costs in results.values()) * 1000)
        if drawn is not None:
            drawn.append(layer.name)
    if finished < len(layers):
        return  # cancelled
    # Every layer's labels, for the whole frame, in the layers' order (as one thread puts them).
    for layer in layers:
        painter.save()
        painter.setOpacity(layer.opacity)
        registry.views[layer.name].draw_labels(painter, ctx)
        painter.restore()
