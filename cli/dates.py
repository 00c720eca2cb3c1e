"""Parsing --date / --now options of the duty commands."""

from __future__ import annotations

import datetime as dt


def parse_day(text: str) -> dt.date:
    """A YYYY-MM-DD day; ValueError names the bad value."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"--date: {text!r} is not a date YYYY-MM-DD") from None


def parse_now(text: str | None) -> dt.datetime:
    """An ISO instant (naive = UTC), or the current time when None."""
    if not text:
        return dt.datetime.now(dt.timezone.utc)
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"--now: {text!r} is not a date-time YYYY-MM-DDTHH:MM[:SS][+HH:MM]") from None
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
