"""A view's re-read of the store after another desk's change: on its worker, shown on the GUI thread.

Changes arrive in bursts (a drill writes every second). A request while a read
runs is not queued behind it one by one: the latest request waits and runs once
after it, so a burst costs at most two reads and the view shows the newest state.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal

from ui.common.worker import SerialWorker


class _Relay(QObject):
    """Carries a read's result from the worker to the GUI thread.

    It has no Qt parent and the worker's job holds it: the view (and its
    :class:`CoalescedRead`) may be destroyed while a read runs, and a signal
    emitted on a QObject being destroyed on the GUI thread crashed the process
    (a segfault while a test closed its desk). The queued connection to a
    destroyed receiver is dropped by Qt; the relay itself lives until the job ends.
    """

    done = Signal(object)


class CoalescedRead(QObject):
    """Runs ``read`` callables on ``worker``; hands each result (or its exception) to ``show`` on the GUI thread."""

    def __init__(self, worker: SerialWorker, show: Callable[[object], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._worker, self._show = worker, show
        self._relay = _Relay()
        self._next: Callable[[], object] | None = None
        #: A read is running on the worker (tests wait for it to end).
        self.busy = False
        self._relay.done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)

    def request(self, read: Callable[[], object]) -> None:
        """Read with ``read`` (it must not touch widgets); while one runs, keep only the latest request."""
        if self.busy:
            self._next = read
            return
        self.busy = True
        relay = self._relay  # the job holds the relay, not the view

        def job() -> None:
            try:
                data = read()
            except Exception as exc:  # noqa: BLE001 — the view shows it (a busy store: the next change retries)
                data = exc
            relay.done.emit(data)

        self._worker.submit(job)

    @property
    def pending(self) -> bool:
        """A newer request waits for the running one to end (the result being shown is already stale)."""
        return self._next is not None

    def _on_done(self, data) -> None:
        self.busy = False
        self._show(data)
        follow, self._next = self._next, None
        if follow is not None:
            self.request(follow)
