"""``meeting`` and ``reports`` headless: the Chinese meeting PDF extracts as the same characters."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from services.duty.desk import open_meeting, raise_item, set_duty_shift, set_note
from services.duty.zero_reports import record_report
from tests.models.duty_helpers import DAY, add_repair, add_units, at
from tests.support.cli import AppRun, run_app

KANGXI = re.compile("[\u2f00-\u2fdf]")
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


@pytest.fixture
def duty_store(store, store_url):
    with store.session() as s:
        u1, u2, _ = add_units(s)
        add_repair(s, "R-001", level="IV", status="dispatched", dispatched_at=at("09:25"))
        set_duty_shift(s, day=DAY, shift="day", leader="王大水", user="lead", now=at("07:00"))
        m = open_meeting(s, DAY, user="lead", now=at("17:00"))
        set_note(s, meeting_id=m.id, category="network_patrol", text="大水网巡检正常", user="lead", now=at("17:01"))
        raise_item(s, meeting_id=m.id, category="safety", problem="检查井盖松动", plan="焊接固定", owner="李",
                   deadline=at("12:00"), user="lead", now=at("17:02"))
        record_report(s, unit_id=u1.id, day=DAY, slot="08:00", safe=True, user="d", now=at("08:00"))
        record_report(s, unit_id=u2.id, day=DAY, slot="08:00", safe=False, incident="水压偏低", user="d",
                      now=at("08:05"))
        s.commit()
    return store_url


def _app(*args: str) -> AppRun:
    return run_app(*args)


@needs_poppler
def test_meeting_pdf_in_chinese_extracts_as_the_same_characters(duty_store, tmp_path):
    out = tmp_path / "meeting.pdf"
    run = _app("--store", duty_store, "--lang", "zh_CN", "meeting", "--date", DAY.isoformat(),
               "--now", "2026-08-10T18:00:00+00:00", "--out", str(out))
    assert run.returncode == 0, run.stderr
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert not KANGXI.findall(text), f"Kangxi radicals in the text layer: {set(KANGXI.findall(text))}"
    for expected in ("供水保障会商纪要", "大", "水", "网", "大水网巡检正常", "抢修协调", "信息报送", "值班领导：王大水",
                     "检查井盖松动", "逾期", "水压偏低", "暂无巡检覆盖数据"):
        assert expected in text, expected
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    assert "WenQuanYi" in fonts and "Noto" not in fonts
    png = subprocess.run(["pdftoppm", "-png", "-r", "30", "-f", "1", "-l", "1", str(out), str(tmp_path / "p")],
                         capture_output=True)
    assert png.returncode == 0 and (tmp_path / "p-1.png").stat().st_size > 1000


def test_meeting_json_and_bad_date(duty_store, tmp_path):
    run = _app("--store", duty_store, "--lang", "en", "meeting", "--json", "--date", DAY.isoformat(),
               "--now", "2026-08-10T18:00:00+00:00")
    assert run.returncode == 0, run.stderr
    record = json.loads(run.stdout)
    assert record["leader"] == "王大水"
    assert [(i["code"], i["overdue"]) for i in record["items"]] == [("A20260810-01", True)]
    assert record["status"]["repairs_by_level"]["IV"] == 1
    bad = _app("--store", duty_store, "meeting", "--date", "2026-13-01", "--out", str(tmp_path / "x.pdf"))
    assert bad.returncode == 2 and "'2026-13-01' is not a date" in bad.stderr


def test_reports_json(duty_store):
    run = _app("--store", duty_store, "reports", "--date", DAY.isoformat(), "--json",
               "--now", "2026-08-10T12:20:00+00:00")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["date"] == "2026-08-10" and data["slots"] == ["08:00", "12:00", "16:00", "20:00"]
    assert [u["code"] for u in data["units"]] == ["U01", "U02", "U03"]
    assert [(r["unit"], r["slot"]) for r in data["received"]] == [("U01", "08:00"), ("U02", "08:00")]
    assert [(r["unit"], r["slot"]) for r in data["missing"]] == [
        ("U01", "12:00"), ("U02", "12:00"), ("U03", "08:00"), ("U03", "12:00")]
    human = _app("--store", duty_store, "--lang", "zh_CN", "reports", "--date", DAY.isoformat(),
                 "--now", "2026-08-10T12:20:00+00:00")
    assert "未报（告警）：4" in human.stdout
