"""Repair resources: spare fittings in stock and centrally dispatched machinery."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QDockWidget, QFormLayout, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSpinBox, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from models.resources import SparePart
from services.resources.stock import (
    assign_machinery,
    part_label,
    release_machinery,
    resources_overview,
    return_to_stock,
    take_for_repair,
)
from ui.common.desk import DeskContext
from ui.common.widgets import read_only_table
from ui.common.coalesced_read import CoalescedRead
from ui.common.worker import SerialWorker
from services.printing.labels import label
from ui.feedback.errors import part_text


class ResourcesDock(QDockWidget):
    """Stock of spare fittings (take for a repair) and machinery (assign to / release from a repair)."""

    #: Tables the dock's edits write (a desk whose role may not write them gets a read-only dock).
    WRITES = ("spare_parts", "stock_movements", "machinery")

    def __init__(self, desk: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Repair resources"), parent)
        self.setObjectName("resourcesDock")
        self.desk = desk
        self.read_only_reason: str | None = None
        body = QWidget(self)
        layout = QVBoxLayout(body)

        layout.addWidget(QLabel(self.tr("<b>Spare fittings</b>"), body))
        self.parts_table = read_only_table(body, [self.tr("Fitting"), self.tr("DN"), self.tr("Quantity"),
                                         self.tr("Location"), self.tr("Odd-shaped")], QHeaderView.ResizeMode.Stretch)
        self.parts_table.setToolTip(self.tr("Select a fitting, then take it for a repair below"))
        layout.addWidget(self.parts_table, 1)
        take = QFormLayout()
        self.take_repair = QComboBox(body)
        self.take_quantity = QSpinBox(body)
        self.take_quantity.setRange(1, 9999)
        self.take_button = QPushButton(self.tr("&Take from stock"), body)
        self.take_button.setToolTip(self.tr("Take the quantity of the selected fitting for the repair (Enter)"))
        take.addRow(self.tr("For &repair:"), self.take_repair)
        row = QHBoxLayout()
        row.addWidget(self.take_quantity)
        row.addWidget(self.take_button)
        quantity_label = QLabel(self.tr("&Quantity:"), body)
        quantity_label.setBuddy(self.take_quantity)
        take.addRow(quantity_label, row)
        layout.addLayout(take)

        layout.addWidget(QLabel(self.tr("<b>Machinery</b>"), body))
        self.machinery_table = read_only_table(body, [self.tr("Code"), self.tr("Name"), self.tr("Kind"), self.tr("Status"),
                                             self.tr("Repair"), self.tr("Location")], QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.machinery_table, 1)
        assign = QHBoxLayout()
        self.assign_repair = QComboBox(body)
        self.assign_button = QPushButton(self.tr("&Assign"), body)
        self.assign_button.setToolTip(self.tr("Dispatch the selected machine to the repair (Alt+A)"))
        self.release_button = QPushButton(self.tr("Re&lease"), body)
        self.release_button.setToolTip(self.tr("Release the selected machine back to available (Alt+L)"))
        assign_label = QLabel(self.tr("To r&epair:"), body)
        assign_label.setBuddy(self.assign_repair)
        assign.addWidget(assign_label)
        assign.addWidget(self.assign_repair, 1)
        assign.addWidget(self.assign_button)
        assign.addWidget(self.release_button)
        layout.addLayout(assign)
        self.message = QLabel(body)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.setWidget(body)

        self.take_button.clicked.connect(self.take_selected)
        self.take_quantity.lineEdit().returnPressed.connect(self.take_selected)
        self.assign_button.clicked.connect(self.assign_selected)
        self.release_button.clicked.connect(self.release_selected)
        desk.changed.connect(self.refresh)
        desk.failed.connect(self.message.setText)
        self._worker = SerialWorker("resources-read")
        self.reads = CoalescedRead(self._worker, self._on_read, self)
        self.refresh()

    def _read(self) -> tuple:
        """Stock, machinery, open repairs and repair codes as plain values (any thread)."""
        def plain(rows, names):
            return [SimpleNamespace(**{n: getattr(r, n) for n in names}) for r in rows]

        with self.desk.store.session() as s:
            parts, machines, repairs, codes = resources_overview(s)
            return (plain(parts, ("id", "kind", "diameter_mm", "quantity", "location", "odd_shaped")),
                    plain(machines, ("id", "code", "name", "kind", "status", "repair_id", "location")),
                    plain(repairs, ("id", "code", "level", "address")), codes)

    def refresh_from_store(self, _tables=None) -> None:
        """Another desk (or a drill) changed stock or repairs: re-read on the worker thread, show on
        arrival; a burst of changes costs at most two reads."""
        self.reads.request(self._read)

    def _on_read(self, data) -> None:
        if isinstance(data, Exception):
            self.message.setText(str(data))
        else:
            self._show(*data)

    def refresh(self) -> None:
        """Re-read stock, machinery and the open repairs (on this thread)."""
        self._show(*self._read())

    def _show(self, parts, machines, repairs, codes) -> None:
        states = {"available": self.tr("available"), "assigned": self.tr("assigned"),
                  "maintenance": self.tr("maintenance")}
        self._fill(self.parts_table, [
            (p.id, [label("part_kind", p.kind), "" if p.diameter_mm is None else f"{p.diameter_mm:g}", str(p.quantity), p.location,
                    self.tr("yes") if p.odd_shaped else ""]) for p in parts])
        self._fill(self.machinery_table, [
            (m.id, [m.code, m.name, label("machinery_kind", m.kind), states.get(m.status, m.status), codes.get(m.repair_id, ""),
                    m.location or ""])
            for m in machines])
        for combo in (self.take_repair, self.assign_repair):
            keep = combo.currentData()
            combo.clear()
            for r in repairs:
                combo.addItem(f"{r.code} ({r.level}) {r.address or ''}".strip(), r.id)
            if keep is not None:
                combo.setCurrentIndex(max(0, combo.findData(keep)))

    def set_read_only(self, reason: str) -> None:
        """Disable taking stock and dispatching machinery, saying why."""
        self.read_only_reason = reason
        for w in (self.take_repair, self.take_quantity, self.take_button, self.assign_repair, self.assign_button,
                  self.release_button):
            w.setEnabled(False)
            w.setToolTip(reason)
        self.message.setText(reason)

    @staticmethod
    def _fill(table: QTableWidget, rows: list[tuple[int, list[str]]]) -> None:
        keep = table.currentRow()
        table.setRowCount(len(rows))
        for r, (row_id, values) in enumerate(rows):
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, row_id)
                table.setItem(r, c, item)
        if 0 <= keep < len(rows):
            table.selectRow(keep)

    @staticmethod
    def _selected_id(table: QTableWidget) -> int | None:
        item = table.item(table.currentRow(), 0) if table.currentRow() >= 0 else None
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def take_selected(self) -> None:
        """Take the quantity of the selected fitting for the chosen repair (undo puts it back)."""
        part_id, repair_id = self._selected_id(self.parts_table), self.take_repair.currentData()
        if part_id is None or repair_id is None:
            self.message.setText(self.tr("Select a fitting and a repair first"))
            return
        qty, desk = self.take_quantity.value(), self.desk
        label = self.parts_table.item(self.parts_table.currentRow(), 0).text()

        def do(s):
            return take_for_repair(s, part_id=part_id, repair_id=repair_id, quantity=qty,
                                   user=desk.user, now=desk.now()).id

        def undo(s, _move_id):
            return_to_stock(s, part_id=part_id, quantity=qty, repair_id=repair_id, user=desk.user, now=desk.now())

        if desk.apply(self.tr("Take {0} × {1}").format(qty, label), do, undo) is not None:
            with desk.store.session() as s:
                self.message.setText(self.tr("Taken: {0} × {1}").format(qty, part_text(part_label(s.get(SparePart, part_id)))))

    def assign_selected(self) -> None:
        """Dispatch the selected machine to the chosen repair (undo releases it)."""
        machine_id, repair_id = self._selected_id(self.machinery_table), self.assign_repair.currentData()
        if machine_id is None or repair_id is None:
            self.message.setText(self.tr("Select a machine and a repair first"))
            return
        desk = self.desk

        def do(s):
            assign_machinery(s, machinery_id=machine_id, repair_id=repair_id, user=desk.user, now=desk.now())

        def undo(s, _):
            release_machinery(s, machinery_id=machine_id, user=desk.user, now=desk.now())

        desk.apply(self.tr("Assign machinery"), do, undo)

    def release_selected(self) -> None:
        """Release the selected machine (undo assigns it back to its repair)."""
        machine_id = self._selected_id(self.machinery_table)
        if machine_id is None:
            return
        desk = self.desk

        def do(s):
            return release_machinery(s, machinery_id=machine_id, user=desk.user, now=desk.now())

        def undo(s, repair_id):
            if repair_id is not None:
                assign_machinery(s, machinery_id=machine_id, repair_id=repair_id, user=desk.user, now=desk.now())

        desk.apply(self.tr("Release machinery"), do, undo)
