"""Zero reports (零报告): the units × slots matrix of a day, and recording a report from the keyboard."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDockWidget, QFormLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from services.duty.zero_reports import INCIDENT, MISSING, PENDING, SAFE, ReportMatrix, delete_report, record_report, report_matrix
from ui.common.desk import DeskContext, bind_enter
from ui.common.widgets import day_edit, colour_cell

#: Cell colours: safe green, incident amber, missing (alarm) red, not yet due grey.
STATE_COLOURS = {SAFE: "#b7e1b0", INCIDENT: "#ffd27f", MISSING: "#f28b82", PENDING: "#e8e8e8"}


class ZeroReportsDock(QDockWidget):
    """Units × slots for one day, coloured by state, with a form to record a report."""

    #: Tables the dock's edits write (a desk whose role may not write them gets a read-only dock).
    WRITES = ("zero_reports",)

    def __init__(self, desk: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Zero reports"), parent)
        self.setObjectName("zeroReportsDock")
        self.desk = desk
        self.read_only_reason: str | None = None
        self.matrix: ReportMatrix | None = None
        body = QWidget(self)
        layout = QVBoxLayout(body)

        top = QHBoxLayout()
        self.date_edit = day_edit(body, desk.today())
        self.date_edit.setToolTip(self.tr("The day shown (Alt+D)"))
        day_label = QLabel(self.tr("&Day:"), body)
        day_label.setBuddy(self.date_edit)
        top.addWidget(day_label)
        top.addWidget(self.date_edit)
        self.summary = QLabel(body)
        top.addWidget(self.summary, 1)
        layout.addLayout(top)

        self.table = QTableWidget(body)
        self.table.setTabKeyNavigation(False)  # Tab leaves the matrix (arrows move inside it)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setToolTip(self.tr("Units × report slots. Select a cell and press Enter to report it safe, "
                                      "or type an incident below. Green safe, amber incident, red missing "
                                      "(alarm), grey not yet due."))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)

        form = QFormLayout()
        self.unit_combo = QComboBox(body)
        self.slot_combo = QComboBox(body)
        self.safe_check = QCheckBox(self.tr("&Safe (nothing to report)"), body)
        self.safe_check.setChecked(True)
        self.incident_edit = QLineEdit(body)
        self.incident_edit.setPlaceholderText(self.tr("What happened (unticks Safe)"))
        self.reporter_edit = QLineEdit(body)
        self.record_button = QPushButton(self.tr("&Record report"), body)
        self.record_button.setToolTip(self.tr("Record the report (Enter in the form)"))
        self.undo_hint = QLabel(self.tr("Ctrl+Z undoes, Ctrl+Shift+Z redoes"), body)
        form.addRow(self.tr("&Unit:"), self.unit_combo)
        form.addRow(self.tr("S&lot:"), self.slot_combo)
        form.addRow("", self.safe_check)
        form.addRow(self.tr("&Incident:"), self.incident_edit)
        form.addRow(self.tr("Reported &by:"), self.reporter_edit)
        form.addRow(self.record_button, self.undo_hint)
        layout.addLayout(form)
        self.message = QLabel(body)
        self.message.setObjectName("zeroReportsMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.setWidget(body)

        self.date_edit.dateChanged.connect(self.refresh)
        self.table.currentCellChanged.connect(self._on_current_cell_change)
        self.incident_edit.textEdited.connect(lambda text: self.safe_check.setChecked(not text.strip()))
        self.record_button.clicked.connect(self.record_from_form)
        for edit in (self.incident_edit, self.reporter_edit):
            edit.returnPressed.connect(self.record_from_form)
        bind_enter(self.table, self.record_selected_safe)
        desk.changed.connect(self.refresh)
        desk.failed.connect(self.message.setText)
        # Deadlines pass while nobody edits: re-judge the matrix every minute.
        self.timer = QTimer(self)
        self.timer.setInterval(60_000)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.refresh()

    # -- data -------------------------------------------------------------
    def day(self) -> dt.date:
        """The day shown."""
        d = self.date_edit.date()
        return dt.date(d.year(), d.month(), d.day())

    def refresh(self) -> None:
        """Re-read the matrix at the desk's clock and repaint the table."""
        with self.desk.store.session() as session:
            self.matrix = m = report_matrix(session, self.day(), self.desk.now(), self.desk.tz)
        current = (self.table.currentRow(), self.table.currentColumn())
        self.table.blockSignals(True)
        self.table.clear()
        self.table.setRowCount(len(m.units))
        self.table.setColumnCount(len(m.slots))
        self.table.setHorizontalHeaderLabels(m.slots)
        self.table.setVerticalHeaderLabels([f"{u.code} {u.name}" for u in m.units])
        labels = {SAFE: "✓ " + self.tr("safe"), INCIDENT: "⚠ " + self.tr("incident"), MISSING: "✗ " + self.tr("MISSING"),
                  PENDING: "◷ " + self.tr("not yet due")}
        for r, unit in enumerate(m.units):
            for c, slot in enumerate(m.slots):
                cell = m.cell(unit.id, slot)
                item = QTableWidgetItem(labels[cell.state])
                item.setData(Qt.ItemDataRole.UserRole, cell.state)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                colour_cell(item, STATE_COLOURS[cell.state])
                tip = self.tr("Deadline {0}").format(cell.deadline.astimezone(self.desk.tz).strftime("%H:%M"))
                if cell.incident:
                    tip += "\n" + cell.incident
                item.setToolTip(tip)
                self.table.setItem(r, c, item)
        self.table.blockSignals(False)
        if 0 <= current[0] < len(m.units) and 0 <= current[1] < len(m.slots):
            self.table.setCurrentCell(*current)
        self._fill_combos(m)
        self.summary.setText(self.tr("Received {0}, missing {1}").format(len(m.received), len(m.missing)))

    def _fill_combos(self, m: ReportMatrix) -> None:
        unit_id, slot = self.unit_combo.currentData(), self.slot_combo.currentText()
        self.unit_combo.clear()
        for u in m.units:
            self.unit_combo.addItem(f"{u.code} {u.name}", u.id)
        self.slot_combo.clear()
        self.slot_combo.addItems(m.slots)
        if unit_id is not None:
            self.unit_combo.setCurrentIndex(max(0, self.unit_combo.findData(unit_id)))
        if slot:
            self.slot_combo.setCurrentIndex(max(0, self.slot_combo.findText(slot)))

    def _on_current_cell_change(self, row: int, column: int, *_: int) -> None:
        if self.matrix is None or row < 0 or column < 0:
            return
        self.unit_combo.setCurrentIndex(row)
        self.slot_combo.setCurrentIndex(column)

    # -- edits --------------------------------------------------------------
    def record_selected_safe(self) -> None:
        """Enter on a cell: report that unit and slot safe."""
        self.safe_check.setChecked(True)
        self.incident_edit.clear()
        self.record_from_form()

    def set_read_only(self, reason: str) -> None:
        """Disable recording, saying why (the store would refuse the write anyway)."""
        self.read_only_reason = reason
        for w in (self.unit_combo, self.slot_combo, self.safe_check, self.incident_edit, self.reporter_edit,
                  self.record_button):
            w.setEnabled(False)
            w.setToolTip(reason)
        self.undo_hint.setText(reason)

    def record_from_form(self) -> None:
        """Record the form's report (undoable)."""
        if self.read_only_reason:
            self.message.setText(self.read_only_reason)
            return
        unit_id = self.unit_combo.currentData()
        slot = self.slot_combo.currentText()
        if unit_id is None or not slot:
            return
        day, desk = self.day(), self.desk
        safe = self.safe_check.isChecked() and not self.incident_edit.text().strip()
        incident, reporter = self.incident_edit.text(), self.reporter_edit.text() or None
        before = self.matrix.cell(unit_id, slot) if self.matrix else None
        previous = None
        if before is not None and before.report_id is not None:
            previous = (before.state == SAFE, before.incident, before.received_at)

        def do(session):
            return record_report(session, unit_id=unit_id, day=day, slot=slot, safe=safe, incident=incident,
                                 reported_by=reporter, user=desk.user, now=desk.now()).id

        def undo(session, report_id):
            if previous is None:
                delete_report(session, report_id, user=desk.user, now=desk.now())
            else:
                record_report(session, unit_id=unit_id, day=day, slot=slot, safe=previous[0],
                              incident=previous[1], received_at=previous[2], user=desk.user, now=desk.now())

        text = self.tr("Zero report {0} {1}").format(self.unit_combo.currentText(), slot)
        if desk.apply(text, do, undo) is not None:
            self.message.setText(self.tr("Recorded: {0}").format(text))
            self.incident_edit.clear()
            self.safe_check.setChecked(True)
