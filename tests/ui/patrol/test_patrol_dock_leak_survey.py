"""The Patrol dock's leak-survey line: points read / points due from the readings, overdue points in red."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtGui import QUndoStack

from services.leak_survey import day_status, record_reading
from ui.common.desk import DeskContext
from ui.map.canvas import MapCanvas
from ui.map.setup import load_layers
from ui.patrol.dock import PatrolDock
from ui.patrol.live import PatrolLive
from ui.patrol.map import PatrolMapController

TZ = ZoneInfo("Europe/Vaduz")
DAY = dt.date(2026, 12, 2)  # the demo event's second day
NOW = dt.datetime.combine(DAY, dt.time(10, 0), tzinfo=TZ)


@pytest.fixture
def dock(qtbot, demo_store):
    """The dock on the demo store at 10:00 of the event's second day (no patrol session needed)."""
    layers, projector = load_layers(demo_store, basemap=None)
    canvas = MapCanvas(layers, projector)
    qtbot.addWidget(canvas)
    live = PatrolLive(demo_store, NOW.timestamp, DAY)
    mapctl = PatrolMapController(live, layers, projector, DeskContext(demo_store, QUndoStack()), canvas)
    d = PatrolDock(live, mapctl, TZ)
    qtbot.addWidget(d)
    yield d
    live.close()
    d.close_dock()
    canvas.close_canvas()


def test_the_dock_shows_points_read_and_yesterdays_overdue_points(dock, demo_store, qtbot):
    with demo_store.session() as s:
        for code, hour in (("LP001", 8), ("LP002", 9)):
            out = record_reading(s, code, dt.datetime.combine(DAY, dt.time(hour), tzinfo=TZ), None, 30.0,
                                 None, None, f"dock-{code}", now=NOW)
            assert out.status == "stored"
        # The first day: every point but LP003 read, so LP003 is overdue now that the day is over.
        for i in range(1, 73):
            code = f"LP{i:03d}"
            if code != "LP003":
                record_reading(s, code, dt.datetime.combine(DAY - dt.timedelta(days=1), dt.time(7), tzinfo=TZ),
                               None, None, "no_leak", None, f"d1-{code}", now=NOW)
        s.commit()
    dock.refresh_leak_survey()
    dock.show()
    qtbot.waitExposed(dock)
    assert dock.leak_label.isVisible() and dock.leak_label.text() == "Leak survey reading"
    assert dock.leak_bar.text == "2 of 72 points read"
    assert dock.leak_bar.ratio == pytest.approx(2 / 72)
    assert dock.leak_overdue.text() == "1 overdue (2026-12-01)"
    assert "LP003" in dock.leak_overdue.toolTip()

    # At the end of the dock's own day, its own unread points are the overdue ones.
    with demo_store.session() as s:
        over = day_status(s, DAY, dt.datetime.combine(DAY + dt.timedelta(days=1), dt.time(0, 5), tzinfo=TZ))
    dock.show_leak_survey(over)
    assert dock.leak_overdue.text() == "70 overdue (2026-12-02)"
    assert "LP001" not in dock.leak_overdue.toolTip() and "LP003" in dock.leak_overdue.toolTip()
