"""Store files built once per test session and copied for each test.

:func:`build_template` migrates a new SQLite file (and fills it, e.g. with the
demo), checkpoints the write-ahead log into the main file and closes every
connection, so the single ``.sqlite`` file is complete and can be copied with
:func:`shutil.copyfile`. :func:`open_copy` gives a test its own copy, opened the
way the program opens a store (``open_store``, which finds the schema current).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.engine import make_url


def build_template(path: Path, fill: Callable | None = None) -> Path:
    """Create, migrate and optionally ``fill(store)`` the store file at ``path``; returns ``path``."""
    from models.store import open_store

    store = open_store(f"sqlite:///{path}")
    try:
        if fill is not None:
            fill(store)
        with store.engine.connect() as conn:
            busy, _, _ = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
        if busy:
            raise RuntimeError(f"could not checkpoint the template store {path}")
    finally:
        store.dispose()
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists() and side.stat().st_size:
            raise RuntimeError(f"{side} is not empty after closing the template store")
    return path


def sqlite_path(url: str) -> Path:
    """The file of a ``sqlite:///…`` URL."""
    database = make_url(url).database
    if not database:
        raise ValueError(f"not a SQLite file URL: {url}")
    return Path(database)


def open_copy(template: Path, url: str, **kw):
    """Copy ``template`` to the file of ``url`` (which must not exist yet) and open it with ``open_store``."""
    from models.store import open_store

    target = sqlite_path(url)
    if target.exists():
        raise FileExistsError(f"{target} exists: a test store is copied only once")
    shutil.copyfile(template, target)
    return open_store(url, **kw)
