"""Dropping the pages of read-only memory-mapped arrays from the process once a bulk pass is done.

The desk keeps a city's prepared arrays in files beside the store and maps them
(``np.load(mmap_mode="r")``, :class:`numpy.memmap`). A pass over a whole array
(loading a day's fixes, a bounds or coverage pass) faults every page in, and
every page then counts in the process's resident memory for the rest of the
day although the next views and live batches touch only a few of them.

:func:`release` gives the pages of such arrays (or slices of them) back:
``madvise(MADV_DONTNEED)`` on a read-only file-backed mapping unmaps them from
the process (``RssFile`` drops); the data stays in the file and in the page
cache, and a later touch is a cheap minor fault that maps the page again. Only
read-only mappings are released (a copy-on-write or writable mapping could hold
changes the file does not); anything else, and any platform without
``madvise``, is left as it is.
"""

from __future__ import annotations

import mmap

import numpy as np

PAGE = mmap.PAGESIZE


def _mapping(arr: np.ndarray) -> mmap.mmap | None:
    """The read-only :class:`mmap.mmap` under ``arr`` (following views to their base), or None."""
    seen = 0
    obj = arr
    while obj is not None and seen < 64:
        if isinstance(obj, np.memmap):
            mm = getattr(obj, "_mmap", None)
            if isinstance(mm, mmap.mmap):
                return mm if getattr(obj, "mode", None) == "r" else None
        if isinstance(obj, mmap.mmap):
            return obj if _read_only(obj) else None
        obj = getattr(obj, "base", None)
        seen += 1
    return None


def _read_only(mm: mmap.mmap) -> bool:
    try:  # an mmap opened for writing (or copy-on-write) gives a writable view
        with memoryview(mm) as view:
            return view.readonly
    except (ValueError, TypeError):  # closed
        return False


def _span(arr: np.ndarray) -> tuple[int, int] | None:
    """``(first, end)`` byte addresses of the memory ``arr`` views (strides of any sign)."""
    if arr.size == 0:
        return None
    lo = hi = arr.__array_interface__["data"][0]
    for n, s in zip(arr.shape, arr.strides):
        if s >= 0:
            hi += (n - 1) * s
        else:
            lo += (n - 1) * s
    return lo, hi + arr.itemsize


def mapped(arr) -> bool:
    """Whether ``arr`` lies in a read-only file mapping :func:`release` can give back."""
    return isinstance(arr, np.ndarray) and _mapping(arr) is not None


def release(*arrays) -> int:
    """Drop the resident pages of read-only memory-mapped ``arrays`` (or slices of them) from the process.

    Arrays that are not memory-mapped read-only (plain numpy arrays, None, a writable
    :class:`numpy.memmap`) are skipped. The arrays stay valid: a later read maps the
    pages again from the page cache (or the file). The whole pages the arrays touch
    are released, within their mapping.

    Returns
    -------
    int
        Bytes of address range advised (0 when nothing could be released).
    """
    done = 0
    for arr in arrays:
        if not isinstance(arr, np.ndarray):
            continue
        mm = _mapping(arr)
        span = _span(arr) if mm is not None else None
        if span is None or not hasattr(mm, "madvise"):
            continue
        try:
            base = np.frombuffer(mm, dtype=np.uint8).__array_interface__["data"][0]
        except (ValueError, TypeError):  # a closed or empty mapping
            continue
        lo = max(span[0] - (span[0] - base) % PAGE, base)  # whole pages, never outside the mapping
        hi = min(span[1], base + len(mm))
        if hi <= lo:
            continue
        try:
            mm.madvise(mmap.MADV_DONTNEED, lo - base, hi - lo)
        except (OSError, ValueError, AttributeError):
            continue
        done += hi - lo
    return done

