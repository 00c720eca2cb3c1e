"""Handing memory a big computation freed back to the system.

glibc keeps what a worker thread freed in that thread's arena: after reading a
city's 500,000 pipes, building its map cache or a whole day's coverage, the
desk would carry hundreds of MB it no longer uses for the rest of the day.
``malloc_trim`` returns them. A no-op where there is no glibc.
"""

from __future__ import annotations

_libc = None


def glibc():
    """The C library as a ``ctypes.CDLL`` (loaded once), or None where there is no ``libc.so.6``."""
    global _libc
    if _libc is None:
        try:
            import ctypes

            _libc = ctypes.CDLL("libc.so.6")
        except OSError:
            _libc = False
    return _libc or None


def release_freed_memory() -> None:
    """Give the memory freed so far back to the system (glibc's ``malloc_trim``; no-op elsewhere)."""
    trim = getattr(glibc(), "malloc_trim", None)
    if trim is not None:
        trim(0)
