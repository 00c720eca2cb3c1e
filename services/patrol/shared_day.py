"""The desk's patrol day, shared by every reader in the desk's process: one whole day per desk.

A city's day (500,000 pipes, millions of coverage samples) costs hundreds of MB and
seconds of CPU to build. The Patrol dock builds it once and keeps it live (fed with
each batch of fixes); the meeting's coverage figures and the wall's ratios are the
same per-requirement figures of the same day, so they read them from that session
instead of measuring the whole day a second time
(:func:`services.patrol.coverage.compute_coverage` stays the path of the CLI and of
a process without a live day).

The desk announces its day with :func:`publish` (with the lock its feeder holds
while a batch goes in) and takes it back with :func:`withdraw`; readers ask
:func:`live_day` and hold :attr:`LiveDay.lock` while they read the session.
"""

from __future__ import annotations

import datetime as dt
import threading
import weakref
from dataclasses import dataclass


@dataclass
class LiveDay:
    """A published patrol day: the session, the lock its feeder holds, and whose day it is."""

    store_ref: weakref.ref
    day: dt.date
    session: object
    lock: threading.Lock

    def requirement_summary(self) -> list[dict]:
        """:meth:`gis.coverage.CoverageState.requirement_summary` of the live day (window times unix s)."""
        with self.lock:
            return self.session.state.requirement_summary()


_guard = threading.Lock()
_days: list[LiveDay] = []


def publish(store, day: dt.date, session, lock: threading.Lock) -> LiveDay:
    """Share ``session`` as the live patrol day of ``store`` on ``day`` (replacing an older one)."""
    entry = LiveDay(weakref.ref(store), day, session, lock)
    with _guard:
        _days[:] = [d for d in _days if d.store_ref() is not None and not (d.store_ref() is store and d.day == day)]
        _days.append(entry)
    return entry


def withdraw(store, day: dt.date, lock: threading.Lock | None = None) -> None:
    """Stop sharing the day (only the one published with ``lock``, when given)."""
    with _guard:
        _days[:] = [d for d in _days if d.store_ref() is not None and not (
            d.store_ref() is store and d.day == day and (lock is None or d.lock is lock))]


def live_day(store, day: dt.date) -> LiveDay | None:
    """The live patrol day of ``store`` on ``day`` in this process, or None."""
    with _guard:
        for d in _days:
            if d.store_ref() is store and d.day == day:
                return d
    return None
