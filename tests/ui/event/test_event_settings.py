"""File → Event settings…: the event's fields edited in the desk, with the checks of ``event edit``."""

from __future__ import annotations

import datetime as dt

from services.event import EventFields, create_event, event_summary
from ui.event.event_settings import QtEventSettingsDialog


def _event(store):
    return create_event(store, EventFields(name="Monaco Grand Prix", name_zh="摩纳哥大奖赛", start="2026-05-21 06:00",
                                           end="2026-05-24 22:00", tz="Europe/Monaco", crs="EPSG:32632",
                                           guard_buffer_m=150))


def test_dialog_shows_the_event_and_writes_the_changes(qtbot, store):
    _event(store)
    dialog = QtEventSettingsDialog(store)
    qtbot.addWidget(dialog)
    assert dialog.name.text() == "Monaco Grand Prix" and dialog.name_zh.text() == "摩纳哥大奖赛"
    assert dialog.start.dateTime().toString("yyyy-MM-dd HH:mm") == "2026-05-21 06:00"  # local, not UTC
    assert dialog.tz.currentText() == "Europe/Monaco" and dialog.crs.text() == "EPSG:32632"
    assert dialog.buffer.value() == 150
    dialog.name.setText("Monaco ePrix")
    dialog.end.setDateTime(dt.datetime(2026, 5, 25, 20, 0))
    dialog.tz.setCurrentText("Europe/Paris")
    dialog.buffer.setValue(300)
    dialog.accept()
    assert dialog.result() == QtEventSettingsDialog.DialogCode.Accepted
    ev = event_summary(store)
    assert (ev["name"], ev["end_local"], ev["timezone"], ev["guard_buffer_m"]) == (
        "Monaco ePrix", "2026-05-25 20:00", "Europe/Paris", 300.0)
    assert ev["start_utc"].startswith("2026-05-21T04:00")  # 06:00 in Paris (CEST) is 04:00 UTC


def test_invalid_fields_are_refused_with_the_reason_and_nothing_written(qtbot, store):
    before = _event(store)
    for change, reason in (
        (lambda d: d.name.setText("  "), "the event needs a name"),
        (lambda d: d.end.setDateTime(dt.datetime(2026, 5, 20, 8, 0)), "the end (2026-05-20 08:00) is not after the start"),
        (lambda d: d.tz.setCurrentText("Mars/Olympus"), "unknown time zone 'Mars/Olympus'"),
        (lambda d: d.crs.setText("EPSG:4326"), "is not projected"),
        (lambda d: d.crs.setText(""), "give a metric working CRS"),
    ):
        dialog = QtEventSettingsDialog(store)
        qtbot.addWidget(dialog)
        change(dialog)
        dialog.accept()
        assert dialog.isVisible() is False and dialog.result() != QtEventSettingsDialog.DialogCode.Accepted
        assert reason in dialog.error.text(), (reason, dialog.error.text())
        assert event_summary(store) == before
