"""How the repair list reads (issue 16, point 8).

* The selected row keeps its overrun chip and level colours: selection is a
  dark frame around the row, not a fill (:class:`FrameSelectionDelegate`).
* The place goes on a second line under the code, so nothing is cut.
* Chips read "9′ left" / "40′ over" (剩 9′ / 超 40′), hours beyond 100 minutes.
* Targets of two hours or more read in hours ("24 h", not "1440 min").
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import QHeaderView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTableWidget

FRAME = QColor("#0d47a1")


def duration(minutes: float) -> str:
    """``9′``, ``1h40′`` (hours beyond 100 minutes)."""
    m = int(round(abs(minutes)))
    if m < 100:
        return f"{m}′"
    return f"{m // 60}h{m % 60:02d}′"


def chip_text(kind: str, remaining_s: float | None, started: bool) -> str:
    """The text of one limit chip: left, over, met (late by)."""
    if kind == "met":
        return "✓"
    if not started or remaining_s is None:
        return "—"
    if kind == "met_late":
        return "✓ " + QCoreApplication.translate("RepairList", "{0} late").format(duration(-remaining_s / 60))
    if remaining_s < 0:
        return QCoreApplication.translate("RepairList", "{0} over").format(duration(-remaining_s / 60))
    return QCoreApplication.translate("RepairList", "{0} left").format(duration(remaining_s / 60))


def target_text(target_min: float | None) -> str:
    """A limit's target: minutes below two hours, else hours."""
    if not target_min:
        return "—"
    if target_min >= 120:
        return QCoreApplication.translate("RepairList", "{0:g} h").format(round(target_min / 60, 1))
    return QCoreApplication.translate("RepairList", "{0:.0f} min").format(target_min)


class FrameSelectionDelegate(QStyledItemDelegate):
    """Paints cells with their own colours when selected, and a frame around the selected row."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:  # noqa: D102 (Qt override)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        opt = QStyleOptionViewItem(option)
        opt.state &= ~(QStyle.StateFlag.State_Selected | QStyle.StateFlag.State_HasFocus)
        # The view fills a selected row's panel with the highlight before the cells: cover it.
        brush = index.data(Qt.ItemDataRole.BackgroundRole)
        painter.fillRect(option.rect, brush if isinstance(brush, QBrush) and brush.style() != Qt.BrushStyle.NoBrush
                         else option.palette.base())
        super().paint(painter, opt, index)
        if not selected:
            return
        painter.save()
        painter.setPen(QPen(FRAME, 3))
        r = option.rect.adjusted(1, 1, -1, -2)
        painter.drawLine(r.topLeft(), r.topRight())
        painter.drawLine(r.bottomLeft(), r.bottomRight())
        model = index.model()
        if index.column() == 0:
            painter.drawLine(r.topLeft(), r.bottomLeft())
        if index.column() == model.columnCount() - 1 or self._last_visible(index):
            painter.drawLine(r.topRight(), r.bottomRight())
        painter.restore()

    def _last_visible(self, index) -> bool:
        table = self.parent()
        if not isinstance(table, QTableWidget):
            return False
        cols = [c for c in range(table.columnCount()) if not table.isColumnHidden(c)]
        return bool(cols) and index.column() == cols[-1]


def style_repair_table(table: QTableWidget, place_column: int) -> None:
    """Frame selection, the place column folded under the code, rows as high as their two lines."""
    table.setItemDelegate(FrameSelectionDelegate(table))
    table.setColumnHidden(place_column, True)
    table.setWordWrap(True)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(False)

