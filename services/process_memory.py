"""Handing memory a big computation freed back to the system.

glibc keeps what a worker thread freed in that thread's arena: after reading a
city's 500,000 pipes, building its map cache or a whole day's coverage, the
desk would carry hundreds of MB it no longer uses for the rest of the day.
``malloc_trim`` returns them. A no-op where there is no glibc.
"""

from __future__ import annotations

_malloc_trim = None


def release_freed_memory() -> None:
    """Give the memory freed so far back to the system (glibc's ``malloc_trim``; no-op elsewhere)."""
    global _malloc_trim
    if _malloc_trim is None:
        try:
            import ctypes

            _malloc_trim = ctypes.CDLL("libc.so.6").malloc_trim
        except (OSError, AttributeError):
            _malloc_trim = False
    if _malloc_trim:
        _malloc_trim(0)
