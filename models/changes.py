"""Several desks, one event: change markers and the watcher that reads them.

Every write through the store leaves a marker in ``store_changes`` (one row per
changed table row) **in the same transaction** as the change, so a marker is
visible exactly when the change is: never before (a rolled-back write leaves
none), never after. ORM sessions of a store do this on their own
(:func:`install_change_markers` hooks ``after_flush``); bulk writers on a Core
connection call :func:`record_changes`.

Other desks learn about markers through a :class:`ChangeWatcher` thread:

* SQLite: every ~0.5 s it asks ``SELECT max(id) FROM store_changes``, a
  primary-key lookup that WAL lets run while another process writes, and reads
  the new rows only when the number moved.
* PostgreSQL: each marker-writing transaction also runs
  ``pg_notify('waterguard', …)``; the server delivers it on commit, and the
  watcher LISTENs on a dedicated psycopg connection. Should that connection
  drop, it polls like on SQLite (tolerating ids that commit out of order)
  until it can listen again.

Old markers are pruned (:func:`prune_changes`, 24 hours by default).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import NamedTuple

from sqlalchemy import Connection, Delete, Engine, Insert, TextClause, Update, delete, event, func, insert, inspect, select, text
from sqlalchemy.orm import Session, sessionmaker

from models.audit import StoreChange
from models.base import utcnow

log = logging.getLogger(__name__)

#: The PostgreSQL notification channel.
CHANNEL = "waterguard"
#: More rows than this in one flush or bulk write collapse to one marker per
#: table (row_id NULL: "reload the table"), so an import does not double its size.
MAX_ROW_MARKERS = 500
#: How long markers are kept.
KEEP = dt.timedelta(hours=24)
#: PostgreSQL: how many ids back, and how long, a watcher waits for an id that
#: was handed out but not yet committed (a rolled-back id never commits).
LOOK_BACK = 1000
GAP_WAIT_S = 60.0

_TABLE = StoreChange.__table__


class Change(NamedTuple):
    """One changed row (``row_id`` None: many rows of ``table``, reload it)."""

    table: str
    row_id: int | None
    desk: str


# -- writing markers -----------------------------------------------------------

def _desk_of(conn: Connection) -> str:
    return str(conn.info.get("waterguard_desk", ""))


def record_changes(conn: Connection, table: str, row_ids: Iterable[int] | None = None,
                   desk: str | None = None) -> None:
    """Record that rows of ``table`` changed, in the caller's transaction.

    Bulk writers (imports, the demo loader, the position feed) call this on the
    connection they wrote with, inside the same ``engine.begin()`` block.

    Parameters
    ----------
    conn
        The connection of the writing transaction.
    table
        The table name (``"pipes"`` …).
    row_ids
        The rows changed; ``None`` (or more than :data:`MAX_ROW_MARKERS`) writes
        one marker meaning "reload the whole table".
    desk
        Who changed it; by default the desk the store's engine signs with.
    """
    ids = None if row_ids is None else [int(i) for i in row_ids]
    if ids is not None and len(ids) > MAX_ROW_MARKERS:
        ids = None
    pairs = [(table, None)] if ids is None else [(table, i) for i in ids]
    _write_markers(conn, pairs, desk if desk is not None else _desk_of(conn))


@contextmanager
def recording_changes(conn: Connection, desk: str | None = None) -> Iterator[set[str]]:
    """Note every table written on ``conn`` in the block; mark each one (row_id NULL) at its end.

    For bulk writers that touch many tables (the demo loader, imports): wrap the
    body of the ``engine.begin()`` block, and the markers join the same
    transaction. Nothing is marked if the block raises.

    Yields
    ------
    set of str
        The table names seen so far.
    """
    tables: set[str] = set()

    def after_execute(_conn, clause, *_args) -> None:
        if isinstance(clause, (Insert, Update, Delete)):
            tables.add(clause.table.name)
        elif isinstance(clause, (str, TextClause)):
            found = _WRITE_SQL.match(str(clause))
            if found:
                tables.add(found.group(1))

    event.listen(conn, "after_execute", after_execute)
    try:
        yield tables
    finally:
        event.remove(conn, "after_execute", after_execute)
    for table in sorted(tables - {_TABLE.name, "alembic_version"}):
        record_changes(conn, table, None, desk)


_WRITE_SQL = re.compile(r"\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)", re.IGNORECASE)


def _write_markers(conn: Connection, pairs: Sequence[tuple[str, int | None]], desk: str) -> None:
    if not pairs:
        return
    now = utcnow()
    conn.execute(insert(_TABLE), [{"at": now, "table_name": t, "row_id": r, "desk": desk} for t, r in pairs])
    if conn.dialect.name == "postgresql":
        # The payload only wakes the listeners; the markers are the truth, and
        # the listener reads the new ones itself (8000-byte payload limit).
        payload = json.dumps({"desk": desk, "n": len(pairs)})
        conn.execute(text("SELECT pg_notify(:channel, :payload)"), {"channel": CHANNEL, "payload": payload})


def _flushed_rows(session: Session) -> list[tuple[str, int | None]]:
    """(table, id) of every row the flush inserted, updated or deleted."""
    seen: dict[tuple[str, int | None], None] = {}
    for group, check in ((session.new, False), (session.dirty, True), (session.deleted, False)):
        for obj in group:
            if isinstance(obj, StoreChange):
                continue
            if check and not session.is_modified(obj, include_collections=False):
                continue
            state = inspect(obj)
            table = state.mapper.local_table.name
            identity = state.identity or state.mapper.primary_key_from_instance(obj)
            row_id = identity[0] if identity and len(identity) == 1 and isinstance(identity[0], int) else None
            seen[(table, row_id)] = None
    pairs = list(seen)
    if len(pairs) > MAX_ROW_MARKERS:
        pairs = list(dict.fromkeys((t, None) for t, _ in pairs))
    return pairs


def install_change_markers(sessions: sessionmaker[Session]) -> None:
    """Make every flush of ``sessions`` write its change markers (same transaction).

    Called by :class:`models.store.Store`; sessions made from the store's
    sessionmaker need nothing more.
    """

    def after_flush(session: Session, _context) -> None:
        pairs = _flushed_rows(session)
        if pairs:
            conn = session.connection()
            _write_markers(conn, pairs, _desk_of(conn))

    event.listen(sessions, "after_flush", after_flush)


def prune_changes(conn: Connection, keep: dt.timedelta = KEEP) -> int:
    """Delete markers older than ``keep``, always keeping the newest one.

    The newest marker stays so ``max(id)`` never goes backwards (SQLite would
    otherwise reuse ids, and a watcher would miss the next change).

    Returns
    -------
    int
        Markers deleted.
    """
    newest = select(func.max(_TABLE.c.id)).scalar_subquery()
    result = conn.execute(delete(_TABLE).where(_TABLE.c.at < utcnow() - keep, _TABLE.c.id < newest))
    return int(result.rowcount or 0)


def latest_change_id(conn: Connection) -> int:
    """The newest marker's id (0 for none): the cheap change check."""
    return int(conn.execute(select(func.coalesce(func.max(_TABLE.c.id), 0))).scalar_one())


# -- watching ----------------------------------------------------------------

class ChangeWatcher:
    """A thread that reports other desks' (and this desk's) changes to a callback.

    Parameters
    ----------
    engine
        The store's engine (its pool serves the polling reads).
    callback
        Called **on the watcher thread** with a non-empty ``list[Change]`` in
        marker order; it must hand over to its own thread (the Qt adapter in
        ``ui/common/store_watch.py`` does so through a queued signal) and return quickly.
    interval
        Seconds between polls (SQLite, or PostgreSQL while not listening).
    ignore_desk
        Leave out changes signed by this desk (normally the watcher's own desk,
        which already knows what it did).
    prune_every
        Seconds between :func:`prune_changes` runs; ``None`` never prunes
        (a viewer cannot delete anyway).
    """

    def __init__(self, engine: Engine, callback: Callable[[list[Change]], None], *, interval: float = 0.5,
                 ignore_desk: str | None = None, prune_every: float | None = 3600.0) -> None:
        self.engine = engine
        self.callback = callback
        self.interval = interval
        self.ignore_desk = ignore_desk
        self.prune_every = prune_every
        self.listening = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_id = 0
        # PostgreSQL ids are handed out at insert but become visible at commit,
        # so a smaller id can appear after a bigger one: remember recent ids,
        # and the missing ones ("gaps": still committing, or rolled back) with
        # when they were first missed, to look back only as far as needed.
        self._recent: deque[int] = deque(maxlen=20_000)
        self._recent_set: set[int] = set()
        self._gaps: dict[int, float] = {}
        self._next_prune = time.monotonic() + (prune_every or 0)

    # public -------------------------------------------------------------
    def start(self) -> None:
        """Note the newest marker (earlier changes are not reported) and start the thread."""
        with self.engine.connect() as conn:
            self._last_id = latest_change_id(conn)
            if self.is_postgresql:
                # What was there before is not reported; ids missing from the
                # window may still be committing.
                window = self._last_id - LOOK_BACK
                for marker_id in conn.execute(select(_TABLE.c.id).where(_TABLE.c.id > window)).scalars():
                    self._remember(marker_id)
                self._note_gaps(max(0, window))
        self._thread = threading.Thread(target=self._run, name="waterguard-change-watcher", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the thread and wait for it (at most ``timeout`` seconds)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    @property
    def is_postgresql(self) -> bool:
        """Whether the watcher listens for notifications rather than polling."""
        return self.engine.dialect.name == "postgresql"

    # thread -------------------------------------------------------------
    def _run(self) -> None:
        while not self._stop.is_set():
            if self.is_postgresql:
                try:
                    self._listen()
                except Exception as exc:  # cannot listen: poll until it can again
                    log.warning("change watcher: not listening: %s", exc)
            try:
                self._poll_once()
            except Exception as exc:  # store unreachable: keep trying, the desk keeps working
                log.warning("change watcher: %s", exc)
            if not self._stop.is_set():
                self._maybe_prune()
                self._stop.wait(self.interval)

    def _maybe_prune(self) -> None:
        if self.prune_every is None or time.monotonic() < self._next_prune:
            return
        self._next_prune = time.monotonic() + self.prune_every
        try:
            with self.engine.begin() as conn:
                prune_changes(conn)
        except Exception as exc:  # a viewer's read-only connection, say
            log.info("change watcher: not pruning markers: %s", exc)
            self.prune_every = None

    def _poll_once(self) -> None:
        with self.engine.connect() as conn:
            if self.is_postgresql:
                # Ids may commit out of order: look back to the oldest gap
                # still waited for, and skip ids already reported.
                floor = min(self._gaps, default=self._last_id + 1) - 1
            else:
                # SQLite serialises writers, so ids appear in order.
                latest = latest_change_id(conn)
                if latest < self._last_id:
                    # The store was emptied and recreated (wipe): start over.
                    self._last_id = 0
                if latest <= self._last_id:
                    return
                floor = self._last_id
            rows = conn.execute(
                select(_TABLE.c.id, _TABLE.c.table_name, _TABLE.c.row_id, _TABLE.c.desk)
                .where(_TABLE.c.id > floor).order_by(_TABLE.c.id)
            ).all()
        self._deliver(rows)

    def _deliver(self, rows) -> None:
        changes = []
        previous = self._last_id
        for marker_id, table, row_id, desk in rows:
            if marker_id in self._recent_set or marker_id <= self._last_id - LOOK_BACK:
                continue
            self._remember(marker_id)
            self._gaps.pop(marker_id, None)
            self._last_id = max(self._last_id, marker_id)
            if desk != self.ignore_desk:
                changes.append(Change(table, row_id, desk))
        if self.is_postgresql:
            self._note_gaps(previous)
        else:
            # SQLite: in-order ids, nothing to remember beyond the last id.
            self._recent.clear()
            self._recent_set.clear()
        if changes:
            self.callback(changes)

    def _note_gaps(self, since: int) -> None:
        """Note ids in (since, last id] not seen yet; forget gaps waited on too long."""
        now = time.monotonic()
        for marker_id in range(max(since, self._last_id - LOOK_BACK) + 1, self._last_id + 1):
            if marker_id not in self._recent_set:
                self._gaps.setdefault(marker_id, now)
        for marker_id, since_t in list(self._gaps.items()):
            if now - since_t > GAP_WAIT_S or marker_id <= self._last_id - LOOK_BACK:
                del self._gaps[marker_id]

    def _remember(self, marker_id: int) -> None:
        if len(self._recent) == self._recent.maxlen:
            self._recent_set.discard(self._recent[0])
        self._recent.append(marker_id)
        self._recent_set.add(marker_id)

    def _listen(self) -> None:
        """LISTEN until stopped; on any error return to the poll loop (which retries)."""
        import psycopg

        with psycopg.connect(_conninfo(self.engine), autocommit=True, connect_timeout=5) as conn:
            conn.execute(f"LISTEN {CHANNEL}")
            self.listening.set()
            try:
                # Catch up on what committed while not listening.
                self._poll_once()
                while not self._stop.is_set():
                    # Wake on the first notice, then take whatever else queued
                    # up, and read the markers once for all of them.
                    if list(conn.notifies(timeout=self.interval, stop_after=1)):
                        list(conn.notifies(timeout=0.01, stop_after=10_000))
                        self._poll_once()
                    self._maybe_prune()
            finally:
                self.listening.clear()


def _conninfo(engine: Engine) -> str:
    """A libpq connection string for the engine's database (same user and password)."""
    from psycopg.conninfo import make_conninfo

    url = engine.url
    params = {k: v for k, v in url.query.items() if isinstance(v, str)}
    return make_conninfo(
        "", host=url.host, port=url.port, dbname=url.database, user=url.username, password=url.password, **params
    )
