"""The duty leader's dock: the daily meeting (status, notes, action items), the roster, contacts, the freeze calendar.

Action items are edited with the version the desk showed: a save over
another desk's change opens the conflict dialog (theirs vs yours) through
:meth:`DeskContext.apply`. The network-patrol status shows the day's measured
coverage (:class:`~ui.duty.meeting_coverage.MeetingCoverage`, off the GUI thread).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QDateTime, QTime, QTimer, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox, QDateTimeEdit, QDockWidget, QFileDialog, QFormLayout, QHBoxLayout, QHeaderView, QLabel,
    QLineEdit, QListWidget, QPlainTextEdit, QPushButton, QSplitter, QTableWidget, QTableWidgetItem, QTabWidget,
    QVBoxLayout, QWidget,
)

from models.duty import MEETING_CATEGORIES
from models.clock import as_utc
from models.concurrency import ConflictError
from models.duty import ActionItem
from services.duty.desk import (
    ItemView, MeetingRecord, close_item, delete_followup, delete_item, double_shift_units, find_meeting, follow_up,
    important_users, leader_on_duty, meeting_record, open_meeting, raise_item, reopen_item, roster, set_duty_shift, set_note,
    update_item,
)
from services.repairs.overruns import overrun_check
from ui.duty.contacts_tab import ContactsTab
from ui.common.desk import DeskContext, KeyBindings, bind_enter
from ui.duty.meeting_coverage import MeetingCoverage
from services.printing.duty_text import DutyText
from ui.common.widgets import day_edit, read_only_table, colour_cell
from ui.common.coalesced_read import CoalescedRead
from ui.common.worker import SerialWorker
from services.printing.labels import label

OVERDUE_COLOUR = "#f28b82"
CLOSED_COLOUR = "#e0e0e0"


def _fill(table: QTableWidget, rows: list[list[str]], ids: list[int] | None = None) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            if ids is not None:
                item.setData(Qt.ItemDataRole.UserRole, ids[r])
            table.setItem(r, c, item)


#: Item fields the form edits.
ITEM_FIELDS = ("category", "problem", "plan", "owner", "deadline")


class DutyDock(QDockWidget):
    """Meeting, roster, contacts and freeze calendar of the leader on duty."""

    #: Tables the dock's edits write (a desk whose role may not write them gets a read-only dock).
    WRITES = ("action_items", "action_followups", "meetings", "meeting_notes", "duty_shifts", "contacts")

    def __init__(self, desk: DeskContext, parent: QWidget | None = None, defer_refresh: bool = False) -> None:
        super().__init__(self.tr("Duty desk"), parent)
        self.setObjectName("dutyDock")
        self.desk = desk
        self.text = DutyText(self)
        self.record: MeetingRecord | None = None
        self._note_category: str | None = None
        self.read_only_reason: str | None = None
        #: The item loaded into the form for editing: (id, version, form values as loaded, values shown).
        self.editing: tuple[int, int, dict, dict] | None = None
        self.coverage = MeetingCoverage(desk.store, desk.now, self)
        self.coverage.ready.connect(self._on_coverage_ready)
        #: Customer-service counts for "external service", set by the customer dock off the GUI thread.
        self.customer_counts: dict[str, int] = {}
        #: Other desks' changes are read on this thread, one read for a burst (and one more after it).
        self._worker = SerialWorker("duty-read")
        self.reads = CoalescedRead(self._worker, self._on_read, self)
        self._freeze_due = False
        body = QWidget(self)
        layout = QVBoxLayout(body)
        top = QHBoxLayout()
        self.date_edit = day_edit(body, desk.today())
        day_label = QLabel(self.tr("&Day:"), body)
        day_label.setBuddy(self.date_edit)
        self.leader_label = QLabel(body)
        self.open_button = QPushButton(self.tr("&Open meeting"), body)
        self.open_button.setToolTip(self.tr("Start the day's meeting and carry open items over to it (Alt+O)"))
        self.pdf_button = QPushButton(self.tr("&PDF…"), body)
        self.pdf_button.setToolTip(self.tr("Print the meeting record as a PDF (Ctrl+P)"))
        for w in (day_label, self.date_edit, self.leader_label):
            top.addWidget(w)
        top.addStretch(1)
        top.addWidget(self.open_button)
        top.addWidget(self.pdf_button)
        layout.addLayout(top)
        self.tabs = QTabWidget(body)
        self.tabs.addTab(self._build_meeting_tab(), self.tr("&Meeting"))
        self.tabs.addTab(self._build_roster_tab(), self.tr("&Roster"))
        self.contacts_tab = ContactsTab(desk, self)
        self.tabs.addTab(self.contacts_tab, self.tr("&Contacts"))
        self.tabs.addTab(self._build_freeze_tab(), self.tr("&Freeze calendar"))
        layout.addWidget(self.tabs, 1)
        self.message = QLabel(body)
        self.message.setObjectName("dutyMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.setWidget(body)

        self.date_edit.dateChanged.connect(self.refresh)
        self.open_button.clicked.connect(self.open_meeting)
        self.pdf_button.clicked.connect(lambda: self.print_pdf())
        QShortcut(QKeySequence.StandardKey.Print, body, lambda: self.print_pdf(),
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        desk.changed.connect(self.refresh)
        desk.failed.connect(self.message.setText)
        if defer_refresh:  # the desk at start-up: let the map show first, fill the meeting right after
            QTimer.singleShot(0, self.refresh)
        else:
            self.refresh()

    # -- construction ---------------------------------------------------------
    def _build_meeting_tab(self) -> QWidget:
        tab = QWidget(self)
        layout = QVBoxLayout(tab)
        split = QSplitter(Qt.Orientation.Horizontal, tab)
        self.category_list = QListWidget(split)
        for category in MEETING_CATEGORIES:
            self.category_list.addItem(self.text.category_label(category))
        self.category_list.setToolTip(self.tr("Meeting categories; the status on the right is compiled from the store"))
        right = QWidget(split)
        rl = QVBoxLayout(right)
        self.status_view = QPlainTextEdit(right)
        self.status_view.setReadOnly(True)
        self.status_view.setObjectName("compiledStatus")
        self.status_view.setToolTip(self.tr("The day's status of this category, compiled automatically"))
        self.note_edit = QPlainTextEdit(right)
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setPlaceholderText(self.tr("Notes of this category"))
        self.note_edit.setToolTip(self.tr("Type the notes; Ctrl+Enter or Ctrl+S saves"))
        self.save_note_button = QPushButton(self.tr("&Save note"), right)
        self.save_note_button.setToolTip(self.tr("Save the note (Ctrl+Enter, Ctrl+S)"))
        rl.addWidget(QLabel(self.tr("Status"), right))
        rl.addWidget(self.status_view, 1)
        rl.addWidget(QLabel(self.tr("Notes"), right))
        rl.addWidget(self.note_edit, 1)
        rl.addWidget(self.save_note_button)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        fm = self.category_list.fontMetrics()
        widest = max((fm.horizontalAdvance(self.category_list.item(i).text())
                      for i in range(self.category_list.count())), default=80)
        self.category_list.setMinimumWidth(widest + 24)  # no category cut
        split.setCollapsible(0, False)
        split.setSizes([self.category_list.minimumWidth(), 400])  # the compiled status gets the room
        layout.addWidget(split, 1)

        self.items_table = read_only_table(tab, [self.tr("Code"), self.tr("Category"), self.tr("Problem"), self.tr("Plan"),
                                        self.tr("Owner"), self.tr("Deadline"), self.tr("Status"),
                                        self.tr("Last follow-up")])
        self.items_table.setObjectName("actionItems")
        # Long problems and plans wrap in their cells instead of scrolling sideways.
        self.items_table.setWordWrap(True)
        header = self.items_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for col in (2, 3, 7):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.items_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.items_table.setToolTip(self.tr("Problems and action items; overdue rows are red"))
        layout.addWidget(self.items_table, 1)

        form = QFormLayout()
        self.item_category = QComboBox(tab)
        for category in MEETING_CATEGORIES:
            self.item_category.addItem(self.text.category_label(category), category)
        self.item_problem = QLineEdit(tab)
        self.item_plan = QLineEdit(tab)
        self.item_owner = QLineEdit(tab)
        self.item_deadline = QDateTimeEdit(tab)
        self.item_deadline.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.item_deadline.setCalendarPopup(True)
        self.add_item_button = QPushButton(self.tr("&Add item"), tab)
        self.add_item_button.setToolTip(self.tr("Raise the problem (Enter in the form)"))
        self.edit_item_button = QPushButton(self.tr("&Edit item"), tab)
        self.edit_item_button.setToolTip(self.tr("Load the selected item into the form to change it (F2); "
                                                 "Enter saves, Esc cancels"))
        form.addRow(self.tr("Cate&gory:"), self.item_category)
        form.addRow(self.tr("Pro&blem:"), self.item_problem)
        form.addRow(self.tr("Pla&n:"), self.item_plan)
        form.addRow(self.tr("O&wner:"), self.item_owner)
        row = QHBoxLayout()
        row.addWidget(self.item_deadline, 1)
        row.addWidget(self.add_item_button)
        row.addWidget(self.edit_item_button)
        deadline_label = QLabel(self.tr("Dead&line:"), tab)
        deadline_label.setBuddy(self.item_deadline)
        form.addRow(deadline_label, row)
        self.followup_edit = QLineEdit(tab)
        self.followup_edit.setPlaceholderText(self.tr("Follow-up of the selected item"))
        self.followup_button = QPushButton(self.tr("Follow &up"), tab)
        self.followup_button.setToolTip(self.tr("Add the follow-up to the selected item (Enter)"))
        self.close_button = QPushButton(self.tr("&Close item"), tab)
        self.close_button.setToolTip(self.tr("Close the selected item with the text as closing note (Ctrl+Shift+Enter)"))
        frow = QHBoxLayout()
        frow.addWidget(self.followup_edit, 1)
        frow.addWidget(self.followup_button)
        frow.addWidget(self.close_button)
        followup_label = QLabel(self.tr("Follow-up:"), tab)
        followup_label.setBuddy(self.followup_edit)
        form.addRow(followup_label, frow)
        layout.addLayout(form)

        self.category_list.currentRowChanged.connect(self._on_category_change)
        self.save_note_button.clicked.connect(self.save_note)
        ctrl = Qt.KeyboardModifier.ControlModifier
        KeyBindings(self.note_edit, [(Qt.Key.Key_Return, ctrl, self.save_note), (Qt.Key.Key_Enter, ctrl, self.save_note),
                                     (Qt.Key.Key_S, ctrl, self.save_note)])
        self.add_item_button.clicked.connect(self.submit_item_form)
        for edit in (self.item_problem, self.item_plan, self.item_owner):
            edit.returnPressed.connect(self.submit_item_form)
            KeyBindings(edit, [(Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier, self.cancel_edit)])
        self.edit_item_button.clicked.connect(self.start_edit)
        KeyBindings(self.items_table, [(Qt.Key.Key_F2, Qt.KeyboardModifier.NoModifier, self.start_edit)])
        self.followup_button.clicked.connect(self.add_followup)
        self.followup_edit.returnPressed.connect(self.add_followup)
        self.close_button.clicked.connect(self.close_selected)
        bind_enter(self.followup_edit, self.close_selected,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        return tab

    def _build_roster_tab(self) -> QWidget:
        tab = QWidget(self)
        layout = QVBoxLayout(tab)
        self.roster_table = read_only_table(tab, [self.tr("Shift"), self.tr("Leader on duty"), self.tr("Phone"),
                                         self.tr("Units on double shift")])
        layout.addWidget(self.roster_table)
        form = QHBoxLayout()
        self.shift_combo = QComboBox(tab)
        self.shift_combo.addItem(self.text.shift_label("day"), "day")
        self.shift_combo.addItem(self.text.shift_label("night"), "night")
        self.leader_edit = QLineEdit(tab)
        self.leader_edit.setPlaceholderText(self.tr("Leader"))
        self.phone_edit = QLineEdit(tab)
        self.phone_edit.setPlaceholderText(self.tr("Phone"))
        self.set_leader_button = QPushButton(self.tr("Set &leader"), tab)
        self.set_leader_button.setToolTip(self.tr("Set the leader on duty of the shift (Enter)"))
        for w in (self.shift_combo, self.leader_edit, self.phone_edit, self.set_leader_button):
            form.addWidget(w)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Units on double shift"), tab))
        self.units_table = read_only_table(tab, [self.tr("Code"), self.tr("Unit"), self.tr("Contact"), self.tr("Phone")])
        layout.addWidget(self.units_table)
        layout.addWidget(QLabel(self.tr("Important users"), tab))
        self.users_table = read_only_table(tab, [self.tr("Priority"), self.tr("Name"), self.tr("Category"),
                                        self.tr("Contact"), self.tr("Phone")])
        layout.addWidget(self.users_table)
        self.set_leader_button.clicked.connect(self.set_leader)
        for edit in (self.leader_edit, self.phone_edit):
            edit.returnPressed.connect(self.set_leader)
        return tab

    def _build_freeze_tab(self) -> QWidget:
        tab = QWidget(self)
        layout = QVBoxLayout(tab)
        self.freeze_label = QLabel(tab)
        self.freeze_label.setWordWrap(True)
        layout.addWidget(self.freeze_label)
        self.freeze_table = read_only_table(tab, [self.tr("Code"), self.tr("Work"), self.tr("Start"), self.tr("End"),
                                         self.tr("Nearest guarded place"), self.tr("Distance (m)")])
        self.freeze_table.setToolTip(self.tr("Planned works inside the event window, nearest to a guarded place "
                                             "first; red rows are near one"))
        layout.addWidget(self.freeze_table, 1)
        #: Other features add their frozen actions below the works (customer service: arrears chasing …).
        self.freeze_layout = layout
        return tab

    # -- reading ------------------------------------------------------------------
    def day(self) -> dt.date:
        """The meeting day shown."""
        d = self.date_edit.date()
        return dt.date(d.year(), d.month(), d.day())

    def category(self) -> str:
        """The category selected in the list."""
        return MEETING_CATEGORIES[max(0, self.category_list.currentRow())]

    def refresh(self) -> None:
        """Re-read everything the dock shows."""
        self._refresh(freeze=True)

    def refresh_from_store(self, tables: set[str]) -> None:
        """Another desk changed ``tables``: re-read on the worker thread, show on arrival (the freeze
        calendar only when works or places changed); a burst of changes costs at most two reads."""
        self._freeze_due |= bool(tables & {"construction_sites", "guarded_places", "events"})
        day, now, customers = self.day(), self.desk.now(), dict(self.customer_counts)
        self.reads.request(lambda: self._read(day, now, customers))

    def _on_read(self, data) -> None:
        if isinstance(data, Exception):
            self.message.setText(str(data))
        elif data["day"] == self.day():
            freeze, self._freeze_due = self._freeze_due, False
            self._show(data, freeze)

    def _read(self, day: dt.date, now: dt.datetime, customers: dict[str, int]) -> dict:
        """Everything :meth:`_show` shows, read in one session (any thread; plain values)."""
        desk = self.desk
        with desk.store.session() as s:
            record = meeting_record(s, day, now, desk.tz, overrun_check=overrun_check(s),
                                    coverage_source=lambda _s, d: self.coverage.get(d),
                                    customer_source=lambda _s, _at: customers)
            on_duty = leader_on_duty(s, now, desk.tz)
            return {
                "day": day, "record": record, "meeting_id": m.id if (m := find_meeting(s, day)) else None,
                "shifts": [(r.shift, r.leader, r.phone or "", r.double_shift_units or "") for r in roster(s, day)],
                "on_duty": (on_duty.shift, on_duty.leader, on_duty.phone or "") if on_duty is not None else None,
                "units": [[u.code, u.name, u.contact or "", u.phone or ""] for u in double_shift_units(s)],
                "users": [(str(u.priority), u.name, u.category, u.contact or "", u.phone or "")
                          for u in important_users(s)],
            }

    def _refresh(self, freeze: bool) -> None:
        self._show(self._read(self.day(), self.desk.now(), self.customer_counts), freeze)

    def _show(self, data: dict, freeze: bool) -> None:
        day = data["day"]
        self.record, self.meeting_id, on_duty = data["record"], data["meeting_id"], data["on_duty"]
        _fill(self.roster_table, [[self.text.shift_label(shift), leader, phone, units]
                                  for shift, leader, phone, units in data["shifts"]])
        _fill(self.units_table, data["units"])
        _fill(self.users_table, [[priority, name, label("user_category", category), contact, phone]
                                 for priority, name, category, contact, phone in data["users"]])
        self.contacts_tab.refresh()
        if on_duty is None:
            self.leader_label.setText(self.tr("On duty now: — (no roster entry)"))
        else:
            self.leader_label.setText(self.tr("On duty now: {0} {1} {2}").format(
                self.text.shift_label(on_duty[0]), on_duty[1], on_duty[2]).strip())
        self.leader_label.setToolTip(self.tr("The duty leader of the shift running now; the meeting of {0} is "
                                             "led by {1}").format(day.isoformat(), self.record.leader or "—"))
        self.open_button.setEnabled(self.meeting_id is None and self.read_only_reason is None)
        if self.category_list.currentRow() < 0:
            self.category_list.setCurrentRow(0)
        else:
            self._on_category_change(self.category_list.currentRow())
        self._fill_items(self.record.items)
        if self.item_deadline.dateTime() < QDateTime(QDate(day.year, day.month, day.day), QTime(0, 0)):
            self.item_deadline.setDateTime(QDateTime(QDate(day.year, day.month, day.day).addDays(1), QTime(12, 0)))
        if freeze:
            self._refresh_freeze()

    def _fill_items(self, items: list[ItemView]) -> None:
        keep = self.items_table.currentRow()
        rows = []
        for i in items:
            last = i.followups[-1] if i.followups else None
            last_text = "" if last is None else f"{self.text.followup_status_label(last['status'])} {last['text']}"
            rows.append([i.code, self.text.category_label(i.category), i.problem, i.plan, i.owner,
                         self.text.local(i.deadline, self.desk.tz), self.text.item_status_label(i), last_text.strip()])
        _fill(self.items_table, rows, [i.id for i in items])
        for r, i in enumerate(items):
            colour = OVERDUE_COLOUR if i.overdue else (CLOSED_COLOUR if i.status == "closed" else None)
            if colour:
                for c in range(self.items_table.columnCount()):
                    colour_cell(self.items_table.item(r, c), colour)
            self.items_table.item(r, 0).setData(Qt.ItemDataRole.UserRole + 1, i.version)
        if 0 <= keep < len(items):
            self.items_table.selectRow(keep)

    def _refresh_freeze(self) -> None:
        from services.freeze import freeze_conflicts_from_store

        event = self.desk.store.current_event()
        if event is None:
            self.freeze_label.setText(self.tr("No event: the freeze calendar needs the event window"))
            self.freeze_table.setRowCount(0)
            return
        from models.clock import as_utc

        with self.desk.store.engine.connect() as conn:
            frame = freeze_conflicts_from_store(conn, as_utc(event.starts_at), as_utc(event.ends_at), event.local_crs)
        tz = self.desk.tz

        def when(v) -> str:
            return "?" if v is None or v != v else v.to_pydatetime().astimezone(tz).strftime("%Y-%m-%d %H:%M")

        rows = [[r.code, r.name, when(r.planned_start), when(r.planned_end),
                 f"{r.nearest_place or ''} {r.nearest_place_name or ''}".strip(),
                 "" if r.distance_m != r.distance_m else f"{r.distance_m:,.0f}"] for r in frame.itertuples()]
        _fill(self.freeze_table, rows)
        for r, near in enumerate(frame["near"].tolist()):
            if near:
                for c in range(self.freeze_table.columnCount()):
                    colour_cell(self.freeze_table.item(r, c), OVERDUE_COLOUR)
        self.freeze_label.setText(self.tr("{0} planned works inside the event window ({1} near a guarded place)")
                                  .format(len(frame), int(frame["near"].sum())))

    def _on_category_change(self, row: int) -> None:
        if self.record is None or row < 0:
            return
        category = MEETING_CATEGORIES[row]
        self._show_status(category)
        note = self.record.notes.get(category, "")
        # Another desk's change refreshes the dock: never overwrite a note being typed.
        if category != self._note_category or not self.note_edit.document().isModified():
            self.note_edit.setPlainText(note)
            self.note_edit.document().setModified(False)
        self._note_category = category

    def _show_status(self, category: str) -> None:
        lines = self.text.status_lines(self.record.status, category)
        if category == "network_patrol" and self.record.status.coverage is None and \
                self.coverage.measuring(self.record.day):
            lines[0] = self.tr("Measuring the day's coverage…")
        self.status_view.setPlainText("\n".join(lines))

    def set_customer_counts(self, counts: dict[str, int]) -> None:
        """New customer-service counts (from the customer dock's lists): shown under external service."""
        self.customer_counts = dict(counts)
        if self.record is not None:
            self.record.status.customers = self.customer_counts
            self._show_status(self.category())

    def _on_coverage_ready(self, day: dt.date) -> None:
        """The day's coverage is measured: show it in the network-patrol status."""
        if self.record is None or day != self.day():
            return
        with self.desk.store.session() as s:
            self.record = meeting_record(s, day, self.desk.now(), self.desk.tz, overrun_check=overrun_check(s),
                                         coverage_source=lambda _s, d: self.coverage.get(d),
                                         customer_source=lambda _s, _at: self.customer_counts)
        self._show_status(self.category())

    def _selected_item(self) -> tuple[int, int] | None:
        row = self.items_table.currentRow()
        item = self.items_table.item(row, 0) if row >= 0 else None
        if item is None:
            self.message.setText(self.tr("Select an action item first"))
            return None
        return item.data(Qt.ItemDataRole.UserRole), item.data(Qt.ItemDataRole.UserRole + 1)

    # -- edits ------------------------------------------------------------------
    def _meeting(self, s) -> int:
        return open_meeting(s, self.day(), user=self.desk.user, now=self.desk.now(), tz=self.desk.tz).id

    def open_meeting(self) -> None:
        """Start the day's meeting (carries open items over)."""
        ok, _ = self.desk.run(self._meeting)
        if ok:
            self.coverage.measure(self.day(), force=True)
            self.desk.changed.emit()

    def save_note(self) -> None:
        """Save the note of the selected category (undo restores the previous text)."""
        category, text, desk = self.category(), self.note_edit.toPlainText(), self.desk
        holder: dict = {}

        def do(s):
            holder["meeting"] = mid = self._meeting(s)
            return set_note(s, meeting_id=mid, category=category, text=text, user=desk.user, now=desk.now())

        def undo(s, old):
            set_note(s, meeting_id=holder["meeting"], category=category, text=old, user=desk.user, now=desk.now())

        if desk.apply(self.tr("Note: {0}").format(self.text.category_label(category)), do, undo) is not None:
            self.note_edit.document().setModified(False)
            self.message.setText(self.tr("Note saved"))

    def add_item(self) -> None:
        """Raise the form's problem at the day's meeting (undo removes it; redo raises it again, same code)."""
        desk = self.desk
        fields = dict(category=self.item_category.currentData(), problem=self.item_problem.text(),
                      plan=self.item_plan.text(), owner=self.item_owner.text(),
                      deadline=self.item_deadline.dateTime().toPython().replace(tzinfo=desk.tz))
        holder: dict = {}

        def do(s):
            item = raise_item(s, meeting_id=self._meeting(s), code=holder.get("code"), user=desk.user,
                              now=desk.now(), **fields)
            holder["code"] = item.code
            return item.id

        def undo(s, item_id):
            delete_item(s, item_id=item_id, user=desk.user, now=desk.now())

        if desk.apply(self.tr("Raise item"), do, undo) is not None:
            self.message.setText(self.tr("Item {0} raised").format(holder["code"]))
            for edit in (self.item_problem, self.item_plan, self.item_owner):
                edit.clear()
            self.item_problem.setFocus()

    def add_followup(self) -> None:
        """Add the follow-up text to the selected item (undo removes it)."""
        desk = self.desk
        self._note_on_selected(
            self.tr("Follow up"), follow_up,
            lambda s, item_id, followup_id: delete_followup(s, followup_id=followup_id, user=desk.user,
                                                            now=desk.now()))

    def close_selected(self) -> None:
        """Close the selected item, the follow-up text as closing note (undo reopens it)."""
        desk = self.desk
        self._note_on_selected(
            self.tr("Close item"), close_item,
            lambda s, item_id, followup_id: reopen_item(s, item_id=item_id, drop_followup_id=followup_id,
                                                        user=desk.user, now=desk.now()))

    def _note_on_selected(self, title: str, action, undo_action) -> None:
        """Write the follow-up text to the selected item with ``action`` (follow up or close), undoably.

        ``action(session, item_id=, text=, meeting_id=, expected_version=, user=, now=)`` returns
        the follow-up it wrote; ``undo_action(session, item_id, followup_id)`` takes it back.
        """
        selected = self._selected_item()
        if selected is None:
            return
        item_id, version = selected
        text, desk = self.followup_edit.text(), self.desk
        state = {"version": version}

        def do(s):
            return action(s, item_id=item_id, text=text, meeting_id=self._meeting(s),
                          expected_version=state["version"], user=desk.user, now=desk.now()).id

        def undo(s, followup_id):
            undo_action(s, item_id, followup_id)

        if desk.apply(title, do, undo, retry=self._retry(state, do), labels=self.item_labels()) is not None:
            self.followup_edit.clear()

    @staticmethod
    def _retry(state: dict, do):
        """After a conflict the user chose to re-apply: run ``do`` again against the version saved now."""
        def retry(conflict: ConflictError, _changes: dict):
            state["version"] = conflict.theirs["version"]
            return do
        return retry

    def item_labels(self) -> dict[str, str]:
        """Field names of an action item as the conflict dialog shows them."""
        return {"category": self.tr("Category"), "problem": self.tr("Problem"), "plan": self.tr("Plan"),
                "owner": self.tr("Owner"), "deadline": self.tr("Deadline"), "status": self.tr("Status"),
                "followup": self.tr("Follow-up"), "code": self.tr("Code")}

    # -- editing an item -------------------------------------------------------------
    def _form_values(self) -> dict:
        deadline = self.item_deadline.dateTime().toPython().replace(second=0, microsecond=0, tzinfo=self.desk.tz)
        return {"category": self.item_category.currentData(), "problem": self.item_problem.text().strip(),
                "plan": self.item_plan.text().strip(), "owner": self.item_owner.text().strip(),
                "deadline": as_utc(deadline)}

    def submit_item_form(self) -> None:
        """Enter in the item form: save the edit when one is loaded, else raise a new item."""
        if self.editing is not None:
            self.save_item_edit()
        else:
            self.add_item()

    def start_edit(self) -> None:
        """Load the selected item into the form (F2); Enter saves it, Esc cancels."""
        if self.read_only_reason:
            self.message.setText(self.read_only_reason)
            return
        row = self.items_table.currentRow()
        item = self.items_table.item(row, 0) if row >= 0 else None
        view = next((i for i in (self.record.items if self.record else []) if item is not None
                     and i.id == item.data(Qt.ItemDataRole.UserRole)), None)
        if view is None:
            self.message.setText(self.tr("Select an action item first"))
            return
        self.item_category.setCurrentIndex(max(0, self.item_category.findData(view.category)))
        self.item_problem.setText(view.problem)
        self.item_plan.setText(view.plan)
        self.item_owner.setText(view.owner)
        if view.deadline is not None:
            local = view.deadline.astimezone(self.desk.tz)
            self.item_deadline.setDateTime(QDateTime(QDate(local.year, local.month, local.day),
                                                     QTime(local.hour, local.minute)))
        shown = {"code": view.code, "category": view.category, "problem": view.problem, "plan": view.plan,
                 "owner": view.owner, "deadline": view.deadline}
        self.editing = (view.id, view.version, self._form_values(), shown)
        self.add_item_button.setText(self.tr("Save &changes"))
        self.message.setText(self.tr("Editing {0}: Enter saves, Esc cancels").format(view.code))
        self.item_problem.setFocus()

    def cancel_edit(self) -> None:
        """Leave the edit (Esc): the form raises new items again."""
        if self.editing is None:
            return
        self.editing = None
        self.add_item_button.setText(self.tr("&Add item"))
        for edit in (self.item_problem, self.item_plan, self.item_owner):
            edit.clear()
        self.message.setText(self.tr("Edit cancelled"))

    def save_item_edit(self) -> bool:
        """Save the form over the loaded item with the version shown (a conflict asks theirs vs yours)."""
        if self.editing is None:
            return False
        item_id, version, loaded, shown = self.editing
        now_values = self._form_values()
        changes = {k: v for k, v in now_values.items() if v != loaded[k]}
        if not changes:
            self.cancel_edit()
            self.message.setText(self.tr("Nothing changed"))
            return False
        desk = self.desk
        state = {"version": version, "base": shown, "changes": changes}

        def do(s):
            old = update_item(s, item_id=item_id, expected_version=state["version"], base=state["base"],
                              user=desk.user, now=desk.now(), **dict(state["changes"]))
            s.flush()
            state["version"] = s.get(ActionItem, item_id).version  # undo and redo check this one
            return old

        def undo(s, old):
            update_item(s, item_id=item_id, expected_version=state["version"], user=desk.user, now=desk.now(),
                        **old)
            s.flush()
            state["version"] = s.get(ActionItem, item_id).version

        def retry(conflict: ConflictError, reapply: dict):
            state.update(version=conflict.theirs["version"], base=conflict.theirs, changes=reapply)
            return do

        code = shown["code"]
        self.editing = None
        self.add_item_button.setText(self.tr("&Add item"))
        if desk.apply(self.tr("Edit item {0}").format(code), do, undo, retry=retry,
                      labels=self.item_labels()) is None:
            return False
        for edit in (self.item_problem, self.item_plan, self.item_owner):
            edit.clear()
        self.message.setText(self.tr("Item {0} saved").format(code))
        return True

    # -- role -------------------------------------------------------------------------
    def edit_widgets(self) -> list[QWidget]:
        """Every control that changes the store."""
        return [self.open_button, self.note_edit, self.save_note_button, self.item_category, self.item_problem,
                self.item_plan, self.item_owner, self.item_deadline, self.add_item_button, self.edit_item_button,
                self.followup_edit, self.followup_button, self.close_button, self.shift_combo, self.leader_edit,
                self.phone_edit, self.set_leader_button, *self.contacts_tab.edit_widgets()]

    def set_read_only(self, reason: str) -> None:
        """Disable every edit, saying why in the tooltips (the store would refuse the write anyway)."""
        self.read_only_reason = reason
        self.contacts_tab.read_only_reason = reason
        for w in self.edit_widgets():
            w.setEnabled(False)
            w.setToolTip(reason)
        self.message.setText(reason)

    def close_dock(self) -> None:
        """Stop the coverage worker and the reader (the window is closing)."""
        self.coverage.close()
        self._worker.stop()

    def set_leader(self) -> None:
        """Set the leader on duty of the chosen shift (undo restores the previous one)."""
        desk, day, shift = self.desk, self.day(), self.shift_combo.currentData()
        leader, phone = self.leader_edit.text(), self.phone_edit.text() or None
        previous = next(((r.leader, r.phone, r.double_shift_units)
                         for r in self._roster_rows() if r.shift == shift), None)

        def do(s):
            units = previous[2] if previous else None
            return set_duty_shift(s, day=day, shift=shift, leader=leader, phone=phone, double_shift_units=units,
                                  user=desk.user, now=desk.now()).id

        def undo(s, shift_id):
            from models.audit_trail import record
            from models.duty import DutyShift

            row = s.get(DutyShift, shift_id)
            if previous is None and row is not None:
                s.delete(row)
                record(s, user=desk.user, action="delete", table="duty_shifts", row_id=shift_id, now=desk.now())
            elif previous is not None:
                set_duty_shift(s, day=day, shift=shift, leader=previous[0], phone=previous[1],
                               double_shift_units=previous[2], user=desk.user, now=desk.now())

        if desk.apply(self.tr("Set leader on duty"), do, undo) is not None:
            self.leader_edit.clear()
            self.phone_edit.clear()

    def _roster_rows(self):
        with self.desk.store.session() as s:
            return roster(s, self.day())

    def print_pdf(self, path: str | None = None) -> str | None:
        """Write the shown meeting record as a PDF (asks for the file when ``path`` is None)."""
        from services.printing.meeting_pdf import write_meeting_pdf

        if not path:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Meeting record PDF"),
                                                  f"meeting-{self.day().isoformat()}.pdf", self.tr("PDF (*.pdf)"))
            if not path:
                return None
        self.refresh()
        write_meeting_pdf(self.record, path, tz=self.desk.tz, printed_at=self.desk.now())
        self.message.setText(self.tr("Meeting record written to {0}").format(path))
        return path
