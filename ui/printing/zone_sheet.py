"""Zone assignment sheets (巡检责任区任务单) painted for PDF and printers.

One page per :class:`services.zone_sheets.sheets.ZoneSheet`: title, event, date and shift;
the team; the patch map drawn by the screen's renderer
(:meth:`ui.map.canvas.MapCanvas.render` in the ``print`` style preset) with the
patch outline, pipes coloured by requirement, numbered key points, a north
arrow, a scale bar and a lettered grid; the rounds, a key-point checklist,
emergency contacts and a signature line.

Every text is painted in the PDF font of :mod:`services.printing.fonts` (map labels
too, through :func:`ui.map.layer_views.base.label_families`), so the PDF's Chinese
text layer extracts as the same characters.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import numpy as np
import shapely
from PySide6.QtCore import QLocale, QMarginsF, QObject, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import (
    QColor, QFontMetricsF, QPageLayout, QPageSize, QPagedPaintDevice, QPainter, QPen,
    QPolygonF,
)

from gis.coords import Projector
from gis.coverage import sorted_positions
from services.map.data import feature_data
from gis.map_prep import FeatureData
from gis.map_styles import RULE_COLOURS
from services.zone_sheets.sheets import ZoneSheet, grid_ref, sheet_grid
from models.map_layers import LayerList, MapLayer, apply_preset
from models.queries import RULE_PRIORITY
from ui.map.layer_views.base import device_pens, label_families
from ui.map.canvas import MapCanvas
from services.printing.fonts import pdf_font, pdf_font_family
from services.printing.pdf_file import pdf_writer
from services.printing.labels import patch_name
from services.printing.legend import rule_word, shared_entry

PAPERS = {"A4": QPageSize.PageSizeId.A4, "A3": QPageSize.PageSizeId.A3}
ORIENTATIONS = {"portrait": QPageLayout.Orientation.Portrait, "landscape": QPageLayout.Orientation.Landscape}
MARGIN_MM = 10.0
#: Printed scales the map snaps to (the smallest that fits the patch).
NICE_SCALES = (1000, 2000, 2500, 5000, 7500, 10_000, 12_500, 15_000, 20_000, 25_000, 30_000, 40_000, 50_000,
               75_000, 100_000, 150_000, 200_000, 250_000, 500_000)
#: Requirement rules drawn bottom → top (the most demanding on top).
DRAW_ORDER = tuple(reversed(RULE_PRIORITY))
INK = QColor("#222222")
RULE_GREY = QColor("#777777")
HEAD_FILL = QColor("#e8eef4")
KEY_POINT = QColor("#b03a2e")
#: The map things the sheet's legend lists, in the shared vocabulary: ``(symbol kind, shared key)``.
SHEET_SHARED = (("area", "venue"), ("area", "residence"), ("line", "route"), ("area", "site"))


def page_layout(paper: str = "A4", orientation: str = "portrait") -> QPageLayout:
    """The page layout of a sheet (raises KeyError for an unknown paper or orientation)."""
    return QPageLayout(QPageSize(PAPERS[paper]), ORIENTATIONS[orientation],
                       QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter)


def nice_scale(needed: float) -> int:
    """The smallest round scale denominator at least ``needed``."""
    return next((s for s in NICE_SCALES if s >= needed), int(math.ceil(needed / 100_000) * 100_000))


class ZoneSheetPainter(QObject):
    """Paints zone sheets onto any paged device (QPdfWriter, QPrinter).

    Parameters
    ----------
    layers, projector
        The map layers (from :func:`ui.map.setup.load_layers`); they are
        restyled with the ``print`` preset, so pass a list of your own, not the
        desk's.
    """

    def __init__(self, layers: LayerList, projector: Projector, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.layers = layers
        self.projector = projector
        apply_preset(layers, "print", {layer.name: layer.style for layer in layers})
        for name in ("patches", "valves", "hydrants", "live"):
            if name in layers:
                layers[name].visible = False
        if "pipes" in layers:
            # Pipes outside the patch stay as faint context.
            layers["pipes"].style = {"classes": [dict(c, color="#c4c4c4", width=1.0)
                                                 for c in layers["pipes"].style.get("classes", [{}])]}
        self._pipes_data = layers["pipes"].data if "pipes" in layers else None
        self.mask = layers.append(MapLayer("sheet_mask", "Outside the patch", "polygons", z=4.5, style={
            "classes": [{"key": "outside", "label": "Outside", "color": "#ffffff00", "fill": "#ffffff99",
                         "width": 0.0}]}))
        self.sheet_pipes = layers.append(MapLayer("sheet_pipes", "Pipes by requirement", "lines", z=11.5, style={
            "classes": [{"key": r, "label": r, "color": RULE_COLOURS.get(r, RULE_COLOURS["none"]),
                         "width": 2.2 if r in ("patch", "leak_survey") else 3.0} for r in DRAW_ORDER]}))
        self.outline = layers.append(MapLayer("sheet_area", "Patch", "polygons", z=12.5, style={
            "classes": [{"key": "patch", "label": "Patch", "color": "#111111", "fill": "#00000000",
                         "width": 2.4, "dash": True}]}))
        self.canvas = MapCanvas(layers, projector)
        self.canvas.background = QColor("#ffffff")
        self.zh = QLocale().language() == QLocale.Language.Chinese

    @classmethod
    def from_store(cls, store, parent: QObject | None = None) -> ZoneSheetPainter:
        """A painter over a fresh copy of the store's map layers."""
        return cls(*sheet_layers(store), parent)

    def close(self) -> None:
        """Stop the hidden canvas (call when done)."""
        self.canvas.close_canvas()
        self.canvas.deleteLater()

    # -- texts ---------------------------------------------------------------------------
    def title(self) -> str:
        """The sheet's title."""
        return self.tr("Zone assignment sheet")

    def rule_title(self, rule: str) -> str:
        """A requirement rule's legend text (the one name the desk and the HTML map use too)."""
        return rule_word(rule)

    def kind_title(self, kind: str) -> str:
        """A key point kind."""
        return {
            "key_point": self.tr("Key point"),
            "leak_point": self.tr("Leak survey point"),
            "valve": self.tr("Valve on transmission main"),
            "hydrant": self.tr("Hydrant near a guarded place"),
        }.get(kind, kind)

    def shift_title(self, sheet: ZoneSheet) -> str:
        """``Day shift 08:00–20:00`` (or the whole day)."""
        if sheet.shift_start is None:
            return self.tr("Whole day")
        name = {"day": self.tr("Day shift"), "night": self.tr("Night shift")}.get(sheet.shift, sheet.shift)
        return f"{name} {sheet.shift_start:%H:%M}–{sheet.shift_end:%H:%M}"

    def _pick(self, en: str, zh: str) -> str:
        return (zh or en) if self.zh else (en or zh)

    # -- output --------------------------------------------------------------------------
    def write_pdf(self, path: str | Path, sheets: list[ZoneSheet], paper: str = "A4",
                  orientation: str = "portrait", printed_at: dt.datetime | None = None) -> Path:
        """Write the sheets, one page each, as a 300 dpi PDF at ``path``."""
        path = Path(path)
        with pdf_writer(path, self.title(), page_layout(paper, orientation)) as writer:
            self.paint_pages(writer, sheets, printed_at)
        return path

    def paint_pages(self, device: QPagedPaintDevice, sheets: list[ZoneSheet],
                    printed_at: dt.datetime | None = None) -> None:
        """Paint every sheet on its own page of ``device`` (a QPdfWriter or a QPrinter)."""
        printed_at = printed_at or dt.datetime.now(dt.timezone.utc)
        painter = QPainter(device)
        try:
            for i, sheet in enumerate(sheets):
                if i:
                    device.newPage()
                self.paint_sheet(painter, device, sheet, i + 1, len(sheets), printed_at)
        finally:
            painter.end()

    # -- one page ------------------------------------------------------------------------
    def paint_sheet(self, painter: QPainter, device, sheet: ZoneSheet, page: int, pages: int,
                    printed_at: dt.datetime) -> None:
        """Lay one sheet out on the painter's current page."""
        self._dpi = device.logicalDpiX()
        self._mm = self._dpi / 25.4
        w_mm, h_mm = device.width() / self._mm, device.height() / self._mm
        landscape = w_mm > h_mm
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)

        y = self._header(painter, sheet, w_mm)
        sig_h = 16.0
        bottom = h_mm - sig_h
        if landscape:
            side_w = min(108.0, w_mm * 0.38)
            map_rect = (0.0, y, w_mm - side_w - 5.0, bottom - y - 2.0)
            refs = self._map(painter, sheet, map_rect)
            x0 = w_mm - side_w
            yy = self._info(painter, sheet, x0, y, side_w)
            yy = self._rounds(painter, sheet, x0, yy + 3, side_w)
            yy = self._checklist(painter, sheet, x0, yy + 3, side_w, refs)
            self._contacts(painter, sheet, x0, yy + 3, side_w, max_rows=max(2, int((bottom - yy - 12) / 4.6)))
        else:
            y = self._info(painter, sheet, 0.0, y, w_mm)
            col_w = (w_mm - 5.0) / 2
            rows_left = len(self._round_rows(sheet)) + min(len(sheet.contacts), 8)
            rows_right = max(len(sheet.key_points), 1)
            tables_h = max(rows_left * 4.6 + 24, rows_right * 5.2 + 12)
            map_h = bottom - y - 3 - tables_h - 2
            refs = self._map(painter, sheet, (0.0, y + 3, w_mm, map_h))
            ty = y + 3 + map_h + 4
            yy = self._rounds(painter, sheet, 0.0, ty, col_w)
            self._contacts(painter, sheet, 0.0, yy + 3, col_w, max_rows=8)
            self._checklist(painter, sheet, col_w + 5.0, ty, col_w, refs)
        self._signatures(painter, sheet, bottom + 2, w_mm)
        self._footer(painter, sheet, h_mm, w_mm, page, pages, printed_at)

    # -- drawing helpers -----------------------------------------------------------------
    def _r(self, x: float, y: float, w: float, h: float) -> QRectF:
        m = self._mm
        return QRectF(x * m, y * m, w * m, h * m)

    def _text(self, painter: QPainter, rect: tuple, text: str, size: float = 9.0, bold: bool = False,
              align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, color: QColor = INK,
              elide: bool = True) -> None:
        font = pdf_font(size, bold)
        painter.setFont(font)
        painter.setPen(color)
        r = self._r(*rect)
        if elide:
            text = QFontMetricsF(font, painter.device()).elidedText(text, Qt.TextElideMode.ElideRight, r.width())
        painter.drawText(r, int(align), text)

    def _line(self, painter: QPainter, x0: float, y0: float, x1: float, y1: float, width_mm: float = 0.2,
              color: QColor = INK, style=Qt.PenStyle.SolidLine) -> None:
        pen = QPen(color, width_mm * self._mm)
        pen.setStyle(style)
        painter.setPen(pen)
        painter.drawLine(QPointF(x0 * self._mm, y0 * self._mm), QPointF(x1 * self._mm, y1 * self._mm))

    def _box(self, painter: QPainter, rect: tuple, fill: QColor | None = None, width_mm: float = 0.25,
             color: QColor = INK) -> None:
        painter.setPen(QPen(color, width_mm * self._mm) if width_mm > 0 else Qt.PenStyle.NoPen)
        painter.setBrush(fill if fill is not None else Qt.BrushStyle.NoBrush)
        painter.drawRect(self._r(*rect))
        painter.setBrush(Qt.BrushStyle.NoBrush)

    def _table(self, painter: QPainter, x: float, y: float, widths: list[float], heads: list[str],
               rows: list[list[str]], row_h: float = 4.6, size: float = 7.5,
               centre: tuple[int, ...] = ()) -> float:
        """A ruled table; returns the y below it (mm)."""
        total = sum(widths)
        self._box(painter, (x, y, total, row_h), fill=HEAD_FILL, width_mm=0)
        for r, cells in enumerate([heads, *rows]):
            cx = x
            for c, (w, cell) in enumerate(zip(widths, cells)):
                align = (Qt.AlignmentFlag.AlignCenter if c in centre
                         else Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
                self._text(painter, (cx + 1.0, y + r * row_h, w - 2.0, row_h), cell, size, bold=r == 0, align=align)
                cx += w
        bottom = y + (len(rows) + 1) * row_h
        for r in range(len(rows) + 2):
            self._line(painter, x, y + r * row_h, x + total, y + r * row_h, 0.15 if 0 < r <= len(rows) else 0.3)
        cx = x
        for w in [0.0, *widths]:
            cx += w
            self._line(painter, cx, y, cx, bottom, 0.15)
        return bottom

    def _section(self, painter: QPainter, x: float, y: float, w: float, title: str) -> float:
        self._text(painter, (x, y, w, 5.0), title, 10.0, bold=True)
        return y + 5.5

    # -- parts ---------------------------------------------------------------------------
    def _header(self, painter: QPainter, sheet: ZoneSheet, w: float) -> float:
        code = f"{sheet.team_code}  {sheet.patch_code}".strip()
        self._box(painter, (w - 34, 0, 34, 11), fill=QColor("#1f3a5f"), width_mm=0)
        self._text(painter, (w - 34, 0, 34, 11), code, 13.0, bold=True, align=Qt.AlignmentFlag.AlignCenter,
                   color=QColor("white"))
        self._text(painter, (0, 0, w - 36, 8.0), self.title(), 17.0, bold=True)
        event = self._pick(sheet.event, sheet.event_zh)
        sub = "    ".join([event, self.tr("Date: {0}").format(sheet.date.isoformat()), self.shift_title(sheet)])
        self._text(painter, (0, 8.0, w - 36, 5.5), sub, 10.0)
        self._line(painter, 0, 14.5, w, 14.5, 0.6, QColor("#1f3a5f"))
        return 16.0

    def _info(self, painter: QPainter, sheet: ZoneSheet, x: float, y: float, w: float) -> float:
        team = self._pick(sheet.team_name, sheet.team_name_zh)
        members = "、".join(n for n, _, _ in sheet.members) if self.zh else ", ".join(n for n, _, _ in sheet.members)
        area = patch_name(sheet.patch_name, sheet.patch_code) or self.tr("Pipes of the team's requirements")
        km = sum(sheet.length_km.values())
        pairs = [
            (self.tr("Team"), f"{team} ({sheet.team_code})"),
            (self.tr("Patch") if sheet.patch_code else self.tr("Area"), self.tr("{0}, {1} km of pipe").format(area, f"{km:.1f}")),
            (self.tr("Team leader"), f"{sheet.leader}  {sheet.leader_phone}".strip()),
            (self.tr("Vehicle"), sheet.vehicle or "—"),
            (self.tr("Members"), members or "—"),
            (self.tr("Duty leader"), f"{sheet.duty_leader}  {sheet.duty_phone}".strip() or "—"),
        ]
        row_h = 5.0
        two = w > 150
        label_w = 18.0
        if two:
            half = w / 2
            for i, (k, v) in enumerate(pairs):
                cx, cy = x + (i % 2) * half, y + (i // 2) * row_h
                self._text(painter, (cx + 1, cy, label_w, row_h), k, 8.5, bold=True)
                self._text(painter, (cx + label_w + 1, cy, half - label_w - 2, row_h), v, 9.0)
            h = math.ceil(len(pairs) / 2) * row_h
        else:
            for i, (k, v) in enumerate(pairs):
                cy = y + i * row_h
                self._text(painter, (x + 1, cy, label_w, row_h), k, 8.5, bold=True)
                self._text(painter, (x + label_w + 1, cy, w - label_w - 2, row_h), v, 9.0)
            h = len(pairs) * row_h
        self._box(painter, (x, y, w, h), fill=None, width_mm=0.3)
        return y + h

    def _round_rows(self, sheet: ZoneSheet) -> list[list[str]]:
        rows = []
        for i, r in enumerate(sheet.rounds, start=1):
            end = "24:00" if r.end.time() == dt.time(0, 0) and r.end > r.start else f"{r.end:%H:%M}"
            rows.append([str(i), self._pick(r.name, r.name_zh), f"{r.start:%H:%M}–{end}", "", ""])
        return rows

    def _rounds(self, painter: QPainter, sheet: ZoneSheet, x: float, y: float, w: float) -> float:
        y = self._section(painter, x, y, w, self.tr("Rounds"))
        rows = self._round_rows(sheet) or [["", self.tr("No rounds in this shift"), "", "", ""]]
        fixed = 8.0 + 21.0 + 14.0 + 12.0
        return self._table(painter, x, y, [8.0, w - fixed, 21.0, 14.0, 12.0],
                           [self.tr("No."), self.tr("Requirement"), self.tr("Window"), self.tr("Done at"),
                            self.tr("Initials")], rows, centre=(0, 2))

    def _checklist(self, painter: QPainter, sheet: ZoneSheet, x: float, y: float, w: float,
                   refs: dict[int, str]) -> float:
        y = self._section(painter, x, y, w, self.tr("Key points"))
        rows = []
        for kp in sheet.key_points:
            name = self._pick(kp.name, kp.name_zh) or self.kind_title(kp.kind)
            if kp.kind in ("valve", "hydrant"):
                name = self.kind_title(kp.kind)
            rows.append(["", str(kp.number), kp.code, name, refs.get(kp.number, ""), ""])
        if not rows:
            rows = [["", "", "", self.tr("No key points in this area"), "", ""]]
        widths = [6.0, 8.5, 16.0, w - 6 - 8.5 - 16 - 10 - 14, 10.0, 14.0]
        row_h = 5.2
        bottom = self._table(painter, x, y, widths, ["✓", self.tr("No."), self.tr("Code"), self.tr("Point"),
                                                     self.tr("Grid"), self.tr("Time")], rows, row_h=row_h,
                             centre=(0, 1, 4))
        if sheet.key_points:
            s = 3.0
            for i in range(len(rows)):
                cy = y + (i + 1) * row_h + (row_h - s) / 2
                self._box(painter, (x + (6.0 - s) / 2, cy, s, s), fill=QColor("white"), width_mm=0.25)
        return bottom

    def _contacts(self, painter: QPainter, sheet: ZoneSheet, x: float, y: float, w: float, max_rows: int) -> float:
        y = self._section(painter, x, y, w, self.tr("Emergency contacts"))
        rows = [[c.name, c.organisation, c.phone] for c in sheet.contacts[:max_rows]]
        rows = rows or [[self.tr("No contacts stored"), "", ""]]
        return self._table(painter, x, y, [w * 0.3, w * 0.42, w * 0.28],
                           [self.tr("Name"), self.tr("Organisation"), self.tr("Phone")], rows)

    def _signatures(self, painter: QPainter, sheet: ZoneSheet, y: float, w: float) -> None:
        labels = [self.tr("Team leader's signature"), self.tr("Handed over at"), self.tr("Checked by (duty leader)")]
        part = w / len(labels)
        for i, label in enumerate(labels):
            x = i * part
            self._text(painter, (x, y + 3, part - 4, 5), label, 8.5, bold=True)
            self._line(painter, x, y + 12, x + part - 6, y + 12, 0.25)

    def _footer(self, painter: QPainter, sheet: ZoneSheet, h: float, w: float, page: int, pages: int,
                printed_at: dt.datetime) -> None:
        when = printed_at.astimezone(sheet.shift_start.tzinfo if sheet.shift_start else dt.timezone.utc)
        left = self.tr("Printed {0}").format(f"{when:%Y-%m-%d %H:%M}") + "  ·  WaterGuard  ·  " + \
            self.tr("Map data © OpenStreetMap contributors")
        self._text(painter, (0, h - 1.0, w * 0.8, 4.0), left, 6.5, color=RULE_GREY)
        self._text(painter, (w * 0.8, h - 1.0, w * 0.2, 4.0), self.tr("Page {0} of {1}").format(page, pages), 6.5,
                   align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, color=RULE_GREY)

    # -- the map -------------------------------------------------------------------------
    def _set_sheet_layers(self, sheet: ZoneSheet, extent: tuple[float, float, float, float],
                          m_per_px: float) -> None:
        """Point the sheet's own layers at this sheet's pipes, area and mask (drawn once, at ``m_per_px``)."""
        import geopandas as gpd

        pipes = self._pipes_data
        if isinstance(pipes, FeatureData) and len(sheet.pipe_ids):
            pos = sorted_positions(pipes.ids, sheet.pipe_ids)
            ok = pos >= 0
            geoms, ids, rules = pipes.geoms[pos[ok]], sheet.pipe_ids[ok], sheet.pipe_rules[ok]
        else:
            geoms, ids, rules = np.empty(0, object), np.empty(0, np.int64), np.empty(0, object)
        order = {r: i for i, r in enumerate(DRAW_ORDER)}
        codes = np.array([order.get(r, 0) for r in rules], dtype=np.int32)
        import pandas as pd

        self.sheet_pipes.data = FeatureData(np.asarray(geoms, dtype=object), ids, pd.DataFrame({"rule": rules}),
                                            codes, len(DRAW_ORDER))
        self.sheet_pipes.data.prepare_for_scale(m_per_px)
        box = shapely.box(*extent).buffer(max(extent[2] - extent[0], extent[3] - extent[1]))
        outside = box.difference(sheet.area)
        for layer, geom in ((self.mask, outside), (self.outline, sheet.area)):
            frame = gpd.GeoDataFrame({"id": [1]}, geometry=[geom], crs=self.projector.local_crs)
            layer.data = feature_data(layer.name, frame, self.projector)
            layer.data.codes = np.zeros(1, dtype=np.int32)

    def _map(self, painter: QPainter, sheet: ZoneSheet, rect_mm: tuple[float, float, float, float]
             ) -> dict[int, str]:
        """The patch map in ``rect_mm`` with grid, key points, north arrow, scale bar and legend.

        Returns the grid reference of every key point by number.
        """
        gap = 4.0  # room for the grid labels around the frame
        x, y, w, h = rect_mm[0] + gap, rect_mm[1] + gap, rect_mm[2] - 2 * gap, rect_mm[3] - 2 * gap
        dev = self._r(x, y, w, h).toAlignedRect()
        wpx, hpx = dev.width(), dev.height()
        ex = sheet.extent
        cx, cy = (ex[0] + ex[2]) / 2, (ex[1] + ex[3]) / 2
        mpp = max((ex[2] - ex[0]) / wpx, (ex[3] - ex[1]) / hpx)
        scale = nice_scale(mpp * self._dpi / 0.0254)
        mpp = scale * 0.0254 / self._dpi
        extent = (cx - wpx * mpp / 2, cy - hpx * mpp / 2, cx + wpx * mpp / 2, cy + hpx * mpp / 2)
        self._set_sheet_layers(sheet, extent, mpp * self._dpi / 96.0)

        painter.save()
        painter.setClipRect(dev)
        painter.setViewport(dev)
        painter.setWindow(QRect(0, 0, wpx, hpx))
        with label_families([pdf_font_family()]), device_pens():
            self.canvas.render(painter, extent, wpx, hpx, px=self._dpi / 96.0, live=False,
                               background=QColor("white"))
        painter.restore()

        def to_mm(mx: float, my: float) -> tuple[float, float]:
            return x + (mx - extent[0]) / (mpp * self._mm), y + (extent[3] - my) / (mpp * self._mm)

        # Grid with lettered columns and numbered rows.
        cell, xs, ys = sheet_grid(extent)
        grey = QColor(60, 60, 60, 110)
        for i, gx in enumerate(xs[1:-1], start=1):
            px_, _ = to_mm(gx, 0)
            self._line(painter, px_, y, px_, y + h, 0.15, grey, Qt.PenStyle.DashLine)
        for j, gy in enumerate(ys[1:-1], start=1):
            _, py_ = to_mm(0, gy)
            self._line(painter, x, py_, x + w, py_, 0.15, grey, Qt.PenStyle.DashLine)
        from services.zone_sheets.sheets import column_letter

        for i in range(len(xs) - 1):
            a, _ = to_mm(xs[i], 0)
            b, _ = to_mm(xs[i + 1], 0)
            for ty in (y - gap, y + h):
                self._text(painter, (a, ty, b - a, gap), column_letter(i), 7.5, bold=True,
                           align=Qt.AlignmentFlag.AlignCenter)
        for j in range(len(ys) - 1):
            _, a = to_mm(0, ys[j])
            _, b = to_mm(0, ys[j + 1])
            for tx in (x - gap, x + w):
                self._text(painter, (tx, a, gap, b - a), str(j + 1), 7.5, bold=True,
                           align=Qt.AlignmentFlag.AlignCenter)
        self._box(painter, (x, y, w, h), width_mm=0.4)

        # Numbered key points.
        refs = {}
        r = 2.1
        for kp in sheet.key_points:
            refs[kp.number] = grid_ref(kp.x, kp.y, xs, ys)
            kx, ky = to_mm(kp.x, kp.y)
            if not (x <= kx <= x + w and y <= ky <= y + h):
                continue
            painter.setPen(QPen(KEY_POINT, 0.35 * self._mm))
            painter.setBrush(QColor("white"))
            painter.drawEllipse(QPointF(kx * self._mm, ky * self._mm), r * self._mm, r * self._mm)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            self._text(painter, (kx - r, ky - r, 2 * r, 2 * r), str(kp.number), 6.5 if kp.number < 10 else 5.5,
                       bold=True, align=Qt.AlignmentFlag.AlignCenter, color=KEY_POINT, elide=False)

        self._north_arrow(painter, x + w - 10, y + 3)
        self._scale_bar(painter, x + 3, y + h - 10, mpp * self._mm, scale)
        self._legend(painter, sheet, x + w, y + h, cell)
        return refs

    def _north_arrow(self, painter: QPainter, x: float, y: float) -> None:
        self._box(painter, (x - 1, y - 1, 9, 13), fill=QColor(255, 255, 255, 220), width_mm=0)
        m = self._mm
        cx = (x + 3.5) * m
        top, base, notch = (y + 1) * m, (y + 9) * m, (y + 7) * m
        painter.setPen(QPen(INK, 0.2 * m))
        painter.setBrush(INK)
        painter.drawPolygon(QPolygonF([QPointF(cx, top), QPointF(cx - 2.5 * m, base), QPointF(cx, notch)]))
        painter.setBrush(QColor("white"))
        painter.drawPolygon(QPolygonF([QPointF(cx, top), QPointF(cx + 2.5 * m, base), QPointF(cx, notch)]))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        self._text(painter, (x, y + 8.5, 7, 3.5), "N", 7.5, bold=True, align=Qt.AlignmentFlag.AlignCenter)

    def _scale_bar(self, painter: QPainter, x: float, y: float, m_per_mm: float, scale: int) -> None:
        target = m_per_mm * 40.0
        exp = 10 ** math.floor(math.log10(target))
        nice = max(m * exp for m in (1, 2, 5) if m * exp <= target)
        length = nice / m_per_mm
        self._box(painter, (x - 1.5, y - 1.5, length + 16, 9.5), fill=QColor(255, 255, 255, 220), width_mm=0)
        for k in range(4):
            fill = INK if k % 2 == 0 else QColor("white")
            self._box(painter, (x + k * length / 4, y + 3, length / 4, 1.6), fill=fill, width_mm=0.15)
        unit = (lambda v: f"{v / 1000:g} km") if nice >= 1000 else (lambda v: f"{v:g} m")
        for v, pos in ((0, 0.0), (nice / 2, 0.5), (nice, 1.0)):
            self._text(painter, (x + pos * length - 6, y - 0.5, 12, 3.5), unit(v) if v else "0", 6.0,
                       align=Qt.AlignmentFlag.AlignCenter, elide=False)
        self._text(painter, (x, y + 4.8, length + 14, 3.2), f"1:{scale:,}".replace(",", " "), 6.5, bold=True,
                   elide=False)

    def _legend(self, painter: QPainter, sheet: ZoneSheet, right: float, bottom: float, cell: float) -> None:
        entries: list[tuple[str, str, str]] = [("line", RULE_COLOURS.get(rule, RULE_COLOURS["none"]),
                                                f"{self.rule_title(rule)}  {km:.1f} km")
                                               for rule, km in sheet.length_km.items()]
        entries += [("outline", "#111111", self.tr("Patch boundary") if sheet.patch_code else self.tr("Team area")),
                    ("point", "#b03a2e", self.tr("Key point (numbered)"))]
        # The map's own things in the desk's words and colours (services.printing.legend).
        entries += [(kind, *reversed(shared_entry(key))) for kind, key in SHEET_SHARED]
        entries += [("text", "", self.tr("Grid cell {0}").format(f"{cell / 1000:g} km" if cell >= 1000
                                                                   else f"{cell:g} m"))]
        self.last_legend = [text for _, _, text in entries]
        row, w = 3.6, 52.0
        h = len(entries) * row + 3
        x, y = right - w - 1.5, bottom - h - 1.5
        self._box(painter, (x, y, w, h), fill=QColor(255, 255, 255, 235), width_mm=0.2, color=RULE_GREY)
        m = self._mm
        for i, (kind, colour, text) in enumerate(entries):
            cy = y + 1.5 + i * row + row / 2
            c = QColor(colour) if colour else INK
            if kind == "line":
                self._line(painter, x + 2, cy, x + 8, cy, 0.8, c)
            elif kind == "outline":
                self._line(painter, x + 2, cy, x + 8, cy, 0.5, c, Qt.PenStyle.DashLine)
            elif kind == "area":
                fill = QColor(c)
                fill.setAlpha(60)
                self._box(painter, (x + 2.5, cy - 1.2, 5, 2.4), fill=fill, width_mm=0.3, color=c)
            elif kind == "point":
                painter.setPen(QPen(c, 0.3 * m))
                painter.setBrush(QColor("white"))
                painter.drawEllipse(QPointF((x + 5) * m, cy * m), 1.4 * m, 1.4 * m)
                painter.setBrush(Qt.BrushStyle.NoBrush)
            self._text(painter, (x + 10, cy - row / 2, w - 11, row), text, 6.5)


def sheet_layers(store) -> tuple:
    """``(layers, projector)``: a fresh copy of the store's map layers for the sheets (any thread, no widgets).

    A city's pipes come from the map data prepared beside the store (built first if
    missing), as on the desk: read whole and tiled afresh they cost ~1.3 GB and 15 s
    a print at 500,000 pipes.
    """
    from ui.map.setup import load_layers

    layers, projector = load_layers(store, defer=True)
    pipes = layers.get("pipes")
    if pipes is not None and hasattr(pipes.data, "wait"):
        pipes.data.wait()
    return layers, projector


def write_zone_sheets(store, sheets: list[ZoneSheet], path: str | Path, paper: str = "A4",
                      orientation: str = "portrait", printed_at: dt.datetime | None = None) -> Path:
    """Write ``sheets`` as a PDF (in the current UI language); needs a QGuiApplication."""
    painter = ZoneSheetPainter.from_store(store)
    try:
        return painter.write_pdf(path, sheets, paper, orientation, printed_at)
    finally:
        painter.close()


__all__ = ["ZoneSheetPainter", "page_layout", "sheet_layers", "write_zone_sheets", "nice_scale", "PAPERS", "ORIENTATIONS"]
