"""The freeze calendar's customer-side kinds: arrears chasing and treatment process changes.

During the event window the utility freezes difficult arrears collection and
water-treatment process changes (DESIGN.md §1), as it freezes planned
shutdowns (:mod:`gis.freeze`). An action asked for inside the window is
refused with the reason, and the request is kept (who asked, when, why not).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.audit_trail import record
from models.base import utcnow
from models.customers import FREEZE_KINDS, CustomerAccount, FrozenRequest
from models.event import Event
from services.customers.errors import CustomerError, Reason
from services.repairs.records import get_setting

#: Setting: the kinds frozen during the event window (default all of :data:`FREEZE_KINDS`).
FROZEN_KINDS_KEY = "customers.frozen_kinds"


@dataclass(frozen=True)
class FreezeWindow:
    """One frozen kind and its window."""

    kind: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    event: str


class FrozenAction(PermissionError):
    """A frozen action was asked for inside the event window.

    Attributes
    ----------
    window
        The :class:`FreezeWindow` that holds it (for a translated message).
    """

    def __init__(self, reason: Reason, window: FreezeWindow | None = None) -> None:
        super().__init__(str(reason))
        self.reason = reason
        self.window = window

    @property
    def code(self) -> str:
        """The reason's code (``frozen``)."""
        return self.reason.code

    @property
    def params(self) -> dict:
        """kind, event, starts, ends."""
        return self.reason.params


def frozen_reason(kind: str, at: dt.datetime, windows: list[FreezeWindow]) -> Reason | None:
    """Why ``kind`` at ``at`` is refused (the window holding it), or None: pure."""
    for w in windows:
        if w.kind == kind and w.starts_at <= at < w.ends_at:
            return Reason("frozen", {"kind": kind, "event": w.event, "starts": f"{w.starts_at:%Y-%m-%d %H:%M}",
                                     "ends": f"{w.ends_at:%Y-%m-%d %H:%M}"})
    return None


def freeze_windows(session: Session) -> list[FreezeWindow]:
    """The frozen kinds with the event window (none without an event)."""
    event = session.scalars(select(Event).order_by(Event.id.desc()).limit(1)).first()
    if event is None:
        return []
    kinds = get_setting(session, FROZEN_KINDS_KEY) or list(FREEZE_KINDS)
    return [FreezeWindow(k, event.starts_at, event.ends_at, event.name) for k in kinds]


def request_action(session: Session, kind: str, *, at: dt.datetime, subject: str = "", account: str | None = None,
                   user: str = "desk") -> FrozenRequest:
    """Ask for an arrears chase or a process change at ``at``; kept accepted or refused. The caller commits.

    Raises
    ------
    FrozenAction
        Inside the event window (the request is kept as refused first; commit to keep it).
    ValueError
        Unknown kind or account.
    """
    if kind not in FREEZE_KINDS:
        raise CustomerError("unknown_freeze_kind", kind=kind)
    acc_id = None
    if account:
        acc_id = session.scalar(select(CustomerAccount.id).where(CustomerAccount.code == account))
        if acc_id is None:
            raise CustomerError("no_account", account=account)
    at = at if at.tzinfo else at.replace(tzinfo=dt.timezone.utc)
    reason = frozen_reason(kind, at, freeze_windows(session))
    req = FrozenRequest(kind=kind, account_id=acc_id, subject=subject or (account or ""), planned_at=at,
                        requested_by=user, status="refused" if reason else "accepted", reason=str(reason or ""))
    session.add(req)
    session.flush()
    record(session, user=user, action="refuse" if reason else "accept", table="frozen_requests", row_id=req.id,
           now=utcnow(), detail={"kind": kind, "account": account, "at": at.isoformat(),
                                  "reason": str(reason) if reason else None})
    if reason:
        window = next(w for w in freeze_windows(session) if w.kind == kind and w.starts_at <= at < w.ends_at)
        raise FrozenAction(reason, window)
    return req
