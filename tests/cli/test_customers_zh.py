"""``--lang zh_CN customers …``: the services' refusals reach the user in Chinese, with no English of ours."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.support.cli import run_app

from models.event import Event

UTC = dt.timezone.utc
#: A run of Latin letters: English words (file names and codes the user typed are removed first).
LATIN = re.compile(r"[A-Za-z]{2,}")


@pytest.fixture
def zh(store):
    url = str(store.engine.url)

    def _run(*args: str) -> tuple[int, str]:
        # run_app puts the translators back afterwards, so no Chinese leaks into later tests.
        run = run_app("--store", url, "--lang", "zh_CN", "customers", *args)
        return run.returncode, run.stdout + run.stderr
    return _run


def _english(text: str, *allowed: str) -> list[str]:
    for word in allowed:
        text = text.replace(word, "")
    return LATIN.findall(text.replace("UTC", ""))


def test_chinese_refusals_name_row_and_reason(zh, store, tmp_path):
    acc = tmp_path / "户表.csv"
    acc.write_text("户号,户名,地址\nK1,张,一路\n,李,二路\n", encoding="gbk")
    code, out = zh("import", "accounts", str(acc))
    assert code != 0 and "未导入：户表.csv：第 3 行缺少户号" in out
    assert not _english(out, "户表.csv"), out

    conn = tmp_path / "接水.csv"
    conn.write_text("申请编号,环节,经办人,完成日期\nBZ1,勘察设计,张三,2026-01-02\nBZ1,验收,张三,2026-02-01\n",
                    encoding="utf-8")
    code, out = zh("import", "connections", str(conn))
    assert "张三设计了此工程，不能再负责验收" in out
    assert not _english(out, str(conn), "BZ1"), out

    code, out = zh("request", "arrears-chasing", "--account", "NOPE")
    assert code != 0 and "没有户号 NOPE" in out
    assert not _english(out, "NOPE"), out

    code, out = zh("import", "reads", str(tmp_path / "无此文件.csv"))
    assert code != 0 and "文件不存在" in out
    assert not _english(out, str(tmp_path / "无此文件.csv")), out


def test_chinese_freeze_refusal(zh, store):
    with store.session() as s:
        s.add(Event(name="峰会", starts_at=dt.datetime(2026, 8, 1, tzinfo=UTC),
                    ends_at=dt.datetime(2026, 8, 10, tzinfo=UTC), timezone="Asia/Shanghai", local_crs="EPSG:32650"))
        s.commit()
    code, out = zh("request", "treatment-process-change", "--at", "2026-08-03T09:00:00+00:00")
    assert code != 0 and "峰会" in out
    assert not _english(out), out


def test_settings_show_set_and_refuse(zh, store):
    import json

    from services.customers.settings import all_settings

    code, out = zh("settings", "--set", "zero_periods=3", "--set", "response_hours.repair=1.5",
                   "--set", "step_days.budget=4", "--set", "meter_rules.replace_small.years=5")
    assert code == 0 and "已修改：4 项" in out and "报修：1.5 小时" in out and "每 5 年更换" in out
    with store.session() as s:
        values = all_settings(s)
    assert values["zero_periods"] == 3 and values["response_hours"]["repair"] == 1.5
    assert values["step_days"]["budget"] == 4
    assert next(r for r in values["meter_rules"] if r["name"] == "replace_small")["years"] == 5
    # One bad assignment: nothing of the call is stored, the reason in Chinese.
    code, out = zh("settings", "--set", "tenure_months=9", "--set", "zero_periods=0")
    assert code != 0 and "设置未修改：zero_periods：0 不是 1 到 24 之间的整数" in out
    for bad, said in (("nonsense", "应为 键=值"), ("colour=red", "未知的客户服务设置 colour"),
                      ("meter_rules.replace_small.action=burn", "应为 replace（更换）或 verify（检定）"),
                      ("meter_rules.replace_medium.dn_min=80", "最小口径 80 大于最大口径 50")):
        code, out = zh("settings", "--set", bad)
        assert code != 0 and said in out, out
    with store.session() as s:
        assert all_settings(s)["tenure_months"] == 6
    run = run_app("--store", str(store.engine.url), "--lang", "zh_CN", "customers", "settings", "--json")
    payload = json.loads(run.stdout)
    assert run.returncode == 0 and payload["settings"]["zero_periods"] == 3


def test_settings_change_meter_due_dates(zh, store, tmp_path):
    import datetime as _dt

    from sqlalchemy import select

    from models.customers import Meter
    from services.customers.importing import import_customers

    acc = tmp_path / "户.csv"
    acc.write_text("户号,户名,地址,经度,纬度,表号,口径,安装日期\nK1,张,一路,9.52,47.14,M1,20,2020-03-01\n",
                   encoding="utf-8")
    with store.engine.begin() as conn:
        import_customers(conn, "accounts", acc)
    with store.session() as s:
        assert s.scalars(select(Meter.due_on)).one() == _dt.date(2026, 3, 1)
    code, _ = zh("settings", "--set", "meter_rules.replace_small.years=8")
    assert code == 0
    with store.session() as s:
        assert s.scalars(select(Meter.due_on)).one() == _dt.date(2028, 3, 1)


def test_conversion_notes_in_chinese(zh, tmp_path):
    acc = tmp_path / "表.csv"
    acc.write_text("户号,户名,地址,经度,纬度,表号,口径,安装日期\nK1,张,一路,9.5,47.1,M1,二十,2020-01-01\n"
                   "K2,李,二路,9.5,47.1,M2,20,不知道\n", encoding="utf-8")
    code, out = zh("import", "accounts", str(acc))
    assert code == 0
    # The shared converter's notes, worded as for every other import (one catalogue entry each).
    assert "口径 有 1 个值不是数字，已留空" in out and "安装日期 有 1 个值不是日期，已留空" in out
    assert not _english(out, str(acc)), out


def test_a_wrong_map_option_is_refused_in_chinese(zh, tmp_path):
    acc = tmp_path / "表.csv"
    acc.write_text("户号,户名,地址\nK1,张,一路\n", encoding="utf-8")
    code, out = zh("import", "accounts", str(acc), "--map", "account_code=编号")
    assert code != 0
    assert "--map account_code=编号：文件中没有字段“编号”（现有字段：户号, 户名, 地址）" in out, out
