"""Service requests: enquiry, repair, meter removal, meter check on request, with response times.

A repair ticket can become an emergency repair (the repairs service opens it
with its five time limits); the ticket then points at the repair.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.audit_trail import record
from models.base import utcnow
from models.customers import TICKET_KINDS, CustomerAccount, ServiceTicket
from models.repair import Repair
from services.customers.errors import CustomerError
from services.customers.settings import setting

COLUMNS = ["ticket", "kind", "account", "caller", "phone", "address", "owner", "status", "opened_at",
           "respond_by", "responded_at", "overdue", "repair", "lon", "lat"]


class TicketError(CustomerError):
    """A ticket action cannot be done; ``.code``/``.params`` say why."""


def _aware(t: dt.datetime | None) -> dt.datetime | None:
    if t is None or pd.isna(t):
        return None
    return t if t.tzinfo else t.replace(tzinfo=dt.timezone.utc)


def tickets(session: Session, now: dt.datetime, *, open_only: bool = False) -> pd.DataFrame:
    """Tickets with their response deadline; ``overdue`` when not answered in time (or answered late)."""
    hours = setting(session, "customers.response_hours")
    t, a = ServiceTicket, CustomerAccount
    q = (select(t.code, t.kind, a.code, t.caller, t.phone, t.address, t.owner, t.status, t.opened_at,
                t.responded_at, Repair.code, t.lon, t.lat)
         .outerjoin(a, a.id == t.account_id).outerjoin(Repair, Repair.id == t.repair_id).order_by(t.opened_at))
    if open_only:
        q = q.where(t.status.in_(("open", "responded")))
    rows = []
    for code, kind, acc, caller, phone, addr, owner, status, opened, responded, repair, lon, lat in session.execute(q):
        opened, responded = _aware(opened), _aware(responded)
        due = opened + dt.timedelta(hours=float(hours.get(kind, 24)))
        overdue = (responded or now) > due
        rows.append([code, kind, acc, caller, phone, addr, owner, status, opened, due, responded,
                     bool(overdue), repair, lon, lat])
    return pd.DataFrame(rows, columns=COLUMNS)


def open_ticket(session: Session, *, kind: str, account: str | None = None, caller: str | None = None,
                phone: str | None = None, address: str | None = None, description: str | None = None,
                owner: str | None = None, now: dt.datetime | None = None, user: str = "desk",
                lon: float | None = None, lat: float | None = None) -> ServiceTicket:
    """Open a ticket at ``lon``/``lat`` (else the account's location); audited. The caller commits."""
    if kind not in TICKET_KINDS:
        raise TicketError("unknown_ticket_kind", kind=kind)
    now = now or utcnow()
    acc = None
    if account:
        acc = session.scalars(select(CustomerAccount).where(CustomerAccount.code == account)).first()
        if acc is None:
            raise TicketError("no_account", account=account)
    n = (session.scalar(select(func.count()).select_from(ServiceTicket)) or 0) + 1
    code = f"T{now:%Y%m%d}-{n:05d}"
    ticket = ServiceTicket(code=code, kind=kind, account_id=acc.id if acc else None, caller=caller, phone=phone,
                           address=address or (acc.address if acc else None), description=description, owner=owner,
                           lon=lon if lon is not None else (acc.lon if acc else None),
                           lat=lat if lat is not None else (acc.lat if acc else None), opened_at=now, status="open")
    session.add(ticket)
    session.flush()
    record(session, user=user, action="create", table="service_tickets", row_id=ticket.id, now=now,
           detail={"ticket": code, "kind": kind, "account": account})
    return ticket


def response_deadline(session: Session, kind: str, opened: dt.datetime) -> tuple[dt.datetime, float]:
    """When a ``kind`` ticket opened at ``opened`` must be answered, and the stored hours for the kind."""
    if kind not in TICKET_KINDS:
        raise TicketError("unknown_ticket_kind", kind=kind)
    hours = float(setting(session, "customers.response_hours").get(kind, 24))
    return opened + dt.timedelta(hours=hours), hours


def account_location(session: Session, account: str) -> tuple[float | None, float | None]:
    """The account's service location (None, None when not located)."""
    acc = session.scalars(select(CustomerAccount).where(CustomerAccount.code == account)).first()
    if acc is None:
        raise TicketError("no_account", account=account)
    return acc.lon, acc.lat


def _ticket(session: Session, code: str) -> ServiceTicket:
    ticket = session.scalars(select(ServiceTicket).where(ServiceTicket.code == code)).first()
    if ticket is None:
        raise TicketError("no_ticket", code=code)
    return ticket


def respond(session: Session, code: str, *, now: dt.datetime | None = None, owner: str | None = None,
            user: str = "desk") -> ServiceTicket:
    """Mark a ticket answered."""
    ticket = _ticket(session, code)
    ticket.responded_at = now or utcnow()
    ticket.status = "responded" if ticket.status == "open" else ticket.status
    if owner:
        ticket.owner = owner
    record(session, user=user, action="respond", table="service_tickets", row_id=ticket.id,
           now=ticket.responded_at, detail={"ticket": code})
    return ticket


def close(session: Session, code: str, *, now: dt.datetime | None = None, user: str = "desk") -> ServiceTicket:
    """Close a ticket."""
    ticket = _ticket(session, code)
    now = now or utcnow()
    ticket.closed_at = now
    ticket.responded_at = ticket.responded_at or now
    ticket.status = "closed"
    record(session, user=user, action="close", table="service_tickets", row_id=ticket.id, now=now,
           detail={"ticket": code})
    return ticket


def escalate_to_repair(session: Session, code: str, *, level: str = "V", now: dt.datetime | None = None,
                       lang: str = "zh_CN", user: str = "desk"):
    """Turn a repair ticket into an emergency repair with its five time limits.

    The repairs service opens it at the ticket's location (the guarded-zone
    check and level raise apply) and queues its messages.

    Returns
    -------
    services.repairs.OpenedRepair

    Raises
    ------
    TicketError
        Not a repair ticket, or already escalated.
    """
    from services.repairs.opening import open_repair

    ticket = _ticket(session, code)
    if ticket.kind != "repair":
        raise TicketError("not_repair_ticket", code=code, kind=ticket.kind)
    if ticket.repair_id is not None:
        raise TicketError("already_escalated", code=code, repair=session.get(Repair, ticket.repair_id).code)
    opened = open_repair(session, lon=ticket.lon, lat=ticket.lat, level=level, category="leak", caller=ticket.caller,
                         phone=ticket.phone, address=ticket.address, description=ticket.description,
                         reported_at=_aware(ticket.opened_at) or now, lang=lang, user=user)
    ticket.repair_id = opened.repair.id
    ticket.status = "escalated"
    ticket.responded_at = ticket.responded_at or now or utcnow()
    record(session, user=user, action="escalate", table="service_tickets", row_id=ticket.id, now=now or utcnow(),
           detail={"ticket": code, "repair": opened.repair.code})
    return opened
