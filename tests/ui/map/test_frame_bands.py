"""A big frame drawn in bands of rows on several threads (every layer in each band) is the picture
one thread draws, with the same labels; what cannot be drawn so is drawn on one thread."""

from __future__ import annotations

import threading
import time

import numpy as np
import pandas as pd
import pytest
import shapely
from PySide6.QtGui import QColor, QImage, QPainter, QPdfWriter

from gis.map_prep import FeatureData
from models.map_layers import MapLayer
from ui.map import frame_bands
from ui.map.layer_views import bands
from ui.map.layer_views.base import LayerView, RenderContext
from ui.map.render_cache import LayerImageCache
from ui.map.renderer import ViewRegistry, render_layers
from ui.map.setup import load_layers

W, H = 1500, 1000


@pytest.fixture(autouse=True)
def frames_in_bands(monkeypatch):
    """Bands for a frame of this test's size, 3 of them (an uneven split), whatever this machine's load says."""
    monkeypatch.setattr(frame_bands, "payoff", bands.Payoff(min_gain=0.0))
    monkeypatch.setattr(frame_bands, "FRAME_MIN_PIXELS", W * H)
    monkeypatch.setattr(frame_bands, "FRAME_MIN_WORK_MS", 0.0)  # the demo's layers draw quickly
    monkeypatch.setattr(bands, "band_count", lambda: 3)


@pytest.fixture
def bands_drawn(monkeypatch):
    """How many bands each frame was drawn in (0: one thread)."""
    counts = []
    real = frame_bands.draw

    def counting(*args):
        jobs = []
        run = bands.run_bands
        monkeypatch.setattr(bands, "run_bands", lambda j, fn: (jobs.append(len(j)), run(j, fn)))
        try:
            real(*args)
        finally:
            monkeypatch.setattr(bands, "run_bands", run)
        counts.append(jobs[0])
    monkeypatch.setattr(frame_bands, "draw", counting)
    return counts


def _dashed_layers(x0: float, y0: float) -> list[MapLayer]:
    """Dashed outlines and lines (1 px and 2.5 px) that cross every band's edge, over the demo's layers."""
    ring = shapely.Polygon([(x0 - 1500, y0 - 1400), (x0 + 1300, y0 - 1100), (x0 + 1100, y0 + 1500),
                            (x0 - 900, y0 + 1200)])
    lines = [shapely.LineString([(x0 - 1400 + 90 * k, y0 - 1500), (x0 - 1200 + 110 * k, y0 + 1500)]) for k in range(12)]
    areas = FeatureData(np.array([ring], dtype=object), np.array([1], np.int64), pd.DataFrame({"id": [1]}),
                        np.zeros(1, np.int32))
    dashes = FeatureData(np.array(lines, dtype=object), np.arange(12, dtype=np.int64),
                         pd.DataFrame({"id": range(12)}), (np.arange(12) % 2).astype(np.int32), n_classes=2)
    return [
        MapLayer("dashed_areas", "Dashed areas", "polygons", z=900, data=areas, style={"classes": [
            {"key": "a", "label": "A", "color": "#d68910", "fill": "#f5b04122", "width": 1.5, "dash": True}]}),
        MapLayer("dashed_lines", "Dashed lines", "lines", z=901, data=dashes, style={"classes": [
            {"key": "thin", "label": "Thin", "color": "#884ea0", "width": 1.0, "dash": True},
            {"key": "wide", "label": "Wide", "color": "#117a65cc", "width": 2.5, "dash": True}]}),
    ]


@pytest.fixture
def demo_map(demo_store):
    layers, _ = load_layers(demo_store)
    venue = layers["venues"].data.geoms[0].centroid  # streets, named places and pipes around it
    cx, cy = venue.x, venue.y
    for layer in _dashed_layers(cx, cy):
        layers.append(layer)
    registry = ViewRegistry(layers)
    yield registry, (cx, cy)
    registry.close()


def _render(registry, box, size=(W, H), bands_on=True, monkeypatch=None) -> tuple[np.ndarray, RenderContext]:
    if not bands_on:
        monkeypatch.setattr(frame_bands, "FRAME_MIN_PIXELS", 10 ** 12)
    w, h = size
    image = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
    ctx = RenderContext(*box, w, h, antialias=True)
    p = QPainter(image)
    render_layers(p, registry, ctx, QColor("#f2efe9"))
    p.end()
    if not bands_on:
        monkeypatch.setattr(frame_bands, "FRAME_MIN_PIXELS", W * H)
    return _pixels(image), ctx


def _pixels(image: QImage) -> np.ndarray:
    h, w = image.height(), image.width()
    return np.frombuffer(image.constBits(), np.uint8).reshape(h, image.bytesPerLine())[:, :4 * w].reshape(h, w, 4).astype(int)


def _box(cx, cy, width_m, size=(W, H)):
    hh = width_m * size[1] / size[0] / 2
    return (cx - width_m / 2, cy - hh, cx + width_m / 2, cy + hh)


@pytest.mark.parametrize("width_m", [600, 2500, 9000])
def test_a_frame_in_bands_is_the_one_thread_picture_with_the_same_labels(demo_map, monkeypatch, bands_drawn, width_m):
    registry, (cx, cy) = demo_map
    box = _box(cx, cy, width_m)
    one, one_ctx = _render(registry, box, bands_on=False, monkeypatch=monkeypatch)
    assert bands_drawn == []
    banded, banded_ctx = _render(registry, box)
    assert bands_drawn == [3]
    # The same labels placed at the same places (placed once, for the whole frame, after the bands).
    assert len(one_ctx.labels) > 0 and one_ctx.labels.kept.sum() > 0
    assert one_ctx.labels.texts == banded_ctx.labels.texts
    assert np.array_equal(one_ctx.labels.kept_boxes(), banded_ctx.labels.kept_boxes())
    # The same pixels, to rounding where translucent strokes overlap: no seam at the bands' edges, and
    # the dashes (Qt dashes a whole outline; a band's device is as big as the frame) in step.
    diff = np.abs(banded - one).max(axis=2)
    assert diff.max() <= 4, np.argwhere(diff > 4)[:10]
    assert (diff > 0).mean() < 0.01


def test_a_frame_under_the_size_or_with_raster_tiles_or_a_clip_is_drawn_on_one_thread(demo_map, monkeypatch, bands_drawn):
    registry, (cx, cy) = demo_map
    _render(registry, _box(cx, cy, 2500, (W, H - 1), ), size=(W, H - 1))
    assert bands_drawn == []  # under the size

    class TileLike(LayerView):  # not safe to draw on two threads at once (frame_bandable False)
        def draw(self, painter, ctx):
            painter.fillRect(0, 0, 10, 10, QColor("red"))
    layer = MapLayer("tiles", "Tiles", "lines", z=-1, data=None, style={})
    registry.layers.append(layer)
    registry.views["tiles"] = TileLike(layer)
    _render(registry, _box(cx, cy, 2500))
    assert bands_drawn == []
    registry.layers.remove("tiles")

    image = QImage(W, H, QImage.Format.Format_ARGB32_Premultiplied)
    p = QPainter(image)
    p.setClipRect(0, 0, 300, 300)
    render_layers(p, registry, RenderContext(*_box(cx, cy, 2500), W, H), QColor("white"))
    p.end()
    assert bands_drawn == []
    _render(registry, _box(cx, cy, 2500))
    assert bands_drawn == [3]


def test_layers_that_drew_quickly_are_drawn_on_one_thread(demo_map, monkeypatch, bands_drawn):
    # A live layer redrawn over the layer cache's kept image: the bands' copies would cost more.
    registry, (cx, cy) = demo_map
    monkeypatch.setattr(frame_bands, "FRAME_MIN_WORK_MS", 6.0)
    layers = [registry.layers["routes"]]
    registry.views["routes"].last_ms = 0.4
    image = QImage(W, H, QImage.Format.Format_ARGB32_Premultiplied)
    p = QPainter(image)
    from ui.map.renderer import draw_layers
    draw_layers(p, registry, layers, RenderContext(*_box(cx, cy, 2500), W, H), None, QColor("white"))
    registry.views["routes"].last_ms = None  # not drawn yet: taken for heavy
    draw_layers(p, registry, layers, RenderContext(*_box(cx, cy, 2500), W, H), None, QColor("white"))
    p.end()
    assert bands_drawn == [3]


def test_a_pdf_page_is_drawn_on_one_thread(demo_map, tmp_path, bands_drawn):
    registry, (cx, cy) = demo_map
    writer = QPdfWriter(str(tmp_path / "sheet.pdf"))
    writer.setResolution(300)
    p = QPainter(writer)
    render_layers(p, registry, RenderContext(*_box(cx, cy, 2500), W, H), None)
    p.end()
    assert bands_drawn == [] and (tmp_path / "sheet.pdf").stat().st_size > 1000


def test_frames_in_bands_are_left_off_while_they_do_not_pay(demo_map, monkeypatch, bands_drawn):
    registry, (cx, cy) = demo_map
    monkeypatch.setattr(frame_bands, "payoff", bands.Payoff())
    frame_bands.payoff.record(0.010, 0.030)  # one thread would have been three times quicker
    _render(registry, _box(cx, cy, 2500))
    assert bands_drawn == []


def test_the_layer_cache_draws_its_kept_images_in_bands_the_same(demo_map, monkeypatch, bands_drawn):
    registry, (cx, cy) = demo_map
    box = _box(cx, cy, 2500)
    one, _ = _render(registry, box, bands_on=False, monkeypatch=monkeypatch)
    cache = LayerImageCache()
    cache.changed("routes")  # a layer changing at a standing view: base and top images are kept
    ctx = RenderContext(*box, W, H, antialias=True)
    image = cache.render(registry, ctx, QColor("#f2efe9"), cache.epoch)
    assert bands_drawn and all(n == 3 for n in bands_drawn)
    assert np.abs(_pixels(image) - one).max() <= 4
    again = cache.render(registry, RenderContext(*box, W, H, antialias=True), QColor("#f2efe9"), cache.epoch)
    assert "pipes" in cache.stats.reused
    assert np.abs(_pixels(again) - one).max() <= 4


def test_a_view_waiting_for_data_in_one_band_leaves_the_frame_incomplete(demo_map, bands_drawn):
    registry, (cx, cy) = demo_map

    class Waiting(LayerView):
        frame_bandable = True

        def draw(self, painter, ctx):
            if ctx.ymax > ctx.frame[3] - 1:  # only the top band's data is missing
                ctx.incomplete = True
    layer = MapLayer("waiting", "Waiting", "lines", z=2000, data=None, style={})
    registry.layers.append(layer)
    registry.views["waiting"] = Waiting(layer)
    _, ctx = _render(registry, _box(cx, cy, 2500))
    assert bands_drawn == [3] and ctx.incomplete


def test_a_cancelled_frame_stops_in_every_band(demo_map, bands_drawn):
    registry, (cx, cy) = demo_map
    image = QImage(W, H, QImage.Format.Format_ARGB32_Premultiplied)
    ctx = RenderContext(*_box(cx, cy, 2500), W, H, cancelled=lambda: True)
    drawn = []
    p = QPainter(image)
    render_layers(p, registry, ctx, QColor("white"), drawn)
    p.end()
    assert bands_drawn == [3] and drawn == []


def test_an_error_in_one_band_is_raised_after_every_band_has_stopped(demo_map, bands_drawn):
    registry, (cx, cy) = demo_map
    running = []

    class Failing(LayerView):
        frame_bandable = True

        def draw(self, painter, ctx):
            running.append(1)
            if threading.current_thread() is threading.main_thread():
                raise RuntimeError("broken layer")  # the band the caller draws fails at once
            time.sleep(0.3)  # the helpers' bands are still being drawn (into the frame) when it does
            running.pop()
    layer = MapLayer("failing", "Failing", "lines", z=2000, data=None, style={})
    registry.layers.append(layer)
    registry.views["failing"] = Failing(layer)
    image = QImage(W, H, QImage.Format.Format_ARGB32_Premultiplied)
    p = QPainter(image)
    with pytest.raises(RuntimeError, match="broken layer"):
        render_layers(p, registry, RenderContext(*_box(cx, cy, 2500), W, H), QColor("white"))
    p.end()
    assert running == [1]  # only the failed band's mark is left: the others had finished
