"""One patrol day loaded at a time in a process, the desk's live patrol day first.

A city's day (plan, pipes as vertex arrays, coverage samples) holds hundreds of
MB while it loads. On the desk two readers want it at start: the Patrol dock's
session and the meeting's coverage figures. Loaded side by side they double the
peak memory and split the CPU, so the dock waits for both. The gate lets one
load run at a time (:func:`coverage_of_day` holds it), and a background reader
(the meeting's figures) also waits while the desk has announced its patrol day
(:meth:`DayGate.reserve`) until that day is in (:meth:`DayGate.release`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

#: A background reader waits at most this long for an announced patrol day.
RESERVE_WAIT_S = 180.0


class DayGate:
    """A re-entrant per-thread lock with announced first users."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._owner: int | None = None
        self._depth = 0
        self._reserved = 0

    def reserve(self) -> None:
        """Announce a load that goes before background readers (call :meth:`release` after it)."""
        with self._cond:
            self._reserved += 1

    def release(self) -> None:
        """The announced load is done (or will not happen)."""
        with self._cond:
            self._reserved = max(0, self._reserved - 1)
            self._cond.notify_all()

    @contextmanager
    def hold(self, background: bool = False) -> Iterator[None]:
        """Hold the gate; a ``background`` holder first lets announced loads go."""
        me = threading.get_ident()
        with self._cond:
            if self._owner == me:
                self._depth += 1
            else:
                deadline = time.monotonic() + RESERVE_WAIT_S
                while self._owner is not None or (background and self._reserved and time.monotonic() < deadline):
                    self._cond.wait(timeout=1.0)
                self._owner, self._depth = me, 1
        try:
            yield
        finally:
            with self._cond:
                self._depth -= 1
                if self._depth == 0:
                    self._owner = None
                    self._cond.notify_all()


#: The process's gate (the desk's threads share it).
DAY_GATE = DayGate()
