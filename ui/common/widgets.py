"""Small widget factories the docks share, so every table and day picker behaves alike."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QDateEdit, QHeaderView, QTableWidget, QTableWidgetItem, QWidget


def colour_cell(item: QTableWidgetItem, colour: QColor | str | None) -> None:
    """Fill a cell and give it a text colour that reads on that fill (dark on light, white on dark),
    whatever the desk's theme; None takes both back to the theme's."""
    if colour is None or (isinstance(colour, QBrush) and colour.style() == colour.style().NoBrush):
        item.setBackground(QBrush())
        item.setForeground(QBrush())
        return
    c = colour.color() if isinstance(colour, QBrush) else QColor(colour)
    item.setBackground(QBrush(c))
    item.setForeground(QBrush(QColor("#ffffff") if c.lightnessF() < 0.45 else QColor("#111111")))


def read_only_table(parent: QWidget, headers: list[str],
                    resize: QHeaderView.ResizeMode = QHeaderView.ResizeMode.Interactive) -> QTableWidget:
    """A table of whole-row single selection that the user reads, not edits in place.

    Edits go through the dock's form and the undo stack, never through the cells.
    """
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    table.horizontalHeader().setSectionResizeMode(resize)
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().hide()
    return table


def day_edit(parent: QWidget, day: dt.date) -> QDateEdit:
    """A date picker with a calendar pop-up in ISO format (2026-12-01), set to ``day``."""
    edit = QDateEdit(QDate(day.year, day.month, day.day), parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit
