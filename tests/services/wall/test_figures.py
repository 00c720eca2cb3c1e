"""The wall's figures from a real store: repairs by level, overruns, vehicles lost, reports, items, banner."""

from __future__ import annotations

import datetime as dt

from models.duty import ActionItem
from models.repair import Vehicle
from services.wall.figures import (
    banner_state, coverage_placeholders, current_window_ratios, wall_figures,
)
from services.duty.zero_reports import record_report
from services.repairs.overruns import overrun_check
from tests.models.duty_helpers import add_repair, add_units, at

UTC = dt.timezone.utc


def test_repairs_by_level_overrun_and_newest_serious(store):
    with store.session() as s:
        add_repair(s, "R-1", level="V", reported_at=at("09:00"), dispatched_at=at("09:05"), arrived_at=at("09:30"))
        # Reported 09:30, never dispatched: the 10-minute dispatch limit is overrun at 10:00.
        add_repair(s, "R-2", level="III", reported_at=at("09:30"), lon=9.52, lat=47.14)
        add_repair(s, "R-3", level="II", reported_at=at("09:50"), dispatched_at=at("09:52"), lon=9.53, lat=47.15)
        add_repair(s, "R-4", level="I", status="restored", reported_at=at("08:00"))  # closed: not counted
        add_repair(s, "R-5", level="I", reported_at=at("11:00"))  # not yet reported at 10:00
        s.commit()
        figs = wall_figures(s, at("10:00"), tz=UTC, overrun_check=overrun_check(s))
    assert figs.repairs_by_level == {"I": 0, "II": 1, "III": 1, "IV": 0, "V": 1}
    assert figs.repairs_open == 3 and figs.repairs_serious == 2
    assert figs.repairs_overrun == 1
    assert figs.newest_serious.code == "R-3" and figs.newest_serious.dispatched
    assert len(figs.serious_ids) == 2
    assert sorted(p[1] for p in figs.repair_points) == ["II", "III"]


def test_vehicles_lost_after_two_minutes_without_a_fix(store):
    now = at("10:00")
    with store.session() as s:
        s.add_all([
            Vehicle(code="V1", name="fresh", device_id="d1", status="available", last_t=now.timestamp() - 30),
            Vehicle(code="V2", name="old fix", device_id="d2", status="on_site", last_t=now.timestamp() - 121),
            Vehicle(code="V3", name="never reported", device_id="d3", status="available"),
            Vehicle(code="V4", name="off duty", device_id="d4", status="off_duty"),
        ])
        s.commit()
        figs = wall_figures(s, now, tz=UTC, overrun_check=overrun_check(s))
    assert (figs.vehicles_on_duty, figs.vehicles_lost) == (3, 2)


def test_missing_reports_and_overdue_items(store):
    with store.session() as s:
        u1, u2, u3 = add_units(s)
        record_report(s, unit_id=u1.id, day=at("10:00").date(), slot="08:00", safe=True, user="d", now=at("08:02"))
        s.add(ActionItem(code="A-1", problem="late", status="open", deadline=at("09:00"), created_at=at("07:00")))
        s.add(ActionItem(code="A-2", problem="on time", status="open", deadline=at("18:00"), created_at=at("07:00")))
        s.add(ActionItem(code="A-3", problem="done", status="closed", deadline=at("09:00"), created_at=at("07:00")))
        s.commit()
        figs = wall_figures(s, at("10:00"), tz=UTC, overrun_check=overrun_check(s))
    # 08:00 slot (+15 min grace) has passed; two of three units are silent.
    assert figs.reports_missing == 2
    assert (figs.items_open, figs.items_overdue) == (2, 1)


def test_coverage_is_a_dash_without_a_measure(demo_store):
    store = demo_store
    with store.session() as s:
        placeholders = coverage_placeholders(s)
        figs = wall_figures(s, at("10:00"), overrun_check=overrun_check(s))
        measured = wall_figures(s, at("10:00"), coverage_ratios={"PATCH": 0.5}, overrun_check=overrun_check(s))
    assert [c.code for c in figs.coverage] == [p.code for p in placeholders]
    assert len(placeholders) == 6 and all(c.ratio is None for c in figs.coverage if c.code != "LEAK_SURVEY")
    # The leak survey is counted from its readings, not measured from tracks: none read yet of 72 due.
    leak = next(c for c in figs.coverage if c.code == "LEAK_SURVEY")
    assert (leak.read, leak.due, leak.ratio) == (0, 72, 0.0)
    by_code = {c.code: c.ratio for c in measured.coverage}
    assert by_code["PATCH"] == 0.5 and by_code["VENUE_GUARD"] is None


def test_current_window_ratio():
    reqs = [{"code": "A", "windows": [{"start": 0, "end": 10, "ratio": 0.9}, {"start": 10, "end": 20, "ratio": 0.2}]},
            {"code": "B", "windows": [{"start": "2026-12-01T00:00:00+01:00", "end": "2026-12-02T00:00:00+01:00",
                                       "ratio": 0.4}]}]
    assert current_window_ratios(reqs, 12)["A"] == 0.2
    assert current_window_ratios(reqs, 5)["A"] == 0.9
    start = dt.datetime.fromisoformat("2026-12-01T06:00:00+01:00").timestamp()
    assert current_window_ratios(reqs, start)["B"] == 0.4
    assert current_window_ratios(reqs, 0)["B"] is None


def test_banner_flashes_until_dispatched_then_steady_then_gone(store):
    with store.session() as s:
        r = add_repair(s, "R-9", level="IV", reported_at=at("09:00"))
        s.commit()
        assert banner_state(wall_figures(s, at("09:20"), tz=UTC, overrun_check=overrun_check(s)).newest_serious, at("09:20")) == "flash"
        r.dispatched_at, r.status = at("09:05"), "dispatched"
        s.commit()
        assert banner_state(wall_figures(s, at("09:10"), tz=UTC, overrun_check=overrun_check(s)).newest_serious, at("09:10")) == "steady"
        assert banner_state(wall_figures(s, at("09:20"), tz=UTC, overrun_check=overrun_check(s)).newest_serious, at("09:20")) is None
        assert banner_state(None, at("09:20")) is None
