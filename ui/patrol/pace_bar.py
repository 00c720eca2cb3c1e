"""A requirement's coverage with its pace (issue 16, point 14): "24 % · due 40 % · this round 12:00–24:00".

The bar fills to the covered share of the current round; a tick marks where
it should be by now (the elapsed share of the round); the fill is green on
pace, amber a little behind, red far behind. The text sits on a light band so
it reads the same on both sides of the fill edge.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

PACE_COLOURS = {"ok": QColor("#43a047"), "behind": QColor("#fb8c00"), "late": QColor("#e53935"),
                "none": QColor("#9e9e9e")}


def pace_state(ratio: float | None, expected: float | None) -> str:
    """``ok`` at or near pace, ``behind`` up to 15 points short, ``late`` beyond; ``none`` without data."""
    if ratio is None or expected is None:
        return "none"
    gap = expected - ratio
    if gap <= 0.05:
        return "ok"
    return "behind" if gap <= 0.15 else "late"


def expected_share(start: float, end: float, now: float) -> float:
    """The elapsed share of a round ``[start, end)`` at ``now`` (0–1)."""
    if end <= start:
        return 1.0
    return min(max((now - start) / (end - start), 0.0), 1.0)


class PaceBar(QWidget):
    """Covered share, expected share tick, pace colour, one line of text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ratio: float | None = None
        self.expected: float | None = None
        self.state = "none"
        self.text = ""
        self.setMinimumHeight(22)
        self.setMinimumWidth(220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(260, 24)

    def set_pace(self, ratio: float | None, expected: float | None, text: str) -> None:
        """Show a covered share, the share due by now and the text."""
        self.ratio, self.expected, self.text = ratio, expected, text
        self.state = pace_state(ratio, expected)
        self.setToolTip(text)
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt override)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        r = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        p.setPen(QPen(QColor("#9e9e9e"), 1))
        p.setBrush(QColor("#eeeeee"))
        p.drawRoundedRect(r, 3, 3)
        if self.ratio is not None:
            fill = QRectF(r.left(), r.top(), r.width() * min(max(self.ratio, 0.0), 1.0), r.height())
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(PACE_COLOURS[self.state])
            p.drawRoundedRect(fill, 3, 3)
        if self.expected is not None:
            x = r.left() + r.width() * self.expected
            p.setPen(QPen(QColor("#212121"), 2))
            p.drawLine(int(x), int(r.top()) - 1, int(x), int(r.bottom()) + 1)
        fm = p.fontMetrics()
        w = min(fm.horizontalAdvance(self.text) + 10, r.width() - 4)
        band = QRectF(r.center().x() - w / 2, r.center().y() - fm.height() / 2, w, fm.height())
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(255, 255, 255, 215))
        p.drawRoundedRect(band, 3, 3)
        p.setPen(QColor("#212121"))
        p.drawText(band, Qt.AlignmentFlag.AlignCenter, fm.elidedText(self.text, Qt.TextElideMode.ElideRight,
                                                                       int(band.width()) - 4))
        p.end()
