"""The duty leader's desk, Qt-free: roster, contacts, the daily meeting and its action items.

Every function takes a :class:`~sqlalchemy.orm.Session` and an explicit
``now`` (an aware datetime): nothing here reads the wall clock, so tests move
time at will. Functions that change the store add an audit entry in the same
session and leave the commit to the caller (one transaction per user action).

Action items use optimistic concurrency (``ActionItem.version``): a desk that
saves over a change made meanwhile by another desk gets a
:class:`models.concurrency.ConflictError` ("changed by another desk", with
theirs and yours) instead of silently overwriting it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from models.audit_trail import record
from models.concurrency import conflict_error
from models.clock import as_utc, day_bounds, event_timezone
from models.duty import MEETING_CATEGORIES, ActionFollowUp, ActionItem, DutyShift, Meeting, MeetingNote, ReportingUnit
from models.event import ImportantUser
from models.repair import REPAIR_LEVELS, Contact, Notification, Repair
from services.duty.zero_reports import report_matrix

SHIFTS = ("day", "night")
#: Local start of each shift; night runs 20:00–08:00 (DESIGN.md §1) and belongs to the day it starts.
SHIFT_START = {"day": "08:00", "night": "20:00"}
CONTACT_GROUPS = ("important_user", "media", "government", "internal")
from models.vocabulary import CLOSED_REPAIR_STATES, ITEM_STATES  # noqa: F401 (re-exported)


class DutyError(ValueError):
    """A duty-desk change is refused; the message names the row and the problem."""


# ---------------------------------------------------------------- roster
def roster(session: Session, day: dt.date) -> list[DutyShift]:
    """The duty shifts of ``day`` (day shift first).

    Parameters
    ----------
    session
        An open session.
    day
        The local day.

    Returns
    -------
    list of DutyShift
    """
    rows = list(session.scalars(select(DutyShift).where(DutyShift.day == day)))
    order = {name: i for i, name in enumerate(SHIFTS)}
    return sorted(rows, key=lambda r: (order.get(r.shift, len(order)), r.id))


def shift_at(now: dt.datetime, tz: dt.tzinfo) -> tuple[dt.date, str]:
    """The (day, shift) on duty at ``now``: 08:00–20:00 day, else the night that began at 20:00.

    Parameters
    ----------
    now
        An aware instant.
    tz
        The local time zone.

    Returns
    -------
    tuple of (date, str)
    """
    local = as_utc(now).astimezone(tz)
    if local.hour >= 20:
        return local.date(), "night"
    if local.hour >= 8:
        return local.date(), "day"
    return local.date() - dt.timedelta(days=1), "night"


def leader_on_duty(session: Session, now: dt.datetime, tz: dt.tzinfo | None = None) -> DutyShift | None:
    """The duty shift covering ``now`` (None when the roster has no row for it)."""
    day, shift = shift_at(now, tz or event_timezone(session))
    return session.scalars(select(DutyShift).where(DutyShift.day == day, DutyShift.shift == shift)).first()


def set_duty_shift(
    session: Session,
    *,
    day: dt.date,
    shift: str,
    leader: str,
    phone: str | None = None,
    double_shift_units: str | None = None,
    user: str,
    now: dt.datetime,
) -> DutyShift:
    """Set the leader on duty for one day and shift (create or replace); audited.

    Raises
    ------
    DutyError
        An unknown shift name or an empty leader.
    """
    if shift not in SHIFTS:
        raise DutyError(f"Unknown shift {shift!r} for {day} (shifts: {', '.join(SHIFTS)})")
    if not leader.strip():
        raise DutyError(f"The {shift} shift of {day} needs a leader")
    row = session.scalars(select(DutyShift).where(DutyShift.day == day, DutyShift.shift == shift)).first()
    action = "update" if row else "create"
    if row is None:
        row = DutyShift(day=day, shift=shift)
        session.add(row)
    row.leader, row.phone, row.double_shift_units = leader.strip(), phone, double_shift_units
    session.flush()
    record(session, user=user, action=action, table="duty_shifts", row_id=row.id, now=now,
           detail={"day": day.isoformat(), "shift": shift, "leader": row.leader})
    return row


def double_shift_units(session: Session) -> list[ReportingUnit]:
    """The units on double shift, with their contacts, by code."""
    return list(session.scalars(select(ReportingUnit).where(ReportingUnit.double_shift.is_(True))
                                .order_by(ReportingUnit.code)))


# ---------------------------------------------------------------- contacts
def contacts(session: Session, groups: Sequence[str] | None = None) -> list[Contact]:
    """Contacts, optionally of some groups (``important_user``, ``media``, ``government``, ``internal``)."""
    query = select(Contact).order_by(Contact.group, Contact.name)
    if groups:
        query = query.where(Contact.group.in_(list(groups)))
    return list(session.scalars(query))


def recipients(session: Session, level: str, groups: Sequence[str] | None = None) -> list[Contact]:
    """Contacts told about a repair of ``level`` (I most severe … V routine).

    A contact with ``min_level`` "IV" hears of levels I–IV; "V" hears of everything.

    Raises
    ------
    DutyError
        An unknown level.
    """
    if level not in REPAIR_LEVELS:
        raise DutyError(f"Unknown repair level {level!r} (levels: {', '.join(REPAIR_LEVELS)})")
    rank = REPAIR_LEVELS.index(level)
    return [c for c in contacts(session, groups)
            if rank <= REPAIR_LEVELS.index(c.min_level if c.min_level in REPAIR_LEVELS else "V")]


def add_contact(
    session: Session, *, name: str, group: str, user: str, now: dt.datetime, **fields
) -> Contact:
    """Add a contact to a group; audited.

    Raises
    ------
    DutyError
        An empty name or an unknown group.
    """
    _check_contact(name, group, fields.get("min_level"))
    row = Contact(name=name.strip(), group=group, **fields)
    session.add(row)
    session.flush()
    record(session, user=user, action="create", table="contacts", row_id=row.id, now=now,
           detail={"name": row.name, "group": group})
    return row


CONTACT_FIELDS = ("name", "group", "organisation", "phone", "email", "min_level", "language")


def contact_values(contact: Contact) -> dict:
    """A contact's editable fields as ``{field: value}`` (for undo and re-adding)."""
    return {k: getattr(contact, k) for k in CONTACT_FIELDS}


def _check_contact(name: str, group: str, min_level: str | None) -> None:
    if not (name or "").strip():
        raise DutyError("A contact needs a name")
    if group not in CONTACT_GROUPS:
        raise DutyError(f"Contact {name}: unknown group {group!r} (groups: {', '.join(CONTACT_GROUPS)})")
    if min_level is not None and min_level not in REPAIR_LEVELS:
        raise DutyError(f"Contact {name}: unknown level {min_level!r} (levels: {', '.join(REPAIR_LEVELS)})")


def update_contact(session: Session, *, contact_id: int, user: str, now: dt.datetime, **changes) -> dict:
    """Change a contact's fields; audited.

    Returns
    -------
    dict
        The previous values of the changed fields (for undo).

    Raises
    ------
    DutyError
        Unknown contact or field, an empty name, an unknown group or level.
    """
    row = session.get(Contact, contact_id)
    if row is None:
        raise DutyError(f"No contact with id {contact_id}")
    unknown = set(changes) - set(CONTACT_FIELDS)
    if unknown:
        raise DutyError(f"Contact {row.name}: cannot edit {', '.join(sorted(unknown))}")
    merged = {**contact_values(row), **changes}
    _check_contact(merged["name"], merged["group"], merged["min_level"])
    if "name" in changes:
        changes["name"] = changes["name"].strip()
    old = {k: getattr(row, k) for k in changes}
    for k, v in changes.items():
        setattr(row, k, v)
    session.flush()
    record(session, user=user, action="update", table="contacts", row_id=row.id, now=now,
           detail={"name": row.name, "old": old, "new": changes})
    return old


def delete_contact(session: Session, *, contact_id: int, user: str, now: dt.datetime) -> dict:
    """Remove a contact; audited.

    Returns
    -------
    dict
        Its fields (undo adds it back with :func:`add_contact`).

    Raises
    ------
    DutyError
        Unknown contact.
    """
    row = session.get(Contact, contact_id)
    if row is None:
        raise DutyError(f"No contact with id {contact_id}")
    values = contact_values(row)
    session.delete(row)
    session.flush()
    record(session, user=user, action="delete", table="contacts", row_id=contact_id, now=now,
           detail={"name": values["name"], "group": values["group"]})
    return values


def important_users(session: Session, category: str | None = None) -> list[ImportantUser]:
    """Important water users (hospitals, venues…), most important (lowest priority number) first."""
    query = select(ImportantUser).order_by(ImportantUser.priority, ImportantUser.name)
    if category:
        query = query.where(ImportantUser.category == category)
    return list(session.scalars(query))


# ---------------------------------------------------------------- time limits
@dataclass(frozen=True)
class Overrun:
    """A time limit a repair has exceeded (or is exceeding, when ``running``).

    Computed by ``services.repairs.overruns`` from the repair desk's rules
    (``gis.time_limits``): the meeting and the wall take that check as their
    ``overrun_check`` argument.
    """

    repair_code: str
    level: str
    limit: str
    target_min: float
    elapsed_min: float
    running: bool


OverrunCheck = Callable[[Repair, dt.datetime, dt.tzinfo], list[Overrun]]


# ---------------------------------------------------------------- meeting status
@dataclass
class CoverageFigure:
    """Patrol coverage of one requirement for the day (from the patrol desk)."""

    requirement: str
    ratio: float
    keypoint_rate: float | None = None


@dataclass
class MeetingStatus:
    """The day's figures per meeting category, compiled from the store."""

    day: dt.date
    now: dt.datetime
    repairs_total: int = 0
    repairs_open: int = 0
    repairs_by_level: dict[str, int] = field(default_factory=dict)
    overruns: list[Overrun] = field(default_factory=list)
    coverage: list[CoverageFigure] | None = None
    report_slots: list[str] = field(default_factory=list)
    report_units: int = 0
    reports_received: int = 0
    reports_missing: list[tuple[str, str]] = field(default_factory=list)
    report_incidents: list[tuple[str, str, str]] = field(default_factory=list)
    items_open: dict[str, int] = field(default_factory=dict)
    items_overdue: dict[str, int] = field(default_factory=dict)
    leaders: list[tuple[str, str]] = field(default_factory=list)
    double_shift_units: int = 0
    notifications: dict[str, int] = field(default_factory=dict)
    #: Customer-service counts for "external service" (empty without customer data).
    customers: dict[str, int] = field(default_factory=dict)
    #: Hazards found by patrol on the day: ``services.field.hazard_desk.HazardCounts.as_dict()``.
    hazards: dict = field(default_factory=dict)
    #: The leak survey of the day (points read/due, overdue): ``services.leak_survey.day_status(...).as_dict()``.
    leak_survey: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        """JSON-ready."""
        d = asdict(self)
        d["day"] = self.day.isoformat()
        d["now"] = self.now.isoformat()
        return d


CoverageSource = Callable[[Session, dt.date], "list[CoverageFigure] | None"]
#: ``f(session, at) -> {count name: n}``: ``services.customers.status.customer_counts``.
CustomerSource = Callable[[Session, dt.datetime], dict]


def _no_coverage(_session: Session, _day: dt.date) -> list[CoverageFigure] | None:
    return None


def repairs_of_day(session: Session, day: dt.date, tz: dt.tzinfo) -> list[Repair]:
    """Repairs reported on ``day`` plus earlier ones still open during it."""
    start, end = day_bounds(day, tz)
    query = select(Repair).where(
        Repair.reported_at < end,
        or_(Repair.reported_at >= start,
            Repair.status.not_in(CLOSED_REPAIR_STATES),
            Repair.restored_at >= start),
    ).order_by(Repair.reported_at)
    return list(session.scalars(query))


def compile_status(
    session: Session,
    day: dt.date,
    now: dt.datetime,
    tz: dt.tzinfo | None = None,
    *,
    overrun_check: OverrunCheck,
    coverage_source: CoverageSource | None = None,
    customer_source: CustomerSource | None = None,
) -> MeetingStatus:
    """Compile the day's status for the meeting, per category.

    Repair coordination: repairs by level and the time limits overrun;
    network patrol: coverage per requirement (None → "no coverage data");
    information reporting: zero reports received and missing; safety, staff
    stability and external service: open/overdue action items, the roster,
    double-shift units and the notifications sent.

    Parameters
    ----------
    session
        An open session.
    day
        The meeting's local day.
    now
        The clock; figures are taken at ``min(now, end of day)``.
    tz
        Local time zone (default the event's).
    overrun_check
        ``f(repair, at, tz) -> list[Overrun]``: ``services.repairs.overruns.overrun_check(session)``
        (models cannot import the time-limit rules of ``gis``, so the caller passes them).
    coverage_source
        ``f(session, day) -> list[CoverageFigure] | None``; default: no data.
    customer_source
        ``f(session, at) -> dict`` of customer-service counts for external service; default: none.

    Returns
    -------
    MeetingStatus
    """
    tz = tz or event_timezone(session)
    start, end = day_bounds(day, tz)
    at = min(as_utc(now), end)
    check = overrun_check
    status = MeetingStatus(day=day, now=at)

    repairs = [r for r in repairs_of_day(session, day, tz) if as_utc(r.reported_at) <= at]
    status.repairs_total = len(repairs)
    status.repairs_open = sum(r.status not in CLOSED_REPAIR_STATES for r in repairs)
    levels = Counter(r.level for r in repairs)
    status.repairs_by_level = {lv: levels.get(lv, 0) for lv in REPAIR_LEVELS}
    status.overruns = [o for r in repairs for o in check(r, at, tz)]

    status.coverage = (coverage_source or _no_coverage)(session, day)

    matrix = report_matrix(session, day, at, tz)
    status.report_slots = matrix.slots
    status.report_units = len(matrix.units)
    status.reports_received = len(matrix.received)
    status.reports_missing = [(c.unit_code, c.slot) for c in matrix.missing]
    status.report_incidents = [(c.unit_code, c.slot, c.incident or "") for c in matrix.incidents]

    for item in session.scalars(select(ActionItem).where(ActionItem.status == "open")):
        status.items_open[item.category] = status.items_open.get(item.category, 0) + 1
        if is_overdue(item, at):
            status.items_overdue[item.category] = status.items_overdue.get(item.category, 0) + 1

    status.leaders = [(s.shift, s.leader) for s in roster(session, day)]
    status.double_shift_units = len(double_shift_units(session))
    rows = session.execute(
        select(Notification.status, func.count()).where(Notification.created_at >= start,
                                                        Notification.created_at < end)
        .group_by(Notification.status)
    )
    status.notifications = {k: int(v) for k, v in rows}
    status.customers = customer_source(session, at) if customer_source is not None else {}
    from services.field.hazard_desk import hazard_counts  # (services.field builds on this module)

    status.hazards = hazard_counts(session, day, tz, at).as_dict()
    from services.leak_survey import day_status  # the one count of the Patrol dock, the wall and coverage

    status.leak_survey = day_status(session, day, at).as_dict()
    return status


# ---------------------------------------------------------------- meetings
def find_meeting(session: Session, day: dt.date) -> Meeting | None:
    """The meeting of ``day``, if held."""
    return session.scalars(select(Meeting).where(Meeting.day == day)).first()


def open_meeting(session: Session, day: dt.date, *, user: str, now: dt.datetime,
                 tz: dt.tzinfo | None = None) -> Meeting:
    """Get (or start) the meeting of ``day`` and carry open items over to it.

    The leader is the day shift's leader on the roster (else the night's).
    Starting a meeting is audited; carrying over is idempotent.

    Returns
    -------
    Meeting
    """
    meeting = find_meeting(session, day)
    if meeting is None:
        shifts = roster(session, day)
        meeting = Meeting(day=day, leader=shifts[0].leader if shifts else None, held_at=as_utc(now))
        session.add(meeting)
        session.flush()
        record(session, user=user, action="create", table="meetings", row_id=meeting.id, now=now,
               detail={"day": day.isoformat(), "leader": meeting.leader})
    carry_over(session, meeting, user=user, now=now, tz=tz)
    return meeting


def meeting_notes(session: Session, meeting_id: int) -> dict[str, str]:
    """The typed note per category (empty string when none)."""
    notes = {c: "" for c in MEETING_CATEGORIES}
    for note in session.scalars(select(MeetingNote).where(MeetingNote.meeting_id == meeting_id)):
        notes[note.category] = note.text
    return notes


def set_note(session: Session, *, meeting_id: int, category: str, text: str, user: str,
             now: dt.datetime) -> str:
    """Set one category's note of a meeting; audited.

    Returns
    -------
    str
        The previous text (for undo).

    Raises
    ------
    DutyError
        Unknown meeting or category.
    """
    if category not in MEETING_CATEGORIES:
        raise DutyError(f"Unknown meeting category {category!r}")
    if session.get(Meeting, meeting_id) is None:
        raise DutyError(f"No meeting with id {meeting_id}")
    note = session.scalars(select(MeetingNote).where(MeetingNote.meeting_id == meeting_id,
                                                     MeetingNote.category == category)).first()
    old = note.text if note else ""
    if old == text:
        return old
    if note is None:
        note = MeetingNote(meeting_id=meeting_id, category=category, text=text)
        session.add(note)
    note.text = text
    session.flush()
    record(session, user=user, action="update", table="meeting_notes", row_id=note.id, now=now,
           detail={"meeting_id": meeting_id, "category": category, "old": old, "new": text})
    return old


# ---------------------------------------------------------------- action items
def is_overdue(item: ActionItem, now: dt.datetime) -> bool:
    """Whether an open item's deadline has passed at ``now``."""
    return item.status == "open" and item.deadline is not None and as_utc(item.deadline) < as_utc(now)


@contextmanager
def _guard(session: Session, item: ActionItem, base: dict | None, mine: dict) -> Iterator[None]:
    """Turn the ORM's stale-version error into a :class:`~models.concurrency.ConflictError`."""
    item_id, code = item.id, item.code  # read before the flush: a failed flush leaves the session unusable
    try:
        yield
    except StaleDataError:
        session.rollback()
        raise conflict_error(session, ActionItem, item_id, {"code": code, **(base or {})}, mine) from None


def _item(session: Session, item_id: int, expected_version: int | None, base: dict | None = None,
          mine: dict | None = None) -> ActionItem:
    item = session.get(ActionItem, item_id)
    if item is None:
        raise DutyError(f"No action item with id {item_id}")
    if expected_version is not None and item.version != expected_version:
        raise conflict_error(session, ActionItem, item_id,
                             {"code": item.code, "version": expected_version, **(base or {})}, mine or {})
    return item


def _next_code(session: Session, day: dt.date) -> str:
    prefix = f"A{day:%Y%m%d}-"
    count = session.scalar(select(func.count()).where(ActionItem.code.like(prefix + "%"))) or 0
    n = count + 1
    while session.scalar(select(func.count()).where(ActionItem.code == f"{prefix}{n:02d}")):
        n += 1
    return f"{prefix}{n:02d}"


def raise_item(
    session: Session,
    *,
    meeting_id: int,
    category: str,
    problem: str,
    plan: str = "",
    owner: str = "",
    deadline: dt.datetime | None = None,
    code: str | None = None,
    user: str,
    now: dt.datetime,
) -> ActionItem:
    """Raise a problem at a meeting, with a plan, an owner and a deadline; audited.

    Parameters
    ----------
    meeting_id
        The meeting it is raised at.
    category
        One of :data:`models.duty.MEETING_CATEGORIES`.
    problem, plan, owner, deadline
        The item; ``problem`` must not be empty.
    code
        A code to reuse (redo after undo); default ``A<yyyymmdd>-NN``.
    user, now
        Who raises it, and when.

    Raises
    ------
    DutyError
        Unknown meeting or category, or an empty problem.
    """
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise DutyError(f"No meeting with id {meeting_id}")
    if category not in MEETING_CATEGORIES:
        raise DutyError(f"Unknown category {category!r} (categories: {', '.join(MEETING_CATEGORIES)})")
    if not problem.strip():
        raise DutyError("An action item needs a problem description")
    item = ActionItem(code=code or _next_code(session, meeting.day), category=category, problem=problem.strip(),
                      plan=plan.strip(), owner=owner.strip(), deadline=as_utc(deadline), status="open",
                      raised_meeting_id=meeting_id, created_at=as_utc(now))
    session.add(item)
    session.flush()
    record(session, user=user, action="create", table="action_items", row_id=item.id, now=now,
           detail={"code": item.code, "category": category, "problem": item.problem, "owner": item.owner,
                   "deadline": item.deadline})
    return item


def update_item(session: Session, *, item_id: int, expected_version: int | None = None,
                base: dict | None = None, user: str, now: dt.datetime, **changes) -> dict:
    """Edit an item's problem, plan, owner, deadline or category; audited.

    Parameters
    ----------
    expected_version
        The version the desk edited from (None: no check).
    base
        The values the desk showed (for the conflict's "when you opened it").
    changes
        ``{field: new value}``.

    Returns
    -------
    dict
        The previous values of the changed fields (for undo).

    Raises
    ------
    models.concurrency.ConflictError
        Another desk changed the item since ``expected_version``; nothing is written.
    """
    allowed = {"problem", "plan", "owner", "deadline", "category"}
    unknown = set(changes) - allowed
    if unknown:
        raise DutyError(f"Cannot edit {', '.join(sorted(unknown))} of an action item")
    if "deadline" in changes:
        changes["deadline"] = as_utc(changes["deadline"])
    item = _item(session, item_id, expected_version, base, changes)
    if "category" in changes and changes["category"] not in MEETING_CATEGORIES:
        raise DutyError(f"Action item {item.code}: unknown category {changes['category']!r}")
    old = {k: getattr(item, k) for k in changes}
    for k, v in changes.items():
        setattr(item, k, v)
    with _guard(session, item, base, changes):
        session.flush()
    record(session, user=user, action="update", table="action_items", row_id=item.id, now=now,
           detail={"code": item.code, "old": old, "new": changes})
    return old


def follow_up(session: Session, *, item_id: int, text: str, meeting_id: int | None = None,
              expected_version: int | None = None, base: dict | None = None, user: str,
              now: dt.datetime) -> ActionFollowUp:
    """Add a follow-up entry to an open item; audited.

    The item's version moves on too, so a desk holding an older copy learns
    of the follow-up before it saves over it.

    Raises
    ------
    DutyError
        Unknown or closed item, or empty text.
    models.concurrency.ConflictError
        Another desk changed the item since ``expected_version``.
    """
    mine = {"followup": text}
    item = _item(session, item_id, expected_version, base, mine)
    if item.status != "open":
        raise DutyError(f"Action item {item.code} is closed; reopen it to follow it up")
    if not text.strip():
        raise DutyError(f"Action item {item.code}: a follow-up needs a text")
    entry = ActionFollowUp(item=item, meeting_id=meeting_id, at=as_utc(now), text=text.strip(), status="open")
    session.add(entry)
    flag_modified(item, "status")  # bump the version: the item changed
    with _guard(session, item, base, mine):
        session.flush()
    record(session, user=user, action="follow_up", table="action_items", row_id=item.id, now=now,
           detail={"code": item.code, "followup_id": entry.id, "text": entry.text})
    return entry


def close_item(session: Session, *, item_id: int, text: str = "", meeting_id: int | None = None,
               expected_version: int | None = None, base: dict | None = None, user: str,
               now: dt.datetime) -> ActionFollowUp:
    """Close an item with a closing follow-up entry; audited.

    Returns
    -------
    ActionFollowUp
        The closing entry (undo deletes it and reopens the item).

    Raises
    ------
    models.concurrency.ConflictError
        Another desk changed the item since ``expected_version``.
    """
    mine = {"status": "closed"}
    item = _item(session, item_id, expected_version, base, mine)
    if item.status == "closed":
        raise DutyError(f"Action item {item.code} is already closed")
    entry = ActionFollowUp(item=item, meeting_id=meeting_id, at=as_utc(now), text=text.strip(), status="closed")
    session.add(entry)
    item.status = "closed"
    item.closed_at = as_utc(now)
    with _guard(session, item, base, mine):
        session.flush()
    record(session, user=user, action="close", table="action_items", row_id=item.id, now=now,
           detail={"code": item.code, "followup_id": entry.id, "text": entry.text})
    return entry


def reopen_item(session: Session, *, item_id: int, drop_followup_id: int | None = None,
                expected_version: int | None = None, user: str, now: dt.datetime) -> ActionItem:
    """Reopen a closed item (undo of a close); audited."""
    mine = {"status": "open"}
    item = _item(session, item_id, expected_version, None, mine)
    if drop_followup_id is not None:
        entry = session.get(ActionFollowUp, drop_followup_id)
        if entry is not None and entry.item_id == item.id:
            item.followups.remove(entry)
    item.status = "open"
    item.closed_at = None
    with _guard(session, item, None, mine):
        session.flush()
    record(session, user=user, action="reopen", table="action_items", row_id=item.id, now=now,
           detail={"code": item.code})
    return item


def delete_followup(session: Session, *, followup_id: int, user: str, now: dt.datetime) -> None:
    """Remove a follow-up entry (undo of a follow-up); audited."""
    entry = session.get(ActionFollowUp, followup_id)
    if entry is None:
        return
    item = entry.item
    item.followups.remove(entry)
    flag_modified(item, "status")
    with _guard(session, item, None, {"followup": None}):
        session.flush()
    record(session, user=user, action="delete", table="action_followups", row_id=followup_id, now=now,
           detail={"code": item.code, "text": entry.text})


def delete_item(session: Session, *, item_id: int, user: str, now: dt.datetime) -> None:
    """Remove an item and its follow-ups (undo of raising it); audited."""
    item = session.get(ActionItem, item_id)
    if item is None:
        return
    code = item.code
    session.delete(item)
    with _guard(session, item, None, {}):
        session.flush()
    record(session, user=user, action="delete", table="action_items", row_id=item_id, now=now,
           detail={"code": code})


def carry_over(session: Session, meeting: Meeting, *, user: str, now: dt.datetime,
               tz: dt.tzinfo | None = None) -> list[ActionItem]:
    """Carry every item still open from earlier meetings over to ``meeting``.

    Each such item gets a ``carried`` follow-up entry linked to the meeting
    (once: running it again adds nothing), so it is followed up at every
    next meeting until closed.

    Returns
    -------
    list of ActionItem
        The items newly carried over.
    """
    tz = tz or event_timezone(session)
    start, _ = day_bounds(meeting.day, tz)
    earlier = select(Meeting.id).where(Meeting.day < meeting.day)
    query = select(ActionItem).where(
        ActionItem.status == "open",
        or_(ActionItem.raised_meeting_id.in_(earlier),
            (ActionItem.raised_meeting_id.is_(None)) & (ActionItem.created_at < start)),
    ).order_by(ActionItem.code)
    carried = []
    for item in session.scalars(query):
        if any(f.meeting_id == meeting.id for f in item.followups):
            continue
        item.followups.append(ActionFollowUp(meeting_id=meeting.id, at=as_utc(now), text="", status="carried"))
        carried.append(item)
    if carried:
        session.flush()
        record(session, user=user, action="carry_over", table="meetings", row_id=meeting.id, now=now,
               detail={"items": [i.code for i in carried]})
    return carried


def overdue_items(session: Session, now: dt.datetime) -> list[ActionItem]:
    """Open items whose deadline has passed at ``now``, earliest deadline first."""
    rows = session.scalars(select(ActionItem).where(ActionItem.status == "open",
                                                    ActionItem.deadline.is_not(None)))
    return sorted((i for i in rows if is_overdue(i, now)), key=lambda i: as_utc(i.deadline))


@dataclass
class ItemView:
    """An action item as the meeting shows it."""

    id: int
    code: str
    category: str
    problem: str
    plan: str
    owner: str
    deadline: dt.datetime | None
    status: str
    overdue: bool
    carried: bool
    version: int
    followups: list[dict]

    def as_dict(self) -> dict:
        """JSON-ready."""
        d = asdict(self)
        d["deadline"] = None if self.deadline is None else self.deadline.isoformat()
        return d


def meeting_items(session: Session, day: dt.date, now: dt.datetime, tz: dt.tzinfo | None = None) -> list[ItemView]:
    """Items that belong on ``day``'s meeting: raised then, or open at it, or closed during it.

    Read-only (nothing is carried over here); ``carried`` marks items raised
    at an earlier day.
    """
    tz = tz or event_timezone(session)
    start, end = day_bounds(day, tz)
    meeting = find_meeting(session, day)
    this_id = meeting.id if meeting else -1
    views = []
    for item in session.scalars(select(ActionItem).order_by(ActionItem.code)):
        created = as_utc(item.created_at)
        closed = as_utc(item.closed_at)
        raised_here = item.raised_meeting_id == this_id
        if not raised_here:
            if created >= end:
                continue
            if closed is not None and closed < start:
                continue
        views.append(ItemView(
            id=item.id, code=item.code, category=item.category, problem=item.problem, plan=item.plan,
            owner=item.owner, deadline=as_utc(item.deadline), status=item.status,
            overdue=is_overdue(item, min(as_utc(now), end)), carried=not raised_here and created < start,
            version=item.version,
            followups=[{"at": as_utc(f.at).isoformat(), "text": f.text, "status": f.status,
                        "meeting_id": f.meeting_id} for f in item.followups],
        ))
    return views


@dataclass
class MeetingRecord:
    """Everything the meeting record (PDF, JSON) shows for one day."""

    day: dt.date
    leader: str | None
    held_at: dt.datetime | None
    status: MeetingStatus
    notes: dict[str, str]
    items: list[ItemView]

    def as_dict(self) -> dict:
        """JSON-ready."""
        return {"date": self.day.isoformat(), "leader": self.leader,
                "held_at": None if self.held_at is None else self.held_at.isoformat(),
                "status": self.status.as_dict(), "notes": self.notes,
                "items": [i.as_dict() for i in self.items]}


def meeting_record(session: Session, day: dt.date, now: dt.datetime, tz: dt.tzinfo | None = None, *,
                   overrun_check: OverrunCheck,
                   coverage_source: CoverageSource | None = None,
                   customer_source: CustomerSource | None = None) -> MeetingRecord:
    """The record of ``day``'s meeting as it stands at ``now`` (read-only).

    Returns
    -------
    MeetingRecord
    """
    tz = tz or event_timezone(session)
    meeting = find_meeting(session, day)
    status = compile_status(session, day, now, tz, overrun_check=overrun_check, coverage_source=coverage_source,
                            customer_source=customer_source)
    leader = meeting.leader if meeting and meeting.leader else (status.leaders[0][1] if status.leaders else None)
    notes = meeting_notes(session, meeting.id) if meeting else {c: "" for c in MEETING_CATEGORIES}
    return MeetingRecord(day=day, leader=leader, held_at=as_utc(meeting.held_at) if meeting else None,
                         status=status, notes=notes, items=meeting_items(session, day, now, tz))

