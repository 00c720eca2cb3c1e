"""File → Export…: :func:`services.export.export` behind a save dialog (as ``python app.py export``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ui.common.busy import run_busy


def export_file(parent: QWidget, store, path: str | None = None) -> int:
    """Ask for a .gpkg or .xlsx file and export to it, as ``python app.py export --out FILE``; returns the exit code."""
    from services.export import ExportError, export

    title = QCoreApplication.translate("Export", "Export")
    if path is None:
        path, _ = QFileDialog.getSaveFileName(parent, title, "", QCoreApplication.translate(
            "Export", "GeoPackage: patches, requirements, coverage, repairs, tracks (*.gpkg);;"
                      "Excel: repairs and action items (*.xlsx)"))
        if not path:
            return 1
    tr = lambda text: QCoreApplication.translate("", text)  # noqa: E731 — the command line's catalogue entries
    try:
        # On a worker behind a busy dialog: a city's day is seconds of reading and writing.
        done, result = run_busy(lambda: export(store, Path(path), tr=tr),
                                QCoreApplication.translate("Export", "Exporting…"), None, title, parent,
                                thread_name="export")
        if not done:
            return 1
        written, counts = result
        code, message = 0, "\n".join([tr("Written {0}").format(written)] + [f"  {n}: {c}" for n, c in counts.items()])
    except ExportError as exc:
        code, message = 2, str(exc)
    if parent is not None and parent.isVisible():
        show = QMessageBox.information if code == 0 else QMessageBox.warning
        show(parent, title, message)
    return code
