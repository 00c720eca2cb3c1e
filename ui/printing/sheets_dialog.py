"""File → Print sheets…: choose day, teams, shift and paper, then a print preview.

The preview (:class:`QPrintPreviewDialog`) paints the very pages the
``sheets`` command writes, through :class:`ui.printing.zone_sheet.ZoneSheetPainter`,
and prints them to any printer (or PDF) from there. The sheets and the map layers
are read on a worker thread behind a busy dialog (seconds on a city's network):
the desk keeps drawing its live figures meanwhile.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QListWidget, QListWidgetItem, QMessageBox,
    QVBoxLayout, QWidget,
)

from services.zone_sheets.sheets import SheetDataError, ZoneSheet, default_date, sheet_teams, zone_sheets
from ui.printing.zone_sheet import ZoneSheetPainter, page_layout, sheet_layers
from ui.common.busy import run_busy
from ui.common.widgets import day_edit


@dataclass
class SheetOptions:
    """What the dialog asks for."""

    date: object
    teams: list[str]
    shift: str | None
    paper: str = "A4"
    orientation: str = "portrait"


class SheetsDialog(QDialog):
    """Day, teams, shift, paper and orientation of the sheets to print."""

    def __init__(self, store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Print zone assignment sheets"))
        with store.engine.connect() as conn:
            day = default_date(conn)
            teams = sheet_teams(conn)
        self.date_edit = day_edit(self, day)
        self.team_list = QListWidget(self)
        for code, name, name_zh, has_patch in teams:
            item = QListWidgetItem(f"{code}  {name_zh or name}", self.team_list)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setCheckState(Qt.CheckState.Checked if has_patch else Qt.CheckState.Unchecked)
        self.shift_box = QComboBox(self)
        for text, key in ((self.tr("Every shift"), None), (self.tr("Day shift"), "day"),
                          (self.tr("Night shift"), "night")):
            self.shift_box.addItem(text, key)
        self.paper_box = QComboBox(self)
        self.paper_box.addItems(["A4", "A3"])
        self.orientation_box = QComboBox(self)
        self.orientation_box.addItem(self.tr("Portrait"), "portrait")
        self.orientation_box.addItem(self.tr("Landscape"), "landscape")
        form = QFormLayout()
        form.addRow(self.tr("Date"), self.date_edit)
        form.addRow(self.tr("Teams"), self.team_list)
        form.addRow(self.tr("Shift"), self.shift_box)
        form.addRow(self.tr("Paper"), self.paper_box)
        form.addRow(self.tr("Orientation"), self.orientation_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def options(self) -> SheetOptions:
        """The chosen options."""
        teams = [self.team_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.team_list.count())
                 if self.team_list.item(i).checkState() == Qt.CheckState.Checked]
        return SheetOptions(self.date_edit.date().toPython(), teams, self.shift_box.currentData(),
                            self.paper_box.currentText(), self.orientation_box.currentData())


def read_sheets(store, options: SheetOptions) -> tuple[list[ZoneSheet], tuple]:
    """The sheets of ``options`` and the map layers to draw them on (any thread: no widgets).

    Raises
    ------
    SheetDataError
        The store lacks what the sheets need (the message says what).
    """
    with store.engine.connect() as conn:
        sheets = zone_sheets(conn, options.date, options.teams or None, options.shift)
    return sheets, sheet_layers(store)


def read_sheets_in_background(store, options: SheetOptions, parent: QWidget | None = None):
    """:func:`read_sheets` on a worker thread behind a busy dialog; None when the user cancelled.

    Raises what :func:`read_sheets` raised (a :class:`SheetDataError` says what is missing).
    """
    done, result = run_busy(lambda: read_sheets(store, options),
                            QCoreApplication.translate("SheetsPreview", "Preparing the zone sheets…"),
                            QCoreApplication.translate("SheetsPreview", "Cancel"),
                            QCoreApplication.translate("SheetsDialog", "Print zone assignment sheets"),  # its title
                            parent, thread_name="zone-sheets")
    return result if done else None


class SheetsPreview(QObject):
    """Owns the sheets, the printer and the painter behind one print preview."""

    def __init__(self, store, options: SheetOptions, parent: QWidget | None = None,
                 prepared: tuple[list[ZoneSheet], tuple] | None = None) -> None:
        super().__init__(parent)
        sheets, (layers, projector) = prepared if prepared is not None else read_sheets(store, options)
        self.sheets: list[ZoneSheet] = sheets
        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.printer.setPageLayout(page_layout(options.paper, options.orientation))
        self.printer.setDocName(self.tr("Zone assignment sheets {0}").format(options.date.isoformat()))
        self.painter = ZoneSheetPainter(layers, projector, self)
        self.dialog = QPrintPreviewDialog(self.printer, parent)
        self.dialog.paintRequested.connect(self.paint)
        self.dialog.finished.connect(self.close)

    def paint(self, printer: QPrinter) -> None:
        """Paint every sheet on ``printer`` (the preview's pages, or the real printer)."""
        self.painter.paint_pages(printer, self.sheets)

    def close(self) -> None:
        """Release the hidden map canvas."""
        self.painter.close()


def print_sheets(parent: QWidget, store) -> None:
    """Ask for the options, then show the print preview (modal)."""
    dialog = SheetsDialog(store, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    options = dialog.options()
    try:
        prepared = read_sheets_in_background(store, options, parent)
        if prepared is None:
            return
        preview = SheetsPreview(store, options, parent, prepared)
    except SheetDataError as exc:
        QMessageBox.warning(parent, dialog.windowTitle(), str(exc))
        return
    preview.dialog.exec()
    preview.deleteLater()
