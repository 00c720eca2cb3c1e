"""What a simulated patroller can reach in its shift, and the streets it needs for that.

A city's patrol team is given thousands of km of mains; in a day it covers
no more than speed × shift (a car at 6 m/s: ~520 km). The patrol simulator
(:mod:`demo.patrol_sim`) therefore plays, per team, only

* the lines it can reach (:func:`reachable_lines`): all of them when their
  length fits in its shift, else a compact cluster of them around a random
  one, a little more than the shift's length, grown by nearest distance; and
* the street graph of their neighbourhood only (:func:`neighbourhood`): the
  lines within a margin of that cluster and of straight corridors between its
  pieces, so the walk from one target to the next stays on the streets.

Its cost follows what the teams can cover, not the size of the network.
Lines are placed by one point each (the middle of their ends,
:class:`LinePoints`) on a grid of :data:`CELL_M` cells; everything is numpy
over the lines' vertex arrays (no geometry is built for the whole network).
A city's vertices come memory-mapped from the patrol cache; they are read
in pieces whose pages are handed back once read (:func:`subset_lines`), so the
simulator does not keep the whole file resident for the points it takes.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
import shapely

from gis.segment_lines import SegmentLines

#: A team that cannot cover all its lines patrols a cluster of about this many times the length it can travel in
#: its shift (a little more: part of the way is spent between its lines, and no day ends with nothing left to do).
REACH_FACTOR = 1.2
#: Grid cell size (m) that places lines in a neighbourhood.
CELL_M = 200.0
#: Margin, in cells, around a cluster and its corridors: the lines there carry the walks between targets.
MARGIN_CELLS = 2
#: A neighbourhood holding more than this share of the network takes the whole network (no saving there).
WHOLE_SHARE = 0.5
#: A network of at most this many lines is walked whole (a town: its graph costs a few MB, and a sparse town's
#: walks around a skipped area or between far posts take detours no margin foresees).
WHOLE_LINES = 10_000
#: Pieces of a cluster joined by corridors at most (beyond, the rest are reached by a drive: a jump).
MAX_PIECES = 1000

_BIAS = 1 << 30  # cell indices are clipped to ±2^29 and packed, biased, into one non-negative int64 key
_NO_CELL = -1  # key of a line without a point (an empty geometry)


def _mapped_rows(lines: SegmentLines, rows: np.ndarray, span: int = 1 << 18):
    """``rows`` (ascending) in pieces of at most ``span`` vertices apart; once a piece has been read,
    the vertex pages it took from a memory-mapped file are handed back (:func:`gis.mapped_pages.release`;
    they are re-read from the page cache if touched again), so reading a city's vertices never holds
    them all at once.
    """
    from gis.mapped_pages import release

    rows = np.asarray(rows, dtype=np.int64)
    starts = lines.offsets[rows]
    cut = np.flatnonzero(np.diff(starts // span)) + 1
    for piece in np.split(rows, cut) if len(rows) else []:
        yield piece
        release(lines.coords[lines.offsets[piece[0]]:lines.offsets[piece[-1] + 1]])


def subset_lines(lines: SegmentLines, rows: np.ndarray) -> SegmentLines:
    """:meth:`SegmentLines.subset` of ascending ``rows``, read piece by piece (:func:`_mapped_rows`)."""
    parts = [lines.subset(piece) for piece in _mapped_rows(lines, rows)]
    if not parts:
        return lines.subset(np.asarray(rows, dtype=np.int64))
    return SegmentLines.concat((p.coords, np.diff(p.offsets), p.lengths, p.other) for p in parts)


class LinePoints:
    """One point per line (the middle of its ends), its length and its grid cell: places lines cheaply.

    Parameters
    ----------
    lines
        A :class:`~gis.segment_lines.SegmentLines` (vertex arrays: nothing is copied) or an array of
        shapely lines (small networks, tests).
    """

    def __init__(self, lines) -> None:
        self.lines = lines if isinstance(lines, SegmentLines) else None
        self._geoms = None if self.lines is not None else np.asarray(lines, dtype=object)
        self.n = len(lines)

    @cached_property
    def lengths(self) -> np.ndarray:
        """Length of each line (m)."""
        if self.lines is not None:
            return self.lines.lengths
        return np.asarray(shapely.length(self._geoms), dtype="float64")

    @cached_property
    def xy(self) -> np.ndarray:
        """``(n, 2)``: the middle of each line's first and last vertex (NaN for an empty line)."""
        out = np.full((self.n, 2), np.nan)
        if self.lines is not None:
            sl = self.lines
            plain = np.flatnonzero(sl.plain)
            for rows in _mapped_rows(sl, plain):
                first, last = sl.offsets[rows], sl.offsets[rows + 1] - 1
                ok = last >= first
                rows, first, last = rows[ok], first[ok], last[ok]
                out[rows] = 0.5 * (sl.coords[first] + sl.coords[last])
            other = {int(k): g for k, g in sl.other.items()}
        else:
            other = dict(enumerate(self._geoms))
        if other:
            keys = np.fromiter(other, dtype=np.int64, count=len(other))
            geoms = np.array([other[int(k)] for k in keys], dtype=object)
            good = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
            if good.any():
                # A line's ends; a multi-part line: the ends of its extent (one point is all that is needed).
                coords, owner = shapely.get_coordinates(geoms[good], return_index=True)
                n = int(good.sum())
                starts = np.searchsorted(owner, np.arange(n), side="left")
                stops = np.searchsorted(owner, np.arange(n), side="right") - 1
                out[keys[good]] = 0.5 * (coords[starts] + coords[stops])
        return out

    @cached_property
    def cells(self) -> np.ndarray:
        """Grid cell key of each line's point (:data:`_NO_CELL` for none)."""
        ok = np.isfinite(self.xy).all(axis=1)
        keys = np.full(self.n, _NO_CELL, dtype=np.int64)
        ij = _cell_ij(self.xy[ok])
        keys[ok] = _pack(ij[:, 0], ij[:, 1])
        return keys


def _cell_ij(xy: np.ndarray) -> np.ndarray:
    """Integer cell indices of metric points (clipped: a point far away never overflows)."""
    return np.clip(np.floor(xy / CELL_M), -(_BIAS >> 1), _BIAS >> 1).astype(np.int64)


def _pack(i: np.ndarray, j: np.ndarray) -> np.ndarray:
    return ((i + _BIAS) << 31) | (j + _BIAS)


def reachable_lines(points: LinePoints, targets: np.ndarray, reach_m: float, skip_fraction: float,
                    rng: np.random.Generator) -> np.ndarray:
    """The lines of ``targets`` a team plays: all of them, or the compact cluster it can reach.

    Parameters
    ----------
    points
        The network's :class:`LinePoints`.
    targets
        The team's lines (indices into the network).
    reach_m
        Length of lines it can cover in its shift.
    skip_fraction
        Share of what it plays that it then skips (the cluster is that much bigger, so the rest still fills its day).
    rng
        Draws the cluster's centre, only when the team cannot cover all its lines.

    Returns
    -------
    numpy.ndarray
        ``targets`` itself when their length, less the skipped share, fits in ``reach_m``; else, in
        ascending order, the targets nearest a random one of them (by their points) whose lengths add up to
        ``reach_m / (1 - skip_fraction)``.
    """
    targets = np.asarray(targets, dtype=np.int64)
    keep = max(1.0 - skip_fraction, 1e-6)
    lengths = points.lengths[targets]
    if len(targets) == 0 or float(lengths.sum()) * keep <= reach_m:
        return targets
    xy = points.xy[targets]
    placed = np.isfinite(xy).all(axis=1)
    centre = xy[rng.choice(np.flatnonzero(placed))] if placed.any() else None
    if centre is None:
        return targets
    d = np.where(placed, np.hypot(xy[:, 0] - centre[0], xy[:, 1] - centre[1]), np.inf)
    order = np.argsort(d, kind="stable")
    k = int(np.searchsorted(np.cumsum(lengths[order]), reach_m / keep)) + 1
    return np.sort(targets[order[:k]])


def _dilate(keys: np.ndarray, cells: int) -> np.ndarray:
    """Cell keys within ``cells`` cells (Chebyshev) of ``keys``, unique."""
    i, j = keys >> 31, keys & ((1 << 31) - 1)
    r = np.arange(-cells, cells + 1)
    di, dj = np.meshgrid(r, r, indexing="ij")
    return np.unique(((i[:, None] + di.ravel()) << 31) | (j[:, None] + dj.ravel()))


def _pieces(keys: np.ndarray) -> np.ndarray:
    """Connected piece of each (sorted, unique) cell key, cells touching at a side or a corner."""
    from scipy import sparse
    from scipy.sparse import csgraph

    n = len(keys)
    src, dst = [], []
    for di, dj in ((1, 0), (0, 1), (1, 1), (1, -1)):
        nb = keys + ((di << 31) + dj)
        at = np.minimum(np.searchsorted(keys, nb), n - 1)
        hit = keys[at] == nb
        src.append(np.flatnonzero(hit))
        dst.append(at[hit])
    a, b = np.concatenate(src), np.concatenate(dst)
    m = sparse.coo_matrix((np.ones(len(a), dtype=np.int8), (a, b)), shape=(n, n))
    return csgraph.connected_components(m, directed=False)[1]


def _corridors(keys: np.ndarray) -> np.ndarray:
    """Cells along straight corridors joining the pieces of ``keys`` (a minimum spanning tree of them)."""
    from scipy.sparse import csgraph

    label = _pieces(keys)
    m = int(label.max()) + 1 if len(label) else 0
    if m < 2 or m > MAX_PIECES:
        return np.empty(0, dtype=np.int64)
    ij = np.column_stack([keys >> 31, keys & ((1 << 31) - 1)]).astype(np.float64)
    count = np.bincount(label, minlength=m)
    centre = np.column_stack([np.bincount(label, ij[:, 0], m), np.bincount(label, ij[:, 1], m)]) / count[:, None]
    dist = np.hypot(*(centre[:, None, :] - centre[None, :, :]).transpose(2, 0, 1)) + 1e-3  # 0 reads as no edge
    np.fill_diagonal(dist, 0.0)
    tree = csgraph.minimum_spanning_tree(dist).tocoo()
    out = []
    for p, q in zip(tree.row.tolist(), tree.col.tolist()):
        cp, cq = ij[label == p], ij[label == q]
        a = cp[np.argmin(np.hypot(*(cp - centre[q]).T))]  # the cell of p nearest q, and the cell of q nearest it
        b = cq[np.argmin(np.hypot(*(cq - a).T))]
        steps = int(np.ceil(np.hypot(*(b - a)) * 2)) + 1
        t = np.linspace(0.0, 1.0, steps)[:, None]
        line = np.rint(a + t * (b - a)).astype(np.int64)
        out.append((line[:, 0] << 31) | line[:, 1])
    return np.unique(np.concatenate(out)) if out else np.empty(0, dtype=np.int64)


def neighbourhood(points: LinePoints, lines: np.ndarray) -> np.ndarray:
    """The lines (ascending indices) a walk over ``lines`` needs: those within :data:`MARGIN_CELLS` cells of them
    or of the corridors between their pieces. Always includes ``lines``.
    """
    lines = np.asarray(lines, dtype=np.int64)
    keys = points.cells[lines]
    keys = np.unique(keys[keys != _NO_CELL])
    if len(keys) == 0:
        return np.unique(lines)
    area = _dilate(keys, MARGIN_CELLS)
    corridor = _corridors(area)
    if len(corridor):
        area = np.union1d(area, _dilate(corridor, MARGIN_CELLS))
    at = np.minimum(np.searchsorted(area, points.cells), len(area) - 1)  # area: sorted, unique
    near = area[at] == points.cells
    del at
    near[lines] = True
    return np.flatnonzero(near)
