"""A read-only table model over a pandas frame: a million rows cost nothing until drawn."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

Index = QModelIndex | QPersistentModelIndex


class FrameModel(QAbstractTableModel):
    """Columns of a frame shown under translated headers, cells formatted on demand.

    Parameters
    ----------
    columns
        ``(frame column, header, formatter or None)`` per shown column.
    alarm
        Frame column whose true value paints the row's text red (overdue …).
    """

    def __init__(self, columns: Sequence[tuple[str, str, Callable[[object], str] | None]],
                 alarm: str | None = None, parent=None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.alarm = alarm
        self.frame = pd.DataFrame(columns=[c for c, _h, _f in self.columns])

    def set_frame(self, frame: pd.DataFrame) -> None:
        """Show ``frame`` (its index is dropped)."""
        self.beginResetModel()
        self.frame = frame.reset_index(drop=True)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        """Rows of the frame."""
        return 0 if parent.isValid() else len(self.frame)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        """Shown columns."""
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        """Translated headers."""
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section][1]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        """The formatted cell; red text on alarm rows."""
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            col, _h, fmt = self.columns[index.column()]
            value = self.frame.iat[index.row(), self.frame.columns.get_loc(col)] if col in self.frame else None
            if fmt is not None:
                return fmt(value)
            return format_cell(value)
        if role == Qt.ItemDataRole.ForegroundRole and self.alarm and self.alarm in self.frame:
            if bool(self.frame.iat[index.row(), self.frame.columns.get_loc(self.alarm)]):
                return QBrush(QColor("#c62828"))
        return None

    def row(self, i: int) -> dict:
        """Row ``i`` as a dict."""
        return self.frame.iloc[i].to_dict()


def format_cell(value: object) -> str:
    """Plain text of a cell: '' for missing, ISO dates, whole numbers without decimals."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value))
    return str(value)
