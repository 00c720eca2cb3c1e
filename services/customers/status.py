"""Customer-service figures for the meeting's "external service" status and the dock's badges."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from services.customers.connections import connections
from services.customers.meters import meters_due
from services.customers.readers import rotation
from services.customers.tickets import tickets
from services.customers.zero_volume import zero_volume


def customer_counts(session: Session, now: dt.datetime, day: dt.date | None = None) -> dict[str, int]:
    """Counts: meters overdue and due this month, zero-volume users (open), tickets open and overdue,
    connection jobs with an overdue step, readers past tenure, routes read and collected by one person."""
    day = day or now.date()
    due = meters_due(session, day, 1)
    zero = zero_volume(session).rows
    t = tickets(session, now, open_only=True)
    rot = rotation(session, day)
    conns = connections(session, day)
    return {
        "meters_overdue": int(due["overdue"].sum()) if len(due) else 0,
        "meters_due_month": int((~due["overdue"].astype(bool)).sum()) if len(due) else 0,
        "zero_volume": int((zero["status"] != "closed").sum()) if len(zero) else 0,
        "tickets_open": len(t),
        "tickets_overdue": int(t["overdue"].sum()) if len(t) else 0,
        "connections_overdue": int(conns["overdue_steps"].map(bool).sum()) if len(conns) else 0,
        "readers_past_tenure": len(rot.past_tenure),
        "routes_self_collected": len(rot.self_collected),
    }
