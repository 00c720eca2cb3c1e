"""Meters due: replacement or verification due and overdue by the stored JJG 162-2019 rules."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from sqlalchemy import String, and_, func, literal, not_, or_, select, type_coerce
from sqlalchemy.orm import Session

from models.customers import CustomerAccount, Meter
from services.customers.rules import add_months, meter_due_dates, rule_index  # noqa: F401
from services.customers.settings import setting

COLUMNS = ["account", "name", "address", "category", "meter", "diameter_mm", "q3_m3h", "action", "rule",
           "basis", "due_on", "month", "overdue", "lon", "lat"]


def fetch_frame(session: Session, query, columns: list[str]) -> pd.DataFrame:
    """Run ``query`` and build a frame from the driver's own tuples.

    Skipping SQLAlchemy's row objects and type processing keeps a list of
    hundreds of thousands of rows well under a second; date columns are
    selected as text and parsed in bulk by the caller.
    """
    result = session.connection().execute(query)
    try:
        raw = result.cursor.fetchall()
    finally:
        result.close()
    return pd.DataFrame.from_records(raw, columns=columns, nrows=len(raw))


def _rule_sql(rule: dict):
    dn = func.coalesce(Meter.diameter_mm, -1.0)
    q3 = func.coalesce(Meter.q3_m3h, -1.0)
    parts = []
    if rule.get("dn_min") is not None or rule.get("dn_max") is not None:
        cond = Meter.diameter_mm.is_not(None)
        if rule.get("dn_min") is not None:
            cond = and_(cond, dn > float(rule["dn_min"]))
        if rule.get("dn_max") is not None:
            cond = and_(cond, dn <= float(rule["dn_max"]))
        parts.append(cond)
    if rule.get("q3_above") is not None:
        parts.append(q3 > float(rule["q3_above"]))
    return or_(*parts) if parts else literal(False)


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
        :data:`COLUMNS`, overdue first then by due date. ``overdue`` is True
        when the due date is before ``today``. Meters of active accounts in
        service only. The SQL filter is per rule (cut-off date), so only due
        meters leave the store; the exact date is then computed with numpy.
    """
    rules = setting(session, "customers.meter_rules")
    horizon = add_months(today, months)
    conds = []
    earlier = []
    for rule in rules:
        match = _rule_sql(rule)
        # One day of slack for 29 February; the exact test follows in numpy.
        cutoff = add_months(horizon, -12 * int(rule["years"])) + dt.timedelta(days=1)
        base = Meter.first_verified_on if rule["action"] != "verify" else func.coalesce(
            Meter.last_verified_on, Meter.first_verified_on)
        conds.append(and_(match, not_(or_(*earlier)) if earlier else literal(True), base <= cutoff))
        earlier.append(match)
    if not conds:
        return pd.DataFrame(columns=COLUMNS)
    s = lambda c: type_coerce(c, String)  # noqa: E731 - raw ISO text, parsed in bulk below
    q = (select(CustomerAccount.code, CustomerAccount.name, CustomerAccount.address, CustomerAccount.category,
                Meter.code, Meter.diameter_mm, Meter.q3_m3h, s(Meter.first_verified_on), s(Meter.last_verified_on),
                CustomerAccount.lon, CustomerAccount.lat)
         .join(CustomerAccount, CustomerAccount.id == Meter.account_id)
         .where(CustomerAccount.status == "active", Meter.status != "removed", or_(*conds)))
    frame = fetch_frame(session, q, columns=["account", "name", "address", "category", "meter", "diameter_mm", "q3_m3h",
                                        "first", "last", "lon", "lat"])
    if frame.empty:
        return pd.DataFrame(columns=COLUMNS)
    first = pd.to_datetime(frame["first"], errors="coerce", format="mixed").to_numpy(dtype="datetime64[D]")
    last = pd.to_datetime(frame["last"], errors="coerce", format="mixed").to_numpy(dtype="datetime64[D]")
    due, rule = meter_due_dates(frame["diameter_mm"].to_numpy(dtype="float64"),
                                frame["q3_m3h"].to_numpy(dtype="float64"), first, last, rules)
    keep = ~np.isnat(due) & (due <= np.datetime64(horizon, "D"))
    frame = frame[keep].copy()
    due, rule = due[keep], rule[keep]
    actions = np.array([r["action"] for r in rules], dtype=object)
    names = np.array([r.get("name", "") for r in rules], dtype=object)
    frame["action"] = actions[rule]
    frame["rule"] = names[rule]
    frame["basis"] = np.where((frame["action"] == "verify") & frame["last"].notna(), "last_verified",
                              "first_verified")
    frame["due_on"] = pd.to_datetime(due).date
    frame["month"] = pd.to_datetime(due).strftime("%Y-%m")
    frame["overdue"] = due < np.datetime64(today, "D")
    frame = frame.sort_values(["due_on", "account"], kind="stable")
    return frame[COLUMNS].reset_index(drop=True)


def due_by_month(frame: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Counts per month ahead (``overdue`` first), split by action."""
    if frame.empty:
        return pd.DataFrame(columns=["month", "replace", "verify", "total"])
    month = np.where(frame["overdue"], "overdue", frame["month"])
    table = pd.crosstab(month, frame["action"]).reindex(columns=["replace", "verify"], fill_value=0)
    table["total"] = table.sum(axis=1)
    order = sorted(table.index, key=lambda m: (m != "overdue", m))
    return table.loc[order].rename_axis("month").reset_index()
