"""Hazards on the map: one point layer coloured by category, a ring around the new ones.

The layer (``hazards``) is an ordinary points layer built from numpy arrays,
so it shows in the layers dock, the legend and printed maps; the amber ring
around hazards still waiting for the desk is an overlay painter (it redraws
without touching the cached map image).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely
from PySide6.QtCore import QObject, QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from gis.coords import Projector
from gis.map_prep import FeatureData
from models.field import HAZARD_CATEGORIES
from models.map_layers import LayerList, MapLayer
from services.printing.labels import label

#: Category colours (the legend's classes, in the field page's order), then handled hazards in grey.
CATEGORY_COLOURS = {"leak": "#0277bd", "water_on_road": "#00acc1", "construction_near_main": "#ef6c00",
                    "damaged_cover": "#6d4c41", "low_pressure": "#8e24aa", "other": "#546e7a"}
#: Legend words of the classes (ui.map.legend.LEGEND_LABELS lists them for the catalogue).
CATEGORY_LEGEND = {"leak": "Hazard: leak", "water_on_road": "Hazard: water on the road",
                   "construction_near_main": "Hazard: construction near a main",
                   "damaged_cover": "Hazard: damaged cover", "low_pressure": "Hazard: low pressure",
                   "other": "Hazard: other"}
HANDLED = len(HAZARD_CATEGORIES)
HAZARDS_STYLE = {"classes": [*({"key": c, "label": CATEGORY_LEGEND[c], "color": CATEGORY_COLOURS[c], "size": 12.0}
                               for c in HAZARD_CATEGORIES),
                             {"key": "handled", "label": "Hazard handled", "color": "#9e9e9e", "size": 8.0}],
                 "shape": "square"}
#: The ring around a new hazard.
NEW_RING = "#ffab00"


class HazardMapController(QObject):
    """Keeps the ``hazards`` layer and the new-hazard rings in step with the dock's list."""

    def __init__(self, layers: LayerList, projector: Projector, canvas=None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.layers = layers
        self.projector = projector
        self.canvas = canvas
        if "hazards" not in layers:
            top = max((layer.z for layer in layers if layer.kind != "live"), default=0.0)
            layers.append(MapLayer("hazards", "Field hazards", "points", data=self._empty(), style=HAZARDS_STYLE,
                                   z=top + 4.0))
        #: New hazards' positions in map metres: (n, 2).
        self.new_xy = np.empty((0, 2))
        if canvas is not None:
            canvas.overlays.append(self.paint_new)

    @staticmethod
    def _empty() -> FeatureData:
        return FeatureData(np.empty(0, dtype=object), np.empty(0, np.int64), pd.DataFrame({"code": []}),
                           np.empty(0, np.int32), HANDLED + 1, "code")

    def show(self, hazards) -> None:
        """Replace the layer with ``hazards`` (:class:`~services.field.hazard_desk.HazardView`; unplaced left out)."""
        placed = [h for h in hazards if h.lon is not None and h.lat is not None]
        layer = self.layers["hazards"]
        if not placed:
            layer.data = self._empty()
            self.new_xy = np.empty((0, 2))
            self._update()
            return
        x, y = self.projector.to_local(np.array([h.lon for h in placed], float),
                                       np.array([h.lat for h in placed], float))
        x, y = np.asarray(x, float), np.asarray(y, float)
        codes = np.array([HAZARD_CATEGORIES.index(h.category) if h.status == "new" and h.category in
                          HAZARD_CATEGORIES else (HANDLED if h.status != "new" else HAZARD_CATEGORIES.index("other"))
                          for h in placed], np.int32)
        # In words (Identify shows them as they are): the desk never shows a code of the program's making.
        attrs = pd.DataFrame({"code": [h.code for h in placed],
                              "category": [label("hazard_category", h.category) for h in placed],
                              "status": [label("hazard_status", h.status) for h in placed],
                              "reporter": [h.reporter for h in placed], "note": [h.note for h in placed]})
        layer.data = FeatureData(shapely.points(x, y), np.array([h.id for h in placed], np.int64), attrs, codes,
                                 HANDLED + 1, "code")
        new = np.array([h.status == "new" for h in placed])
        self.new_xy = np.column_stack([x[new], y[new]]) if new.any() else np.empty((0, 2))
        self._update()

    def focus(self, lon: float, lat: float, m_per_px: float = 1.5) -> None:
        """Centre the map on a hazard at street scale (closer when already closer)."""
        if self.canvas is None:
            return
        x, y = self.projector.to_local(lon, lat)
        self.canvas.set_center(float(x), float(y), min(self.canvas.mpp, m_per_px))

    def paint_new(self, painter: QPainter, canvas) -> None:
        """The overlay: an amber ring around each new hazard."""
        if not len(self.new_xy) or not self.layers["hazards"].visible:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor(NEW_RING), 3))
        for x, y in self.new_xy:
            px, py = canvas.map_to_px(float(x), float(y))
            painter.drawEllipse(QPointF(px, py), 11, 11)

    def _update(self) -> None:
        if self.canvas is not None:
            self.canvas.update()

    def close(self) -> None:
        """Remove the overlay."""
        if self.canvas is not None and self.paint_new in self.canvas.overlays:
            self.canvas.overlays.remove(self.paint_new)
