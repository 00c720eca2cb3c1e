"""Qt side of the change watcher: other desks' changes arrive as a signal.

:class:`models.changes.ChangeWatcher` runs on its own thread and calls back
there; :class:`QtStoreWatch` re-emits the batch through a signal of a QObject
living on the GUI thread, which Qt delivers queued, so views refresh on the
GUI thread with their own session.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QElapsedTimer, QObject, QTimer, Signal

from models.changes import Change, ChangeWatcher
from models.store import Store


class QtStoreWatch(QObject):
    """Emits :attr:`store_changed` with the changes other desks (or this one) made.

    Parameters
    ----------
    store
        The open store.
    include_own
        Also report this desk's own changes (off by default: the desk that
        saved already shows what it saved).
    interval
        Seconds between polls on SQLite (and on PostgreSQL while not listening).
    """

    #: A batch of :class:`models.changes.Change` (table, row_id, desk), GUI thread.
    store_changed = Signal(list)
    #: Internal: the watcher thread's hand-over (queued to the GUI thread).
    _arrived = Signal(list)

    def __init__(self, store: Store, include_own: bool = False, interval: float = 0.5,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._arrived.connect(self._on_arrived)
        self.watcher = ChangeWatcher(
            store.engine, self._arrived.emit, interval=interval,
            ignore_desk=None if include_own else store.desk,
            prune_every=None if store.role == "viewer" else 3600.0,
        )

    def start(self) -> None:
        """Start watching (changes before this call are not reported)."""
        self.watcher.start()

    def stop(self) -> None:
        """Stop the watcher thread."""
        self.watcher.stop()

    def _on_arrived(self, changes: list[Change]) -> None:
        self.store_changed.emit(changes)

    def tables(self, changes: list[Change]) -> set[str]:
        """The tables a batch touched (views usually refresh per table)."""
        return {c.table for c in changes}


class Throttle(QObject):
    """Calls ``fn`` at most once per ``interval_ms``.

    A call when the last run is older than the interval runs at once; calls
    inside the interval are merged into one run at its end. So a burst of
    store changes (an import, a busy dispatcher) costs a view one refresh per
    half second, and the last change is never left out.
    """

    def __init__(self, fn: Callable[[], object], interval_ms: int = 500, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.fn = fn
        self.interval_ms = interval_ms
        self.runs = 0
        self._since = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._run)

    def __call__(self, *_args) -> None:
        """Ask for a run (arguments are ignored, so it can be connected to any signal)."""
        if self._timer.isActive():
            return
        elapsed = self._since.elapsed() if self._since.isValid() else self.interval_ms
        if elapsed >= self.interval_ms:
            self._run()
        else:
            self._timer.start(self.interval_ms - elapsed)

    @property
    def pending(self) -> bool:
        """A run is scheduled."""
        return self._timer.isActive()

    def _run(self) -> None:
        self._since.restart()
        self.runs += 1
        self.fn()
