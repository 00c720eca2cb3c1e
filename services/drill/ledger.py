"""Which rows a drill wrote, so the store can tell a drill from the real event and wipe it.

:func:`track` makes a session record every row it inserts (table and id) in
``drill_rows`` in the same flush; positions and track points are the drill's
by their device ids (``drill_devices``). :func:`wipe` deletes them, newest
first, in one transaction, and never a row the drill did not write.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import delete, event, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models.audit import StoreChange
from models.base import Base, utcnow
from models.drill import DrillDevice, DrillRow, DrillRun
from models.patrol import TrackPoint
from models.repair import Position

#: Tables a drill's flushes are not ledgered for: change markers must never go
#: backwards (desks watch their max id), and the ledger does not list itself.
UNTRACKED = frozenset({"store_changes", "drill_rows", "drill_devices", "drill_runs"})


class DrillError(ValueError):
    """A drill cannot be set up, run or wiped; the message says why."""


def write_lock(session: Session) -> None:
    """Make a write the session's first statement, so it waits for the store's write lock.

    On SQLite (WAL) a transaction that reads first and writes later fails at
    once with "database is locked" when another connection (the feed's writer,
    a desk) committed in between; a write as the first statement waits for the
    lock (busy timeout) instead. Harmless elsewhere.
    """
    session.execute(update(DrillRun).where(DrillRun.id == -1).values(status=DrillRun.status))


def track(session: Session, run_id: int) -> None:
    """Ledger every row ``session`` inserts from now on under drill ``run_id``."""

    def after_flush(sess: Session, _context) -> None:
        rows = []
        for obj in sess.new:
            table = getattr(obj, "__tablename__", None)
            if table is None or table in UNTRACKED:
                continue
            pk = getattr(obj, "id", None)
            if pk is not None:
                rows.append({"run_id": run_id, "table_name": table, "row_id": int(pk)})
        if rows:
            sess.connection().execute(insert(DrillRow.__table__), rows)

    event.listen(session, "after_flush", after_flush)


def add_devices(session: Session, run_id: int, devices: list[str]) -> None:
    """Record the drill's device ids (their positions and track points are the drill's)."""
    if devices:
        session.execute(insert(DrillDevice.__table__), [{"run_id": run_id, "device": d} for d in devices])


def active_run(session: Session) -> DrillRun | None:
    """The newest drill not yet wiped (the store is "in a drill" while there is one)."""
    return session.scalars(select(DrillRun).order_by(DrillRun.id.desc()).limit(1)).first()


def runs(session: Session) -> list[DrillRun]:
    """Every drill not yet wiped, oldest first."""
    return list(session.scalars(select(DrillRun).order_by(DrillRun.id)))


def run_of_day(session: Session, day: dt.date) -> DrillRun | None:
    """The newest unwiped drill that simulated ``day`` (None: the day is the real event's)."""
    return session.scalars(select(DrillRun).where(DrillRun.day == day.isoformat())
                           .order_by(DrillRun.id.desc()).limit(1)).first()


def drill_devices(session: Session, run_id: int | None = None) -> set[str]:
    """Device ids of one drill (or of every unwiped drill)."""
    stmt = select(DrillDevice.device)
    if run_id is not None:
        stmt = stmt.where(DrillDevice.run_id == run_id)
    return set(session.scalars(stmt))


def wipe(store, run_id: int | None = None, tr=lambda text: text) -> dict:
    """Delete one drill's rows (default: every unwiped drill) in one transaction.

    Returns
    -------
    dict
        ``{"runs": [codes], "rows": {table: n}, "positions": n, "track_points": n}``.

    Raises
    ------
    DrillError
        When there is no such drill.
    """
    tables = Base.metadata.tables
    counts: dict[str, int] = {}
    with store.session() as s:
        write_lock(s)
        stmt = select(DrillRun).order_by(DrillRun.id)
        if run_id is not None:
            stmt = stmt.where(DrillRun.id == run_id)
        targets = list(s.scalars(stmt))
        if not targets:
            raise DrillError(tr("There is no drill to wipe.") if run_id is None
                             else tr("There is no drill {0}.").format(run_id))
        ids = [r.id for r in targets]
        codes = [r.code for r in targets]
        devices = sorted(set(s.scalars(select(DrillDevice.device).where(DrillDevice.run_id.in_(ids)))))
        conn = s.connection()
        positions = track_points = 0
        for chunk in (devices[i:i + 500] for i in range(0, len(devices), 500)):
            positions += conn.execute(delete(Position.__table__).where(Position.__table__.c.device.in_(chunk))).rowcount or 0
            track_points += conn.execute(
                delete(TrackPoint.__table__).where(TrackPoint.__table__.c.device.in_(chunk))).rowcount or 0
        ledger = conn.execute(select(DrillRow.table_name, DrillRow.row_id).where(DrillRow.run_id.in_(ids))
                              .order_by(DrillRow.id.desc())).all()
        # Newest first: children (milestones, notifications, members) go before their parents.
        groups: list[tuple[str, list[int]]] = []
        for table, row in ledger:
            if groups and groups[-1][0] == table:
                groups[-1][1].append(row)
            else:
                groups.append((table, [row]))
        _detach_dependents(conn, tables, by_table_of(ledger), counts)
        try:
            for table, rows in groups:
                t = tables.get(table)
                if t is None:
                    continue
                n = 0
                for i in range(0, len(rows), 500):
                    n += conn.execute(delete(t).where(t.c.id.in_(rows[i:i + 500]))).rowcount or 0
                counts[table] = counts.get(table, 0) + n
        except IntegrityError as exc:
            s.rollback()
            raise DrillError(tr("The drill cannot be wiped: a row of the real event refers to one of its rows "
                                "({0}). Nothing was deleted.").format(str(exc.orig).splitlines()[0])) from None
        conn.execute(delete(DrillDevice.__table__).where(DrillDevice.run_id.in_(ids)))
        conn.execute(delete(DrillRow.__table__).where(DrillRow.run_id.in_(ids)))
        conn.execute(delete(DrillRun.__table__).where(DrillRun.id.in_(ids)))
        s.add(StoreChange(table_name="drill_runs", row_id=None, desk="drill"))
        s.commit()
    return {"runs": codes, "rows": counts, "positions": int(positions), "track_points": int(track_points)}


#: Rows of other writers that are about a drill's row go with it (an overrun message a desk
#: queued for a drill's repair); any other reference to a drill's row is cleared (set to NULL).
DEPENDENT_DELETE = frozenset({"notifications", "action_followups", "positions", "track_points", "people", "shifts"})


def by_table_of(ledger) -> dict[str, list[int]]:
    """Ledger rows ``(table, id)`` grouped by table."""
    out: dict[str, list[int]] = {}
    for table, row in ledger:
        out.setdefault(table, []).append(int(row))
    return out


def _detach_dependents(conn, tables, drill_rows: dict[str, list[int]], counts: dict[str, int]) -> None:
    """Delete (or un-link) rows not written by the drill that refer to rows it wrote."""
    for table in tables.values():
        for fk in table.foreign_keys:
            parent = fk.column.table.name
            ids = drill_rows.get(parent)
            if not ids or fk.column.name != "id":
                continue
            col = fk.parent
            mine = set(drill_rows.get(table.name, ()))
            for i in range(0, len(ids), 500):
                cond = col.in_(ids[i:i + 500])
                if mine:
                    cond = cond & table.c.id.not_in(sorted(mine))
                if table.name in DEPENDENT_DELETE:
                    n = conn.execute(delete(table).where(cond)).rowcount or 0
                    if n:
                        counts[table.name] = counts.get(table.name, 0) + n
                elif col.nullable:
                    conn.execute(update(table).where(cond).values({col.name: None}))


def next_code(session: Session) -> str:
    """A new drill code, ``DR<n>``."""
    n = session.scalar(select(func.count()).select_from(DrillRun)) or 0
    taken = set(session.scalars(select(DrillRun.code)))
    while f"DR{n + 1}" in taken:
        n += 1
    return f"DR{n + 1}"


def finish(session: Session, run: DrillRun, status: str, sim_until: float, summary: dict) -> None:
    """Record how a drill ended (the caller commits)."""
    run.status = status
    run.finished_at = utcnow()
    run.sim_until = sim_until
    run.summary_json = json.dumps(summary, ensure_ascii=False, default=str)
