"""The canvas's layer image cache: a re-render after one layer changed reuses the others' images,
and every change (the layer's own data, a pipe edit, the theme, the view) shows in the pixels."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely
from PySide6.QtGui import QColor, QImage, QPainter

from gis.coords import Projector
from gis.map_prep import FeatureData
from models.map_layers import MapLayer
from tests.ui.map.test_map_canvas import ORIGIN, TRANSMISSION, _near, _pipes_store, open_canvas
from ui.map.layer_views.base import RenderContext
from ui.map.renderer import render_layers
from ui.map.setup import load_layers


@pytest.fixture
def canvas(qtbot, store):
    _pipes_store(store)
    x0, y0 = ORIGIN
    layers, proj = load_layers(store, basemap=None)
    assert isinstance(proj, Projector)
    # A layer above the pipes that changes at a standing view (like repairs on the desk).
    marks = [shapely.LineString([(x0 + 100, y0 + 900), (x0 + 400, y0 + 900)]),
             shapely.LineString([(x0 + 600, y0 + 950), (x0 + 900, y0 + 950)])]
    layers.append(MapLayer("marks", "Marks", "lines", z=1000, style={"classes": [
        {"key": "mark", "label": "Mark", "color": "#00ff00", "width": 3.0}]}, data=FeatureData(
        np.array(marks, dtype=object), np.array([1, 2], np.int64), pd.DataFrame({"id": [1, 2]}),
        np.zeros(2, np.int32))))
    c = open_canvas(qtbot, layers, proj, 600)
    yield c
    c.close_canvas()


def _rerender(canvas, qtbot, change) -> None:
    with qtbot.waitSignal(canvas.rendered, timeout=10_000):
        change()
    assert canvas.wait_rendered()


def _pixel(canvas, x: float, y: float) -> QColor:
    px, py = canvas.map_to_px(x, y)
    return canvas._image.pixelColor(int(px), int(py))


def _venue_fill(canvas, colour: str) -> None:
    layer = canvas.layers["venues"]
    layer.style = {**layer.style, "classes": [dict(layer.style["classes"][0], fill=colour, color=colour)]}


def _mark_colour(canvas, colour: str) -> None:
    layer = canvas.layers["marks"]
    layer.style = {**layer.style, "classes": [dict(layer.style["classes"][0], color=colour)]}


def _marks_changed_twice(canvas, qtbot) -> None:
    """Recolour the marks twice: they are volatile, and the second render reuses the layers around them."""
    for colour in ("#ff00ff", "#0000ff"):
        _rerender(canvas, qtbot, lambda c=colour: _mark_colour(canvas, c))


def _add_pipe(canvas, cls: int) -> None:
    """A new pipe of class ``cls`` in the layer's data (no layer event): x0 + 100, from y0 + 600 to y0 + 700."""
    canvas.layers["pipes"].data.append(
        shapely.LineString([(ORIGIN[0] + 100, ORIGIN[1] + 600), (ORIGIN[0] + 100, ORIGIN[1] + 700)]),
        99, {"code": "NEW"}, cls)


def _uncached(canvas) -> QImage:
    """The same view drawn layer by layer, no cache: what the cached image must equal."""
    c = canvas._image_ctx
    ctx = RenderContext(c.xmin, c.ymin, c.xmax, c.ymax, c.width, c.height, antialias=c.antialias)
    image = QImage(c.width, c.height, QImage.Format.Format_ARGB32_Premultiplied)
    p = QPainter(image)
    render_layers(p, canvas.registry, ctx, canvas.background)
    p.end()
    return image


def _differing(a: QImage, b: QImage) -> int:
    def arr(img):
        img = img.convertToFormat(QImage.Format.Format_ARGB32)
        return np.frombuffer(img.constBits(), np.uint8).reshape(img.height(), img.width(), 4).astype(int)
    return int((np.abs(arr(a) - arr(b)).sum(axis=2) > 12).sum())


def test_a_changed_layer_is_drawn_again_over_the_kept_images_of_the_others(canvas, qtbot):
    mark = (ORIGIN[0] + 250, ORIGIN[1] + 900)
    venue = (ORIGIN[0] + 750, ORIGIN[1] + 250)  # in the venue, off the pipes
    venue_colour = _pixel(canvas, *venue)
    _rerender(canvas, qtbot, lambda: _mark_colour(canvas, "#ff00ff"))
    assert _near(_pixel(canvas, *mark), QColor("#ff00ff"))
    assert canvas.layer_cache.kept_images() >= 1  # the marks are volatile now: the layers below are kept
    _rerender(canvas, qtbot, lambda: _mark_colour(canvas, "#0000ff"))
    stats = canvas.layer_cache.stats
    assert stats.drawn == ["marks"]
    assert {"pipes", "venues"} <= set(stats.reused)
    assert _near(_pixel(canvas, *mark), QColor("#0000ff"))
    assert _near(_pixel(canvas, ORIGIN[0] + 300, ORIGIN[1] + 500), TRANSMISSION)  # the kept pipes are there
    assert _near(_pixel(canvas, *venue), venue_colour)
    assert _differing(canvas._image, _uncached(canvas)) == 0
    # A layer under the kept ones changes: it is drawn with everything above it, and shows.
    _rerender(canvas, qtbot, lambda: _venue_fill(canvas, "#00ff00"))
    assert "venues" in canvas.layer_cache.stats.drawn
    assert _near(_pixel(canvas, *venue), QColor("#00ff00"))
    assert _differing(canvas._image, _uncached(canvas)) == 0


def test_a_pipe_edit_shows_although_the_pipes_were_kept(canvas, qtbot):
    _marks_changed_twice(canvas, qtbot)
    assert "pipes" in canvas.layer_cache.stats.reused
    new = (ORIGIN[0] + 100, ORIGIN[1] + 650)
    assert _near(_pixel(canvas, *new), canvas.background)
    pipes = canvas.layers["pipes"]
    transmission = next(i for i, c in enumerate(pipes.style["classes"]) if c["key"] == "transmission")
    _add_pipe(canvas, transmission)
    _rerender(canvas, qtbot, pipes.data_changed)
    assert "pipes" in canvas.layer_cache.stats.drawn
    assert _near(_pixel(canvas, *new), TRANSMISSION)
    assert _differing(canvas._image, _uncached(canvas)) == 0


def test_a_theme_change_and_a_new_view_draw_every_layer_again(canvas, qtbot):
    _marks_changed_twice(canvas, qtbot)
    assert "pipes" in canvas.layer_cache.stats.reused
    empty = (ORIGIN[0] + 100, ORIGIN[1] + 650)
    night = QColor("#1b1f27")

    def theme():
        canvas.background = night
        canvas.refresh()
    _rerender(canvas, qtbot, theme)
    assert "pipes" in canvas.layer_cache.stats.drawn
    assert _near(_pixel(canvas, *empty), night)
    # Data changed without a layer event (a background load finishing): refresh() draws everything.
    _add_pipe(canvas, 0)
    _rerender(canvas, qtbot, canvas.refresh)
    assert not _near(_pixel(canvas, *empty), night)
    _rerender(canvas, qtbot, lambda: canvas.pan_px(150, 0, settle=False))
    assert "pipes" in canvas.layer_cache.stats.drawn and not canvas.layer_cache.stats.reused
    assert _near(_pixel(canvas, ORIGIN[0] - 100, ORIGIN[1] + 500), night)  # west of the pipes' start
    assert _near(_pixel(canvas, ORIGIN[0] + 50, ORIGIN[1] + 500), TRANSMISSION)
    assert _differing(canvas._image, _uncached(canvas)) == 0


def test_a_layer_quiet_for_a_while_is_kept_again(canvas, qtbot, monkeypatch):
    from ui.map import render_cache

    _marks_changed_twice(canvas, qtbot)
    assert canvas.layer_cache.volatile == {"marks"}
    monkeypatch.setattr(render_cache, "VOLATILE_S", 0.0)
    _rerender(canvas, qtbot, canvas.refresh)
    assert canvas.layer_cache.volatile == set()
    assert "marks" in canvas.layer_cache.stats.drawn and canvas.layer_cache.kept_images() == 0
    assert _near(_pixel(canvas, ORIGIN[0] + 250, ORIGIN[1] + 900), QColor("#0000ff"))
