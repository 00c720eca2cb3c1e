"""Spreadsheets a utility keeps (teams, staff, vehicles, devices …): read, map headers, validate.

CSV (UTF-8, UTF-8 with BOM or GBK) and XLSX (first sheet or a named one).
Headers are matched to fields by English or Chinese names; a remembered or
explicit mapping wins. Every row is checked against its field types before
anything is written: errors name the file, the row (as the spreadsheet
numbers it, the header being row 1), the column and the reason.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from gis.io.fields import normalise_name
from gis.messages import Codes, Message


@dataclass(frozen=True)
class SheetField:
    """One column of a spreadsheet kind."""

    name: str
    en: str
    zh: str
    type: str = "str"  # str, int, float, bool, date, datetime, slots, lonlat
    required: bool = False
    choices: tuple[str, ...] = ()
    example_en: str = ""
    example_zh: str = ""
    aliases: tuple[str, ...] = ()
    #: The label table (services.printing.labels) of a choice column's codes: a refusal lists their words.
    labels: str | None = None


def _f(name, en, zh, type="str", required=False, choices=(), ex_en="", ex_zh=None, aliases=(), labels=None):
    return SheetField(name, en, zh, type, required, tuple(choices), ex_en, ex_en if ex_zh is None else ex_zh,
                      tuple(aliases), labels)


TEAM_KINDS = ("patrol", "guard", "repair", "leak_survey", "stationed")
SHIFTS = ("day", "night", "double")
CONTACT_GROUPS = ("important_user", "media", "government", "internal")
LEVELS = ("I", "II", "III", "IV", "V")

#: The spreadsheet kinds and their columns, in template order.
SHEET_KINDS: dict[str, tuple[SheetField, ...]] = {
    "teams": (
        _f("code", "Code", "编号", required=True, ex_en="T01"),
        _f("name", "Name", "名称", required=True, ex_en="Harbour patrol 1", ex_zh="港口巡检一组"),
        _f("name_zh", "Chinese name", "中文名称", ex_en="港口巡检一组"),
        _f("kind", "Kind", "类型", "choice", choices=TEAM_KINDS, ex_en="patrol",
           aliases=("巡检", "patrol", "护卫", "guard", "抢修", "repair"), labels="team_kind"),
        _f("shift", "Shift", "班次", "choice", choices=SHIFTS, ex_en="double", labels="shift"),
        _f("leader", "Leader", "组长", ex_en="Marie Rossi", ex_zh="张伟"),
        _f("phone", "Phone", "电话", ex_en="+377 9999 0001", ex_zh="13800000001"),
    ),
    "staff": (
        _f("name", "Name", "姓名", required=True, ex_en="Luc Bianchi", ex_zh="李强", aliases=("名字",)),
        _f("team", "Team", "班组", required=True, ex_en="T01", aliases=("team code", "班组编号", "所属班组")),
        _f("role", "Role", "岗位", ex_en="patroller", ex_zh="巡检员", aliases=("职务", "角色")),
        _f("phone", "Phone", "电话", ex_en="+377 9999 0002", ex_zh="13800000002"),
        _f("unit", "Unit", "单位", ex_en="North branch", ex_zh="北区分公司"),
    ),
    "vehicles": (
        _f("code", "Code", "车辆编号", required=True, ex_en="V01", aliases=("编号",)),
        _f("name", "Name", "名称", ex_en="Repair van 1", ex_zh="抢修车一号"),
        _f("plate", "Plate", "车牌", ex_en="MC-1234", ex_zh="京A12345", aliases=("车牌号",)),
        _f("crew", "Crew", "车组人员", ex_en="Luc Bianchi; Marie Rossi", ex_zh="李强；张伟", aliases=("人员",)),
        _f("depot", "Depot (lon, lat)", "驻点（经度，纬度）", "lonlat", ex_en="7.4200, 43.7350",
           aliases=("depot", "驻点", "停放点")),
        _f("kind", "Kind", "车辆类型", "choice", choices=("repair", "patrol", "command", "tanker"), ex_en="repair",
           labels="vehicle_kind"),
    ),
    "devices": (
        _f("device_id", "Device id", "设备号", required=True, ex_en="860000000000001", aliases=("设备编号", "imei", "终端号")),
        _f("owner_kind", "Owner kind", "归属类型", "choice", required=True, choices=("vehicle", "patroller"),
           ex_en="vehicle", aliases=("车辆", "巡检员"), labels="device_owner"),
        _f("owner", "Owner (vehicle or team code)", "归属（车辆或班组编号）", required=True, ex_en="V01",
           aliases=("owner", "归属", "车辆编号", "班组编号")),
        _f("person", "Patroller name", "巡检员姓名", ex_en="", aliases=("person", "巡检员")),
    ),
    "units": (
        _f("code", "Code", "单位编号", required=True, ex_en="U01", aliases=("编号",)),
        _f("name", "Name", "单位名称", required=True, ex_en="North branch", ex_zh="北区分公司", aliases=("名称",)),
        _f("name_zh", "Chinese name", "中文名称", ex_en="北区分公司"),
        _f("contact", "Contact", "联系人", ex_en="Marie Rossi", ex_zh="张伟"),
        _f("phone", "Phone", "电话", ex_en="+377 9999 0003", ex_zh="13800000003"),
        _f("double_shift", "Double shift", "双班", "bool", ex_en="yes", ex_zh="是"),
        _f("slots", "Report slots", "报告时点", "slots", ex_en="08:00; 12:00; 18:00"),
    ),
    "contacts": (
        _f("name", "Name", "姓名", required=True, ex_en="Princess Grace Hospital", ex_zh="格蕾丝王妃医院"),
        _f("group", "Group", "类别", "choice", required=True, choices=CONTACT_GROUPS, ex_en="important_user",
           labels="contact_group"),
        _f("organisation", "Organisation", "单位", ex_en="CHPG", ex_zh="医院"),
        _f("phone", "Phone", "电话", ex_en="+377 9798 9769", ex_zh="13800000004"),
        _f("email", "Email", "邮箱", ex_en="duty@example.org"),
        _f("min_level", "Least severe level told", "通报起始级别", "choice", choices=LEVELS, ex_en="IV"),
        _f("language", "Language", "语言", "choice", choices=("zh_CN", "en"), ex_en="en", ex_zh="zh_CN",
           labels="language"),
    ),
    "parts": (
        _f("kind", "Part", "配件", required=True, ex_en="repair clamp", ex_zh="抢修节", aliases=("名称", "配件名称")),
        _f("diameter_mm", "Diameter (mm)", "管径（毫米）", "float", ex_en="300", aliases=("dn", "管径")),
        _f("quantity", "Quantity", "数量", "int", required=True, ex_en="4"),
        _f("location", "Store", "存放地点", ex_en="Fontvieille depot", ex_zh="丰维耶仓库", aliases=("仓库",)),
        _f("odd_shaped", "Odd-shaped", "异形件", "bool", ex_en="no", ex_zh="否"),
    ),
    "roster": (
        _f("day", "Day", "日期", "date", required=True, ex_en="2026-05-21"),
        _f("shift", "Shift", "班次", "choice", required=True, choices=("day", "night"), ex_en="day", labels="shift"),
        _f("leader", "Leader on duty", "值班领导", required=True, ex_en="Marie Rossi", ex_zh="张伟"),
        _f("phone", "Phone", "电话", ex_en="+377 9999 0001", ex_zh="13800000001"),
        _f("double_shift_units", "Units on double shift", "双班单位", ex_en="U01; U02"),
    ),
    # Leak-noise logger exports and field sheets (测漏数据): one reading a row, at a point code or a position.
    "leak-readings": (
        _f("point", "Point", "测漏点", ex_en="LP012", aliases=(
            "point code", "point id", "site", "site id", "location id", "测点", "测点编号", "测漏点编号", "点位", "点位编号")),
        _f("time", "Time", "时间", "datetime", required=True, ex_en="2026-12-01 06:15", aliases=(
            "timestamp", "date time", "datetime", "date/time", "recorded", "recorded at", "reading time", "采集时间",
            "记录时间", "测量时间", "日期时间")),
        _f("noise_db", "Noise level (dB)", "噪声（分贝）", "float", ex_en="38.5", aliases=(
            "noise", "noise db", "noise level", "level", "level db", "db", "leak noise", "min noise", "噪声", "噪声值",
            "噪音", "分贝", "最小噪声")),
        _f("verdict", "Verdict", "判断", "choice", choices=("leak_suspected", "no_leak", "unclear"), ex_en="no_leak",
           aliases=("result", "status", "结论", "听音结论", "判定"), labels="leak_verdict"),
        _f("lon", "Longitude", "经度", "float", ex_en="", aliases=("lon", "lng", "long", "x")),
        _f("lat", "Latitude", "纬度", "float", ex_en="", aliases=("lat", "y")),
        _f("logger", "Logger", "记录仪", ex_en="PL-0417", aliases=(
            "logger id", "logger serial", "serial", "serial no", "device", "device id", "记录仪编号", "设备号", "设备编号")),
        _f("note", "Note", "备注", ex_en="", aliases=("notes", "remark", "remarks", "comment", "说明")),
    ),
}

#: Chinese words accepted for choice values.
CHOICE_WORDS = {
    "巡检": "patrol", "护卫": "guard", "驻守": "stationed", "抢修": "repair", "测漏": "leak_survey",
    "白班": "day", "日班": "day", "夜班": "night", "双班": "double", "两班": "double",
    "车辆": "vehicle", "巡检员": "patroller", "人员": "patroller",
    "重要用户": "important_user", "媒体": "media", "政府": "government", "内部": "internal",
    "指挥": "command", "水车": "tanker", "中文": "zh_CN", "英文": "en",
    "疑似漏水": "leak_suspected", "疑似漏点": "leak_suspected", "有漏": "leak_suspected", "漏水": "leak_suspected",
    "leak suspected": "leak_suspected", "leak": "leak_suspected", "无漏水": "no_leak", "无漏": "no_leak",
    "正常": "no_leak", "no leak": "no_leak", "不确定": "unclear", "待定": "unclear",
}
TRUE_WORDS = {"yes", "y", "true", "1", "是", "有", "x", "√"}
FALSE_WORDS = {"no", "n", "false", "0", "否", "无", ""}


class SheetError(ValueError):
    """A spreadsheet cannot be read at all (the message names the file)."""


def header_names(kind: str, lang: str) -> list[str]:
    """The template headers of ``kind`` in ``lang`` (``zh…`` → Chinese)."""
    return [f.zh if lang.startswith("zh") else f.en for f in SHEET_KINDS[kind]]


def example_row(kind: str, lang: str) -> list[str]:
    """The template's example row (choices in Chinese words for a Chinese template)."""
    if not lang.startswith("zh"):
        return [f.example_en for f in SHEET_KINDS[kind]]
    words = {}
    for zh, en in CHOICE_WORDS.items():
        words.setdefault(en, zh)
    return [words.get(f.example_zh, f.example_zh) if f.type == "choice" else f.example_zh for f in SHEET_KINDS[kind]]


def read_sheet(path: str | Path, sheet: str | None = None) -> pd.DataFrame:
    """All cells as text (empty = ""), headers as in the file.

    Raises
    ------
    SheetError
        Missing file, unreadable workbook, unknown sheet, no header row.
    """
    path = Path(path)
    if not path.exists():
        raise SheetError(f"{path.name}: no such file")
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            frame = pd.read_excel(path, sheet_name=sheet if sheet is not None else 0, dtype=str, engine="openpyxl")
        elif suffix in (".csv", ".txt"):
            raw = path.read_bytes()
            for enc in ("utf-8-sig", "gb18030"):
                try:
                    text = raw.decode(enc)
                    break
                except UnicodeDecodeError:
                    continue
            else:
                raise SheetError(f"{path.name}: text is neither UTF-8 nor GBK")
            import io

            frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=True)
        else:
            raise SheetError(f"{path.name}: not a spreadsheet (use .csv or .xlsx)")
    except SheetError:
        raise
    except ValueError as exc:  # pandas: unknown sheet name, bad workbook
        raise SheetError(f"{path.name}: {exc}") from None
    except Exception as exc:  # noqa: BLE001 (openpyxl/zipfile raise many kinds on a broken file)
        raise SheetError(f"{path.name}: cannot read ({type(exc).__name__}: {exc})") from None
    frame = frame.fillna("").astype(str)
    frame.columns = [str(c).strip() for c in frame.columns]
    if frame.columns.empty:
        raise SheetError(f"{path.name}: no header row")
    return frame


def guess_mapping(kind: str, columns: list[str], remembered: dict[str, str] | None = None,
                  explicit: dict[str, str] | None = None) -> dict[str, str]:
    """Field → header: explicit first, then remembered (if the header is present), then by name."""
    out: dict[str, str] = {}
    cols = {normalise_name(c): c for c in columns}
    for f in SHEET_KINDS[kind]:
        for src in ((explicit or {}).get(f.name), (remembered or {}).get(f.name)):
            if src and src in columns:
                out[f.name] = src
                break
        else:
            for cand in (f.name, f.en, f.zh, *f.aliases):
                c = cols.get(normalise_name(cand))
                if c is not None and c not in out.values():
                    out[f.name] = c
                    break
    return out


_TIME = re.compile(r"^([01]?\d|2[0-3])[:：]([0-5]\d)$")


def _datetime(text: str) -> dt.datetime:
    """An ISO-like date and time (``2026-12-01 06:15[:00]``, ``T``, ``/``, an offset or ``Z``): naive means local."""
    t = text.strip().replace("/", "-")
    if t.endswith(("Z", "z")):
        t = t[:-1] + "+00:00"
    try:
        value = dt.datetime.fromisoformat(t)
    except ValueError:
        value = None
    if value is None or len(t) < 16:  # a bare date is no reading time
        raise ValueError(Message("'{value}' is not a date and time (write e.g. 2026-06-01 08:00)", value=text))
    return value


def _convert(f: SheetField, text: str):
    """The value of one cell, or raise ValueError with the reason."""
    t = text.strip()
    if f.type == "str":
        return t or None
    if t == "":
        return None
    if f.type == "choice":
        v = CHOICE_WORDS.get(t, CHOICE_WORDS.get(t.lower(), t.lower() if t.upper() not in LEVELS else t.upper()))
        if f.name == "language" and t in ("zh_CN", "zh", "zh-CN"):
            v = "zh_CN"
        if v not in f.choices:
            raise ValueError(Message("'{value}' is not one of {choices}", value=t,
                                     choices=Codes(f.choices, f.labels)))
        return v
    if f.type == "int":
        try:
            v = float(t)
        except ValueError:
            raise ValueError(Message("'{value}' is not a whole number", value=t)) from None
        if v != int(v) or v < 0:
            raise ValueError(Message("'{value}' is not a whole number", value=t))
        return int(v)
    if f.type == "float":
        m = re.search(r"[-+]?\d+(?:\.\d+)?", t)
        if not m:
            raise ValueError(Message("'{value}' is not a number", value=t))
        return float(m.group())
    if f.type == "bool":
        if t.lower() in TRUE_WORDS:
            return True
        if t.lower() in FALSE_WORDS:
            return False
        raise ValueError(Message("'{value}' is not yes or no", value=t))
    if f.type == "date":
        try:
            return dt.date.fromisoformat(t[:10].replace("/", "-"))
        except ValueError:
            raise ValueError(Message("'{value}' is not a date (YYYY-MM-DD)", value=t)) from None
    if f.type == "datetime":
        return _datetime(t)
    if f.type == "slots":
        parts = [p.strip() for p in re.split(r"[;；,，\s]+", t) if p.strip()]
        bad = [p for p in parts if not _TIME.match(p)]
        if bad:
            raise ValueError(Message("'{value}' is not a time of day (HH:MM)", value=bad[0]))
        return sorted({"{:02d}:{}".format(int(_TIME.match(p).group(1)), _TIME.match(p).group(2)) for p in parts})
    if f.type == "lonlat":
        nums = re.findall(r"[-+]?\d+(?:\.\d+)?", t)
        if len(nums) != 2:
            raise ValueError(Message("'{value}' is not 'longitude, latitude'", value=t))
        lon, lat = float(nums[0]), float(nums[1])
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise ValueError(Message("'{value}' is outside longitude −180…180, latitude −90…90", value=t))
        return (lon, lat)
    raise ValueError(f"unknown field type {f.type}")


def validate_rows(kind: str, frame: pd.DataFrame, mapping: dict[str, str], file: str) -> tuple[list[dict], list[dict]]:
    """Typed records, and errors ``{file, row, column, reason}`` (row 2 = the first data row)."""
    records: list[dict] = []
    errors: list[dict] = []
    fields = SHEET_KINDS[kind]
    for f in fields:
        if f.required and f.name not in mapping:
            errors.append({"file": file, "row": 1, "column": f.en,
                           "reason": Message("no column for {en} / {zh} (headers: {headers})", en=f.en, zh=f.zh, headers=", ".join(frame.columns))})
    if errors:
        return [], errors
    for i, row in enumerate(frame.itertuples(index=False, name=None)):
        cells = dict(zip(frame.columns, row))
        if all(not str(v).strip() for v in cells.values()):
            continue  # blank line
        rec: dict = {"_row": i + 2}
        for f in fields:
            col = mapping.get(f.name)
            text = str(cells.get(col, "")) if col else ""
            try:
                value = _convert(f, text)
            except ValueError as exc:
                errors.append({"file": file, "row": i + 2, "column": col, "reason": exc.args[0]})
                continue
            if value is None and f.required:
                errors.append({"file": file, "row": i + 2, "column": col or f.en, "reason": Message("{en} / {zh} is empty", en=f.en, zh=f.zh)})
            rec[f.name] = value
        records.append(rec)
    return records, errors
