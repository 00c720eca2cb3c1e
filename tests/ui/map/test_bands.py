"""Lines and points drawn in bands without the interpreter lock make the picture one painter makes."""

from __future__ import annotations

import numpy as np
import pytest
import shiboken6
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QTransform

from ui.map.layer_views import bands
from ui.map.layer_views.base import draw_lines_array, draw_points_array

W, H = 900, 700


@pytest.fixture(autouse=True)
def bands_always_pay(monkeypatch):
    """The pictures are compared with bands on, whatever this machine's load says of their payoff."""
    monkeypatch.setattr(bands, "payoff", bands.Payoff(min_gain=0.0))


def _lines(n: int, seed: int = 3) -> np.ndarray:
    """Short and long lines in world metres (a y-up map), some far outside the image."""
    rng = np.random.default_rng(seed)
    p0 = rng.uniform([-200, -200], [2000, 1600], (n, 2))
    d = rng.normal(0, 40, (n, 2))
    d[: n // 10] *= 20  # a tenth cross many rows: they reach several bands
    return np.ascontiguousarray(np.hstack([p0, p0 + d]))


def _image() -> QImage:
    image = QImage(W, H, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor(235, 240, 230))
    return image


def _painter(image: QImage, width: float, cosmetic: bool = True, transform: QTransform | None = None,
             cap=Qt.PenCapStyle.FlatCap) -> QPainter:
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.setOpacity(0.8)
    pen = QPen(QColor(46, 134, 193, 220), width)
    pen.setCosmetic(cosmetic)
    pen.setCapStyle(cap)
    p.setPen(pen)
    # The map's transform: world metres (y up) to pixels, half a metre a pixel.
    p.setTransform(transform or QTransform(0.5, 0, 0, -0.5, 10, H - 5))
    return p


def _pyside(painter: QPainter, kind, items: np.ndarray) -> None:
    """The plain PySide6 call, one painter: the reference picture."""
    if kind is bands.LINES:
        painter.drawLines(shiboken6.wrapInstance(items.ctypes.data, QLineF), len(items))
    else:
        painter.drawPoints(shiboken6.wrapInstance(items.ctypes.data, QPointF), len(items))


def _pixels(image: QImage) -> np.ndarray:
    return np.frombuffer(image.constBits(), np.uint8).reshape(H, image.bytesPerLine())[:, : 4 * W].reshape(H, W, 4).astype(int)


def test_qt_drawing_is_reached_without_the_interpreter_lock():
    # On this platform the C++ calls are found: if a PySide6 upgrade renames them the map would
    # silently draw with the lock held again, so this says so.
    assert bands.LINES.native is not None and bands.POINTS.native is not None


@pytest.mark.parametrize("kind, width, cosmetic, cap", [
    (bands.LINES, 1.0, True, Qt.PenCapStyle.FlatCap), (bands.LINES, 3.2, True, Qt.PenCapStyle.FlatCap),
    (bands.LINES, 6.0, False, Qt.PenCapStyle.FlatCap), (bands.POINTS, 7.0, True, Qt.PenCapStyle.RoundCap),
    (bands.POINTS, 9.0, True, Qt.PenCapStyle.SquareCap)])
def test_banded_drawing_is_the_one_painter_picture(monkeypatch, kind, width, cosmetic, cap):
    monkeypatch.setattr(bands, "band_count", lambda: 3)  # an uneven split, whatever this machine has
    items = _lines(9000)
    if kind is bands.POINTS:
        items = np.ascontiguousarray(items[:, :2])
    band_rows = []
    call = bands._Primitive.call

    def spy(self, painter, part, start, stop, release=True):
        if painter.device().height() < H:  # a band's painter (the caller's draws the edge crossers)
            band_rows.append(painter.device().height())
        call(self, painter, part, start, stop, release)

    monkeypatch.setattr(bands._Primitive, "call", spy)
    pool, offered = bands._pool(), []
    monkeypatch.setattr(bands, "_pool", lambda: offered.append(1) or pool)
    banded, reference = _image(), _image()
    p = _painter(banded, width, cosmetic, cap=cap)
    (draw_lines_array(p, items, 0, len(items)) if kind is bands.LINES else draw_points_array(p, items))
    p.end()
    monkeypatch.setattr(bands._Primitive, "call", call)
    p = _painter(reference, width, cosmetic, cap=cap)
    _pyside(p, kind, items)
    p.end()

    # Five bands, offered to two helper threads besides the caller (which takes the bands a helper
    # has not started on: which thread drew which depends on the machine's load).
    assert band_rows.count(140) == 5 and len(band_rows) == 5 and len(offered) == 2
    # The same picture: where translucent lines overlap, blended in another order, a pixel may round
    # differently by a level or three; a line missing, cut or moved would be tens of levels off.
    a, b = _pixels(banded), _pixels(reference)
    assert np.abs(a - b).max() <= 3


def test_round_capped_lines_are_not_banded(monkeypatch):
    # Qt fills a batch of round-capped lines as one outline (overlaps blended once): bands would
    # blend them twice where they meet, so such a batch is one call, the very same picture.
    monkeypatch.setattr(bands, "band_count", lambda: 3)
    items = _lines(9000)
    banded, reference = _image(), _image()
    p = _painter(banded, 3.2, cap=Qt.PenCapStyle.RoundCap)
    draw_lines_array(p, items, 0, len(items))
    p.end()
    p = _painter(reference, 3.2, cap=Qt.PenCapStyle.RoundCap)
    _pyside(p, bands.LINES, items)
    p.end()
    assert banded == reference


def test_small_batches_clips_and_other_devices_are_one_call(monkeypatch):
    monkeypatch.setattr(bands, "band_count", lambda: 4)
    banded = []
    monkeypatch.setattr(bands, "_draw_in_bands", lambda *a: banded.append(a))
    items = _lines(9000)
    image = _image()
    p = _painter(image, 1.0)
    draw_lines_array(p, items, 0, 20)  # a few pixels
    p.setClipRect(QRectF(0, 0, 100, 100))
    draw_lines_array(p, items, 0, len(items))  # clipped
    p.setClipping(False)
    p.setTransform(QTransform().rotate(30))
    draw_lines_array(p, items, 0, len(items))  # a turned device
    p.end()
    assert banded == []
    # The same painter state on a plain image with a big batch is banded.
    p = _painter(image, 1.0)
    draw_lines_array(p, items, 0, len(items))
    p.end()
    assert len(banded) == 1


def test_unbanded_native_call_is_the_pyside_picture(monkeypatch):
    monkeypatch.setattr(bands, "band_count", lambda: 1)
    items = _lines(3000, seed=8)
    native, reference = _image(), _image()
    p = _painter(native, 2.0)
    draw_lines_array(p, items, 500, 2500)
    p.end()
    p = _painter(reference, 2.0)
    part = np.ascontiguousarray(items[500:2500])
    _pyside(p, bands.LINES, part)
    p.end()
    assert native == reference


def test_bands_are_left_off_while_they_do_not_pay(monkeypatch):
    # On a machine whose cores are all busy the bands' threads wait for a core and the frame waits
    # for them: measured twice as slow. Then one thread draws, and bands are tried again later.
    now = [1000.0]
    monkeypatch.setattr(bands.time, "monotonic", lambda: now[0])
    payoff = bands.Payoff()
    payoff.record(cpu_s=0.018, wall_s=0.010)  # two cores drawing at once: a gain of 1.8
    for _ in range(20):
        payoff.record(cpu_s=0.0003, wall_s=0.0004)  # small batches that did not pay: too little to judge by
    assert payoff.allowed()
    for _ in range(3):
        payoff.record(cpu_s=0.057, wall_s=0.117)  # the loaded machine: less CPU than time
    assert not payoff.allowed()
    monkeypatch.setattr(bands, "payoff", payoff)
    image = _image()
    p = _painter(image, 1.0)
    assert bands._band_image(p, bands.LINES) is None
    now[0] += payoff.pause_s
    assert payoff.allowed() and bands._band_image(p, bands.LINES) is image
    p.end()


def _class_grid(rows: int, cols: int) -> tuple[np.ndarray, list[int]]:
    """A sparse class grid like a pipes raster (a fifth of the cells drawn, 32 shades of 5 classes)."""
    rng = np.random.default_rng(11)
    grid = np.zeros((rows, cols + 7), np.uint8)  # rows wider than the cells read: a slice of a bigger grid
    drawn = rng.random((rows, cols)) < 0.2
    grid[:, :cols][drawn] = rng.integers(1, 161, drawn.sum())
    table = [0] + [QColor(30 * (k // 32), 100, 200, 8 * (k % 32) + 7).rgba() for k in range(160)]
    return grid[:, :cols], (table + [0] * 256)[:256]


@pytest.mark.parametrize("scale", [0.96, 1.0, 2.1, 0.45])
def test_a_class_grid_blitted_in_bands_is_the_one_blit_picture(monkeypatch, scale):
    monkeypatch.setattr(bands, "band_count", lambda: 3)
    monkeypatch.setattr(bands, "BAND_MIN_BLIT_PIXELS", 0)
    cells, table = _class_grid(int(H / scale) + 5, int(W / scale) + 5)
    target = (-1.3, -2.6, -1.3 + cells.shape[1] * scale, -2.6 + cells.shape[0] * scale)
    banded, reference = _image(), _image()
    offered = []
    pool = bands._pool()
    monkeypatch.setattr(bands, "_pool", lambda: offered.append(1) or pool)
    for image, bandable in ((banded, True), (reference, False)):
        p = QPainter(image)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        p.setOpacity(0.9)
        if not bandable:
            p.setClipRect(QRectF(0, 0, W, H))  # a clip: one blit
        bands.draw_cells(p, cells, table, target)
        p.end()
    assert offered  # the first was drawn in bands
    # The same pixels: smooth scaling read the same cells around every band's edge.
    assert banded == reference


@pytest.mark.parametrize("scale", [0.96, 2.1, 0.45])
def test_a_class_grid_blitted_by_one_band_of_a_frame_is_the_one_blit_picture(monkeypatch, scale):
    # A band of a frame blits on its own rows (its device as big as the frame, clipped to them), a
    # part at a time (at most CHUNK_CELLS cells coloured at once): the one-blit picture on its rows.
    monkeypatch.setattr(bands, "CHUNK_CELLS", 40_000)
    cells, table = _class_grid(int(H / scale) + 5, int(W / scale) + 5)
    target = (-1.3, -2.6, -1.3 + cells.shape[1] * scale, -2.6 + cells.shape[0] * scale)
    banded, reference = _image(), _image()
    p = QPainter(reference)
    p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
    p.setOpacity(0.9)
    p.setClipRect(QRectF(0, 0, W, H))  # a clip: one blit
    bands.draw_cells(p, cells, table, target)
    p.end()
    top, bottom = 170, 530
    with bands.frame_band():
        p = QPainter(banded)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        p.setOpacity(0.9)
        p.setClipRect(0, top, W, bottom - top)
        bands.draw_cells(p, cells, table, target)
        p.end()
    banded_px, reference_px = _pixels(banded), _pixels(reference)
    assert np.array_equal(banded_px[top:bottom], reference_px[top:bottom])
    assert np.array_equal(banded_px[:top], _pixels(_image())[:top])  # nothing outside its rows
    assert np.array_equal(banded_px[bottom:], _pixels(_image())[bottom:])
