"""The call-center form: a caller reports a problem; the desk opens a repair from it."""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget,
)

from gis.notify import CATEGORIES
from models.repair import REPAIR_LEVELS
from ui.common.vocabulary import level_title
from ui.feedback.inline import ERROR_STYLE


class CallDialog(QDialog):
    """Caller, phone, address, description, category and level; :meth:`fields` gives them.

    Parameters
    ----------
    lang
        Category names in Chinese for ``zh*``.
    location
        ``(lon, lat)`` when the repair comes from a map click or a pipe (shown, not editable).
    resolve
        Text → a :class:`services.repairs.locating.Site` or None (a pipe or valve code, a street
        and number, a place). Without a map click or pipe the form needs one: it shows
        "Location not set" and refuses to save until the text resolves.
    """

    def __init__(self, lang: str = "en", location: tuple[float, float] | None = None, where: str = "",
                 parent: QWidget | None = None, resolve: Callable[[str], object] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callDialog")
        self.setWindowTitle(self.tr("New repair"))
        self.location = location
        self.fixed = location is not None or bool(where)
        self.resolve = resolve
        self.site = None
        self.setMinimumWidth(480)
        form = QFormLayout(self)
        self.where = QLineEdit(self)
        self.where.setObjectName("callWhere")
        self.where.setPlaceholderText(self.tr("pipe or valve code, street and number, or place; or click on the map"))
        self.where_state = QLabel(self)
        self.where_state.setObjectName("callWhereState")
        self.where_state.setWordWrap(True)
        if self.fixed:
            text = where or f"{location[1]:.6f}, {location[0]:.6f}"
            self.where.setText(text)
            self.where.setReadOnly(True)
            self.where_state.hide()
        else:
            self.where.textEdited.connect(self._located)
            self._located("")
        box = QWidget(self)
        col = QVBoxLayout(box)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.where)
        col.addWidget(self.where_state)
        form.addRow(self.tr("Location:"), box)
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
        buttons.accepted.connect(self._try_accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _located(self, text: str) -> None:
        """Resolve the location text as it is typed; say where it is, or that it is not set."""
        self.site = self.resolve(text) if (self.resolve is not None and text.strip()) else None
        self.where.setStyleSheet("")
        if self.site is None:
            self.where_state.setText(self.tr("Location not set") if not text.strip()
                                     else self.tr("Location not set: nothing in the map is called that"))
            self.where_state.setStyleSheet("color: #8a6d00;")
        else:
            self.where_state.setText(self.tr("Location: {0}").format(self.site.name))
            self.where_state.setStyleSheet("color: #1b5e20;")

    def has_location(self) -> bool:
        return self.fixed or self.site is not None

    def _try_accept(self) -> None:
        """Save only with a location; otherwise the error stands next to the location field."""
        if not self.has_location():
            self.where.setStyleSheet(ERROR_STYLE)
            self.where_state.setText(self.tr("A repair needs a location: enter a pipe or valve code, a street "
                                             "and number or a place, or use \"Report a leak here\" on the map"))
            self.where_state.setStyleSheet("color: #d50000;")
            self.layout().activate()
            self.adjustSize()  # room for the wrapped message
            self.where.setFocus()
            return
        self.accept()

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
        elif self.site is not None:
            out["lon"], out["lat"] = self.site.lon, self.site.lat
            if self.site.kind == "pipe":
                out["pipe"] = self.site.name
            if not out["address"]:
                out["address"] = self.site.name
        return out
