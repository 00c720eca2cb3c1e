"""Repairs dock: open repairs with their five time limits as countdown chips, and one repair in detail.

The list's chips count down every second from :func:`gis.time_limits.limit_states`
(green in time, amber in the last quarter, red overrun, grey not started). The
detail shows the level (and why it was raised), the timeline of milestones with
targets and actual times, the notifications sent, the nearest available
vehicles by street travel time, and the valve isolation with a loud warning
when a guarded place would lose supply. The dock only asks
:class:`ui.repairs.desk.RepairDesk`; it never writes itself.
"""

from __future__ import annotations

import html

import datetime as dt
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QDockWidget, QHBoxLayout, QHeaderView, QInputDialog, QLabel, QPushButton,
    QSplitter, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget,
)

from gis.time_limits import LIMITS
from models.repair import REPAIR_LEVELS
from ui.common.vocabulary import limit_title, milestone_title, vehicle_status_title
from services.printing.labels import label
from ui.repairs.list_style import chip_text, style_repair_table, target_text
from ui.common.coalesced_read import CoalescedRead
from ui.common.widgets import colour_cell

CHIP_COLOURS = {"pending": "#e0e0e0", "ok": "#a5d6a7", "warn": "#ffcc80", "overrun": "#ef5350",
                "met": "#c8e6c9", "met_late": "#ffab91"}
#: A running limit turns amber when less than this share of its target is left.
AMBER_SHARE = 0.25
MILESTONE_ATTRS = ("reported_at", "dispatched_at", "arrived_at", "isolated_at", "repaired_at", "restored_at")


def category_title(category: str, lang: str) -> str:
    """A repair category in the desk's language (the message templates' names)."""
    from gis.notify import CATEGORIES

    en, zh = CATEGORIES.get(category, (category, category))
    return zh if lang.startswith("zh") else en


def chip_state(state) -> str:
    """``pending``, ``ok``, ``warn``, ``overrun``, ``met`` or ``met_late`` for one :class:`LimitState`."""
    if state.started is None:
        return "pending"
    if state.done is not None:
        return "met_late" if state.overrun else "met"
    if state.overrun:
        return "overrun"
    if state.target_min and state.remaining_s is not None and state.remaining_s < AMBER_SHARE * state.target_min * 60:
        return "warn"
    return "ok"


def countdown(seconds: float | None) -> str:
    """``h:mm:ss`` left, ``+h:mm:ss`` overdue."""
    if seconds is None:
        return "—"
    sign = "+" if seconds < 0 else ""
    s = int(abs(seconds))
    return f"{sign}{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


def _item(text: str = "") -> QTableWidgetItem:
    return QTableWidgetItem(text)


class RepairsDock(QDockWidget):
    """List + detail of the open repairs.

    Signals
    -------
    new_call_requested()
        "New repair…" (the call-center form).
    repair_selected(repair_id)
    """

    new_call_requested = Signal()
    repair_selected = Signal(int)
    #: The list was read again and shown (the map's repair points follow it).
    list_reloaded = Signal()
    LIST_COLUMNS = 3 + len(LIMITS) + 1

    def __init__(self, controller, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Repairs"), parent)
        self.setObjectName("repairsDock")
        self.ctl = controller
        self.zone = ZoneInfo(controller.tz)
        self.repairs: list = []
        self.rules = controller.rules()
        self.current_id: int | None = None
        self.candidates: list = []
        #: The pipe last identified on the map (offered by "Set on pipe…"); tests replace ask_pipe.
        self.identified_pipe_code: str | None = None
        self.ask_pipe = self._ask_pipe
        #: ``(code, limit)`` of the overruns in the alarm line.
        self.alarm_parts: list[tuple[str, str]] = []
        body = QWidget(self)
        outer = QVBoxLayout(body)
        buttons = QHBoxLayout()
        self.new_button = QPushButton(self.tr("New repair (call)…"), body)
        self.new_button.setObjectName("newRepairButton")
        self.new_button.clicked.connect(self.new_call_requested)
        buttons.addWidget(self.new_button)
        self.report_here_button = QPushButton(self.tr("Report a leak here"), body)
        self.report_here_button.setCheckable(True)
        buttons.addWidget(self.report_here_button)
        self.from_pipe_button = QPushButton(self.tr("From identified pipe"), body)
        self.from_pipe_button.setEnabled(False)
        buttons.addWidget(self.from_pipe_button)
        buttons.addStretch(1)
        self.closed_today_box = QCheckBox(self.tr("Closed today"), body)
        self.closed_today_box.setObjectName("closedTodayFilter")
        self.closed_today_box.setToolTip(self.tr("Show the repairs restored or cancelled today instead of the open ones"))
        self.closed_today_box.toggled.connect(lambda _on: self.reload())
        buttons.addWidget(self.closed_today_box)
        outer.addLayout(buttons)
        self.alarm_label = QLabel(body)
        self.alarm_label.setObjectName("repairAlarm")
        self.alarm_label.setStyleSheet("background:#b71c1c;color:white;font-weight:bold;padding:4px;")
        self.alarm_label.setWordWrap(True)
        self.alarm_label.hide()
        outer.addWidget(self.alarm_label)
        split = QSplitter(Qt.Orientation.Vertical, body)
        outer.addWidget(split, 1)

        self.table = QTableWidget(0, self.LIST_COLUMNS, split)
        self.table.setObjectName("repairsTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Code"), self.tr("Level"), self.tr("Status")] + [limit_title(n) for n in LIMITS]
            + [self.tr("Where")])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._on_selection_change)
        style_repair_table(self.table, self.LIST_COLUMNS - 1)  # frame selection, place under the code

        detail = QWidget(split)
        box = QVBoxLayout(detail)
        box.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(detail)
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        box.addWidget(self.title)
        self.tabs = QTabWidget(detail)
        box.addWidget(self.tabs, 1)
        self._build_timeline()
        self._build_dispatch()
        self._build_isolation()
        self._build_notifications()
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 2)
        self.setWidget(body)

        self.clock_timer = QTimer(self, interval=1000)
        self.clock_timer.timeout.connect(self.update_chips)
        self.clock_timer.start()
        controller.repairs_changed.connect(self.reload)
        self.reads = CoalescedRead(self.ctl.worker, self._on_list_read, self)
        controller.outbox_sent.connect(self.reload_later)
        controller.isolation_changed.connect(self.show_isolation)
        controller.isolation_busy.connect(lambda busy: busy and self.tabs.setCurrentIndex(2))
        controller.alarm_raised.connect(self.show_alarm)
        self.set_read_only(controller.read_only)
        self.reload()

    # -- construction ------------------------------------------------------------------------
    def _build_timeline(self) -> None:
        page = QWidget(self)
        box = QVBoxLayout(page)
        self.timeline = QTableWidget(len(MILESTONE_ATTRS), 5, page)
        self.timeline.setObjectName("repairTimeline")
        self.timeline.setHorizontalHeaderLabels(
            [self.tr("Milestone"), self.tr("Limit"), self.tr("Target"), self.tr("Due"), self.tr("Actual")])
        self.timeline.verticalHeader().hide()
        self.timeline.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.timeline.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        box.addWidget(self.timeline)
        row = QHBoxLayout()
        # Labelled and disabled until a repair is selected (then it names the next milestone).
        self.next_button = QPushButton(self.tr("Record the next milestone"), page)
        self.next_button.setEnabled(False)
        self.next_button.setObjectName("nextMilestoneButton")
        self.next_button.clicked.connect(self._on_next_milestone)
        row.addWidget(self.next_button)
        row.addStretch(1)
        row.addWidget(QLabel(self.tr("Level:"), page))
        self.level_combo = QComboBox(page)
        for level in REPAIR_LEVELS:
            self.level_combo.addItem(level, level)
        row.addWidget(self.level_combo)
        self.level_button = QPushButton(self.tr("Change level…"), page)
        self.level_button.clicked.connect(self._on_change_level)
        row.addWidget(self.level_button)
        self.on_pipe_button = QPushButton(self.tr("Set on pipe…"), page)
        self.on_pipe_button.setObjectName("setOnPipeButton")
        self.on_pipe_button.setToolTip(self.tr("Put the repair on the identified pipe or on a pipe code"))
        self.on_pipe_button.clicked.connect(self._on_set_on_pipe)
        row.addWidget(self.on_pipe_button)
        box.addLayout(row)
        self.tabs.addTab(page, self.tr("Timeline"))

    def _build_dispatch(self) -> None:
        page = QWidget(self)
        box = QVBoxLayout(page)
        row = QHBoxLayout()
        self.find_button = QPushButton(self.tr("Nearest available vehicles"), page)
        self.find_button.clicked.connect(self.find_vehicles)
        row.addWidget(self.find_button)
        self.assign_button = QPushButton(self.tr("Assign selected"), page)
        self.assign_button.clicked.connect(self._on_assign)
        row.addWidget(self.assign_button)
        row.addStretch(1)
        box.addLayout(row)
        self.dispatch_table = QTableWidget(0, 5, page)
        self.dispatch_table.setObjectName("dispatchTable")
        self.dispatch_table.setHorizontalHeaderLabels(
            [self.tr("Vehicle"), self.tr("Status"), self.tr("Travel (min)"), self.tr("Distance (km)"),
             self.tr("ETA")])
        self.dispatch_table.verticalHeader().hide()
        self.dispatch_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.dispatch_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.dispatch_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.dispatch_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        box.addWidget(self.dispatch_table)
        self.eta_basis_label = QLabel(page)
        self.eta_basis_label.setObjectName("etaBasis")
        self.eta_basis_label.setWordWrap(True)
        box.addWidget(self.eta_basis_label)
        self.vehicle_label = QLabel(page)
        box.addWidget(self.vehicle_label)
        self.tabs.addTab(page, self.tr("Dispatch"))

    def _build_isolation(self) -> None:
        from ui.repairs.isolation_panel import IsolationPanel

        panel = IsolationPanel(self.ctl, self)
        self.iso_panel = panel
        panel.isolate_button.clicked.connect(self._on_isolate)
        panel.broken_button.clicked.connect(lambda: self._on_mark_valve("broken"))
        panel.inaccessible_button.clicked.connect(lambda: self._on_mark_valve("inaccessible"))
        self.isolate_button, self.warning, self.valve_table = panel.isolate_button, panel.warning, panel.valve_table
        self.broken_button, self.inaccessible_button = panel.broken_button, panel.inaccessible_button
        self.iso_summary, self.users_label = panel.summary, panel.users_label
        self.tabs.addTab(panel, self.tr("Isolation"))

    def _build_notifications(self) -> None:
        page = QWidget(self)
        box = QVBoxLayout(page)
        self.notes_table = QTableWidget(0, 5, page)
        self.notes_table.setObjectName("notificationsTable")
        self.notes_table.setHorizontalHeaderLabels(
            [self.tr("Recipient"), self.tr("Status"), self.tr("Queued"), self.tr("Sent"), self.tr("Subject")])
        self.notes_table.verticalHeader().hide()
        self.notes_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.notes_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.notes_table.horizontalHeader().setStretchLastSection(True)
        box.addWidget(self.notes_table)
        self.tabs.addTab(page, self.tr("Notifications"))

    def set_read_only(self, read_only: bool) -> None:
        """A viewer's desk sees everything and changes nothing."""
        for w in (self.new_button, self.report_here_button, self.next_button, self.level_button, self.level_combo,
                  self.on_pipe_button,
                  self.assign_button, self.broken_button, self.inaccessible_button):
            w.setEnabled(not read_only)
        self.read_only = read_only

    # -- list ---------------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the open repairs and the rules again (on this thread: this desk's own edit); keep the selection."""
        closed = self.closed_today_box.isChecked()
        rules, repairs = self.ctl.read_list(closed)
        self._show_list(closed, rules, repairs)

    def reload_later(self) -> None:
        """Another desk (or a drill) changed repairs: read the list on the desk's worker, show it on arrival.

        A burst of changes while a read runs costs one more read, not one each.
        """
        closed, shown = self.closed_today_box.isChecked(), self.current_id
        ctl = self.ctl

        def read():
            rules, repairs = ctl.read_list(closed)
            notes = ctl.notifications(shown) if shown is not None and any(r.id == shown for r in repairs) else None
            return closed, rules, repairs, shown, notes

        self.reads.request(read)

    def _on_list_read(self, data) -> None:
        if isinstance(data, Exception):  # a busy store: shown on the status line, the next change retries
            self.ctl.failed.emit(str(data))
        else:
            closed, rules, repairs, shown, notes = data
            if closed == self.closed_today_box.isChecked():  # not a list of the other filter
                self._show_list(closed, rules, repairs, notes if shown == self.current_id else None)
                self.list_reloaded.emit()

    def _show_list(self, closed: bool, rules: dict, repairs: list, notes: list[dict] | None = None) -> None:
        """Show a list read on any thread (``notes``: the shown repair's notifications, read with it)."""
        self.rules, self.repairs = rules, repairs
        current = self.current_id
        ids = [r.id for r in self.repairs]
        if current is not None and current not in ids:  # restored (or cancelled): it leaves the detail too
            current = self.current_id = None
            self.title.setText("")
            self.timeline.clearContents()
            self.next_button.setEnabled(False)
        if self.alarm_parts and not closed:  # a restored repair leaves the alarm line
            open_codes = {r.code for r in self.repairs}
            kept = [(c, n) for c, n in self.alarm_parts if c in open_codes]
            if kept != self.alarm_parts:
                self.alarm_parts = kept
                if kept:
                    self.alarm_label.setText(QCoreApplication.translate("RepairDesk", "ALARM: {0}").format("; ".join(
                        QCoreApplication.translate("RepairDesk", "{0} {1} limit overrun").format(c, limit_title(n))
                        for c, n in kept)))
                else:
                    self.alarm_label.hide()
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.repairs))
        for i, r in enumerate(self.repairs):
            for col in range(self.LIST_COLUMNS):
                if self.table.item(i, col) is None:
                    self.table.setItem(i, col, _item())
            place = r.address or r.description or (f"{r.lat:.5f}, {r.lon:.5f}" if r.lat else "")
            self.table.item(i, 0).setText(f"{r.code}\n{place}" if place else r.code)
            self.table.item(i, 0).setData(Qt.ItemDataRole.UserRole, r.id)
            self.table.item(i, 1).setText(r.level)
            colour_cell(self.table.item(i, 1), _level_colour(r.level))
            self.table.item(i, 1).setToolTip(r.level_reason or "")
            self.table.item(i, 2).setText(milestone_title(r.status))
            self.table.item(i, self.LIST_COLUMNS - 1).setText(r.address or r.description or
                                                              (f"{r.lat:.5f}, {r.lon:.5f}" if r.lat else ""))
        ids = [r.id for r in self.repairs]
        if current in ids:
            self.table.selectRow(ids.index(current))
        self.table.blockSignals(False)
        self.update_chips()
        if current is not None:
            self.show_repair(current, notes)

    def chip(self, repair_id: int, limit: str) -> str:
        """The colour state of one chip (for tests and the wall)."""
        row = [r.id for r in self.repairs].index(repair_id)
        return self.table.item(row, 3 + LIMITS.index(limit)).data(Qt.ItemDataRole.UserRole)

    def update_chips(self) -> None:
        """Countdowns and colours at the desk's clock (every second)."""
        now = self.ctl.now()
        for i, r in enumerate(self.repairs):
            overrun = False
            for k, state in enumerate(self.ctl.limit_states(r, now, self.rules)):
                item = self.table.item(i, 3 + k)
                kind = chip_state(state)
                overrun |= kind == "overrun"
                item.setData(Qt.ItemDataRole.UserRole, kind)
                colour_cell(item, CHIP_COLOURS[kind])
                item.setText(chip_text(kind, state.remaining_s, bool(state.started)))
                deadline = state.deadline.astimezone(self.zone).strftime("%H:%M") if state.deadline else "—"
                item.setToolTip(self.tr("{0}: target {1:.0f} min, due {2}").format(
                    limit_title(state.name), state.target_min or 0, deadline))
            colour_cell(self.table.item(i, 0), CHIP_COLOURS["overrun"] if overrun else None)
        if self.current_id is not None:
            self._update_timeline(now)

    def select_repair(self, repair_id: int) -> None:
        """Select a repair in the list (and show it)."""
        ids = [r.id for r in self.repairs]
        if repair_id in ids:
            self.table.selectRow(ids.index(repair_id))

    def _on_selection_change(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            repair_id = self.table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)
            self.show_repair(int(repair_id))
            self.repair_selected.emit(int(repair_id))

    def show_alarm(self, message: str) -> None:
        """The loud alarm line (stays until the next reload without alarms)."""
        self.alarm_parts += [p for p in getattr(self.ctl, "last_alarms", []) if p not in self.alarm_parts]
        self.alarm_label.setText(message)
        self.alarm_label.show()

    # -- detail --------------------------------------------------------------------------------
    def current(self):
        """The repair shown in detail."""
        return next((r for r in self.repairs if r.id == self.current_id), None)

    def show_repair(self, repair_id: int, notes: list[dict] | None = None) -> None:
        """Fill the detail view (``notes``: its notifications when already read)."""
        if repair_id != self.current_id:
            self.candidates = []
            self.dispatch_table.setRowCount(0)
        self.current_id = repair_id
        r = self.current() or self.ctl.repair(repair_id)
        if r is None:
            return
        raised = self.tr("Level raised: {0}").format(html.escape(r.level_reason or ""))
        reason = f"<br><b style='color:#b71c1c'>{raised}</b>" if r.level_reason else ""
        # Caller text is typed by people: escape it, the label is rich text.
        caller = html.escape(" ".join(x for x in (r.caller, r.phone) if x))
        place = html.escape(r.address or (f"{r.lat:.5f}, {r.lon:.5f}" if r.lat is not None else ""))
        if r.lat is None:  # phoned in without a site: say so until it is set on a pipe
            place += (" · " if place else "") + "<b style='color:#b71c1c'>" + self.tr("Location not set") + "</b>"
        self.title.setText(
            f"<b>{html.escape(r.code)}</b> — " + self.tr("level {0}").format(r.level)
            + f" · {category_title(r.category, self.ctl.lang)} · " + place
            + (f" · {caller}" if caller else "") + reason
            + (f"<br>{html.escape(r.description)}" if r.description else ""))
        self.level_combo.setCurrentIndex(REPAIR_LEVELS.index(r.level))
        vehicle = self.ctl.feed.vehicle_by_id(r.vehicle_id) if self.ctl.feed is not None and r.vehicle_id else None
        self.vehicle_label.setText(self.tr("Assigned: {0}").format(vehicle.code) if vehicle is not None
                                   else self.tr("No vehicle assigned."))
        self._update_timeline(self.ctl.now())
        self._show_notifications(repair_id, notes)

    def _update_timeline(self, now: dt.datetime) -> None:
        from services.repairs.records import next_milestone

        r = self.current()
        if r is None:
            return
        states = self.ctl.limit_states(r, now, self.rules)
        for i, attr in enumerate(MILESTONE_ATTRS):
            values = [milestone_title(attr), "", "", "", ""]
            if i > 0:
                s = states[i - 1]
                values[1] = limit_title(s.name)
                values[2] = target_text(s.target_min)
                values[3] = s.deadline.astimezone(self.zone).strftime("%m-%d %H:%M") if s.deadline else "—"
            when = getattr(r, attr)
            if when is not None:
                when = when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)
                values[4] = when.astimezone(self.zone).strftime("%m-%d %H:%M:%S")
            for col, text in enumerate(values):
                item = self.timeline.item(i, col)
                if item is None:
                    item = _item()
                    self.timeline.setItem(i, col, item)
                item.setText(text)
            if i > 0:
                kind = chip_state(states[i - 1])
                colour_cell(self.timeline.item(i, 1), CHIP_COLOURS[kind])
        name = next_milestone(r)
        self.next_button.setText(self.tr("Record now: {0}").format(milestone_title(name)) if name
                                 else self.tr("All milestones recorded"))
        self.next_button.setEnabled(name is not None and not self.read_only)

    def _show_notifications(self, repair_id: int, notes: list[dict] | None = None) -> None:
        if notes is None:
            notes = self.ctl.notifications(repair_id)
        self.notes_table.setRowCount(len(notes))
        for i, n in enumerate(notes):
            def fmt(t):
                if t is None:
                    return "—"
                t = t if t.tzinfo else t.replace(tzinfo=dt.timezone.utc)
                return t.astimezone(self.zone).strftime("%H:%M:%S")
            who = n["recipient"] + (f" <{n['address']}>" if n["address"] else "")
            status = label("outbox_status", n["status"]) + (f" ({label('channel', n['channel'])})"
                                                         if n["channel"] and n["channel"] != "pending" else "")
            for col, text in enumerate((who, status, fmt(n["created_at"]), fmt(n["sent_at"]), n["subject"])):
                self.notes_table.setItem(i, col, _item(text))
            if n["error"]:
                self.notes_table.item(i, 1).setToolTip(n["error"])
        self.tabs.setTabText(3, self.tr("Notifications ({0})").format(len(notes)))

    # -- actions ---------------------------------------------------------------------------------
    def _on_next_milestone(self) -> None:
        if self.current_id is not None:
            self.ctl.set_next_milestone(self.current_id)

    def _on_set_on_pipe(self) -> None:
        """Ask for the pipe (the identified one offered) and put the current repair on it."""
        if self.current_id is None:
            return
        code = self.ask_pipe(self.identified_pipe_code or "")
        if code:
            self.ctl.set_on_pipe(self.current_id, code)

    def _ask_pipe(self, suggested: str) -> str | None:
        text, ok = QInputDialog.getText(self, self.tr("Set on pipe"), self.tr("Pipe code:"), text=suggested)
        return text.strip() if ok and text.strip() else None

    def _on_change_level(self) -> None:
        if self.current_id is None:
            return
        level = self.level_combo.currentData()
        reason, ok = QInputDialog.getText(self, self.tr("Change level"),
                                          self.tr("Reason for level {0}:").format(level))
        if ok and reason.strip():
            self.ctl.change_level(self.current_id, level, reason.strip())

    def show_dispatch(self, repair_id: int) -> None:
        """Bring the dock up on ``repair_id``'s Dispatch tab with its nearest vehicles (the map's and tables' menus)."""
        self.show()
        self.raise_()
        self.select_repair(repair_id)
        self.find_vehicles()
        self.tabs.setCurrentIndex(1)

    def find_vehicles(self) -> None:
        """List the nearest available vehicles with their ETA (street travel time)."""
        if self.current_id is None:
            return
        self.candidates = self.ctl.candidates(self.current_id)
        self.dispatch_table.setRowCount(len(self.candidates))
        for i, c in enumerate(self.candidates):
            values = (c.code, vehicle_status_title(c.status), f"{c.travel_s / 60:.1f}",
                      "" if c.distance_m != c.distance_m else f"{c.distance_m / 1000:.2f}",
                      c.eta.astimezone(self.zone).strftime("%H:%M"))
            for col, text in enumerate(values):
                self.dispatch_table.setItem(i, col, _item(text))
        if self.candidates:
            self.dispatch_table.selectRow(0)
        basis = getattr(self.ctl, "eta_basis", "streets")
        self.eta_basis_label.setText(
            self.tr("Travel times along the streets.") if basis == "streets" else
            self.tr("Straight-line estimates: the store has no streets (File → Import… → Streets)."))
        self.eta_basis_label.setStyleSheet("" if basis == "streets" else "color: #b71c1c")

    def _on_assign(self) -> None:
        rows = self.dispatch_table.selectionModel().selectedRows()
        if self.current_id is None or not rows or rows[0].row() >= len(self.candidates):
            return
        if self.ctl.assign(self.current_id, self.candidates[rows[0].row()].vehicle_id):
            self.find_vehicles()

    def _on_isolate(self) -> None:
        if self.current_id is not None:
            self.ctl.isolate(self.current_id)

    def selected_valve(self) -> int | None:
        """The valve selected in the isolation list."""
        rows = self.valve_table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.valve_table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)

    def _on_mark_valve(self, status: str) -> None:
        vid = self.selected_valve()
        if vid is not None:
            self.ctl.mark_valve(int(vid), status)

    def show_isolation(self, result) -> None:
        """Bring the isolation page forward when an isolation is computed (the panel shows the answer)."""
        if result is not None:
            self.tabs.setCurrentIndex(2)

    def close_dock(self) -> None:
        """Stop the clock."""
        self.clock_timer.stop()


def _level_colour(level: str) -> str:
    from ui.repairs.map import LEVEL_COLOURS

    return LEVEL_COLOURS.get(level, "#ffffff")
