"""Lines, points and class rasters drawn without the interpreter lock, in horizontal bands across the cores.

PySide6 holds the interpreter lock for the whole of ``QPainter.drawLines``: two
threads drawing took as long as one, and every other thread (the GUI's among
them) waited while a wall-sized view of a city's pipes was drawn (~20 ms).
Qt's own functions called through ctypes run without it (ctypes lets go of
the lock around every foreign call), so the work can be split:

* a big batch of lines or points on a plain image is cut into horizontal bands
  of the image, one painter each over the image's own rows (no copy, no
  compositing), drawn at once on a few threads; every band draws, in their
  order, the items that lie in it, with the caller's pen, hints, opacity and
  transform moved up by the band's top row; the few that cross a band's edge
  are drawn after them whole. The picture is one painter's, to a level of
  rounding where translucent lines overlap;
* a big class raster (:func:`draw_cells`) is converted to colour and scaled a
  band of rows at a time: the same pixels;
* anything else (a PDF, a clip, a turned device) is one call, still without
  the lock when it is big; a small batch is drawn holding it (getting the lock
  back from a busy thread can take the switch interval, longer than the drawing).

Polygons are not banded here: a dashed outline would restart its dashes in every
band, and copying a big path for each band cost more than the band saved. A
big frame is cut into bands a level up instead (:mod:`ui.map.frame_bands`:
every layer in each band, on a device as big as the frame); a thread drawing one
of those bands (:func:`frame_band`) makes every call here without the lock,
paths too (:func:`fill_path`, :func:`stroke_path`, :func:`draw_path`).
When Qt's library or its symbols cannot be found (another platform's name
mangling), the PySide6 calls are used: the same picture, only slower.
"""

from __future__ import annotations

import ctypes
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import shiboken6
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QImage, QPainter, QPainterPath, QPen, QTransform

#: A batch covering fewer pixels than this (~2 ms of drawing) is one call: sorting it into bands and starting the
#: bands' painters would cost more than the bands save. Measured by its pixels, not its items: 121
#: key roads 7 px wide took as long as 17,000 one-pixel pipes.
BAND_MIN_PIXELS = 60_000

#: Bands are at least this many rows high (a thin band repeats the lines that cross it for little work).
BAND_MIN_ROWS = 128

#: Image formats a band painter can draw into in place.
BANDABLE = {QImage.Format.Format_ARGB32_Premultiplied, QImage.Format.Format_RGB32, QImage.Format.Format_ARGB32}


def _qt_gui_library() -> ctypes.CDLL | None:
    """Qt's GUI library as PySide6 loaded it (its own copy, not a system one), or None."""
    import PySide6

    base = Path(PySide6.__file__).parent
    for path in (base / "Qt" / "lib" / "libQt6Gui.so.6", base / "Qt6Gui.dll",
                 base / "Qt" / "lib" / "QtGui.framework" / "QtGui"):
        if path.exists():
            try:
                return ctypes.CDLL(str(path))
            except OSError:
                return None
    return None


def _native(names: tuple[str, ...], argtypes=(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)):
    """The first of ``names`` (one C++ member function, as each ABI spells it) as a ctypes function, or None."""
    if os.environ.get("WG_PYSIDE_DRAWING"):  # the PySide6 calls, to compare the two
        return None
    lib = _qt_gui_library()
    for name in names if lib is not None else ():
        fn = getattr(lib, name, None)
        if fn is not None:
            fn.argtypes = list(argtypes)
            fn.restype = None
            return fn
    return None


class _Primitive:
    """``QPainter::draw<kind>(const <item> *, int)``: ``columns`` doubles an item, ``ys`` its y columns."""

    def __init__(self, qt_type, columns: int, ys: tuple[int, ...], pyside_name: str,
                 names: tuple[str, ...], caps=None):
        self.qt_type, self.columns, self.ys, self.pyside_name = qt_type, columns, ys, pyside_name
        #: Pen caps the items can be banded with (None: any). Qt strokes a batch of round-capped lines
        #: as one outline and fills it once, so where two overlap they are blended once: split into bands
        #: they would be blended twice. Flat-capped solid lines are each blended on their own.
        self.caps = caps
        self.native = _native(names)

    def pixels(self, items: np.ndarray, t: QTransform, width: float) -> float:
        """About how many pixels drawing ``items`` covers: what its drawing costs (~30–50 ns a pixel)."""
        if self.columns == 2:  # a marker: its square with the antialiased fringe (round ones cost ~90 ns a pixel)
            return len(items) * (width + 2.0) ** 2
        along = np.abs(items[:, 2] - items[:, 0]).sum() * abs(t.m11()) + np.abs(items[:, 3] - items[:, 1]).sum() * abs(t.m22())
        return float(along) * width

    def call(self, painter: QPainter, items: np.ndarray, start: int, stop: int, release: bool = True) -> None:
        """One draw call; ``release``: through ctypes, letting the interpreter lock go while Qt draws.

        Getting the lock back can wait for another thread's turn (up to the switch interval, 1 ms in
        the desk): worth it for a big batch, not for a short one, which PySide6 draws holding it.
        """
        address = items.ctypes.data + start * 8 * self.columns
        if self.native is not None and release:
            self.native(shiboken6.getCppPointer(painter)[0], address, stop - start)
        else:
            getattr(painter, self.pyside_name)(shiboken6.wrapInstance(address, self.qt_type), stop - start)


LINES = _Primitive(QLineF, 4, (1, 3), "drawLines",
                   ("_ZN8QPainter9drawLinesEPK6QLineFi", "?drawLines@QPainter@@QEAAXPEBVQLineF@@H@Z"),
                   caps=(Qt.PenCapStyle.FlatCap,))
POINTS = _Primitive(QPointF, 2, (1,), "drawPoints",
                    ("_ZN8QPainter10drawPointsEPK7QPointFi", "?drawPoints@QPainter@@QEAAXPEBVQPointF@@H@Z"))

#: ``QImage::convertTo(Format, Qt::ImageConversionFlags)`` and ``QPainter::drawImage(const QRectF &,
#: const QImage &, const QRectF &, Qt::ImageConversionFlags)`` (the flags are an int by value).
_CONVERT_TO = _native(("_ZN6QImage9convertToENS_6FormatE6QFlagsIN2Qt19ImageConversionFlagEE",),
                      (ctypes.c_void_p, ctypes.c_int, ctypes.c_int))
_DRAW_IMAGE = _native(("_ZN8QPainter9drawImageERK6QRectFRK6QImageS2_6QFlagsIN2Qt19ImageConversionFlagEE",),
                      (ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int))

#: ``QPainter::fillPath(const QPainterPath &, const QBrush &)``, ``strokePath(…, const QPen &)``, ``drawPath``.
_FILL_PATH = _native(("_ZN8QPainter8fillPathERK12QPainterPathRK6QBrush",), (ctypes.c_void_p,) * 3)
_STROKE_PATH = _native(("_ZN8QPainter10strokePathERK12QPainterPathRK4QPen",), (ctypes.c_void_p,) * 3)
_DRAW_PATH = _native(("_ZN8QPainter8drawPathERK12QPainterPath",), (ctypes.c_void_p,) * 2)

_bands_pool: ThreadPoolExecutor | None = None

_frame = threading.local()


@contextmanager
def frame_band():
    """This thread draws one band of a frame (:mod:`ui.map.frame_bands`) while the block runs.

    Its batches are not cut into bands again, and every Qt call that can be made
    without the interpreter lock is: the other bands' threads run Python meanwhile.
    """
    _frame.on = True
    try:
        yield
    finally:
        _frame.on = False


def in_frame_band() -> bool:
    """Whether this thread draws one band of a frame."""
    return getattr(_frame, "on", False)


def frame_natives() -> bool:
    """Whether the calls a band of a frame needs without the interpreter lock were all found."""
    return None not in (LINES.native, POINTS.native, _CONVERT_TO, _DRAW_IMAGE, _FILL_PATH, _STROKE_PATH, _DRAW_PATH)


def _cpp(obj) -> int:
    return shiboken6.getCppPointer(obj)[0]


def fill_path(painter: QPainter, path: QPainterPath, brush: QBrush) -> None:
    """``painter.fillPath(path, brush)``; in a band of a frame without the interpreter lock.

    Two bands fill the same path at once: it must have been :func:`warm_path` ed (Qt builds a path's
    drawing form on first use, which two threads must not do together).
    """
    if in_frame_band():
        _FILL_PATH(_cpp(painter), _cpp(path), _cpp(brush))
    else:
        painter.fillPath(path, brush)


def stroke_path(painter: QPainter, path: QPainterPath, pen: QPen) -> None:
    """``painter.strokePath(path, pen)``, as :func:`fill_path`."""
    if in_frame_band():
        _STROKE_PATH(_cpp(painter), _cpp(path), _cpp(pen))
    else:
        painter.strokePath(path, pen)


def draw_path(painter: QPainter, path: QPainterPath) -> None:
    """``painter.drawPath(path)``, as :func:`fill_path`."""
    if in_frame_band():
        _DRAW_PATH(_cpp(painter), _cpp(path))
    else:
        painter.drawPath(path)


_warm_image: QImage | None = None


def warm_path(path: QPainterPath) -> None:
    """Have Qt build ``path``'s drawing form (and its control-point box) now, on this thread.

    Qt keeps it in the path's shared data, built on first draw; drawn first by two bands at once,
    both would build it into the same place. A fill onto a 1-pixel image builds it (and costs about
    what drawing the path off screen does). Call it where the path is built, under its cache's lock.
    """
    global _warm_image
    if path.isEmpty():
        return
    if _warm_image is None:
        _warm_image = QImage(1, 1, QImage.Format.Format_ARGB32_Premultiplied)
    p = QPainter(_warm_image)
    p.fillPath(path, QBrush(Qt.GlobalColor.black))
    p.end()


class Payoff:
    """Whether drawing in bands has paid lately: Qt's drawing time in the bands over the time they took.

    The drawing time is what one thread would have spent on the batch; the time taken counts all the
    bands' own cost too (sorting the items, starting painters, waking threads), so a gain under one
    means one thread would have been quicker.

    On free cores two bands draw a batch in ~55 % of one thread's time (a gain of ~1.8). On a machine
    whose cores are all busy a helper thread waits for a core, and the caller waits for it: a wall-sized
    view took twice as long in bands (measured: 117 ms for 57 ms of CPU at a load of 4.5 on 2 cores).
    So CPU and time are summed over the last batches (older ones count less, big ones more than
    small ones), and once :attr:`min_wall_s` of them say the gain is under :attr:`min_gain`, bands
    are left off for :attr:`pause_s`, then tried afresh.
    """

    min_gain = 1.0
    pause_s = 3.0
    min_wall_s = 0.010
    decay = 0.8

    def __init__(self, min_gain: float | None = None) -> None:
        if min_gain is not None:
            self.min_gain = min_gain  # 0: always pays (tests compare the pictures whatever the load)
        self.cpu_s = self.wall_s = 0.0
        self.off_until = 0.0
        self._lock = threading.Lock()

    @property
    def gain(self) -> float | None:
        return self.cpu_s / self.wall_s if self.wall_s > 0 else None

    def allowed(self) -> bool:
        return time.monotonic() >= self.off_until

    def record(self, cpu_s: float, wall_s: float) -> None:
        with self._lock:
            self.cpu_s = self.decay * self.cpu_s + cpu_s
            self.wall_s = self.decay * self.wall_s + wall_s
            if self.wall_s >= self.min_wall_s and self.cpu_s < self.min_gain * self.wall_s:
                self.off_until = time.monotonic() + self.pause_s
                self.cpu_s = self.wall_s = 0.0


payoff = Payoff()


def band_count() -> int:
    """How many bands a big batch is split into: the cores this process may use, at most 4."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(cores, 4))


def _pool() -> ThreadPoolExecutor:
    global _bands_pool
    if _bands_pool is None:
        _bands_pool = ThreadPoolExecutor(max_workers=max(band_count() - 1, 1), thread_name_prefix="map-bands")
    return _bands_pool


def _band_image(painter: QPainter, primitive: _Primitive | None) -> QImage | None:
    """The image ``painter`` draws on when bands can draw into it in place as it would, else None.

    ``primitive`` None: for a class grid's blit (:func:`draw_cells`).
    """
    native = primitive.native if primitive is not None else (_CONVERT_TO and _DRAW_IMAGE)
    if native is None or in_frame_band() or band_count() < 2 or painter.hasClipping() or not payoff.allowed():
        return None
    device = painter.device()
    if not isinstance(device, QImage) or device.format() not in BANDABLE:
        return None
    if device.devicePixelRatio() != 1.0 or device.height() < 2 * BAND_MIN_ROWS:
        return None
    if painter.compositionMode() != QPainter.CompositionMode.CompositionMode_SourceOver:
        return None
    pen = painter.pen()
    if primitive is not None and (pen.style() != Qt.PenStyle.SolidLine
                                  or (primitive.caps is not None and pen.capStyle() not in primitive.caps)):
        return None
    t = painter.deviceTransform()
    if not t.isAffine() or t.m12() != 0.0 or t.m21() != 0.0:
        return None
    return device


def draw(painter: QPainter, primitive: _Primitive, items: np.ndarray, start: int, stop: int) -> None:
    """Draw ``items[start:stop]`` (an (N, columns) float64 C array) with the painter's pen, read in place.

    An array of doubles laid out like ``QLineF[]`` (``QPointF[]``) is handed to
    Qt as it is. A batch covering :data:`BAND_MIN_PIXELS` or more on a plain
    image is drawn in bands on several threads.
    """
    if stop <= start:
        return
    t, pen = painter.deviceTransform(), painter.pen()
    width = max(pen.widthF(), 1.0) * (1.0 if pen.isCosmetic() else abs(t.m22()))
    part = items[start:stop]
    big = stop - start >= 16 and primitive.pixels(part, t, width) >= BAND_MIN_PIXELS
    image = _band_image(painter, primitive) if big else None
    if image is not None:
        _draw_in_bands(painter, image, primitive, part, t, width)
    else:
        # A big batch lets the lock go while Qt draws it (the GUI thread runs meanwhile); a short one
        # keeps it: getting it back from a busy thread would cost more than the drawing. In a band of
        # a frame every batch lets it go: the other bands run Python meanwhile.
        primitive.call(painter, items, start, stop, release=big or in_frame_band())


#: A band of a frame colours at most this many cells of a class grid at a time (see ``draw_cells``).
CHUNK_CELLS = 1_000_000

#: A class grid blitted over fewer device pixels than this is one call.
BAND_MIN_BLIT_PIXELS = 1_000_000


def _indexed(cells: np.ndarray, table: list[int]) -> QImage:
    """``cells`` (uint8 rows, each contiguous, rows any stride apart) as an 8-bit indexed image read in place."""
    rows, cols = cells.shape
    span = (ctypes.c_ubyte * ((rows - 1) * cells.strides[0] + cols)).from_address(cells.ctypes.data)
    image = QImage(span, cols, rows, cells.strides[0], QImage.Format.Format_Indexed8)
    image.setColorTable(table)
    return image


def draw_cells(painter: QPainter, cells: np.ndarray, table: list[int], target: tuple[float, float, float, float]
               ) -> None:
    """Blit a class grid (uint8 cells, their colours in ``table``) smoothly scaled onto ``target`` (device pixels).

    Qt converts the indexed cells to colour and scales them (~3 ns a pixel: 29 ms for a wall-sized view,
    the lock held throughout). On a plain image a big blit is split into bands of the device's rows,
    each converting and scaling its own rows of cells (with two cells more either side, so the smooth
    scaling reads the same neighbours it would in one piece) without the lock, side by side.
    """
    if cells.strides[1] != 1:
        cells = np.ascontiguousarray(cells)
    x0, y0, x1, y1 = target
    if in_frame_band() and painter.deviceTransform().isIdentity():
        # One band of a frame (its device as big as the frame, clipped to the band's rows): blitted on
        # the band's own rows, a part of them at a time, each
        # part's cells at most CHUNK_CELLS: a bigger image's colours come in fresh pages from the
        # system (over glibc's 32 MB threshold), ~1.5 ns a cell against ~0.3 (6 ms a band of a
        # wall-sized city's cells, against ~1).
        device = painter.device()
        clip = painter.clipBoundingRect().toAlignedRect().intersected(device.rect())
        px_per_row = max((y1 - y0) / max(cells.shape[0], 1), 1e-9)
        step = max(BAND_MIN_ROWS, int((CHUNK_CELLS // max(cells.shape[1], 1) - 4) * px_per_row))
        edges = list(range(clip.top(), clip.bottom() + 1, step)) + [clip.bottom() + 1]
        if len(edges) > 2 and edges[-1] - edges[-2] < BAND_MIN_ROWS // 2:
            del edges[-2]
        row_bands = [(rows_of(device, top, bottom), top, bottom) for top, bottom in zip(edges[:-1], edges[1:])]
    else:
        image = _band_image(painter, None) if (x1 - x0) * (y1 - y0) >= BAND_MIN_BLIT_PIXELS else None
        if image is None or not painter.deviceTransform().isIdentity():
            # Converted first: Qt's smooth scaling reads an indexed image pixel by pixel through its colour
            # table (10 ms a full-screen view); converting it once is 0.6 ms and the scaling then 2–3 ms.
            whole = _indexed(cells, table).convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
            painter.drawImage(QRectF(x0, y0, x1 - x0, y1 - y0), whole)
            return
        row_bands = _row_bands(image)
    rows, cols = cells.shape
    per_row = (y1 - y0) / rows
    jobs = []
    for band, top, bottom in row_bands:
        first = max(int(np.floor((top - y0) / per_row)) - 2, 0)
        last = min(int(np.ceil((bottom - y0) / per_row)) + 2, rows)
        if first < last:
            jobs.append((band, top, first, last))
    like = (painter.renderHints(), painter.opacity(), QTransform())

    def draw_band(band: QImage, top: int, first: int, last: int) -> None:
        part = _indexed(cells[first:last], table)
        _CONVERT_TO(shiboken6.getCppPointer(part)[0], QImage.Format.Format_ARGB32_Premultiplied.value, 0)
        p = _band_painter(band, like, 0)  # device pixels; the target rect is moved up instead
        try:
            to = (ctypes.c_double * 4)(x0, y0 + first * per_row - top, x1 - x0, (last - first) * per_row)
            source = (ctypes.c_double * 4)(0.0, 0.0, float(cols), float(last - first))
            _DRAW_IMAGE(shiboken6.getCppPointer(p)[0], ctypes.addressof(to), shiboken6.getCppPointer(part)[0],
                        ctypes.addressof(source), 0)
        finally:
            p.end()

    if in_frame_band():
        for job in jobs:
            draw_band(*job)
        return
    # Not weighed by the payoff: Qt scales an image on threads of its own, whose CPU the bands'
    # thread times do not see (so the blit would seem to lose what it won: 30 ms a wall-sized 8 km
    # view in bands, 47 without). It follows what the lines say.
    run_bands(jobs, draw_band)


def _row_bands(image: QImage) -> list[tuple[QImage, int, int]]:
    """The image's rows cut into bands, ``(band, top, bottom)``: each band a QImage over those rows of the
    image's own memory, so a band's painter writes where a painter of the whole image would.

    Two bands a thread: the threads take them in turn, so one that starts late (its core busy with
    another program) leaves its bands to the others instead of holding them all up.
    """
    h = image.height()
    n_bands = min(2 * band_count(), h // BAND_MIN_ROWS)
    edges = np.linspace(0, h, n_bands + 1).round().astype(int).tolist()
    return [(rows_of(image, top, bottom), top, bottom) for top, bottom in zip(edges[:-1], edges[1:])]


def row_memory(image: QImage, top: int, bottom: int):
    """The image's rows ``top .. bottom - 1`` as a ctypes byte array over its own memory (read through
    ``constBits``: ``bits`` would detach an image shared with another, and its painter would go on
    drawing on the old copy)."""
    stride = image.bytesPerLine()
    address = np.frombuffer(image.constBits(), dtype=np.uint8).ctypes.data + top * stride
    return (ctypes.c_ubyte * ((bottom - top) * stride)).from_address(address)


def rows_of(image: QImage, top: int, bottom: int) -> QImage:
    """A QImage over the image's rows ``top .. bottom - 1``, in its own memory (drawing on it draws on the image)."""
    return QImage(row_memory(image, top, bottom), image.width(), bottom - top, image.bytesPerLine(), image.format())


def _band_painter(band: QImage, like: tuple, top: int) -> QPainter:
    """A painter on ``band`` with the caller's ``like`` = ``(hints, opacity, device transform)``, moved up by ``top``."""
    hints, opacity, transform = like
    p = QPainter(band)
    p.setRenderHints(hints)
    p.setOpacity(opacity)
    p.setTransform(transform * QTransform.fromTranslate(0.0, -top))
    return p


def run_bands(jobs: list[tuple], draw_band) -> None:
    """``draw_band(*job)`` for every job, on this thread and up to ``band_count() - 1`` helpers, each job once."""
    queue = iter(jobs)  # ``next`` on it is atomic under the interpreter lock: each band is taken once

    def take_bands() -> None:
        for job in queue:
            draw_band(*job)

    helpers = [_pool().submit(take_bands) for _ in range(min(band_count(), len(jobs)) - 1)]
    try:
        take_bands()
    finally:
        # Every helper that started is done before the caller goes on, even after an error here: they
        # draw into the caller's image. (A helper that never started has nothing left to do.)
        wait([f for f in helpers if not f.cancel()])
    for f in helpers:
        if not f.cancelled():
            f.result()  # a helper's error, raised here


def _draw_in_bands(painter: QPainter, image: QImage, primitive: _Primitive, items: np.ndarray, t: QTransform,
                   width: float) -> None:
    started = time.perf_counter()
    bands = _row_bands(image)
    n_bands = len(bands)
    edges = np.array([top for _, top, _ in bands] + [bands[-1][2]])
    # Device rows each item spans, widened by the pen's reach (half its width, the antialiased fringe
    # and a cap): an item is drawn in every band its pixels can touch.
    m22, dy = t.m22(), t.dy()
    ys = [items[:, c] * m22 + dy for c in primitive.ys]
    pen = painter.pen()
    reach = width / 2.0 + 2.0
    lo = (np.minimum(ys[0], ys[1]) if len(ys) > 1 else ys[0]) - reach
    hi = (np.maximum(ys[0], ys[1]) if len(ys) > 1 else ys[0]) + reach
    # Each item goes to the one band all its pixels fall in; the few that reach over a band's edge are
    # drawn after the bands by the caller's own painter, so no line is cut at an edge (Qt would step a
    # cut line from where it was cut: its antialiasing, even its pixels, could shift). One pen paints
    # the whole batch, and blending one colour over itself gives the same pixels in any order.
    first = np.clip(np.searchsorted(edges, lo, side="right"), 1, n_bands)  # band k + 1; 0: across an edge
    last = np.clip(np.searchsorted(edges, hi, side="right"), 1, n_bands)
    first[first != last] = 0
    band_of = first.astype(np.int8)
    # One stable sort by band (a radix sort of bytes) and one gather: every band's items contiguous,
    # in their order.
    items = items[np.argsort(band_of, kind="stable")]
    starts = np.concatenate([[0], np.cumsum(np.bincount(band_of, minlength=n_bands + 1))]).tolist()
    across = items[:starts[1]]
    jobs = [(band, items[starts[k]:starts[k + 1]], top)
            for k, (band, top, _) in enumerate(bands, start=1) if starts[k + 1] > starts[k]]
    like = (painter.renderHints(), painter.opacity(), t)

    cpu = []  # Qt's drawing time in each band: what one thread would have spent drawing them

    def draw_band(band: QImage, part: np.ndarray, top: int) -> None:
        p = _band_painter(band, like, top)
        try:
            p.setPen(pen)
            start_cpu = time.thread_time()
            primitive.call(p, part, 0, len(part))
            cpu.append(time.thread_time() - start_cpu)
        finally:
            p.end()

    run_bands(jobs, draw_band)
    del jobs, bands
    if len(across):
        start_cpu = time.thread_time()
        primitive.call(painter, across, 0, len(across), release=primitive.pixels(across, t, width) >= BAND_MIN_PIXELS)
        cpu.append(time.thread_time() - start_cpu)
    payoff.record(sum(cpu), time.perf_counter() - started)
