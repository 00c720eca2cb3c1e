"""Repairs on the map: open repairs coloured by level, the isolation of a pipe, a flashing new repair.

Open repairs and the isolation are ordinary layers (``repairs``,
``isolation_pipes``, ``isolation_valves``) so they show in the layers dock and
on printed maps; they change rarely, and the pipes' tiles stay cached. The
flash of a new repair near a venue is an overlay painter on the canvas: a few
seconds of blinking rings redraw only the overlay, never the cached map image.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import shapely
from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, QPointF, QRectF, QTimer, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen

from gis.coords import Projector
from gis.coverage import sorted_positions
from gis.map_prep import FeatureData
from models.map_layers import LayerList, MapLayer
from models.repair import REPAIR_LEVELS

from gis.map_styles import LEVEL_COLOURS  # noqa: E402 (one table for desk, HTML map and papers)
REPAIRS_STYLE = {"classes": [{"key": lv, "label": f"Level {lv} repair", "color": LEVEL_COLOURS[lv],
                              "size": 14.0} for lv in REPAIR_LEVELS]}
ISOLATED_STYLE = {"classes": [{"key": "isolated", "label": "Isolated pipe", "color": "#ff1744cc", "width": 7.0},
                              {"key": "broken", "label": "Broken pipe", "color": "#000000", "width": 4.0},
                              {"key": "cut_off", "label": "Cut off from every source", "color": "#ff8f00b0",
                               "width": 5.0}]}
VALVES_STYLE = {"classes": [{"key": "close", "label": "Valve to close", "color": "#ffea00", "size": 13.0},
                            {"key": "skipped", "label": "Valve broken / inaccessible", "color": "#616161",
                             "size": 11.0},
                            {"key": "user", "label": "Affected user", "color": "#d500f9", "size": 15.0}],
                "shape": "square"}
# Legend words, for lupdate (the layers dock shows them through ui.map.layer_titles.layer_title).
_LEGEND = (
    QT_TRANSLATE_NOOP("LayerTitles", "Isolated pipe"),
    QT_TRANSLATE_NOOP("LayerTitles", "Broken pipe"),
    QT_TRANSLATE_NOOP("LayerTitles", "Cut off from every source"),
    QT_TRANSLATE_NOOP("LayerTitles", "Valve to close"),
    QT_TRANSLATE_NOOP("LayerTitles", "Valve broken / inaccessible"),
    QT_TRANSLATE_NOOP("LayerTitles", "Affected user"),
    QT_TRANSLATE_NOOP("LayerTitles", "Level I repair"),
    QT_TRANSLATE_NOOP("LayerTitles", "Level II repair"),
    QT_TRANSLATE_NOOP("LayerTitles", "Level III repair"),
    QT_TRANSLATE_NOOP("LayerTitles", "Level IV repair"),
    QT_TRANSLATE_NOOP("LayerTitles", "Level V repair"),
)
#: How long a new repair blinks, and how fast.
FLASH_S = 6.0
BLINK_MS = 250


class RepairMapController(QObject):
    """Keeps the repair layers in step with the repair desk and flashes new serious repairs."""

    def __init__(self, layers: LayerList, projector: Projector, canvas=None, parent: QObject | None = None,
                 clock=time.monotonic) -> None:
        super().__init__(parent)
        self.layers = layers
        self.projector = projector
        self.canvas = canvas
        self.clock = clock
        top = max((layer.z for layer in layers if layer.kind != "live"), default=0.0)
        for name, kind, style, title, dz in (
                ("isolation_pipes", "lines", ISOLATED_STYLE, "Isolation", 1.0),
                ("isolation_valves", "points", VALVES_STYLE, "Valves to close", 2.0),
                ("repairs", "points", REPAIRS_STYLE, "Open repairs", 3.0)):
            if name not in layers:
                layers.append(MapLayer(name, title, kind, data=self._empty(), style=style, z=top + dz))
        #: Flashing repairs: ``(x, y, label, until)``.
        self.flashes: list[tuple[float, float, str, float]] = []
        self.blink_on = True
        self._blink = QTimer(self, interval=BLINK_MS)
        self._blink.timeout.connect(self._on_blink)
        if canvas is not None:
            canvas.overlays.append(self.paint_flash)

    @staticmethod
    def _empty() -> FeatureData:
        return FeatureData(np.empty(0, dtype=object), np.empty(0, np.int64), pd.DataFrame({"code": []}),
                           np.empty(0, np.int32), 3, "code")

    def _points(self, lon, lat):
        x, y = self.projector.to_local(np.asarray(lon, float), np.asarray(lat, float))
        return shapely.points(np.asarray(x, float), np.asarray(y, float))

    # -- open repairs ---------------------------------------------------------------------
    def show_repairs(self, repairs) -> None:
        """Replace the open-repairs layer (repairs without a location are left out)."""
        located = [r for r in repairs if r.lon is not None and r.lat is not None]
        if not located:
            self.layers["repairs"].data = self._empty()
            return
        attrs = pd.DataFrame({"code": [r.code for r in located], "level": [r.level for r in located],
                              "status": [r.status for r in located],
                              "address": [r.address or "" for r in located]})
        codes = np.array([REPAIR_LEVELS.index(r.level) for r in located], np.int32)
        geoms = self._points([r.lon for r in located], [r.lat for r in located])
        self.layers["repairs"].data = FeatureData(geoms, np.array([r.id for r in located], np.int64), attrs, codes,
                                                  len(REPAIR_LEVELS), "code")

    # -- isolation ------------------------------------------------------------------------
    def show_isolation(self, result) -> None:
        """Draw an :class:`~gis.isolation.IsolationResult` (None clears it)."""
        pipes_layer, valves_layer = self.layers["isolation_pipes"], self.layers["isolation_valves"]
        if result is None:
            pipes_layer.data = self._empty()
            valves_layer.data = self._empty()
            return
        source = self.layers.get("pipes")
        geoms, ids = [], []
        if source is not None and isinstance(source.data, FeatureData):
            # Looked up in the layer's id array (a dict of a city's 500,000 ids took ~0.3 s on the GUI thread).
            wanted = np.array([*getattr(result, "cut_off_pipe_ids", []), *result.isolated_pipe_ids], np.int64)
            rows = _rows_of(np.asarray(source.data.ids, dtype=np.int64), wanted)
            found = rows >= 0
            ids = wanted[found].tolist()
            geoms = list(source.data.geoms[rows[found]]) if found.any() else []
        cut_set = set(getattr(result, "cut_off_pipe_ids", []))
        codes = np.array([1 if i == result.pipe_id else 2 if i in cut_set else 0 for i in ids], np.int32)
        # Cut-off pipes at the bottom, the isolated ones over them, the broken pipe on top.
        order = np.argsort(np.array([{2: 0, 0: 1, 1: 2}[c] for c in codes.tolist()], np.int32), kind="stable")
        pipes_layer.data = FeatureData(np.array(geoms, dtype=object)[order], np.array(ids, np.int64)[order],
                                       pd.DataFrame({"code": [str(i) for i in np.array(ids)[order]]}),
                                       codes[order], 3, None)
        points, pids, labels, classes = [], [], [], []
        valves = self.layers.get("valves")
        has_valves = valves is not None and isinstance(valves.data, FeatureData)
        # Looked up in the layer's arrays, not a dict of every valve (a city's 300,000: ~0.4 s on the GUI thread).
        valve_ids = np.asarray(valves.data.ids, dtype=np.int64) if has_valves else None
        vrows = (_rows_of(valve_ids, np.array([v["id"] for v in result.valves], np.int64))
                 if has_valves else np.full(len(result.valves), -1))
        skipped = [str(c) for c in result.passed_valves]
        skip_rows = (_rows_of(valve_ids, np.array(result.passed_valve_ids, np.int64))
                     if has_valves else np.full(len(skipped), -1))
        for v, k in zip(result.valves, vrows.tolist(), strict=True):
            if k >= 0:
                points.append(valves.data.geoms[k])
                pids.append(v["id"])
                labels.append(v["code"])
                classes.append(0)
        for code, k in zip(skipped, skip_rows.tolist(), strict=True):
            if k >= 0:
                points.append(valves.data.geoms[k])
                pids.append(int(valves.data.ids[k]))
                labels.append(code)
                classes.append(1)
        users = self.layers.get("users")
        if users is not None and isinstance(users.data, FeatureData):
            urows = {int(i): k for k, i in enumerate(users.data.ids)}
            for u in result.affected_users:
                if u["id"] in urows:
                    points.append(users.data.geoms[urows[u["id"]]])
                    pids.append(u["id"])
                    labels.append("")  # the users layer labels it already
                    classes.append(2)
        valves_layer.data = FeatureData(np.array(points, dtype=object), np.array(pids, np.int64),
                                        pd.DataFrame({"code": labels}), np.array(classes, np.int32), 3, "code")

    # -- flash ----------------------------------------------------------------------------
    def flash(self, lon: float, lat: float, label: str, seconds: float = FLASH_S) -> None:
        """Blink a ring at a new serious repair for a few seconds (overlay only)."""
        x, y = self.projector.to_local(lon, lat)
        self.flashes.append((float(x), float(y), label, self.clock() + seconds))
        self.blink_on = True
        self._blink.start()
        if self.canvas is not None:
            self.canvas.update()

    def flashing(self) -> bool:
        """Whether some repair still blinks."""
        return bool(self.flashes)

    def _on_blink(self) -> None:
        now = self.clock()
        self.flashes = [f for f in self.flashes if f[3] > now]
        self.blink_on = not self.blink_on
        if not self.flashes:
            self._blink.stop()
        if self.canvas is not None:
            self.canvas.update()

    def paint_flash(self, painter: QPainter, canvas) -> None:
        """The canvas overlay: pulsing red rings and a label at each flashing repair."""
        if not self.flashes:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        font = QFont(painter.font())
        font.setBold(True)
        font.setPointSizeF(10.0)
        painter.setFont(font)
        for x, y, label, _ in self.flashes:
            px, py = canvas.map_to_px(x, y)
            colour = QColor("#ff1744") if self.blink_on else QColor(255, 23, 68, 70)
            painter.setPen(QPen(colour, 5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for r in (16, 30, 46):
                painter.drawEllipse(QPointF(px, py), r, r)
            if self.blink_on:
                w = painter.fontMetrics().horizontalAdvance(label) + 12
                rect = QRectF(px - w / 2, py - 72, w, 22)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor("#ff1744"))
                painter.drawRoundedRect(rect, 4, 4)
                painter.setPen(QColor("white"))
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)

    def close(self) -> None:
        """Stop blinking and leave the canvas."""
        self._blink.stop()
        if self.canvas is not None and self.paint_flash in self.canvas.overlays:
            self.canvas.overlays.remove(self.paint_flash)


def _rows_of(ids: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """The row of each ``wanted`` id in ``ids`` (-1 where absent); ``ids`` need not be sorted."""
    if len(ids) < 2 or bool(np.all(ids[1:] >= ids[:-1])):
        return sorted_positions(ids, wanted)
    sorter = np.argsort(ids, kind="stable")
    at = sorted_positions(ids[sorter], wanted)
    return np.where(at >= 0, sorter[np.maximum(at, 0)], -1).astype(np.int64)
