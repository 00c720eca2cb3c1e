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

#: Seconds without a job after which the thread ends (the next job starts a new one). Long: starting a
#: thread makes the GUI thread wait until the new one runs, which under a busy worker holding Python's
#: interpreter lock took 140 ms in the drill bench (tests/bench/drill.py --stalls); an idle thread costs nothing.
IDLE_S = 600.0

#: Python's thread switch interval for the desk (s): a thread waiting for the interpreter lock asks the
#: running one for it after this long. The GUI thread gives the lock up at every Qt call and must get it
#: back each time; with the default 5 ms a busy worker (coverage, map preparation) made every such call
#: wait 5 ms, and a repaint of a few dozen calls took hundreds of milliseconds.
GUI_SWITCH_INTERVAL_S = 0.001


def favour_gui_thread() -> None:
    """Shorten the interpreter's switch interval (the desk calls it once, at its main window)."""
    import sys

    if sys.getswitchinterval() > GUI_SWITCH_INTERVAL_S:
        sys.setswitchinterval(GUI_SWITCH_INTERVAL_S)


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


__all__ = ["GUI_SWITCH_INTERVAL_S", "IDLE_S", "SerialWorker", "favour_gui_thread"]
