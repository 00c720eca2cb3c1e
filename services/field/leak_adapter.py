"""The field page's window on the leak survey (:mod:`services.leak_survey`).

The one place the HTTP listener touches the leak-survey use cases: a phone's
token becomes the reading's reader, outcomes become JSON and an HTTP status.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from services.field.tokens import Holder
from services.leak_survey import survey


def due_points(session: Session, day: dt.date, near: tuple[float, float] | None, limit: int = 20) -> list[dict]:
    """The survey points of ``day`` nearest ``near`` (lon, lat) first, JSON-ready."""
    return [p.as_dict() for p in survey.due_points(session, day, near=near, limit=limit)]


def record_reading(session: Session, holder: Holder, *, point_code: str | None, taken_at: dt.datetime,
                   noise_db: float | None, verdict: str | None, note: str, client_id: str,
                   at: tuple[float, float] | None, now: dt.datetime) -> tuple[int, dict]:
    """Record a reading from a phone; returns (HTTP status, JSON-ready outcome). The caller commits."""
    reader = survey.Reader(person_id=holder.person_id, unit_id=holder.unit_id, token_id=holder.token_id,
                           label=holder.label)
    outcome = survey.record_reading(session, point_code, taken_at, reader, noise_db, verdict, note or None,
                                    client_id, "field", at=at, now=now)
    return outcome.http_status, outcome.as_dict()
