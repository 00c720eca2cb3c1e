"""Reads the wall's figures off the GUI thread and hands them to the wall as one object.

The cheap figures (:func:`services.wall.figures.wall_figures`) are read at every
request; patrol coverage (track analysis, seconds on a big day) only every
``coverage_every_s``. One worker thread, one job at a time: requests that
arrive while a job runs are coalesced into one more run.

Hook for several desks: connect a ``store_changed`` signal to :meth:`WallFeed.request`
and the wall updates as soon as another desk writes, besides its timer.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QObject, Signal

from models.store import Store
from services.wall.figures import WallFigures, current_window_ratios, wall_figures

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    """The wall clock, aware UTC."""
    return dt.datetime.now(dt.timezone.utc)


def measure_coverage(store: Store, now: dt.datetime) -> dict[str, float | None] | None:
    """Coverage ratio of each requirement's current window; None without an event or a plan."""
    from services.patrol.coverage import day_coverage
    from services.patrol.data import PatrolDataError

    event = store.current_event()
    if event is None:
        return None
    local = now.astimezone(dt.timezone.utc)
    try:
        from zoneinfo import ZoneInfo

        local = now.astimezone(ZoneInfo(event.timezone or "UTC"))
    except Exception:  # an unknown zone name: measure in UTC rather than not at all
        pass
    from services.patrol.shared_day import live_day

    live = live_day(store, local.date())
    if live is not None:  # the desk's live patrol day: its figures, no second whole day in the process
        return current_window_ratios(live.requirement_summary(), now.timestamp())
    try:  # waits for the desk's own day rather than loading a second one beside it
        info = day_coverage(store, local.date(), local)
    except PatrolDataError:
        return None
    return current_window_ratios(info["requirements"], now.timestamp())


class WallFeed(QObject):
    """Computes :class:`~services.wall.figures.WallFigures` on a worker thread.

    Signals
    -------
    figures_ready(WallFigures)
        Delivered on the GUI thread (queued), once per finished job.
    failed(str)
        A job raised; the wall keeps its last figures and tries again later.
    """

    figures_ready = Signal(object)
    failed = Signal(str)

    def __init__(self, store: Store, clock: Clock = utc_now, coverage_every_s: float = 60.0,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.clock = clock
        self.coverage_every_s = coverage_every_s
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wall-feed")
        self._lock = threading.Lock()
        self._running = False
        self._pending = False
        self._closed = False
        self._coverage: dict[str, float | None] | None = None
        self._coverage_at = -1e18

    def request(self, *_args) -> None:
        """Ask for fresh figures (timer tick, store change); coalesced while a job runs."""
        with self._lock:
            if self._closed:
                return
            if self._running:
                self._pending = True
                return
            self._running = True
        self._executor.submit(self._run)

    def compute(self) -> WallFigures:
        """Compute the figures now, in the calling thread (screenshots, tests)."""
        now = self.clock()
        if time.monotonic() - self._coverage_at >= self.coverage_every_s:
            self._coverage = measure_coverage(self.store, now)
            self._coverage_at = time.monotonic()
        from services.repairs.overruns import overrun_check

        with self.store.session() as session:
            return wall_figures(session, now, coverage_ratios=self._coverage, overrun_check=overrun_check(session))

    def _run(self) -> None:
        while True:
            try:
                figures = self.compute()
            except Exception as exc:  # a locked or vanished store must not kill the wall
                if not self._closed:
                    self.failed.emit(f"{type(exc).__name__}: {exc}")
            else:
                if not self._closed:
                    self.figures_ready.emit(figures)
            with self._lock:
                if not self._pending or self._closed:
                    self._running = False
                    return
                self._pending = False

    def close(self) -> None:
        """Stop accepting requests and wait for a running job."""
        with self._lock:
            self._closed = True
        self._executor.shutdown(wait=True)
