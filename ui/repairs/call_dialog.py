"""The call-center form: a caller reports a problem; the desk opens a repair from it."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget,
)

from gis.notify import CATEGORIES
from models.repair import REPAIR_LEVELS
from ui.common.vocabulary import level_title


class CallDialog(QDialog):
    """Caller, phone, address, description, category and level; :meth:`fields` gives them.

    Parameters
    ----------
    lang
        Category names in Chinese for ``zh*``.
    location
        ``(lon, lat)`` when the repair comes from a map click or a pipe (shown, not editable).
    """

    def __init__(self, lang: str = "en", location: tuple[float, float] | None = None, where: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callDialog")
        self.setWindowTitle(self.tr("New repair"))
        self.location = location
        form = QFormLayout(self)
        if location is not None or where:
            text = where or f"{location[1]:.6f}, {location[0]:.6f}"
            form.addRow(self.tr("Location:"), QLabel(text, self))
        self.caller = QLineEdit(self)
        self.phone = QLineEdit(self)
        self.address = QLineEdit(self)
        self.description = QPlainTextEdit(self)
        self.description.setMaximumHeight(90)
        self.category = QComboBox(self)
        zh = lang.startswith("zh")
        for key, (en, cn) in CATEGORIES.items():
            self.category.addItem(cn if zh else en, key)
        self.level = QComboBox(self)
        for level in REPAIR_LEVELS:
            self.level.addItem(level_title(level), level)
        self.level.setCurrentIndex(len(REPAIR_LEVELS) - 1)
        form.addRow(self.tr("Caller:"), self.caller)
        form.addRow(self.tr("Phone:"), self.phone)
        form.addRow(self.tr("Address:"), self.address)
        form.addRow(self.tr("Description:"), self.description)
        form.addRow(self.tr("Category:"), self.category)
        form.addRow(self.tr("Level:"), self.level)
        note = QLabel(self.tr("A site at a venue, residence or key unit (or in its guard buffer) is raised "
                              "to level IV or above automatically."), self)
        note.setWordWrap(True)
        form.addRow(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def fields(self) -> dict:
        """The form as keyword arguments of :func:`services.repairs.opening.open_repair`."""
        out = {
            "caller": self.caller.text().strip() or None,
            "phone": self.phone.text().strip() or None,
            "address": self.address.text().strip() or None,
            "description": self.description.toPlainText().strip() or None,
            "category": self.category.currentData(),
            "level": self.level.currentData(),
        }
        if self.location is not None:
            out["lon"], out["lat"] = self.location
        return out
