"""The wall in the desk's process reads the desk's live patrol day: the same ratios, no second whole day."""

from __future__ import annotations

import datetime as dt
import json
import threading

import app
import services.patrol.coverage as coverage
from services.patrol.data import load_patrol_session
from services.patrol.shared_day import publish, withdraw
from tests.cli.test_plan_coverage import ANCHOR, DAY, X0, Y0, _seed
from tests.services.patrol.test_midnight import _walk
from ui.wall.feed import measure_coverage

H = 3600.0


def test_wall_ratios_from_the_live_day(store, store_url, capsys, monkeypatch):
    _seed(store)
    assert app.main(["--store", store_url, "plan", "--patches", "2", "--date", DAY.isoformat(), "--json"]) == 0
    json.loads(capsys.readouterr().out)
    _walk(store, "g1", [ANCHOR + 9 * H + k * 40.0 for k in range(9)], [X0 + k * 60.0 for k in range(9)],
          [Y0 + 160.0] * 9)
    now = dt.datetime.fromtimestamp(ANCHOR + 10 * H, dt.timezone.utc)
    alone = measure_coverage(store, now)  # no desk day: the CLI's whole-day pipeline
    assert alone and any(v for v in alone.values())

    lock = threading.Lock()
    publish(store, DAY, load_patrol_session(store, DAY), lock)
    try:
        def no_second_day(*_a, **_k):
            raise AssertionError("a second whole day was computed")

        monkeypatch.setattr(coverage, "coverage_of_day", no_second_day)
        assert measure_coverage(store, now) == alone
    finally:
        withdraw(store, DAY, lock)
