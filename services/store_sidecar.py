"""Folders kept beside a store file, and the identity of its pipes that keys what they hold.

The map (``<store>.mapcache/``) and the patrol day (``<store>.patrolcache/``)
keep prepared arrays beside an SQLite store; both are keyed by the same
identity of the stored pipes, so another desk's edit (a new change marker), a
replaced file (other rows or ids) makes them rebuild. Server stores have no
file beside which to keep anything.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Connection, Engine, func, select


def sidecar_folder(engine: Engine, suffix: str, name: str) -> Path | None:
    """``<store file><suffix>/<name>`` (e.g. ``.mapcache``), or None for server and in-memory stores."""
    url = engine.url
    database = url.database or ""
    if database.startswith("file:"):  # a read-only desk opens the file as an SQLite URI
        database = database[len("file:"):].split("?", 1)[0]
    if url.get_backend_name() != "sqlite" or not database or database == ":memory:" or "mode=memory" in str(url):
        return None
    path = Path(database)
    return path.with_name(path.name + suffix) / name


def pipes_identity(conn: Connection) -> dict:
    """The stored pipes' newest change marker, row count and newest id."""
    from models.audit import StoreChange
    from models.kinds import FEATURE_KINDS

    t = FEATURE_KINDS["pipes"].table
    changes = StoreChange.__table__
    marker = conn.execute(select(func.max(changes.c.id)).where(changes.c.table_name == t.name)).scalar()
    rows, newest = conn.execute(select(func.count(), func.max(t.c.id)).select_from(t)).one()
    return {"marker": marker, "rows": int(rows), "newest": newest}


def process_alive(pid_text: str) -> bool:
    """Whether process ``pid_text`` runs on this machine (a cache folder's writer); unknown counts as alive."""
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return False
    except (ValueError, OSError):
        return True
    return True


def remove_dead_temporaries(folder: Path) -> None:
    """Remove the ``.<name>.<pid>.<random>.tmp`` folders beside ``folder`` whose writer is gone (killed while it
    wrote: a build child ended with the desk); a running writer's stay."""
    import shutil

    for d in folder.parent.glob(f".{folder.name}.*.tmp"):
        parts = d.name.split(".")
        if len(parts) >= 5 and parts[-3].isdigit() and not process_alive(parts[-3]):
            shutil.rmtree(d, ignore_errors=True)
