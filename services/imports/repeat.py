"""Is this file already in the store? The import log, and replacing an earlier import.

A file is known by the SHA-256 of its bytes and the import kind, whatever its
name or folder. :func:`find_repeat` returns the earlier, still-standing import
of the same content; :func:`remove_import` deletes the rows it wrote (for
``--on-repeat replace``), inside the caller's transaction; :func:`record_import`
logs a new one with its rows as id ranges per table.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
from sqlalchemy import Connection, Table, and_, delete, func, or_, select

from models.base import Base
from models.import_log import ImportLogEntry

#: What to do when the same file was imported before as the same kind.
ON_REPEAT = ("skip", "replace", "add")
#: Deletion order of an import's rows: what refers to others first.
_DELETE_ORDER = ("valves", "hydrants", "water_sources", "pipes", "nodes")
#: The import log's key for the earlier values of rows the import changed.
_UNDO = "_undo"
#: Network rows that refer to nodes and pipes (nullable: a row left without one is snapped again).
_NETWORK_REFS = {
    "nodes": (("pipes", "from_node_id"), ("pipes", "to_node_id"), ("valves", "node_id"), ("hydrants", "node_id"),
              ("water_sources", "node_id")),
    "pipes": (("valves", "pipe_id"),),
}


def file_sha256(path: str | Path) -> str:
    """The SHA-256 of a file's bytes (hex)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def content_key(path: str | Path, layer: str | None = None) -> str:
    """What identifies an import's content: the file's SHA-256, and the layer when one was chosen."""
    sha = file_sha256(path)
    return sha if not layer else hashlib.sha256(f"{sha}|{layer}".encode()).hexdigest()


def find_repeat(conn: Connection, kind: str, sha256: str) -> dict | None:
    """The newest standing import of the same content as ``kind``, or None.

    Returns
    -------
    dict or None
        ``{"id", "file_name", "imported_at" (ISO text, UTC), "imported"}``.
    """
    t = ImportLogEntry.__table__
    row = conn.execute(
        select(t.c.id, t.c.file_name, t.c.imported_at, t.c.imported)
        .where(t.c.kind == kind, t.c.sha256 == sha256, t.c.replaced_at.is_(None))
        .order_by(t.c.id.desc())
    ).first()
    if row is None:
        return None
    when = dt.datetime.fromtimestamp(row.imported_at, dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return {"id": row.id, "file_name": row.file_name, "imported_at": when, "imported": row.imported}


def _ranges(ids: Iterable[int]) -> list[list[int]]:
    arr = np.unique(np.asarray(list(ids), dtype=np.int64))
    if not len(arr):
        return []
    breaks = np.flatnonzero(np.diff(arr) != 1)
    starts = np.r_[arr[0], arr[breaks + 1]]
    ends = np.r_[arr[breaks], arr[-1]]
    return [[int(a), int(b)] for a, b in zip(starts, ends, strict=True)]


def max_id(conn: Connection, table: str) -> int:
    """The highest id in ``table`` (0 when empty): taken before an append to know its rows after."""
    t: Table = Base.metadata.tables[table]
    return int(conn.execute(select(func.coalesce(func.max(t.c.id), 0))).scalar_one())


def ids_since(conn: Connection, table: str, after: int) -> list[int]:
    """The ids in ``table`` above ``after`` (the rows this transaction appended)."""
    t: Table = Base.metadata.tables[table]
    return [int(i) for i in conn.execute(select(t.c.id).where(t.c.id > after)).scalars()]


def record_import(conn: Connection, kind: str, path: str | Path, sha256: str, imported: int,
                  rows: Mapping[str, Iterable[int]], undo: Mapping[str, dict] | None = None) -> int:
    """Log an import and the ids it wrote per table; returns the log entry's id.

    ``undo`` holds the earlier values of rows stored before that the import
    changed (topology snapping: split pipes, valves put on the network), as
    ``connect_network`` collects them; replacing the import restores them.
    """
    t = ImportLogEntry.__table__
    written = {table: _ranges(ids) for table, ids in rows.items()}
    if undo:
        written[_UNDO] = dict(undo)
    text = json.dumps(written, sort_keys=True)
    result = conn.execute(t.insert().values(
        kind=kind, file_name=Path(path).name[:255], sha256=sha256, imported_at=time.time(),
        imported=int(imported), rows_json=text,
    ))
    return int(result.inserted_primary_key[0])


def _restore(conn: Connection, undo: Mapping[str, dict]) -> None:
    """Put back the values rows had before the import changed them (split pipes get their whole line again)."""
    for key, values in undo.items():
        name, _, row_id = key.partition(":")
        table: Table = Base.metadata.tables[name]
        vals = {k: (bytes.fromhex(v) if k == "geom" and v is not None else v) for k, v in values.items()}
        conn.execute(table.update().where(table.c.id == int(row_id)).values(**vals))


def _with_split_pieces(conn: Connection, rows: dict[str, list[list[int]]], entry_id: int) -> None:
    """Add to ``rows`` the pieces later imports split off its pipes, and the nodes those cuts made.

    A later import's valve in the middle of one of these pipes cut it in two;
    the piece and the cut's node belong to the pipe, so they go with it (the
    valve is left off the network and snapped again to the new pipes).
    """
    spans = rows.get("pipes")
    if not spans:
        return
    t = ImportLogEntry.__table__
    logs = {int(i): json.loads(text or "{}") for i, text in conn.execute(
        select(t.c.id, t.c.rows_json).where(t.c.id != entry_id, t.c.replaced_at.is_(None)))}
    lineage: dict[int, tuple[int, int, int]] = {}  # piece → (parent, cut node, log entry)
    for log_id, logged in logs.items():
        for key, v in logged.get(_UNDO, {}).items():
            if key.startswith("split:"):
                lineage[int(key[6:])] = (int(v["parent"]), int(v["cut_node"]), log_id)
    if not lineage:
        return
    gone = {i for a, b in spans for i in range(a, b + 1)}
    pieces: set[int] = set()
    nodes: set[int] = set()
    grew = True
    while grew:  # a piece can be cut again
        grew = False
        for piece, (parent, node, _log) in lineage.items():
            if piece not in pieces and (parent in gone or parent in pieces):
                pieces.add(piece)
                nodes.add(node)
                grew = True
    if not pieces:
        return
    rows["pipes"] = _ranges([*gone, *pieces])
    rows["nodes"] = _ranges([i for a, b in rows.get("nodes", []) for i in range(a, b + 1)] + list(nodes))
    # The imports that made those pieces no longer own them (their ids may be reused).
    for log_id in {lineage[p][2] for p in pieces}:
        logged = logs[log_id]
        for table, drop in (("pipes", pieces), ("nodes", nodes)):
            if logged.get(table):
                logged[table] = _ranges(i for a, b in logged[table] for i in range(a, b + 1) if i not in drop)
        undo = logged.get(_UNDO, {})
        for p in pieces:
            undo.pop(f"split:{p}", None)
            undo.pop(f"pipes:{p}", None)
        conn.execute(t.update().where(t.c.id == log_id).values(rows_json=json.dumps(logged, sort_keys=True)))


def _forget_in_others(conn: Connection, rows: Mapping[str, list[list[int]]], entry_id: int) -> None:
    """Other imports' earlier values of rows about to go are dropped: those ids may be reused by new rows."""
    t = ImportLogEntry.__table__
    gone = {name: {i for a, b in spans for i in range(a, b + 1)} for name, spans in rows.items() if spans}
    for log_id, text in conn.execute(select(t.c.id, t.c.rows_json).where(t.c.id != entry_id,
                                                                         t.c.replaced_at.is_(None))).all():
        logged = json.loads(text or "{}")
        undo = logged.get(_UNDO)
        if not undo:
            continue
        stale = [k for k in undo if not k.startswith("split:") and int(k.partition(":")[2]) in
                 gone.get(k.partition(":")[0], ())]
        if stale:
            for k in stale:
                del undo[k]
            conn.execute(t.update().where(t.c.id == log_id).values(rows_json=json.dumps(logged, sort_keys=True)))


def _span(column, spans: list[list[int]]):
    return or_(*(and_(column >= a, column <= b) for a, b in spans))


def _detach(conn: Connection, rows: Mapping[str, list[list[int]]]) -> None:
    """Rows of other imports that hang on the nodes and pipes about to go lose that link (snapped again later)."""
    for target, refs in _NETWORK_REFS.items():
        spans = rows.get(target)
        if not spans:
            continue
        for name, column in refs:
            table: Table = Base.metadata.tables[name]
            conn.execute(table.update().where(_span(table.c[column], spans)).values({column: None}))


def remove_import(conn: Connection, entry_id: int) -> dict[str, int]:
    """Delete the rows an earlier import wrote and mark it replaced; returns the rows deleted per table."""
    t = ImportLogEntry.__table__
    rows = json.loads(conn.execute(select(t.c.rows_json).where(t.c.id == entry_id)).scalar_one() or "{}")
    _restore(conn, {k: v for k, v in rows.pop(_UNDO, {}).items() if not k.startswith("split:")})
    _with_split_pieces(conn, rows, entry_id)
    _forget_in_others(conn, rows, entry_id)
    _detach(conn, rows)
    order = [name for name in _DELETE_ORDER if name in rows] + [n for n in rows if n not in _DELETE_ORDER]
    deleted: dict[str, int] = {}
    for name in order:
        table: Table = Base.metadata.tables[name]
        spans = rows[name]
        if not spans:
            continue
        cond = _span(table.c.id, spans)
        deleted[name] = int(conn.execute(delete(table).where(cond)).rowcount or 0)
    conn.execute(t.update().where(t.c.id == entry_id).values(replaced_at=time.time()))
    return deleted
