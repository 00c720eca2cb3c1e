"""Time helpers shared by the duty desk's services.

Services never read the wall clock: they take an explicit ``now`` (an aware
datetime) so tests can move time. Days, slots and shifts follow the event's
time zone (``Event.timezone``); the store keeps UTC.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

UTC = dt.timezone.utc


def as_utc(value: dt.datetime | None) -> dt.datetime | None:
    """Return ``value`` as an aware UTC datetime.

    SQLite hands timezone-aware columns back naive (it stores no offset); the
    store always writes UTC, so a naive value read back *is* UTC.

    Parameters
    ----------
    value
        A datetime, aware or naive (naive means UTC), or None.

    Returns
    -------
    datetime or None
        The same instant, aware, in UTC.
    """
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def event_timezone(session: Session) -> dt.tzinfo:
    """The time zone of the store's current event (UTC without an event or with an unknown zone).

    Parameters
    ----------
    session
        An open session.

    Returns
    -------
    tzinfo
    """
    from models.event import Event

    name = session.scalars(select(Event.timezone).order_by(Event.id.desc()).limit(1)).first()
    if not name:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def local_time(day: dt.date, hhmm: str, tz: dt.tzinfo) -> dt.datetime:
    """The aware instant of wall-clock time ``hhmm`` ("HH:MM") on ``day`` in ``tz``.

    Parameters
    ----------
    day
        The local calendar day.
    hhmm
        Wall-clock time, "HH:MM".
    tz
        The local time zone.

    Returns
    -------
    datetime
        Aware, in UTC.
    """
    hour, minute = parse_hhmm(hhmm)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=tz).astimezone(UTC)


def parse_hhmm(text: str) -> tuple[int, int]:
    """Parse "HH:MM" strictly.

    Raises
    ------
    ValueError
        With a message naming the bad value.
    """
    try:
        hour_s, minute_s = text.strip().split(":")
        hour, minute = int(hour_s), int(minute_s)
    except (AttributeError, ValueError):
        raise ValueError(f"{text!r} is not a time of day HH:MM") from None
    if not (0 <= hour < 24 and 0 <= minute < 60):
        raise ValueError(f"{text!r} is not a time of day HH:MM")
    return hour, minute


def day_bounds(day: dt.date, tz: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
    """The UTC instants where local ``day`` starts and ends (half-open)."""
    start = dt.datetime.combine(day, dt.time(0, 0), tzinfo=tz).astimezone(UTC)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, 0), tzinfo=tz).astimezone(UTC)
    return start, end
