"""The leak survey on the demo event: readings from the service and from a logger CSV, repeats, refusals, overdue."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from cli.import_cmd import import_file
from models.leak_survey import LeakReading
from services.leak_survey import REFUSED, REPEAT, STORED, Reader, day_status, due_points, record_reading
from services.wall.figures import wall_figures
from tests.support.cli import run_app

TZ = ZoneInfo("Europe/Vaduz")
DAY = dt.date(2026, 12, 1)  # the demo event's first day


def local(day: dt.date, hh: int, mm: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hh, mm), tzinfo=TZ)


NOON = local(DAY, 12)
LOGGER_CSV = "leak/noise_loggers_2026-12-01.csv"


def _point(session, code: str) -> tuple[float, float]:
    p = next(p for p in due_points(session, DAY, limit=None) if p.code == code)
    return p.lon, p.lat


def _count(session) -> int:
    return session.scalar(select(func.count()).select_from(LeakReading))


def test_a_field_reading_and_a_logger_csv_both_count_for_their_day(demo_store, fixtures):
    with demo_store.session() as s:
        lon, lat = _point(s, "LP001")
        out = record_reading(s, "LP001", local(DAY, 9, 30), Reader(label="patroller 7"), None, "no_leak",
                             "quiet", "phone-7-0001", "field", at=(lon, lat + 0.0002), now=NOON)  # 22 m away
        s.commit()
    assert out.status == STORED and out.http_status == 201 and out.day == "2026-12-01" and out.point_code == "LP001"
    report = import_file(demo_store, "leak-readings", fixtures / LOGGER_CSV)
    assert report["ok"], report
    # Six rows: one repeats the first; one names no point but lies 1 m from LP017.
    assert report["imported"] == 5 and report["mapping"]["noise_db"] == "Level (dB)"
    with demo_store.session() as s:
        status = day_status(s, DAY, NOON)
        assert status.points_due == 72 and status.points_read == 6
        assert status.by_source == {"field": 1, "logger": 5}
        assert {"LP001", "LP012", "LP013", "LP014", "LP017", "LP033"}.isdisjoint(status.unread)
        assert day_status(s, DAY + dt.timedelta(days=1), NOON).points_read == 0
        near = due_points(s, DAY, near=(9.509752, 47.139709), limit=3)
        assert near[0].code == "LP012" and near[0].read and near[0].distance_m < 2
        assert [p.distance_m for p in near] == sorted(p.distance_m for p in near)
        first_unread = due_points(s, DAY, near=(9.509752, 47.139709), limit=1, unread_first=True)[0]
        assert not first_unread.read and first_unread.code not in ("LP012", "LP013", "LP014")


def test_a_repeat_is_stored_once(demo_store, fixtures):
    with demo_store.session() as s:
        first = record_reading(s, "LP002", local(DAY, 8), None, 31.5, None, None, "phone-3-0042", now=NOON)
        again = record_reading(s, "LP002", local(DAY, 8), None, 31.5, None, None, "phone-3-0042", now=NOON)
        s.commit()
        assert (first.status, again.status) == (STORED, REPEAT)
        assert again.reading_id == first.reading_id and again.http_status == 200
        assert _count(s) == 1
    assert import_file(demo_store, "leak-readings", fixtures / LOGGER_CSV)["imported"] == 5
    second = import_file(demo_store, "leak-readings", fixtures / LOGGER_CSV)
    assert second["ok"] and second["imported"] == 0
    assert any("already stored" in n for n in second["notes"])
    with demo_store.session() as s:
        assert _count(s) == 6


@pytest.mark.parametrize(("code", "taken", "at", "reason_code", "words"), [
    ("LP003", local(DAY, 9), "far", "far_from_point", "must be taken at the point"),
    ("LP003", local(DAY, 13), None, "future_time", "in the future"),
    ("LP003", dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc), None, "too_early", "clock is not set"),
    ("LP003", dt.datetime(1901, 12, 13, 20, 45, 52, tzinfo=dt.timezone.utc), None, "too_early", "before 2000"),
    ("LP999", local(DAY, 9), None, "unknown_point", "no leak-survey point 'LP999'"),
])
def test_refused_readings_say_why_and_store_nothing(demo_store, code, taken, at, reason_code, words):
    with demo_store.session() as s:
        if at == "far":
            lon, lat = _point(s, "LP003")
            at = (lon + 0.003, lat)  # ~230 m east
        out = record_reading(s, code, taken, None, 40.0, None, None, f"c-{reason_code}", at=at, now=NOON)
        s.commit()
        assert out.status == REFUSED and out.reason_code == reason_code and words in out.reason
        assert out.http_status == (404 if reason_code == "unknown_point" else 422)
        assert json.loads(json.dumps(out.as_dict()))["reason_template"]
        assert _count(s) == 0


def test_a_point_not_read_by_the_end_of_its_day_is_overdue(demo_store):
    with demo_store.session() as s:
        record_reading(s, "LP005", local(DAY, 23, 50), None, None, "unclear", None, "late-one", now=NOON.replace(hour=23, minute=55))
        s.commit()
        during = day_status(s, DAY, local(DAY, 23, 59))
        after = day_status(s, DAY, local(DAY + dt.timedelta(days=1), 0, 1))
    assert not during.day_over and during.overdue == () and len(during.unread) == 71
    assert after.day_over and len(after.overdue) == 71 and "LP005" not in after.overdue and "LP004" in after.overdue
    assert after.as_dict()["overdue"] == list(after.overdue)


def test_a_bad_logger_file_names_each_bad_row_and_stores_nothing(demo_store, tmp_path):
    bad = tmp_path / "logger_export.csv"
    bad.write_text("Site ID,Date/Time,Level (dB),Latitude,Longitude\n"
                   "LP012,2026-12-01 02:00,18.4,,\n"
                   "LP998,2026-12-01 02:00,18.4,,\n"
                   "LP013,2099-12-01 02:00,18.4,,\n"
                   ",2026-12-01 02:00,18.4,47.2000,9.6000\n"
                   "LP014,yesterday,18.4,,\n", encoding="utf-8")
    url = str(demo_store.engine.url)
    run = run_app("--store", url, "--lang", "en", "import", "leak-readings", str(bad))
    assert run.returncode != 0
    text = run.stdout + run.stderr
    assert "row 3" in text and "LP998" in text
    assert "row 4" in text and "in the future" in text
    assert "row 5" in text and "no leak-survey point within 50 m" in text
    assert "row 6" in text and "yesterday" in text
    assert "nothing stored" in text
    with demo_store.session() as s:
        assert _count(s) == 0  # row 2 was good, but the file is refused whole


def test_a_chinese_refusal_lists_the_verdicts_as_words_not_codes(demo_store, tmp_path):
    import re

    from gis.messages import localise
    from services.printing.labels import code_list

    bad = tmp_path / "记录仪.csv"
    bad.write_text("测点,时间,噪声,判断\nLP012,2026-12-01 02:00,18.4,可能\n", encoding="utf-8")
    run = run_app("--store", str(demo_store.engine.url), "--lang", "zh_CN", "import", "leak-readings", str(bad))
    assert run.returncode != 0
    line = next(x for x in (run.stdout + run.stderr).splitlines() if "可能" in x)
    assert "疑似漏水、无漏、不确定" in line, line
    assert not re.search(r"[A-Za-z]", line.replace(bad.name, "")), line  # no code of the program's making
    with demo_store.session() as s:
        out = record_reading(s, "LP012", local(DAY, 9), None, None, "maybe", None, "v1", now=NOON)
        s.rollback()
    assert out.status == REFUSED and out.reason_code == "bad_verdict"
    # In English (no translator) the words are the English labels, in the table's order.
    assert localise(out.reason, str, codes=code_list) == "verdict 'maybe' is not one of leak suspected, no leak, unclear"
    assert str(out.reason) == "verdict 'maybe' is not one of leak_suspected, no_leak, unclear"  # the API's text


def test_coverage_json_carries_the_leak_survey_counts(planned_demo_store, fixtures):
    assert import_file(planned_demo_store, "leak-readings", fixtures / LOGGER_CSV)["imported"] == 5
    url = str(planned_demo_store.engine.url)
    run = run_app("--store", url, "coverage", "--date", "2026-12-01", "--now", "2026-12-02T00:30:00+01:00", "--json")
    assert run.returncode == 0, run.stderr
    leak = json.loads(run.stdout)["leak_survey"]
    assert (leak["points_due"], leak["points_read"], leak["requirement"]) == (72, 5, "LEAK_SURVEY")
    assert leak["day_over"] and len(leak["overdue"]) == 67 and "LP012" not in leak["overdue"]
    human = run_app("--store", url, "--lang", "en", "coverage", "--date", "2026-12-01",
                    "--now", "2026-12-02T00:30:00+01:00")
    assert "leak survey: 5/72 points read" in human.stdout and "overdue: 67 points" in human.stdout


def test_the_wall_figures_count_the_leak_survey(demo_store):
    from services.repairs.overruns import overrun_check

    with demo_store.session() as s:
        record_reading(s, "LP001", local(DAY, 9), None, 30.0, None, None, "w1", now=NOON)
        s.commit()
        figs = wall_figures(s, NOON, overrun_check=overrun_check(s))
    row = next(r for r in figs.coverage if r.code == "LEAK_SURVEY")
    assert (row.read, row.due) == (1, 72) and row.ratio == pytest.approx(1 / 72)
    assert figs.leak_survey.points_read == 1


def test_imported_survey_points_keep_their_kind_and_an_inactive_point_is_not_due(store, tmp_path):
    from services.event import EventFields, create_event

    create_event(store, EventFields("Games", "2026-12-01 00:00", "2026-12-03 00:00", "Europe/Vaduz",
                                    crs="EPSG:32632"))
    points = tmp_path / "测漏点.geojson"
    points.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"编号": "C1", "名称": "Hotel", "类型": "驻地", "启用": "是"},
         "geometry": {"type": "Point", "coordinates": [9.52, 47.14]}},
        {"type": "Feature", "properties": {"编号": "C2", "名称": "Main", "类型": "主干道", "启用": "是"},
         "geometry": {"type": "Point", "coordinates": [9.53, 47.14]}},
        {"type": "Feature", "properties": {"编号": "C3", "名称": "Old", "类型": "?", "启用": "否"},
         "geometry": {"type": "Point", "coordinates": [9.54, 47.14]}},
    ]}, ensure_ascii=False), encoding="utf-8")
    report = import_file(store, "leak-points", points)
    assert report["ok"] and report["imported"] == 3 and report["mapping"]["kind"] == "类型"
    assert any("left empty" in n for n in report["notes"])  # "?" is no kind: not guessed
    with store.session() as s:
        listed = {p.code: p for p in due_points(s, DAY, near=(9.531, 47.14), limit=None)}
        assert set(listed) == {"C1", "C2"} and (listed["C1"].kind, listed["C2"].kind) == ("residence", "main_road")
        assert next(iter(listed)) == "C2"  # nearest first
        assert day_status(s, DAY, NOON).points_due == 2
        refused = record_reading(s, "C3", local(DAY, 9), None, 30.0, now=NOON)
        assert refused.reason_code == "inactive_point" and "no longer surveyed" in refused.reason


def test_the_meeting_record_shows_the_leak_survey_of_the_day(demo_store, tmp_path):
    import shutil
    import subprocess

    from PySide6.QtWidgets import QApplication

    from services.duty.desk import compile_status, meeting_record
    from services.printing.duty_text import DutyText
    from services.printing.meeting_pdf import write_meeting_pdf
    from services.repairs.overruns import overrun_check
    from ui.common.i18n import install_translators

    after = local(DAY + dt.timedelta(days=1), 0, 30)
    with demo_store.session() as s:
        record_reading(s, "LP001", local(DAY, 9), None, 30.0, None, None, "m1", now=NOON)
        record_reading(s, "LP002", local(DAY, 10), None, None, "no_leak", None, "m2", now=NOON)
        s.commit()
        check = overrun_check(s)
        during = compile_status(s, DAY, NOON, TZ, overrun_check=check)
        assert during.leak_survey == day_status(s, DAY, NOON).as_dict()  # one computation
        record = meeting_record(s, DAY, after, TZ, overrun_check=check)
        assert record.status.leak_survey == day_status(s, DAY, after).as_dict()
    assert (during.leak_survey["points_read"], during.leak_survey["points_due"]) == (2, 72)
    assert record.status.as_dict()["leak_survey"]["day_over"] is True
    text = DutyText()
    assert "Leak survey: 2 of 72 points read; still due today: 70 points" in text.status_lines(during, "network_patrol")
    assert "Leak survey: 2 of 72 points read; overdue: 70 points" in text.status_lines(record.status, "network_patrol")
    try:
        install_translators(QApplication.instance(), "zh_CN")
        zh = DutyText().status_lines(record.status, "network_patrol")
        assert "测漏：已测 2 / 应测 72 个测点；逾期未测 70 个" in zh, zh
        if shutil.which("pdftotext"):
            pdf = write_meeting_pdf(record, tmp_path / "meeting.pdf", tz=TZ, printed_at=after)
            out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
            assert "测漏：已测 2 / 应测 72 个测点；逾期未测 70 个" in out.replace(" \n", "").replace("\n", "")
    finally:
        install_translators(QApplication.instance(), "en")
