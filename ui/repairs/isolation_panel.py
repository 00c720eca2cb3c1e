"""The Repairs dock's isolation page: what to close, in which order, what goes dry and why, the options.

Shows an :class:`~services.isolation.answer.IsolationAnswer` from
:class:`ui.repairs.desk.RepairDesk`: the red warning when a guarded place goes
dry (isolated or cut off from every source), the summary (isolated, cut off,
total dry length, hydrants, customers), the valves in the order to close them
(DN, distance from the source, the crew's route), the affected users and
places with their reason, the ranked options with their cost for the duty
leader to choose (with why), the pressure step (run off the GUI thread with a
busy bar) and the printable isolation order. It only asks the controller.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QProgressBar, QPushButton, QScrollArea,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from ui.common.vocabulary import valve_status_title
from ui.common.widgets import read_only_table

GUARDED = ("venue", "residence", "key_unit")


def _item(text: str = "", data=None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    return item


def _fit(table, max_rows: int = 8) -> None:
    """Make a table as tall as its rows (at most ``max_rows``), so the page scrolls, not each table."""
    rows = min(max(table.rowCount(), 1), max_rows)
    height = table.horizontalHeader().height() + 4
    height += sum(table.rowHeight(i) for i in range(min(table.rowCount(), rows))) or table.verticalHeader().defaultSectionSize()
    table.setFixedHeight(height + (table.horizontalScrollBar().sizeHint().height() if table.rowCount() else 0))


def _m(value) -> str:
    return "-" if value is None else f"{value:,.0f}"


class IsolationPanel(QWidget):
    """The isolation page; ``ctl`` is the :class:`ui.repairs.desk.RepairDesk`."""

    def __init__(self, ctl, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctl = ctl
        self.lang = getattr(ctl, "lang", "en")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.isolate_button = QPushButton(self.tr("Compute valve isolation"), self)
        self.isolate_button.setObjectName("isolateButton")
        row.addWidget(self.isolate_button)
        self.broken_button = QPushButton(self.tr("Valve broken"), self)
        row.addWidget(self.broken_button)
        self.inaccessible_button = QPushButton(self.tr("Valve inaccessible"), self)
        row.addWidget(self.inaccessible_button)
        self.control_box = QCheckBox(self.tr("Allow control valves"), self)
        self.control_box.setToolTip(self.tr("Pressure reducing, sustaining, flow and throttle valves are not "
                                            "shut-off valves: close them only when you allow it"))
        self.control_box.toggled.connect(self._on_control)
        row.addWidget(self.control_box)
        self.clear_button = QPushButton(self.tr("Clear"), self)
        self.clear_button.clicked.connect(ctl.clear_isolation)
        row.addWidget(self.clear_button)
        row.addStretch(1)
        outer.addLayout(row)
        # While the isolation worker computes (a city's network is read the first time: seconds), the page says so
        # and the rest of the desk stays live.
        busy = QHBoxLayout()
        self.busy_label = QLabel(self.tr("Computing the valve isolation…"), self)
        self.busy_label.setObjectName("isolationBusy")
        busy.addWidget(self.busy_label)
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setRange(0, 0)  # no progress to tell: reading the network, then the search
        self.busy_bar.setMaximumHeight(12)
        busy.addWidget(self.busy_bar, 1)
        outer.addLayout(busy)
        self.busy_label.hide()
        self.busy_bar.hide()
        self.warning = QLabel(self)
        self.warning.setObjectName("isolationWarning")
        self.warning.setWordWrap(True)
        font = QFont(self.warning.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.warning.setFont(font)
        self.warning.setStyleSheet("background:#d50000;color:white;padding:8px;border:3px solid #7f0000;")
        self.warning.hide()
        outer.addWidget(self.warning)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        body = QWidget(scroll)
        box = QVBoxLayout(body)
        self.summary = QLabel(body)
        self.summary.setObjectName("isolationSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        box.addWidget(self.summary)
        self.order_title = QLabel(body)
        box.addWidget(self.order_title)
        self.valve_table = read_only_table(body, [self.tr("Valve to close"), self.tr("Step"), self.tr("DN"),
                                                  self.tr("From source (m)"), self.tr("Route (m)"), self.tr("Status")],
                                           QHeaderView.ResizeMode.ResizeToContents)
        self.valve_table.setObjectName("valveTable")
        box.addWidget(self.valve_table)
        box.addWidget(QLabel(self.tr("Out of water"), body))
        self.affected_table = read_only_table(body, [self.tr("Name"), self.tr("Kind"), self.tr("Why")],
                                              QHeaderView.ResizeMode.ResizeToContents)
        self.affected_table.setObjectName("affectedTable")
        box.addWidget(self.affected_table)
        self.users_label = QLabel(body)
        self.users_label.setWordWrap(True)
        box.addWidget(self.users_label)
        self.options_title = QLabel(self.tr("Options"), body)
        box.addWidget(self.options_title)
        self.options_table = read_only_table(body, [self.tr("Option"), self.tr("Close"), self.tr("Leave open"),
                                                    self.tr("Dry (m)"), self.tr("Customers"),
                                                    self.tr("Guarded places dry")],
                                             QHeaderView.ResizeMode.ResizeToContents)
        self.options_table.setObjectName("optionsTable")
        box.addWidget(self.options_table)
        choose = QHBoxLayout()
        self.reason_edit = QLineEdit(body)
        self.reason_edit.setPlaceholderText(self.tr("Why this option (required when a guarded place goes dry)"))
        choose.addWidget(self.reason_edit, 1)
        self.choose_button = QPushButton(self.tr("Choose option and notify"), body)
        self.choose_button.clicked.connect(self._on_choose)
        choose.addWidget(self.choose_button)
        box.addLayout(choose)
        self.options_note = QLabel(body)
        self.options_note.setWordWrap(True)
        box.addWidget(self.options_note)
        press = QHBoxLayout()
        self.pressure_button = QPushButton(self.tr("Pressure step"), body)
        self.pressure_button.clicked.connect(self._on_pressure)
        press.addWidget(self.pressure_button)
        self.pressure_bar = QProgressBar(body)
        self.pressure_bar.setRange(0, 0)  # busy: the solver gives no progress
        self.pressure_bar.hide()
        press.addWidget(self.pressure_bar, 1)
        self.print_button = QPushButton(self.tr("Print isolation order…"), body)
        self.print_button.clicked.connect(self._on_print)
        press.addWidget(self.print_button)
        box.addLayout(press)
        self.pressure_label = QLabel(body)
        self.pressure_label.setWordWrap(True)
        box.addWidget(self.pressure_label)
        box.addStretch(1)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        ctl.answer_changed.connect(self.show_answer)
        ctl.isolation_busy.connect(self.show_busy)
        ctl.pressure_done.connect(self.show_pressure)
        ctl.option_chosen.connect(self._on_chosen)
        self.answer = None
        self.show_answer(None)

    # -- words ------------------------------------------------------------------------------------
    def reason(self, reason: str) -> str:
        """isolated / cut off, in the UI language."""
        return self.tr("isolated") if reason == "isolated" else self.tr("cut off from every source")

    def kind(self, kind: str) -> str:
        """A place kind or user category in the UI language."""
        return {"venue": self.tr("venue"), "residence": self.tr("residence"), "key_unit": self.tr("key unit"),
                "hospital": self.tr("hospital"), "government": self.tr("government"), "school": self.tr("school"),
                "other": self.tr("other")}.get(kind, kind)

    def name(self, d: dict) -> str:
        """A name in the UI language (the Chinese name where stored)."""
        return d["name_zh"] if self.lang.startswith("zh") and d.get("name_zh") else d["name"]

    def missing(self, r) -> str:
        """Why there is no answer."""
        if r.status == "no_topology":
            return self.tr("Cannot isolate pipe {0}: the pipes have no from/to nodes (no network topology). "
                           "Import the network with its nodes.").format(r.pipe)
        if r.status == "no_valves" and r.control_valves_passed:
            return self.tr("Cannot isolate pipe {0}: only control valves are stored ({1}). Import the valves, "
                           "or allow control valves.").format(r.pipe, ", ".join(r.control_valves_passed[:10]))
        if r.status == "no_valves":
            return self.tr("Cannot isolate pipe {0}: no closable valves are stored. Import the valves.").format(r.pipe)
        return self.tr("Cannot tell what goes dry for pipe {0}: the network has no water source (works, reservoir, "
                       "tank or bulk supply point). Import the sources.").format(r.pipe)

    # -- showing ----------------------------------------------------------------------------------
    def show_busy(self, busy: bool) -> None:
        """Show that an isolation is being computed (its buttons wait for it), or that it is done."""
        self.busy_label.setVisible(busy)
        self.busy_bar.setVisible(busy)
        for w in (self.isolate_button, self.broken_button, self.inaccessible_button):
            w.setEnabled(not busy)

    def show_answer(self, ans) -> None:
        """Show an answer (None clears the page)."""
        self.answer = ans
        for t in (self.valve_table, self.affected_table, self.options_table):
            t.setRowCount(0)
            _fit(t)
        self.pressure_label.setText("")
        self.options_note.setText("")
        has = ans is not None and ans.result.answered
        for w in (self.choose_button, self.reason_edit, self.pressure_button, self.print_button):
            w.setEnabled(has and not (w in (self.choose_button, self.reason_edit) and self.ctl.read_only))
        self.options_title.setVisible(bool(has and ans.options))
        self.options_table.setVisible(bool(has and ans.options))
        if ans is None:
            self.warning.hide()
            self.summary.setText("")
            self.order_title.setText("")
            self.users_label.setText("")
            return
        r = ans.result
        if not r.answered:
            self.warning.setText("⚠ " + self.missing(r))
            self.warning.show()
            self.summary.setText("")
            self.order_title.setText("")
            return
        lines = []
        if r.sources_to_shut:
            lines.append(self.tr("No valve bounds the break: it takes shutting source(s) {0}.").format(
                ", ".join(s["code"] for s in r.sources_to_shut)))
        lines.append(self.tr("Pipe {0}: close {1} valve(s).").format(
            r.pipe, len([v for v in r.valves if not v["already_closed"]])))
        lines.append(self.tr("Isolated: {0} pipe(s), {1:,.0f} m. Cut off from every source: {2} pipe(s), {3:,.0f} m.")
                     .format(len(r.isolated_pipes), r.isolated_length_m, len(r.cut_off_pipes), r.cut_off_length_m))
        lines.append(self.tr("Out of water in total: {0:,.0f} m. Hydrants: {1}. Customers: {2}.").format(
            r.dry_length_m, len(r.hydrants), len(r.customers) if r.customers_stored else self.tr("none stored")))
        if r.passed_valves:
            lines.append(self.tr("Skipped (broken / inaccessible): {0}.").format(", ".join(r.passed_valves)))
        if r.control_valves_used:
            lines.append(self.tr("Control valves closed (allowed): {0}.").format(", ".join(r.control_valves_used)))
        elif r.control_valves_passed:
            lines.append(self.tr("Control valves not used as shut-off valves: {0}.").format(
                ", ".join(r.control_valves_passed)))
        self.summary.setText("\n".join(lines))
        self.order_title.setText(self.tr("Valves in the order to close them ({0})").format(
            self.tr("from the supply side inward") if ans.rules.order == "supply_side_first"
            else self.tr("from the break outward")))
        order = {v["code"]: v for v in ans.order}
        streets = getattr(ans, "route_basis", "pipe_network") == "streets"
        self.valve_table.horizontalHeaderItem(4).setText(
            self.tr("Route along streets (m)") if streets else self.tr("Route along pipes (m)"))
        valves = sorted(r.valves, key=lambda v: (order[v["code"]]["step"] if v["code"] in order else 10**6, v["code"]))
        self.valve_table.setRowCount(len(valves))
        for i, v in enumerate(valves):
            o = order.get(v["code"], {})
            self.valve_table.setItem(i, 0, _item(v["code"], v["id"]))
            self.valve_table.setItem(i, 1, _item(str(o["step"]) if o else ""))
            self.valve_table.setItem(i, 2, _item(f"{v['diameter_mm']:.0f}" if v.get("diameter_mm") else "-"))
            self.valve_table.setItem(i, 3, _item(_m(o.get("from_source_m"))))
            self.valve_table.setItem(i, 4, _item(_m(o.get("route_m"))))
            note = self.tr("already closed") if v["already_closed"] else (
                self.tr("control valve") if v["control"] else valve_status_title(v["status"]))
            self.valve_table.setItem(i, 5, _item(note))
        rows = [(self.name(p), self.kind(p["kind"]), self.reason(p["reason"])) for p in r.guarded_places_affected]
        via = {p.get("via", "")[5:] for p in r.guarded_places_affected}
        rows += [(self.name(u), self.kind(u["category"]), self.reason(u["reason"])) for u in r.affected_users
                 if u["code"] not in via]
        self.affected_table.setRowCount(len(rows))
        for i, cells in enumerate(rows):
            for j, text in enumerate(cells):
                self.affected_table.setItem(i, j, _item(text))
        self.users_label.setText("" if rows else self.tr("No important user affected."))
        _fit(self.valve_table)
        _fit(self.affected_table, 10)
        guarded = [p for p in r.guarded_places_affected if p["kind"] in GUARDED or p["kind"] in ("venue", "residence")]
        if guarded:
            names = self.tr("; ").join(self.tr("{0} ({1}, {2})").format(self.name(p), self.kind(p["kind"]),
                                                                        self.reason(p["reason"])) for p in guarded)
            self.warning.setText(self.tr("⚠ WARNING: closing these valves CUTS THE WATER SUPPLY of {0}. "
                                         "Mark a valve broken/inaccessible or choose another option.").format(names))
            self.warning.show()
        else:
            self.warning.hide()
        self._show_options(ans)
        if ans.pressure is not None:
            self.show_pressure(ans.pressure)

    def _show_options(self, ans) -> None:
        opts = ans.options
        self.options_table.setRowCount(len(opts))
        for i, o in enumerate(opts):
            label = self.tr("{0} (plain)").format(o["rank"]) if o["rank"] == 0 else str(o["rank"])
            self.options_table.setItem(i, 0, _item(label, o["rank"]))
            self.options_table.setItem(i, 1, _item(", ".join(o["valves"])))
            how = ", ".join(o["leave_open"])
            if o["control_valves"]:
                how = (how + "; " if how else "") + self.tr("closes control valves")
            self.options_table.setItem(i, 2, _item(how or "-"))
            self.options_table.setItem(i, 3, _item(_m(o["dry_length_m"])))
            self.options_table.setItem(i, 4, _item(str(o["customers"])))
            names = [self.name(p) for p in o["result"].guarded_places_affected]
            self.options_table.setItem(i, 5, _item(", ".join(names) or "-"))
        _fit(self.options_table, 6)
        if opts:
            chosen = getattr(self.ctl, "chosen_option", None)
            ranks = [o["rank"] for o in opts]
            self.options_table.selectRow(ranks.index(chosen) if chosen in ranks else 0)
            if not any(o["keeps_more_fed"] for o in opts):
                self.options_note.setText(self.tr(
                    "No valve set keeps the guarded places fed: they are supplied only through the part that goes "
                    "dry. Arrange temporary supply (water tanker) before closing."))

    def show_pressure(self, p: dict) -> None:
        """The pressure step's outcome."""
        self.pressure_bar.hide()
        self.pressure_button.setEnabled(self.answer is not None)
        if not p["available"]:
            text = {"no_hydraulic_data": self.tr("No pressure step: the network carries no hydraulic data "
                                                 "(import it from an EPANET file)."),
                    "not_answered": self.tr("No pressure step: the isolation has no answer.")}.get(
                p["reason"], self.tr("No pressure step: {0}").format(p.get("detail", "")))
            self.pressure_label.setText(text)
            return
        low = p["low_pressure_nodes"]
        lines = [self.tr("Pressure step ({0}, minimum {1:g} m): {2} node(s) fall below the minimum.").format(
            p["model"], p["min_pressure_m"], len(low))]
        lines += [self.tr("{0}: {1:.1f} m → {2:.1f} m").format(n["node"], n["before_m"], n["after_m"]) for n in low[:12]]
        if len(low) > 12:
            lines.append(self.tr("… and {0} more").format(len(low) - 12))
        if p["customers_stored"]:
            lines.append(self.tr("Customers below the minimum: {0}").format(len(p["low_pressure_customers"])))
        self.pressure_label.setText("\n".join(lines))

    # -- actions ----------------------------------------------------------------------------------
    def _on_control(self, on: bool) -> None:
        self.ctl.allow_control_valves = bool(on)
        if self.ctl.isolation_repair is not None and self.answer is not None:
            self.ctl.isolate(self.ctl.isolation_repair, self.answer.result.pipe_id)

    def selected_option(self) -> int | None:
        """The rank of the option selected in the table."""
        rows = self.options_table.selectionModel().selectedRows()
        if not rows:
            return 0 if self.answer is not None else None
        return self.options_table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)

    def _on_choose(self) -> None:
        rank = self.selected_option()
        if rank is not None:
            self.ctl.choose_option(int(rank), self.reason_edit.text())

    def _on_chosen(self, rank: int, notices: int) -> None:
        self.options_note.setText(self.tr("Option {0} recorded for the repair; {1} notice(s) queued.").format(
            rank, notices))

    def _on_pressure(self) -> None:
        if self.ctl.run_pressure():
            self.pressure_button.setEnabled(False)
            self.pressure_bar.show()
            self.pressure_label.setText(self.tr("Running the pressure-driven simulation…"))

    def _on_print(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the isolation order"), "isolation_order.pdf",
                                              self.tr("PDF files (*.pdf)"))
        if path:
            self.ctl.write_order(path)
