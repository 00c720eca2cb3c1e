"""Issue 16 (12): the Duty desk names who is on duty now: the night shift's leader at 02:00."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from PySide6.QtGui import QUndoStack

from services.duty.desk import set_duty_shift
from ui.common.desk import DeskContext
from ui.duty.dock import DutyDock

TZ = ZoneInfo("UTC")


def test_at_two_in_the_morning_the_night_shift_leader_is_named(qtbot, store):
    with store.session() as s:
        for day, shift, leader in ((dt.date(2026, 11, 30), "day", "高永红"), (dt.date(2026, 11, 30), "night", "宋雪梅"),
                                   (dt.date(2026, 12, 1), "day", "董军"), (dt.date(2026, 12, 1), "night", "王洋")):
            set_duty_shift(s, day=day, shift=shift, leader=leader, phone="+423 786 00 00", user="t",
                           now=dt.datetime(2026, 11, 29, tzinfo=dt.timezone.utc))
        s.commit()
    now = {"t": dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.timezone.utc)}
    desk = DeskContext(store, QUndoStack(), user="tester", clock=lambda: now["t"])
    dock = DutyDock(desk)
    qtbot.addWidget(dock)
    dock.refresh()
    text = dock.leader_label.text()
    assert "宋雪梅" in text and "night shift" in text, text  # the night that began at 20:00 on the 30th
    assert "董军" not in text
    now["t"] = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.timezone.utc)
    dock.refresh()
    assert "董军" in dock.leader_label.text() and "day shift" in dock.leader_label.text()
    now["t"] = dt.datetime(2026, 12, 1, 21, 0, tzinfo=dt.timezone.utc)
    dock.refresh()
    assert "王洋" in dock.leader_label.text()
