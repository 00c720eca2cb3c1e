"""The headless meeting record carries the measured coverage, the same figures the desk's meeting shows."""

from __future__ import annotations

import datetime as dt
import json

import app
from tests.cli.test_plan_coverage import DAY, X0, Y0, _seed
from tests.services.patrol.test_midnight import _walk
from tests.cli.test_plan_coverage import ANCHOR
from ui.duty.meeting_coverage import MeetingCoverage


def test_headless_meeting_carries_the_desks_coverage(qtbot, store, store_url, capsys, tmp_path):
    _seed(store)
    assert app.main(["--store", store_url, "plan", "--patches", "2", "--date", DAY.isoformat(), "--json"]) == 0
    capsys.readouterr()
    # The guard walks a street in the 08:00–12:00 window at 1.2 m/s.
    y = Y0 + 160.0
    _walk(store, "g1", [ANCHOR + 9 * 3600 + k * 50.0 for k in range(9)], [X0 + k * 60.0 for k in range(9)], [y] * 9)
    now = dt.datetime(2025, 6, 1, 12, 30, tzinfo=dt.timezone.utc)

    out = tmp_path / "meeting.pdf"
    assert app.main(["--store", store_url, "--lang", "en", "meeting", "--date", DAY.isoformat(),
                     "--now", now.isoformat(), "--out", str(out), "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    cli = {c["requirement"]: c for c in record["status"]["coverage"]}
    assert out.stat().st_size > 0
    assert cli["venue_guard"]["ratio"] > 0

    # The desk's meeting measures with the same service, off the GUI thread.
    desk = MeetingCoverage(store, lambda: now)
    try:
        with qtbot.waitSignal(desk.ready, timeout=60_000):
            desk.measure(DAY)
        figures = desk.get(DAY)
    finally:
        desk.close()
    assert {f.requirement: f.ratio for f in figures} == {k: v["ratio"] for k, v in cli.items()}
    assert {f.requirement: f.keypoint_rate for f in figures} == {k: v["keypoint_rate"] for k, v in cli.items()}
