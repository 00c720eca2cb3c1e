"""The daily meeting record (会商纪要) as a PDF.

Laid out as HTML in a :class:`QTextDocument` and printed through
:class:`QPdfWriter` in the PDF font of :mod:`services.printing.fonts`, so the Chinese
text layer extracts as the same characters (search and copy work).
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from PySide6.QtCore import QObject, QSizeF
from PySide6.QtGui import QTextDocument

from models.duty import MEETING_CATEGORIES
from services.duty.desk import MeetingRecord
from services.printing.duty_text import DutyText
from services.printing.fonts import pdf_font, pdf_font_family
from services.printing.pdf_file import a4_portrait, pdf_writer


def _e(text: str) -> str:
    return html.escape(text or "").replace("\n", "<br/>")


class MeetingPdf(QObject):
    """Writes a :class:`~services.duty.desk.MeetingRecord` to a PDF file."""

    def __init__(self, tz: dt.tzinfo = dt.timezone.utc, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tz = tz
        self.text = DutyText(self)

    def title(self) -> str:
        """The document title."""
        return self.tr("Water supply guarantee meeting record")

    def to_html(self, record: MeetingRecord, printed_at: dt.datetime) -> str:
        """The record as the HTML the PDF is printed from."""
        t, tz = self.text, self.tz
        family = html.escape(pdf_font_family())
        parts = [
            f"<html><body style=\"font-family:'{family}'; font-size:10pt\">",
            f"<h1 align='center' style='font-size:18pt'>{_e(self.title())}</h1>",
            "<p align='center'>" + _e(self.tr("Date: {0}    Leader on duty: {1}").format(
                record.day.isoformat(), record.leader or self.tr("(not on the roster)"))) + "</p>",
        ]
        if record.held_at is not None:
            parts.append("<p align='center'>" + _e(self.tr("Meeting opened at {0}").format(
                t.local(record.held_at, tz))) + "</p>")
        for n, category in enumerate(MEETING_CATEGORIES, start=1):
            parts.append(f"<h2 style='font-size:13pt'>{n}. {_e(t.category_label(category))}</h2>")
            parts.append("<p><b>" + _e(self.tr("Status")) + "</b></p><ul>")
            parts += [f"<li>{_e(line)}</li>" for line in t.status_lines(record.status, category)]
            parts.append("</ul>")
            note = record.notes.get(category, "").strip()
            parts.append("<p><b>" + _e(self.tr("Notes")) + "</b><br/>" + (_e(note) or _e(self.tr("(none)"))) + "</p>")
        items_title = self.tr("Problems and action items")
        parts.append(f"<h2 style='font-size:13pt'>{_e(items_title)}</h2>")
        if not record.items:
            parts.append("<p>" + _e(self.tr("No action items.")) + "</p>")
        else:
            heads = [self.tr("Code"), self.tr("Category"), self.tr("Problem"), self.tr("Plan"), self.tr("Owner"),
                     self.tr("Deadline"), self.tr("Status"), self.tr("Follow-up")]
            widths = (14, 10, 18, 14, 7, 12, 9, 16)  # per cent: room for the texts, codes stay on one line
            parts.append("<table border='1' cellspacing='0' cellpadding='3' width='100%'><tr>"
                         + "".join(f"<th width='{w}%'>{_e(h)}</th>" for h, w in zip(heads, widths)) + "</tr>")
            for item in record.items:
                follow = "<br/>".join(
                    _e(f"{t.local(dt.datetime.fromisoformat(f['at']), tz, '%m-%d %H:%M')} "
                       f"{t.followup_status_label(f['status'])} {f['text']}".strip())
                    for f in item.followups)
                state = _e(t.item_status_label(item))
                if item.overdue:
                    state = f"<span style='color:#c00000'><b>{state}</b></span>"
                cells = [_e(item.code), _e(t.category_label(item.category)), _e(item.problem), _e(item.plan),
                         _e(item.owner), _e(t.local(item.deadline, tz)), state, follow]
                parts.append("<tr>" + "".join(f"<td{' nowrap' if i in (0, 5) else ''}>{c}</td>"
                                              for i, c in enumerate(cells)) + "</tr>")
            parts.append("</table>")
        parts.append("<p style='font-size:8pt'>" + _e(self.tr("Printed {0}").format(t.local(printed_at, tz)))
                     + "</p></body></html>")
        return "\n".join(parts)

    def write(self, record: MeetingRecord, path: str | Path, printed_at: dt.datetime) -> Path:
        """Write the record as an A4 PDF at ``path``; returns the path."""
        path = Path(path)
        with pdf_writer(path, self.title(), a4_portrait((15, 15, 15, 15))) as writer:
            doc = QTextDocument()
            # Lay the document out on the writer itself, page by page: without a
            # page size, print_() adds its own 2 cm margins on top of ours and
            # narrows the tables.
            doc.documentLayout().setPaintDevice(writer)
            doc.setPageSize(QSizeF(writer.width(), writer.height()))
            doc.setDocumentMargin(0)
            doc.setDefaultFont(pdf_font(10))
            doc.setHtml(self.to_html(record, printed_at))
            doc.print_(writer)
        return path


def write_meeting_pdf(record: MeetingRecord, path: str | Path, *, tz: dt.tzinfo = dt.timezone.utc,
                      printed_at: dt.datetime | None = None) -> Path:
    """Write ``record`` as a PDF (in the current UI language); needs a QGuiApplication."""
    when = printed_at or dt.datetime.now(dt.timezone.utc)
    return MeetingPdf(tz).write(record, path, when)
