"""Milestone times corrected with a reason (undoable), closing confirmed, the vehicle following (issue 16, 7).

* "Correct time…" under the Repairs dock's timeline: pick a recorded
  milestone, the real time and a reason; saved with the version check, audited
  (:func:`services.repairs.times.correct_milestone`) and undoable.
* Recording "restored" (closing the repair) asks for confirmation: four quick
  clicks no longer close a repair by accident.
* The assigned vehicle's status follows the milestone (dispatched → en route,
  on site …, restored → returning), in the same undo step as the milestone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDateTime, QObject
from PySide6.QtWidgets import (
    QComboBox, QDateTimeEdit, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QMainWindow, QMessageBox,
    QPushButton, QWidget,
)

from models.repair import Repair, Vehicle
from services.repairs.records import MILESTONE_ALIASES
from services.repairs.times import VEHICLE_AFTER, correct_milestone


class MilestoneTimeDialog(QDialog):
    """Milestone, corrected time, reason (OK only with a reason)."""

    def __init__(self, milestones: list[tuple[str, str, dt.datetime]], tz, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Correct a milestone time"))
        self.tz = tz
        form = QFormLayout(self)
        self.milestone = QComboBox(self)
        for attr, title, at in milestones:
            self.milestone.addItem(title, (attr, at))
        self.when = QDateTimeEdit(self)
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.when.setCalendarPopup(True)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(self.tr("Why the recorded time is wrong (required)"))
        form.addRow(self.tr("Milestone:"), self.milestone)
        form.addRow(self.tr("Actual time:"), self.when)
        form.addRow(self.tr("Reason:"), self.reason)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.milestone.currentIndexChanged.connect(self._load)
        self.reason.textChanged.connect(self._check)
        self._load()
        self._check()

    def _load(self) -> None:
        data = self.milestone.currentData()
        if data:
            local = data[1].astimezone(self.tz)
            self.when.setDateTime(QDateTime(local.date(), local.time().replace(microsecond=0)))

    def _check(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.reason.text().strip()))

    def result_values(self) -> tuple[str, dt.datetime, str]:
        """(milestone attribute, aware time, reason)."""
        attr = self.milestone.currentData()[0]
        when = self.when.dateTime().toPython().replace(tzinfo=self.tz)
        return attr, when, self.reason.text().strip()


class RepairLife(QObject):
    """Adds the correction button, the closing confirmation and the vehicle following to the repair desk."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.ctl = window.repairs.desk
        self.dock = window.repairs.repairs_dock
        #: Asks before closing a repair; tests replace it. Returns True to go on.
        self.confirm_close: Callable[[str], bool] = self._ask_close
        #: Asks the correction; tests replace it. Returns (attr, time, reason) or None.
        self.ask_time: Callable[[Repair], tuple[str, dt.datetime, str] | None] = self._ask_time
        self.correct_button = QPushButton(self.tr("Correct time…"), self.dock)
        self.correct_button.setObjectName("correctMilestoneButton")
        self.correct_button.setToolTip(self.tr("Correct a recorded milestone time, with a reason (audited, undoable)"))
        self.correct_button.setEnabled(not self.ctl.read_only)
        self.correct_button.clicked.connect(self.on_correct)
        row = self.dock.next_button.parentWidget().layout().itemAt(1).layout()
        row.insertWidget(1, self.correct_button)
        self.dock.next_button.clicked.disconnect()
        self.dock.next_button.clicked.connect(self.on_next)
        #: Asks why another vehicle is sent; tests replace it. Returns the reason or None (cancelled).
        self.ask_reason: Callable[[str, str], str | None] = self._ask_reason
        self.dock.assign_button.clicked.disconnect()
        self.dock.assign_button.clicked.connect(self.on_assign)

    # -- the next milestone ------------------------------------------------------------------
    def _ask_close(self, code: str) -> bool:
        answer = QMessageBox.question(
            self.window, self.tr("Close the repair"),
            self.tr("Record {0} as restored and close it? The alarm and the detail go away.").format(code))
        return answer == QMessageBox.StandardButton.Yes

    def on_next(self) -> str | None:
        """The next milestone (confirmed when it closes the repair), the vehicle following, one undo step."""
        from services.repairs.records import next_milestone

        rid = self.dock.current_id
        repair = self.ctl.repair(rid) if rid is not None else None
        if repair is None:
            return None
        name = next_milestone(repair)
        if MILESTONE_ALIASES.get(name, name) == "restored_at" and not self.confirm_close(repair.code):
            return None
        stack = self.ctl.desk.undo_stack
        stack.beginMacro(self.tr("{0}: next milestone").format(repair.code))
        try:
            done = self.ctl.set_next_milestone(rid)
            status = VEHICLE_AFTER.get(MILESTONE_ALIASES.get(done or "", done or ""))
            if done and status and repair.vehicle_id is not None:
                vehicle = self.ctl.snapshot(Vehicle, repair.vehicle_id)
                if vehicle is not None and vehicle["status"] != status:
                    self.ctl.set_vehicle_status(repair.vehicle_id, status)
        finally:
            stack.endMacro()
        return done

    # -- corrections --------------------------------------------------------------------------
    def _ask_time(self, repair: Repair) -> tuple[str, dt.datetime, str] | None:
        from ui.repairs.dock import milestone_title

        recorded = [(a, milestone_title(a), getattr(repair, a)) for a in
                    ("dispatched_at", "arrived_at", "isolated_at", "repaired_at", "restored_at")
                    if getattr(repair, a) is not None]
        if not recorded:
            self.window.statusBar().showMessage(self.tr("No milestone recorded yet to correct"), 8000)
            return None
        dialog = MilestoneTimeDialog(recorded, self.ctl.desk.tz, self.window)
        return dialog.result_values() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def on_correct(self) -> bool:
        """Ask which milestone, when and why; save it (undoable)."""
        rid = self.dock.current_id
        repair = self.ctl.repair(rid) if rid is not None else None
        if repair is None:
            return False
        answer = self.ask_time(repair)
        if answer is None:
            return False
        return self.correct(rid, *answer)

    def correct(self, repair_id: int, attr: str, when: dt.datetime, reason: str) -> bool:
        """Save a corrected milestone time; undo puts the old time back (audited too)."""
        repair = self.ctl.repair(repair_id)
        old = getattr(repair, attr)
        user = self.ctl.desk.user
        undo_reason = self.tr("undo of: {0}").format(reason)
        return self.ctl.edit(self.tr("{0}: time corrected").format(repair.code), Repair, repair_id,
                             lambda s, r: correct_milestone(s, r, attr, when, reason, user),
                             lambda s, r: correct_milestone(s, r, attr, old, undo_reason, user))


    # -- dispatch ----------------------------------------------------------------------------
    def _ask_reason(self, code: str, vehicle: str) -> str | None:
        from PySide6.QtWidgets import QInputDialog

        text, ok = QInputDialog.getText(self.window, self.tr("Send another vehicle"),
                                        self.tr("{0} already has a vehicle. Why send {1} instead?").format(code, vehicle))
        return text.strip() if ok and text.strip() else None

    def on_assign(self) -> bool:
        """The dispatch table's "Assign selected": first dispatch, or a re-dispatch with a reason; undoable."""
        dock = self.dock
        rows = dock.dispatch_table.selectionModel().selectedRows()
        if dock.current_id is None or not rows or rows[0].row() >= len(dock.candidates):
            return False
        ok = self.dispatch(dock.current_id, dock.candidates[rows[0].row()].vehicle_id)
        if ok:
            dock.find_vehicles()
        return ok

    def dispatch(self, repair_id: int, vehicle_id: int) -> bool:
        """Send ``vehicle_id``; asks a reason when another vehicle is already on it. Undo sends the old one back."""
        from services.repairs.records import clear_milestone
        from services.repairs.times import redispatch

        repair = self.ctl.repair(repair_id)
        if repair is None or repair.vehicle_id == vehicle_id:
            return False
        reason = ""
        vehicle = self.ctl.snapshot(Vehicle, vehicle_id)
        if repair.vehicle_id is not None:
            reason = self.ask_reason(repair.code, vehicle["code"] if vehicle else str(vehicle_id))
            if not reason:
                return False
        old, was_dispatched, user, when = repair.vehicle_id, repair.dispatched_at is not None, self.ctl.desk.user, \
            self.ctl.now()
        undo_reason = self.tr("undo of: {0}").format(reason or self.tr("dispatch"))

        def backward(s, r):
            redispatch(s, r, old, undo_reason, user)
            if not was_dispatched and r.dispatched_at is not None:
                clear_milestone(s, r, "dispatched", user)

        return self.ctl.edit(self.tr("{0}: vehicle {1}").format(repair.code, vehicle["code"] if vehicle else vehicle_id),
                             Repair, repair_id, lambda s, r: redispatch(s, r, vehicle_id, reason, user, when), backward)


def install_repair_life(window: QMainWindow) -> RepairLife | None:
    """After the repair desk: the correction button, closing confirmation, vehicle following."""
    return RepairLife(window) if getattr(window, "repairs", None) is not None else None
