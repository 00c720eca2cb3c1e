"""``plan`` and ``coverage`` on the bundled demo store, and the session the desk builds from it."""

from __future__ import annotations

import datetime as dt
import json

import app
from services.patrol.data import load_patrol_session
from demo.patrol import simulate_demo_day
from demo.load import is_demo_store


def _run(store_url, capsys, *argv):
    code = app.main(["--store", store_url, *argv, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_plan_and_coverage_on_the_demo(demo_store, store_url, capsys):
    store = demo_store
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


def test_the_chinese_plan_says_its_reasons_and_requirements_in_chinese(planned_demo_store, store_url):
    """``plan`` in Chinese: requirement names and reasons in Chinese, the stationed posts listed as such."""
    from tests.support.cli import run_app
    from tests.ui.latin_scan import data_words, stray_words

    run = run_app("--lang", "zh_CN", "--store", store_url, "plan", "--date", "2026-12-01")
    assert run.returncode == 0, run.stderr
    assert "会场驻地保障：" in run.stdout and "VENUE_GUARD" not in run.stdout
    posts = run.stdout.split("驻点：", 1)[1].splitlines()[1:]
    assert posts and all(line.endswith("：输水干管明管段") for line in posts)
    texts = [("plan", line) for line in run.stdout.splitlines()]
    assert stray_words(texts, data_words(planned_demo_store)) == {}

    english = run_app("--store", store_url, "plan", "--date", "2026-12-01", "--json")
    reasons = {a["reason"] for a in json.loads(english.stdout)["assignments"]}  # stored, language-neutral
    assert "patch patrol" in reasons and any(r.startswith("within ") for r in reasons)


def test_plan_reasons_are_recognised_or_passed_through(qapp):
    from services.patrol.reason_text import plan_reason
    from ui.common.i18n import install_translators

    assert plan_reason("within 1,200 m of residence Hotel Residence") == "within 1,200 m of residence Hotel Residence"
    assert plan_reason("within 50 m of key_unit Spital") == "within 50 m of key unit Spital"
    install_translators(qapp, "zh_CN")  # the autouse fixture puts English back
    assert plan_reason("within 1,200 m of residence Hotel Residence") == "距驻地 Hotel Residence 1,200 米以内"
    assert plan_reason("along motorcade route R1 Airport – Stadium") == "沿车队路线 R1 Airport – Stadium"
    assert plan_reason("within 50 m of key_unit Spital") == "距重点单位 Spital 50 米以内"  # the kind as stored
    assert plan_reason("patch patrol") == "管片巡检"
    assert plan_reason("a reason typed by hand") == "a reason typed by hand"
