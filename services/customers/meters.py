"""Meters due: replacement or verification due and overdue by the stored JJG 162-2019 rules.

Each meter keeps its due date (``meters.due_on``, indexed), computed with
numpy by :func:`refresh_due_dates` whenever meters are imported or the rules
change (vectorised: one read, numpy dates, only the changed meters written
back). "Due by D" is then one pass over the meters with a primary-key lookup
of each due account, the list built column-wise in numpy (see :func:`meters_due`).
"""

from __future__ import annotations

import datetime as dt
import gc
from contextlib import contextmanager

import numpy as np
import pandas as pd
from sqlalchemy import Connection, String, bindparam, func, select, type_coerce
from sqlalchemy.orm import Session

from models.customers import CustomerAccount, Meter
from services.repairs.records import get_setting
from services.customers.rules import DEFAULT_METER_RULES, add_months, meter_due_dates

COLUMNS = ["account", "name", "address", "category", "meter", "diameter_mm", "q3_m3h", "action", "rule",
           "due_on", "month", "overdue", "lon", "lat"]
RULES_KEY = "customers.meter_rules"
#: Meters written back per UPDATE batch (drivers other than SQLite's).
_BATCH = 50_000
#: Up to this many meters are read by id lists; more, by one scan of the table.
_IN_LIMIT = 20_000
#: Writes of more meters than this get a page cache of ``_BIG_CACHE_KIB`` KiB (SQLite).
_BIG_WRITE = 20_000
_BIG_CACHE_KIB = 262_144


def fetch_frame(session: Session | Connection, query, columns: list[str]) -> pd.DataFrame:
    """Run ``query`` and build a frame from the driver's own tuples.

    Skipping SQLAlchemy's row objects and type processing keeps a list of
    hundreds of thousands of rows well under a second; date columns are
    selected as text and parsed in bulk by the caller.
    """
    conn = session.connection() if isinstance(session, Session) else session
    result = conn.execute(query)
    try:
        raw = result.cursor.fetchall()
    finally:
        result.close()
    return pd.DataFrame.from_records(raw, columns=columns, nrows=len(raw))


def _text(col):
    return type_coerce(col, String)


def _days(values) -> np.ndarray:
    """``datetime64[D]`` of dates as the driver gives them (ISO text on SQLite, dates on PostgreSQL; None: NaT).

    numpy parses ISO dates and converts ``datetime.date`` in C; anything else
    (a time part, odd text) falls back to pandas' lenient parser, bad values NaT.
    """
    arr = np.asarray(values, dtype=object)
    try:
        return arr.astype("datetime64[D]")
    except (ValueError, TypeError):
        return pd.to_datetime(pd.Series(arr), errors="coerce", format="mixed").to_numpy(dtype="datetime64[D]")


def _meter_inputs(conn: Connection, ids: list[int] | None) -> list[tuple]:
    """``(id, dn, q3, first, last, due_on, due_rule, due_action)`` of the meters (all, or ``ids``), as driver tuples."""
    m = Meter.__table__
    q = select(m.c.id, m.c.diameter_mm, m.c.q3_m3h, _text(m.c.first_verified_on), _text(m.c.last_verified_on),
               _text(m.c.due_on), m.c.due_rule, m.c.due_action)
    if ids is not None and len(ids) <= _IN_LIMIT:
        raw: list[tuple] = []
        for i in range(0, len(ids), 900):
            raw.extend(_fetch(conn, q.where(m.c.id.in_(ids[i:i + 900]))))
        return raw
    raw = _fetch(conn, q)  # one scan in table order beats thousands of IN lists
    if ids is not None and raw:
        keep = np.isin(np.fromiter((r[0] for r in raw), dtype="int64", count=len(raw)), np.asarray(ids, dtype="int64"))
        raw = [r for r, k in zip(raw, keep.tolist(), strict=True) if k]
    return raw


@contextmanager
def _no_gc():
    """Hold the cyclic garbage collector while hundreds of thousands of row tuples are made.

    The tuples hold no cycles, and each collection pass would walk all of them
    (measured: a third of a large list's time goes to collections otherwise).
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _fetch(conn: Connection, query) -> list[tuple]:
    result = conn.execute(query)
    try:
        with _no_gc():
            return result.cursor.fetchall()
    finally:
        result.close()


def stored_rules(conn: Connection) -> list[dict]:
    """The stored meter rules read on a Core connection (JJG 162-2019 defaults)."""
    from models.audit import read_setting

    return read_setting(conn, RULES_KEY, None) or DEFAULT_METER_RULES


def due_columns(diameter_mm, q3_m3h, first_verified, last_verified, rules: list[dict]
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``due_on`` (``datetime.date`` or None), ``due_rule``, ``due_action`` of meters about to be written.

    Vectorised (numpy), for an import to store the due date with the meter
    instead of reading it back to recompute it.
    """
    first = np.array(list(first_verified), dtype="datetime64[D]")
    last = np.array(list(last_verified), dtype="datetime64[D]")
    due, rule = meter_due_dates(_floats(np.asarray(diameter_mm, dtype=object)),
                                _floats(np.asarray(q3_m3h, dtype=object)), first, last, rules)
    names = np.array([r.get("name", "") for r in rules] + [None], dtype=object)
    actions = np.array([r["action"] for r in rules] + [None], dtype=object)
    ok = ~np.isnat(due)
    dates = np.where(ok, due.astype(object), None)  # datetime64[D] → datetime.date
    return dates, np.where(ok, names[rule], None), np.where(ok, actions[rule], None)


def refresh_due_dates(conn: Connection, meter_ids: list[int] | None = None, rules: list[dict] | None = None) -> int:
    """Recompute the due date of meters (all, or ``meter_ids``) by the rules; returns the meters rewritten.

    Vectorised: the inputs are read as driver tuples in one scan (or IN lists
    for a few meters), the dates computed with numpy, and only the meters whose
    due date, rule or action changed are written back, in one executemany of
    plain tuples (no row objects, no per-row type processing).

    Parameters
    ----------
    conn
        A connection inside the caller's transaction.
    meter_ids
        Only these meters (an import's); None for all (after a rule change).
    rules
        The rules (default: the stored ones).
    """
    if rules is None:
        rules = stored_rules(conn)
    ids = sorted(set(meter_ids)) if meter_ids is not None else None
    with _no_gc():
        return _refresh(conn, _meter_inputs(conn, ids), rules)


def _refresh(conn: Connection, raw: list[tuple], rules: list[dict]) -> int:
    if not raw:
        return 0
    table = np.empty((len(raw), 8), dtype=object)
    table[:] = raw  # one C-level copy of the tuples into a 2-D array
    del raw
    mid, dn, q3, first, last, old_due, old_rule, old_action = table.T
    due, rule = meter_due_dates(_floats(dn), _floats(q3),
                                _days(first), _days(last), rules)
    names = np.array([r.get("name", "") for r in rules] + [None], dtype=object)
    actions = np.array([r["action"] for r in rules] + [None], dtype=object)
    ok = ~np.isnat(due)
    due_text = np.where(ok, np.datetime_as_string(due, unit="D"), None).astype(object)
    new_rule = np.where(ok, names[rule], None)
    new_action = np.where(ok, actions[rule], None)
    old_text = np.where(np.isnat(old := _days(old_due)), None, np.datetime_as_string(old, unit="D")).astype(object)
    changed = (due_text != old_text) | (new_rule != old_rule) | (new_action != old_action)
    if not changed.any():
        return 0
    ids_out = mid[changed].astype("int64").tolist()
    due_out = due_text[changed].tolist()
    if conn.dialect.name != "sqlite":  # SQLite keeps dates as ISO text; other drivers get dates
        due_out = [dt.date.fromisoformat(d) if d else None for d in due_out]
    rows = list(zip(due_out, new_rule[changed].tolist(), new_action[changed].tolist(), ids_out, strict=True))
    if conn.dialect.name == "sqlite":
        # The DBAPI's executemany on plain tuples, in the caller's transaction.
        # A larger page cache for the write keeps the due-date index's pages in memory
        # (its entries move to random places); the connection's own size is put back after.
        sql = "UPDATE meters SET due_on = ?, due_rule = ?, due_action = ? WHERE id = ?"
        cursor = conn.connection.driver_connection.cursor()
        try:
            cache = cursor.execute("PRAGMA cache_size").fetchone()[0]
            if len(rows) > _BIG_WRITE:
                cursor.execute(f"PRAGMA cache_size = {-_BIG_CACHE_KIB}")
            try:
                cursor.executemany(sql, rows)
            finally:
                cursor.execute(f"PRAGMA cache_size = {int(cache)}")
        finally:
            cursor.close()
    else:
        m = Meter.__table__
        stmt = m.update().where(m.c.id == bindparam("i")).values(
            due_on=bindparam("d"), due_rule=bindparam("r"), due_action=bindparam("a"))
        for i in range(0, len(rows), _BATCH):
            conn.execute(stmt, [{"d": d, "r": r, "a": a, "i": i_} for d, r, a, i_ in rows[i:i + _BATCH]])
    return len(rows)


def set_meter_rules(session: Session, rules: list[dict], user: str = "desk") -> int:
    """Store new meter rules and recompute every meter's due date (audited). Returns meters written."""
    from services.repairs.records import set_setting

    for r in rules:
        if r.get("action") not in ("replace", "verify") or int(r.get("years", 0)) <= 0:
            raise ValueError(f"meter rule {r!r}: action must be replace or verify and years positive")
    set_setting(session, RULES_KEY, rules, user)
    session.flush()
    return refresh_due_dates(session.connection(), None, rules)


def meter_rules(session: Session) -> list[dict]:
    """The stored meter rules (JJG 162-2019 defaults)."""
    return get_setting(session, RULES_KEY) or DEFAULT_METER_RULES


def meters_due(session: Session, today: dt.date, months: int = 0) -> pd.DataFrame:
    """Meters due for replacement or verification by ``today`` + ``months``.

    Parameters
    ----------
    session
        An open session.
    today
        The day counted from.
    months
        0: due or overdue today; N: due within N months.

    Returns
    -------
    pandas.DataFrame
        :data:`COLUMNS` sorted by due date: ``due_on`` ISO text, ``month``
        ``YYYY-MM``, ``overdue`` when due before ``today``. Meters in service
        (or stopped) of active accounts only.
    """
    horizon = add_months(today, months)
    a, m = CustomerAccount, Meter
    # A due list is a large share of all meters, so reading the meters in table order and each
    # account by its primary key beats walking the due-date index (one random page per row):
    # ``coalesce(due_on, due_on)`` and ``account_id + 0`` keep SQLite off those indexes
    # (measured on 1,000,000 accounts: about half the time). The order is made in numpy.
    q = (select(a.code, a.name, a.address, a.category, m.code, m.diameter_mm, m.q3_m3h, m.due_action, m.due_rule,
                _text(m.due_on), a.lon, a.lat)
         .select_from(m).join(a, a.id == m.account_id + 0)
         .where(func.coalesce(m.due_on, m.due_on) <= horizon, m.status != "removed", a.status == "active"))
    with _no_gc():
        return _due_frame(_fetch(session.connection(), q), today)


_FETCHED = ["account", "name", "address", "category", "meter", "diameter_mm", "q3_m3h", "action", "rule", "due_on",
            "lon", "lat"]
_FLOATS = ("diameter_mm", "q3_m3h", "lon", "lat")


def _floats(col: np.ndarray) -> np.ndarray:
    """Driver floats (None: NaN) as float64; odd values through pandas' lenient parser."""
    try:
        return col.astype("float64")
    except (TypeError, ValueError):
        return pd.to_numeric(pd.Series(col), errors="coerce").to_numpy(dtype="float64")


def _due_frame(raw: list[tuple], today: dt.date) -> pd.DataFrame:
    """The due list from the driver's tuples, column-wise in numpy (no per-row work in Python)."""
    if not raw:
        return pd.DataFrame(columns=COLUMNS)
    table = np.empty((len(raw), len(_FETCHED)), dtype=object)
    table[:] = raw  # one C-level copy of the tuples into a 2-D array
    del raw
    days = _days(table[:, _FETCHED.index("due_on")])  # ISO text (SQLite) or dates, parsed in C
    order = np.argsort(days.view("int64"), kind="stable")  # by due date, ties in table order
    table = table[order]  # one row gather of the pointers, then column views
    days = days[order]
    due = np.datetime_as_string(days, unit="D")
    data: dict[str, object] = {}
    for i, name in enumerate(_FETCHED):
        col = table[:, i]
        data[name] = _floats(col) if name in _FLOATS else col
    data["due_on"] = due.astype(object)
    data["month"] = due.astype("U7").astype(object)
    data["overdue"] = days < np.datetime64(today, "D")
    return pd.DataFrame(data, columns=COLUMNS, copy=False)


def undetermined(session: Session) -> int:
    """Meters in service whose due date cannot be told (no DN/Q3 matching a rule, or no verification date)."""
    return int(session.scalar(select(func.count()).select_from(Meter)
                              .where(Meter.due_on.is_(None), Meter.status != "removed")) or 0)


def due_by_month(frame: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Counts per month ahead (``overdue`` first), split by action."""
    if frame.empty:
        return pd.DataFrame(columns=["month", "replace", "verify", "total"])
    month = np.where(frame["overdue"], "overdue", frame["month"])
    table = pd.crosstab(month, frame["action"]).reindex(columns=["replace", "verify"], fill_value=0)
    table["total"] = table.sum(axis=1)
    order = sorted(table.index, key=lambda mo: (mo != "overdue", mo))
    return table.loc[order].rename_axis("month").reset_index()
