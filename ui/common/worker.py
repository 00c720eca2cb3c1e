"""One long-lived worker thread for a view's reads and figures (DESIGN §2 Threads).

Starting a ``threading.Thread`` per job waits until the new thread runs, which
on a loaded machine costs the GUI thread ~10 ms each time; a view that reads
the store every second (a drill being followed) or computes figures after
every batch submits its jobs here instead: they run in order on one thread
kept alive, and :meth:`SerialWorker.submit` returns at once. Results go back
to the GUI thread through the view's own queued signal.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QThreadPool


class SerialWorker(QObject):
    """Runs submitted callables one after another on a single thread that stays alive."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pool.setExpiryTimeout(-1)  # keep the thread: no start-up cost per job

    def submit(self, fn: Callable[[], object]) -> None:
        """Queue ``fn`` (it must not touch widgets; it hands its result over with a signal)."""
        self._pool.start(fn)

    def wait(self, timeout_ms: int = -1) -> bool:
        """Wait until every queued job ran (tests, closing); False on timeout."""
        return self._pool.waitForDone(timeout_ms)


__all__ = ["SerialWorker"]
