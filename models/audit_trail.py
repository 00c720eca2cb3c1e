"""Writing the audit log: who changed what, and when.

Every change made through the duty desk (action items, meeting notes, zero
reports, stock, machinery) goes through :func:`record`, in the same session
(and so the same transaction) as the change itself: a change that rolls back
leaves no audit entry behind, and an audit entry never describes a change
that did not happen. A :class:`~models.audit.StoreChange` marker is written
alongside so other desks polling the store notice the change.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.audit import AuditEntry, StoreChange
from models.clock import as_utc


def record(
    session: Session,
    *,
    user: str,
    action: str,
    table: str,
    row_id: int | None,
    now: dt.datetime,
    detail: Any = "",
    desk: str = "",
) -> AuditEntry:
    """Add an audit entry (and a change marker) to ``session``.

    Parameters
    ----------
    session
        The session holding the change being audited; the caller commits both.
    user
        Who made the change.
    action
        A short verb: ``create``, ``update``, ``close``, ``delete``, ``take`` …
    table
        The table the changed row lives in.
    row_id
        The changed row's id (None when the change has no single row).
    now
        When the change happened (the caller's clock, so tests control it).
    detail
        Free text, or a JSON-able object (stored as compact JSON).
    desk
        The desk that made the change, for the change marker.

    Returns
    -------
    AuditEntry
        The pending entry.
    """
    if not isinstance(detail, str):
        detail = json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str)
    entry = AuditEntry(at=as_utc(now), user=user, action=action, table_name=table, row_id=row_id, detail=detail)
    session.add(entry)
    session.add(StoreChange(at=as_utc(now), table_name=table, row_id=row_id, desk=desk or user))
    return entry


def entries(session: Session, table: str | None = None, row_id: int | None = None) -> list[AuditEntry]:
    """Audit entries, oldest first, optionally for one table and row.

    Parameters
    ----------
    session
        An open session.
    table, row_id
        Filters; None means any.

    Returns
    -------
    list of AuditEntry
    """
    query = select(AuditEntry).order_by(AuditEntry.id)
    if table is not None:
        query = query.where(AuditEntry.table_name == table)
    if row_id is not None:
        query = query.where(AuditEntry.row_id == row_id)
    return list(session.scalars(query))
