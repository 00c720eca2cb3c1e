"""File menu actions of the own-event path: New event…, Open store…, Import… (spreadsheets, streets, GIS files)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QHBoxLayout,
)

from ui.event.event_settings import event_settings
from ui.event.new_event_wizard import QtNewEventWizard
from ui.service_messages import tr_message


def _tr(text: str) -> str:
    return QCoreApplication.translate("FileActions", text)


def install_file_actions(window, menu, before) -> None:
    """Add New event…, Open store… and Import… to ``menu`` above ``before``."""
    a = menu.addAction(QCoreApplication.translate("FileActions", "&New event…"))
    a.triggered.connect(lambda: new_event(window))
    b = menu.addAction(QCoreApplication.translate("FileActions", "&Open store…"))
    b.triggered.connect(lambda: open_store_dialog(window))
    c = menu.addAction(QCoreApplication.translate("FileActions", "&Import…"))
    c.triggered.connect(lambda: QtImportDialog(window.store, window).exec())
    d = menu.addAction(QCoreApplication.translate("FileActions", "Event &settings…"))
    d.triggered.connect(lambda: event_settings(window))
    for action in (a, b, d, c):
        menu.removeAction(action)
        menu.insertAction(before, action)
    menu.insertSeparator(before)


def new_event(window) -> dict | None:
    """Run the wizard on the window's store; the event it created, or None."""
    wizard = QtNewEventWizard(window.store, window)
    wizard.exec()
    return wizard.created


def open_store_dialog(window) -> None:
    """Choose a store file and open a desk on it (its own window)."""
    # An existing store, or a new file name for a new event's store (it gets no demo).
    path, _ = QFileDialog.getSaveFileName(
        window, QCoreApplication.translate("FileActions", "Open store"), "",
        QCoreApplication.translate("FileActions", "WaterGuard store (*.sqlite *.db);;All files (*)"),
        options=QFileDialog.Option.DontConfirmOverwrite)
    if not path:
        return
    from ui.main_window import open_desk

    open_desk(f"sqlite:///{Path(path).resolve()}", window.lang, getattr(window, "role", "leader"), demo=False, keep=True)


#: Import kinds the dialog offers, with their titles.
def import_kinds() -> dict[str, str]:
    """Kind → title, translated."""
    return {
        "pipes": QCoreApplication.translate("FileActions", "Pipes (GIS file)"), "valves": QCoreApplication.translate("FileActions", "Valves (GIS file)"), "hydrants": QCoreApplication.translate("FileActions", "Hydrants (GIS file)"),
        "sources": QCoreApplication.translate("FileActions", "Water sources (GIS file)"), "streets": QCoreApplication.translate("FileActions", "Streets (OSM .pbf or GIS file)"),
        "teams": QCoreApplication.translate("FileActions", "Teams (spreadsheet)"), "staff": QCoreApplication.translate("FileActions", "Staff (spreadsheet)"),
        "vehicles": QCoreApplication.translate("FileActions", "Vehicles (spreadsheet)"), "devices": QCoreApplication.translate("FileActions", "GPS devices (spreadsheet)"),
        "units": QCoreApplication.translate("FileActions", "Reporting units (spreadsheet)"), "contacts": QCoreApplication.translate("FileActions", "Contacts (spreadsheet)"),
        "parts": QCoreApplication.translate("FileActions", "Spare parts (spreadsheet)"), "roster": QCoreApplication.translate("FileActions", "Duty roster (spreadsheet)"),
        "leak-readings": QCoreApplication.translate("FileActions", "Leak-survey readings (noise logger CSV)"),
    }


class QtImportDialog(QDialog):
    """Choose a kind and a file, import it, show what was stored or every refused row."""

    def __init__(self, store, parent=None) -> None:
        super().__init__(parent)
        self.store = store
        self.repeat_box: QMessageBox | None = None  # the repeat question while it is open
        self.setWindowTitle(QCoreApplication.translate("FileActions", "Import"))
        self.resize(640, 420)
        lay = QVBoxLayout(self)
        self.kind = QComboBox()
        for key, title in import_kinds().items():
            self.kind.addItem(title, key)
        lay.addWidget(QLabel(QCoreApplication.translate("FileActions", "What the file holds:")))
        lay.addWidget(self.kind)
        row = QHBoxLayout()
        self.path = QLineEdit()
        browse = QPushButton(QCoreApplication.translate("FileActions", "Choose…"))
        browse.clicked.connect(self._browse)
        row.addWidget(self.path)
        row.addWidget(browse)
        lay.addWidget(QLabel(QCoreApplication.translate("FileActions", "File:")))
        lay.addLayout(row)
        self.result = QPlainTextEdit()
        self.result.setReadOnly(True)
        lay.addWidget(self.result)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.run_button = buttons.addButton(QCoreApplication.translate("FileActions", "Import"), QDialogButtonBox.ButtonRole.ActionRole)
        self.run_button.clicked.connect(self.run_import)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, QCoreApplication.translate("FileActions", "Choose a file"))
        if path:
            self.path.setText(path)

    def ask_repeat(self, repeat: dict, path: str) -> str:
        """Ask what to do with a file imported before: ``replace``, ``add`` or ``skip``."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(QCoreApplication.translate("FileActions", "Imported before"))
        box.setText(QCoreApplication.translate("FileActions", "{0} was already imported as {1} on {2} ({3} rows, as {4}).").format(
            Path(path).name, self.kind.currentText(), repeat["imported_at"], f"{repeat['imported']:,}",
            repeat["file_name"]))
        box.setInformativeText(QCoreApplication.translate("FileActions", "Replace that import with this file, add this file again as well, "
                                   "or skip it?"))
        replace = box.addButton(QCoreApplication.translate("FileActions", "Replace"), QMessageBox.ButtonRole.DestructiveRole)
        add = box.addButton(QCoreApplication.translate("FileActions", "Add again"), QMessageBox.ButtonRole.AcceptRole)
        skip = box.addButton(QCoreApplication.translate("FileActions", "Skip"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(skip)
        box.setEscapeButton(skip)
        self.repeat_box = box
        box.exec()
        clicked = box.clickedButton()
        self.repeat_box = None
        return "replace" if clicked is replace else "add" if clicked is add else "skip"

    def run_import(self) -> dict | None:
        """Import the chosen file (all or nothing) and show the outcome; a repeat asks first."""
        from services.importing import earlier_import, import_any

        path = self.path.text().strip()
        if not path:
            QMessageBox.warning(self, QCoreApplication.translate("FileActions", "Import"), QCoreApplication.translate("FileActions", "Choose a file first."))
            return None
        kind = self.kind.currentData()
        repeat = earlier_import(self.store, kind, path)
        on_repeat = self.ask_repeat(repeat, path) if repeat is not None else "skip"
        report = import_any(self.store, kind, path, on_repeat=on_repeat)
        if report.get("skipped"):
            lines = [QCoreApplication.translate("FileActions", "Skipped {0}: imported before, nothing done.").format(Path(path).name)]
        elif report["ok"]:
            lines = [QCoreApplication.translate("FileActions", "Imported {0} from {1}.").format(report["imported"], Path(path).name)]
            if "replaced" in report:
                lines.append(QCoreApplication.translate("FileActions", "The earlier import of this file was replaced ({0} rows removed).").format(
                    sum(report["replaced"].values())))
            elif repeat is not None:
                lines.append(QCoreApplication.translate("FileActions", "Added again: this file was imported before."))
            lines += [tr_message(t) for t in report.get("warnings", []) + report.get("notes", [])]
        else:
            lines = [QCoreApplication.translate("FileActions", "Nothing was stored.")]
            for e in report.get("errors", [])[:50]:
                if "row" in e:
                    lines.append(QCoreApplication.translate("FileActions", "{0}: row {1}, column {2}: {3}").format(e["file"], e["row"], e["column"], tr_message(e["reason"])))
                else:
                    lines.append(f"{e.get('feature', '')}: {tr_message(e.get('reason', ''))}")
            if len(lines) == 1:
                lines.append(tr_message(report.get("error", "")))
        self.result.setPlainText("\n".join(lines))
        return report
