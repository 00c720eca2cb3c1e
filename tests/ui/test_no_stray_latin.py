"""Issue 16 (5): no Latin word of the program's own making on a Chinese screen or paper.

Every dock and tab of a Chinese desk (with a repair at the stadium, its
isolation warning and messages, a vehicle status change on the undo stack),
the identify table, the dialogs, and the Chinese PDFs (meeting record and zone
sheets, read back with pdftotext) are scanned; words from the data (place,
street, people, organisation and store names) are excepted, and so are codes.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest
from PySide6.QtWidgets import QApplication, QDockWidget

from tests.ui.desk_windows import demo_file, open_desk  # noqa: F401 (fixtures)
from tests.ui.latin_scan import data_words, screen_texts, stray_words

STADIUM_PIPE = 883
DAY = "2026-12-01"


def _map_words(window) -> list[str]:
    out = []
    for layer in window.map.layers:
        attrs = getattr(layer.data, "attrs", None)
        if attrs is not None:
            for col in ("name", "street"):
                if col in attrs:
                    out += list(attrs[col].astype(str))
    return out


def _report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{w}: {where[0]}" for w, where in sorted(found.items()))


def test_chinese_desk_docks_tabs_and_dialogs(open_desk, qtbot):
    window = open_desk("zh_CN")
    app = QApplication.instance()
    repairs = window.repairs
    rid = repairs.desk.create(pipe=STADIUM_PIPE, caller="市民", description="路面冒水")
    repairs.repairs_dock.select_repair(rid)
    repairs.desk.isolate(rid)
    assert repairs.desk.wait_isolation()
    repairs.desk.deliver()
    vehicle = repairs.feed.vehicles[next(iter(repairs.feed.vehicles))]
    repairs.desk.set_vehicle_status(vehicle.id, "off_duty")
    window.alarms.refresh_now()
    pipes = window.map.layers["pipes"].data
    window.map.identify_dock.show_feature("管线", 0, pipes.attrs.iloc[0].to_dict())

    texts = [("undo", window.undo_stack.undoText())]
    for dock in window.findChildren(QDockWidget):
        dock.show()
        dock.raise_()
        app.processEvents()
        tabs = getattr(dock, "tabs", None)
        for i in range(tabs.count() if tabs is not None else 1):
            if tabs is not None:
                tabs.setCurrentIndex(i)
                app.processEvents()
            texts += screen_texts(window)

    from ui.repairs.call_dialog import CallDialog
    from ui.repairs.notify_dialog import NotifyDialog
    from ui.printing.sheets_dialog import SheetsDialog

    for dialog in (CallDialog("zh_CN", None, "", window), NotifyDialog({}, window), SheetsDialog(window.store, window)):
        qtbot.addWidget(dialog)
        dialog.show()
        texts += screen_texts(dialog)
        dialog.close()

    found = stray_words(texts, data_words(window.store, _map_words(window)))
    assert not found, _report(found)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_chinese_papers(tmp_path, first_day_plan_template):
    from tests.support.cli import run_app
    from tests.support.stores import open_copy

    url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    # ``python app.py demo`` then ``plan --date DAY`` (the session's template of what they write)
    open_copy(first_day_plan_template, url).dispose()

    def app(*args):
        run = run_app("--store", url, "--lang", "zh_CN", *args)
        assert run.returncode == 0, run.stderr
    app("meeting", "--date", DAY, "--now", f"{DAY}T15:00:00+01:00", "--out", str(tmp_path / "meeting.pdf"))
    app("sheets", "--date", DAY, "--out", str(tmp_path / "sheets.pdf"))
    from models.store import open_store

    store = open_store(url)
    try:
        data = data_words(store)
        with store.engine.connect() as conn:
            from sqlalchemy import text

            streets = [r[0] for r in conn.execute(text("SELECT DISTINCT street FROM pipes")) if r[0]]
    finally:
        store.dispose()
    data |= {w for s in streets for w in s.split()}
    texts = []
    for pdf in ("meeting.pdf", "sheets.pdf"):
        out = subprocess.run(["pdftotext", "-layout", str(tmp_path / pdf), "-"], capture_output=True, text=True,
                             check=True).stdout
        texts += [(pdf, line) for line in out.splitlines() if line.strip()]
    assert any("巡检" in t for _, t in texts)
    found = stray_words(texts, data, fragments=True)
    assert not found, _report(found)
