"""Identify dock: the attributes of the feature last clicked with the identify tool."""

from __future__ import annotations

from PySide6.QtWidgets import QDockWidget, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from services.printing.labels import field_value, label


class IdentifyDock(QDockWidget):
    """A two-column table (field, value) plus the layer's title."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Identify"), parent)
        self.setObjectName("identifyDock")
        body = QWidget(self)
        box = QVBoxLayout(body)
        self.title = QLabel(self.tr("Click a feature with the identify tool."), body)
        self.table = QTableWidget(0, 2, body)
        self.table.setHorizontalHeaderLabels([self.tr("Field"), self.tr("Value")])
        self.table.horizontalHeader().setStretchLastSection(True)
        box.addWidget(self.title)
        box.addWidget(self.table)
        self.setWidget(body)

    def show_feature(self, layer_title: str, row: int, attrs: dict) -> None:
        """Fill the table with one feature's attributes."""
        self.title.setText(layer_title)
        self.table.setRowCount(len(attrs))
        for i, (key, value) in enumerate(attrs.items()):
            self.table.setItem(i, 0, QTableWidgetItem(label("field", str(key))))
            self.table.setItem(i, 1, QTableWidgetItem(field_value(str(key), value)))

    def show_nothing(self, *_) -> None:
        """Say that nothing is under the click."""
        self.title.setText(self.tr("Nothing here."))
        self.table.setRowCount(0)
