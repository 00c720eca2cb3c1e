"""Qt side of the change watcher: other desks' changes arrive as a signal.

:class:`models.changes.ChangeWatcher` runs on its own thread and calls back
there; :class:`QtStoreWatch` re-emits the batch through a signal of a QObject
living on the GUI thread, which Qt delivers queued, so views refresh on the
GUI thread with their own session.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

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
