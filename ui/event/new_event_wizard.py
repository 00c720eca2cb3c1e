"""File → New event…: a wizard for the event's names, dates, time zone, working CRS and guard buffer.

The working CRS is suggested from the store's data (its UTM zone); the
wizard validates through :mod:`services.event` (the very checks of
``python app.py event new``) and writes nothing until Finish.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from PySide6.QtCore import QDateTime, QTimeZone
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWizard,
    QWizardPage,
)

from ui.service_messages import tr_message
from services.event import EventError, EventFields, create_event, suggest_crs, validate_fields

#: Zones offered first (the rest follow, sorted).
COMMON_ZONES = ("Asia/Shanghai", "Asia/Hong_Kong", "Europe/Monaco", "Europe/Vaduz", "Europe/Paris", "UTC")


class QtNewEventWizard(QWizard):
    """Three pages: names; start, end and time zone; working CRS and guard buffer."""

    def __init__(self, store, parent=None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(self.tr("New event"))
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.created: dict | None = None

        names = QWizardPage()
        names.setTitle(self.tr("The event"))
        names.setSubTitle(self.tr("What the event is called, as the desk, the wall and the papers show it."))
        form = QFormLayout(names)
        self.name = QLineEdit()
        self.name_zh = QLineEdit()
        self.city = QLineEdit()
        form.addRow(self.tr("Name:"), self.name)
        form.addRow(self.tr("Chinese name:"), self.name_zh)
        form.addRow(self.tr("Host city:"), self.city)
        names.registerField("name*", self.name)
        self.addPage(names)

        when = QWizardPage()
        when.setTitle(self.tr("Dates and times"))
        when.setSubTitle(self.tr("Local times of the host city; windows and day/night follow its time zone."))
        form = QFormLayout(when)
        self.tz = QComboBox()
        self.tz.setEditable(True)
        zones = sorted(zoneinfo.available_timezones())
        self.tz.addItems(list(COMMON_ZONES) + [z for z in zones if z not in COMMON_ZONES])
        tomorrow = dt.datetime.combine(dt.date.today() + dt.timedelta(days=1), dt.time(8, 0))
        self.start = QDateTimeEdit(QDateTime(tomorrow))
        self.end = QDateTimeEdit(QDateTime(tomorrow + dt.timedelta(days=3, hours=12)))
        for w in (self.start, self.end):
            w.setDisplayFormat("yyyy-MM-dd HH:mm")
            w.setCalendarPopup(True)
            w.setTimeZone(QTimeZone.LocalTime)
        form.addRow(self.tr("Start:"), self.start)
        form.addRow(self.tr("End:"), self.end)
        form.addRow(self.tr("Time zone:"), self.tz)
        self.addPage(when)

        where = QWizardPage()
        where.setTitle(self.tr("Working CRS and guard buffer"))
        where.setSubTitle(self.tr("Analysis runs in metres: a UTM zone, a national grid or CGCS2000 Gauss-Krüger."))
        form = QFormLayout(where)
        self.crs = QLineEdit()
        suggested = suggest_crs(store)
        self.crs.setText(suggested or "")
        self.crs.setPlaceholderText("EPSG:32650")
        self.crs_note = QLabel(self.tr("Suggested from the data: the UTM zone of its centre.") if suggested
                               else self.tr("No data yet to suggest from: type the EPSG code of a metric CRS."))
        self.crs_note.setWordWrap(True)
        self.buffer = QDoubleSpinBox()
        self.buffer.setRange(0, 10_000)
        self.buffer.setDecimals(0)
        self.buffer.setSuffix(self.tr(" m"))
        self.buffer.setValue(200)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b03a2e")
        self.error.setWordWrap(True)
        form.addRow(self.tr("Working CRS:"), self.crs)
        form.addRow("", self.crs_note)
        form.addRow(self.tr("Guard buffer around venues:"), self.buffer)
        form.addRow(self.error)
        self.addPage(where)

    def fields(self) -> EventFields:
        """What the pages hold, as the service's fields."""
        def local(w: QDateTimeEdit) -> dt.datetime:
            d = w.dateTime()
            return dt.datetime(d.date().year(), d.date().month(), d.date().day(), d.time().hour(), d.time().minute())

        return EventFields(name=self.name.text().strip(), name_zh=self.name_zh.text().strip() or None,
                           start=local(self.start), end=local(self.end), tz=self.tz.currentText().strip(),
                           crs=self.crs.text().strip() or None, guard_buffer_m=self.buffer.value(),
                           city=self.city.text().strip() or None)

    def validateCurrentPage(self) -> bool:  # noqa: N802 (Qt override)
        """Check dates on the second page and everything on the last; show why not."""
        if self.currentId() == 0:
            return super().validateCurrentPage()
        try:
            f = self.fields()
            if self.currentId() == 1:
                f.crs = None
            validate_fields(f)
            if self.currentId() == self.pageIds()[-1]:
                if not f.crs:
                    raise EventError(self.tr("give a metric working CRS, e.g. EPSG:32650"))  # already translated
                self.created = create_event(self.store, f)
        except EventError as exc:
            message = tr_message(exc.args[0])
            self.error.setText(message)
            if self.currentId() == 1:
                from PySide6.QtWidgets import QMessageBox

                QMessageBox.warning(self, self.tr("New event"), message)
            return False
        self.error.clear()
        return True
