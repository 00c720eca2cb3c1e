"""The Customer service dock: accounts and meters, meters due, zero-volume users, readers, connections, tickets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox, QDockWidget, QFileDialog, QFormLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMenu,
    QPushButton, QSpinBox, QTableView, QTabWidget, QVBoxLayout, QWidget,
)

from ui.customers import labels
from ui.customers.frame_model import FrameModel, format_cell
from ui.customers.loader import Background, CustomerLists, load_lists
from ui.customers.ticket_form import NewTicketForm
from ui.common.desk import DeskContext
from ui.common.widgets import day_edit
from services.customers.phrases import CustomerText, phrase


def _phrase_refusal(exc: BaseException) -> str | None:
    """A customer service's reason in the running language (None for other errors)."""
    return CustomerText().error(exc)


def _view(parent: QWidget, model: FrameModel) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.setWordWrap(False)
    view.horizontalHeader().setDefaultSectionSize(110)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class CustomersDock(QDockWidget):
    """Customer service at the desk; the lists are computed off the GUI thread."""

    #: Tables the dock's edits write.
    WRITES = ("zero_volume_cases", "route_assignments", "service_tickets", "customer_accounts")
    #: New lists arrived (after a refresh); the map layers follow.
    lists_changed = Signal(object)

    def __init__(self, desk: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Customer service"), parent)
        self.setObjectName("customersDock")
        self.desk = desk
        if _phrase_refusal not in DeskContext.phrasers:  # the services' reasons, translated
            DeskContext.phrasers.append(_phrase_refusal)
        self.lists: CustomerLists | None = None
        self.background = Background(self)
        self.background.done.connect(self._on_done)
        self.background.failed.connect(self._on_failed)
        self._busy = False
        self._again = False
        body = QWidget(self)
        layout = QVBoxLayout(body)
        top = QHBoxLayout()
        self.summary = QLabel(body)
        self.summary.setWordWrap(True)
        top.addWidget(self.summary, 1)
        self.refresh_button = QPushButton(self.tr("&Refresh"), body)
        self.refresh_button.setToolTip(self.tr("Compute the lists again from the store"))
        top.addWidget(self.refresh_button)
        layout.addLayout(top)
        self.tabs = QTabWidget(body)
        layout.addWidget(self.tabs, 1)
        self.message = QLabel(body)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.setWidget(body)

        self.tabs.addTab(self._build_accounts(), self.tr("Accounts and meters"))
        self.tabs.addTab(self._build_due(), self.tr("Meters due"))
        self.tabs.addTab(self._build_zero(), self.tr("Zero-volume users"))
        self.tabs.addTab(self._build_readers(), self.tr("Readers and routes"))
        self.tabs.addTab(self._build_connections(), self.tr("Connections"))
        self.tabs.addTab(self._build_tickets(), self.tr("Tickets"))
        self.refresh_button.clicked.connect(self.refresh)
        desk.changed.connect(self.refresh)
        self.read_only_reason = desk.refusal(list(self.WRITES))
        for button in (self.import_button, self.save_case, self.accept_rotation_button, self.escalate_button,
                       self.respond_button):
            button.setEnabled(self.read_only_reason is None)
            if self.read_only_reason:
                button.setToolTip(self.read_only_reason)
        self.summary.setText(self.tr("Computing the lists…"))
        self.refresh()

    # -- tabs -------------------------------------------------------------------------------
    def _export_button(self, parent: QWidget, model: FrameModel, name: str) -> QPushButton:
        button = QPushButton(self.tr("Export to &XLSX…"), parent)
        button.setToolTip(self.tr("Save this list as a spreadsheet"))
        button.clicked.connect(lambda: self.export(model, name))
        return button

    def _build_accounts(self) -> QWidget:
        tab = QWidget(self)
        layout = QVBoxLayout(tab)
        row = QHBoxLayout()
        self.search = QLineEdit(tab)
        self.search.setPlaceholderText(self.tr("Search account number, name or address"))
        row.addWidget(self.search, 1)
        self.import_button = QPushButton(self.tr("&Import…"), tab)
        self.import_button.setToolTip(self.tr("Import a CSV (UTF-8 or GBK) or XLSX file"))
        menu = QMenu(self.import_button)
        for kind, text in (("accounts", self.tr("Accounts and meters…")), ("reads", self.tr("Meter reads…")),
                           ("routes", self.tr("Reading routes and readers…")),
                           ("connections", self.tr("New connections…")), ("tickets", self.tr("Service requests…"))):
            menu.addAction(text, lambda k=kind: self.import_dialog(k))
        self.import_button.setMenu(menu)
        row.addWidget(self.import_button)
        layout.addLayout(row)
        self.accounts_model = FrameModel([
            ("account", self.tr("Account"), None), ("name", self.tr("Name"), None),
            ("address", self.tr("Address"), None), ("category", self.tr("Category"), labels.category),
            ("meter", self.tr("Meter"), None), ("diameter_mm", self.tr("DN"), None)], parent=self)
        self.accounts_view = _view(tab, self.accounts_model)
        layout.addWidget(self.accounts_view, 1)
        self.accounts_note = QLabel(tab)
        layout.addWidget(self.accounts_note)
        layout.addWidget(self._export_button(tab, self.accounts_model, "accounts"))
        self.search.textChanged.connect(self._show_accounts)
        return tab

    def _build_due(self) -> QWidget:
        tab = QWidget(self)
        layout = QVBoxLayout(tab)
        row = QHBoxLayout()
        label = QLabel(self.tr("&Months ahead:"), tab)
        self.months = QSpinBox(tab)
        self.months.setRange(0, 60)
        self.months.setToolTip(self.tr("0: due or overdue today"))
        label.setBuddy(self.months)
        row.addWidget(label)
        row.addWidget(self.months)
        self.due_by_month = QLabel(tab)
        self.due_by_month.setWordWrap(True)
        row.addWidget(self.due_by_month, 1)
        layout.addLayout(row)
        self.due_model = FrameModel([
            ("account", self.tr("Account"), None), ("name", self.tr("Name"), None),
            ("meter", self.tr("Meter"), None), ("diameter_mm", self.tr("DN"), None),
            ("action", self.tr("Action"), labels.action), ("due_on", self.tr("Due"), None),
            ("overdue", self.tr("Overdue"), labels.yes), ("address", self.tr("Address"), None)],
            alarm="overdue", parent=self)
        layout.addWidget(_view(tab, self.due_model), 1)
        layout.addWidget(self._export_button(tab, self.due_model, "meters_due"))
        self.months.valueChanged.connect(self.refresh)
        return tab

    def _build_zero(self) -> QWidget:
        tab = QWidget(self)
        layout = QVBoxLayout(tab)
        self.zero_note = QLabel(tab)
        self.zero_note.setWordWrap(True)
        layout.addWidget(self.zero_note)
        self.zero_model = FrameModel([
            ("account", self.tr("Account"), None), ("name", self.tr("Name"), None),
            ("kind", self.tr("Finding"), labels.zero_kind), ("cause", self.tr("Cause"), labels.cause),
            ("plan", self.tr("Plan"), None), ("owner", self.tr("Owner"), None),
            ("deadline", self.tr("Deadline"), None), ("status", self.tr("Status"), labels.status),
            ("address", self.tr("Address"), None)], parent=self)
        self.zero_view = _view(tab, self.zero_model)
        layout.addWidget(self.zero_view, 1)
        form = QFormLayout()
        self.cause = QComboBox(tab)
        for code in labels.CAUSES:
            self.cause.addItem(labels.cause(code), code)
        self.plan = QLineEdit(tab)
        self.owner = QLineEdit(tab)
        self.deadline = day_edit(tab, self.desk.today())
        form.addRow(self.tr("&Cause:"), self.cause)
        form.addRow(self.tr("&Plan:"), self.plan)
        form.addRow(self.tr("O&wner:"), self.owner)
        form.addRow(self.tr("&Deadline:"), self.deadline)
        layout.addLayout(form)
        row = QHBoxLayout()
        self.save_case = QPushButton(self.tr("&Save follow-up"), tab)
        self.save_case.setToolTip(self.tr("Set the cause and follow-up of the selected user"))
        row.addWidget(self.save_case)
        row.addWidget(self._export_button(tab, self.zero_model, "zero_volume"))
        layout.addLayout(row)
        self.save_case.clicked.connect(self.save_follow_up)
        return tab

    def _build_readers(self) -> QWidget:
        tab = QWidget(self)
        layout = QVBoxLayout(tab)
        self.readers_note = QLabel(tab)
        self.readers_note.setWordWrap(True)
        layout.addWidget(self.readers_note)
        self.readers_model = FrameModel([
            ("route", self.tr("Route"), None), ("reader", self.tr("Reader"), None), ("since", self.tr("Since"), None),
            ("months", self.tr("Months"), None), ("past_tenure", self.tr("Past tenure"), labels.yes),
            ("also_collects", self.tr("Also collects"), labels.yes)], alarm="past_tenure", parent=self)
        layout.addWidget(_view(tab, self.readers_model), 1)
        layout.addWidget(QLabel(self.tr("<b>Proposed rotation</b>"), tab))
        self.proposal_model = FrameModel([
            ("route", self.tr("Route"), None), ("from", self.tr("Reader now"), None),
            ("to", self.tr("Proposed reader"), lambda v: format_cell(v) or self.tr("no reader allowed"))],
            parent=self)
        layout.addWidget(_view(tab, self.proposal_model), 1)
        row = QHBoxLayout()
        self.accept_rotation_button = QPushButton(self.tr("&Accept rotation"), tab)
        self.accept_rotation_button.setToolTip(self.tr("Start the proposed readers on their routes today"))
        row.addWidget(self.accept_rotation_button)
        row.addWidget(self._export_button(tab, self.readers_model, "readers"))
        layout.addLayout(row)
        self.accept_rotation_button.clicked.connect(self.accept_rotation)
        return tab

    def _build_connections(self) -> QWidget:
        tab = QWidget(self)
        layout = QVBoxLayout(tab)
        steps = lambda v: ", ".join(labels.step(s) for s in v) if isinstance(v, list) else ""  # noqa: E731
        self.connections_model = FrameModel([
            ("application", self.tr("Application"), None), ("applicant", self.tr("Applicant"), None),
            ("current_step", self.tr("Current step"), labels.step), ("days_in_step", self.tr("Days"), None),
            ("overdue_steps", self.tr("Overdue steps"), steps), ("survey_design", self.tr("Design"), None),
            ("construction", self.tr("Construction"), None), ("acceptance", self.tr("Acceptance"), None)],
            alarm="overdue_steps", parent=self)
        layout.addWidget(_view(tab, self.connections_model), 1)
        layout.addWidget(self._export_button(tab, self.connections_model, "connections"))
        return tab

    def _build_tickets(self) -> QWidget:
        tab = QWidget(self)
        layout = QVBoxLayout(tab)
        self.tickets_model = FrameModel([
            ("ticket", self.tr("Ticket"), None), ("kind", self.tr("Kind"), labels.ticket_kind),
            ("account", self.tr("Account"), None), ("status", self.tr("Status"), labels.status),
            ("opened_at", self.tr("Opened"), self._local), ("respond_by", self.tr("Respond by"), self._local),
            ("owner", self.tr("Owner"), None), ("repair", self.tr("Repair"), None)], alarm="overdue", parent=self)
        self.tickets_view = _view(tab, self.tickets_model)
        layout.addWidget(self.tickets_view, 1)
        row = QHBoxLayout()
        self.respond_button = QPushButton(self.tr("Mark &answered"), tab)
        self.escalate_button = QPushButton(self.tr("&Emergency repair"), tab)
        self.escalate_button.setToolTip(self.tr("Open an emergency repair with its five time limits for the "
                                                "selected repair ticket"))
        row.addWidget(self.respond_button)
        row.addWidget(self.escalate_button)
        row.addWidget(self._export_button(tab, self.tickets_model, "tickets"))
        layout.addLayout(row)
        self.respond_button.clicked.connect(self.respond_selected)
        self.escalate_button.clicked.connect(self.escalate_selected)
        self.new_ticket = NewTicketForm(self.desk, tab)
        self.new_ticket.setEnabled(self.desk.refusal(["service_tickets"]) is None)
        layout.addWidget(self.new_ticket)
        return tab

    def _local(self, value: object) -> str:
        if isinstance(value, dt.datetime):
            return value.astimezone(self.desk.tz).strftime("%Y-%m-%d %H:%M")
        return format_cell(value)

    # -- data ------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Compute the lists again off the GUI thread (one run at a time; a request meanwhile runs after)."""
        if self._busy:
            self._again = True
            return
        self._busy = True
        store, day, now, months = self.desk.store, self.desk.today(), self.desk.now(), self.months.value()
        self.background.start(lambda: ("lists", load_lists(store, day, now, months)))

    def _on_done(self, result: tuple) -> None:
        kind, value = result
        if kind == "import":
            self._show_import(value)
            self.desk.changed.emit()
            return
        self._busy = False
        if self._again:
            self._again = False
            self.refresh()
        self.show_lists(value)

    def _on_failed(self, message: str) -> None:
        self._busy = False
        self.message.setText(self.tr("Not done: {0}").format(message))

    def show_lists(self, lists: CustomerLists) -> None:
        """Fill every tab from ``lists``."""
        self.lists = lists
        c = lists.counts
        self.summary.setText(self.tr(
            "{0} accounts · meters overdue {1}, due {2} · zero-volume users {3} · readers past tenure {4} · "
            "tickets open {5}, late {6}").format(c["accounts"], c["meters_overdue"], c["meters_due"],
                                                 c["zero_volume"], c["readers_past_tenure"], c["tickets_open"],
                                                 c["tickets_overdue"]))
        self._show_accounts()
        self.due_model.set_frame(lists.due)
        parts = []
        for m in lists.due_months.itertuples(index=False):
            parts.append(self.tr("{0}: {1}").format(self.tr("overdue") if m.month == "overdue" else m.month, m.total))
        self.due_by_month.setText(" · ".join(parts) or self.tr("No meter due"))
        zero = lists.zero
        self.zero_model.set_frame(zero.rows)
        if zero.missing:
            self.zero_note.setText(self.tr("Not enough reads: the store holds {0} reading period(s), the rule needs "
                                           "{1}; only accounts never read since connection are listed").format(
                                               len(zero.periods), zero.needed))
        else:
            self.zero_note.setText(self.tr("No consumption in the latest {0} periods ({1}): {2} users").format(
                zero.needed, ", ".join(zero.periods), len(zero.rows)))
        rot = lists.rotation
        self.readers_model.set_frame(rot.current)
        self.readers_note.setText(self.tr("Tenure limit {0} months. Past it: {1}. Read and collected by one "
                                          "person: {2}").format(rot.tenure_months, ", ".join(rot.past_tenure)
                                                                or self.tr("none"), ", ".join(rot.self_collected)
                                                                or self.tr("none")))
        current = dict(zip(rot.current["route"], rot.current["reader"], strict=True)) if len(rot.current) else {}
        self.proposal_model.set_frame(pd.DataFrame(
            [{"route": r, "from": current.get(r), "to": p} for r, p in rot.proposal.items()],
            columns=["route", "from", "to"]))
        self.connections_model.set_frame(lists.connections)
        self.tickets_model.set_frame(lists.tickets)
        self.lists_changed.emit(lists)

    def _show_accounts(self) -> None:
        if self.lists is None:
            return
        frame = self.lists.accounts
        text = self.search.text().strip()
        if text:
            hit = (frame["account"].str.contains(text, case=False, regex=False)
                   | frame["name"].fillna("").str.contains(text, case=False, regex=False)
                   | frame["address"].fillna("").str.contains(text, case=False, regex=False))
            frame = frame[hit]
        self.accounts_model.set_frame(frame)
        self.accounts_note.setText(self.tr("{0} of {1} accounts").format(len(frame), len(self.lists.accounts)))

    # -- actions ---------------------------------------------------------------------------
    def _selected(self, view: QTableView, model: FrameModel) -> dict | None:
        rows = view.selectionModel().selectedRows()
        return model.row(rows[0].row()) if rows else None

    def save_follow_up(self) -> None:
        """Save the cause and follow-up of the selected zero-volume user (undoable)."""
        from services.customers.zero_volume import set_follow_up

        row = self._selected(self.zero_view, self.zero_model)
        if row is None:
            self.message.setText(self.tr("Select a user first"))
            return
        account = row["account"]
        before = {k: row.get(k) for k in ("cause", "plan", "owner", "status")}
        deadline = self.deadline.date().toPython()
        values = {"cause": self.cause.currentData(), "plan": self.plan.text(), "owner": self.owner.text(),
                  "deadline": deadline}
        user = self.desk.user
        self.desk.apply(self.tr("Follow-up of {0}").format(account),
                        lambda s: set_follow_up(s, account, user=user, **values) and None,
                        lambda s, _r: set_follow_up(s, account, user=user,
                                                    **{k: v for k, v in before.items() if v is not None}))
        self.message.setText(self.tr("Follow-up of {0} saved").format(account))

    def accept_rotation(self) -> None:
        """Put the proposed rotation into effect today."""
        from services.customers.readers import accept_rotation

        if self.lists is None or not self.lists.rotation.proposal:
            self.message.setText(self.tr("No rotation to accept"))
            return
        proposal, day, user = dict(self.lists.rotation.proposal), self.desk.today(), self.desk.user
        ok, result = self.desk.run(lambda s: accept_rotation(s, proposal, day, user=user))
        if ok:
            self.message.setText(self.tr("Rotation accepted: {0} route(s)").format(result))
            self.desk.changed.emit()
        else:
            self.message.setText(self.tr("Not done: {0}").format(result))

    def _ticket(self) -> dict | None:
        row = self._selected(self.tickets_view, self.tickets_model)
        if row is None:
            self.message.setText(self.tr("Select a ticket first"))
        return row

    def respond_selected(self) -> None:
        """Mark the selected ticket answered now."""
        from services.customers.tickets import respond

        row = self._ticket()
        if row is None:
            return
        code, now, user = row["ticket"], self.desk.now(), self.desk.user
        ok, result = self.desk.run(lambda s: respond(s, code, now=now, user=user) and None)
        if ok:
            self.message.setText(self.tr("{0} answered").format(code))
            self.desk.changed.emit()
        else:
            self.message.setText(self.tr("Not done: {0}").format(result))

    def escalate_selected(self) -> None:
        """Turn the selected repair ticket into an emergency repair."""
        from services.customers.tickets import escalate_to_repair

        row = self._ticket()
        if row is None:
            return
        if row["kind"] != "repair":
            self.message.setText(self.tr("Only a repair ticket becomes an emergency repair"))
            return
        code, now, user = row["ticket"], self.desk.now(), self.desk.user
        lang = getattr(self.window(), "lang", "zh_CN")
        ok, result = self.desk.run(lambda s: escalate_to_repair(s, code, now=now, user=user, lang=lang).repair.code)
        if ok:
            self.message.setText(self.tr("{0} is now emergency repair {1}").format(code, result))
            self.desk.changed.emit()
        else:
            self.message.setText(self.tr("Not done: {0}").format(result))

    def import_dialog(self, kind: str, path: str | None = None) -> None:
        """Choose a file and import it off the GUI thread."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Import"), "",
                                                  self.tr("Tables (*.csv *.txt *.xlsx)"))
            if not path:
                return
        from models.changes import recording_changes
        from services.customers.importing import import_customers

        store = self.desk.store
        self.message.setText(self.tr("Importing {0}…").format(Path(path).name))

        def work():
            try:
                with store.engine.begin() as conn, recording_changes(conn):
                    return "import", import_customers(conn, kind, path)
            except ValueError as exc:
                return "import", phrase(exc)
        self.background.start(work)

    def _show_import(self, result) -> None:
        if isinstance(result, str):
            self.message.setText(self.tr("Nothing imported: {0}").format(result))
            return
        text = self.tr("Imported {0}: {1} rows, {2} new, {3} updated").format(
            Path(result.path).name, result.rows, result.inserted, result.updated)
        for note in result.notes:
            text += "\n" + self.tr("Note: {0}").format(phrase(note))
        if result.unmatched:
            text += "\n" + self.tr("{0} account(s) not located: {1}").format(
                len(result.unmatched), ", ".join(result.unmatched[:10]))
        if result.refused:
            text += "\n" + self.tr("Acceptance refused (designed or built by the same person): {0}").format(
                "; ".join(phrase(r) for r in result.refused.values()))
        self.message.setText(text)

    def export(self, model: FrameModel, name: str, path: str | None = None) -> Path | None:
        """Write a list as XLSX, with the headers and words shown on screen."""
        from services.customers.export import write_xlsx

        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export to XLSX"), f"{name}.xlsx",
                                                  self.tr("Spreadsheets (*.xlsx)"))
            if not path:
                return None
        frame = model.frame
        shown = pd.DataFrame({header: frame[col].map(fmt or format_cell) if col in frame else ""
                              for col, header, fmt in model.columns})
        try:
            out = write_xlsx(shown, path, sheet=self.tabs.tabText(self.tabs.currentIndex()).replace("&", ""))
        except OSError as exc:
            self.message.setText(self.tr("Cannot write {0}: {1}").format(path, exc))
            return None
        self.message.setText(self.tr("{0} rows written to {1}").format(len(shown), path))
        return out
