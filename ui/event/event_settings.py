"""File → Event settings…: change the event's names, dates, time zone, working CRS and guard buffer.

The dialog checks through :mod:`services.event` (the very checks of
``python app.py event edit``) and writes nothing unless every field is valid.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from PySide6.QtCore import QDateTime, QTimeZone
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
)

from gis.messages import Message
from services.event import EventError, EventFields, edit_event, validate_fields
from ui.event.new_event_wizard import COMMON_ZONES
from ui.service_messages import tr_message


class QtEventSettingsDialog(QDialog):
    """The current event's fields in one form; OK validates and writes them (``edited`` is the new summary)."""

    def __init__(self, store, parent=None) -> None:
        super().__init__(parent)
        self.store = store
        self.edited: dict | None = None
        self.setWindowTitle(self.tr("Event settings"))
        event = store.current_event()
        zone = zoneinfo.ZoneInfo(event.timezone)
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit(event.name or "")
        self.name_zh = QLineEdit(event.name_zh or "")
        self.city = QLineEdit(event.city or "")
        self.tz = QComboBox()
        self.tz.setEditable(True)
        zones = sorted(zoneinfo.available_timezones())
        self.tz.addItems(list(COMMON_ZONES) + [z for z in zones if z not in COMMON_ZONES])
        self.tz.setCurrentText(event.timezone)

        def local(t: dt.datetime) -> QDateTime:
            t = t if t.tzinfo else t.replace(tzinfo=dt.timezone.utc)
            return QDateTime(t.astimezone(zone).replace(tzinfo=None))

        self.start = QDateTimeEdit(local(event.starts_at))
        self.end = QDateTimeEdit(local(event.ends_at))
        for w in (self.start, self.end):
            w.setDisplayFormat("yyyy-MM-dd HH:mm")
            w.setCalendarPopup(True)
            w.setTimeZone(QTimeZone.LocalTime)
        self.crs = QLineEdit(event.local_crs or "")
        self.crs.setPlaceholderText("EPSG:32650")
        self.buffer = QDoubleSpinBox()
        self.buffer.setRange(0, 10_000)
        self.buffer.setDecimals(0)
        self.buffer.setSuffix(self.tr(" m"))
        self.buffer.setValue(float(event.guard_buffer_m or 0))
        form.addRow(self.tr("Name:"), self.name)
        form.addRow(self.tr("Chinese name:"), self.name_zh)
        form.addRow(self.tr("Host city:"), self.city)
        form.addRow(self.tr("Start:"), self.start)
        form.addRow(self.tr("End:"), self.end)
        form.addRow(self.tr("Time zone:"), self.tz)
        form.addRow(self.tr("Working CRS:"), self.crs)
        form.addRow(self.tr("Guard buffer around venues:"), self.buffer)
        lay.addLayout(form)
        note = QLabel(self.tr("Times are local times of the host city, in the time zone above."))
        note.setWordWrap(True)
        lay.addWidget(note)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b03a2e")
        self.error.setWordWrap(True)
        lay.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def fields(self) -> EventFields:
        """What the form holds, as the service's fields."""
        def local(w: QDateTimeEdit) -> dt.datetime:
            d = w.dateTime()
            return dt.datetime(d.date().year(), d.date().month(), d.date().day(), d.time().hour(), d.time().minute())

        return EventFields(name=self.name.text().strip(), name_zh=self.name_zh.text().strip() or None,
                           start=local(self.start), end=local(self.end), tz=self.tz.currentText().strip(),
                           crs=self.crs.text().strip() or None, guard_buffer_m=self.buffer.value(),
                           city=self.city.text().strip() or None)

    def accept(self) -> None:
        """Validate everything, then write; on a problem say why and keep the dialog open."""
        f = self.fields()
        try:
            if not f.crs:
                raise EventError(self.tr("give a metric working CRS, e.g. EPSG:32650"))  # already translated
            validate_fields(f)
            self.edited = edit_event(self.store, name=f.name, name_zh=f.name_zh, start=f.start, end=f.end, tz=f.tz,
                                     crs=f.crs, guard_buffer_m=f.guard_buffer_m, city=f.city)
        except EventError as exc:
            self.error.setText(tr_message(exc.args[0]))
            return
        self.error.clear()
        super().accept()


def event_settings(window) -> dict | None:
    """Open the dialog on the window's store; the edited event, or None (no event, or cancelled)."""
    if window.store.current_event() is None:
        QMessageBox.information(window, QtEventSettingsDialog.tr("Event settings"),
                                tr_message(Message("the store has no event yet: create one first")))
        return None
    dialog = QtEventSettingsDialog(window.store, window)
    dialog.exec()
    return dialog.edited
