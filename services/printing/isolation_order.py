"""The isolation order (关阀停水作业单): one printable A4 page for the valve crew.

Title and repair; what goes dry (isolated, cut off, total) with the red
warning when a guarded place is out of water; a map of the isolated and
cut-off pipes with the valves numbered in the order to close them; the valve
table (step, valve, DN, location, distance from the source, the crew's route
from the previous valve, time closed, initials); the affected users and the
contacts to notify; sign-off lines. Painted in the PDF font of
:mod:`services.printing.fonts`, so the Chinese text layer extracts as the same
characters.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import numpy as np
import shapely
from PySide6.QtCore import QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from services.printing.fonts import pdf_font
from services.printing.pdf_file import a4_portrait, pdf_writer

RED, ORANGE, GREY, BLUE = QColor("#d50000"), QColor("#ff8f00"), QColor("#9e9e9e"), QColor("#1565c0")
W_MM, H_MM = 180.0, 267.0  # A4 inside 15 mm margins


class IsolationOrderPdf(QObject):
    """Paints an :class:`~services.isolation.answer.IsolationAnswer` as a one-page PDF."""

    def __init__(self, lang: str = "en", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.zh = lang.startswith("zh")

    # -- words ------------------------------------------------------------------------------------
    def title(self) -> str:
        """The document title."""
        return self.tr("Valve isolation order")

    def reason(self, reason: str) -> str:
        """A reason's words."""
        return self.tr("isolated") if reason == "isolated" else self.tr("cut off from every source")

    def kind(self, kind: str) -> str:
        """A guarded place kind or user category."""
        return {"venue": self.tr("venue"), "residence": self.tr("residence"), "key_unit": self.tr("key unit"),
                "hospital": self.tr("hospital"), "government": self.tr("government"), "school": self.tr("school"),
                "other": self.tr("other")}.get(kind, kind)

    def valve_type(self, kind: str) -> str:
        """A control valve type's words."""
        return {"prv": self.tr("pressure reducing valve"), "psv": self.tr("pressure sustaining valve"),
                "pbv": self.tr("pressure breaker valve"), "fcv": self.tr("flow control valve"),
                "tcv": self.tr("throttle control valve"), "gpv": self.tr("general purpose valve")}.get(kind, kind.upper())

    def group(self, group: str) -> str:
        """A contact group's words."""
        return {"important_user": self.tr("important user"), "government": self.tr("government"),
                "internal": self.tr("internal"), "media": self.tr("media")}.get(group, group)

    def name(self, d: dict) -> str:
        """A user's or place's name in the page's language."""
        return d.get("name_zh") if self.zh and d.get("name_zh") else d["name"]

    # -- page -------------------------------------------------------------------------------------
    def write(self, ans, network, path: str | Path, repair_code: str | None = None,
              printed_at: dt.datetime | None = None, contacts: list[dict] = ()) -> Path:
        """Write the page to ``path``; returns the path."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and not path.is_file():
            raise IsADirectoryError(21, "Is a directory", str(path))
        with pdf_writer(path, self.title(), a4_portrait((15, 15, 15, 15))) as writer:
            painter = QPainter(writer)
            if not painter.isActive():
                raise PermissionError(13, "Cannot write", str(path))
            try:
                self.k = writer.width() / W_MM  # device units per mm
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                self._paint(painter, ans, network, repair_code, printed_at or dt.datetime.now(dt.timezone.utc),
                            list(contacts))
            finally:
                painter.end()
        return path

    def _r(self, x: float, y: float, w: float, h: float) -> QRectF:
        k = self.k
        return QRectF(x * k, y * k, w * k, h * k)

    def _text(self, p: QPainter, x: float, y: float, w: float, h: float, text: str, size: float = 8.5,
              bold: bool = False, color: QColor | None = None, align=Qt.AlignmentFlag.AlignLeft) -> None:
        p.setFont(pdf_font(size, bold))
        p.setPen(color or QColor("black"))
        p.drawText(self._r(x, y, w, h), int(align | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap), text)

    def _pen(self, color: QColor, width_mm: float) -> QPen:
        pen = QPen(color)
        pen.setWidthF(width_mm * self.k)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        return pen

    def _table(self, p: QPainter, x: float, y: float, widths: list[float], heads: list[str], rows: list[list[str]],
               row_h: float = 5.2, size: float = 7.5) -> float:
        p.setPen(self._pen(QColor("black"), 0.2))
        cells = [heads, *rows]
        for i, row in enumerate(cells):
            cx = x
            for w, cell in zip(widths, row, strict=True):
                p.setPen(self._pen(QColor("black"), 0.2))
                p.drawRect(self._r(cx, y, w, row_h))
                self._text(p, cx + 0.8, y, w - 1.6, row_h, cell, size, bold=(i == 0))
                cx += w
            y += row_h
        return y

    def _paint(self, p: QPainter, ans, network, repair_code: str | None, printed_at: dt.datetime,
               contacts: list[dict]) -> None:
        r = ans.result
        y = 0.0
        self._text(p, 0, y, W_MM, 9, self.title(), 16, True, align=Qt.AlignmentFlag.AlignHCenter)
        y += 10
        head = self.tr("Pipe {0}").format(r.pipe)
        if repair_code:
            head = self.tr("Repair {0}, pipe {1}").format(repair_code, r.pipe)
        self._text(p, 0, y, W_MM, 5, head + "    " + self.tr("Printed {0}").format(
            printed_at.strftime("%Y-%m-%d %H:%M UTC")), 9, align=Qt.AlignmentFlag.AlignHCenter)
        y += 7
        summary = self.tr("Out of water: {0:,.0f} m of pipe. Isolated: {1} pipe(s), {2:,.0f} m. "
                          "Cut off from every source: {3} pipe(s), {4:,.0f} m. Hydrants: {5}.").format(
            r.dry_length_m, len(r.isolated_pipes), r.isolated_length_m, len(r.cut_off_pipes), r.cut_off_length_m,
            len(r.hydrants))
        self._text(p, 0, y, W_MM, 9, summary, 9)
        y += 10
        if r.sources_to_shut:
            self._text(p, 0, y, W_MM, 6, self.tr("No valve bounds the break: it takes shutting source(s) {0}.").format(
                ", ".join(s["code"] for s in r.sources_to_shut)), 9.5, True, RED)
            y += 7
        if r.guarded_dry:
            places = self.tr(", ").join(self.tr("{0} ({1})").format(self.name(g), self.reason(g["reason"]))
                                        for g in r.guarded_places_affected)
            text = self.tr("WARNING: guarded places out of water: {0}").format(places)
            p.setFont(pdf_font(9, True))
            need = p.boundingRect(self._r(2, y, W_MM - 4, 100), int(Qt.TextFlag.TextWordWrap), text).height() / self.k
            box = need + 2
            p.fillRect(self._r(0, y, W_MM, box), QColor("#ffebee"))
            p.setPen(self._pen(RED, 0.5))
            p.drawRect(self._r(0, y, W_MM, box))
            self._text(p, 2, y, W_MM - 4, box, text, 9, True, RED)
            y += box + 2
        map_h = 82.0
        self._map(p, r, ans.order, network, (0, y, W_MM, map_h))
        y += map_h + 3
        self._text(p, 0, y, W_MM, 5, self.tr("Valves in the order to close them ({0})").format(
            self.tr("from the supply side inward") if ans.rules.order == "supply_side_first"
            else self.tr("from the break outward")), 10, True)
        y += 6
        streets = getattr(ans, "route_basis", "pipe_network") == "streets"
        heads = [self.tr("Step"), self.tr("Valve"), self.tr("DN"), self.tr("Location"), self.tr("From source (m)"),
                 self.tr("Route (m, min)") if streets else self.tr("Route (m)"), self.tr("Closed at"),
                 self.tr("Initials")]
        rows = []
        for v in ans.order[:12]:
            rows.append([str(v["step"]), v["code"] + (f" ({self.valve_type(v['valve_type'])})" if v["control"] else ""),
                         f"{v['diameter_mm']:.0f}" if v.get("diameter_mm") else "-",
                         f"{v['lat']:.5f}, {v['lon']:.5f}" if v.get("lat") is not None else "-",
                         "-" if v["from_source_m"] is None else f"{v['from_source_m']:,.0f}",
                         "-" if v["route_m"] is None else f"{v['route_m']:,.0f}" + (
                             f", {v['route_s'] / 60:.0f}" if streets and v.get("route_s") is not None else ""),
                         "", ""])
        y = self._table(p, 0, y, [11, 30, 13, 40, 24, 20, 24, 18], heads, rows)
        self._text(p, 0, y, W_MM, 4, self.tr("Crew route: along the streets, from the break, then valve to valve.")
                   if streets else self.tr("Crew route: distance along the pipe network (no streets in the store)."),
                   7.5)
        y += 4
        if len(ans.order) > 12:
            self._text(p, 0, y, W_MM, 4, self.tr("… and {0} more valve(s)").format(len(ans.order) - 12), 7.5)
            y += 4
        y += 3
        self._text(p, 0, y, W_MM, 5, self.tr("Affected users and contacts to notify"), 10, True)
        y += 6
        rows = []
        users = {u["code"]: u for u in r.affected_users}
        shown = set()

        def contact_of(u: dict | None) -> str:
            return "" if u is None else " ".join(x for x in (u.get("contact"), u.get("phone")) if x)

        for g in r.guarded_places_affected:
            via = g.get("via", "")
            u = users.get(via[5:]) if via.startswith("user ") else None
            if u is not None:
                shown.add(u["code"])
            rows.append([self.name(g), self.kind(g["kind"]), self.reason(g["reason"]), contact_of(u)])
        for u in r.affected_users:
            if u["code"] not in shown:
                rows.append([self.name(u), self.kind(u["category"]), self.reason(u["reason"]), contact_of(u)])
        for c in contacts:
            rows.append([c["name"], self.group(c["group"]), self.tr("to notify"),
                         " ".join(x for x in (c.get("phone"), c.get("email")) if x)])
        room = max(int((H_MM - 30 - y) / 5.2) - 1, 1)
        if not rows:
            self._text(p, 0, y, W_MM, 5, self.tr("No important user or guarded place goes dry."), 8.5)
            y += 6
        else:
            y = self._table(p, 0, y, [70, 30, 40, 40], [self.tr("Name"), self.tr("Kind"), self.tr("Why"),
                                                        self.tr("Contact")], rows[:room])
            if len(rows) > room:
                self._text(p, 0, y, W_MM, 4, self.tr("… and {0} more").format(len(rows) - room), 7.5)
        # Sign-off lines at the foot of the page.
        y = H_MM - 24
        lines = [self.tr("Ordered by (duty leader): ____________  time: ________"),
                 self.tr("Valves closed (crew leader): ____________  time: ________"),
                 self.tr("Supply restored, valves reopened: ____________  time: ________")]
        for line in lines:
            self._text(p, 0, y, W_MM, 7, line, 9.5)
            y += 8

    # -- map --------------------------------------------------------------------------------------
    def _map(self, p: QPainter, r, order: list[dict], network, rect: tuple[float, float, float, float]) -> None:
        x0, y0, w, h = rect
        p.setPen(self._pen(QColor("black"), 0.3))
        p.drawRect(self._r(*rect))
        lines = getattr(network, "lines", None)
        if lines is None:
            self._text(p, x0, y0, w, h, self.tr("No pipe geometry to draw."), 9, align=Qt.AlignmentFlag.AlignHCenter)
            return
        # Only the pipes on the map are read: the isolated and cut-off ones, then those in the view.
        pos = network._pipe_pos
        iso = pos.get_indexer(r.isolated_pipe_ids)
        cut = pos.get_indexer(r.cut_off_pipe_ids)
        iso_geoms = lines.take(iso)
        pts = [(v["lon"], v["lat"]) for v in order if v.get("lon") is not None]
        focus = list(iso_geoms) + [shapely.Point(xy) for xy in pts]
        if len(cut) and len(cut) <= 200:
            focus += list(lines.take(cut))
        minx, miny, maxx, maxy = shapely.total_bounds(np.array(focus, dtype=object))
        lat = (miny + maxy) / 2
        kx = math.cos(math.radians(lat)) * 111_320.0  # m per degree of longitude
        ky = 110_540.0
        span_x = max((maxx - minx) * kx, 150.0) * 1.25
        span_y = max((maxy - miny) * ky, 150.0) * 1.25
        scale = max(span_x / w, span_y / h)  # m per mm
        cx, cy = (minx + maxx) / 2, (miny + maxy) / 2

        def to_mm(lon: np.ndarray, la: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            return x0 + w / 2 + (lon - cx) * kx / scale, y0 + h / 2 - (la - cy) * ky / scale

        view = shapely.box(cx - w / 2 * scale / kx, cy - h / 2 * scale / ky, cx + w / 2 * scale / kx,
                           cy + h / 2 * scale / ky)
        p.save()
        p.setClipRect(self._r(*rect))
        near = lines.rows_in(*shapely.bounds(view))
        near_geoms = lines.take(near)
        shown = near[np.asarray(shapely.intersects(near_geoms, view), dtype=bool)]
        by_row = dict(zip(near.tolist(), near_geoms.tolist(), strict=True))
        cut_shown = cut[np.isin(cut, shown)] if len(cut) else cut
        layers = [([by_row[i] for i in shown.tolist()], GREY, 0.3),
                  ([by_row[i] for i in cut_shown.tolist()], ORANGE, 0.9), (list(iso_geoms), RED, 1.4)]
        for geoms, color, width in layers:
            path = QPainterPath()
            for g in geoms:
                if g is None:
                    continue
                for part in getattr(g, "geoms", [g]):
                    c = shapely.get_coordinates(part)
                    if len(c) < 2:
                        continue
                    mx, my = to_mm(c[:, 0], c[:, 1])
                    path.moveTo(mx[0] * self.k, my[0] * self.k)
                    for a, b in zip(mx[1:], my[1:], strict=True):
                        path.lineTo(a * self.k, b * self.k)
            p.setPen(self._pen(color, width))
            p.drawPath(path)
        placed: list[tuple[float, float]] = []
        for v in order:
            if v.get("lon") is None:
                continue
            mx, my = to_mm(np.array([v["lon"]]), np.array([v["lat"]]))
            # Valves on one node: the next marker beside the last, not on top of it.
            while any(abs(float(mx[0]) - a) < 4.5 and abs(float(my[0]) - b) < 4.5 for a, b in placed):
                mx = mx + 5.0
            placed.append((float(mx[0]), float(my[0])))
            c = QPointF(float(mx[0]) * self.k, float(my[0]) * self.k)
            p.setPen(self._pen(QColor("white"), 0.3))
            p.setBrush(BLUE)
            p.drawEllipse(c, 2.4 * self.k, 2.4 * self.k)
            p.setBrush(Qt.BrushStyle.NoBrush)
            self._text(p, float(mx[0]) - 2.4, float(my[0]) - 2.4, 4.8, 4.8, str(v["step"]), 7, True,
                       QColor("white"), Qt.AlignmentFlag.AlignHCenter)
        p.restore()
        # Legend and scale.
        lx, ly = x0 + 2, y0 + h - 14
        p.fillRect(self._r(lx - 1, ly - 1, 62, 14), QColor(255, 255, 255, 230))
        for i, (color, label) in enumerate([(RED, self.tr("isolated")), (ORANGE, self.tr("cut off from every source")),
                                            (BLUE, self.tr("valve, step to close"))]):
            p.setPen(self._pen(color, 1.2))
            p.drawLine(self._r(lx, ly + 2 + i * 4, 6, 0).topLeft(), self._r(lx + 6, ly + 2 + i * 4, 0, 0).topLeft())
            self._text(p, lx + 8, ly + i * 4, 52, 4, label, 7)
        bar_m = _nice(scale * 30)
        bar_mm = bar_m / scale
        bx, by = x0 + w - bar_mm - 4, y0 + h - 5
        p.setPen(self._pen(QColor("black"), 0.5))
        p.drawLine(self._r(bx, by, 0, 0).topLeft(), self._r(bx + bar_mm, by, 0, 0).topLeft())
        self._text(p, bx, by - 5, bar_mm, 4, self.tr("{0:,.0f} m").format(bar_m), 7, align=Qt.AlignmentFlag.AlignHCenter)
        self._text(p, x0 + w - 8, y0 + 1, 6, 5, self.tr("N"), 9, True, align=Qt.AlignmentFlag.AlignHCenter)


def _nice(value: float) -> float:
    """A round length (1, 2, 5 × 10^n) near ``value``."""
    if value <= 0:
        return 1.0
    e = 10 ** math.floor(math.log10(value))
    return next(m * e for m in (5, 2, 1) if m * e <= value) if value >= e else e


def write_isolation_order(ans, network, path: str | Path, lang: str = "en", repair_code: str | None = None,
                          printed_at: dt.datetime | None = None, contacts: list[dict] = ()) -> Path:
    """Write the isolation order of ``ans`` (an :class:`~services.isolation.answer.IsolationAnswer`) as a PDF.

    Needs a QGuiApplication; the words follow the installed translators, names follow ``lang``.
    """
    return IsolationOrderPdf(lang).write(ans, network, path, repair_code, printed_at, contacts)
