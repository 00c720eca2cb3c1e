"""The wall's map: the desk's canvas in the night style, read-only, with big overlays.

No map tools and no mouse: the wall is looked at, not used. The settled render
runs with ``px`` scaled to the screen height, so lines stay visible on a 4K
wall; open repairs, vehicles and the tour caption are drawn over the cached
image at wall size.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from gis.coords import Projector
from services.map.data import total_bounds
from gis.map_prep import FeatureData
from models.map_layers import STYLE_PRESETS, LayerList, LiveLayerData, apply_preset
from ui.map.layer_views.base import RenderContext
from ui.map.layer_views.live import draw_live
from ui.map.canvas import MapCanvas

#: Layers a wall does not need (small symbols that read as noise at 3 m; hydrants are red).
HIDDEN_ON_WALL = ("valves", "hydrants", "patches")
#: Night-style overrides on top of the preset: pipes calm and dim, guarded places clear.
WALL_STYLES: dict[str, dict] = {
    "pipes": {"classes": [
        {"key": "service", "label": "Service pipe", "color": "#24405a", "width": 1.0},
        {"key": "distribution", "label": "Distribution main < DN300", "color": "#2f6690", "width": 1.0},
        {"key": "distribution_large", "label": "Distribution main ≥ DN300", "color": "#3a86c8", "width": 2.0},
        {"key": "transmission", "label": "Transmission main", "color": "#8ecae6", "width": 3.0},
        {"key": "exposed", "label": "Exposed transmission segment", "color": "#f7dc6f", "width": 4.0},
    ]},
    "venues": {"classes": [{"key": "venue", "label": "Venue", "color": "#5dade2", "fill": "#5dade233",
                            "width": 2.5}]},
    "residences": {"classes": [{"key": "residence", "label": "Residence", "color": "#48c9b0",
                                "fill": "#48c9b026", "width": 2.0}]},
    "key_units": {"classes": [{"key": "key_unit", "label": "Key unit", "color": "#85c1e9", "fill": "#85c1e920",
                               "width": 1.5}]},
    "sites": {"classes": [{"key": "site", "label": "Construction site", "color": "#b9770e",
                           "fill": "#b9770e30", "width": 1.5, "dash": True}]},
    "key_roads": {"classes": [{"key": "key_road", "label": "Key road", "color": "#f4d03f30", "width": 7.0}]},
    "routes": {"classes": [{"key": "route", "label": "Motorcade route", "color": "#c39bd3", "width": 3.0}],
               "arrows": True},
    "users": {"classes": [{"key": "user", "label": "Important user", "color": "#f7dc6f", "size": 10.0},
                          {"key": "hospital", "label": "Hospital", "color": "#f7dc6f", "size": 11.0}],
              "labels": True},
}
SERIOUS = QColor("#ff3b30")
ROUTINE = QColor("#f5b041")
CAPTION_BG = QColor(10, 14, 20, 210)
CAPTION_FG = QColor("#e8eef5")


@dataclass(frozen=True)
class TourStop:
    """One view of the tour: a title and an extent in map metres."""

    kind: str
    title: str
    extent: tuple[float, float, float, float]


def tour_stops(layers: LayerList, zh: bool, min_size_m: float = 500.0) -> list[TourStop]:
    """The whole city, then every venue, residence and motorcade route, in that order."""
    stops = []
    city = total_bounds(layers)
    if city is not None:
        stops.append(TourStop("city", "", city))
    for name in ("venues", "residences", "routes"):
        layer = layers.get(name)
        if layer is None or not isinstance(layer.data, FeatureData) or len(layer.data.geoms) == 0:
            continue
        attrs = layer.data.attrs
        for i, geom in enumerate(layer.data.geoms):
            if geom is None or geom.is_empty:
                continue
            title = ""
            if zh and "name_zh" in attrs and isinstance(attrs["name_zh"].iloc[i], str):
                title = attrs["name_zh"].iloc[i]
            elif "name" in attrs and isinstance(attrs["name"].iloc[i], str):
                title = attrs["name"].iloc[i]
            xmin, ymin, xmax, ymax = geom.bounds
            cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
            half = max(xmax - xmin, ymax - ymin, min_size_m) / 2 * 1.15
            stops.append(TourStop(name, title, (cx - half, cy - half, cx + half, cy + half)))
    return stops


def style_for_wall(layers: LayerList) -> QColor:
    """Apply the night preset plus the wall's overrides; hide the noisy layers. Returns the background."""
    base = {layer.name: copy.deepcopy(layer.style) for layer in layers}
    apply_preset(layers, "night", base)
    for layer in layers:
        if layer.name in WALL_STYLES:
            style = copy.deepcopy(layer.style)
            style.update(copy.deepcopy(WALL_STYLES[layer.name]))
            layer.style = style
        if layer.name in HIDDEN_ON_WALL or layer.kind == "live":
            layer.visible = False  # vehicles are drawn by the wall at wall size
    return QColor(STYLE_PRESETS["night"]["_background"]["color"])


class WallCanvas(MapCanvas):
    """A read-only map canvas for the wall."""

    def __init__(self, layers: LayerList, projector: Projector, parent: QWidget | None = None) -> None:
        super().__init__(layers, projector, parent)
        self.setObjectName("wallMap")
        self.background = style_for_wall(layers)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMouseTracking(False)
        #: Pixel scale of lines and symbols (1 at 1080 lines, 2 at 2160).
        self.px_scale = 1.0
        self.caption = ""
        self.caption_px = 24
        self.vehicles = LiveLayerData()
        self._repairs = np.empty((0, 3))  # x, y, serious
        self._highlight: tuple[float, float] | None = None
        self.pulse_on = True

    # -- data -----------------------------------------------------------------------------
    def set_repairs(self, points: list[tuple[int, str, float, float]], serious_levels: tuple[str, ...]) -> None:
        """Open repairs ``(id, level, lon, lat)`` to mark on the map."""
        if points:
            lon = np.array([p[2] for p in points], dtype=float)
            lat = np.array([p[3] for p in points], dtype=float)
            x, y = self.projector.to_local(lon, lat)
            serious = np.array([p[1] in serious_levels for p in points], dtype=float)
            self._repairs = np.column_stack([np.asarray(x, float), np.asarray(y, float), serious])
        else:
            self._repairs = np.empty((0, 3))
        self.update()

    def set_highlight(self, lonlat: tuple[float, float] | None) -> None:
        """Ring one location (the newest serious repair); None removes it."""
        if lonlat is None:
            self._highlight = None
        else:
            x, y = self.projector.to_local(lonlat[0], lonlat[1])
            self._highlight = (float(x), float(y))
        self.update()

    # -- rendering ---------------------------------------------------------------------------
    def render_context(self, antialias: bool | None = None) -> RenderContext:
        """The desk's render context with line widths scaled for the wall."""
        ctx = super().render_context(antialias)
        ctx.px = self.px_scale
        ctx.label_scale = self.px_scale  # street and place labels grow with the screen, like the lines
        return ctx

    def _paint_scale_bar(self, painter: QPainter) -> None:
        """No scale bar: it is unreadable at 3 m and the tour caption says where we are."""

    def _paint_coordinates(self, painter: QPainter) -> None:
        """No cursor on the wall."""

    def _paint_north_arrow(self, painter: QPainter) -> None:
        """North is up; the desk's small arrow is noise on a wall."""

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        """The desk's map, then repairs, vehicles and the caption at wall size."""
        super().paintEvent(event)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        s = self.px_scale
        draw_live(painter, self.vehicles, self._to_px_arrays, self.width(), self.height(), 1.0, 1.6 * s)
        if len(self._repairs):
            px, py = self._to_px_arrays(self._repairs[:, 0], self._repairs[:, 1])
            order = np.argsort(self._repairs[:, 2])  # serious ones on top
            for i in order:
                serious = self._repairs[i, 2] > 0
                color = SERIOUS if serious else ROUTINE
                r = (11 if serious else 8) * s
                painter.setPen(QPen(QColor("#0b0e13"), 2.5 * s))
                painter.setBrush(color)
                painter.drawEllipse(QPointF(float(px[i]), float(py[i])), r, r)
        if self._highlight is not None:
            hx, hy = self.map_to_px(*self._highlight)
            pen = QPen(SERIOUS if self.pulse_on else QColor(255, 59, 48, 90), 5 * s)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for r in (26 * s, 44 * s):
                painter.drawEllipse(QPointF(hx, hy), r, r)
        if self.caption:
            self._paint_caption(painter)
        painter.end()

    def _paint_caption(self, painter: QPainter) -> None:
        font = QFont(self.font())
        font.setPixelSize(max(int(self.caption_px), 8))
        font.setBold(True)
        painter.setFont(font)
        fm = QFontMetricsF(font)
        pad = self.caption_px * 0.5
        text = fm.elidedText(self.caption, Qt.TextElideMode.ElideRight, self.width() - 6 * pad)
        rect = QRectF(pad, pad, fm.horizontalAdvance(text) + 2 * pad, fm.height() + pad)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(CAPTION_BG)
        painter.drawRoundedRect(rect, pad / 2, pad / 2)
        painter.setPen(CAPTION_FG)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
