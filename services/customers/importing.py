"""Customer files in: accounts (with their meter), reads, routes, connections, tickets.

CSV in UTF-8 or GBK (detected) or XLSX, with Chinese or English headers:
the headers are guessed (户号, 户名, 地址, 表号, 口径, 安装日期, 检定日期 …) and the
mapping used is remembered per file name, like the other imports
(:mod:`gis.io.fields`, :mod:`models.importing`). A whole file is one
transaction: a bad row fails the import with its row number and reason,
and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from sqlalchemy import Connection, DateTime, Float, String, select

from gis.customers_geo import geocode
from gis.io.fields import apply_mapping, normalise_name, resolve_mapping
from gis.messages import Message
from models.bulk import read_features
from models.customers import (
    ACCOUNT_CATEGORIES,
    CONNECTION_STEPS,
    TICKET_KINDS,
    ConnectionApplication,
    CustomerAccount,
    Meter,
    MeterRead,
    MeterReader,
    ReadingRoute,
    RouteAssignment,
    ServiceTicket,
)
from models.importing import recall_mapping, remember_mapping
from services.customers.errors import CustomerError, Reason

KINDS = ("accounts", "reads", "routes", "connections", "tickets")

_S, _F, _D = String(255), Float(), DateTime()
#: Per import kind: target → (SQL type for conversion, candidate headers besides the target's own name).
TARGETS: dict[str, dict[str, tuple[object, tuple[str, ...]]]] = {
    "accounts": {
        "account_code": (String(32), ("户号", "用户号", "用户编号", "客户编号", "账号", "account", "accountno",
                                      "accountnumber", "customerno", "customer")),
        "account_name": (String(128), ("户名", "用户名", "用户名称", "客户名称", "name", "customername")),
        "address": (_S, ("地址", "用水地址", "装表地址", "用户地址", "addr")),
        "account_category": (String(32), ("用户类别", "用户类型", "类别", "性质", "用水性质", "category", "type")),
        "account_status": (String(32), ("用户状态", "状态", "status")),
        "lon": (_F, ("经度", "longitude", "lng", "x")),
        "lat": (_F, ("纬度", "latitude", "y")),
        "route_code": (String(32), ("抄表册", "册号", "抄表册号", "route", "routecode", "book")),
        "connected_on": (_D, ("接水日期", "通水日期", "立户日期", "connected", "connectiondate")),
        "emergency_contact": (String(128), ("应急联系人", "紧急联系人", "联系人", "contact", "emergencycontact")),
        "emergency_phone": (String(64), ("应急电话", "紧急联系电话", "联系电话", "电话", "phone", "emergencyphone")),
        "meter_code": (String(32), ("表号", "水表编号", "水表号", "表编号", "meter", "meterno", "meternumber")),
        "diameter_mm": (_F, ("口径", "水表口径", "管径", "dn", "diameter", "size")),
        "model": (String(64), ("型号", "水表型号", "规格型号", "meter_model", "metermodel")),
        "q3_m3h": (_F, ("q3", "常用流量", "永久性流量")),
        "installed_on": (_D, ("安装日期", "装表日期", "installed", "installdate", "installationdate")),
        "first_verified_on": (_D, ("检定日期", "首次检定日期", "首检日期", "firstverification", "verified",
                                   "verificationdate")),
        "last_verified_on": (_D, ("最近检定日期", "末次检定日期", "上次检定日期", "lastverification")),
        "meter_status": (String(32), ("水表状态", "meterstatus")),
    },
    "reads": {
        "account_code": (String(32), ("户号", "用户号", "用户编号", "account", "accountno", "customerno")),
        "period": (String(16), ("期间", "账期", "抄表月份", "月份", "抄表期", "period", "month")),
        "volume_m3": (_F, ("水量", "用水量", "抄见水量", "本期水量", "volume", "consumption", "usage")),
        "read_on": (_D, ("抄表日期", "readdate", "readon", "date")),
    },
    "routes": {
        "route_code": (String(32), ("抄表册", "册号", "抄表册号", "route", "routecode", "book")),
        "route_name": (String(128), ("册名", "抄表册名称", "routename")),
        "reader_code": (String(32), ("抄表员编号", "工号", "人员编号", "reader", "readercode", "staff")),
        "reader_name": (String(64), ("抄表员", "姓名", "readername", "name")),
        "duty": (String(32), ("职责", "任务", "duty", "task")),
        "starts_on": (_D, ("开始日期", "起始日期", "起", "from", "start", "startdate")),
        "ends_on": (_D, ("结束日期", "截止日期", "止", "to", "end", "enddate")),
    },
    "connections": {
        "application_code": (String(32), ("申请编号", "报装编号", "工单号", "application", "code")),
        "applicant": (String(128), ("申请人", "申请单位", "applicant", "name")),
        "address": (_S, ("地址", "接水地址", "addr")),
        "account_code": (String(32), ("户号", "account", "accountno")),
        "applied_on": (_D, ("申请日期", "applied", "applicationdate")),
        "step": (String(32), ("环节", "步骤", "阶段", "step", "stage")),
        "person": (String(64), ("经办人", "负责人", "人员", "person", "by", "staff")),
        "started_on": (_D, ("开始日期", "started", "start")),
        "done_on": (_D, ("完成日期", "done", "finished", "end")),
    },
    "tickets": {
        "ticket_code": (String(32), ("工单号", "编号", "ticket", "code")),
        "ticket_kind": (String(32), ("类型", "工单类型", "诉求类型", "kind", "type")),
        "account_code": (String(32), ("户号", "account", "accountno")),
        "caller": (String(128), ("来电人", "联系人", "caller", "name")),
        "phone": (String(64), ("电话", "联系电话", "phone", "tel")),
        "address": (_S, ("地址", "addr")),
        "description": (String(2000), ("内容", "诉求内容", "描述", "description", "text")),
        "owner": (String(64), ("责任人", "承办人", "owner")),
        "opened_at": (_D, ("受理时间", "来电时间", "opened", "openedat", "received")),
        "responded_at": (_D, ("响应时间", "responded", "respondedat")),
        "closed_at": (_D, ("办结时间", "closed", "closedat")),
    },
}
#: Required targets per kind.
REQUIRED = {
    "accounts": ("account_code",),
    "reads": ("account_code", "period", "volume_m3"),
    "routes": ("route_code", "reader_code", "starts_on"),
    "connections": ("application_code", "step", "person"),
    "tickets": ("ticket_code", "ticket_kind"),
}

CATEGORY_WORDS = {
    "household": "household", "居民": "household", "居民生活": "household", "住宅": "household", "居民用水": "household",
    "residential": "household", "domestic": "household",
    "business": "business", "商业": "business", "非居民": "business", "经营": "business", "commercial": "business",
    "large": "large", "大用户": "large", "large user": "large", "largeuser": "large",
    "important": "important", "重要用户": "important", "重点用户": "important", "important user": "important",
}
STATUS_WORDS = {"active": "active", "正常": "active", "在用": "active", "1": "active",
                "suspended": "suspended", "暂停": "suspended", "停水": "suspended",
                "closed": "closed", "销户": "closed", "注销": "closed", "0": "closed"}
DUTY_WORDS = {"read": "read", "抄表": "read", "reading": "read", "collect": "collect", "收费": "collect",
              "催缴": "collect", "collection": "collect", "arrears": "collect"}
STEP_WORDS = {"survey_design": "survey_design", "survey": "survey_design", "design": "survey_design",
              "勘察设计": "survey_design", "勘查设计": "survey_design", "设计": "survey_design", "勘察": "survey_design",
              "budget": "budget", "预算": "budget", "contract": "contract", "合同": "contract", "签约": "contract",
              "construction": "construction", "施工": "construction", "build": "construction",
              "acceptance": "acceptance", "验收": "acceptance", "竣工验收": "acceptance"}
KIND_WORDS = {"enquiry": "enquiry", "inquiry": "enquiry", "咨询": "enquiry", "查询": "enquiry",
              "repair": "repair", "报修": "repair", "维修": "repair", "抢修": "repair",
              "meter_removal": "meter_removal", "meterremoval": "meter_removal", "拆表": "meter_removal",
              "meter_check": "meter_check", "metercheck": "meter_check", "验表": "meter_check", "校表": "meter_check"}


class CustomerImportError(CustomerError):
    """A customer file cannot be imported; ``.code``/``.params`` name the file, row and reason."""


@dataclass
class CustomerImport:
    """What an import did."""

    kind: str
    path: str
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    mapping: dict[str, str] = field(default_factory=dict)
    #: Notes: a :class:`Reason` (phrased by the caller) or a column-conversion note.
    notes: list[Reason | Message | str] = field(default_factory=list)
    #: Account codes whose address matched no street or place (no position).
    unmatched: list[str] = field(default_factory=list)
    #: Connection jobs whose acceptance was refused (job code → reason).
    refused: dict[str, Reason] = field(default_factory=dict)

    def as_dict(self) -> dict:
        """JSON-ready (reasons as their English text; ``refusal_codes`` gives their codes)."""
        out = dict(self.__dict__)
        out["notes"] = [str(n) for n in self.notes]
        out["refused"] = {k: str(v) for k, v in self.refused.items()}
        out["refusal_codes"] = {k: v.as_dict() for k, v in self.refused.items()}
        return out


def read_table(path: str | Path) -> pd.DataFrame:
    """A CSV (UTF-8 or GBK, detected) or XLSX file as a frame of text cells.

    Raises
    ------
    CustomerImportError
        Unreadable file, unknown type, or no rows.
    """
    from gis.io.sheets import SheetError, read_sheet

    p = Path(path)
    if not p.is_file():
        raise CustomerImportError("no_file", file=p)
    if p.suffix.lower() not in (".xlsx", ".xlsm", ".csv", ".txt"):
        raise CustomerImportError("not_table", file=p)
    try:  # the one spreadsheet reader (UTF-8 or GBK text, XLSX), shared with the roster imports
        frame = read_sheet(p)
    except SheetError as exc:
        raise CustomerImportError("unreadable", file=p, detail=exc) from exc
    frame.columns = [str(c).strip() for c in frame.columns]
    frame = frame.replace({"": None})
    frame = frame.dropna(how="all")
    if frame.empty:
        raise CustomerImportError("no_rows", file=p)
    return frame


def map_fields(conn: Connection, kind: str, frame: pd.DataFrame, source: str,
               explicit: Mapping[str, str] | None = None) -> tuple[pd.DataFrame, dict[str, str], list[Message]]:
    """Guess (or recall) the field mapping of a file and apply it.

    Returns
    -------
    frame, mapping, notes
        Store-ready columns (targets), the mapping used, conversion notes.
    """
    spec = TARGETS[kind]
    targets = {t: sql for t, (sql, _c) in spec.items()}
    by_norm = {normalise_name(c): c for c in frame.columns}
    guessed: dict[str, str] = {}
    used: set[str] = set()
    for target, (_sql, candidates) in spec.items():
        for cand in (target, *candidates):
            col = by_norm.get(normalise_name(cand))
            if col is not None and col not in used:
                guessed[target] = col
                used.add(col)
                break
    recalled = recall_mapping(conn, source, f"customers_{kind}")
    remembered = {**guessed, **(recalled[0] if recalled else {})}
    mapping, problems = resolve_mapping(frame.columns, targets, dict(explicit or {}), remembered)
    if problems:
        raise CustomerImportError("mapping", file=source, detail=problems[0])
    missing = [t for t in REQUIRED[kind] if t not in mapping]
    if missing:
        raise CustomerImportError("no_column", file=source, fields=", ".join(missing),
                                  columns=", ".join(frame.columns), first=missing[0])
    notes: list[Message] = []  # translated where shown
    out = apply_mapping(frame, mapping, targets, notes)
    return out, mapping, notes


def _rows(mask: pd.Series) -> str:
    rows = (np.flatnonzero(mask.to_numpy()) + 2).tolist()  # +1 header, +1 one-based
    return ", ".join(map(str, rows[:10])) + (" …" if len(rows) > 10 else "")


def _need(frame: pd.DataFrame, col: str, source: str, what: str) -> None:
    bad = frame[col].isna()
    if bad.any():
        raise CustomerImportError("missing_value", file=source, rows=_rows(bad), field=what)


def _vocab(series: pd.Series, words: Mapping[str, str], fallback: str | None, source: str, what: str) -> pd.Series:
    text = series.astype("string").str.strip().str.lower().str.replace(" ", "", regex=False)
    mapped = text.map(lambda v: words.get(v) if isinstance(v, str) else None)
    unknown = series.notna() & mapped.isna()
    if unknown.any() and fallback is None:
        odd = sorted(set(series[unknown].astype(str)))[:5]
        raise CustomerImportError("not_understood", file=source, rows=_rows(unknown), field=what, values=", ".join(odd))
    return mapped.fillna(fallback) if fallback is not None else mapped


def _dates(series: pd.Series) -> pd.Series:
    return series.map(lambda v: None if v is None or pd.isna(v) else v.date()).astype(object)


def _duplicates(series: pd.Series, source: str, what: str) -> None:
    dup = series.notna() & series.duplicated(keep=False)
    if dup.any():
        raise CustomerImportError("duplicate", file=source, rows=_rows(dup), field=what)


def _code_ids(conn: Connection, table, codes) -> dict[str, int]:
    codes = sorted({c for c in codes if isinstance(c, str)})
    out: dict[str, int] = {}
    for i in range(0, len(codes), 500):
        chunk = codes[i:i + 500]
        out.update(dict(conn.execute(select(table.c.code, table.c.id).where(table.c.code.in_(chunk))).all()))
    return out


def _upsert(conn: Connection, table, rows: pd.DataFrame, key: str = "code") -> tuple[int, int]:
    """Insert rows with new codes, update the others; returns (inserted, updated)."""
    records = rows.replace({np.nan: None}).to_dict("records")
    existing = _code_ids(conn, table, rows[key].tolist())
    new = [r for r in records if r[key] not in existing]
    old = [{**r, "_id": existing[r[key]]} for r in records if r[key] in existing]
    if new:
        conn.execute(table.insert(), new)
    if old:
        from sqlalchemy import bindparam

        cols = [c for c in old[0] if c not in ("_id", key)]
        stmt = table.update().where(table.c.id == bindparam("_id")).values({c: bindparam(c) for c in cols})
        conn.execute(stmt, old)
    return len(new), len(old)


def store_streets_and_places(conn: Connection) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """The store's named streets (pipe streets, key roads, routes) and named places (EPSG:4326)."""
    streets = [read_features(conn, "pipes", ["street"]).rename(columns={"street": "name"}),
               read_features(conn, "key_roads", ["name"])]
    places = [read_features(conn, k, ["name"]) for k in ("venues", "residences", "key_units", "users")]

    def cat(frames):
        frames = [f[["name", "geometry"]] for f in frames if len(f)]
        if not frames:
            return gpd.GeoDataFrame({"name": []}, geometry=[], crs="EPSG:4326")
        return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry="geometry", crs="EPSG:4326")

    return cat(streets), cat(places)


def _import_accounts(conn: Connection, f: pd.DataFrame, source: str, result: CustomerImport) -> None:
    _need(f, "account_code", source, "account number")
    _duplicates(f["account_code"], source, "account number")
    if "meter_code" in f:
        _duplicates(f["meter_code"], source, "meter number")
    acc = pd.DataFrame({"code": f["account_code"]})
    acc["name"] = f["account_name"].fillna("") if "account_name" in f else ""
    for col in ("address", "emergency_contact", "emergency_phone"):
        if col in f:
            acc[col] = f[col]
    if "account_category" in f:
        acc["category"] = _vocab(f["account_category"], CATEGORY_WORDS, None, source, "category")
        acc["category"] = acc["category"].fillna("household")
    if "account_status" in f:
        acc["status"] = _vocab(f["account_status"], STATUS_WORDS, None, source, "status").fillna("active")
    if "connected_on" in f:
        acc["connected_on"] = _dates(f["connected_on"])
    lon = f["lon"] if "lon" in f else pd.Series(np.nan, index=f.index)
    lat = f["lat"] if "lat" in f else pd.Series(np.nan, index=f.index)
    bad = lon.notna() & lat.notna() & ((lon.abs() > 180) | (lat.abs() > 90))
    if bad.any():
        raise CustomerImportError("lonlat_range", file=source, rows=_rows(bad))
    acc["lon"], acc["lat"] = lon.astype("float64"), lat.astype("float64")
    acc["located_by"] = np.where(lon.notna() & lat.notna(), "file", None)
    need = acc["lon"].isna() | acc["lat"].isna()
    if need.any():
        if "address" in acc:
            streets, places = store_streets_and_places(conn)
            found = geocode(acc.loc[need, "address"], streets, places)
            acc.loc[need, "lon"] = found["lon"]
            acc.loc[need, "lat"] = found["lat"]
            acc.loc[need, "located_by"] = found["located_by"]
        result.unmatched = acc.loc[acc["lon"].isna(), "code"].tolist()
    if "route_code" in f:
        routes = ReadingRoute.__table__
        codes = sorted(set(f["route_code"].dropna()))
        known = _code_ids(conn, routes, codes)
        fresh = [{"code": c, "name": c} for c in codes if c not in known]
        if fresh:
            conn.execute(routes.insert(), fresh)
            known = _code_ids(conn, routes, codes)
        acc["route_id"] = f["route_code"].map(known).astype(object).where(f["route_code"].notna(), None)
    ins, upd = _upsert(conn, CustomerAccount.__table__, acc)
    result.inserted, result.updated = ins, upd
    if "meter_code" not in f:
        return
    has = f["meter_code"].notna()
    ids = _code_ids(conn, CustomerAccount.__table__, acc["code"].tolist())
    met = pd.DataFrame({"code": f.loc[has, "meter_code"], "account_id": f.loc[has, "account_code"].map(ids)})
    for col in ("diameter_mm", "model", "q3_m3h"):
        if col in f:
            met[col] = f.loc[has, col]
    for col in ("installed_on", "first_verified_on", "last_verified_on"):
        if col in f:
            met[col] = _dates(f.loc[has, col])
    if "first_verified_on" not in met and "installed_on" in met:
        met["first_verified_on"] = met["installed_on"]
        result.notes.append(Reason("install_for_verification"))
    if "meter_status" in f:
        met["status"] = f.loc[has, "meter_status"].map(
            lambda v: {"在用": "in_service", "正常": "in_service", "停走": "stopped", "故障": "stopped",
                       "拆除": "removed", "已拆": "removed"}.get(v, v) if isinstance(v, str) else "in_service")
    # The due date is computed here, vectorised, and written with the meter (no recompute pass).
    from services.customers.meters import due_columns, refresh_due_dates, stored_rules

    inputs = ("diameter_mm", "q3_m3h", "first_verified_on", "last_verified_on")
    none = pd.Series([None] * len(met), index=met.index, dtype=object)
    met["due_on"], met["due_rule"], met["due_action"] = due_columns(
        *(met[c] if c in met else none for c in inputs), stored_rules(conn))
    inserted, updated = _upsert(conn, Meter.__table__, met)
    if updated and not all(c in met for c in inputs):
        # An updated meter keeps stored values the file lacks: recompute those meters from the store.
        known = _code_ids(conn, Meter.__table__, met["code"].tolist())
        refresh_due_dates(conn, list(known.values()))


def _normalise_period(series: pd.Series, source: str) -> pd.Series:
    text = series.astype("string").str.strip()
    digits = text.str.replace(r"[年月/.\-_]", "", regex=True)
    ok = digits.str.fullmatch(r"\d{6}")
    if not ok.fillna(False).all():
        bad = ~ok.fillna(False)
        raise CustomerImportError("bad_period", file=source, rows=_rows(bad))
    return digits.str.slice(0, 4) + "-" + digits.str.slice(4, 6)


def _import_reads(conn: Connection, f: pd.DataFrame, source: str, result: CustomerImport) -> None:
    _need(f, "account_code", source, "account number")
    _need(f, "volume_m3", source, "volume")
    period = _normalise_period(f["period"], source)
    ids = _code_ids(conn, CustomerAccount.__table__, f["account_code"].tolist())
    acc = f["account_code"].map(ids)
    unknown = acc.isna()
    if unknown.any():
        odd = sorted(set(f.loc[unknown, "account_code"]))[:5]
        raise CustomerImportError("unknown_accounts", file=source, rows=_rows(unknown), values=", ".join(odd))
    neg = f["volume_m3"] < 0
    if neg.any():
        raise CustomerImportError("negative_volume", file=source, rows=_rows(neg))
    reads = pd.DataFrame({"account_id": acc.astype("int64"), "period": period.astype(object),
                          "volume_m3": f["volume_m3"].astype("float64")})
    if "read_on" in f:
        reads["read_on"] = _dates(f["read_on"])
    dup = reads.duplicated(["account_id", "period"], keep=False)
    if dup.any():
        raise CustomerImportError("duplicate_read", file=source, rows=_rows(dup))
    t = MeterRead.__table__
    # A period re-imported replaces its reads: delete those rows first, in the same transaction.
    for p in sorted(set(reads["period"])):
        sub = reads.loc[reads["period"] == p, "account_id"].tolist()
        for i in range(0, len(sub), 500):
            result.updated += conn.execute(
                t.delete().where(t.c.period == p, t.c.account_id.in_(sub[i:i + 500]))).rowcount or 0
    conn.execute(t.insert(), reads.replace({np.nan: None}).to_dict("records"))
    result.inserted = len(reads) - result.updated


def _import_routes(conn: Connection, f: pd.DataFrame, source: str, result: CustomerImport) -> None:
    _need(f, "route_code", source, "route")
    _need(f, "reader_code", source, "reader")
    _need(f, "starts_on", source, "start date")
    duty = _vocab(f["duty"], DUTY_WORDS, None, source, "duty").fillna("read") if "duty" in f else "read"
    routes, readers = ReadingRoute.__table__, MeterReader.__table__
    r = f.drop_duplicates("route_code")
    _upsert(conn, routes, pd.DataFrame({"code": r["route_code"],
                                        "name": r["route_name"] if "route_name" in r else r["route_code"]}))
    p = f.drop_duplicates("reader_code")
    _upsert(conn, readers, pd.DataFrame({"code": p["reader_code"],
                                         "name": p["reader_name"].fillna("") if "reader_name" in p else ""}))
    rid, pid = _code_ids(conn, routes, f["route_code"]), _code_ids(conn, readers, f["reader_code"])
    ends = _dates(f["ends_on"]) if "ends_on" in f else None
    rows = pd.DataFrame({"route_id": f["route_code"].map(rid), "reader_id": f["reader_code"].map(pid),
                         "duty": duty, "starts_on": _dates(f["starts_on"]), "ends_on": ends})
    late = rows["ends_on"].notna() & (rows["ends_on"].astype(object) < rows["starts_on"].astype(object))
    if late.any():
        raise CustomerImportError("ends_before_start", file=source, rows=_rows(late))
    t = RouteAssignment.__table__
    existing = pd.DataFrame(conn.execute(select(t.c.route_id, t.c.reader_id, t.c.duty, t.c.starts_on)).all(),
                            columns=["route_id", "reader_id", "duty", "starts_on"])
    if len(existing):
        key = ["route_id", "reader_id", "duty", "starts_on"]
        merged = rows.merge(existing.assign(_seen=True), on=key, how="left")
        rows = rows[merged["_seen"].isna().to_numpy()]
    if len(rows):
        conn.execute(t.insert(), rows.replace({np.nan: None}).to_dict("records"))
    result.inserted = len(rows)


def _import_connections(conn: Connection, f: pd.DataFrame, source: str, result: CustomerImport) -> None:
    from services.customers.connections import record_step

    _need(f, "application_code", source, "application number")
    _need(f, "person", source, "person")
    steps = _vocab(f["step"], STEP_WORDS, None, source, "step")
    apps = ConnectionApplication.__table__
    first = f.drop_duplicates("application_code")
    acc_ids = _code_ids(conn, CustomerAccount.__table__, f["account_code"]) if "account_code" in f else {}
    frame = pd.DataFrame({"code": first["application_code"]})
    for col in ("applicant", "address"):
        if col in first:
            frame[col] = first[col].fillna("") if col == "applicant" else first[col]
    if "applied_on" in first:
        frame["applied_on"] = _dates(first["applied_on"])
    if "account_code" in first:
        frame["account_id"] = first["account_code"].map(acc_ids).astype(object).where(
            first["account_code"].map(acc_ids).notna(), None)
    result.inserted, result.updated = _upsert(conn, apps, frame)
    ids = _code_ids(conn, apps, f["application_code"])
    order = steps.map({s: i for i, s in enumerate(CONNECTION_STEPS)})
    for idx in order.sort_values(kind="stable").index:
        row = f.loc[idx]
        reason = record_step(conn, ids[row["application_code"]], steps[idx], row["person"],
                             row["started_on"].date() if "started_on" in f and pd.notna(row["started_on"]) else None,
                             row["done_on"].date() if "done_on" in f and pd.notna(row["done_on"]) else None)
        if reason:
            result.refused[row["application_code"]] = reason


def _import_tickets(conn: Connection, f: pd.DataFrame, source: str, result: CustomerImport) -> None:
    _need(f, "ticket_code", source, "ticket number")
    _duplicates(f["ticket_code"], source, "ticket number")
    kind = _vocab(f["ticket_kind"], KIND_WORDS, None, source, "ticket kind")
    _need(pd.DataFrame({"k": kind}), "k", source, "ticket kind")
    t = pd.DataFrame({"code": f["ticket_code"], "kind": kind})
    for col in ("caller", "phone", "address", "description", "owner"):
        if col in f:
            t[col] = f[col]
    now = dt.datetime.now(dt.timezone.utc)
    t["opened_at"] = f["opened_at"].map(lambda v: now if pd.isna(v) else v.to_pydatetime()) if "opened_at" in f else now
    for col in ("responded_at", "closed_at"):
        if col in f:
            t[col] = f[col].map(lambda v: None if pd.isna(v) else v.to_pydatetime()).astype(object)
    t["status"] = "open"
    if "responded_at" in t:
        t.loc[t["responded_at"].notna(), "status"] = "responded"
    if "closed_at" in t:
        t.loc[t["closed_at"].notna(), "status"] = "closed"
    if "account_code" in f:
        ids = _code_ids(conn, CustomerAccount.__table__, f["account_code"])
        t["account_id"] = f["account_code"].map(ids).astype(object).where(f["account_code"].map(ids).notna(), None)
        rows = conn.execute(select(CustomerAccount.code, CustomerAccount.lon, CustomerAccount.lat)
                            .where(CustomerAccount.code.in_(list(ids)))).all() if ids else []
        pos = {c: (x, y) for c, x, y in rows}
        t["lon"] = f["account_code"].map(lambda c: pos.get(c, (None, None))[0])
        t["lat"] = f["account_code"].map(lambda c: pos.get(c, (None, None))[1])
    result.inserted, result.updated = _upsert(conn, ServiceTicket.__table__, t)


_IMPORTERS = {"accounts": _import_accounts, "reads": _import_reads, "routes": _import_routes,
              "connections": _import_connections, "tickets": _import_tickets}


def import_customers(conn: Connection, kind: str, path: str | Path,
                     explicit: Mapping[str, str] | None = None) -> CustomerImport:
    """Import one customer file on ``conn`` (inside the caller's ``engine.begin()``).

    Raises
    ------
    CustomerImportError
        With the file, row(s) and reason; the caller's transaction then rolls back.
    """
    if kind not in KINDS:
        raise CustomerImportError("unknown_import", kind=kind)
    frame = read_table(path)
    source = Path(path).name
    mapped, mapping, notes = map_fields(conn, kind, frame, source, explicit)
    result = CustomerImport(kind=kind, path=str(path), rows=len(frame), mapping=mapping, notes=notes)
    _IMPORTERS[kind](conn, mapped, source, result)
    remember_mapping(conn, source, f"customers_{kind}", mapping, None)
    return result


__all__ = ["ACCOUNT_CATEGORIES", "TICKET_KINDS", "CustomerImport", "CustomerImportError", "import_customers",
           "read_table"]
