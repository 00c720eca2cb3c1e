"""Import one spreadsheet of a kind, all or nothing; write empty templates.

Rows are validated first (types, choices, references to teams and vehicles
in the store or earlier in the same file, unique codes); one bad row refuses
the whole file with every error listed, so nothing is half-written. The
header mapping used is remembered per file name, like the GIS field mapping.
"""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from pathlib import Path

from sqlalchemy import Connection, select, update
from sqlalchemy.exc import SQLAlchemyError

from gis.io.sheets import SHEET_KINDS, SheetError, example_row, guess_mapping, header_names, read_sheet, validate_rows
from gis.io.output import replacing
from gis.messages import Message
from models.audit import Setting
from models.changes import recording_changes
from models.duty import DutyShift, ReportingUnit
from models.event import Event
from models.importing import recall_mapping, remember_mapping
from models.patrol import Person, Shift, Team
from models.repair import Contact, Vehicle
from models.resources import SparePart
from models.store import Store
from models.streets import Device
from services.duty.zero_reports import SLOTS_KEY

#: Kinds whose writer checks every row before writing: a file's type errors and the writer's are listed together.
CHECK_EVERY_ROW = ("leak-readings",)
#: Shift hours (local) a team's ``shift`` creates on every event day.
SHIFT_HOURS = {"day": [(8, 20)], "night": [(20, 32)], "double": [(8, 20), (20, 32)]}


class _Refused(Exception):
    def __init__(self, errors: list[dict]) -> None:
        self.errors = errors


def _codes(conn: Connection, table) -> dict[str, int]:
    return {c: i for c, i in conn.execute(select(table.c.code, table.c.id))}


def import_sheet(store: Store, kind: str, path: str | Path, *, sheet: str | None = None,
                 mapping: dict[str, str] | None = None) -> dict:
    """Import ``path`` as ``kind`` (see :data:`SHEET_KINDS`).

    Returns
    -------
    dict
        ``ok``, ``kind``, ``file``, ``imported``, ``mapping``, ``errors``
        (``{file, row, column, reason}``), ``error`` when refused.
    """
    path = Path(path)
    name = path.name
    base = {"kind": kind, "file": str(path), "imported": 0, "rejected": 0, "notes": []}
    if kind not in SHEET_KINDS:
        return {**base, "ok": False, "error": f"unknown kind {kind!r}", "errors": []}
    try:
        frame = read_sheet(path, sheet)
    except SheetError as exc:
        return {**base, "ok": False, "error": str(exc), "errors": [{"file": name, "row": None, "column": None,
                                                                     "reason": str(exc)}]}
    source = f"{name}|{sheet}" if sheet else name
    try:
        with store.engine.begin() as conn, recording_changes(conn):
            remembered = recall_mapping(conn, source, f"sheet-{kind}")
            used = guess_mapping(kind, list(frame.columns), remembered[0] if remembered else None, mapping)
            records, errors = validate_rows(kind, frame, used, name)
            if errors and kind in CHECK_EVERY_ROW:
                errors = _more_errors(conn, kind, records, errors, name, used)
            if errors:
                raise _Refused(errors)
            n, notes = WRITERS[kind](conn, records, name, used)
            remember_mapping(conn, source, f"sheet-{kind}", used, None)
    except _Refused as exc:
        errs = exc.errors
        first = errs[0]
        return {**base, "ok": False, "rejected": len({e["row"] for e in errs}), "errors": errs,
                "error": f"{name}: row {first['row']}, column {first['column']}: {first['reason']}"
                         + (f" (and {len(errs) - 1} more)" if len(errs) > 1 else "") + "; nothing written"}
    except SQLAlchemyError as exc:
        return {**base, "ok": False, "errors": [],
                "error": f"{name}: the store refused the rows ({exc.orig or exc}); nothing written"}
    return {**base, "ok": True, "imported": n, "mapping": used, "notes": notes, "errors": []}


def _more_errors(conn, kind, records, errors, name, used) -> list[dict]:
    """Also the errors the writer finds in the rows that passed the type checks (so every bad row is named).

    Whatever the writer writes is rolled back: the caller raises on the errors inside the transaction.
    """
    bad = {e["row"] for e in errors}
    rest = [r for r in records if r["_row"] not in bad]
    if not rest:
        return errors
    try:
        WRITERS[kind](conn, rest, name, used)
    except _Refused as more:
        errors = sorted(errors + more.errors, key=lambda e: (e["row"] or 0))
    return errors


def _err(name, rec, col, reason):
    return {"file": name, "row": rec["_row"], "column": col, "reason": reason}


def _unique(records, key, name, used, existing):
    errs, seen = [], set()
    for r in records:
        v = r[key]
        if v in seen or v in existing:
            errs.append(_err(name, r, used.get(key), Message("'{value}' is already in this file", value=v) if v in seen else Message("'{value}' is already in the store", value=v)))
        seen.add(v)
    return errs


def _teams(conn, records, name, used):
    t = Team.__table__
    errs = _unique(records, "code", name, used, _codes(conn, t))
    shifts_wanted = [r for r in records if r.get("shift")]
    event = conn.execute(select(Event).order_by(Event.id.desc()).limit(1)).first()
    if shifts_wanted and event is None:
        errs.append(_err(name, shifts_wanted[0], used.get("shift"), Message("shifts need the event's dates: create the event first")))
    if errs:
        raise _Refused(errs)
    rows = [{"code": r["code"], "name": r["name"], "name_zh": r.get("name_zh"), "kind": r.get("kind") or "patrol",
             "leader": r.get("leader"), "phone": r.get("phone")} for r in records]
    conn.execute(t.insert(), rows)
    notes = []
    if shifts_wanted:
        ids = _codes(conn, t)
        zone = zoneinfo.ZoneInfo(event.timezone)
        start = _aware(event.starts_at).astimezone(zone).date()
        end = _aware(event.ends_at).astimezone(zone).date()
        shift_rows = []
        day = start
        while day <= end:
            for r in shifts_wanted:
                for a, b in SHIFT_HOURS[r["shift"]]:
                    s = dt.datetime.combine(day, dt.time()).replace(tzinfo=zone) + dt.timedelta(hours=a)
                    e = dt.datetime.combine(day, dt.time()).replace(tzinfo=zone) + dt.timedelta(hours=b)
                    shift_rows.append({"team_id": ids[r["code"]], "name": "day" if a == 8 else "night",
                                       "starts_at": s.astimezone(dt.timezone.utc), "ends_at": e.astimezone(dt.timezone.utc)})
            day += dt.timedelta(days=1)
        conn.execute(Shift.__table__.insert(), shift_rows)
        notes.append(Message("{n} team shifts over the event's days", n=len(shift_rows)))
    return len(rows), notes


def _aware(t: dt.datetime) -> dt.datetime:
    return t if t.tzinfo else t.replace(tzinfo=dt.timezone.utc)


def _staff(conn, records, name, used):
    teams = _codes(conn, Team.__table__)
    errs = [_err(name, r, used.get("team"), Message("no team '{value}' (import teams first)", value=r["team"]))
            for r in records if r["team"] not in teams]
    if errs:
        raise _Refused(errs)
    conn.execute(Person.__table__.insert(), [
        {"name": r["name"], "team_id": teams[r["team"]], "role": r.get("role"), "phone": r.get("phone"),
         "unit": r.get("unit")} for r in records])
    return len(records), []


def _vehicles(conn, records, name, used):
    t = Vehicle.__table__
    existing = _codes(conn, t)
    errs = _unique(records, "code", name, used, existing)
    devices = set(conn.execute(select(t.c.device_id)).scalars())
    errs += [_err(name, r, used.get("code"), Message("'{value}' is already a device id in the store", value=r["code"]))
             for r in records if r["code"] in devices and r["code"] not in existing]
    if errs:
        raise _Refused(errs)
    # Until a device is registered (import devices), the vehicle answers to its own code.
    conn.execute(t.insert(), [
        {"code": r["code"], "name": r.get("name") or r["code"], "plate": r.get("plate"), "crew": r.get("crew"),
         "kind": r.get("kind") or "repair", "device_id": r["code"], "status": "available",
         "depot_lon": r["depot"][0] if r.get("depot") else None, "depot_lat": r["depot"][1] if r.get("depot") else None,
         "version": 1} for r in records])
    return len(records), ["until 'import devices' registers one, a vehicle's device id is its code"]


def _devices(conn, records, name, used):
    vt, tt, dtab = Vehicle.__table__, Team.__table__, Device.__table__
    vehicles, teams = _codes(conn, vt), _codes(conn, tt)
    people = {(n, tid): pid for pid, n, tid in conn.execute(select(Person.id, Person.name, Person.team_id))}
    taken = {d: vid for d, vid in conn.execute(select(vt.c.device_id, vt.c.id))}
    errs = _unique(records, "device_id", name, used, set(conn.execute(select(dtab.c.device_id)).scalars()))
    for r in records:
        if r["owner_kind"] == "vehicle" and r["owner"] not in vehicles:
            errs.append(_err(name, r, used.get("owner"), Message("no vehicle '{value}' (import vehicles first)", value=r["owner"])))
        elif r["owner_kind"] == "patroller" and r["owner"] not in teams:
            errs.append(_err(name, r, used.get("owner"), Message("no team '{value}' (import teams first)", value=r["owner"])))
        elif r["device_id"] in taken and (r["owner_kind"] != "vehicle" or taken[r["device_id"]] != vehicles[r["owner"]]):
            errs.append(_err(name, r, used.get("device_id"), Message("device '{value}' already belongs to another vehicle", value=r["device_id"])))
        elif r["owner_kind"] == "patroller" and r.get("person") and (r["person"], teams[r["owner"]]) not in people:
            errs.append(_err(name, r, used.get("person"), Message("no '{person}' in team {team} (import staff first)", person=r["person"], team=r["owner"])))
    if errs:
        raise _Refused(errs)
    rows = []
    for r in records:
        row = {"device_id": r["device_id"], "owner_kind": r["owner_kind"], "label": r.get("person"),
               "vehicle_id": None, "team_id": None, "person_id": None}
        if r["owner_kind"] == "vehicle":
            row["vehicle_id"] = vehicles[r["owner"]]
            # The position feed routes by the vehicle's device id: this is what makes the report find its owner.
            conn.execute(update(vt).where(vt.c.id == row["vehicle_id"]).values(device_id=r["device_id"]))
        else:
            row["team_id"] = teams[r["owner"]]
            row["person_id"] = people.get((r.get("person"), teams[r["owner"]]))
            conn.execute(update(tt).where(tt.c.id == row["team_id"]).values(device_id=r["device_id"]))
        rows.append(row)
    conn.execute(dtab.insert(), rows)
    return len(rows), []


def _units(conn, records, name, used):
    t = ReportingUnit.__table__
    errs = _unique(records, "code", name, used, _codes(conn, t))
    if errs:
        raise _Refused(errs)
    conn.execute(t.insert(), [{"code": r["code"], "name": r["name"], "name_zh": r.get("name_zh"),
                               "contact": r.get("contact"), "phone": r.get("phone"),
                               "double_shift": True if r.get("double_shift") is None else r["double_shift"]}
                              for r in records])
    slots = sorted({s for r in records for s in (r.get("slots") or [])})
    notes = []
    if slots:
        st = Setting.__table__
        old = conn.execute(select(st.c.value_json).where(st.c.key == SLOTS_KEY)).scalar()
        merged = sorted(set(slots) | set(json.loads(old) if old else []))
        if old is None:
            conn.execute(st.insert().values(key=SLOTS_KEY, value_json=json.dumps(merged)))
        else:
            conn.execute(st.update().where(st.c.key == SLOTS_KEY).values(value_json=json.dumps(merged)))
        notes.append(Message("report slots: {slots}", slots=", ".join(merged)))
    return len(records), notes


def _contacts(conn, records, name, used):
    conn.execute(Contact.__table__.insert(), [
        {"name": r["name"], "group": r["group"], "organisation": r.get("organisation"), "phone": r.get("phone"),
         "email": r.get("email"), "min_level": r.get("min_level") or "IV", "language": r.get("language") or "zh_CN"}
        for r in records])
    return len(records), []


def _parts(conn, records, name, used):
    conn.execute(SparePart.__table__.insert(), [
        {"kind": r["kind"], "diameter_mm": r.get("diameter_mm"), "quantity": r["quantity"],
         "location": r.get("location") or "", "odd_shaped": bool(r.get("odd_shaped"))} for r in records])
    return len(records), []


def _roster(conn, records, name, used):
    conn.execute(DutyShift.__table__.insert(), [
        {"day": r["day"], "shift": r["shift"], "leader": r["leader"], "phone": r.get("phone"),
         "double_shift_units": r.get("double_shift_units")} for r in records])
    return len(records), []


def _leak_readings(conn, records, name, used):
    from services.leak_survey.logger_import import store_logger_rows

    n, notes, errs = store_logger_rows(conn, records, name, used)
    if errs:
        raise _Refused(errs)
    return n, notes


WRITERS = {"teams": _teams, "staff": _staff, "vehicles": _vehicles, "devices": _devices, "units": _units,
           "contacts": _contacts, "parts": _parts, "roster": _roster, "leak-readings": _leak_readings}


def write_templates(folder: str | Path, lang: str = "en", fmt: str = "csv") -> list[Path]:
    """One empty template per kind in ``folder``: headers in ``lang`` and one example row."""
    import csv

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for kind in SHEET_KINDS:
        headers, example = header_names(kind, lang), example_row(kind, lang)
        if fmt == "xlsx":
            import pandas as pd

            path = folder / f"{kind}.xlsx"
            with replacing(path) as tmp:  # a template the user filled in is never half-overwritten
                pd.DataFrame([example], columns=headers).to_excel(tmp, index=False, engine="openpyxl")
        else:
            path = folder / f"{kind}.csv"
            with replacing(path) as tmp, tmp.open("w", newline="", encoding="utf-8-sig") as fh:
                w = csv.writer(fh)
                w.writerow(headers)
                w.writerow(example)
        out.append(path)
    return out
