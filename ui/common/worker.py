"""One long-lived worker thread for a view's reads and figures (DESIGN §2 Threads).

Starting a ``threading.Thread`` per job waits until the new thread runs, which
on a loaded machine costs the GUI thread ~10 ms each time; a view that reads
the store every second (a drill being followed) or feeds and computes after
every batch submits its jobs here instead: they run in order on one Python
thread kept alive while there is work (it ends after :data:`IDLE_S` idle, or
at :meth:`SerialWorker.stop`), and :meth:`SerialWorker.submit` returns at
once. Results go back to the GUI thread through the view's own queued signal.

A plain Python thread, not a QThreadPool: Python libraries keeping per-thread
state (pyproj's PROJ context) crashed when Qt's pool threads entered and left
Python for each job.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)

#: Seconds without a job after which the thread ends (the next job starts a new one).
IDLE_S = 30.0


class SerialWorker:
    """Runs submitted callables one after another on a single worker thread."""

    def __init__(self, name: str = "view-worker") -> None:
        self.name = name
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pending = 0
        self._idle = threading.Condition(self._lock)

    def submit(self, fn: Callable[[], object]) -> None:
        """Queue ``fn`` (it must not touch widgets; it hands its result over with a signal)."""
        with self._lock:
            self._pending += 1
            self._jobs.put(fn)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            try:
                fn = self._jobs.get(timeout=IDLE_S)
            except queue.Empty:
                with self._lock:
                    if self._jobs.empty():
                        self._thread = None
                        return
                continue
            if fn is None:  # stop()
                with self._lock:
                    self._thread = None
                    self._idle.notify_all()
                return
            try:
                fn()
            except Exception:  # noqa: BLE001 — a job reports its own errors; never kill the thread
                log.exception("%s: a job failed", self.name)
            with self._lock:
                self._pending -= 1
                if self._pending == 0:
                    self._idle.notify_all()

    def wait(self, timeout_s: float | None = None) -> bool:
        """Wait until every queued job ran (tests, closing); False on timeout."""
        with self._lock:
            return self._idle.wait_for(lambda: self._pending == 0, timeout_s)

    def stop(self) -> None:
        """End the thread after the queued jobs (idempotent; a later submit starts a new one)."""
        with self._lock:
            if self._thread is not None:
                self._jobs.put(None)


__all__ = ["IDLE_S", "SerialWorker"]
