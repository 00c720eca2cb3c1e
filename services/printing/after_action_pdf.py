"""The after-action report (复盘报告) as a PDF, with its charts.

The figures are :func:`services.after_action.after_action`'s (the desk's own
services); this module only lays them out: HTML in a :class:`QTextDocument`,
painted page by page onto a :class:`QPdfWriter` in the PDF font of
:mod:`services.printing.fonts` (the Chinese text layer searches and copies), with a
header on every page that says when the day was a drill. The charts (coverage
through the day, limits met per repair, the reporting matrix) are painted with
QPainter into images placed in the document.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from PySide6.QtCore import QObject, QPointF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QTextDocument

from services.printing.fonts import pdf_font, pdf_font_family
from services.printing.pdf_file import a4_portrait, pdf_writer

GREEN, AMBER, RED, GREY, BLUE = "#2e7d32", "#f9a825", "#c62828", "#9e9e9e", "#1565c0"
SERIES = ("#1565c0", "#c62828", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f", "#5d4037")


def _pct(value) -> str:
    return "—" if value is None else f"{value:.1%}"


def _num(value, fmt: str = ".0f") -> str:
    return "—" if value is None else format(value, fmt)


def _e(text) -> str:
    return html.escape("" if text is None else str(text)).replace("\n", "<br/>")


class AfterActionPdf(QObject):
    """Writes the after-action figures of a day to a PDF file."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    # -- words ----------------------------------------------------------------------------
    def chinese(self) -> bool:
        """Whether the report is written in Chinese (the catalogue in force translates it)."""
        return self.tr("After-action report") != "After-action report"

    def requirement(self, data: dict, code: str) -> str:
        """A requirement's name in the report's language (never its internal code in Chinese)."""
        names = data.get("requirement_names", {}).get(code)
        if not names:
            return code
        return names["name_zh"] if self.chinese() else names["name"]

    def unit_name(self, unit: dict) -> str:
        """A reporting unit's name in the report's language."""
        return unit.get("name_zh") or unit["name"] if self.chinese() else unit["name"]

    def title(self) -> str:
        """The document title."""
        return self.tr("After-action report")

    def drill_mark(self, data: dict) -> str:
        """The words every page carries for a drill's day (empty for the real event)."""
        d = data.get("drill")
        if not d:
            return ""
        return self.tr("DRILL {0} — simulated day, not the real event").format(d["code"])

    def limit_label(self, name: str) -> str:
        """A time limit's name."""
        return {"dispatch": self.tr("Dispatch"), "arrival": self.tr("Arrival"), "isolation": self.tr("Isolation"),
                "repair": self.tr("Repair"), "restoration": self.tr("Restoration")}.get(name, name)

    def state_label(self, state: str) -> str:
        """A limit's or a report cell's state."""
        return {"met": self.tr("met"), "overrun": self.tr("overrun"), "running": self.tr("running"),
                "not_started": self.tr("not started"), "safe": self.tr("safe"), "incident": self.tr("incident"),
                "missing": self.tr("missing"), "pending": self.tr("pending")}.get(state, state)

    def timeline_label(self, kind: str) -> str:
        """What a timeline entry is."""
        return {
            "repair.reported": self.tr("Repair reported"), "repair.dispatched": self.tr("Repair dispatched"),
            "repair.arrived": self.tr("Crew on site"), "repair.isolated": self.tr("Valves closed"),
            "repair.repaired": self.tr("Pipe repaired"), "repair.restored": self.tr("Supply restored"),
            "zero_report.missing": self.tr("Zero report missing (alarm)"),
            "action.opened": self.tr("Action item opened"), "action.closed": self.tr("Action item closed"),
            "drill.vehicle_lost": self.tr("Vehicle lost (silent 2 min)"),
            "drill.vehicle_back": self.tr("Vehicle reporting again"),
            "drill.post_departure": self.tr("Guard left his post"),
            "drill.patch_skip": self.tr("Patrol skipped part of its patch"),
        }.get(kind, kind)

    # -- charts ---------------------------------------------------------------------------
    @staticmethod
    def _canvas(width: int, height: int) -> tuple[QImage, QPainter]:
        image = QImage(width, height, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        # Paint at the writer's 300 dpi so point sizes come out as on paper.
        image.setDotsPerMeterX(round(300 / 0.0254))
        image.setDotsPerMeterY(round(300 / 0.0254))
        p = QPainter(image)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        return image, p

    def coverage_chart(self, data: dict, width: int, height: int) -> QImage:
        """Coverage ratio per requirement through the day (one step line per requirement)."""
        image, p = self._canvas(width, height)
        cov = data.get("coverage") or {}
        reqs = [r for r in cov.get("requirements", []) if r.get("windows")]
        left, right, top, bottom = 150, 40, 40, 120
        plot = QRectF(left, top, width - left - right, height - top - bottom)
        p.setFont(pdf_font(7))
        p.setPen(QPen(QColor("#888"), 2))
        for k in range(0, 11, 2):
            y = plot.bottom() - plot.height() * k / 10
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.drawText(QRectF(0, y - 30, left - 15, 60), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       f"{k * 10}%")
        for h in range(0, 25, 4):
            x = plot.left() + plot.width() * h / 24
            p.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 10))
            p.drawText(QRectF(x - 60, plot.bottom() + 12, 120, 50), Qt.AlignmentFlag.AlignHCenter, f"{h:02d}:00")
        day0 = dt.datetime.fromisoformat(data["date"] + "T00:00:00")
        for i, r in enumerate(reqs):
            color = QColor(SERIES[i % len(SERIES)])
            p.setPen(QPen(color, 6))
            for w in r["windows"]:
                a = dt.datetime.fromisoformat(w["start"]).replace(tzinfo=None)
                b = dt.datetime.fromisoformat(w["end"]).replace(tzinfo=None)
                xa = plot.left() + plot.width() * max(0.0, (a - day0).total_seconds() / 86_400)
                xb = plot.left() + plot.width() * min(1.0, (b - day0).total_seconds() / 86_400)
                if w.get("ratio") is None:
                    continue
                y = plot.bottom() - plot.height() * float(w["ratio"])
                p.drawLine(QPointF(xa, y), QPointF(xb, y))
            lx = left + (i % 3) * (plot.width() / 3)
            ly = height - 75 + (i // 3) * 35
            p.fillRect(QRectF(lx, ly, 40, 18), color)
            p.setPen(QColor("black"))
            p.drawText(QPointF(lx + 55, ly + 18), self.requirement(data, r["code"]))
        p.setPen(QPen(QColor("black"), 2))
        p.drawRect(plot)
        p.end()
        return image

    def limits_chart(self, data: dict, width: int, height: int) -> QImage:
        """Per repair, per limit: elapsed time as a share of the target (green met, red overrun, grey running)."""
        image, p = self._canvas(width, height)
        repairs = data.get("repairs", [])[:12]
        left, right, top = 330, 60, 20
        row_h = max(40.0, (height - top - 60) / max(1, len(repairs) * 5))
        scale_w = width - left - right
        p.setFont(pdf_font(6))
        y = top
        for r in repairs:
            for lim in r["limits"]:
                label = f"{r['code']} {self.limit_label(lim['limit'])}"
                p.setPen(QColor("black"))
                p.drawText(QRectF(0, y, left - 15, row_h), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                           label)
                if lim["elapsed_min"] is not None and lim["target_min"]:
                    share = min(2.0, lim["elapsed_min"] / lim["target_min"])
                    color = {"met": GREEN, "overrun": RED}.get(lim["state"], GREY)
                    p.fillRect(QRectF(left, y + row_h * 0.15, scale_w / 2 * share, row_h * 0.7), QColor(color))
                y += row_h
        p.setPen(QPen(QColor("black"), 3, Qt.PenStyle.DashLine))
        p.drawLine(QPointF(left + scale_w / 2, top), QPointF(left + scale_w / 2, y))
        p.setPen(QColor("black"))
        p.drawText(QRectF(left + scale_w / 2 - 150, y + 5, 300, 40), Qt.AlignmentFlag.AlignHCenter,
                   self.tr("target"))
        p.end()
        return image

    def matrix_chart(self, data: dict, width: int, height: int) -> QImage:
        """The units × slots reporting matrix, coloured by state."""
        image, p = self._canvas(width, height)
        zero = data.get("zero_reports") or {}
        slots, units = zero.get("slots", []), zero.get("units", [])
        left, top = 520, 50
        cw = (width - left - 20) / max(1, len(slots))
        ch = max(30.0, (height - top - 10) / max(1, len(units)))
        p.setFont(pdf_font(7))
        for j, slot in enumerate(slots):
            p.drawText(QRectF(left + j * cw, 0, cw, top - 5), Qt.AlignmentFlag.AlignCenter, slot)
        colors = {"safe": GREEN, "incident": AMBER, "missing": RED, "pending": GREY}
        for i, u in enumerate(units):
            y = top + i * ch
            p.setPen(QColor("black"))
            p.drawText(QRectF(0, y, left - 15, ch), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       self.unit_name(u))
            for j, slot in enumerate(slots):
                state = u["cells"].get(slot, "pending")
                rect = QRectF(left + j * cw + 4, y + 3, cw - 8, ch - 6)
                p.fillRect(rect, QColor(colors.get(state, GREY)))
                p.setPen(QColor("white"))
                p.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.state_label(state))
        p.end()
        return image

    # -- the document ---------------------------------------------------------------------
    def to_html(self, data: dict, printed_at: dt.datetime, tz: dt.tzinfo, chart_width: int) -> str:
        """The report as HTML (charts referenced as ``chart://…`` resources)."""
        family = html.escape(pdf_font_family())
        out = [f"<html><body style=\"font-family:'{family}'; font-size:9pt\">",
               f"<h1 align='center' style='font-size:17pt'>{_e(self.title())}</h1>",
               "<p align='center'>" + _e(self.tr("{0} — {1}, judged at {2}").format(
                   data["event_zh"] if self.chinese() else data["event"], data["date"], data["now"][11:16])) + "</p>"]
        mark = self.drill_mark(data)
        if mark:
            s = data["drill"]["summary"]
            out.append(f"<p align='center' style='color:{RED}; font-size:13pt'><b>{_e(mark)}</b></p>")
            out.append("<p align='center'>" + _e(self.tr(
                "Scenario: {0}; {1} devices ({2} on foot, {3} vehicles), {4} people on two shifts, {5} crew; "
                "{6} positions stored").format(data["drill"]["scenario_zh"] if self.chinese() else data["drill"]["scenario"], s.get("devices"), s.get("patrol_devices"),
                                              s.get("vehicles"), s.get("people"), s.get("crew"),
                                              s.get("positions_stored"))) + "</p>")
        t = data["totals"]
        out.append(self._head("h2", self.tr("Summary")) + "<ul>")
        out += [f"<li>{_e(x)}</li>" for x in (
            self.tr("Repairs: {0}; limits met: {1}; limits overrun: {2}").format(
                t["repairs"], t["limits_met"], t["limits_overrun"]),
            self.tr("Zero reports on time: {0}; late: {1}; missing: {2}").format(
                t["zero_reports_on_time"], t["zero_reports_late"], t["zero_reports_missing"]),
            self.tr("Action items opened: {0}; closed: {1}").format(t["actions_opened"], t["actions_closed"]),
            self.tr("Departures from stationed posts: {0}").format(t["post_departures"]),
        )]
        out.append("</ul>")

        # Coverage
        out.append(self._head("h2", self.tr("Patrol coverage per requirement and window")))
        cov = data.get("coverage")
        if cov is None:
            out.append("<p>" + _e(self.tr("No coverage: {0}").format(data.get("coverage_missing") or "")) + "</p>")
        else:
            out.append(f"<p><img src='chart://coverage' width='{chart_width}'/></p>")
            out.append(self._table([self.tr("Requirement"), self.tr("Window"), self.tr("Required (m)"),
                                    self.tr("Covered (m)"), self.tr("Coverage")],
                                   [[self.requirement(data, r["code"]), f"{w['start'][11:16]}–{w['end'][11:16]}", _num(w['required_m']),
                                     _num(w['covered_m']), _pct(w['ratio'])]
                                    for r in cov["requirements"] for w in r["windows"]]))
            if cov.get("key_points"):
                out.append(self._head("h3", self.tr("Key-point arrival")))
                out.append(self._table([self.tr("Requirement"), self.tr("Window"), self.tr("Reached"),
                                        self.tr("Planned"), self.tr("Rate")],
                                       [[self.requirement(data, k["requirement"]), f"{w['start'][11:16]}–{w['end'][11:16]}", w["reached"],
                                         w["planned"], _pct(w['rate'])]
                                        for k in cov["key_points"] for w in k["windows"]]))
            if cov.get("stationed_posts"):
                out.append(self._head("h3", self.tr("Stationed posts: presence and departures")))
                out.append(self._table([self.tr("Post (pipe)"), self.tr("Window"), self.tr("Presence"),
                                        self.tr("Departures")],
                                       [[p_["pipe"], str(w["index"] + 1), _pct(w['presence_ratio']), w["departures"]]
                                        for p_ in cov["stationed_posts"] for w in p_["windows"]]))
        # Repairs
        out.append(self._head("h2", self.tr("Repairs against their five time limits")))
        if not data["repairs"]:
            out.append("<p>" + _e(self.tr("No repairs on this day.")) + "</p>")
        else:
            out.append(f"<p><img src='chart://limits' width='{chart_width}'/></p>")
            rows = []
            for r in data["repairs"]:
                for lim in r["limits"]:
                    how = ""
                    if lim["state"] == "overrun":
                        how = self.tr("over by {0} min").format(f"{lim['over_by_min']:.1f}")
                    elif lim["state"] == "met":
                        how = self.tr("{0} min to spare").format(f"{lim['margin_min']:.1f}")
                    rows.append([r["code"], r["level"], self.limit_label(lim["limit"]),
                                 "" if lim["target_min"] is None else f"{lim['target_min']:.0f}",
                                 "" if lim["elapsed_min"] is None else f"{lim['elapsed_min']:.1f}",
                                 self.state_label(lim["state"]), how])
            out.append(self._table([self.tr("Repair"), self.tr("Level"), self.tr("Limit"), self.tr("Target (min)"),
                                    self.tr("Took (min)"), self.tr("State"), self.tr("By")], rows))
            for r in data["repairs"]:
                if r.get("level_reason"):
                    out.append("<p>" + _e(f"{r['code']}: {r['level_reason']}") + "</p>")
            out.append(self._head("h3", self.tr("Dispatch and arrival times by level")))
            out.append(self._table([self.tr("Level"), self.tr("Repairs"), self.tr("Dispatch mean (min)"),
                                    self.tr("Dispatch max (min)"), self.tr("Arrival mean (min)"),
                                    self.tr("Arrival max (min)")],
                                   [[x["level"], x["repairs"], x["dispatch_mean_min"], x["dispatch_max_min"],
                                     x["arrival_mean_min"], x["arrival_max_min"]] for x in data["response_by_level"]]))
        # Zero reports
        z = data["zero_reports"]
        out.append(self._head("h2", self.tr("Zero-report punctuality by unit")))
        out.append(f"<p><img src='chart://matrix' width='{chart_width}'/></p>")
        out.append(self._table([self.tr("Unit"), self.tr("On time"), self.tr("Late"), self.tr("Missing"),
                                self.tr("Pending")],
                               [[self.unit_name(u), u["on_time"], u["late"], u["missing"], u["pending"]] for u in z["units"]]))
        # Action items
        a = data["action_items"]
        out.append(self._head("h2", self.tr("Action items")))
        out.append("<p>" + _e(self.tr("Opened: {0}; closed: {1}; still open: {2}").format(
            a["opened"], a["closed"], a["open"])) + "</p>")
        if a["items"]:
            out.append(self._table([self.tr("Code"), self.tr("Problem"), self.tr("Owner"), self.tr("Status")],
                                   [[i["code"], i["problem"], i["owner"], self.tr("closed") if i["status"] == "closed"
                                     else self.tr("open")] for i in a["items"]]))
        # Timeline
        out.append(self._head("h2", self.tr("Timeline of the incidents")))
        zh = self.chinese()
        rows = []
        for e in data["timeline"]:
            when = dt.datetime.fromisoformat(e["at"]).astimezone(tz).strftime("%H:%M:%S")
            text = (e.get("text_zh") if zh else None) or e.get("text") or ""
            rows.append([when, self.timeline_label(e["kind"]), text])
        out.append(self._table([self.tr("Time"), self.tr("What"), self.tr("Detail")], rows)
                   if rows else "<p>" + _e(self.tr("Nothing happened.")) + "</p>")
        out.append("<p style='font-size:7pt'>" + _e(self.tr("Printed {0}").format(
            printed_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"))) + "</p></body></html>")
        return "\n".join(out)

    @staticmethod
    def _head(tag: str, text: str) -> str:
        size = " style='font-size:12pt'" if tag == "h2" else ""
        return f"<{tag}{size}>{_e(text)}</{tag}>"

    @staticmethod
    def _table(heads: list[str], rows: list[list]) -> str:
        parts = ["<table border='1' cellspacing='0' cellpadding='2' width='100%'><tr>"
                 + "".join(f"<th>{_e(h)}</th>" for h in heads) + "</tr>"]
        for r in rows:
            parts.append("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in r) + "</tr>")
        parts.append("</table>")
        return "".join(parts)

    def write(self, data: dict, path: str | Path, tz: dt.tzinfo, printed_at: dt.datetime) -> Path:
        """Write the report as an A4 PDF at ``path`` (a header with the drill mark on every page)."""
        path = Path(path)
        title = self.title() + (" — " + self.drill_mark(data) if self.drill_mark(data) else "")
        with pdf_writer(path, title, a4_portrait((15, 12, 15, 12))) as writer:
            header_h = 110
            page_w, page_h = writer.width(), writer.height() - header_h
            doc = QTextDocument()
            doc.documentLayout().setPaintDevice(writer)
            doc.setPageSize(QSizeF(page_w, page_h))
            doc.setDocumentMargin(0)
            doc.setDefaultFont(pdf_font(9))
            chart_w = int(page_w)
            doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl("chart://coverage"),
                            self.coverage_chart(data, chart_w, int(chart_w * 0.42)))
            doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl("chart://limits"),
                            self.limits_chart(data, chart_w, int(chart_w * 0.38)))
            doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl("chart://matrix"),
                            self.matrix_chart(data, chart_w, int(chart_w * 0.32)))
            # <img width> counts CSS pixels (1/96 in), the writer's pixels are 1/300 in.
            doc.setHtml(self.to_html(data, printed_at, tz, int(chart_w * 96 / writer.resolution())))
            pages = doc.pageCount()
            mark = self.drill_mark(data)
            head = f"{self.title()} · {data['event_zh'] if self.chinese() else data['event']} · {data['date']}"
            p = QPainter(writer)
            for n in range(pages):
                if n:
                    writer.newPage()
                p.save()
                p.setFont(pdf_font(8, bold=bool(mark)))
                p.setPen(QColor(RED if mark else "#555"))
                band = QRectF(0, 0, page_w, header_h - 20)
                p.drawText(band, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, mark or head)
                p.setPen(QColor("#555"))
                p.drawText(band, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                           self.tr("Page {0} of {1}").format(n + 1, pages))
                p.drawLine(QPointF(0, header_h - 10), QPointF(page_w, header_h - 10))
                p.translate(0, header_h - n * page_h)
                doc.drawContents(p, QRectF(0, n * page_h, page_w, page_h))
                p.restore()
            p.end()
        return path


def write_after_action_pdf(data: dict, path: str | Path, *, tz: dt.tzinfo,
                           printed_at: dt.datetime | None = None) -> Path:
    """Write the after-action report as a PDF (in the current UI language); needs a QGuiApplication."""
    return AfterActionPdf().write(data, path, tz, printed_at or dt.datetime.now(dt.timezone.utc))
