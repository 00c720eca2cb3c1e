"""Customer-service figures for the meeting's "external service" status and the dock's badges."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.customers import CustomerAccount, Meter
from services.customers.connections import connections
from services.customers.readers import rotation
from services.customers.rules import add_months
from services.customers.tickets import tickets
from services.customers.zero_volume import zero_volume


def _meters(session: Session, before: dt.date | None, from_day: dt.date | None = None) -> int:
    q = (select(func.count()).select_from(Meter).join(CustomerAccount, CustomerAccount.id == Meter.account_id)
         .where(Meter.status != "removed", CustomerAccount.status == "active"))
    if before is not None:
        q = q.where(Meter.due_on < before)
    if from_day is not None:
        q = q.where(Meter.due_on >= from_day)
    return int(session.scalar(q) or 0)


def customer_counts(session: Session, now: dt.datetime, day: dt.date | None = None) -> dict[str, int]:
    """Counts for the meeting: meters overdue and due within a month, zero-volume users not closed,
    tickets open and past their response time, connection jobs with an overdue step, readers past
    tenure, routes read and collected by one person. Empty when the store has no accounts."""
    day = day or now.date()
    if not session.scalar(select(func.count()).select_from(CustomerAccount)):
        return {}
    zero = zero_volume(session).rows
    t = tickets(session, now, open_only=True)
    rot = rotation(session, day)
    conns = connections(session, day)
    return {
        "meters_overdue": _meters(session, day),
        "meters_due_month": _meters(session, add_months(day, 1) + dt.timedelta(days=1), day),
        "zero_volume": int((zero["status"] != "closed").sum()) if len(zero) else 0,
        "tickets_open": len(t),
        "tickets_overdue": int(t["overdue"].sum()) if len(t) else 0,
        "connections_overdue": int(conns["overdue_steps"].map(bool).sum()) if len(conns) else 0,
        "readers_past_tenure": len(rot.past_tenure),
        "routes_self_collected": len(rot.self_collected),
    }
