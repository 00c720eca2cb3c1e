"""Where the benchmarks keep the stores they build once (``$WG_BENCH_CACHE``, else a folder under the temp dir)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def cache_dir(default_name: str) -> Path:
    """``$WG_BENCH_CACHE`` if set, else ``$TMPDIR/<default_name>``; created."""
    path = Path(os.environ.get("WG_BENCH_CACHE") or Path(tempfile.gettempdir()) / default_name)
    path.mkdir(parents=True, exist_ok=True)
    return path
