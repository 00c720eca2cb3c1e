"""File → Import… on a file imported before: the dialog asks replace / add / skip, and does it."""

from __future__ import annotations

import geopandas as gpd
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from shapely.geometry import LineString
from sqlalchemy import func, select

from models.import_log import ImportLogEntry
from models.network import Pipe
from ui.event.file_actions import QtImportDialog


def _pipes_file(path):
    """Three pipes in Monaco (UTM 32N metres), written as a GeoPackage in WGS 84."""
    lines = [LineString([(370000 + 100 * i, 4840000), (370000 + 100 * i + 90, 4840000)]) for i in range(3)]
    frame = gpd.GeoDataFrame({"code": ["A1", "A2", "A3"], "diameter_mm": [150, 200, 300]},
                             geometry=lines, crs="EPSG:32632").to_crs("EPSG:4326")
    frame.to_file(path, driver="GPKG")
    return path


def _answer(button_text: str, seen: list[str]):
    def click():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            [b for b in box.buttons() if b.text() == button_text][0].click()
        else:
            QTimer.singleShot(20, click)
    QTimer.singleShot(0, click)


def _pipe_count(store) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(Pipe.__table__)).scalar_one()


@pytest.mark.parametrize("choice, pipes_after, log_standing", [
    ("Skip", 3, 1), ("Replace", 3, 1), ("Add again", 6, 2)])
def test_repeat_import_asks_and_does_it(qtbot, store, tmp_path, choice, pipes_after, log_standing):
    path = _pipes_file(tmp_path / "pipes.gpkg")
    copy = tmp_path / "renamed.gpkg"  # same bytes, another name: still a repeat
    copy.write_bytes(path.read_bytes())
    dialog = QtImportDialog(store)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("pipes"))
    dialog.path.setText(str(path))
    first = dialog.run_import()  # first time: no question
    assert first["ok"] and first["imported"] == 3 and "repeat_of" not in first
    assert _pipe_count(store) == 3

    seen: list[str] = []
    _answer(choice, seen)
    dialog.path.setText(str(copy))
    report = dialog.run_import()
    assert seen and "renamed.gpkg was already imported as Pipes (GIS file)" in seen[0]
    assert "3 rows, as pipes.gpkg" in seen[0]
    assert report["ok"] and report["repeat_of"]["file_name"] == "pipes.gpkg"
    assert _pipe_count(store) == pipes_after
    with store.engine.connect() as conn:
        t = ImportLogEntry.__table__
        standing = conn.execute(select(func.count()).select_from(t).where(t.c.replaced_at.is_(None))).scalar_one()
    assert standing == log_standing
    text = dialog.result.toPlainText()
    if choice == "Skip":
        assert report["skipped"] and text.startswith("Skipped renamed.gpkg")
    elif choice == "Replace":
        assert report["replaced"] == {"pipes": 3, "nodes": 6}  # with the end nodes the snapping gave them
        assert "replaced (9 rows removed)" in text
        with store.engine.connect() as conn:  # the new rows stand, the old are gone
            codes = sorted(conn.execute(select(Pipe.__table__.c.code)).scalars())
        assert len(codes) == 3
    else:
        assert "Added again" in text
