"""``field tokens`` (the QR sheet), ``hazards`` and ``feed --field``, run as the program runs them."""

from __future__ import annotations

import datetime as dt
import json
import subprocess

import pytest
from sqlalchemy import func, select

from models.duty import ReportingUnit
from models.field import FieldToken
from models.patrol import Person
from services.field.hazards import HazardReport, record_hazard
from services.field.tokens import resolve_token
from tests.support.cli import run_app
from tests.support.stores import open_copy


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory, demo_template) -> str:
    folder = tmp_path_factory.mktemp("fieldcli")
    url = f"sqlite:///{folder / 'demo.sqlite'}"
    open_copy(demo_template, url).dispose()
    return url


def test_tokens_sheet_prints_a_qr_per_holder_in_chinese(demo_url, tmp_path):
    out = tmp_path / "tokens.pdf"
    run = run_app("--lang", "zh_CN", "--store", demo_url, "field", "tokens", "--json", "--out", out,
                  "--url", "http://192.0.2.7:8088")
    assert run.returncode == 0, run.stderr
    payload = json.loads(run.stdout)
    from models.store import open_store

    store = open_store(demo_url)
    try:
        with store.session() as s:
            people = s.scalar(select(func.count()).select_from(Person))
            units = s.scalar(select(func.count()).select_from(ReportingUnit))
            assert payload["issued"] == people + units == len(payload["tokens"]) > 0
            first = payload["tokens"][0]
            assert first["url"] == f"http://192.0.2.7:8088/field?token={first['token']}"
            holder = resolve_token(s, first["token"])
            assert holder is not None and holder.label == first["name"]
            assert s.scalar(select(func.count()).select_from(FieldToken).where(FieldToken.revoked_at.is_(None))) \
                == payload["issued"]
            unit_names = list(s.scalars(select(ReportingUnit.name_zh)))
    finally:
        store.dispose()
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "现场手机登记二维码" in text and "巡查人员" in text and "报告单位" in text
    assert any(name and name in text for name in unit_names)
    assert first["token"] in text.replace(" ", "").replace("\n", "") or first["token"][:12] in text
    from tests.ui.latin_scan import data_words, stray_words

    store = open_store(demo_url)
    try:  # no English of the program's making on the Chinese sheet (names and the tokens are data)
        data = data_words(store, [t["token"] for t in payload["tokens"]])
    finally:
        store.dispose()
    found = stray_words([("tokens.pdf", line) for line in text.splitlines() if line.strip()], data, fragments=True)
    assert not found, found
    png = subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(out), str(tmp_path / "page")],
                         capture_output=True, check=True)
    assert png.returncode == 0 and list(tmp_path.glob("page*.png"))


def test_hazards_lists_the_day(demo_url):
    from models.store import open_store
    from services.field.tokens import issue_tokens

    now = dt.datetime.now(dt.timezone.utc)
    store = open_store(demo_url)
    try:
        with store.session() as s:
            token = issue_tokens(s, units=False, user="t", now=now)[0].token
            holder = resolve_token(s, token)
            record_hazard(s, holder, HazardReport(client_id="cli-1", category="water_on_road", note="路口积水",
                                                  lon=9.52, lat=47.14, accuracy_m=5, reported_at=now), now=now)
            s.commit()
            from models.clock import event_timezone

            day = now.astimezone(event_timezone(s)).date()
    finally:
        store.dispose()
    run = run_app("--store", demo_url, "hazards", "--date", day.isoformat(), "--json")
    assert run.returncode == 0, run.stderr
    payload = json.loads(run.stdout)
    hazard = next(h for h in payload["hazards"] if h["client_id"] == "cli-1")
    assert hazard["category"] == "water_on_road" and hazard["status"] == "new" and hazard["note"] == "路口积水"
    zh = run_app("--lang", "zh_CN", "--store", demo_url, "hazards", "--date", day.isoformat())
    assert zh.returncode == 0 and "路面积水" in zh.stdout and "路口积水" in zh.stdout and "新" in zh.stdout
    bad = run_app("--store", demo_url, "hazards", "--date", "yesterday")
    assert bad.returncode == 2 and "yesterday" in bad.stderr


def test_feed_serves_the_field_page_alone_and_stops_cleanly(demo_url):
    run = run_app("--store", demo_url, "feed", "--field", "127.0.0.1:0", "--duration", "0.2", "--json")
    assert run.returncode == 0, run.stderr
    payload = json.loads(run.stdout)
    assert payload["field"]["url"].startswith("http://127.0.0.1:") and payload["field"]["url"].endswith("/field")
    none = run_app("--store", demo_url, "feed")
    assert none.returncode == 2 and "--field" in none.stderr
