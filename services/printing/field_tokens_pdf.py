"""The field phones' registration sheet: one QR code per patroller and reporting unit.

Each card carries the holder's name (Chinese as stored), what the phone is for
(hazard reports / zero reports), a QR code of the page's address with the
token, and the token itself in small print for typing when a camera cannot
scan. The tokens are secrets: the sheet is the only place they are ever shown
(the store keeps their hashes), so it is printed once and handed out.

Painted with QPainter on a :class:`QPdfWriter` in the PDF font of
:mod:`services.printing.fonts`; needs a QGuiApplication.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

import segno
from PySide6.QtCore import QObject, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from services.field.tokens import IssuedToken
from services.printing.fonts import pdf_font
from services.printing.pdf_file import a4_portrait, pdf_writer

#: Cards per page: columns × rows on A4 portrait.
COLUMNS, ROWS = 2, 4
DPI = 300


def token_url(base_url: str, token: str) -> str:
    """The address a card's QR code opens: the field page with the token."""
    return f"{base_url.rstrip('/')}/field?token={quote(token, safe='')}"


def _flags(*flags) -> int:
    return sum(int(f.value) for f in flags)


def _mm(x: float) -> float:
    return x / 25.4 * DPI


class FieldTokensPdf(QObject):
    """Writes the QR sheet for freshly issued tokens."""

    def title(self) -> str:
        return self.tr("Field phones: registration codes")

    def kind_label(self, kind: str) -> str:
        return self.tr("Patroller: hazard reports") if kind == "person" else self.tr("Reporting unit: zero reports")

    def write(self, tokens: Sequence[IssuedToken], path: str | Path, *, base_url: str,
              printed_at: dt.datetime, tz: dt.tzinfo = dt.timezone.utc) -> Path:
        """Write the sheet (A4, eight cards a page); returns the path."""
        path = Path(path)
        with pdf_writer(path, self.title(), a4_portrait((10, 10, 10, 10)), DPI) as writer:
            painter = QPainter(writer)
            try:
                width, height = writer.width(), writer.height()
                header = _mm(14)
                card_w, card_h = width / COLUMNS, (height - header) / ROWS
                per_page = COLUMNS * ROWS
                pages = max(1, -(-len(tokens) // per_page))
                for page in range(pages):
                    if page:
                        writer.newPage()
                    self._header(painter, width, header, page + 1, pages, printed_at, tz)
                    for slot, issued in enumerate(tokens[page * per_page:(page + 1) * per_page]):
                        col, row = slot % COLUMNS, slot // COLUMNS
                        self._card(painter, QRectF(col * card_w, header + row * card_h, card_w, card_h), issued,
                                   token_url(base_url, issued.token))
                if not tokens:
                    painter.setFont(pdf_font(12))
                    painter.drawText(QRectF(0, header, width, _mm(20)), _flags(Qt.AlignmentFlag.AlignLeft),
                                     self.tr("No patrollers or reporting units in the store."))
            finally:
                painter.end()
        return path

    def _header(self, painter: QPainter, width: float, height: float, page: int, pages: int,
                printed_at: dt.datetime, tz: dt.tzinfo) -> None:
        painter.setPen(QColor("black"))
        painter.setFont(pdf_font(14, bold=True))
        painter.drawText(QRectF(0, 0, width, _mm(8)), _flags(Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignVCenter),
                         self.title())
        painter.setFont(pdf_font(8))
        when = printed_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
        painter.drawText(QRectF(0, _mm(8), width, _mm(5)), _flags(Qt.AlignmentFlag.AlignLeft),
                         self.tr("Printed {0}. Keep this sheet safe: a code works until a new sheet is printed. "
                                 "Page {1}/{2}").format(when, page, pages))

    def _card(self, painter: QPainter, rect: QRectF, issued: IssuedToken, url: str) -> None:
        pad = _mm(3)
        inner = rect.adjusted(pad, pad, -pad, -pad)
        pen = QPen(QColor("#888888"))
        pen.setWidthF(_mm(0.2))
        pen.setStyle(Qt.PenStyle.DashLine)  # cut here
        painter.setPen(pen)
        painter.drawRect(rect.adjusted(_mm(0.5), _mm(0.5), -_mm(0.5), -_mm(0.5)))
        qr_side = min(inner.height() - _mm(8), inner.width() * 0.5)
        self._qr(painter, QRectF(inner.left(), inner.top(), qr_side, qr_side), url)
        text = QRectF(inner.left() + qr_side + _mm(3), inner.top(), inner.width() - qr_side - _mm(3), inner.height())
        painter.setPen(QColor("black"))
        painter.setFont(pdf_font(16, bold=True))
        name_box = QRectF(text.left(), text.top(), text.width(), _mm(16))
        painter.drawText(name_box, _flags(Qt.AlignmentFlag.AlignLeft, Qt.TextFlag.TextWordWrap), issued.label)
        painter.setFont(pdf_font(9))
        y = text.top() + _mm(17)
        lines = [self.kind_label(issued.kind)]
        if issued.team_code:
            lines.append(self.tr("Team / unit: {0}").format(issued.team_code))
        for line in lines:
            painter.drawText(QRectF(text.left(), y, text.width(), _mm(10)),
                             _flags(Qt.AlignmentFlag.AlignLeft, Qt.TextFlag.TextWordWrap), line)
            y += _mm(9)
        painter.setFont(pdf_font(7))
        painter.drawText(QRectF(inner.left(), inner.top() + qr_side + _mm(1), inner.width(), _mm(7)),
                         _flags(Qt.AlignmentFlag.AlignLeft, Qt.TextFlag.TextWrapAnywhere),
                         self.tr("Code: {0}").format(issued.token))

    @staticmethod
    def _qr(painter: QPainter, box: QRectF, data: str) -> None:
        qr = segno.make(data, error="m")
        rows = list(qr.matrix_iter(border=2))
        module = box.width() / len(rows)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("white"))
        painter.drawRect(box)
        painter.setBrush(QColor("black"))
        for r, row in enumerate(rows):
            c = 0
            while c < len(row):  # runs of dark modules as one rectangle (smaller PDF)
                if row[c]:
                    start = c
                    while c < len(row) and row[c]:
                        c += 1
                    painter.drawRect(QRectF(box.left() + start * module, box.top() + r * module,
                                            (c - start) * module + 0.5, module + 0.5))
                else:
                    c += 1
        painter.setBrush(Qt.BrushStyle.NoBrush)


def write_field_tokens_pdf(tokens: Sequence[IssuedToken], path: str | Path, *, base_url: str,
                           printed_at: dt.datetime | None = None, tz: dt.tzinfo = dt.timezone.utc) -> Path:
    """Write the registration sheet for ``tokens``; needs a QGuiApplication."""
    when = printed_at or dt.datetime.now(dt.timezone.utc)
    return FieldTokensPdf().write(tokens, path, base_url=base_url, printed_at=when, tz=tz)
