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
_DELETE_ORDER = ("valves", "water_sources", "pipes", "nodes")


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
                  rows: Mapping[str, Iterable[int]]) -> int:
    """Log an import and the ids it wrote per table; returns the log entry's id."""
    t = ImportLogEntry.__table__
    text = json.dumps({table: _ranges(ids) for table, ids in rows.items()}, sort_keys=True)
    result = conn.execute(t.insert().values(
        kind=kind, file_name=Path(path).name[:255], sha256=sha256, imported_at=time.time(),
        imported=int(imported), rows_json=text,
    ))
    return int(result.inserted_primary_key[0])


def remove_import(conn: Connection, entry_id: int) -> dict[str, int]:
    """Delete the rows an earlier import wrote and mark it replaced; returns the rows deleted per table."""
    t = ImportLogEntry.__table__
    rows = json.loads(conn.execute(select(t.c.rows_json).where(t.c.id == entry_id)).scalar_one() or "{}")
    order = [name for name in _DELETE_ORDER if name in rows] + [n for n in rows if n not in _DELETE_ORDER]
    deleted: dict[str, int] = {}
    for name in order:
        table: Table = Base.metadata.tables[name]
        spans = rows[name]
        if not spans:
            continue
        cond = or_(*(and_(table.c.id >= a, table.c.id <= b) for a, b in spans))
        deleted[name] = int(conn.execute(delete(table).where(cond)).rowcount or 0)
    conn.execute(t.update().where(t.c.id == entry_id).values(replaced_at=time.time()))
    return deleted
