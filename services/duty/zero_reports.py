"""Zero reports (零报告): every unit reports at every slot, even when nothing happened.

A report is either "safe" or carries an incident text. A slot's deadline is
the slot time plus a grace period; a unit that has not reported when its
deadline passes raises an alarm. Slots and grace are stored settings
(``report_slots``, ``report_grace_min``), not constants.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.audit import Setting
from models.audit_trail import record
from models.clock import as_utc, event_timezone, local_time, parse_hhmm
from models.duty import ReportingUnit, ZeroReport

SLOTS_KEY = "report_slots"
GRACE_KEY = "report_grace_min"
DEFAULT_SLOTS = ("08:00", "12:00", "16:00", "20:00")
#: Minutes after the slot time before a missing report is an alarm.
DEFAULT_GRACE_MIN = 15.0

#: Cell states of the units × slots matrix.
SAFE, INCIDENT, MISSING, PENDING = "safe", "incident", "missing", "pending"


class ZeroReportError(ValueError):
    """A report cannot be recorded; the message says which unit/slot and why."""


def _setting(session: Session, key: str):
    row = session.get(Setting, key)
    return None if row is None else json.loads(row.value_json)


def _put_setting(session: Session, key: str, value, *, user: str, now: dt.datetime) -> None:
    row = session.get(Setting, key)
    old = None if row is None else json.loads(row.value_json)
    if row is None:
        row = Setting(key=key, value_json="null")
        session.add(row)
    row.value_json = json.dumps(value)
    record(session, user=user, action="update", table="settings", row_id=None, now=now,
           detail={"key": key, "old": old, "new": value})


def report_slots(session: Session) -> list[str]:
    """The report slots ("HH:MM", sorted) from the ``report_slots`` setting, or the defaults.

    Parameters
    ----------
    session
        An open session.

    Returns
    -------
    list of str
    """
    stored = _setting(session, SLOTS_KEY)
    if not stored:
        return list(DEFAULT_SLOTS)
    return normalise_slots(stored)


def normalise_slots(slots) -> list[str]:
    """Validate slot strings and return them as sorted, unique, zero-padded "HH:MM".

    Raises
    ------
    ZeroReportError
        When a slot is not a time of day.
    """
    out = set()
    for slot in slots:
        try:
            hour, minute = parse_hhmm(str(slot))
        except ValueError as exc:
            raise ZeroReportError(f"Report slot: {exc}") from None
        out.add(f"{hour:02d}:{minute:02d}")
    if not out:
        raise ZeroReportError("At least one report slot is needed")
    return sorted(out)


def set_report_slots(session: Session, slots, *, user: str, now: dt.datetime) -> list[str]:
    """Store the report slots (validated); audited.

    Returns
    -------
    list of str
        The slots as stored.
    """
    clean = normalise_slots(slots)
    _put_setting(session, SLOTS_KEY, clean, user=user, now=now)
    return clean


def grace_minutes(session: Session) -> float:
    """Minutes after a slot before a missing report is an alarm (setting ``report_grace_min``)."""
    stored = _setting(session, GRACE_KEY)
    return DEFAULT_GRACE_MIN if stored is None else float(stored)


def set_grace_minutes(session: Session, minutes: float, *, user: str, now: dt.datetime) -> None:
    """Store the grace period in minutes (must be ≥ 0); audited."""
    if minutes < 0:
        raise ZeroReportError(f"The report grace period must not be negative (got {minutes})")
    _put_setting(session, GRACE_KEY, float(minutes), user=user, now=now)


@dataclass(frozen=True)
class Cell:
    """One unit's state at one slot."""

    unit_id: int
    unit_code: str
    unit_name: str
    slot: str
    deadline: dt.datetime
    state: str
    incident: str | None = None
    received_at: dt.datetime | None = None
    report_id: int | None = None

    def as_dict(self) -> dict:
        """A JSON-ready dict (the shape ``reports --json`` prints)."""
        return {"unit": self.unit_code, "unit_name": self.unit_name, "slot": self.slot,
                "deadline": self.deadline.isoformat(), "state": self.state, "incident": self.incident,
                "received_at": None if self.received_at is None else self.received_at.isoformat()}


@dataclass
class ReportMatrix:
    """Units × slots for one day, as seen at ``now``."""

    day: dt.date
    now: dt.datetime
    slots: list[str]
    units: list[ReportingUnit]
    cells: dict[tuple[int, str], Cell] = field(default_factory=dict)

    def cell(self, unit_id: int, slot: str) -> Cell:
        """The cell of one unit and slot."""
        return self.cells[(unit_id, slot)]

    @property
    def received(self) -> list[Cell]:
        """Cells with a report (safe or incident), unit then slot order."""
        return [c for c in self._ordered() if c.state in (SAFE, INCIDENT)]

    @property
    def missing(self) -> list[Cell]:
        """Cells whose deadline passed without a report: the alarms."""
        return [c for c in self._ordered() if c.state == MISSING]

    @property
    def incidents(self) -> list[Cell]:
        """Cells reporting an incident."""
        return [c for c in self._ordered() if c.state == INCIDENT]

    def _ordered(self) -> list[Cell]:
        return [self.cells[(u.id, s)] for u in self.units for s in self.slots]

    def as_dict(self) -> dict:
        """``{"date", "slots", "units", "received", "missing"}`` (received/missing as ``{unit, slot}``)."""
        return {
            "date": self.day.isoformat(),
            "now": self.now.isoformat(),
            "slots": list(self.slots),
            "units": [{"code": u.code, "name": u.name, "contact": u.contact, "phone": u.phone} for u in self.units],
            "received": [{"unit": c.unit_code, "slot": c.slot, "safe": c.state == SAFE, "incident": c.incident}
                         for c in self.received],
            "missing": [{"unit": c.unit_code, "slot": c.slot, "deadline": c.deadline.isoformat()}
                        for c in self.missing],
        }


def report_matrix(session: Session, day: dt.date, now: dt.datetime, tz: dt.tzinfo | None = None) -> ReportMatrix:
    """The units × slots matrix of ``day`` as it stands at ``now``.

    A cell is ``safe`` or ``incident`` when a report exists; otherwise
    ``missing`` once its deadline (slot + grace) has passed at ``now``, and
    ``pending`` before.

    Parameters
    ----------
    session
        An open session.
    day
        The local day (event time zone).
    now
        The clock (aware datetime).
    tz
        The local time zone; default the current event's.

    Returns
    -------
    ReportMatrix
    """
    tz = tz or event_timezone(session)
    now = as_utc(now)
    slots = report_slots(session)
    grace = dt.timedelta(minutes=grace_minutes(session))
    units = list(session.scalars(select(ReportingUnit).order_by(ReportingUnit.code)))
    reports = {(r.unit_id, r.slot): r for r in session.scalars(select(ZeroReport).where(ZeroReport.day == day))}
    matrix = ReportMatrix(day=day, now=now, slots=slots, units=units)
    for slot in slots:
        deadline = local_time(day, slot, tz) + grace
        for unit in units:
            rep = reports.get((unit.id, slot))
            if rep is not None:
                state = SAFE if rep.safe else INCIDENT
                cell = Cell(unit.id, unit.code, unit.name, slot, deadline, state, rep.incident,
                            as_utc(rep.received_at), rep.id)
            else:
                cell = Cell(unit.id, unit.code, unit.name, slot, deadline, MISSING if now >= deadline else PENDING)
            matrix.cells[(unit.id, slot)] = cell
    return matrix


def alarms(session: Session, day: dt.date, now: dt.datetime, tz: dt.tzinfo | None = None) -> list[Cell]:
    """Units × slots of ``day`` whose deadline passed at ``now`` without a report.

    Returns
    -------
    list of Cell
        The missing cells, unit then slot order.
    """
    return report_matrix(session, day, now, tz).missing


def record_report(
    session: Session,
    *,
    unit_id: int,
    day: dt.date,
    slot: str,
    safe: bool,
    incident: str | None = None,
    reported_by: str | None = None,
    received_at: dt.datetime | None = None,
    user: str,
    now: dt.datetime,
) -> ZeroReport:
    """Record (or correct) one unit's report for one slot; audited.

    Parameters
    ----------
    session
        The caller commits.
    unit_id, day, slot
        Which cell; ``slot`` must be one of :func:`report_slots`.
    safe
        True for "safe" (平安无事); False needs an ``incident`` text.
    incident
        What happened (required when not safe).
    reported_by
        The person who reported (phone call, message…).
    received_at
        When it was received; default ``now`` (undo restores an older one).
    user, now
        Who records it, and when.

    Returns
    -------
    ZeroReport
        The new or corrected report.

    Raises
    ------
    ZeroReportError
        Unknown unit, a slot that is not configured, or an incident without text.
    """
    unit = session.get(ReportingUnit, unit_id)
    if unit is None:
        raise ZeroReportError(f"No reporting unit with id {unit_id}")
    slots = report_slots(session)
    if slot not in slots:
        raise ZeroReportError(f"{slot!r} is not a report slot (slots: {', '.join(slots)}) for unit {unit.code}")
    text = (incident or "").strip()
    if not safe and not text:
        raise ZeroReportError(f"Unit {unit.code}, {day} {slot}: an incident report needs a description")
    rep = session.scalars(
        select(ZeroReport).where(ZeroReport.unit_id == unit_id, ZeroReport.day == day, ZeroReport.slot == slot)
    ).first()
    action = "update" if rep is not None else "create"
    if rep is None:
        rep = ZeroReport(unit_id=unit_id, day=day, slot=slot)
        session.add(rep)
    rep.safe = bool(safe)
    rep.incident = None if safe else text
    rep.received_at = as_utc(received_at or now)
    rep.reported_by = reported_by
    session.flush()
    record(session, user=user, action=action, table="zero_reports", row_id=rep.id, now=now,
           detail={"unit": unit.code, "day": day.isoformat(), "slot": slot, "safe": rep.safe, "incident": rep.incident})
    return rep


def delete_report(session: Session, report_id: int, *, user: str, now: dt.datetime) -> None:
    """Remove a report (undo of a recording); audited. Unknown ids are ignored."""
    rep = session.get(ZeroReport, report_id)
    if rep is None:
        return
    session.delete(rep)
    record(session, user=user, action="delete", table="zero_reports", row_id=report_id, now=now,
           detail={"unit_id": rep.unit_id, "day": rep.day.isoformat(), "slot": rep.slot})
