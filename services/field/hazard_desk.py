"""What the desk, the wall and the meeting read of the field's hazards, and the desk's undo.

:func:`hazard_counts` is the one computation of "hazards found by patrol" for a
day (found, handled, still new): the desk's alarm strip and the wall read it
through :func:`services.wall.figures.wall_figures`, the meeting and its PDF
through :func:`services.duty.desk.compile_status`.

:func:`hazard_views` is the Hazards dock's list (plain values, read on a worker
thread); :func:`reopen_hazard` undoes a close or an action item (the item raised
for the hazard is removed again). A repair opened for a hazard is not undone
here: its messages have gone out; the repair is cancelled on the Repairs dock.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.audit_trail import record
from models.clock import as_utc, day_bounds
from models.field import Hazard, HazardPhoto
from services.duty.desk import delete_item
from services.field.hazards import HazardConflict


@dataclass(frozen=True)
class HazardCounts:
    """Hazards found by patrol on one day, as of a time."""

    day: dt.date
    #: Reported on the day (up to the time).
    found: int = 0
    #: Of those, turned into a repair or an action item, or closed (by the time).
    handled: int = 0
    #: Of those, still waiting for the desk.
    new: int = 0
    #: Hazards of earlier days still new (they wait too).
    new_earlier: int = 0
    by_category: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        """JSON-ready."""
        return {"day": self.day.isoformat(), "found": self.found, "handled": self.handled, "new": self.new,
                "new_earlier": self.new_earlier, "by_category": dict(self.by_category)}


def hazard_counts(session: Session, day: dt.date, tz: dt.tzinfo, at: dt.datetime | None = None) -> HazardCounts:
    """Hazards reported on local ``day`` (in ``tz``) as of ``at`` (default: the end of the day).

    A hazard counts as handled when it was handled by ``at``; the meeting of a
    past day so reads the day as it stood at its end.
    """
    start, end = day_bounds(day, tz)
    at = min(as_utc(at), end) if at is not None else end
    rows = session.execute(select(Hazard.category, Hazard.status, Hazard.handled_at)
                           .where(Hazard.reported_at >= start, Hazard.reported_at < end,
                                  Hazard.reported_at <= at)).all()
    handled = sum(1 for _c, status, when in rows
                  if status != "new" and when is not None and as_utc(when) <= at)
    earlier = session.scalars(select(Hazard.id).where(Hazard.status == "new", Hazard.reported_at < start)).all()
    return HazardCounts(day, len(rows), handled, len(rows) - handled, len(earlier),
                        dict(Counter(c for c, _s, _w in rows)))


@dataclass(frozen=True)
class HazardView:
    """One hazard as the dock lists it (no ORM object crosses threads)."""

    id: int
    code: str
    category: str
    reporter: str
    note: str
    lon: float | None
    lat: float | None
    accuracy_m: float | None
    reported_at: dt.datetime
    status: str
    version: int
    repair_id: int | None
    action_item_id: int | None
    close_reason: str | None
    handled_by: str | None
    photo_ids: tuple[int, ...] = ()


def hazard_views(session: Session, day: dt.date, tz: dt.tzinfo) -> list[HazardView]:
    """The day's hazards and every earlier one still new: new first, then newest first."""
    start, end = day_bounds(day, tz)
    rows = session.scalars(select(Hazard).where(
        ((Hazard.reported_at >= start) & (Hazard.reported_at < end))
        | ((Hazard.status == "new") & (Hazard.reported_at < start)))).all()
    photos: dict[int, list[int]] = {}
    ids = [h.id for h in rows]
    if ids:
        for pid, hid in session.execute(select(HazardPhoto.id, HazardPhoto.hazard_id)
                                        .where(HazardPhoto.hazard_id.in_(ids)).order_by(HazardPhoto.id)):
            photos.setdefault(hid, []).append(pid)
    views = [HazardView(h.id, h.code, h.category, h.reporter or "", h.note or "", h.lon, h.lat, h.accuracy_m,
                        as_utc(h.reported_at), h.status, h.version, h.repair_id, h.action_item_id, h.close_reason,
                        h.handled_by, tuple(photos.get(h.id, ()))) for h in rows]
    views.sort(key=lambda v: (v.status != "new", -v.reported_at.timestamp(), -v.id))
    return views


def photo_data(session: Session, photo_id: int) -> bytes | None:
    """The stored bytes of one photo (re-encoded, metadata stripped), or None."""
    return session.scalar(select(HazardPhoto.data).where(HazardPhoto.id == photo_id))


def reopen_hazard(session: Session, hazard_id: int, *, expected_status: str, expected_version: int | None = None,
                  user: str, now: dt.datetime) -> Hazard:
    """Undo closing a hazard or raising its action item: it is new again (the item is removed).

    Raises
    ------
    HazardConflict
        The hazard is not as this desk left it (another desk changed it since).
    """
    hazard = session.get(Hazard, hazard_id)
    if hazard is None:
        raise KeyError(f"No hazard with id {hazard_id}")
    if hazard.status != expected_status or (expected_version is not None and hazard.version != expected_version):
        raise HazardConflict(f"{hazard.code} was changed at another desk")
    if hazard.status not in ("closed", "action_item"):
        raise HazardConflict(f"{hazard.code} cannot be reopened ({hazard.status})")
    item_id = hazard.action_item_id
    detail = {"code": hazard.code, "was": hazard.status}
    hazard.status = "new"
    hazard.close_reason = None
    hazard.action_item_id = None
    hazard.handled_at = None
    hazard.handled_by = None
    hazard.version += 1
    session.flush()
    if item_id is not None:
        delete_item(session, item_id=item_id, user=user, now=now)
    record(session, user=user, action="reopen", table="hazards", row_id=hazard.id, now=now, detail=detail)
    return hazard
