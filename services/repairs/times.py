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
