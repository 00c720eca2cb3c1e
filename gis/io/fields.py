"""Field mapping: which source field feeds which store column, and in what unit.

Utility data comes with its own field names (DN, 管径, DIAMETER, MATERIAL, 材质,
名称 …). A mapping is ``{target column: "source field[:unit]"}``; targets not
given explicitly are guessed from common English and Chinese names. Values are
then converted to the column's type and unit: ``"DN300"`` and ``"Φ300mm"`` read
as 300, a diameter in inches becomes millimetres, a length in feet metres.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
from sqlalchemy import Boolean, DateTime, Float, Integer, String, Table, Text

from gis.messages import Message

#: Columns the importer never fills from a file: keys, geometry, links made by the store.
_NOT_MAPPED = {"id", "geom", "event_id", "kind"}
#: Tables whose ``kind`` a file may give (elsewhere the kind is fixed by the import kind or made by the store).
_KIND_MAPPED = {"leak_survey_points"}

#: Candidate source names per target column, most specific first. Names are
#: compared after :func:`normalise_name` (lower case, no spaces, ``_`` or units).
GUESSES: dict[str, tuple[str, ...]] = {
    "code": (
        "code", "编号", "编码", "管线编号", "管段编号", "阀门编号", "设施编号", "gisid", "id", "gid", "objectid",
    ),
    "diameter_mm": ("diameter", "diam", "dia", "dn", "管径", "口径", "直径", "公称直径", "pipesize", "size"),
    "material": ("material", "mat", "matl", "材质", "管材", "材料"),
    "name": ("name", "名称", "名字", "label", "title"),
    "name_zh": ("namezh", "中文名", "中文名称"),
    "street": ("street", "road", "roadname", "道路", "道路名称", "所在道路", "街道", "路名"),
    "length_m": ("length", "len", "长度", "管长"),
    "pipe_class": ("pipeclass", "class", "管线类别", "管道类别", "管类"),
    "exposed": ("exposed", "露明", "是否露明"),
    "status": ("status", "状态", "开关状态", "阀门状态"),
    "valve_type": ("valvetype", "type", "类型", "阀门类型"),
    "elevation_m": ("elevation", "elev", "高程", "地面高程"),
    "category": ("category", "类别", "用户类型", "用户类别", "type", "类型"),
    "contact": ("contact", "联系人"),
    "phone": ("phone", "tel", "telephone", "电话", "联系电话"),
    "priority": ("priority", "优先级", "级别"),
    "contractor": ("contractor", "施工单位"),
    "planned_start": ("plannedstart", "start", "开工日期", "开始日期", "计划开工"),
    "planned_end": ("plannedend", "end", "完工日期", "结束日期", "计划完工"),
    "buffer_m": ("buffer", "缓冲距离", "缓冲区"),
    "capacity_m3": ("capacity", "容量", "库容"),
    "notes": ("notes", "note", "备注", "remark", "remarks", "comment"),
    "note": ("note", "notes", "备注", "remark"),
    "workload_km": ("workload", "工作量"),
    "kind": ("kind", "pointkind", "pointtype", "测点类型", "点位类型", "类型", "type"),
    "active": ("active", "inuse", "启用", "在用", "是否启用"),
}

#: Unit factors to the target's unit, by the target's suffix.
UNITS: dict[str, dict[str, float]] = {
    "_mm": {"mm": 1.0, "cm": 10.0, "m": 1000.0, "in": 25.4, "inch": 25.4, "ft": 304.8},
    "_m": {"m": 1.0, "km": 1000.0, "cm": 0.01, "mm": 0.001, "ft": 0.3048, "usft": 1200 / 3937, "in": 0.0254},
    "_km": {"km": 1.0, "m": 0.001, "mi": 1.609344, "ft": 0.0003048},
}
_UNIT_ALIASES = {"inch": "in", "inches": "in", "英寸": "in", "feet": "ft", "foot": "ft", "英尺": "ft",
                 "毫米": "mm", "米": "m", "千米": "km", "公里": "km", "厘米": "cm"}
#: Unit hints inside source field names: ``DIAM_IN``, ``管径(mm)``, ``LENGTH_FT``.
_UNIT_IN_NAME = re.compile(
    r"[_\s(（\[](mm|cm|km|m|in|inch|inches|ft|feet|毫米|米|英寸|英尺|公里)[)）\]]?$", re.IGNORECASE
)
_NUMBER = re.compile(r"([-+]?\d+(?:\.\d+)?)")

VALVE_STATUS = {
    "open": "open", "opened": "open", "o": "open", "开": "open", "开启": "open", "常开": "open", "1": "open",
    "closed": "closed", "close": "closed", "c": "closed", "关": "closed", "关闭": "closed", "常闭": "closed",
    "0": "closed", "broken": "broken", "坏": "broken", "损坏": "broken", "故障": "broken",
    "inaccessible": "inaccessible", "无法操作": "inaccessible", "埋没": "inaccessible",
    "找不到": "inaccessible",
}
PIPE_CLASS = {
    "transmission": "transmission", "trunk": "transmission", "main": "transmission", "输水": "transmission",
    "输水管": "transmission", "输水管线": "transmission", "原水": "transmission", "干管": "transmission",
    "distribution": "distribution", "配水": "distribution", "配水管": "distribution", "支管": "distribution",
    "service": "service", "入户": "service", "入户管": "service", "用户管": "service",
}
USER_CATEGORY = {
    "hospital": "hospital", "医院": "hospital", "venue": "venue", "会场": "venue", "场馆": "venue",
    "residence": "residence", "驻地": "residence", "酒店": "residence", "government": "government",
    "政府": "government", "机关": "government", "school": "school", "学校": "school",
    "industry": "industry", "工业": "industry", "企业": "industry", "other": "other", "其他": "other",
}
#: What a leak-survey point watches (models.leak_survey.POINT_KINDS).
SURVEY_POINT_KIND = {
    "residence": "residence", "住地": "residence", "驻地": "residence", "居民区": "residence", "住宅": "residence",
    "keyarea": "key_area", "key_area": "key_area", "key area": "key_area", "重点区域": "key_area",
    "mainroad": "main_road", "main_road": "main_road", "main road": "main_road", "主干道": "main_road",
    "主要道路": "main_road", "干线": "main_road", "输水干线": "main_road",
    "keysite": "key_site", "key_site": "key_site", "key site": "key_site", "重点部位": "key_site",
    "重点场所": "key_site", "场馆": "key_site", "会场": "key_site",
}
#: Columns whose text values are normalised to a closed vocabulary, and the fallback (None: left empty).
VOCABULARIES: dict[str, tuple[dict[str, str], str | None]] = {
    "status": (VALVE_STATUS, "open"),
    "pipe_class": (PIPE_CLASS, "distribution"),
    "category": (USER_CATEGORY, "other"),
    "kind": (SURVEY_POINT_KIND, None),
}
_TRUE = {"1", "true", "t", "yes", "y", "是", "露明", "x"}


def normalise_name(name: str) -> str:
    """A field name reduced for comparison: lower case, no unit suffix, no separators."""
    text = _UNIT_IN_NAME.sub("", name.strip()) if len(name.strip()) > 3 else name.strip()
    return re.sub(r"[\s_\-.()（）\[\]]", "", text).lower()


def unit_in_name(name: str) -> str | None:
    """The unit a field name declares (``DIAM_IN`` → ``in``, ``管径(mm)`` → ``mm``), if any."""
    m = _UNIT_IN_NAME.search(name.strip())
    if not m or len(name.strip()) <= 3:
        return None
    unit = m.group(1).lower()
    return _UNIT_ALIASES.get(unit, unit)


def targets_for(table: Table, fixed: Iterable[str] = ()) -> dict[str, object]:
    """The columns of ``table`` a file may fill, with their SQL types."""
    skip = (_NOT_MAPPED - ({"kind"} if table.name in _KIND_MAPPED else set())) | set(fixed)
    return {
        c.name: c.type
        for c in table.columns
        if c.name not in skip and not c.name.endswith("_id")
    }


def parse_map_options(items: Iterable[str]) -> dict[str, str]:
    """Parse ``--map target=source[:unit]`` options into a mapping.

    Raises
    ------
    ValueError
        For an item without ``=``.
    """
    mapping: dict[str, str] = {}
    for item in items:
        if "=" not in item:
            raise ValueError(f"--map {item!r}: expected target=source, e.g. diameter_mm=管径")
        target, source = item.split("=", 1)
        target, source = target.strip().replace("-", "_"), source.strip()
        if not target or not source:
            raise ValueError(f"--map {item!r}: expected target=source, e.g. diameter_mm=管径")
        mapping[target] = source
    return mapping


def split_unit(spec: str) -> tuple[str, str | None]:
    """``"DIAM:in"`` → ``("DIAM", "in")``; a colon not followed by a known unit stays in the name."""
    if ":" in spec:
        name, unit = spec.rsplit(":", 1)
        unit = _UNIT_ALIASES.get(unit.strip().lower(), unit.strip().lower())
        if any(unit in table for table in UNITS.values()):
            return name, unit
    return spec, None


def resolve_mapping(
    columns: Iterable[str],
    targets: Mapping[str, object],
    explicit: Mapping[str, str],
    remembered: Mapping[str, str] | None = None,
) -> tuple[dict[str, str], list[str]]:
    """Decide the source field of every target.

    Explicit ``--map`` entries win, then a remembered mapping (fields that still
    exist), then guesses by name. A source field feeds at most one target.

    Returns
    -------
    mapping, problems
        ``{target: "field[:unit]"}`` and messages for explicit entries that
        cannot apply (unknown target or field): these fail the import, since
        the user asked for them.
    """
    columns = [c for c in columns if c != "geometry"]
    by_norm: dict[str, str] = {}
    for c in columns:
        by_norm.setdefault(normalise_name(c), c)
    problems: list[Message] = []
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for target, spec in explicit.items():
        name, _unit = split_unit(spec)
        if target not in targets:
            problems.append(Message("--map {target}=…: no such field to fill; choose from {choices}",
                                    target=target, choices=", ".join(sorted(targets))))
        elif name not in columns:
            problems.append(Message("--map {target}={name}: the file has no field '{name}' (fields: {columns})",
                                    target=target, name=name, columns=", ".join(map(str, columns))))
        else:
            mapping[target] = spec
            used.add(name)
    for target, spec in (remembered or {}).items():
        name, _unit = split_unit(spec)
        if target in targets and target not in mapping and name in columns and name not in used:
            mapping[target] = spec
            used.add(name)
    for target in targets:
        if target in mapping:
            continue
        # target[:10]: a shapefile cuts field names to 10 characters (diameter_m).
        for candidate in (target, target[:10], *GUESSES.get(target, ())):
            source = by_norm.get(normalise_name(candidate))
            if source is not None and source not in used:
                mapping[target] = source
                used.add(source)
                break
    return mapping, problems


def _numbers(series: pd.Series) -> pd.Series:
    """Numbers from numeric or text values (``"DN300"`` → 300.0); NaN where there is none."""
    if series.dtype.kind in "iufb":
        return series.astype("float64")
    text = series.astype("string")
    found = text.str.extract(_NUMBER.pattern, expand=False)
    return pd.to_numeric(found, errors="coerce").astype("float64")


def convert_column(
    values: pd.Series, target: str, sql_type: object, unit: str | None, notes: list[str], source: str
) -> pd.Series:
    """Convert one source column to the target's type and unit, noting what was lost or changed."""
    present = values.notna() & (values.astype("string").str.strip() != "")
    if isinstance(sql_type, Float | Integer) and not isinstance(sql_type, Boolean):
        out = _numbers(values)
        bad = int((present & out.isna()).sum())
        if bad:
            notes.append(Message("{n} value(s) of {field} are not numbers; left empty", n=bad, field=source))
        if unit is not None:
            suffix = next((s for s in UNITS if target.endswith(s)), None)
            factors = UNITS.get(suffix or "", {})
            if unit not in factors:
                raise ValueError(f"--map {target}={source}:{unit}: {unit} is not a unit of {target}")
            if factors[unit] != 1.0:
                out = out * factors[unit]
                notes.append(Message("{field} converted from {unit} to {to}", field=source, unit=unit, to=suffix.lstrip("_")))
        if isinstance(sql_type, Integer):
            return out.round().astype("Int64").astype(object).where(out.notna(), None)
        return out
    if isinstance(sql_type, Boolean):
        text = values.astype("string").str.strip().str.lower()
        return text.isin(_TRUE).fillna(False).astype(bool)
    if isinstance(sql_type, DateTime):
        out = pd.to_datetime(values, errors="coerce", utc=True)
        bad = int((present & out.isna()).sum())
        if bad:
            notes.append(Message("{n} value(s) of {field} are not dates; left empty", n=bad, field=source))
        return out
    text = values.astype("string").str.strip()
    text = text.where(text != "", pd.NA)
    if target in VOCABULARIES:
        vocab, fallback = VOCABULARIES[target]
        mapped = text.str.lower().map(lambda v: vocab.get(v) if isinstance(v, str) else None)
        unknown = present & mapped.isna()
        if int(unknown.sum()):
            odd = sorted(set(text[unknown].dropna().tolist()))[:5]
            if fallback is None:
                notes.append(Message("{n} value(s) of {field} not understood as {target} ({values}); left empty",
                                     n=int(unknown.sum()), field=source, target=target, values=", ".join(odd)))
            else:
                notes.append(Message("{n} value(s) of {field} not understood as {target} ({values}); set to {fallback}",
                                     n=int(unknown.sum()), field=source, target=target, values=", ".join(odd),
                                     fallback=fallback))
        if fallback is None:
            return mapped.astype(object).where(mapped.notna(), None)
        return mapped.fillna(fallback).astype(object)
    length = getattr(sql_type, "length", None)
    if isinstance(sql_type, String) and not isinstance(sql_type, Text) and length:
        too_long = int((text.str.len() > length).sum())
        if too_long:
            notes.append(Message("{n} value(s) of {field} longer than {length} characters were shortened",
                                 n=too_long, field=source, length=length))
            text = text.str.slice(0, length)
    return text.astype(object).where(text.notna(), None)


def apply_mapping(
    frame: pd.DataFrame,
    mapping: Mapping[str, str],
    targets: Mapping[str, object],
    notes: list[str],
) -> pd.DataFrame:
    """A frame of store columns built from ``frame``'s source fields by ``mapping``."""
    out = pd.DataFrame(index=frame.index)
    for target, spec in mapping.items():
        name, unit = split_unit(spec)
        if unit is None and not target.startswith(name):  # diameter_m is diameter_mm cut to 10 characters
            unit = unit_in_name(name)
            if unit is not None and not any(unit in UNITS[s] for s in UNITS if target.endswith(s)):
                unit = None
        out[target] = convert_column(frame[name], target, targets[target], unit, notes, name)
    return out


def looks_like_inches(diameters: pd.Series) -> bool:
    """Whether diameters look like nominal inch sizes (all small, mostly 2–48)."""
    d = diameters.dropna()
    return len(d) >= 5 and float(d.max()) <= 72 and float(np.median(d)) >= 2
