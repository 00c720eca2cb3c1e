"""Drawing a run of layers in order, each timed (the layer image cache weighs what to keep by it).

A split that drew the heaviest layer on a second thread and laid it over was
tried (QGIS renders layers in parallel): measured on the 500,000-pipe city on
an idle 2-core machine, the views took as long wall-clock as in order (4 km:
20–26 ms either way, wall ≈ CPU): the drawing does not run concurrently from
Python, so it was taken out again.
"""

from __future__ import annotations

import time

from PySide6.QtGui import QPainter

from ui.map.layer_views.base import RenderContext


def draw_layer(painter: QPainter, view, layer, ctx: RenderContext) -> None:
    """One layer with its opacity; its drawing time (thread CPU ms, smoothed) kept on the view as ``last_ms``."""
    t = time.thread_time()
    painter.save()
    painter.setOpacity(layer.opacity)
    view.draw(painter, ctx)
    painter.restore()
    ms = (time.thread_time() - t) * 1000
    last = view.last_ms
    # Falls at once, rises by halves: a one-off (a cache built on first use) does not decide for long.
    view.last_ms = ms if last is None or ms < last else 0.5 * (last + ms)


def draw_layers(painter: QPainter, registry, layers: list, ctx: RenderContext, drawn: list | None = None) -> None:
    """Draw ``layers`` (visible, bottom first) onto ``painter`` in order.

    ``drawn`` collects the names of the layers drawn. Stops early when ``ctx`` is cancelled.
    """
    for layer in layers:
        if ctx.cancelled():
            return
        draw_layer(painter, registry.views[layer.name], layer, ctx)
        if drawn is not None:
            drawn.append(layer.name)
