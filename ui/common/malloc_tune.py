"""How the desk's C allocator (glibc malloc) holds memory: fewer per-thread arenas.

glibc gives each thread that allocates at the same time as another its own arena (up to
8 × cores), and an arena keeps what its thread freed for that thread's next
allocations. The desk's many worker threads (map loading, patrol feed, simulators,
store watch, meeting coverage) each kept their own high-water mark. Capping the
arenas makes the threads share and reuse the freed memory; with Python's lock held
around nearly every allocation, the threads hardly ever contend for an arena.

Measured with ``tests/bench/desk_memory.py`` and ``tests/bench/city.py`` (set
``MALLOC_ARENA_MAX`` to compare: the environment's value is then left as it is).
"""

from __future__ import annotations

import os
import sys

from services.process_memory import glibc

M_ARENA_MAX = -8  # mallopt's parameter number in glibc's malloc.h

#: Arenas for the whole process (the main one included).
DESK_ARENAS = 2


def limit_malloc_arenas(arenas: int = DESK_ARENAS) -> bool:
    """Cap glibc's malloc arenas (call before the worker threads start); False where not glibc.

    ``MALLOC_ARENA_MAX`` in the environment wins (set it to experiment).
    """
    if not sys.platform.startswith("linux") or os.environ.get("MALLOC_ARENA_MAX"):
        return False
    mallopt = getattr(glibc(), "mallopt", None)
    return mallopt is not None and bool(mallopt(M_ARENA_MAX, int(arenas)))
