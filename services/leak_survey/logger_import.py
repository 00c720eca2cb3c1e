"""Leak-noise logger CSVs (``python app.py import leak-readings FILE``): check every row, then store them all.

A row names its survey point by code or by the logger's position (the nearest
point within :data:`gis.leak_survey.AT_POINT_M`), its time (naive = event-local)
and a noise level (and/or a verdict). Rows are checked with the same rule as a
reading from the field (:func:`services.leak_survey.survey.check_reading`);
one bad row refuses the file, each bad row named with its row number and reason.
A row already stored (same point, time and logger: the same ``client_id``), in
the store or earlier in the file, is stored once.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, select

from gis.messages import Message
from models.clock import as_utc
from models.leak_survey import LeakReading
from services.leak_survey.survey import REFUSED, _event, check_reading, client_id_for, survey_points


def store_logger_rows(conn: Connection, records: list[dict], file: str, used: dict[str, str],
                      now: dt.datetime | None = None) -> tuple[int, list[str], list[dict]]:
    """Store the rows of one logger file, or none of them.

    Parameters
    ----------
    conn
        The import's connection, inside its transaction.
    records
        Typed rows of :func:`gis.io.sheets.validate_rows` (kind ``leak-readings``), with ``_row``.
    file
        The file's name (for errors).
    used
        Field → header mapping (errors name the column).
    now
        The clock for refusing future times (default now, UTC).

    Returns
    -------
    (int, list, list)
        Rows stored, notes, and errors ``{file, row, column, reason}`` (nothing stored when any).
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    _, tz = _event(conn)
    pts = survey_points(conn)
    errors: list[dict] = []
    rows: list[dict] = []
    for r in records:
        lon, lat = r.get("lon"), r.get("lat")
        if (lon is None) != (lat is None):
            errors.append({"file": file, "row": r["_row"], "column": used.get("lat" if lat is None else "lon"),
                           "reason": Message("a position needs both longitude and latitude")})
            continue
        at = None if lon is None else (lon, lat)
        i, outcome = check_reading(pts, r.get("point"), r.get("time"), now, at=at, noise_db=r.get("noise_db"),
                                   verdict=r.get("verdict"), source="logger", tz=tz)
        if outcome.status == REFUSED:
            column = {"unknown_point": "point", "far_from_point": "point" if r.get("point") else "lon",
                      "future_time": "time", "too_early": "time", "no_time": "time", "bad_noise": "noise_db",
                      "bad_verdict": "verdict", "empty_reading": "noise_db", "inactive_point": "point"}.get(outcome.reason_code, "point")
            errors.append({"file": file, "row": r["_row"], "column": used.get(column, column),
                           "reason": outcome.reason})
            continue
        taken = r["time"] if r["time"].tzinfo else r["time"].replace(tzinfo=tz)
        code = str(pts["code"][i])
        rows.append({"_row": r["_row"], "point_id": int(pts["id"][i]), "taken_at": as_utc(taken),
                     "source": "logger", "noise_db": r.get("noise_db"), "verdict": r.get("verdict"),
                     "note": r.get("note"), "reader_label": r.get("logger"),
                     "lon": None if at is None else float(at[0]), "lat": None if at is None else float(at[1]),
                     "client_id": client_id_for("logger", code, taken, r.get("logger")),
                     "stored_at": dt.datetime.now(dt.timezone.utc)})
    if errors:
        return 0, [], errors
    t = LeakReading.__table__
    ids = [row["client_id"] for row in rows]
    known = set()
    for k in range(0, len(ids), 500):
        known |= set(conn.execute(select(t.c.client_id).where(t.c.client_id.in_(ids[k:k + 500]))).scalars())
    new, seen = [], set()
    for row in rows:
        if row["client_id"] in known or row["client_id"] in seen:
            continue
        seen.add(row["client_id"])
        new.append({k: v for k, v in row.items() if k != "_row"})
    if new:
        conn.execute(t.insert(), new)
    notes: list[str] = []
    if len(new) < len(rows):
        notes.append(Message("{n} reading(s) already stored (the same point, time and logger): stored once",
                             n=len(rows) - len(new)))
    days = sorted({as_utc(row["taken_at"]).astimezone(tz).date().isoformat() for row in rows})
    if days:
        notes.append(Message("readings for {days}", days=", ".join(days)))
    return len(new), notes, errors
