"""Vehicles dock: every repair vehicle with its status, seconds since its last report, speed and crew.

The rows follow :class:`ui.feed.control.FeedController`: seconds count up each
second, a lost vehicle (silent 2 minutes) is highlighted. Selecting a row
rings the vehicle on the map and centres it; the status combo (or Ctrl+1…5)
changes the selected vehicle's status through the repair desk (undoable).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDockWidget, QHBoxLayout, QHeaderView, QLabel, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from models.repair import VEHICLE_STATES
from ui.common.vocabulary import vehicle_status_title
from ui.feed.control import FeedController
from ui.common.widgets import colour_cell

LOST_BRUSH = QBrush(QColor("#ffcdd2"))
OFF_BRUSH = QBrush(QColor("#eeeeee"))


class VehiclesDock(QDockWidget):
    """The vehicle table.

    Signals
    -------
    status_requested(vehicle_id, status)
        The user picked a new status for a vehicle (the controller stores it).
    """

    status_requested = Signal(int, str)
    COLUMNS = ("code", "name", "status", "since", "speed", "crew")

    def __init__(self, feed: FeedController, canvas=None, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Vehicles"), parent)
        self.setObjectName("vehiclesDock")
        self.feed = feed
        self.canvas = canvas
        body = QWidget(self)
        box = QVBoxLayout(body)
        self.summary = QLabel(body)
        box.addWidget(self.summary)
        self.table = QTableWidget(0, len(self.COLUMNS), body)
        self.table.setObjectName("vehiclesTable")
        self.table.setHorizontalHeaderLabels([self.tr("Code"), self.tr("Vehicle"), self.tr("Status"),
                                              self.tr("Last report (s)"), self.tr("km/h"), self.tr("Crew")])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        box.addWidget(self.table)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Status:"), body))
        self.status_combo = QComboBox(body)
        self.status_combo.setObjectName("vehicleStatusCombo")
        for i, status in enumerate(VEHICLE_STATES):
            self.status_combo.addItem(f"{vehicle_status_title(status)} (Ctrl+{i + 1})", status)
        self.status_combo.activated.connect(lambda i: self.request_status(self.status_combo.itemData(i)))
        row.addWidget(self.status_combo, 1)
        box.addLayout(row)
        self.setWidget(body)
        for i, status in enumerate(VEHICLE_STATES):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{i + 1}"), self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda s=status: self.request_status(s))
        self._devices: list[str] = []
        self.table.itemSelectionChanged.connect(self._on_selection_change)
        feed.vehicles_changed.connect(self.refresh)
        feed.positions_changed.connect(self.update_times)
        feed.ticked.connect(self.update_times)
        self.refresh()

    def set_read_only(self, read_only: bool) -> None:
        """A viewer's desk cannot change statuses."""
        self.status_combo.setEnabled(not read_only)

    # -- model → view ---------------------------------------------------------------------
    def refresh(self) -> None:
        """Rebuild the rows from the controller (vehicle list or statuses changed)."""
        selected = self.selected_device()
        rows = sorted(self.feed.vehicles.values(), key=lambda r: r.code)
        self._devices = [r.device for r in rows]
        self.table.blockSignals(True)
        self.table.setRowCount(len(rows))
        for i in range(len(rows)):
            for col in range(len(self.COLUMNS)):
                if self.table.item(i, col) is None:
                    self.table.setItem(i, col, QTableWidgetItem())
        # Only what changed, and one dataChanged for the table: every set item re-measures the
        # columns (ResizeToContents), which cost a drill's 52 vehicles ~150 ms per reload.
        model = self.table.model()
        model.blockSignals(True)
        try:
            for i, r in enumerate(rows):
                for col, text in enumerate((r.code, r.name, vehicle_status_title(r.status), None, None, r.crew)):
                    item = self.table.item(i, col)
                    if text is not None and item.text() != text:
                        item.setText(text)
                for col, value in ((0, r.id), (2, r.status)):
                    item = self.table.item(i, col)
                    if item.data(Qt.ItemDataRole.UserRole) != value:
                        item.setData(Qt.ItemDataRole.UserRole, value)
        finally:
            model.blockSignals(False)
        if rows:
            model.dataChanged.emit(model.index(0, 0), model.index(len(rows) - 1, self.table.columnCount() - 1))
        if selected in self._devices:
            self.table.selectRow(self._devices.index(selected))
        self.table.blockSignals(False)
        self.update_times()

    def update_times(self) -> None:
        """Seconds since the last report, speed and the lost highlight (each second)."""
        now = self.feed.clock()
        lost = 0
        # One dataChanged for the whole table instead of one per cell (each re-measures the columns).
        model = self.table.model()
        model.blockSignals(True)
        try:
            lost = self._update_rows(now)
        finally:
            model.blockSignals(False)
        if self._devices:
            model.dataChanged.emit(model.index(0, 0), model.index(len(self._devices) - 1, self.table.columnCount() - 1))
        self.summary.setText(self.tr("{0} vehicles, {1} available, {2} lost").format(
            len(self._devices), sum(r.status == "available" for r in self.feed.vehicles.values()), lost))

    def _update_rows(self, now: float) -> int:
        lost = 0
        for i, device in enumerate(self._devices):
            r = self.feed.vehicles.get(device)
            if r is None:
                continue
            since = r.seconds_since(now)
            # Only what changed: every set repaints, and a drill's 60-odd vehicles tick every second.
            texts = (self.tr("lost ({0:.0f})").format(since) if r.lost and since is not None
                     else self.tr("lost") if r.lost else f"{since:.0f}" if since is not None else "—",
                     "" if r.speed_mps is None else f"{r.speed_mps * 3.6:.0f}")
            for col, text in zip((3, 4), texts):
                item = self.table.item(i, col)
                if item.text() != text:
                    item.setText(text)
            brush = LOST_BRUSH if r.lost else OFF_BRUSH if r.status == "off_duty" else QBrush()
            if self.table.item(i, 0).background() != brush:
                for col in range(self.table.columnCount()):
                    colour_cell(self.table.item(i, col), brush if brush.style() != Qt.BrushStyle.NoBrush else None)
            lost += r.lost
        return lost

    def is_lost_row(self, code: str) -> bool:
        """Whether the row of ``code`` is highlighted as lost (for tests and the wall)."""
        for i in range(self.table.rowCount()):
            if self.table.item(i, 0).text() == code:
                return self.table.item(i, 0).background() == LOST_BRUSH
        raise KeyError(code)

    # -- view → model --------------------------------------------------------------------
    def selected_device(self) -> str | None:
        """The device of the selected row."""
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self._devices[rows[0].row()] if rows and rows[0].row() < len(self._devices) else None

    def select_code(self, code: str) -> None:
        """Select a vehicle by its code."""
        for i in range(self.table.rowCount()):
            if self.table.item(i, 0).text() == code:
                self.table.selectRow(i)
                return

    def _on_selection_change(self) -> None:
        device = self.selected_device()
        layer = self.feed.layers.get("live")
        if layer is not None and hasattr(layer.data, "selected"):
            layer.data.selected = device
        r = self.feed.vehicles.get(device) if device else None
        if r is None:
            return
        i = self.status_combo.findData(r.status)
        self.status_combo.setCurrentIndex(i)
        if self.canvas is not None and r.lon is not None:
            x, y = self.feed.projector.to_local(r.lon, r.lat)
            self.canvas.set_center(float(x), float(y))

    def request_status(self, status: str) -> None:
        """Ask for a status change of the selected vehicle."""
        device = self.selected_device()
        r = self.feed.vehicles.get(device) if device else None
        if r is not None and status and status != r.status and self.status_combo.isEnabled():
            self.status_requested.emit(r.id, status)
