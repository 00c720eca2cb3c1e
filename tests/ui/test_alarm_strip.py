"""Issue 16 (1): the desk's alarm strip, dock badges, the raise on an overrun, pulsing until acknowledged."""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtWidgets import QDockWidget, QTabBar
from sqlalchemy import select

from models.audit import AuditEntry
from tests.ui.desk_windows import demo_file, open_desk  # noqa: F401 (fixtures)

STADIUM_PIPE = 883


def _front(window, dock: QDockWidget) -> bool:
    """Whether ``dock`` is the current tab of its tab group (or not tabbed)."""
    for bar in window.findChildren(QTabBar):
        for i in range(bar.count()):
            if bar.tabText(i) == dock.windowTitle() and bar.isVisible():
                return bar.currentIndex() == i
    return dock.isVisible()


def test_overrun_behind_another_dock_badges_raises_pulses_until_acknowledged(open_desk, qtbot):
    window = open_desk("zh_CN")
    alarms = window.alarms
    alarms.refresh_now()
    assert window.findChild(QDockWidget, "alarmStrip") is None  # a toolbar row, not a dock
    assert alarms.toolbar.isVisible()
    assert alarms.strip.chips["overruns"].text() == "超时 0"
    assert alarms.strip.severity["overruns"] == "ok"

    window.duty_dock.raise_()
    repairs_dock = window.repairs.repairs_dock
    assert not _front(window, repairs_dock)
    # A leak reported three hours ago and never dispatched: the dispatch limit has overrun.
    now = window.desk.now()
    rid = window.repairs.desk.create(pipe=STADIUM_PIPE, caller="市民", description="路面冒水",
                                     reported_at=now - dt.timedelta(hours=3))
    assert rid is not None
    window.duty_dock.raise_()
    assert not _front(window, repairs_dock)
    alarms.refresh_now()

    strip = alarms.strip
    assert strip.chips["overruns"].text() == "超时 1"
    assert strip.severity["overruns"] == "alarm"
    assert strip.ack_button.isVisible() and "1" in strip.ack_button.text()
    assert "⚠1" in alarms.badge_text("repairsDock")
    tab_texts = [bar.tabText(i) for bar in window.findChildren(QTabBar) for i in range(bar.count())]
    assert any(t.startswith(alarms._base_titles["repairsDock"]) and "⚠1" in t for t in tab_texts)
    assert _front(window, repairs_dock)  # raised on the new overrun
    rows = repairs_dock.table.selectionModel().selectedRows()
    assert rows and repairs_dock.repairs[rows[0].row()].id == rid  # and the late repair selected
    assert [p[0] for p in alarms.pulsing_points()] == [rid]
    assert alarms._pulse.isActive()

    # The same overrun does not raise the dock again.
    window.duty_dock.raise_()
    alarms.refresh_now()
    assert not _front(window, repairs_dock)

    # Acknowledged: audited, no more pulsing, here and on a second desk.
    assert alarms.acknowledge() == 1
    with window.store.session() as s:
        line = s.scalars(select(AuditEntry).where(AuditEntry.action == "overrun_ack")).one()
    assert line.row_id == rid and "dispatch" in line.detail and line.user == window.desk.user
    assert alarms.pulsing_points() == []
    assert not strip.ack_button.isVisible()
    assert strip.chips["overruns"].text() == "超时 1"  # still late, but seen
    other = open_desk("en", role="dispatcher")
    other.alarms.refresh_now()
    assert other.alarms.pulsing_points() == []
    assert other.alarms.strip.chips["overruns"].text() == "Overrun 1"


def test_viewer_sees_the_strip_but_cannot_acknowledge(open_desk):
    window = open_desk("en", role="viewer")
    window.alarms.refresh_now()
    assert not window.alarms.strip.ack_button.isEnabled()
    assert window.alarms.strip.chips["repairs"].text().startswith("Open repairs 0")


def test_the_strips_lost_vehicles_are_the_feeds(open_desk, qtbot):
    """The strip, the status bar and the Vehicles dock give one number for lost vehicles."""
    window = open_desk("en")
    feed = window.repairs.feed
    qtbot.waitUntil(lambda: len(feed.vehicles) == 14 and not feed.lost_devices(), timeout=20_000)
    # Figures read from a store whose fixes are minutes old (the desk's start, before a flush).
    stale = dataclasses.replace(window.alarms.figures or _read(window), vehicles_lost=14, vehicles_on_duty=14)
    window.alarms.apply(stale, acks={})
    assert window.alarms.figures.vehicles_lost == 0
    assert window.alarms.strip.chips["vehicles"].text() == "Vehicles lost 0/14"
    assert "14 vehicles, 0 lost" in feed.describe()


def _read(window):
    window.alarms.refresh_now()
    return window.alarms.figures
