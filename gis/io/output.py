"""Writing an output file whole or not at all.

A PDF, GeoPackage, table or HTML map is written under a temporary name beside
its target and renamed over it only once complete: a writer that fails, or a
process killed mid-write (kill -9), leaves the previous file as it was, never
half a file (a sheet printed again over this morning's copy stood broken after a
kill). The temporary name is fixed per target, so the next write clears what a
killed one left.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replacing(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; it replaces ``path`` when the block ends without error.

    The folder is created if needed. The temporary file keeps the target's suffix
    (writers that choose their format by it still do).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.stem}.part{path.suffix}")
    tmp.unlink(missing_ok=True)
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
