"""Many lines kept as coordinate arrays, shapely geometries made only for the rows asked for.

A city's 500,000 pipes as shapely LineStrings cost several hundred MB of
Python and GEOS objects; their vertices as one float64 array cost ~50 MB. The
patrol session needs the lines' lengths and sample points for every pipe (both
numpy work on the vertices) but a geometry only for the few pipes a user
inspects or a patch outline takes. :class:`SegmentLines` keeps the vertices,
the per-line vertex offsets and lengths, and answers ``lines[i]`` /
``lines[rows]`` with geometries built on demand, so code written for an object
array of LineStrings keeps working.

Lines that are not plain LineStrings (MultiLineStrings, empties) are kept as
geometries as they are: there are few of them.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import shapely


class SegmentLines:
    """Lines as vertices (``coords``, ``offsets``) plus their ``lengths``; indexing gives geometries.

    Parameters
    ----------
    coords
        (n_vertices, 2) float64, the vertices of the plain lines, line after line.
    offsets
        (n + 1,) int64: line ``i``'s vertices are ``coords[offsets[i]:offsets[i + 1]]``.
    lengths
        (n,) float64, each line's length (as :func:`shapely.length` gives it).
    other
        Row → geometry for the rows that are not plain LineStrings (their offsets span no vertex).
    """

    def __init__(self, coords: np.ndarray, offsets: np.ndarray, lengths: np.ndarray,
                 other: dict[int, object] | None = None) -> None:
        self.coords = np.ascontiguousarray(coords, dtype="float64").reshape(-1, 2)
        self.offsets = np.asarray(offsets, dtype=np.int64)
        self.lengths = np.asarray(lengths, dtype="float64")
        self.other = dict(other or {})
        self.plain = np.ones(len(self.lengths), dtype=bool)
        if self.other:
            self.plain[np.fromiter(self.other, dtype=np.int64)] = False

    @classmethod
    def from_geoms(cls, geoms: np.ndarray) -> SegmentLines:
        """From an array of shapely lines (any geometry: non-LineStrings are kept as they are)."""
        return cls.concat([cls._part(np.asarray(geoms, dtype=object))])

    @staticmethod
    def _part(geoms: np.ndarray) -> tuple:
        lengths = np.asarray(shapely.length(geoms), dtype="float64") if len(geoms) else np.empty(0)
        plain = (shapely.get_type_id(geoms) == 1) & ~shapely.is_empty(geoms) if len(geoms) else np.empty(0, bool)
        coords, owner = shapely.get_coordinates(geoms[plain], return_index=True)
        counts = np.zeros(len(geoms), dtype=np.int64)
        counts[np.flatnonzero(plain)] = np.bincount(owner, minlength=int(plain.sum()))
        other = {int(i): geoms[i] for i in np.flatnonzero(~plain)}
        return coords, counts, lengths, other

    @classmethod
    def concat(cls, parts: Iterable[tuple]) -> SegmentLines:
        """Join parts made by :meth:`_part` (used to read a big table chunk by chunk)."""
        coords, counts, lengths, other, base = [], [], [], {}, 0
        for c, n, length, o in parts:
            coords.append(c)
            counts.append(n)
            lengths.append(length)
            other.update({base + k: v for k, v in o.items()})
            base += len(n)
        counts_all = np.concatenate(counts) if counts else np.empty(0, np.int64)
        offsets = np.concatenate([[0], np.cumsum(counts_all)]).astype(np.int64)
        return cls(np.concatenate(coords) if coords else np.empty((0, 2)), offsets,
                   np.concatenate(lengths) if lengths else np.empty(0), other)

    def __len__(self) -> int:
        return len(self.lengths)

    @property
    def shape(self) -> tuple[int]:
        return (len(self),)

    def release_pages(self) -> None:
        """Give back the pages of memory-mapped vertices a pass over every line read
        (:func:`gis.mapped_pages.release`; the lines stay usable, a no-op for lines in memory)."""
        from gis.mapped_pages import release

        release(self.coords, self.offsets)

    def take(self, rows: np.ndarray) -> np.ndarray:
        """The geometries of ``rows`` (an object array, built now)."""
        rows = np.arange(len(self))[rows] if not isinstance(rows, np.ndarray) or rows.dtype == bool else rows
        rows = np.asarray(rows, dtype=np.int64).reshape(-1)
        out = np.empty(len(rows), dtype=object)
        plain = self.plain[rows]
        if plain.any():
            r = rows[plain]
            n = self.offsets[r + 1] - self.offsets[r]
            idx = np.repeat(self.offsets[r] - np.cumsum(n) + n, n) + np.arange(int(n.sum()))
            out[plain] = shapely.linestrings(self.coords[idx], indices=np.repeat(np.arange(len(r)), n))
        for k in np.flatnonzero(~plain):
            out[k] = self.other[int(rows[k])]
        return out

    def subset(self, rows: np.ndarray) -> SegmentLines:
        """The lines ``rows`` as another :class:`SegmentLines` (vertices copied, no geometry built)."""
        rows = np.asarray(rows, dtype=np.int64)
        n = self.offsets[rows + 1] - self.offsets[rows]
        idx = np.repeat(self.offsets[rows] - np.cumsum(n) + n, n) + np.arange(int(n.sum()))
        other = {k: self.other[int(r)] for k, r in enumerate(rows) if not self.plain[r]}
        return SegmentLines(self.coords[idx], np.concatenate([[0], np.cumsum(n)]), self.lengths[rows], other)

    def __getitem__(self, key):
        if isinstance(key, (int, np.integer)):
            return self.take(np.array([int(key)]))[0]
        return self.take(key if isinstance(key, np.ndarray) else np.arange(len(self))[key])

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        """Every geometry (for code that needs the whole object array; builds all of them)."""
        return self.take(np.arange(len(self)))

    def interpolate(self, rows: np.ndarray, counts: np.ndarray, frac: np.ndarray) -> np.ndarray:
        """Points at ``frac`` (0–1) of the length of plain lines ``rows``; ``counts[i]`` fractions per row.

        The same arithmetic as ``gis.coverage._interpolate_lines`` on the geometries.
        """
        n = self.offsets[rows + 1] - self.offsets[rows]
        idx = np.repeat(self.offsets[rows] - np.cumsum(n) + n, n) + np.arange(int(n.sum()))
        owner = np.repeat(np.arange(len(rows)), n)
        from gis.coverage import _interpolate_coords

        return _interpolate_coords(self.coords[idx], owner, len(rows), counts, frac)


class Codes:
    """Many short strings (a city's pipe codes) as one UTF-8 buffer and offsets; indexing gives ``str``.

    500,000 codes as Python strings cost ~30 MB; here ~10 bytes each. ``codes[i]`` is a
    ``str`` (None for a missing code), ``codes[rows]`` an object array, iteration and
    :meth:`tolist` give strings, so code written for an object array keeps working.

    Parameters
    ----------
    blob
        uint8, the codes' UTF-8 bytes one after the other.
    offsets
        (n + 1,) int64: code ``i`` is ``blob[offsets[i]:offsets[i + 1]]``.
    missing
        (n,) bool or None: rows without a code.
    """

    def __init__(self, blob: np.ndarray, offsets: np.ndarray, missing: np.ndarray | None = None) -> None:
        self.blob = np.asarray(blob, dtype=np.uint8).reshape(-1)
        self.offsets = np.asarray(offsets, dtype=np.int64)
        self.missing = None if missing is None or not np.any(missing) else np.asarray(missing, dtype=bool)

    @classmethod
    def from_strings(cls, values: Iterable) -> Codes:
        """From strings (None or NaN: missing)."""
        encoded, missing = [], []
        for v in values:
            ok = isinstance(v, str)
            missing.append(not ok and (v is None or v != v))
            encoded.append((v if ok else "" if missing[-1] else str(v)).encode("utf-8"))
        sizes = np.fromiter((len(b) for b in encoded), dtype=np.int64, count=len(encoded))
        blob = np.frombuffer(b"".join(encoded), dtype=np.uint8)
        return cls(blob, np.concatenate([[0], np.cumsum(sizes)]), np.array(missing, dtype=bool))

    @classmethod
    def concat(cls, parts: Iterable[Codes]) -> Codes:
        """Join several columns, in order."""
        parts = list(parts)
        if not parts:
            return cls(np.empty(0, np.uint8), np.zeros(1, np.int64))
        base = np.cumsum([0, *[len(p.blob) for p in parts[:-1]]])
        offsets = np.concatenate([[0], *[p.offsets[1:] + b for p, b in zip(parts, base)]])
        missing = (np.concatenate([p.missing if p.missing is not None else np.zeros(len(p), bool) for p in parts])
                   if any(p.missing is not None for p in parts) else None)
        return cls(np.concatenate([p.blob for p in parts]), offsets, missing)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    @property
    def shape(self) -> tuple[int]:
        return (len(self),)

    def _one(self, i: int) -> str | None:
        if self.missing is not None and self.missing[i]:
            return None
        return self.blob[self.offsets[i]:self.offsets[i + 1]].tobytes().decode("utf-8")

    def __getitem__(self, key):
        if isinstance(key, (int, np.integer)):
            n = len(self)
            if not -n <= key < n:
                raise IndexError(f"code {key} out of {n}")
            return self._one(int(key) % n)
        rows = np.arange(len(self))[key]
        out = np.empty(len(rows), dtype=object)
        for k, i in enumerate(rows.tolist()):
            out[k] = self._one(i)
        return out

    def __iter__(self):
        return (self._one(i) for i in range(len(self)))

    def tolist(self) -> list:
        return list(self)

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        """Every code as an object array (builds all the strings)."""
        return self[np.arange(len(self))]


def line_lengths(coords: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Lengths of lines given as vertices (``counts[i]`` vertices of line ``i``, one after the other).

    The same sum as GEOS's (what :func:`shapely.length` gives): per line,
    ``sqrt(dx*dx + dy*dy)`` of each segment added in order, so the values are
    bit-identical, without making a geometry per line (a city's 500,000 lines:
    ~0.4 s instead of ~1 s and a chunk of shapely objects). The k-th segments
    of all lines that have one are added together, k = 0, 1, 2 …
    """
    coords = np.asarray(coords, dtype=np.float64)
    counts = np.asarray(counts, dtype=np.int64)
    out = np.zeros(len(counts))
    nseg = np.maximum(counts - 1, 0)
    if not len(counts) or not nseg.any():
        return out
    starts = np.cumsum(counts) - counts
    order = np.argsort(-nseg, kind="stable")  # most segments first
    desc = -nseg[order]
    for k in range(int(nseg.max())):
        rows = order[:int(np.searchsorted(desc, -k, side="left"))]  # the lines with more than k segments
        a = starts[rows] + k
        dx = coords[a + 1, 0] - coords[a, 0]
        dy = coords[a + 1, 1] - coords[a, 1]
        out[rows] += np.sqrt(dx * dx + dy * dy)
    return out
