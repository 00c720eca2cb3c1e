"""The wall's leak-survey row shows points read / points due (it showed "—" before readings were stored)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QApplication

from services.leak_survey import record_reading
from ui.common.i18n import install_translators
from ui.wall.window import WallWindow

TZ = ZoneInfo("Europe/Vaduz")
NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=TZ)


def _leak_row(wall: WallWindow):
    for name, bar, pct in wall.coverage_rows:
        if name.isVisible() and name.full_text in ("Leak survey reading", "测漏数据采集"):
            return name, bar, pct
    raise AssertionError([r[0].full_text for r in wall.coverage_rows])


def _shown_wall(qtbot, store, lang: str, now: dt.datetime) -> WallWindow:
    """A wall at ``now`` in ``lang``, shown and refreshed once, its coverage rows drawn."""
    wall = WallWindow(store, lang, clock=lambda: now, coverage_every_s=1e9)
    qtbot.addWidget(wall)
    wall.resize(1920, 1080)
    wall.show()
    qtbot.waitExposed(wall)
    wall.refresh_now()
    qtbot.waitUntil(lambda: any(r[0].isVisible() for r in wall.coverage_rows))
    return wall


def test_the_wall_shows_leak_survey_points_read(qtbot, demo_store):
    with demo_store.session() as s:
        for code in ("LP001", "LP012", "LP033"):
            record_reading(s, code, NOW - dt.timedelta(hours=3), None, 25.0, None, None, f"wall-{code}", now=NOW)
        s.commit()
    for lang in ("en", "zh_CN"):
        install_translators(QApplication.instance(), lang)
        try:
            wall = _shown_wall(qtbot, demo_store, lang, NOW)
            _, bar, pct = _leak_row(wall)
            assert pct.full_text == "3/72" and bar.value() == 4
            wall.close()
        finally:
            install_translators(QApplication.instance(), "en")


def test_the_wall_shows_yesterdays_overdue_points_next_to_read_due(qtbot, demo_store, tmp_path):
    from services.leak_survey.survey import last_day_status

    day2 = NOW + dt.timedelta(days=1)
    with demo_store.session() as s:
        for code in ("LP001", "LP012"):  # day 1: 2 of 72 read, 70 left overdue
            record_reading(s, code, NOW - dt.timedelta(hours=3), None, 25.0, None, None, f"d1-{code}", now=NOW)
        record_reading(s, "LP033", day2 - dt.timedelta(hours=1), None, None, "no_leak", None, "d2", now=day2)
        s.commit()
        assert last_day_status(s, NOW) is None  # the event's first day: no day has ended in it
        assert len(last_day_status(s, day2).overdue) == 70
    for lang, text in (("en", "1/72 · 70 overdue"), ("zh_CN", "1/72 · 逾期 70")):
        install_translators(QApplication.instance(), lang)
        try:
            wall = _shown_wall(qtbot, demo_store, lang, day2)
            _, bar, pct = _leak_row(wall)
            assert pct.full_text == text and pct.property("alarm") is True
            wall.grab().save(str(tmp_path / f"wall_{lang}.png"))
            wall.close()
        finally:
            install_translators(QApplication.instance(), "en")
