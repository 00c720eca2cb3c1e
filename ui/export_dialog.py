"""File → Export…: the ``export`` command behind a save dialog."""

from __future__ import annotations

import argparse
import contextlib
import io
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget


def export_file(parent: QWidget, store, path: str | None = None) -> int:
    """Ask for a .gpkg or .xlsx file and export to it, as ``python app.py export --out FILE``; returns the exit code."""
    from cli import export
    from cli.context import CommandContext

    title = QCoreApplication.translate("Export", "Export")
    if path is None:
        path, _ = QFileDialog.getSaveFileName(parent, title, "", QCoreApplication.translate(
            "Export", "GeoPackage: patches, requirements, coverage, repairs, tracks (*.gpkg);;"
                      "Excel: repairs and action items (*.xlsx)"))
        if not path:
            return 1
    ctx = CommandContext(store_url=None, lang="", _store=store)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = export.run(argparse.Namespace(out=Path(path), date=None, table=None), ctx)
    if parent is not None and parent.isVisible():
        show = QMessageBox.information if code == 0 else QMessageBox.warning
        show(parent, title, (out.getvalue() if code == 0 else err.getvalue()).strip())
    return code
