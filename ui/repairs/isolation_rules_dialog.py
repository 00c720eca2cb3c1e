"""Settings → Isolation…: the stored isolation rules (minimum service pressure, order of closing the valves)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QLabel, QWidget

from services.isolation.rules import MIN_PRESSURE_RANGE


class IsolationRulesDialog(QDialog):
    """Edits the isolation rules; :meth:`changes` gives ``{"min_pressure_m": …, "order": …}`` to store."""

    def __init__(self, min_pressure_m: float = 14.0, order: str = "supply_side_first",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("isolationRulesDialog")
        self.setWindowTitle(self.tr("Isolation rules"))
        form = QFormLayout(self)
        self.min_pressure = QDoubleSpinBox(self)
        self.min_pressure.setObjectName("minPressure")
        self.min_pressure.setDecimals(1)
        self.min_pressure.setRange(0.5, MIN_PRESSURE_RANGE[1])
        self.min_pressure.setSingleStep(1.0)
        self.min_pressure.setSuffix(self.tr(" m"))
        self.min_pressure.setValue(float(min_pressure_m))
        self.order = QComboBox(self)
        self.order.setObjectName("orderRule")
        self.order.addItem(self.tr("From the supply side inward"), "supply_side_first")
        self.order.addItem(self.tr("From the break outward (nearest first)"), "break_outward")
        self.order.setCurrentIndex(max(self.order.findData(order), 0))
        form.addRow(self.tr("Minimum service pressure (head):"), self.min_pressure)
        form.addRow(self.tr("Order of closing the valves:"), self.order)
        note = QLabel(self.tr("The pressure step lists the nodes and customers that fall below the minimum "
                              "with the valves closed."), self)
        note.setWordWrap(True)
        form.addRow(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def changes(self) -> dict:
        """The rules as set in the dialog."""
        return {"min_pressure_m": round(float(self.min_pressure.value()), 1), "order": str(self.order.currentData())}
