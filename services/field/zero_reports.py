"""Zero reports sent from a unit's phone: the same matrix cell as one entered at the desk."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.clock import as_utc
from models.duty import ZeroReport
from services.duty.zero_reports import ZeroReportError, record_report, report_matrix
from services.field.hazards import FieldRefusal
from services.field.tokens import Holder


@dataclass(frozen=True)
class SlotState:
    """One of today's slots as the phone shows it."""

    slot: str
    state: str  # as services.duty.zero_reports.Cell.state


def record_from_phone(session: Session, holder: Holder, *, slot: str, safe: bool, note: str = "",
                      client_id: str, day: dt.date | None = None, tz: str = "UTC",
                      now: dt.datetime) -> tuple[ZeroReport, bool]:
    """Store a unit's zero report sent from its phone; the caller commits.

    Returns the report and True when new (False: a repeat of ``client_id``).

    Raises
    ------
    FieldRefusal
        Not a unit's token, no client id, an unknown slot, an incident without a note.
    """
    if holder.kind != "unit" or holder.unit_id is None:
        raise FieldRefusal("not_a_unit", "zero reports come from a reporting unit's phone")
    cid = (client_id or "").strip()
    if not cid or len(cid) > 64:
        raise FieldRefusal("bad_client_id", "client_id must be 1 to 64 characters")
    existing = session.scalars(select(ZeroReport).where(ZeroReport.client_id == cid)).first()
    if existing is not None:
        if existing.unit_id != holder.unit_id:
            raise FieldRefusal("client_id_taken", "that client_id belongs to another unit's report")
        return existing, False
    local_day = day or as_utc(now).astimezone(ZoneInfo(tz)).date()
    try:
        report = record_report(session, unit_id=holder.unit_id, day=local_day, slot=slot, safe=safe,
                               incident=note, reported_by=holder.label, user=holder.label, now=now)
    except ZeroReportError as exc:
        raise FieldRefusal("bad_zero_report", str(exc)) from exc
    report.client_id = cid
    session.flush()
    return report, True


def slots_for_unit(session: Session, holder: Holder, *, day: dt.date, now: dt.datetime,
                   tz: str = "UTC") -> list[SlotState]:
    """The unit's slots of ``day`` with their state, as the desk's matrix has them."""
    if holder.unit_id is None:
        return []
    matrix = report_matrix(session, day, now, ZoneInfo(tz))
    return [SlotState(slot, matrix.cell(holder.unit_id, slot).state) for slot in matrix.slots
            if (holder.unit_id, slot) in matrix.cells]
