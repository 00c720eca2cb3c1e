"""``import`` under ``--lang zh_CN``: its notes and warnings are Chinese; nothing English of the program's making."""

from __future__ import annotations

import re
from pathlib import Path

import geopandas as gpd
from shapely.geometry import LineString, MultiLineString

from tests.gis.test_import_epanet import wntr_network
from tests.support.cli import run_app

#: What a line may carry in Latin letters: the user's files, CRS codes, units and clock times from the file,
#: the command's own options, UTC, the [END] tag the file lacks.
_ALLOWED = re.compile(r"ky4_noend\.inp|pipes_zh\.gpkg|EPSG:\d+|GPM|\d+(:00)? AM|UTC|--on-repeat (replace|add)|"
                      r"\[END\]|DIAM|epanet|diameter_mm")  # --map vocabulary


def _english_left(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]{2,}", _ALLOWED.sub("", text))


def _ky4_without_end(tmp_path: Path) -> Path:
    text = wntr_network("ky4.inp").read_text()
    out = tmp_path / "ky4_noend.inp"
    out.write_text(text[: text.index("[END]")], encoding="utf-8")
    return out


def test_epanet_notes_and_warnings_in_chinese(tmp_path: Path, store_url: str) -> None:
    inp = _ky4_without_end(tmp_path)
    # EPSG:3857 is the wrong CRS for ky4: the length warning must come, in Chinese.
    zh = run_app("--store", store_url, "--lang", "zh_CN", "import", "epanet", str(inp), "--crs", "EPSG:3857")
    assert zh.returncode == 0, zh.stderr
    assert "警告: 按坐标绘出的管长是文件所给长度的 2.75 倍" in zh.stdout
    assert "说明: 文件缺少结尾的 [END]；各节内容完整，已全部读取" in zh.stdout
    assert "导入 2,129 个网络要素" in zh.stdout and "水源 7" in zh.stdout
    assert _english_left(zh.stdout) == [], zh.stdout
    again = run_app("--store", store_url, "--lang", "zh_CN", "import", "epanet", str(inp), "--crs", "EPSG:3857",
                    "--on-repeat", "replace")
    assert "已替换，删除原有 2,129 行" in again.stdout
    assert _english_left(again.stdout) == [], again.stdout
    en = run_app("--store", store_url, "--lang", "en", "import", "epanet", str(inp), "--crs", "EPSG:3857",
                 "--on-repeat", "add")
    assert "the file has no closing [END]; every section is complete" in en.stdout
    assert "added again" in en.stdout and "WARNING: the pipes as drawn are 2.75×" in en.stdout


def test_gis_import_notes_in_chinese(tmp_path: Path, store_url: str) -> None:
    lines = [LineString([(370000 + 100 * i, 4840000), (370090 + 100 * i, 4840000)]) for i in range(4)]
    lines[3] = MultiLineString([[(370300, 4840100), (370390, 4840100)], [(370300, 4840300), (370390, 4840300)]])
    path = tmp_path / "pipes_zh.gpkg"
    gpd.GeoDataFrame({"DIAM": ["150", "two hundred", "300", "300"]}, geometry=lines,
                     crs="EPSG:32632").to_file(path, driver="GPKG")
    run = run_app("--store", store_url, "--lang", "zh_CN", "import", "pipes", str(path), "--map", "diameter_mm=DIAM")
    assert run.returncode == 0, run.stderr
    assert "DIAM 有 1 个值不是数字，已留空" in run.stdout
    assert "1 条多段线已拆分为单段" in run.stdout
    assert _english_left(run.stdout) == [], run.stdout


def test_a_refused_choice_lists_the_allowed_words_in_chinese(tmp_path: Path, store_url: str) -> None:
    """A spreadsheet value outside a choice column's list: the Chinese refusal lists Chinese words, not codes."""
    teams = tmp_path / "班组.csv"
    teams.write_text("编号,名称,类型,班次\nT01,港口巡检一组,巡逻艇,白班\n", encoding="utf-8")
    zh = run_app("--store", store_url, "--lang", "zh_CN", "import", "teams", str(teams))
    assert zh.returncode != 0
    out = zh.stdout + zh.stderr
    assert "巡逻艇" in out and "巡检" in out and "护卫" in out and "驻守" in out, out
    assert not re.search(r"leak_survey|stationed|patrol|guard", out), out
    en = run_app("--store", store_url, "--lang", "en", "import", "teams", str(teams))
    assert "'巡逻艇' is not one of patrol, guard, repair crew, leak survey, stationed post" in en.stdout + en.stderr

    contacts = tmp_path / "通讯录.csv"
    contacts.write_text("姓名,类别,语言\n格蕾丝王妃医院,医院,法语\n", encoding="utf-8")
    zh = run_app("--store", store_url, "--lang", "zh_CN", "import", "contacts", str(contacts))
    out = zh.stdout + zh.stderr
    assert zh.returncode != 0 and "重要用户" in out and "媒体" in out, out
    assert not re.search(r"important_user|internal|government|media", out), out


def test_a_wrong_map_option_of_a_gis_import_is_said_in_chinese(tmp_path: Path, store_url: str) -> None:
    path = tmp_path / "pipes_map.gpkg"
    gpd.GeoDataFrame({"DIAM": [150]}, geometry=[LineString([(370000, 4840000), (370090, 4840000)])],
                     crs="EPSG:32632").to_file(path, driver="GPKG")
    zh = run_app("--store", store_url, "--lang", "zh_CN", "import", "pipes", str(path), "--map", "diameter_mm=DN")
    assert zh.returncode == 2
    assert "--map diameter_mm=DN：文件中没有字段“DN”（现有字段：DIAM）" in zh.stderr, zh.stderr
    en = run_app("--store", store_url, "import", "pipes", str(path), "--map", "diameter_mm=DN", "--json")
    assert "--map diameter_mm=DN: the file has no field 'DN' (fields: DIAM)" in en.stdout
