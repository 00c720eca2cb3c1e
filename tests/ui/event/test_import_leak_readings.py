"""File → Import… takes a leak-noise logger's CSV as the command line's ``import leak-readings`` does."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from models.leak_survey import LeakReading
from services.leak_survey import day_status
from ui.event.file_actions import QtImportDialog

LOGGER_CSV = "leak/noise_loggers_2026-12-01.csv"
DAY = dt.date(2026, 12, 1)  # the demo event's first day


def test_the_import_dialog_imports_logger_readings(qtbot, demo_store, fixtures, tmp_path):
    dialog = QtImportDialog(demo_store)
    qtbot.addWidget(dialog)
    index = dialog.kind.findData("leak-readings")
    assert index >= 0 and "Leak-survey readings" in dialog.kind.itemText(index)
    dialog.kind.setCurrentIndex(index)

    bad = tmp_path / "logger_bad.csv"
    bad.write_text("Site ID,Date/Time,Level (dB),Verdict\nLP012,2026-12-01 02:00,18.4,maybe\n"
                   "LP998,2026-12-01 02:00,18.4,\n", encoding="utf-8")
    dialog.path.setText(str(bad))
    refused = dialog.run_import()
    shown = dialog.result.toPlainText()
    assert not refused["ok"] and "Nothing was stored." in shown
    assert "row 2, column Verdict: 'maybe' is not one of leak suspected, no leak, unclear" in shown
    assert "row 3, column Site ID: no leak-survey point 'LP998'" in shown

    dialog.path.setText(str(fixtures / LOGGER_CSV))
    report = dialog.run_import()
    assert report["ok"] and report["imported"] == 5, report
    shown = dialog.result.toPlainText()
    assert "Imported 5 from noise_loggers_2026-12-01.csv." in shown and "readings for 2026-12-01" in shown
    with demo_store.session() as s:
        status = day_status(s, DAY, dt.datetime(2026, 12, 1, 23, tzinfo=dt.timezone.utc))
        assert s.scalar(select(func.count()).select_from(LeakReading).where(LeakReading.source == "logger")) == 5
    assert status.points_read == 5 and status.by_source == {"logger": 5}
