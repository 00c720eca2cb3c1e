"""``plan`` and ``coverage`` on the bundled demo store, and the session the desk builds from it."""

from __future__ import annotations

import datetime as dt
import json

import app
from services.patrol.data import load_patrol_session
from demo.patrol import simulate_demo_day
from demo.load import is_demo_store, load_demo


def _run(store_url, capsys, *argv):
    code = app.main(["--store", store_url, *argv, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_plan_and_coverage_on_the_demo(store, store_url, capsys):
    load_demo(store)
    assert is_demo_store(store)
    code, plan = _run(store_url, capsys, "plan", "--date", "2026-12-01")
    assert code == 0
    reqs = {r["code"]: r for r in plan["requirements"]}
    # The demo's own six requirements are used, not doubled by the defaults.
    assert set(reqs) == {"VENUE_GUARD", "STATIONED_POST", "KEY_PLACES", "TRANSMISSION", "PATCH", "LEAK_SURVEY"}
    assert reqs["PATCH"]["pipes"] > 1000 and reqs["VENUE_GUARD"]["pipes"] > 0
    assert len(plan["stationed_posts"]) == reqs["STATIONED_POST"]["pipes"] > 0
    # One patch per patrol team, each team on its own patch.
    teams = [t for p in plan["patches"] for t in p["teams"]]
    assert len(plan["patches"]) == 6 and sorted(teams) == [f"T{i:02d}" for i in range(7, 13)]

    code, cov = _run(store_url, capsys, "coverage", "--date", "2026-12-01", "--now", "2026-12-01T10:00:00")
    assert code == 0
    assert {r["code"] for r in cov["requirements"]} == set(reqs)
    assert cov["now"].startswith("2026-12-01T10:00")
    assert sum(len(v) for v in cov["overdue"].values()) > 0  # nobody patrolled: the 4-hourly rounds are late

    # The desk's session on the same plan, fed with the demo patrollers' morning.
    session = load_patrol_session(store, dt.date(2026, 12, 1))
    fixes = simulate_demo_day(session)
    assert set(fixes["device"]) == {f"patrol-{i:02d}" for i in range(1, 13)}
    morning = fixes[fixes["t"] <= session.anchor + 10 * 3600]
    session.add_fixes(morning)
    figs = {f["code"]: f for f in session.requirement_figures(session.anchor + 10 * 3600)}
    assert figs["VENUE_GUARD"]["ratio"] > 0.9
    assert 0.2 < figs["PATCH"]["ratio"] < 1.0  # partial: some teams skip part of their patch
