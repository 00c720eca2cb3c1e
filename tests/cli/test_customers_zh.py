"""``--lang zh_CN customers …``: the services' refusals reach the user in Chinese, with no English of ours."""

from __future__ import annotations

import datetime as dt
import re

import pytest

import app
from models.event import Event

UTC = dt.timezone.utc
#: A run of Latin letters: English words (file names and codes the user typed are removed first).
LATIN = re.compile(r"[A-Za-z]{2,}")


@pytest.fixture
def zh(capsys, store):
    url = str(store.engine.url)

    def _run(*args: str) -> tuple[int, str]:
        code = app.main(["--store", url, "--lang", "zh_CN", "customers", *args])
        out = capsys.readouterr()
        return code, out.out + out.err
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
