"""The wall in the desk's process reads the desk's live patrol day: the same ratios, no second whole day."""

from __future__ import annotations

import datetime as dt
import threading

from services.patrol.data import load_patrol_session
from services.patrol.shared_day import publish, withdraw
from tests.cli.test_plan_coverage import ANCHOR, DAY
from tests.services.patrol.test_midnight import _guard_walk, _planned
from tests.services.patrol.test_shared_day import forbid_second_day
from ui.wall.feed import measure_coverage

H = 3600.0


def test_wall_ratios_from_the_live_day(store, store_url, capsys, monkeypatch):
    _planned(store, store_url, capsys)
    _guard_walk(store, ANCHOR + 9 * H)
    now = dt.datetime.fromtimestamp(ANCHOR + 10 * H, dt.timezone.utc)
    alone = measure_coverage(store, now)  # no desk day: the CLI's whole-day pipeline
    assert alone and any(v for v in alone.values())

    lock = threading.Lock()
    publish(store, DAY, load_patrol_session(store, DAY), lock)
    try:
        forbid_second_day(monkeypatch)
        assert measure_coverage(store, now) == alone
    finally:
        withdraw(store, DAY, lock)
