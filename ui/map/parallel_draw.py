"""Drawing a run of layers with the heaviest one on a second thread (QGIS renders layers in parallel too).

On a city the pipes take about as long as every layer under them together
(basemap, patches, key areas: ~7 ms each at a 4 km view). So while the render
thread draws the layers under it, a helper thread draws the heaviest layer
into a transparent image of the frame's size; the render thread then lays that
image over what it drew (Porter–Duff *over* is associative: the same pixels
as drawing it in place, up to rounding) and goes on with the layers above.
Qt's drawing calls let go of the GIL, so the two threads really draw at once
when the machine has a core free; the CPU spent is the same plus the lay
(~1 ms a 2 Mpx frame).

Only raster images on screen are drawn this way (a PDF or a print preview
must keep its vectors), only when the machine has a core to spare
(:func:`core_free`: on a busy one the hand-over made a view slower), and only
when the heaviest layer took long enough lately (:data:`PARALLEL_MIN_MS`) and
the layers under it give the render thread something to do meanwhile. Its labels go on the render's board in the layer's
place, so label placement is the same as drawn in order.
"""

from __future__ import annotations

import dataclasses
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPaintEngine, QPainter

from ui.map.layer_views.base import RenderContext
from ui.map.layer_views.labels import LabelBoard

#: A layer is drawn on the helper thread when it takes at least this long (ms, recent renders) ...
PARALLEL_MIN_MS = 4.0
#: ... and the layers under it at least this long (the render thread's work meanwhile): below that the
#: lay (~1 ms a 2 Mpx frame) and the hand-over eat the gain.
PARALLEL_UNDER_MIN_MS = 3.0

#: The layer drawn apart by the last split render on this process (the bench reports it).
last_split: str | None = None

_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()
_spare_lock = threading.Lock()
_spares: list[QImage] = []


def _helper() -> ThreadPoolExecutor:
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="map-layer")
        return _executor


def _spare(width: int, height: int) -> QImage:
    """A transparent frame-sized image, reused (a fresh 33 MB one is page-faulted in: ~10 ms on the wall)."""
    with _spare_lock:
        for i, image in enumerate(_spares):
            if image.width() == width and image.height() == height:
                image = _spares.pop(i)
                break
        else:
            image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    return image


def _give_back(image: QImage) -> None:
    with _spare_lock:
        _spares.append(image)
        del _spares[:-1]  # keep one (the desk and the wall differ in size; the newest wins)


def can_split(painter: QPainter, ctx: RenderContext) -> bool:
    """Whether this painter may have a layer drawn apart and laid over (a raster image on screen)."""
    engine = painter.paintEngine()
    if ctx.px != 1.0 or engine is None or engine.type() != QPaintEngine.Type.Raster:
        return False
    device, frame = painter.device(), QRect(0, 0, ctx.width, ctx.height)
    return isinstance(device, QImage) and device.size() == frame.size() and painter.viewport() == frame \
        and painter.window() == frame and painter.worldTransform().isIdentity()


def draw_layer(painter: QPainter, view, layer, ctx: RenderContext) -> None:
    """One layer with its opacity; its drawing time (thread CPU ms, smoothed) kept on the view as ``last_ms``."""
    t = time.thread_time()
    painter.save()
    painter.setOpacity(layer.opacity)
    view.draw(painter, ctx)
    painter.restore()
    ms = (time.thread_time() - t) * 1000
    last = getattr(view, "last_ms", None)
    # Falls at once, rises by halves: a one-off (a cache built on first use) does not decide for long.
    view.last_ms = ms if last is None or ms < last else 0.5 * (last + ms)


def core_free() -> bool:
    """Whether the machine looks to have a core to spare (1-minute load average under the cores less a half).

    On a busy machine the helper thread waits for a core while the render thread waits for it:
    measured at load 4–7 on 2 cores, a 4 km view took 35 ms drawn apart against 19 ms in order.
    """
    try:
        return os.getloadavg()[0] < (os.cpu_count() or 1) - 0.5
    except OSError:
        return False


def _heaviest(views: list) -> int | None:
    if not core_free():
        return None
    costs = [getattr(v, "last_ms", 0.0) for v in views]
    if not costs:
        return None
    i = max(range(len(costs)), key=costs.__getitem__)
    if costs[i] >= PARALLEL_MIN_MS and sum(costs[:i]) >= PARALLEL_UNDER_MIN_MS:
        return i
    return None


def draw_layers(painter: QPainter, registry, layers: list, ctx: RenderContext, drawn: list | None = None) -> None:
    """Draw ``layers`` (visible, bottom first) onto ``painter``, the heaviest one on the helper thread when worth it.

    ``drawn`` collects the names of the layers drawn. Stops early when ``ctx`` is cancelled.
    """
    views = [registry.views[layer.name] for layer in layers]
    heavy = _heaviest(views) if can_split(painter, ctx) else None
    if heavy is None:
        for layer, view in zip(layers, views):
            if ctx.cancelled():
                return
            draw_layer(painter, view, layer, ctx)
            if drawn is not None:
                drawn.append(layer.name)
        return
    board = ctx.labels
    side = dataclasses.replace(ctx, labels=LabelBoard(ctx.label_scale) if board is not None else None,
                               incomplete=False)
    image = _spare(ctx.width, ctx.height)

    def run() -> None:
        p = QPainter(image)
        p.setRenderHints(painter.renderHints())
        try:
            draw_layer(p, views[heavy], layers[heavy], side)
        finally:
            p.end()

    global last_split
    last_split = layers[heavy].name
    future = _helper().submit(run)
    try:
        for layer, view in zip(layers[:heavy], views[:heavy]):
            if ctx.cancelled():
                break
            draw_layer(painter, view, layer, ctx)
            if drawn is not None:
                drawn.append(layer.name)
    finally:
        future.result()  # never leave the helper drawing into an image we let go
    if ctx.cancelled():
        _give_back(image)
        return
    painter.save()
    painter.resetTransform()
    painter.setOpacity(1.0)
    painter.drawImage(0, 0, image)
    painter.restore()
    _give_back(image)
    if board is not None:
        board.extend(side.labels.entries(0))
    ctx.incomplete = ctx.incomplete or side.incomplete
    if drawn is not None:
        drawn.append(layers[heavy].name)
    for layer, view in zip(layers[heavy + 1:], views[heavy + 1:]):
        if ctx.cancelled():
            return
        draw_layer(painter, view, layer, ctx)
        if drawn is not None:
            drawn.append(layer.name)
