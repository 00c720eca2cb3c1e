"""One patrol day per desk: the meeting's figures come from the desk's live day, not a second whole day."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

import services.patrol.coverage as coverage
from services.patrol.data import load_patrol_session
from services.patrol.shared_day import live_day, publish, withdraw
from tests.cli.test_plan_coverage import ANCHOR, DAY, X0, Y0
from tests.services.patrol.test_midnight import _guard_walk, _planned, _walk

H = 3600.0


def forbid_second_day(monkeypatch) -> None:
    """Make computing a second whole patrol day (the CLI's pipeline) fail the test."""
    def no_second_day(*_a, **_k):
        raise AssertionError("a second whole day was computed")

    monkeypatch.setattr(coverage, "coverage_of_day", no_second_day)


def test_meeting_reads_the_live_day_and_gives_the_clis_figures(store, store_url, capsys, monkeypatch):
    _planned(store, store_url, capsys)
    # The guard walks past the venue and the key point's street; a patroller the far street.
    _guard_walk(store, ANCHOR + 9 * H)
    _walk(store, "g1", [ANCHOR + 9.2 * H + k * 60.0 for k in range(15)], [X0 + 320.0 + k * 0.5 for k in range(15)],
          [Y0 + 320.0] * 15)  # a quarter of an hour at the valve chamber
    _walk(store, "p1", [ANCHOR + 9.5 * H + k * 40.0 for k in range(9)], [X0 + 160.0 + k * 60.0 for k in range(9)],
          [Y0 + 640.0] * 9)
    now = dt.datetime.fromtimestamp(ANCHOR + 11 * H, dt.timezone.utc)

    alone = coverage.meeting_coverage(store, DAY, now)  # no desk day in the process: the CLI's pipeline
    assert alone and any(f.ratio > 0 for f in alone) and any(f.keypoint_rate for f in alone)

    lock = threading.Lock()
    session = load_patrol_session(store, DAY)
    publish(store, DAY, session, lock)
    try:
        forbid_second_day(monkeypatch)
        assert live_day(store, DAY).session is session and live_day(store, DAY + dt.timedelta(days=1)) is None
        shared = coverage.meeting_coverage(store, DAY, now)
        assert shared == alone
        with pytest.raises(AssertionError):  # the CLI path really would compute it
            coverage.compute_coverage(store, DAY.isoformat(), now.isoformat())
    finally:
        withdraw(store, DAY, lock)
    assert live_day(store, DAY) is None
