"""A short drill window on the demo event, against known answers; the after-action figures; wiping.

One drill is played once per module (14:00–16:20 of the eve of the event, a
reduced scale, a fix every 5 s) on a copy of a demo store with its plan; the
tests read what it left. The full day at full scale is tests/bench/drill.py.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess

import pytest
from sqlalchemy import func, select

import app
from demo.drill.scenario import Scale, parse_scenario
from models.drill import DrillRun
from models.store import open_store
from services.duty.zero_reports import report_matrix
from services.after_action import after_action
from services.drill.ledger import DrillError, wipe
from demo.drill.runner import DrillOptions, DrillRunner

DAY = dt.date(2026, 11, 30)  # the eve of the demo event (its default drill day)
SCENARIO = {
    "name": "Test drill", "name_zh": "测试演练", "start": "14:00", "end": "16:20",
    "incidents": [
        {"kind": "patch_skip", "at": "08:00", "patch": "PP03", "fraction": 0.3},
        {"kind": "burst", "at": "14:10", "place": "RES02", "diameter_min_mm": 150, "call_to_dispatch_min": 6,
         "isolate_after_min": 25, "repair_after_min": 60, "restore_after_min": 30},
        {"kind": "construction_dig", "at": "14:15", "site": "CS02", "close_after_min": 30, "owner": "管网分公司"},
        {"kind": "post_departure", "at": "14:20", "post": 3, "minutes": 20},
        {"kind": "vehicle_silent", "at": "14:30", "vehicle": 2, "minutes": 10},
        {"kind": "missing_zero_report", "at": "16:00", "unit": "RU06"},
    ],
}
SCALE = Scale(venue_squads=7, guards=24, stationed=11, patch_patrollers=6, vehicles=6, crew_per_vehicle=2,
              fix_interval_s=5.0, vehicle_interval_s=5.0)
COUNTED = ("vehicles", "teams", "people", "shifts", "repairs", "notifications", "audit_log", "zero_reports",
           "action_items", "meetings", "duty_shifts", "positions", "track_points")


def _counts(store) -> dict[str, int]:
    from models.base import Base

    with store.engine.connect() as conn:
        return {t: conn.execute(select(func.count()).select_from(Base.metadata.tables[t])).scalar_one()
                for t in COUNTED}


@pytest.fixture(scope="module")
def played(tmp_path_factory, first_day_plan_template):
    """A demo store with its plan and a real repair and fixes of its own, then the test drill played into it."""
    from tests.support.stores import open_copy

    folder = tmp_path_factory.mktemp("drill")
    url = f"sqlite:///{folder / 'store.sqlite'}"
    store = open_copy(first_day_plan_template, url)  # load_demo, then make_plan for 2026-12-01
    # The real event's own rows: a repair and a patrol fix on its first day.
    from models.bulk import write_track_points
    from services.repairs.opening import open_repair

    with store.session() as s:
        open_repair(s, pipe="P00100", level="V", reported_at=dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.timezone.utc),
                    user="desk")
        s.commit()
    import pandas as pd

    with store.engine.begin() as conn:
        write_track_points(conn, pd.DataFrame({"device": ["patrol-01"], "t": [1796112000.0], "lon": [9.52],
                                               "lat": [47.13], "source": ["feed"]}))
    before = _counts(store)
    scenario = parse_scenario(SCENARIO, "test_drill.yaml")
    runner = DrillRunner(store, scenario, DrillOptions(speed=0, scale=SCALE, lang="zh_CN"))
    setup = runner.prepare()
    summary = runner.run()
    yield {"store": store, "url": url, "runner": runner, "setup": setup, "summary": summary, "before": before,
           "folder": folder}
    store.dispose()


def _log(summary: dict, kind: str) -> list[dict]:
    return [e for e in summary["timeline"] if e["kind"] == kind]


def _at(runner, hhmm: str) -> float:
    h, m = map(int, hhmm.split(":"))
    return runner.anchor + h * 3600 + m * 60


def test_the_drill_sets_up_its_own_units_and_reports_through_the_feed(played):
    setup, summary = played["setup"], played["summary"]
    assert setup["day"] == DAY.isoformat() and setup["run"] == "DR1"
    assert setup["patrol_devices"] == 24 and setup["vehicles"] == 6 and setup["squads"] == 7
    assert setup["people"] == 48  # two shifts
    assert summary["status"] == "finished" and summary["rejected"] == 0
    # Every report went through the sink and was stored (vehicles as positions, patrollers as track points).
    assert summary["positions_stored"] == summary["positions_sent"] > 0
    store = played["store"]
    with store.engine.connect() as conn:
        from models.patrol import TrackPoint
        from models.repair import Position

        fixes = conn.execute(select(func.count()).select_from(TrackPoint).where(TrackPoint.device.like("DR1-%"),
                                                                                 TrackPoint.team_id.is_not(None)))
        positions = conn.execute(select(func.count()).select_from(Position).where(Position.device.like("DR1-%"),
                                                                                   Position.protocol == "osmand"))
        assert fixes.scalar_one() + positions.scalar_one() == summary["positions_stored"]
        # ... over HTTP to a real listener, every request answered 200, received on the drill's clock.
        received = conn.execute(select(func.max(Position.received_t)).where(Position.device.like("DR1-%")))
        assert received.scalar_one() <= played["runner"].t1
    assert summary["listener"]["port"] > 0 and summary["listener"]["answers_not_200"] == []


def test_the_poster_sends_pipelined_requests_to_a_real_listener(tmp_path):
    from gis.feeds.osmand import OsmAndListener
    from demo.drill.poster import Poster
    from models.repair import Position
    from services.feed.routing import RoutingSink

    store = open_store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    clock = [1_700_000_000.0]
    sink = RoutingSink(store.engine, {"walker": None}, register_unknown=False, clock=lambda: clock[0]).start()
    listener = OsmAndListener(sink, "127.0.0.1", 0, clock=lambda: clock[0]).start()
    poster = Poster("127.0.0.1", listener.port, connections=3)
    try:
        for k in range(50):
            for device in ("walker", "stranger"):
                poster.add(device, f"/?id={device}&lat=47.1&lon=9.5&timestamp={clock[0] + k:.0f}")
            poster.send()
        poster.drain()
        assert poster.sent == 100 and poster.ok == 50
        assert poster.rejected and all(r.startswith("400 unknown_device") for r in poster.rejected)
    finally:
        poster.close()
        listener.stop()
        sink.stop()
    with store.engine.connect() as conn:
        from models.patrol import TrackPoint

        assert conn.execute(select(func.count()).select_from(TrackPoint)).scalar_one() == 50
        assert conn.execute(select(func.count()).select_from(Position)).scalar_one() == 0
    store.dispose()


def test_the_burst_runs_against_its_five_limits(played):
    runner = played["runner"]
    report = after_action(played["store"], DAY)
    (repair,) = [r for r in report["repairs"] if r["address"] == "Hotel Residence"]
    assert repair["level"] == "IV" and "RES02" in repair["level_reason"] and repair["in_guarded_zone"]
    limits = {x["limit"]: x for x in repair["limits"]}
    assert limits["dispatch"]["state"] == "met" and limits["dispatch"]["elapsed_min"] == 6.0
    assert limits["dispatch"]["margin_min"] == 4.0
    assert limits["arrival"]["state"] == "met" and limits["arrival"]["target_min"] == 30.0
    assert limits["isolation"]["elapsed_min"] == 25.0 and limits["isolation"]["state"] == "met"
    assert limits["repair"]["elapsed_min"] == 60.0 and limits["repair"]["state"] == "met"
    assert limits["restoration"]["elapsed_min"] == 30.0 and limits["restoration"]["state"] == "met"
    assert repair["met"] == 5 and repair["overrun"] == 0 and repair["status"] == "restored"
    # Dispatched by street travel time: the drill's log says who and the arrival follows the drive.
    (dispatch,) = _log(played["summary"], "dispatch")
    assert dispatch["t"] == _at(runner, "14:16")
    (arrived,) = _log(played["summary"], "arrived")
    assert dispatch["t"] < arrived["t"] < dispatch["t"] + 30 * 60
    isolated = _log(played["summary"], "isolated")[0]
    assert "关阀" in isolated["text_zh"]


def test_the_crew_arrives_after_the_drive_by_the_street_graph(played):
    """Dispatch to arrival is the dispatched truck's drive over the street graph from where it was (issue 15)."""
    from models.repair import Position, Repair, Vehicle

    runner, store, streets = played["runner"], played["store"], played["runner"].streets
    with store.session() as s:
        repair = s.scalars(select(Repair).where(Repair.address == "Hotel Residence")).one()
        vehicle = s.get(Vehicle, repair.vehicle_id)
        dispatched, arrived = repair.dispatched_at.timestamp(), repair.arrived_at.timestamp()
        lon, lat = s.execute(select(Position.lon, Position.lat).where(
            Position.device == vehicle.device_id, Position.t <= dispatched).order_by(Position.t.desc()).limit(1)).one()
        site = (repair.lon, repair.lat)
    start, _ = streets.nearest_nodes(lon, lat)
    target, _ = streets.nearest_nodes(*site)
    _, edges = streets.shortest_path(int(start[0]), int(target[0]), "time")
    drive = float(streets.time_s[edges].sum())  # at the streets' speeds
    assert drive > 30  # the nearest truck was not already at the door
    # Two minutes' turnout (the default), then the drive at 80-100 % of the streets' speeds; reports (and so
    # this start point) every 5 s.
    turnout = 120.0
    assert turnout + drive - 15 <= arrived - dispatched <= turnout + drive / 0.8 + 15, (arrived - dispatched, drive)
    (entry,) = _log(played["summary"], "dispatch")
    assert entry["t"] == dispatched and vehicle.code in entry["text"] and "2 min turnout" in entry["text"]


def test_the_missing_zero_report_alarms_at_its_deadline(played):
    runner, store = played["runner"], played["store"]
    deadline = _at(runner, "16:15")  # the 16:00 slot plus 15 minutes' grace
    (alarm,) = _log(played["summary"], "zero_report_missing")
    assert alarm["t"] == deadline and "16:00" in alarm["text"]
    with store.session() as s:
        before = report_matrix(s, DAY, dt.datetime.fromtimestamp(deadline - 1, dt.timezone.utc))
        at = report_matrix(s, DAY, dt.datetime.fromtimestamp(deadline, dt.timezone.utc))
    assert not [c for c in before.missing if c.slot == "16:00"]
    assert [(c.unit_code, c.slot) for c in at.missing if c.slot == "16:00"] == [("RU06", "16:00")]
    assert sum(1 for c in at.received if c.slot == "16:00") == len(at.units) - 1


def test_the_guard_leaving_his_post_is_counted_once(played):
    report = after_action(played["store"], DAY)
    posts = report["coverage"]["stationed_posts"]
    departures = {p["pipe"]: sum(w["departures"] for w in p["windows"]) for p in posts}
    post3 = played["runner"].patrol.pipe_codes[played["runner"].units.posts[2][1]]
    assert departures[post3] == 1
    assert sum(departures.values()) == 1
    assert report["totals"]["post_departures"] == 1


def test_the_silent_vehicle_is_lost_and_comes_back(played):
    runner, summary = played["runner"], played["summary"]
    (lost,) = _log(summary, "vehicle_lost")
    (back,) = _log(summary, "vehicle_back")
    assert "DR1-v02" in lost["text"] and "DR1-v02" in back["text"]
    assert _at(runner, "14:32") <= lost["t"] <= _at(runner, "14:33")
    assert _at(runner, "14:40") <= back["t"] <= _at(runner, "14:41")


def test_the_report_shows_the_numbers_of_coverage_and_reports(played, capsys):
    report = after_action(played["store"], DAY)
    now = report["now"]
    assert now.startswith("2026-11-30T16:20")
    assert app.main(["--store", played["url"], "coverage", "--date", DAY.isoformat(), "--now", now, "--json"]) == 0
    coverage = json.loads(capsys.readouterr().out)
    assert report["coverage"] == coverage
    assert "PP03" in coverage["patches"]
    assert app.main(["--store", played["url"], "reports", "--date", DAY.isoformat(), "--now", now, "--json"]) == 0
    reports = json.loads(capsys.readouterr().out)
    assert report["totals"]["zero_reports_missing"] == len(reports["missing"])
    assert report["totals"]["zero_reports_on_time"] + report["totals"]["zero_reports_late"] == len(reports["received"])
    assert report["action_items"]["opened"] == 1 and report["action_items"]["closed"] == 1
    assert report["drill"]["code"] == "DR1"
    kinds = [e["kind"] for e in report["timeline"]]
    assert kinds.index("repair.reported") < kinds.index("repair.dispatched") < kinds.index("repair.restored")
    assert "zero_report.missing" in kinds and "drill.vehicle_lost" in kinds


def test_the_pdf_and_the_wall_say_drill(played, tmp_path, capsys):
    pdf = tmp_path / "after.pdf"
    from tests.support.cli import run_app  # puts the translators back: zh_CN stays in this command

    run = run_app("--store", played["url"], "--lang", "zh_CN", "report", "--date", DAY.isoformat(), "--out", str(pdf))
    assert run.returncode == 0, run.stderr
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) >= 2
    assert all("演练 DR1" in p for p in pages)  # on every page, searchable Chinese
    assert "抢修五个时限执行情况" in text and "复盘报告" in text
    xlsx = tmp_path / "after.xlsx"
    assert app.main(["--store", played["url"], "report", "--date", DAY.isoformat(), "--out", str(xlsx)]) == 0
    capsys.readouterr()
    import pandas as pd

    sheets = pd.read_excel(xlsx, sheet_name=None)
    assert "Time limits" in sheets and len(sheets["Time limits"]) == 5 * len(after_action(played["store"], DAY)["repairs"])
    # The wall's figures carry the drill; its title says so.
    from services.wall.figures import wall_figures
    from services.repairs.overruns import overrun_check

    with played["store"].session() as s:
        figs = wall_figures(s, dt.datetime.now(dt.timezone.utc), overrun_check=overrun_check(s))
    assert figs.drill == "DR1"
    from ui.wall.window import WallWindow

    wall = WallWindow(played["store"], "en")
    try:
        wall._on_figures_change(figs)
        assert wall.title.text().startswith("DRILL DR1")
        assert wall.title.property("alarm") is True
    finally:
        wall.close()
        wall.deleteLater()


def test_a_second_drill_of_the_same_day_is_refused(played):
    scenario = parse_scenario(SCENARIO, "test_drill.yaml")
    with pytest.raises(DrillError, match="DR1 already simulated 2026-11-30"):
        DrillRunner(played["store"], scenario, DrillOptions(speed=0, scale=SCALE)).prepare()
    with pytest.raises(DrillError, match="real event"):
        DrillRunner(played["store"], scenario, DrillOptions(day=dt.date(2026, 12, 1), speed=0, scale=SCALE)).prepare()


def test_wiping_the_drill_leaves_the_real_event_intact(played, tmp_path):
    shutil.copy(played["folder"] / "store.sqlite", tmp_path / "copy.sqlite")
    store = open_store(f"sqlite:///{tmp_path / 'copy.sqlite'}")
    try:
        result = wipe(store)
        assert result["runs"] == ["DR1"] and result["positions"] > 0 and result["track_points"] > 0
        assert _counts(store) == played["before"]
        with store.session() as s:
            assert s.scalar(select(func.count()).select_from(DrillRun)) == 0
            from models.repair import Repair

            assert [r.code for r in s.scalars(select(Repair))] == ["R20261201-001"]
        with pytest.raises(DrillError, match="no drill"):
            wipe(store)
    finally:
        store.dispose()


def test_the_drills_rows_are_judged_by_the_drills_clock(played):
    """On the wall clock (a day later) the drill's repair would be overrun and its vehicles lost."""
    from services.drill.clock import drill_clocks
    from services.repairs.overruns import overrun_check, repair_overruns, time_limit_rules
    from services.wall.figures import wall_figures
    from models.repair import Repair, Vehicle

    store, runner = played["store"], played["runner"]
    wall_now = dt.datetime.fromtimestamp(runner.t1 + 86_400.0, dt.timezone.utc)
    drill_end = dt.datetime.fromtimestamp(runner.now, dt.timezone.utc)
    with store.session() as s:
        clocks = drill_clocks(s)
        assert set(clocks.repairs) == set(runner.repair_ids)
        assert set(clocks.repairs.values()) == {runner.now}
        check, rules = overrun_check(s), time_limit_rules(s)
        for rid in runner.repair_ids:
            repair = s.get(Repair, rid)
            assert clocks.repair_now(rid, wall_now) == drill_end
            assert check(repair, wall_now, runner.tz) == repair_overruns(repair, drill_end, runner.tz, rules)
        real = s.scalars(select(Repair).where(Repair.id.not_in(runner.repair_ids))).first()
        assert check(real, wall_now, runner.tz) == repair_overruns(real, wall_now, runner.tz, rules)
        # The wall: the drill's vehicles reported until the drill's end, so none of them is lost.
        figs = wall_figures(s, wall_now, overrun_check=check, tz=runner.tz)
        real_lost = sum(1 for st, t, d in s.execute(select(Vehicle.status, Vehicle.last_t, Vehicle.device_id))
                        if st != "off_duty" and d not in clocks.devices
                        and (t is None or wall_now.timestamp() - t > 120.0))
        assert figs.vehicles_lost == real_lost
