"""The "changed by another desk" dialog: theirs and yours side by side.

Shown when :func:`models.concurrency.save_with_version` raises
:class:`~models.concurrency.ConflictError`. Every field either desk changed is a
row: what this desk read, what it wanted to save, and what the store holds now.
Fields both desks changed are highlighted and carry a "keep mine" check box; the
user re-applies (the chosen values are saved on top of the other desk's row) or
discards their edit. Nothing is decided silently.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.concurrency import IGNORED, ConflictError

CONFLICT_BRUSH = QBrush(QColor("#ffe0b2"))


def _text(value: Any) -> str:
    if value is None:
        return "—"
    if hasattr(value, "isoformat"):
        return value.isoformat(sep=" ", timespec="minutes") if hasattr(value, "hour") else value.isoformat()
    return str(value)


class ConflictDialog(QDialog):
    """Theirs vs yours for one conflicting save; :meth:`changes_to_reapply` gives the result."""

    COL_FIELD, COL_BASE, COL_MINE, COL_THEIRS = range(4)

    def __init__(self, conflict: ConflictError, labels: dict[str, str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conflict = conflict
        self.labels = labels or {}
        self.setObjectName("conflictDialog")
        self.setWindowTitle(self.tr("Changed by another desk"))
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)

        self.message = QLabel(self)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Field"), self.tr("When you opened it"), self.tr("Yours"), self.tr("Theirs (saved now)")]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)

        self.buttons = QDialogButtonBox(self)
        self.reapply_button = self.buttons.addButton(
            self.tr("Re-apply my changes"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.discard_button = self.buttons.addButton(
            self.tr("Discard mine, keep theirs"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._fill()

    def _fill(self) -> None:
        c = self.conflict
        if c.deleted:
            self.message.setText(self.tr("Another desk deleted {0} {1} while you were editing it. "
                                         "Your changes were not saved.").format(c.table, c.label))
            self.reapply_button.setEnabled(False)
            fields = [k for k in c.mine if k not in IGNORED]
        else:
            self.message.setText(self.tr(
                "Another desk saved {0} {1} while you were editing it. Your changes were not saved yet. "
                "Highlighted fields were changed by both desks: tick the ones where yours should win, "
                "then re-apply."
            ).format(c.table, c.label))
            fields = list(dict.fromkeys([*c.mine, *c.their_fields]))
            fields = [k for k in fields if k not in IGNORED]
        self.table.setRowCount(len(fields))
        self._rows: dict[str, int] = {}
        for row, name in enumerate(fields):
            self._rows[name] = row
            label = QTableWidgetItem(self.labels.get(name, name))
            label.setData(Qt.ItemDataRole.UserRole, name)
            self.table.setItem(row, self.COL_FIELD, label)
            self.table.setItem(row, self.COL_BASE, QTableWidgetItem(_text(c.base.get(name))))
            mine = QTableWidgetItem(_text(c.mine[name]) if name in c.mine else self.tr("(unchanged)"))
            self.table.setItem(row, self.COL_MINE, mine)
            theirs_value = self.tr("(deleted)") if c.theirs is None else _text(c.theirs.get(name))
            self.table.setItem(row, self.COL_THEIRS, QTableWidgetItem(theirs_value))
            # Only a field both desks changed is a choice to make.
            mine.setFlags(mine.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
            if name in c.both_changed:
                mine.setFlags(mine.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                mine.setCheckState(Qt.CheckState.Checked)
                mine.setToolTip(self.tr("Ticked: save yours over theirs"))
                for col in range(4):
                    self.table.item(row, col).setBackground(CONFLICT_BRUSH)

    # -- result -------------------------------------------------------------
    def keep_mine(self) -> set[str]:
        """Conflicting fields whose "keep mine" box is ticked."""
        kept = set()
        for name in self.conflict.both_changed:
            item = self.table.item(self._rows[name], self.COL_MINE)
            if item.checkState() == Qt.CheckState.Checked:
                kept.add(name)
        return kept

    def set_keep_mine(self, name: str, keep: bool) -> None:
        """Tick or untick "keep mine" for a conflicting field."""
        item = self.table.item(self._rows[name], self.COL_MINE)
        item.setCheckState(Qt.CheckState.Checked if keep else Qt.CheckState.Unchecked)

    def changes_to_reapply(self) -> dict[str, Any]:
        """The changes to save on top of the current row (empty after a discard)."""
        if self.result() != QDialog.DialogCode.Accepted or self.conflict.deleted:
            return {}
        return self.conflict.reapply(self.keep_mine())
