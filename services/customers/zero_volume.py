"""Zero-volume users (零水量用户): active accounts with no consumption in their latest N reading periods.

New connections are listed too until their first real read, so none is left
at zero unnoticed. Each user gets a cause and a follow-up (plan, owner,
deadline), like the meeting's action items.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import String, exists, func, select, type_coerce
from sqlalchemy.orm import Session

from models.base import utcnow
from models.audit_trail import record
from models.customers import ZERO_CAUSES, CustomerAccount, MeterRead, ZeroVolumeCase
from services.customers.errors import CustomerError
from services.customers.meters import fetch_frame
from services.customers.settings import setting

COLUMNS = ["account", "name", "address", "category", "kind", "reads", "connected_on", "cause", "plan", "owner",
           "deadline", "status", "lon", "lat"]


class ZeroVolumeError(CustomerError):
    """A follow-up cannot be saved (unknown account or cause); ``.code``/``.params`` say which."""


@dataclass
class ZeroVolume:
    """The zero-volume list and the periods it was judged on."""

    periods: list[str]
    needed: int
    rows: pd.DataFrame
    #: Set when the store holds fewer periods than the rule needs: the list then
    #: holds only accounts never read since connection, and says why.
    missing: str | None = None
    extra: dict = field(default_factory=dict)


def latest_periods(session: Session, n: int) -> list[str]:
    """The newest ``n`` reading periods in the store, newest first (each one index probe)."""
    out: list[str] = []
    for _ in range(n):
        q = select(func.max(MeterRead.period))
        if out:
            q = q.where(MeterRead.period < out[-1])
        p = session.scalar(q)
        if p is None:
            break
        out.append(p)
    return out


def zero_volume(session: Session, periods: int | None = None) -> ZeroVolume:
    """Active accounts with no consumption over the latest ``periods`` periods (stored default 2).

    ``kind`` is ``zero_reads`` (read, no consumption), ``no_reads`` (not read
    in those periods) or ``new_connection`` (connected since the first of them,
    or never read at all). The anti-join runs in SQL on the covering index
    (account, period, volume), so only the listed accounts leave the store.
    """
    n = int(periods if periods is not None else setting(session, "customers.zero_periods"))
    found = latest_periods(session, n)
    a, r, c = CustomerAccount, MeterRead, ZeroVolumeCase
    missing = None
    since = found[-1] if found else "9999-99"
    if len(found) < n:
        missing = (f"the store holds {len(found)} reading period(s) and the rule needs {n}: "
                   "only accounts never read since connection are listed")
    used = exists().where(r.account_id == a.id, r.period >= since, r.volume_m3 > 0)
    ever = exists().where(r.account_id == a.id, r.volume_m3 > 0)
    reads = select(func.count()).where(r.account_id == a.id, r.period >= since).scalar_subquery()
    q = (select(a.code, a.name, a.address, a.category, reads, type_coerce(a.connected_on, String),
                c.cause, c.plan, c.owner, type_coerce(c.deadline, String), c.status, a.lon, a.lat, ~ever)
         .outerjoin(c, c.account_id == a.id)
         .where(a.status == "active"))
    q = q.where(~ever) if missing else q.where(~used)
    rows = fetch_frame(session, q,
                       columns=["account", "name", "address", "category", "reads", "connected_on", "cause", "plan",
                                 "owner", "deadline", "status", "lon", "lat", "never"])
    if rows.empty:
        return ZeroVolume(found, n, pd.DataFrame(columns=COLUMNS), missing)
    # Dates come back as ISO text (SQLite) or date objects (PostgreSQL): compare months as text.
    connected = rows["connected_on"].map(lambda v: None if v is None or v != v else str(v)[:10])
    rows["connected_on"] = connected
    new = rows["never"].astype(bool) & (connected.isna() | (connected.fillna("") >= since))
    rows["kind"] = "zero_reads"
    rows.loc[rows["reads"] == 0, "kind"] = "no_reads"
    rows.loc[new, "kind"] = "new_connection"
    rows["status"] = rows["status"].fillna("open")
    rows["deadline"] = rows["deadline"].map(lambda v: None if v is None or v != v else str(v)[:10])
    rows = rows.sort_values("account", kind="stable")
    return ZeroVolume(found, n, rows[COLUMNS].reset_index(drop=True), missing)


def set_follow_up(session: Session, account: str, *, cause: str | None = None, plan: str | None = None,
                  owner: str | None = None, deadline: dt.date | None = None, status: str | None = None,
                  user: str = "desk") -> ZeroVolumeCase:
    """Set the cause and follow-up of a zero-volume user; audited. The caller commits.

    Raises
    ------
    ZeroVolumeError
        Unknown account or cause.
    """
    if cause is not None and cause not in ZERO_CAUSES:
        raise ZeroVolumeError("unknown_cause", cause=cause)
    acc = session.scalars(select(CustomerAccount).where(CustomerAccount.code == account)).first()
    if acc is None:
        raise ZeroVolumeError("no_account", account=account)
    case = session.scalars(select(ZeroVolumeCase).where(ZeroVolumeCase.account_id == acc.id)).first()
    if case is None:
        case = ZeroVolumeCase(account_id=acc.id, plan="", owner="", status="open")
        session.add(case)
    for name, value in (("cause", cause), ("plan", plan), ("owner", owner), ("deadline", deadline),
                        ("status", status)):
        if value is not None:
            setattr(case, name, value)
    case.updated_at = utcnow()
    session.flush()
    record(session, user=user, action="update", table="zero_volume_cases", row_id=case.id, now=utcnow(),
           detail={"account": account, "cause": case.cause, "owner": case.owner, "status": case.status})
    return case
