"""The field page's window on the leak survey (services.leak_survey), imported when it is there.

The leak-survey use cases live in :mod:`services.leak_survey` (``due_points``,
``record_reading``). This adapter is the one place the HTTP listener touches
them: while that package is not installed in this build, :func:`available`
says why and the routes answer 503 with that reason instead of failing.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import asdict, is_dataclass

from sqlalchemy.orm import Session

from services.field.tokens import Holder


class LeakSurveyUnavailable(RuntimeError):
    """The leak-survey use cases are not part of this build."""


def _module():
    try:
        return importlib.import_module("services.leak_survey")
    except ImportError as exc:
        raise LeakSurveyUnavailable(f"the leak survey is not installed in this WaterGuard ({exc})") from None


def available() -> str | None:
    """None when the leak survey can be used, else the reason it cannot."""
    try:
        _module()
    except LeakSurveyUnavailable as exc:
        return str(exc)
    return None


def _plain(item) -> dict:
    if hasattr(item, "as_dict"):
        return item.as_dict()
    if is_dataclass(item):
        return asdict(item)
    return dict(vars(item))


def due_points(session: Session, day: dt.date, near: tuple[float, float] | None, limit: int = 20) -> list[dict]:
    """The survey points of ``day`` nearest ``near`` (lon, lat) first, JSON-ready."""
    module = _module()
    return [_plain(p) for p in module.due_points(session, day, near=near, limit=limit)]


def record_reading(session: Session, holder: Holder, *, point_code: str | None, taken_at: dt.datetime,
                   noise_db: float | None, verdict: str | None, note: str, client_id: str,
                   at: tuple[float, float] | None, now: dt.datetime) -> tuple[int, dict]:
    """Record a reading from a phone; returns (HTTP status, JSON-ready outcome). The caller commits."""
    module = _module()
    reader = module.Reader(person_id=holder.person_id, unit_id=holder.unit_id, token_id=holder.token_id,
                           label=holder.label)
    outcome = module.record_reading(session, point_code, taken_at, reader, noise_db, verdict, note or None,
                                    client_id, "field", at=at, now=now)
    payload = _plain(outcome)
    status = getattr(outcome, "http_status", 201)
    return status, payload
