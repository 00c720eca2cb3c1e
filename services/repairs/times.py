"""Correcting a repair's milestone times, with a reason (audited); the vehicle status a milestone implies.

A milestone is recorded "now" by one click; when the click came late (the crew
phoned at 02:10, the desk clicked at 02:25) the time is corrected here, never
silently: a reason is required and the audit line keeps the old time, the new
time and the reason. The order of the milestones is kept.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from models.audit import AuditEntry, StoreChange
from models.repair import Repair
from services.repairs.records import MILESTONE_ALIASES, MILESTONES, RepairError

#: The status of the assigned vehicle once a milestone is recorded.
VEHICLE_AFTER = {"dispatched_at": "en_route", "arrived_at": "on_site", "isolated_at": "on_site",
                 "repaired_at": "on_site", "restored_at": "returning"}


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


def correct_milestone(session: Session, repair: Repair, milestone: str, at: dt.datetime, reason: str,
                      user: str) -> Repair:
    """Move a recorded milestone to ``at`` (between its neighbours), audited with ``reason``.

    Raises
    ------
    RepairError
        Unknown or unrecorded milestone, no reason, or a time out of order.
    """
    attr = MILESTONE_ALIASES.get(milestone, milestone)
    if attr not in MILESTONES:
        raise RepairError(f"unknown milestone {milestone!r}")
    if not (reason or "").strip():
        raise RepairError(f"{repair.code}: a corrected time needs a reason")
    old = getattr(repair, attr)
    if old is None:
        raise RepairError(f"{repair.code}: {MILESTONES[attr]} is not recorded yet")
    at = _aware(at)
    order = list(MILESTONES)
    i = order.index(attr)
    before = [getattr(repair, a) for a in order[:i] if getattr(repair, a) is not None]
    after = [getattr(repair, a) for a in order[i + 1:] if getattr(repair, a) is not None]
    if before and at < _aware(before[-1]):
        raise RepairError(f"{repair.code}: {MILESTONES[attr]} at {at:%H:%M} would be before the previous milestone")
    if after and at > _aware(after[0]):
        raise RepairError(f"{repair.code}: {MILESTONES[attr]} at {at:%H:%M} would be after the next milestone")
    setattr(repair, attr, at)
    session.add(AuditEntry(user=user, action="milestone_time", table_name="repairs", row_id=repair.id,
                           detail=f"{repair.code} {MILESTONES[attr]} {_aware(old).isoformat()} -> "
                                  f"{at.isoformat()}: {reason.strip()}"))
    session.add(StoreChange(table_name="repairs", row_id=repair.id, desk=user))
    return repair


def redispatch(session: Session, repair: Repair, vehicle_id: int | None, reason: str, user: str,
               at: dt.datetime | None = None) -> Repair:
    """Send another vehicle (or take the vehicle back with ``vehicle_id`` None), audited with ``reason``.

    The vehicle leaving the repair goes back to available; the new one is en route;
    the repair is dispatched if it was not yet.

    Raises
    ------
    RepairError
        A change of vehicle without a reason, or an off-duty vehicle.
    """
    from models.repair import Vehicle
    from services.repairs.records import set_milestone, set_vehicle_status

    old = repair.vehicle_id
    if old is not None and old != vehicle_id and not (reason or "").strip():
        raise RepairError(f"{repair.code}: sending another vehicle needs a reason")
    new = session.get(Vehicle, vehicle_id) if vehicle_id is not None else None
    if new is not None and new.status == "off_duty":
        raise RepairError(f"vehicle {new.code} is off duty")
    if old is not None and old != vehicle_id:
        previous = session.get(Vehicle, old)
        if previous is not None and previous.status in ("en_route", "on_site"):
            set_vehicle_status(session, previous, "available", user)
    repair.vehicle_id = vehicle_id
    if new is not None:
        if repair.dispatched_at is None:
            set_milestone(session, repair, "dispatched", at, user)
        set_vehicle_status(session, new, "en_route", user)
    session.add(AuditEntry(user=user, action="dispatch", table_name="repairs", row_id=repair.id,
                           detail=f"{repair.code} vehicle {old} -> {vehicle_id}: {(reason or '').strip()}"))
    return repair
