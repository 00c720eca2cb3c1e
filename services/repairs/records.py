"""Repair desk operations on a session: create, milestones, level, dispatch, outbox.

Qt-free and free of analysis: the caller (``services.repairs.opening``, the CLI, the GUI
controller) computes guarded-zone hits and renders message text, and hands
them in. Every change leaves an :class:`~models.audit.AuditEntry` and a
:class:`~models.audit.StoreChange` marker so other desks notice it. The caller
commits (one transaction per desk action).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.audit import AuditEntry, Setting, StoreChange
from models.base import utcnow
from models.network import VALVE_STATES, Valve
from models.repair import REPAIR_LEVELS, VEHICLE_STATES, Contact, Notification, Repair, Vehicle

#: Milestone attribute → the repair status once it is set, in order.
MILESTONES: dict[str, str] = {
    "reported_at": "reported",
    "dispatched_at": "dispatched",
    "arrived_at": "on_site",
    "isolated_at": "isolated",
    "repaired_at": "repaired",
    "restored_at": "restored",
}
#: Short names accepted for milestones.
MILESTONE_ALIASES = {
    "reported": "reported_at", "dispatched": "dispatched_at", "arrived": "arrived_at", "on_site": "arrived_at",
    "isolated": "isolated_at", "repaired": "repaired_at", "restored": "restored_at",
}


class RepairError(ValueError):
    """A desk action that breaks a rule; the message says which."""


class Message(Protocol):
    """What a sender takes (see :class:`gis.notify.OutgoingMessage`)."""

    recipient: str
    address: str | None
    language: str
    subject: str
    body: str


def _record(session: Session, action: str, table: str, row_id: int | None, detail: str, user: str) -> None:
    session.add(AuditEntry(user=user, action=action, table_name=table, row_id=row_id, detail=detail))
    session.add(StoreChange(table_name=table, row_id=row_id, desk=user))


def get_setting(session: Session, key: str, default: Any = None) -> Any:
    """A stored JSON setting, or ``default`` when absent."""
    row = session.get(Setting, key)
    return default if row is None else json.loads(row.value_json)


def set_setting(session: Session, key: str, value: Any, user: str = "desk") -> None:
    """Store a JSON setting (replacing any previous value)."""
    row = session.get(Setting, key)
    text = json.dumps(value, ensure_ascii=False)
    if row is None:
        session.add(Setting(key=key, value_json=text))
    else:
        row.value_json = text
    _record(session, "set", "settings", None, f"{key} = {text[:200]}", user)


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.timezone.utc)


def next_repair_code(session: Session, when: dt.datetime) -> str:
    """The next free code of the day: ``R20260801-003``."""
    prefix = f"R{when:%Y%m%d}-"
    count = session.scalar(select(func.count()).select_from(Repair).where(Repair.code.like(f"{prefix}%"))) or 0
    n = count + 1
    while session.scalar(select(Repair.id).where(Repair.code == f"{prefix}{n:03d}")) is not None:
        n += 1
    return f"{prefix}{n:03d}"


def create_repair(
    session: Session,
    *,
    level: str = "V",
    category: str = "leak",
    lon: float | None = None,
    lat: float | None = None,
    pipe_id: int | None = None,
    diameter_mm: float | None = None,
    caller: str | None = None,
    phone: str | None = None,
    address: str | None = None,
    description: str | None = None,
    in_guarded_zone: bool = False,
    level_reason: str | None = None,
    event_id: int | None = None,
    reported_at: dt.datetime | None = None,
    user: str = "desk",
) -> Repair:
    """Add a repair (status ``reported``) and flush it so it has an id.

    Raises
    ------
    RepairError
        For a level that is not I–V.
    """
    if level not in REPAIR_LEVELS:
        raise RepairError(f"repair level must be one of {', '.join(REPAIR_LEVELS)}, not {level!r}")
    reported_at = _aware(reported_at or utcnow())
    repair = Repair(
        code=next_repair_code(session, reported_at), level=level, level_reason=level_reason, category=category,
        lon=lon, lat=lat, pipe_id=pipe_id, diameter_mm=diameter_mm, caller=caller, phone=phone,
        address=address, description=description, in_guarded_zone=in_guarded_zone, event_id=event_id,
        reported_at=reported_at, status="reported",
    )
    session.add(repair)
    session.flush()
    _record(session, "create", "repairs", repair.id, f"{repair.code} level {level} {category}", user)
    return repair


def set_milestone(session: Session, repair: Repair, milestone: str, at: dt.datetime | None = None,
                  user: str = "desk") -> Repair:
    """Record a milestone (``dispatched``, ``arrived``, ``isolated``, ``repaired``, ``restored``).

    Milestones come in order and never go back in time; the status follows.

    Raises
    ------
    RepairError
        For an unknown milestone, a skipped earlier one, or a time before the previous milestone.
    """
    attr = MILESTONE_ALIASES.get(milestone, milestone)
    if attr not in MILESTONES or attr == "reported_at":
        raise RepairError(f"unknown milestone {milestone!r}: dispatched, arrived, isolated, repaired or restored")
    at = _aware(at or utcnow())
    order = list(MILESTONES)
    previous = order[order.index(attr) - 1]
    before = getattr(repair, previous)
    if before is None:
        raise RepairError(f"{repair.code}: {MILESTONES[previous]} must be recorded before {MILESTONES[attr]}")
    if at < _aware(before):
        raise RepairError(f"{repair.code}: {MILESTONES[attr]} at {at:%H:%M} is before {MILESTONES[previous]}")
    setattr(repair, attr, at)
    repair.status = MILESTONES[attr]
    _record(session, "milestone", "repairs", repair.id, f"{repair.code} {MILESTONES[attr]} {at.isoformat()}", user)
    return repair


def clear_milestone(session: Session, repair: Repair, milestone: str, user: str = "desk") -> Repair:
    """Take back the latest milestone (an undo at the desk); the status steps back with it.

    Raises
    ------
    RepairError
        For an unknown milestone, or one that is not the latest recorded.
    """
    attr = MILESTONE_ALIASES.get(milestone, milestone)
    if attr not in MILESTONES or attr == "reported_at":
        raise RepairError(f"unknown milestone {milestone!r}: dispatched, arrived, isolated, repaired or restored")
    order = list(MILESTONES)
    later = [a for a in order[order.index(attr) + 1:] if getattr(repair, a) is not None]
    if later:
        raise RepairError(f"{repair.code}: {MILESTONES[later[-1]]} is recorded after {MILESTONES[attr]}")
    setattr(repair, attr, None)
    repair.status = MILESTONES[order[order.index(attr) - 1]]
    _record(session, "milestone", "repairs", repair.id, f"{repair.code} {MILESTONES[attr]} taken back", user)
    return repair


def next_milestone(repair: Repair) -> str | None:
    """The next milestone to record (``dispatched`` … ``restored``), or None when all are."""
    for attr in list(MILESTONES)[1:]:
        if getattr(repair, attr) is None:
            return MILESTONES[attr] if attr != "arrived_at" else "arrived"
    return None


def change_level(session: Session, repair: Repair, level: str, reason: str | None, user: str = "desk") -> bool:
    """Set a repair's level with its reason; returns whether it became more severe.

    Raises
    ------
    RepairError
        For a level that is not I–V.
    """
    if level not in REPAIR_LEVELS:
        raise RepairError(f"repair level must be one of {', '.join(REPAIR_LEVELS)}, not {level!r}")
    old = repair.level
    repair.level = level
    repair.level_reason = reason
    _record(session, "level", "repairs", repair.id, f"{repair.code} {old} → {level}: {reason or ''}", user)
    return REPAIR_LEVELS.index(level) < REPAIR_LEVELS.index(old)


def contacts_for_level(session: Session, level: str) -> list[Contact]:
    """Contacts who are told about a repair of ``level`` (their ``min_level`` is that or less severe)."""
    told = REPAIR_LEVELS[REPAIR_LEVELS.index(level):]
    return list(session.scalars(select(Contact).where(Contact.min_level.in_(told)).order_by(Contact.id)))


Renderer = Callable[[Repair, str], tuple[str, str]]


def enqueue_notifications(session: Session, repair: Repair, render: Renderer, *, only_new: bool = False) -> list[Notification]:
    """Queue one message per recipient of the repair's level.

    Parameters
    ----------
    render
        ``render(repair, language) -> (subject, body)``.
    only_new
        Skip contacts already told about this repair (after a level raise).
    """
    told = set()
    if only_new:
        told = set(session.execute(
            select(Notification.recipient, Notification.address).where(Notification.repair_id == repair.id)
        ).all())
    out = []
    cache: dict[str, tuple[str, str]] = {}
    for contact in contacts_for_level(session, repair.level):
        address = contact.email or contact.phone
        if (contact.name, address) in told:
            continue
        lang = contact.language or "zh_CN"
        if lang not in cache:
            cache[lang] = render(repair, lang)
        subject, body = cache[lang]
        note = Notification(repair_id=repair.id, recipient=contact.name, address=address, language=lang,
                            subject=subject[:255], body=body, status="queued", channel="pending")
        session.add(note)
        out.append(note)
    session.flush()
    return out


class _Outgoing:
    __slots__ = ("recipient", "address", "language", "subject", "body")

    def __init__(self, n: Notification) -> None:
        self.recipient, self.address, self.language = n.recipient, n.address, n.language
        self.subject, self.body = n.subject, n.body


def deliver_outbox(session: Session, sender: Any, *, limit: int | None = None) -> tuple[int, int]:
    """Send queued notifications through ``sender`` and record the outcome of each.

    Parameters
    ----------
    sender
        Has ``channel`` and ``send(message)`` (raises on failure), like
        :class:`gis.notify.SmtpSender`.

    Returns
    -------
    (sent, failed)
    """
    stmt = select(Notification).where(Notification.status == "queued").order_by(Notification.id)
    if limit:
        stmt = stmt.limit(limit)
    sent = failed = 0
    for note in session.scalars(stmt).all():
        note.channel = sender.channel
        try:
            sender.send(_Outgoing(note))
        except Exception as exc:  # noqa: BLE001 — the outbox records every failure
            note.status, note.error = "failed", f"{type(exc).__name__}: {exc}"
            failed += 1
        else:
            note.status, note.sent_at, note.error = "sent", utcnow(), None
            sent += 1
    session.flush()
    return sent, failed


def assign_vehicle(session: Session, repair: Repair, vehicle: Vehicle, at: dt.datetime | None = None,
                   user: str = "desk") -> Repair:
    """Dispatch a vehicle to a repair: the repair is dispatched, the vehicle en route.

    Raises
    ------
    RepairError
        When the vehicle is off duty.
    """
    if vehicle.status == "off_duty":
        raise RepairError(f"vehicle {vehicle.code} is off duty")
    repair.vehicle_id = vehicle.id
    if repair.dispatched_at is None:
        set_milestone(session, repair, "dispatched", at, user)
    set_vehicle_status(session, vehicle, "en_route", user)
    return repair


def set_vehicle_status(session: Session, vehicle: Vehicle, status: str, user: str = "desk") -> None:
    """Change a vehicle's status (by hand or from the simulator).

    Raises
    ------
    RepairError
        For a status not in ``VEHICLE_STATES``.
    """
    if status not in VEHICLE_STATES:
        raise RepairError(f"vehicle status must be one of {', '.join(VEHICLE_STATES)}, not {status!r}")
    if vehicle.status != status:
        vehicle.status = status
        _record(session, "status", "vehicles", vehicle.id, f"{vehicle.code} {status}", user)


def set_valve_status(session: Session, valve_ids: Sequence[int], status: str, user: str = "desk") -> int:
    """Mark valves open/closed/broken/inaccessible; returns how many changed.

    Raises
    ------
    RepairError
        For an unknown status.
    """
    if status not in VALVE_STATES:
        raise RepairError(f"valve status must be one of {', '.join(VALVE_STATES)}, not {status!r}")
    n = 0
    for valve in session.scalars(select(Valve).where(Valve.id.in_(list(valve_ids)))):
        if valve.status != status:
            valve.status = status
            _record(session, "status", "valves", valve.id, f"{valve.code} {status}", user)
            n += 1
    return n


# -- what the repair desk reads --------------------------------------------------------------

def open_repairs(session: Session, open_states: Sequence[str] | None = None) -> list[Repair]:
    """Open repairs (not restored or cancelled), newest first."""
    from models.vocabulary import OPEN_REPAIR_STATES

    states = OPEN_REPAIR_STATES if open_states is None else open_states
    return list(session.scalars(select(Repair).where(Repair.status.in_(states))
                                .order_by(Repair.reported_at.desc(), Repair.id.desc())).all())


def notifications_of(session: Session, repair_id: int) -> list[dict]:
    """Who was told what and when about a repair."""
    rows = session.scalars(select(Notification).where(Notification.repair_id == repair_id)
                           .order_by(Notification.id)).all()
    return [{"recipient": n.recipient, "address": n.address, "subject": n.subject, "status": n.status,
             "channel": n.channel, "created_at": n.created_at, "sent_at": n.sent_at, "error": n.error}
            for n in rows]


def overrun_told(session: Session, repair_id: int, limit: str) -> bool:
    """Whether a desk already told the contacts that ``limit`` of the repair ran over (told once, for all desks)."""
    return session.scalar(select(AuditEntry.id).where(AuditEntry.action == "overrun",
                                                      AuditEntry.table_name == "repairs",
                                                      AuditEntry.row_id == repair_id,
                                                      AuditEntry.detail == limit)) is not None
