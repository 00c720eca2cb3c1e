"""What every layer view shares: the render context, colour and pen helpers."""

from __future__ import annotations

import contextvars
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QTransform

from models.map_layers import MapLayer
from ui.map.layer_views import bands

#: Fonts tried in order for labels: CJK first so Chinese never shows as boxes.
LABEL_FAMILIES = ["Noto Sans CJK SC", "WenQuanYi Micro Hei", "Noto Sans", "DejaVu Sans"]


_label_override = threading.local()


@contextmanager
def label_families(families: list[str]):
    """Label with ``families`` in this thread while the block runs.

    Printed sheets label in the PDF font, whose Chinese text extracts as the
    same characters (Noto's does not, see services/printing/fonts.py); a render on
    another thread (the screen canvas) is not affected.
    """
    old = getattr(_label_override, "families", None)
    _label_override.families = list(families)
    try:
        yield
    finally:
        _label_override.families = old


def label_font(point_size: float = 8.0) -> QFont:
    """A font that renders Chinese and Latin labels."""
    font = QFont()
    font.setFamilies(getattr(_label_override, "families", None) or LABEL_FAMILIES)
    font.setPointSizeF(point_size)
    return font


def qcolor(spec: str | None, default: str = "#000000") -> QColor:
    """``#rrggbb`` or ``#rrggbbaa`` → QColor (Qt reads 8 hex digits as #aarrggbb)."""
    spec = spec or default
    if len(spec) == 9:
        c = QColor(spec[:7])
        c.setAlpha(int(spec[7:], 16))
        return c
    return QColor(spec)


@dataclass
class RenderContext:
    """One render: the map extent, output size and the world → device transform.

    ``px`` scales pixel widths for devices denser than a screen (a 300 dpi PDF).
    ``cancelled`` lets a background render stop early when a newer one is asked for.
    """

    xmin: float
    ymin: float
    xmax: float
    ymax: float
    width: int
    height: int
    antialias: bool = True
    px: float = 1.0
    #: Label size factor for screens far larger than a desk's (the 4K wall); printers scale by their dpi.
    label_scale: float = 1.0
    cancelled: object = field(default=lambda: False)
    #: The render's :class:`~ui.map.layer_views.labels.LabelBoard` (None: views draw their labels at once).
    labels: object = None
    #: Set by views that wait for something (raster tiles still loading).
    incomplete: bool = False
    #: The whole view's ``xmin, ymin, xmax, ymax`` when this context is one band of it
    #: (:mod:`ui.map.frame_bands`): the band culls by its own box, but maps to device pixels (its
    #: device is as big as the whole view's) and decides what to draw (vectors or a raster) by the
    #: view's; None: this context is the whole view.
    frame: tuple[float, float, float, float] | None = None
    #: True in a band: the views leave their labels to :meth:`LayerView.draw_labels`, called once
    #: for the whole view after the bands (a label is placed against every other label in view).
    labels_later: bool = False

    @property
    def view_box(self) -> tuple[float, float, float, float]:
        """The whole view's box (the band's own box is what it culls by)."""
        return self.frame if self.frame is not None else (self.xmin, self.ymin, self.xmax, self.ymax)

    @property
    def m_per_px(self) -> float:
        """Metres per (screen-equivalent) pixel."""
        return (self.xmax - self.xmin) / max(self.width, 1) * self.px

    @property
    def transform(self) -> QTransform:
        """Map metres → device pixels (y up on the map, down on the device)."""
        s = self.width / (self.xmax - self.xmin)
        return QTransform(s, 0, 0, -s, -self.xmin * s, self._top * s)

    def to_px(self, x, y):
        """Map coordinates (arrays) → device pixels."""
        s = self.width / (self.xmax - self.xmin)
        return (x - self.xmin) * s, (self._top - y) * s

    @property
    def _top(self) -> float:
        """The map y of the device's top row (a band draws on a device as big as the whole view)."""
        return self.frame[3] if self.frame is not None else self.ymax


def device_pixels(painter: QPainter) -> None:
    """Draw in device pixels from here on.

    Unlike ``resetTransform()`` this keeps the caller's viewport, so a printed
    sheet can place the map anywhere on the page with ``setViewport``.
    """
    painter.setWorldTransform(QTransform())


#: True while a map is drawn for a printer (see :func:`device_pens`).
_DEVICE_PENS: contextvars.ContextVar[bool] = contextvars.ContextVar("device_pens", default=False)


@contextmanager
def device_pens():
    """Pens from :func:`cosmetic_pen` are ordinary, page-scaled pens inside this block (this thread only).

    The views draw in device pixels with an identity world transform, so the
    widths are the same on the device itself; but a print preview records the
    page at the printer's resolution and shows it scaled down, and a cosmetic
    pen keeps its width in the *screen's* pixels there (a 1200-dpi width, about
    a dozen times too thick). Ordinary pens scale with the page.
    """
    token = _DEVICE_PENS.set(True)
    try:
        yield
    finally:
        _DEVICE_PENS.reset(token)


def cosmetic_pen(color: QColor, width: float, cap=Qt.PenCapStyle.FlatCap, dash: bool = False,
                 painter: QPainter | None = None) -> QPen:
    """A pen ``width`` device pixels wide whatever the world transform.

    On screen the pen is cosmetic. Inside :func:`device_pens` (printing) it is
    an ordinary pen whose width is ``width`` converted through ``painter``'s
    current world transform (set it before asking for the pen), so a print
    preview shows the page's widths at any zoom.
    """
    pen = QPen(color)
    if _DEVICE_PENS.get() and painter is not None:
        t = painter.worldTransform()
        scale = abs(t.m11() * t.m22() - t.m12() * t.m21()) ** 0.5
        pen.setCosmetic(False)
        pen.setWidthF(width / scale if scale > 0 else width)
    else:
        pen.setCosmetic(True)
        pen.setWidthF(width)
    pen.setCapStyle(cap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    if dash:
        pen.setStyle(Qt.PenStyle.DashLine)
    return pen


def halo_text(painter: QPainter, rect, align, text: str, ink: QColor, halo: QColor) -> None:
    """``text`` in ``ink`` with a one-pixel ``halo`` round it (readable over pipes and fills), in the painter's font."""
    painter.setPen(halo)
    for dx, dy in ((-1, 0), (1, 0), (0, -1), (0, 1)):
        painter.drawText(rect.translated(dx, dy), align, text)
    painter.setPen(ink)
    painter.drawText(rect, align, text)


def draw_lines_array(painter: QPainter, seg, start: int, stop: int) -> None:
    """Draw ``seg[start:stop]`` (an (N, 4) float64 C array) straight from its memory.

    An array of ``x0, y0, x1, y1`` doubles is laid out exactly like ``QLineF[]``,
    so Qt reads it in place: no Python object per segment. Drawn without the
    interpreter lock, a big batch in bands on several cores (:mod:`.bands`).
    """
    bands.draw(painter, bands.LINES, seg, start, stop)


def draw_points_array(painter: QPainter, xy) -> None:
    """Draw an (N, 2) float64 C array as points, read in place like ``QPointF[]`` (as :func:`draw_lines_array`)."""
    bands.draw(painter, bands.POINTS, xy, 0, len(xy))


class LayerView:
    """Draws one :class:`MapLayer`; subclasses implement :meth:`draw`.

    A view keeps caches built from the layer's data (paths, images) and drops
    them when the layer's data or style changes.
    """

    #: Its last drawing time (ms, thread CPU, smoothed; None: not drawn yet), set by
    #: :func:`ui.map.renderer.draw_layer`: the layer image cache weighs what to keep by it.
    last_ms: float | None = None
    #: Whether two threads may draw it at once, each a band of one frame (:mod:`ui.map.frame_bands`):
    #: its caches built under its lock, its Qt calls through :mod:`.bands`, its choices by ``ctx.frame``.
    frame_bandable = False

    def __init__(self, layer: MapLayer) -> None:
        self.layer = layer
        self._lock = threading.Lock()
        self._cache: dict = {}
        layer.events.connect("data", self._on_data_change)
        layer.events.connect("style", self._on_data_change)

    def _on_data_change(self, **_) -> None:
        with self._lock:
            self._cache.clear()

    def close(self) -> None:
        """Stop listening to the layer."""
        self.layer.events.disconnect("data", self._on_data_change)
        self.layer.events.disconnect("style", self._on_data_change)

    def cached(self, key, build):
        """Build-once cache, safe to use from the render thread."""
        with self._lock:
            if key not in self._cache:
                self._cache[key] = build()
            return self._cache[key]

    def classes(self) -> list[dict]:
        """The style classes (bottom to top)."""
        return self.layer.style.get("classes") or [{"key": "default", "label": self.layer.title,
                                                    "color": "#333333"}]

    def draw(self, painter: QPainter, ctx: RenderContext) -> None:  # pragma: no cover - abstract
        """Draw the layer, and its labels unless ``ctx.labels_later``."""
        raise NotImplementedError

    def draw_labels(self, painter: QPainter, ctx: RenderContext) -> None:
        """Put the layer's labels on ``ctx.labels`` (or draw them, without a board): what :meth:`draw`
        does last, called on its own after a render in bands."""

    def legend(self) -> list[tuple[str, QColor, float]]:
        """``(label, colour, width)`` per class, for the layers dock."""
        return [(c.get("label", c.get("key", "")), qcolor(c.get("color")), float(c.get("width", c.get("size", 1))))
                for c in self.classes()]
