"""Hazards reported from the field (隐患上报) and what the desk does with them.

A phone may send the same report more than once (it queues while offline and
resends when it is not sure the first try arrived), so a hazard is keyed by the
phone's ``client_id``: a repeat returns the stored hazard unchanged.

At the desk a new hazard becomes an emergency repair (its five limits run from
the time the patroller reported it, not from when the desk clicked), an action
item for the meeting, or it is closed with a reason. Each is audited and
guarded by the hazard's version, so two desks cannot handle one hazard twice.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gis.io.photos import CheckedPhoto
from models.audit_trail import record
from models.clock import as_utc, day_bounds
from models.duty import ActionItem
from models.field import HAZARD_CATEGORIES, Hazard, HazardPhoto
from models.repair import Repair
from services.duty.desk import open_meeting, raise_item
from services.field.tokens import Holder
from services.repairs.opening import open_repair

#: A report time further ahead of the store's clock than this is refused (a phone with a wrong clock).
MAX_AHEAD = dt.timedelta(minutes=5)
#: A report older than this is refused: it belongs to another day's desk.
MAX_AGE = dt.timedelta(days=2)
MAX_NOTE_CHARS = 2000
MAX_PHOTOS = 3
#: Hazard category → repair category when the desk turns one into a repair.
REPAIR_CATEGORY = {"leak": "leak", "water_on_road": "leak", "construction_near_main": "construction",
                   "damaged_cover": "fitting", "low_pressure": "pressure", "other": "other"}


class FieldRefusal(ValueError):
    """A report the store does not take; ``code`` is stable (the API and the page translate it)."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


class HazardConflict(RuntimeError):
    """The hazard was handled (or changed) by someone else since it was read."""


#: A photo already checked and re-encoded (metadata stripped) by the receiver: what :func:`gis.io.photos.check_photo`
#: returns (mime, width, height, data, exif_lon, exif_lat).
PhotoIn = CheckedPhoto


@dataclass
class HazardReport:
    """What a phone sent, as fields."""

    client_id: str
    category: str
    note: str = ""
    lon: float | None = None
    lat: float | None = None
    accuracy_m: float | None = None
    reported_at: dt.datetime | None = None
    photos: list[PhotoIn] = field(default_factory=list)


def _check(report: HazardReport, now: dt.datetime) -> dt.datetime:
    cid = (report.client_id or "").strip()
    if not cid or len(cid) > 64:
        raise FieldRefusal("bad_client_id", "client_id must be 1 to 64 characters")
    if report.category not in HAZARD_CATEGORIES:
        raise FieldRefusal("bad_category", f"{report.category!r} is not one of {', '.join(HAZARD_CATEGORIES)}")
    if len(report.note or "") > MAX_NOTE_CHARS:
        raise FieldRefusal("note_too_long", f"the note has {len(report.note)} characters, at most {MAX_NOTE_CHARS}")
    if len(report.photos) > MAX_PHOTOS:
        raise FieldRefusal("too_many_photos", f"{len(report.photos)} photos, at most {MAX_PHOTOS}")
    if (report.lon is None) != (report.lat is None):
        raise FieldRefusal("bad_position", "lon and lat come together")
    if report.lon is not None:
        if not (math.isfinite(report.lon) and math.isfinite(report.lat)
                and -180 <= report.lon <= 180 and -90 <= report.lat <= 90):
            raise FieldRefusal("bad_position", f"({report.lon}, {report.lat}) is not a position")
    if report.accuracy_m is not None and not (math.isfinite(report.accuracy_m) and report.accuracy_m >= 0):
        raise FieldRefusal("bad_position", f"accuracy {report.accuracy_m} m")
    now = as_utc(now)
    at = as_utc(report.reported_at) if report.reported_at is not None else now
    if at > now + MAX_AHEAD:
        raise FieldRefusal("time_ahead", f"reported at {at.isoformat()}, ahead of the desk's clock {now.isoformat()}")
    if at < now - MAX_AGE:
        raise FieldRefusal("time_old", f"reported at {at.isoformat()}, more than {MAX_AGE.days} days ago")
    return at


def _next_code(session: Session, at: dt.datetime) -> str:
    prefix = f"H{at:%Y%m%d}-"
    n = session.scalar(select(func.count()).select_from(Hazard).where(Hazard.code.like(prefix + "%"))) or 0
    while True:
        n += 1
        code = f"{prefix}{n:03d}"
        if session.scalar(select(Hazard.id).where(Hazard.code == code)) is None:
            return code


def record_hazard(session: Session, holder: Holder, report: HazardReport, *,
                  now: dt.datetime) -> tuple[Hazard, bool]:
    """Store a hazard from a registered phone; the caller commits.

    Returns
    -------
    (Hazard, bool)
        The hazard, and True if it is new (False: a repeat of the same ``client_id``,
        stored earlier and returned unchanged).

    Raises
    ------
    FieldRefusal
        A report that cannot be stored, with a stable code and the reason.
    """
    existing = session.scalars(select(Hazard).where(Hazard.client_id == (report.client_id or "").strip())).first()
    if existing is not None and report.client_id:
        if existing.token_id != holder.token_id:
            raise FieldRefusal("client_id_taken", "that client_id belongs to another phone's report")
        return existing, False
    at = _check(report, now)
    hazard = Hazard(code=_next_code(session, at), client_id=report.client_id.strip(), token_id=holder.token_id,
                    reporter=holder.label, category=report.category, note=(report.note or "").strip(),
                    lon=report.lon, lat=report.lat, accuracy_m=report.accuracy_m, reported_at=at,
                    received_at=as_utc(now), status="new", version=1)
    hazard.photos = [HazardPhoto(mime=p.mime, width=p.width, height=p.height, data=p.data,
                                 exif_lon=p.exif_lon, exif_lat=p.exif_lat) for p in report.photos]
    session.add(hazard)
    session.flush()
    record(session, user=holder.label, action="create", table="hazards", row_id=hazard.id, now=now,
           detail={"code": hazard.code, "category": hazard.category, "photos": len(hazard.photos)})
    return hazard, True


def hazards_between(session: Session, start: dt.datetime, end: dt.datetime) -> list[Hazard]:
    """Hazards reported in [start, end), oldest first (photos load on access)."""
    return list(session.scalars(select(Hazard).where(Hazard.reported_at >= as_utc(start),
                                                     Hazard.reported_at < as_utc(end))
                                .order_by(Hazard.reported_at, Hazard.id)))


def hazards_of_day(session: Session, day: dt.date, tz: str | dt.tzinfo = "UTC") -> list[Hazard]:
    """Hazards reported on ``day`` (a local day in ``tz``)."""
    return hazards_between(session, *day_bounds(day, ZoneInfo(tz) if isinstance(tz, str) else tz))


def open_hazards(session: Session) -> list[Hazard]:
    """Hazards the desk has not handled yet, oldest first."""
    return list(session.scalars(select(Hazard).where(Hazard.status == "new").order_by(Hazard.reported_at)))


def _take(session: Session, hazard_id: int, expected_version: int | None) -> Hazard:
    hazard = session.get(Hazard, hazard_id)
    if hazard is None:
        raise KeyError(f"No hazard with id {hazard_id}")
    if expected_version is not None and hazard.version != expected_version:
        raise HazardConflict(f"{hazard.code} was changed at another desk")
    if hazard.status != "new":
        raise HazardConflict(f"{hazard.code} is already handled ({hazard.status})")
    return hazard


def _handled(session: Session, hazard: Hazard, status: str, *, user: str, now: dt.datetime, detail: dict) -> None:
    hazard.status = status
    hazard.handled_at = as_utc(now)
    hazard.handled_by = user
    hazard.version += 1
    session.flush()
    record(session, user=user, action=status, table="hazards", row_id=hazard.id, now=now,
           detail={"code": hazard.code, **detail})


def hazard_to_repair(session: Session, hazard_id: int, *, expected_version: int | None = None, level: str = "V",
                     lang: str = "zh_CN", user: str, now: dt.datetime) -> Repair:
    """Open an emergency repair for a hazard; its limits run from the report time."""
    hazard = _take(session, hazard_id, expected_version)
    description = f"{hazard.code} {hazard.note}".strip()
    opened = open_repair(session, lon=hazard.lon, lat=hazard.lat, level=level,
                         category=REPAIR_CATEGORY.get(hazard.category, "other"), caller=hazard.reporter,
                         description=description, reported_at=hazard.reported_at, lang=lang, user=user)
    hazard.repair_id = opened.repair.id
    _handled(session, hazard, "repair", user=user, now=now, detail={"repair": opened.repair.code})
    return opened.repair


def hazard_to_action_item(session: Session, hazard_id: int, *, day: dt.date, problem: str,
                          category: str = "safety", owner: str = "", expected_version: int | None = None,
                          tz: dt.tzinfo | None = None, user: str, now: dt.datetime) -> ActionItem:
    """Raise an action item at ``day``'s meeting (started if need be) for a hazard."""
    hazard = _take(session, hazard_id, expected_version)
    meeting = open_meeting(session, day, user=user, now=now, tz=tz)
    item = raise_item(session, meeting_id=meeting.id, category=category, problem=problem, owner=owner,
                      user=user, now=now)
    hazard.action_item_id = item.id
    _handled(session, hazard, "action_item", user=user, now=now, detail={"item": item.code})
    return item


def close_hazard(session: Session, hazard_id: int, *, reason: str, expected_version: int | None = None,
                 user: str, now: dt.datetime) -> Hazard:
    """Close a hazard without action; the reason is required and audited."""
    if not (reason or "").strip():
        raise FieldRefusal("reason_required", "closing a hazard needs a reason")
    hazard = _take(session, hazard_id, expected_version)
    hazard.close_reason = reason.strip()
    _handled(session, hazard, "closed", user=user, now=now, detail={"reason": hazard.close_reason})
    return hazard
