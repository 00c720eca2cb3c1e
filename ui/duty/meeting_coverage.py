"""The meeting's patrol coverage, measured off the GUI thread and kept per day.

:func:`services.patrol.coverage.meeting_coverage` reads the day's track points and
runs the coverage analysis: seconds on a real day. The duty dock asks for a
day's figures; the first ask starts one job on a worker thread, and the
figures come back through a queued signal. They are kept for the day until
:data:`KEEP_S` has passed (or the meeting is opened again), so refreshing the
meeting never waits for the analysis.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QObject, Signal

from services.duty.desk import CoverageFigure
from models.store import Store

#: Seconds a day's figures are kept before the next ask measures again.
KEEP_S = 300.0


class MeetingCoverage(QObject):
    """Per-day cache of the meeting's coverage figures, filled by a worker thread.

    Signals
    -------
    ready(date)
        The figures of that day are in (GUI thread).
    failed(str)
        The analysis raised; the meeting keeps showing "no coverage data".
    """

    ready = Signal(object)
    failed = Signal(str)

    def __init__(self, store: Store, clock: Callable[[], dt.datetime], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.clock = clock
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="meeting-coverage")
        self._lock = threading.Lock()
        self._figures: dict[dt.date, tuple[list[CoverageFigure] | None, float]] = {}
        self._running: set[dt.date] = set()
        self._closed = False

    def get(self, day: dt.date) -> list[CoverageFigure] | None:
        """The day's figures if measured (None: not yet, or no plan); starts a measurement when due."""
        with self._lock:
            entry = self._figures.get(day)
        if entry is None or time.monotonic() - entry[1] > KEEP_S:
            self.measure(day)
        return None if entry is None else entry[0]

    def measuring(self, day: dt.date) -> bool:
        """A measurement of ``day`` is under way."""
        with self._lock:
            return day in self._running

    def measure(self, day: dt.date, force: bool = False) -> None:
        """Start measuring ``day`` on the worker (once at a time per day)."""
        with self._lock:
            if self._closed or day in self._running:
                return
            if force:
                self._figures.pop(day, None)
            self._running.add(day)
        self._executor.submit(self._run, day)

    def _run(self, day: dt.date) -> None:
        from services.patrol.coverage import meeting_coverage

        try:
            figures = meeting_coverage(self.store, day, self.clock())
        except Exception as exc:  # a broken plan or store must not kill the desk
            with self._lock:
                self._running.discard(day)
                self._figures[day] = (None, time.monotonic())
            if not self._closed:
                self.failed.emit(f"{type(exc).__name__}: {exc}")
            return
        with self._lock:
            self._running.discard(day)
            self._figures[day] = (figures, time.monotonic())
        if not self._closed:
            self.ready.emit(day)

    def close(self) -> None:
        """Stop taking jobs and wait for a running one."""
        with self._lock:
            self._closed = True
        self._executor.shutdown(wait=True)
