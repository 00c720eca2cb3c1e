"""``customers`` headless: a GBK import, then meters-due, zero-volume, rotation, tickets with --json."""

from __future__ import annotations

import json
from dataclasses import dataclass

import openpyxl
import pandas as pd
import pytest

import app
from tests.services.customers.city import build_city


@dataclass
class Done:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def run(capsys):
    """Run ``app.main`` in this process (the session's QApplication is reused)."""
    def _run(store_url: str, *args: str) -> Done:
        code = app.main(["--store", store_url, "--lang", "en", *args])
        out = capsys.readouterr()
        return Done(code, out.out, out.err)
    return _run


def test_customers_commands(store_url, tmp_path, run):
    city = build_city(tmp_path, n=5000)
    gbk = tmp_path / "用户_gbk.csv"
    gbk.write_bytes(pd.read_csv(city.accounts_csv, dtype=str, keep_default_na=False).to_csv(index=False)
                    .encode("gbk"))
    for kind, path in (("accounts", gbk), ("reads", city.reads_csv), ("routes", city.routes_csv),
                       ("connections", city.connections_csv)):
        done = run(store_url, "customers", "import", kind, str(path), "--json")
        assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert list(report["refused"]) == [city.refused_job]

    done = run(store_url, "customers", "meters-due", "--months", "3", "--date", "2026-08-01", "--json",
                "--xlsx", str(tmp_path / "due.xlsx"))
    payload = json.loads(done.stdout)
    assert {row["account"] for row in payload["rows"]} == city.due[3]
    assert openpyxl.load_workbook(tmp_path / "due.xlsx").active.max_row == len(city.due[3]) + 1

    payload = json.loads(run(store_url, "customers", "zero-volume", "--json").stdout)
    assert {row["account"]: row["kind"] for row in payload["rows"]} == city.zero

    payload = json.loads(run(store_url, "customers", "rotation", "--date", "2026-08-01", "--json").stdout)
    assert set(payload["past_tenure"]) == city.past_tenure and payload["self_collected"] == ["B05"]
    assert all(p["reader"] not in city.barred[p["route"]] for p in payload["proposal"])

    tickets = tmp_path / "工单.csv"
    pd.DataFrame({"工单号": ["T1", "T2"], "类型": ["报修", "咨询"], "户号": ["A000001", "A000002"],
                  "受理时间": ["2026-08-01 08:00", "2026-08-01 09:00"]}).to_csv(tickets, index=False, encoding="gbk")
    assert run(store_url, "customers", "import", "tickets", str(tickets)).returncode == 0
    payload = json.loads(run(store_url, "customers", "tickets", "--date", "2026-08-01", "--json").stdout)
    assert [(r["ticket"], r["account"], r["overdue"]) for r in payload["rows"]] == [
        ("T1", "A000001", True), ("T2", "A000002", False)]


def test_bad_file_fails_cleanly(store_url, tmp_path, run):
    bad = tmp_path / "bad.csv"
    bad.write_text("户号,口径\n,DN20\n", encoding="utf-8")
    done = run(store_url, "customers", "import", "accounts", str(bad))
    assert done.returncode == 2 and "bad.csv: row(s) 2: no account number" in done.stderr
    assert "Traceback" not in done.stderr


def test_arrears_chasing_refused_inside_the_event_window(store, store_url, run):
    import datetime as dt

    from models.event import Event

    with store.session() as s:
        s.add(Event(name="Summit", starts_at=dt.datetime(2026, 8, 1, tzinfo=dt.timezone.utc),
                    ends_at=dt.datetime(2026, 8, 10, tzinfo=dt.timezone.utc)))
        s.commit()
    done = run(store_url, "customers", "request", "arrears-chasing", "--at", "2026-08-05T09:00:00+00:00", "--json")
    assert done.returncode == 2 and json.loads(done.stdout)["status"] == "refused"
    assert "Arrears chasing is frozen during Summit (2026-08-01 00:00 – 2026-08-10 00:00 UTC)" in done.stderr
    done = run(store_url, "customers", "request", "arrears-chasing", "--at", "2026-08-11T09:00:00+00:00")
    assert done.returncode == 0
