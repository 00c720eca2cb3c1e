"""Patrol coverage (巡检覆盖率) of DESIGN.md §1, full and incremental.

Definitions. A requirement with interval ``T`` has windows ``[k·T, (k+1)·T)``
from the day's anchor (local midnight). A segment is covered in a window when at
least ``F`` of its length lies within ``D`` of an eligible team's track in that
window, the track being the lines between consecutive fixes. The ratio is the
covered required length over the required length.

How. Every required segment is cut into equal pieces of about ``step_m`` and
represented by their midpoints (*samples*); a segment's covered fraction is the
share of its samples within ``D`` of a track line. Samples sit in a dense grid
hash (cells of about ``D``), so the samples near a track line are found with a
few array operations per batch of lines, and the distance test is the exact
point-to-segment distance. Track lines are cut at every window boundary of every
requirement (*slots*), so a line belongs to exactly one window of each
requirement. Visits are kept as one bit per (sample, slot) and per
eligibility group (same team kinds and same ``D``), for the samples of the
group's own segments only; a segment's covered flag is
recomputed only for segments a new batch touched. That is what makes the live
update cheap: 1,000 new fixes touch a few hundred segments, not the day.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from gis.requirements import Requirement
from gis.tracks_clean import CleanParams, CleanReport, Tracks, clean_fixes

DAY_S = 86_400.0
#: Lines sampled per slice (:func:`sample_segments` of vertex arrays); smaller networks in one go.
SAMPLE_CHUNK = 100_000
#: Samples per slice when a batch's flags or the last visits are recomputed (bounds their temporaries).
REFRESH_SAMPLES = 250_000
#: Grid positions one slice of a batch's track pieces may span on memory-mapped samples (its pages are
#: given back after it: see :meth:`CoverageState.add_tracks`); ~12 MB of the samples' files.
MAPPED_SPAN = 500_000


def _stretches(at: np.ndarray, span: int, most: int) -> list[int]:
    """Starts of slices of the ascending ``at`` each spanning less than ``span`` and holding at most ``most``."""
    cuts = [0]
    while True:
        lo = cuts[-1]
        hi = min(int(np.searchsorted(at, at[lo] + span, side="left")), lo + most)
        if hi >= len(at):
            return cuts
        cuts.append(max(hi, lo + 1))


def _sample_slices(counts: np.ndarray, limit: int | None = None) -> list[tuple[int, int]]:
    """``(lo, hi)`` row ranges of ``counts`` (samples per row) of about ``limit`` samples each
    (whole rows; a row with more samples than ``limit`` is a slice of its own)."""
    limit = REFRESH_SAMPLES if limit is None else limit
    n = len(counts)
    if n == 0:
        return []
    cum = np.cumsum(counts)
    total = int(cum[-1])
    if total <= limit:
        return [(0, n)]
    cuts = np.searchsorted(cum, np.arange(limit, total, limit), side="left") + 1
    edges = unique_ints(np.concatenate([[0], np.minimum(cuts, n), [n]]))
    return [(int(a), int(b)) for a, b in zip(edges[:-1], edges[1:])]


def unique_ints(values: np.ndarray) -> np.ndarray:
    """``np.unique`` of an integer array (sorted distinct values, same dtype) by sorting: numpy 2.x's
    hashing ``np.unique`` takes ~0.4 s for a city's 500,000 segment indices, a sort ~5 ms."""
    s = np.sort(np.asarray(values).reshape(-1))
    return s[np.r_[True, s[1:] != s[:-1]]] if len(s) else s


def sorted_positions(sorted_ids: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Index of each of ``ids`` in the ascending ``sorted_ids`` (-1 where absent), by bisection:
    no hash index of a city's 500,000 ids."""
    ids = np.asarray(ids, dtype=np.int64).reshape(-1)
    at = np.searchsorted(sorted_ids, ids)
    ok = at < len(sorted_ids)
    ok[ok] = sorted_ids[at[ok]] == ids[ok]
    return np.where(ok, at, -1).astype(np.int64)


def grid_cell_m(specs: Iterable[Requirement]) -> float:
    """The sample grid's cell (m): about the largest tolerance (every requirement's D; 30 m without any,
    never under 5 m). :class:`CoverageState` and the samples kept beside a store agree on it."""
    return max(max((float(spec.tolerance_m) for spec in specs), default=30.0), 5.0)


def RequirementSpec(key, code: str, interval_s: float, tolerance_m: float = 30.0,  # noqa: N802 (a constructor)
                    covered_fraction: float = 0.8, eligible_kinds: frozenset[str] = frozenset()) -> Requirement:
    """A :class:`~gis.requirements.Requirement` given by its window length ``interval_s`` (seconds),
    the way the coverage engine reads it (key, code, ``T``, ``D``, ``F``, team kinds)."""
    return Requirement(key, code, tolerance_m=tolerance_m, covered_fraction=covered_fraction,
                       eligible_kinds=frozenset(eligible_kinds), interval_h=float(interval_s) / 3600.0)


def sample_segments(geoms: np.ndarray, step_m: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Midpoints of equal pieces of about ``step_m`` along each line.

    Parameters
    ----------
    geoms
        LineStrings in a metric CRS.
    step_m
        Target piece length; each line gets ``max(1, ceil(length / step_m))`` pieces.

    Returns
    -------
    (xy, counts, lengths)
        ``xy`` (n_samples, 2) in line order, samples of line ``i`` contiguous;
        ``counts`` samples per line; ``lengths`` the lines' lengths.
    """
    from gis.segment_lines import SegmentLines

    if isinstance(geoms, SegmentLines):
        return _sample_lines(geoms, step_m)
    lengths = shapely.length(geoms)
    counts = np.maximum(1, np.ceil(lengths / step_m)).astype(np.int64)
    counts[~np.isfinite(lengths)] = 1
    total = int(counts.sum())
    first = np.cumsum(counts) - counts
    j = np.arange(total) - np.repeat(first, counts)
    frac = (j + 0.5) / np.repeat(counts, counts)
    xy = np.empty((total, 2))
    # Plain lines with numbers on their vertices (a city's 2.5 M samples: no
    # shapely point per sample, seconds and a GB less); anything else via GEOS.
    simple = (shapely.get_type_id(geoms) == 1) & np.isfinite(lengths) & (lengths > 0)
    at = np.repeat(simple, counts)
    if simple.any():
        xy[at] = _interpolate_lines(np.asarray(geoms)[simple], counts[simple], frac[at])
    if (~simple).any():
        pts = shapely.line_interpolate_point(np.repeat(geoms[~simple], counts[~simple]), frac[~at], normalized=True)
        xy[~at] = shapely.get_coordinates(pts)
    return xy, counts, lengths


def _sample_lines(lines, step_m: float, rows: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`sample_segments` of a :class:`gis.segment_lines.SegmentLines` (no geometry built for plain lines).

    ``rows``: sample only these lines (as ``lines.subset(rows)`` would, without copying their vertices).
    A slice of :data:`SAMPLE_CHUNK` lines at a time: a city's millions of samples cost their
    coordinates, not several arrays of temporaries the size of all samples.
    """
    at_rows = (lambda r: r) if rows is None else (lambda r: rows[r])
    lengths = lines.lengths if rows is None else lines.lengths[rows]
    counts = np.maximum(1, np.ceil(lengths / step_m)).astype(np.int64)
    counts[~np.isfinite(lengths)] = 1
    first = np.cumsum(counts) - counts
    xy = np.empty((int(counts.sum()), 2))
    plain = lines.plain if rows is None else lines.plain[rows]
    simple = plain & np.isfinite(lengths) & (lengths > 0)

    def slots(r):  # the samples of lines r: their fractions (as one array over all lines gives them) and places
        c = counts[r]
        start = np.cumsum(c) - c
        j = np.arange(int(c.sum())) - np.repeat(start, c)
        return c, (j + 0.5) / np.repeat(c, c), np.repeat(first[r], c) + j

    todo = np.flatnonzero(simple)
    for lo in range(0, len(todo), SAMPLE_CHUNK):
        r = todo[lo:lo + SAMPLE_CHUNK]
        c, frac, where = slots(r)
        xy[where] = lines.interpolate(at_rows(r), c, frac)
        del frac, where
    rest = np.flatnonzero(~simple)
    if len(rest):
        c, frac, where = slots(rest)
        pts = shapely.line_interpolate_point(np.repeat(lines.take(at_rows(rest)), c), frac, normalized=True)
        xy[where] = shapely.get_coordinates(pts)
    return xy, counts, lengths


def _interpolate_lines(lines: np.ndarray, counts: np.ndarray, frac: np.ndarray) -> np.ndarray:
    """Points at ``frac`` (0–1) of each LineString's length, as ``shapely.line_interpolate_point(normalized=True)``.

    ``counts[i]`` samples belong to ``lines[i]``; ``frac`` lists them line after line.
    """
    coords, owner = shapely.get_coordinates(lines, return_index=True)
    return _interpolate_coords(coords, owner, len(lines), counts, frac)


def _interpolate_coords(coords: np.ndarray, owner: np.ndarray, n_lines: int, counts: np.ndarray,
                        frac: np.ndarray) -> np.ndarray:
    """:func:`_interpolate_lines` on the lines' vertices (``owner``: the line of each vertex)."""
    step = np.hypot(np.diff(coords[:, 0]), np.diff(coords[:, 1]))
    step[owner[1:] != owner[:-1]] = 0.0  # no length from one line's end to the next one's start
    cum = np.concatenate([[0.0], np.cumsum(step)])  # running length at each vertex, over all lines
    n_vert = np.bincount(owner, minlength=n_lines)
    v_first = np.cumsum(n_vert) - n_vert
    v_last = v_first + n_vert - 1
    line = np.repeat(np.arange(n_lines), counts)
    start = cum[v_first]
    target = start[line] + frac * (cum[v_last] - start)[line]
    k = np.searchsorted(cum, target, side="right") - 1
    k = np.clip(k, v_first[line], v_last[line] - 1)
    seg = cum[k + 1] - cum[k]
    t = np.divide(target - cum[k], seg, out=np.zeros_like(seg), where=seg > 0)
    t = np.clip(t, 0.0, 1.0)
    return coords[k] + (coords[k + 1] - coords[k]) * t[:, None]


def split_at_times(
    x0: np.ndarray, y0: np.ndarray, x1: np.ndarray, y1: np.ndarray,
    t0: np.ndarray, t1: np.ndarray, edges: np.ndarray,
) -> tuple[np.ndarray, ...]:
    """Cut track lines at the times in ``edges`` (sorted), interpolating positions.

    Returns
    -------
    tuple
        ``(src, x0, y0, x1, y1, t0, t1)`` of the pieces; ``src`` is the index of
        the line each piece came from.
    """
    i0 = np.searchsorted(edges, t0, side="right")
    i1 = np.searchsorted(edges, t1, side="left")
    inner = np.maximum(i1 - i0, 0)
    n_sub = inner + 1
    src = np.repeat(np.arange(len(t0)), n_sub)
    if len(src) == len(t0):  # nothing crosses an edge (the usual live batch)
        return src, x0, y0, x1, y1, t0, t1
    first = np.cumsum(n_sub) - n_sub
    j = np.arange(len(src)) - np.repeat(first, n_sub)
    last = j == n_sub[src] - 1
    e_idx = i0[src] + j
    ts = np.where(j == 0, t0[src], edges[np.minimum(e_idx - 1, len(edges) - 1)])
    te = np.where(last, t1[src], edges[np.minimum(e_idx, len(edges) - 1)])
    dur = t1[src] - t0[src]
    with np.errstate(invalid="ignore", divide="ignore"):
        fs = np.where(dur > 0, (ts - t0[src]) / dur, 0.0)
        fe = np.where(dur > 0, (te - t0[src]) / dur, 1.0)
    dx, dy = x1[src] - x0[src], y1[src] - y0[src]
    return (src, x0[src] + fs * dx, y0[src] + fs * dy, x0[src] + fe * dx, y0[src] + fe * dy, ts, te)


def split_long(
    x0: np.ndarray, y0: np.ndarray, x1: np.ndarray, y1: np.ndarray,
    t0: np.ndarray, t1: np.ndarray, max_len: float,
) -> tuple[np.ndarray, ...]:
    """Cut track lines longer than ``max_len`` into equal pieces (keeps grid lookups local).

    Returns ``(src, x0, y0, x1, y1, t0, t1)`` like :func:`split_at_times`.
    """
    length = np.hypot(x1 - x0, y1 - y0)
    n_sub = np.maximum(1, np.ceil(length / max_len)).astype(np.int64)
    src = np.repeat(np.arange(len(x0)), n_sub)
    if len(src) == len(x0):
        return src, x0, y0, x1, y1, t0, t1
    first = np.cumsum(n_sub) - n_sub
    j = np.arange(len(src)) - np.repeat(first, n_sub)
    fs = j / n_sub[src]
    fe = (j + 1) / n_sub[src]
    dx, dy, dt = x1[src] - x0[src], y1[src] - y0[src], t1[src] - t0[src]
    return (src, x0[src] + fs * dx, y0[src] + fs * dy, x0[src] + fe * dx, y0[src] + fe * dy,
            t0[src] + fs * dt, t0[src] + fe * dt)


class SampleGrid:
    """A dense grid hash of sample points for "which samples lie near this line".

    Parameters
    ----------
    xy
        Sample coordinates (n, 2), metric.
    cell_m
        Cell size; about the largest tolerance ``D`` keeps candidate counts low.

    Attributes
    ----------
    xy
        The samples' coordinates relative to ``origin``, in grid order (cell after cell, the
        samples of a cell in their own order): the samples near a line lie together, so a
        batch of tracks reads a few pages of it, not the whole array (a city's is 70 MB,
        memory-mapped from the samples kept beside the store).
    order
        The sample at each grid position (``xy[k]`` is sample ``order[k]``).
    ptr
        The grid positions of the cell with key ``k`` (:meth:`key`) are ``ptr[k]:ptr[k + 1]``.
    tile
        Cells are ordered tile by tile (``tile`` × ``tile`` cells, column after column inside a
        tile): a track's samples lie in a few runs of the arrays, where one column of cells after
        another would put each cell it crosses in another page.
    """

    #: Cells per side of a tile (the grid order's block; 1: plain column-major cells).
    TILE = 16

    def __init__(self, xy: np.ndarray, cell_m: float, own: bool = False, tile: int | None = None) -> None:
        n = len(xy)
        lo = xy.min(axis=0) - cell_m if n else np.zeros(2)
        hi = xy.max(axis=0) + cell_m if n else np.ones(2)
        # Grow the cell when a huge extent would make the dense index too big.
        while (hi[0] - lo[0]) / cell_m * (hi[1] - lo[1]) / cell_m > 2e7:
            cell_m *= 2
        self.cell = float(cell_m)
        self.origin = lo
        self.nx = int((hi[0] - lo[0]) // cell_m) + 1
        self.ny = int((hi[1] - lo[1]) // cell_m) + 1
        self.tile = int(tile or self.TILE)
        # Relative coordinates (float64 keeps mm precision); with ``own`` the caller's array becomes them.
        self.xy = xy if own and xy.dtype == np.float64 else np.array(xy, dtype=np.float64)
        self.xy -= lo
        key = self.key((self.xy[:, 0] // cell_m).astype(np.int64), (self.xy[:, 1] // cell_m).astype(np.int64))
        self.order = np.argsort(key, kind="stable")
        small = n < 2**31
        if small:  # half the memory for a city's millions of samples
            self.order = self.order.astype(np.int32)
        counts = np.bincount(key, minlength=self.n_keys)
        del key
        self.ptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32 if small else np.int64)
        self.xy = self.xy[self.order]  # grid order: a cell's samples side by side

    @property
    def n_keys(self) -> int:
        """How many cell keys there are (the whole tiles over the ``nx`` × ``ny`` cells)."""
        t = self.tile
        return -(-self.nx // t) * -(-self.ny // t) * t * t

    def key(self, ix: np.ndarray, iy: np.ndarray) -> np.ndarray:
        """The key (place in the grid order) of cells ``(ix, iy)``; ``ix``, ``iy`` int64, used up."""
        t = self.tile
        if t == 1:
            ix *= self.ny
            ix += iy
            return ix
        k = ix // t
        k *= -(-self.ny // t)
        k += iy // t
        k *= t * t
        ix %= t
        ix *= t
        k += ix
        iy %= t
        k += iy
        return k

    def cell_of(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The cell ``(ix, iy)`` of absolute positions, clipped to the grid (int64)."""
        ix = np.clip(np.floor((np.asarray(x) - self.origin[0]) / self.cell), 0, self.nx - 1).astype(np.int64)
        iy = np.clip(np.floor((np.asarray(y) - self.origin[1]) / self.cell), 0, self.ny - 1).astype(np.int64)
        return ix, iy

    @classmethod
    def from_parts(cls, xy: np.ndarray, order: np.ndarray, ptr: np.ndarray, origin: np.ndarray, cell: float,
                   nx: int, ny: int, tile: int = 1) -> SampleGrid:
        """A grid from the arrays a built one holds (``xy`` relative to ``origin``, in grid order), e.g. read
        from a cache."""
        grid = cls.__new__(cls)
        grid.xy, grid.order, grid.ptr = xy, order, ptr
        grid.origin = np.asarray(origin, dtype=np.float64)
        grid.cell, grid.nx, grid.ny, grid.tile = float(cell), int(nx), int(ny), int(tile)
        return grid

    def near_lines(
        self, x0: np.ndarray, y0: np.ndarray, x1: np.ndarray, y1: np.ndarray, dist: float
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Pairs (line, sample) with the sample within ``dist`` of the line segment.

        Coordinates are absolute (same CRS as the samples). Returns the line
        indices, sample indices and squared distances of the pairs.
        """
        line, pos, d2 = self.near_positions(x0, y0, x1, y1, dist)
        return line, self.order[pos], d2

    def near_positions(
        self, x0: np.ndarray, y0: np.ndarray, x1: np.ndarray, y1: np.ndarray, dist: float
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """:meth:`near_lines` with the samples as grid positions (the sample is ``order[pos]``)."""
        c = self.cell
        ax, ay = x0 - self.origin[0], y0 - self.origin[1]
        bx, by = x1 - self.origin[0], y1 - self.origin[1]
        ix0 = np.floor((np.minimum(ax, bx) - dist) / c).astype(np.int64)
        ix1 = np.floor((np.maximum(ax, bx) + dist) / c).astype(np.int64)
        iy0 = np.floor((np.minimum(ay, by) - dist) / c).astype(np.int64)
        iy1 = np.floor((np.maximum(ay, by) + dist) / c).astype(np.int64)
        outside = (ix1 < 0) | (iy1 < 0) | (ix0 >= self.nx) | (iy0 >= self.ny)
        np.clip(ix0, 0, self.nx - 1, out=ix0)
        np.clip(iy0, 0, self.ny - 1, out=iy0)
        wx = np.minimum(ix1, self.nx - 1) - ix0 + 1
        wy = np.minimum(iy1, self.ny - 1) - iy0 + 1
        wx[outside] = 0
        wy[outside] = 0
        ncell = wx * wy
        line = np.repeat(np.arange(len(x0)), ncell)
        off = np.arange(len(line)) - np.repeat(np.cumsum(ncell) - ncell, ncell)
        wyl = wy[line]
        cell = self.key(ix0[line] + off // wyl, iy0[line] + off % wyl)
        del off, wyl
        a = self.ptr[cell]
        cnt = self.ptr[cell + 1] - a
        pair_line = np.repeat(line, cnt)
        first = np.cumsum(cnt) - cnt
        pos = np.arange(len(pair_line)) - np.repeat(first - a, cnt)
        # Exact squared distance from each sample to its candidate line segment.
        px, py = self.xy[pos, 0], self.xy[pos, 1]
        sx, sy = ax[pair_line], ay[pair_line]
        dx, dy = bx[pair_line] - sx, by[pair_line] - sy
        len2 = dx * dx + dy * dy
        with np.errstate(invalid="ignore", divide="ignore"):
            u = np.where(len2 > 0, ((px - sx) * dx + (py - sy) * dy) / len2, 0.0)
        np.clip(u, 0.0, 1.0, out=u)
        ex, ey = sx + u * dx - px, sy + u * dy - py
        d2 = ex * ex + ey * ey
        ok = d2 <= dist * dist + 1e-9
        return pair_line[ok], pos[ok], d2[ok]


@dataclass
class PreparedSamples:
    """The required segments' samples in their grid, made by :func:`prepare_samples` (or read back
    from a cache of them) and handed to :class:`CoverageState`, which makes them itself otherwise.

    Attributes
    ----------
    rows
        The sampled (required) segments, sorted.
    counts
        Samples per row.
    step_m, cell_m
        The sample spacing and the grid cell asked for.
    grid
        The samples in their :class:`SampleGrid` (sample ``i``: the ``i``-th of the lines' samples,
        line after line; the grid holds them in grid order).
    """

    rows: np.ndarray
    counts: np.ndarray
    step_m: float
    cell_m: float
    grid: SampleGrid
    #: The segment of the sample at each grid position (``rows`` repeated ``counts`` times, in the grid's
    #: order: the samples a batch of tracks finds lie together), int32 for fewer than 2**31 segments.
    sample_seg: np.ndarray | None = None

    def __post_init__(self) -> None:
        if self.sample_seg is None:
            small = not len(self.rows) or int(self.rows[-1]) < 2**31
            seg = np.repeat(np.asarray(self.rows, dtype=np.int32 if small else np.int64), self.counts)
            self.sample_seg = seg[self.grid.order]

    def fits(self, rows: np.ndarray, step_m: float, cell_m: float) -> bool:
        """Whether these are the samples of ``rows`` at ``step_m`` in a grid of ``cell_m``."""
        return (float(self.step_m) == float(step_m) and float(self.cell_m) == float(cell_m)
                and np.array_equal(self.rows, rows) and len(self.counts) == len(rows)
                and int(np.sum(self.counts)) == len(self.grid.xy))


def prepare_samples(geoms, rows: np.ndarray, step_m: float, cell_m: float) -> PreparedSamples:
    """Sample the segments ``rows`` of ``geoms`` every ``step_m`` and put the samples in a grid of ``cell_m``."""
    from gis.segment_lines import SegmentLines

    rows = np.asarray(rows, dtype=np.int64)
    if not len(rows):
        xy, counts = np.empty((0, 2)), np.empty(0, np.int64)
    elif isinstance(geoms, SegmentLines):  # the required lines' samples, their vertices not copied
        xy, counts, _ = _sample_lines(geoms, step_m, rows)
    else:
        xy, counts, _ = sample_segments(np.asarray(geoms, dtype=object)[rows], step_m)
    return PreparedSamples(rows, counts, float(step_m), float(cell_m), SampleGrid(xy, cell_m, own=True))


class MemberRows:
    """Segment index → row in sorted ``members`` (-1 when absent), indexed like an array of rows."""

    def __init__(self, members: np.ndarray) -> None:
        self.members = members

    def __getitem__(self, segs):
        scalar = np.ndim(segs) == 0
        segs = np.asarray(segs, dtype=np.int64)
        at = np.searchsorted(self.members, segs)
        if len(self.members):
            ok = (at < len(self.members)) & (self.members[np.minimum(at, len(self.members) - 1)] == segs)
        else:
            ok = np.zeros(segs.shape, dtype=bool)
        out = np.where(ok, at, -1)
        return int(out) if scalar else out


@dataclass
class _Req:
    spec: Requirement
    group: int
    members: np.ndarray      # segment indices, sorted
    pos: np.ndarray | MemberRows  # segment index -> row in members, -1 if absent
    n_windows: int
    win_slot_start: np.ndarray  # first slot of each window
    slot_window: np.ndarray     # window of each slot
    covered: np.ndarray      # (len(members), n_windows) bool
    frac: np.ndarray         # (len(members), n_windows) float32
    covered_m: np.ndarray    # (n_windows,) metres
    required_m: float
    win_bits: np.ndarray | None = None  # the slot bits of each window (visit flags as bits)


class CoverageState:
    """Coverage of a day's requirements, updated batch by batch from fixes.

    Parameters
    ----------
    segments
        Every pipe segment as a LineString in the metric CRS ``crs``.
    requirements
        The requirements to measure.
    members
        Requirement key → indices (into ``segments``) of the segments it requires.
    anchor
        The day's anchor, unix seconds (local midnight of the event timezone).
    crs
        Metric CRS of ``segments`` (fixes arrive in lon/lat and are projected).
    device_kinds
        Device → team kind (``patrol``, ``guard`` …); unknown devices have kind
        ``""`` and count only for requirements open to every team.
    day_s
        Length of the measured day.
    step_m
        Sample spacing along segments.
    clean
        Cleaning thresholds for incoming fixes.
    prepared
        The required segments' samples made beforehand (e.g. read from a cache);
        used when they are those of ``members`` at ``step_m``, else made here.

    Notes
    -----
    Memory: per sample 16 bytes of coordinates, 4 + 4 of grid order and segment;
    per sample of each group, 8 bytes of last-visit time and one bit per slot
    (one byte for up to 8 slots). A city's day (4.3 M samples, four groups that
    mostly do not overlap, six slots) holds ~170 MB, of which the samples
    (~100 MB) may be memory-mapped (``prepared``, see :class:`PreparedSamples`).
    """

    def __init__(
        self,
        segments: np.ndarray,
        requirements: Iterable[Requirement],
        members: Mapping[int, np.ndarray],
        anchor: float,
        crs: str,
        device_kinds: Mapping[str, str] | None = None,
        day_s: float = DAY_S,
        step_m: float = 5.0,
        clean: CleanParams | None = None,
        prepared: PreparedSamples | None = None,
    ) -> None:
        self.crs = crs
        self.anchor = float(anchor)
        self.day_s = float(day_s)
        self.clean_params = clean or CleanParams()
        self.device_kinds: dict[str, str] = dict(device_kinds or {})
        self.report = CleanReport()
        specs = list(requirements)
        from gis.segment_lines import SegmentLines

        geoms = segments if isinstance(segments, SegmentLines) else np.asarray(segments, dtype=object)
        self.n_segments = len(geoms)

        # Only required segments are sampled; the others cost nothing.
        required = np.zeros(self.n_segments, dtype=bool)
        for spec in specs:
            required[np.asarray(members.get(spec.key, []), dtype=np.int64)] = True
        if isinstance(geoms, SegmentLines):  # read-only (a city's: mapped from the cache) or a copy
            self.seg_length = geoms.lengths if not geoms.lengths.flags.writeable else geoms.lengths.copy()
        else:
            self.seg_length = np.asarray(shapely.length(geoms), dtype="float64")
        small = self.n_segments < 2**31
        index_type = np.int32 if small else np.int64
        self.seg_nsamples = np.zeros(self.n_segments, dtype=index_type)
        req_idx = np.flatnonzero(required)
        del required
        cell_m = grid_cell_m(specs)
        if prepared is None or not prepared.fits(req_idx, step_m, cell_m):
            prepared = prepare_samples(geoms, req_idx, step_m, cell_m)
        self.seg_nsamples[req_idx] = prepared.counts
        self.grid = prepared.grid
        n_samples = len(self.grid.xy)
        self.seg_first = (np.cumsum(self.seg_nsamples) - self.seg_nsamples).astype(
            np.int32 if n_samples < 2**31 else np.int64)
        self.sample_seg = prepared.sample_seg  # the segment of the sample at each grid position
        self.n_samples = n_samples

        # Slots: cut the day at every window boundary of every requirement.
        edges = {self.anchor, self.anchor + self.day_s}
        for spec in specs:
            if spec.interval_s <= 0:
                raise ValueError(f"requirement {spec.code}: interval must be positive, not {spec.interval_s}")
            k = np.arange(1, math.ceil(self.day_s / spec.interval_s))
            edges.update((self.anchor + k * spec.interval_s).tolist())
        self.edges = np.array(sorted(e for e in edges if self.anchor <= e <= self.anchor + self.day_s))
        self.n_slots = len(self.edges) - 1

        # Groups: requirements with the same team kinds and D share visit flags.
        group_keys: list[tuple[frozenset[str], float]] = []
        self.reqs: list[_Req] = []
        for spec in specs:
            gk = (frozenset(spec.eligible_kinds), float(spec.tolerance_m))
            if gk not in group_keys:
                group_keys.append(gk)
            mem = unique_ints(np.asarray(members.get(spec.key, []), dtype=np.int64))
            if len(mem) * 16 > self.n_segments:  # a big requirement: a dense row per segment
                pos = np.full(self.n_segments, -1, dtype=index_type)
                pos[mem] = np.arange(len(mem))
            else:  # a small one (a venue's streets on a city): rows by bisection, no array per segment
                pos = MemberRows(mem)
            n_w = max(1, math.ceil(self.day_s / spec.interval_s))
            slot_window = np.floor((self.edges[:-1] - self.anchor) / spec.interval_s + 1e-9).astype(np.int64)
            win_start = np.searchsorted(slot_window, np.arange(n_w), side="left")
            self.reqs.append(_Req(
                spec=spec, group=group_keys.index(gk), members=mem, pos=pos, n_windows=n_w,
                win_slot_start=win_start, slot_window=slot_window,
                covered=np.zeros((len(mem), n_w), dtype=bool),
                frac=np.zeros((len(mem), n_w), dtype=np.float32),
                covered_m=np.zeros(n_w), required_m=float(self.seg_length[mem].sum()),
            ))
        self.groups = group_keys
        self.group_tol = np.array([g[1] for g in group_keys]) if group_keys else np.zeros(0)
        self.max_tol = float(self.group_tol.max()) if len(self.group_tol) else 30.0
        # Visit flags (sample × slot) and last visits per group, for the samples of the group's
        # segments only: on a city one group (the patches) holds most segments, the others few.
        # ``group_first[g][s]``: the row of segment s's first sample in group g's arrays (-1: not in g).
        bit_type = next((t for t in (np.uint8, np.uint16, np.uint32, np.uint64)
                         if self.n_slots <= 8 * np.dtype(t).itemsize), None)
        #: The bit of each slot (None: more than 64 slots, a bool per sample and slot instead).
        self._bits = (np.left_shift(np.ones(self.n_slots, dtype=bit_type), np.arange(self.n_slots, dtype=bit_type))
                      if bit_type is not None else None)
        for r in self.reqs:
            r.win_bits = self._window_bits(r) if self._bits is not None else None
        self.group_first: list[np.ndarray] = []
        self.visited: list[np.ndarray] = []
        self.last_visit: list[np.ndarray] = []
        for g in range(len(group_keys)):
            n_in = np.zeros(self.n_segments, dtype=np.int64)
            for r in self.reqs:
                if r.group == g:
                    n_in[r.members] = self.seg_nsamples[r.members]
            first = np.cumsum(n_in) - n_in
            first[n_in == 0] = -1
            total = int(n_in.sum())
            self.group_first.append(first.astype(np.int32 if total < 2**31 else np.int64))
            # One bit per slot in an integer per sample (a city's day: 1 byte a sample, not 6).
            self.visited.append(np.zeros(total, dtype=self._bits.dtype) if self._bits is not None
                                else np.zeros(total * self.n_slots, dtype=bool))
            self.last_visit.append(np.full(total, -np.inf))
            del n_in, first
        from gis.mapped_pages import mapped

        #: The samples are memory-mapped (read from the cache beside the store): pages are given back.
        self._mapped_samples = mapped(self.grid.xy)
        #: Per requirement: :meth:`last_visits` once asked for, kept up to date by :meth:`_refresh`.
        self._last_visits: list[np.ndarray | None] = [None] * len(self.reqs)
        # Lines longer than this are cut so that a grid lookup stays local.
        self.max_piece_m = 4.0 * self.grid.cell
        self._kinds: list[str] = [""]
        self._elig = np.zeros((len(group_keys), 0), dtype=bool)
        self._last_fix: dict[str, tuple[float, float, float]] = {}  # device -> (t, lon, lat)
        self._next_part = 0
        self.n_fixes = 0

    def _window_bits(self, r: _Req) -> np.ndarray:
        """The slot bits of each window of ``r`` (the slots ``logical_or.reduceat`` would join)."""
        out = np.zeros(r.n_windows, dtype=self._bits.dtype)
        for w, lo in enumerate(r.win_slot_start):
            hi = r.win_slot_start[w + 1] if w + 1 < r.n_windows else self.n_slots
            out[w] = np.bitwise_or.reduce(self._bits[lo:hi]) if hi > lo else self._bits[min(lo, self.n_slots - 1)]
        return out

    # -- kinds -----------------------------------------------------------
    def _kind_index(self, kinds: np.ndarray) -> np.ndarray:
        """Index of each kind in the eligibility table, extending it for new kinds."""
        for k in pd.unique(kinds):
            if k not in self._kinds:
                self._kinds.append(k)
        if self._elig.shape[1] != len(self._kinds):
            self._elig = np.array(
                [[not kinds_ or k in kinds_ for k in self._kinds] for kinds_, _ in self.groups], dtype=bool
            ).reshape(len(self.groups), len(self._kinds))
        lookup = {k: i for i, k in enumerate(self._kinds)}
        return np.array([lookup[k] for k in kinds], dtype=np.int64)

    # -- feeding ----------------------------------------------------------
    def add_fixes(self, frame: pd.DataFrame) -> np.ndarray:
        """Take a batch of raw fixes (``device, t, lon, lat[, accuracy_m]``) into the figures.

        The batch is cleaned; each device's previous last fix is joined to its
        first new fix (unless a gap separates them), so the line between
        batches counts too. Fixes older than a device's last accepted fix are
        late and dropped (counted as out of order).

        Returns
        -------
        numpy.ndarray
            Indices of the segments whose figures changed.
        """
        if len(frame) == 0:
            return np.empty(0, dtype=np.int64)
        frame = frame[[c for c in ("device", "t", "lon", "lat", "accuracy_m") if c in frame.columns]]
        dev = frame["device"].astype(str)
        n_prev_known = 0
        if self._last_fix:
            last_t = dev.map({d: v[0] for d, v in self._last_fix.items()}).to_numpy(dtype="float64")
            late = np.nan_to_num(last_t, nan=-np.inf) >= frame["t"].to_numpy(dtype="float64")
            self.report.out_of_order += int(late.sum())
            frame = frame[~late]
            devices = [d for d in pd.unique(frame["device"].astype(str)) if d in self._last_fix]
            if devices:
                prev = pd.DataFrame(
                    {"device": devices,
                     "t": [self._last_fix[d][0] for d in devices],
                     "lon": [self._last_fix[d][1] for d in devices],
                     "lat": [self._last_fix[d][2] for d in devices]}
                )
                frame = pd.concat([prev, frame], ignore_index=True)
                n_prev_known = len(devices)
        tracks, rep = clean_fixes(frame, self.crs, self.clean_params, first_part=self._next_part)
        for name in ("out_of_order", "duplicates", "poor_accuracy", "impossible_speed", "invalid", "gaps"):
            setattr(self.report, name, getattr(self.report, name) + getattr(rep, name))
        self.report.n_in += rep.n_in - n_prev_known
        self.report.n_out += rep.n_out - n_prev_known
        self.n_fixes += rep.n_out - n_prev_known
        if len(tracks) == 0:
            return np.empty(0, dtype=np.int64)
        self._next_part = int(tracks.part.max()) + 1
        # Remember each device's newest fix for the joint with the next batch.
        last = np.r_[tracks.device[1:] != tracks.device[:-1], True]
        for d, t, lo, la in zip(tracks.device[last], tracks.t[last], tracks.lon[last], tracks.lat[last]):
            self._last_fix[d] = (float(t), float(lo), float(la))
        return self.add_tracks(tracks)

    def add_tracks(self, tracks: Tracks) -> np.ndarray:
        """Take already cleaned tracks into the figures; returns the changed segments."""
        a, b = tracks.pieces()
        if len(a) == 0 or self.n_samples == 0:
            return np.empty(0, dtype=np.int64)
        kinds = np.array([self.device_kinds.get(d, "") for d in tracks.device], dtype=object)
        kind_idx = self._kind_index(kinds)
        src, x0, y0, x1, y1, t0, t1 = split_at_times(
            tracks.x[a], tracks.y[a], tracks.x[b], tracks.y[b], tracks.t[a], tracks.t[b], self.edges
        )
        kind_p = kind_idx[a][src]
        src2, x0, y0, x1, y1, t0, t1 = split_long(x0, y0, x1, y1, t0, t1, self.max_piece_m)
        kind_p = kind_p[src2]
        # The slot of a piece is the slot of its middle time: a piece that ends
        # exactly on a boundary belongs to the window before it.
        slot = np.searchsorted(self.edges, 0.5 * (t0 + t1), side="right") - 1
        inside = (slot >= 0) & (slot < self.n_slots)
        if not inside.all():
            x0, y0, x1, y1, t0, t1, kind_p, slot = (
                v[inside] for v in (x0, y0, x1, y1, t0, t1, kind_p, slot))
        touched = []
        chunk = 15_000  # pieces per grid query: bounds the candidate arrays (~1 M pairs, ~150 MB)
        cuts = range(0, len(x0), chunk)
        mapped = self._mapped_samples and len(x0) > 1
        if mapped:
            # Memory-mapped samples: the pieces in the grid's order, a stretch of the samples at a time,
            # each stretch's pages given back after it. The kernel maps a file's pages in blocks of up to
            # 2 MB, so a batch of tracks all over a city would map most of the samples at once. Visits
            # are flags and maxima: the order the pieces go in changes nothing.
            key = self.grid.key(*self.grid.cell_of(np.minimum(x0, x1), np.minimum(y0, y1)))
            at = np.argsort(key, kind="stable")
            x0, y0, x1, y1, t1, kind_p, slot = (v[at] for v in (x0, y0, x1, y1, t1, kind_p, slot))
            cuts = _stretches(np.asarray(self.grid.ptr[key[at]]), MAPPED_SPAN, chunk)
            del key, at
        for s, e in zip(cuts, [*cuts[1:], len(x0)]):
            touched.append(self._apply(x0[s:e], y0[s:e], x1[s:e], y1[s:e], t1[s:e], kind_p[s:e], slot[s:e]))
            if mapped:
                self.release_pages()
        segs = unique_ints(np.concatenate(touched)) if touched else np.empty(0, dtype=np.int64)
        self._refresh(segs)
        self.release_pages()
        return segs

    def release_pages(self) -> None:
        """Drop the memory-mapped samples' pages from the process (:func:`gis.mapped_pages.release`).

        A batch reads the pages of the grid cells its tracks pass (a day's stored fixes: most of
        a city's); the next batch maps again the few it needs from the page cache. A no-op for
        samples made in memory.
        """
        from gis.mapped_pages import release

        release(self.grid.xy, self.grid.order, self.sample_seg)

    def _apply(self, x0, y0, x1, y1, t1, kind_p, slot) -> np.ndarray:
        line, pos, d2 = self.grid.near_positions(x0, y0, x1, y1, self.max_tol)
        if len(line) == 0:
            return np.empty(0, dtype=np.int64)
        seg = self.sample_seg[pos]
        offset = self.grid.order[pos] - self.seg_first[seg]  # the sample's place along its segment
        del pos
        kp = kind_p[line]
        for g in range(len(self.groups)):
            tol = self.group_tol[g]
            gfirst = self.group_first[g][seg]
            sel = self._elig[g, kp] & (d2 <= tol * tol + 1e-9) & (gfirst >= 0)
            if sel.any():
                row = gfirst[sel] + offset[sel]
                if self._bits is None:
                    self.visited[g][row * self.n_slots + slot[line[sel]]] = True
                else:
                    vis, slot_sel = self.visited[g], slot[line[sel]]
                    for k in unique_ints(slot_sel):  # a row listed twice sets the same bit twice
                        at = row[slot_sel == k]
                        vis[at] |= self._bits[k]
                np.maximum.at(self.last_visit[g], row, t1[line[sel]])
        return unique_ints(seg)

    def _refresh(self, segs: np.ndarray) -> None:
        """Recompute covered fractions and flags of ``segs`` for every requirement.

        A slice of about :data:`REFRESH_SAMPLES` samples at a time: a batch that touches
        a city's every segment (a day's backfill) costs its flags, not temporaries the size
        of all its samples times the windows.
        """
        if len(segs) == 0:
            return
        for i, r in enumerate(self.reqs):
            rows = r.pos[segs]
            rows = rows[rows >= 0]
            if len(rows) == 0:
                continue
            if self._last_visits[i] is not None:
                self._last_visits[i][rows] = self._member_last_visits(r, rows)
            mseg = r.members[rows]
            counts_all = self.seg_nsamples[mseg]
            flag = np.empty((len(rows), r.n_windows), dtype=bool)
            for lo, hi in _sample_slices(counts_all):
                counts = counts_all[lo:hi]
                first = np.cumsum(counts) - counts
                idx = (np.repeat(self.group_first[r.group][mseg[lo:hi]] - first, counts)
                       + np.arange(int(counts.sum())))
                if self._bits is None:
                    vis = self.visited[r.group].reshape(-1, self.n_slots)[idx]
                    win = np.logical_or.reduceat(vis, r.win_slot_start, axis=1) if self.n_slots else vis
                else:
                    win = (self.visited[r.group][idx][:, None] & r.win_bits[None, :]) != 0
                del idx
                hits = np.add.reduceat(win.astype(np.int32), first, axis=0)
                del win
                frac = hits / counts[:, None]
                flag[lo:hi] = frac >= r.spec.covered_fraction - 1e-9
                r.frac[rows[lo:hi]] = frac
            delta = flag.astype(np.int8) - r.covered[rows].astype(np.int8)
            r.covered_m += (delta * self.seg_length[mseg][:, None]).sum(axis=0)
            r.covered[rows] = flag

    # -- results ----------------------------------------------------------
    def windows(self, spec_index: int) -> list[tuple[float, float]]:
        """The (start, end) unix times of a requirement's windows, clipped to the day."""
        r = self.reqs[spec_index]
        end = self.anchor + self.day_s
        return [(self.anchor + w * r.spec.interval_s, min(end, self.anchor + (w + 1) * r.spec.interval_s))
                for w in range(r.n_windows)]

    def requirement_summary(self) -> list[dict]:
        """Per requirement and window: ``required_m``, ``covered_m``, ``ratio``.

        Returns
        -------
        list of dict
            ``{"key", "code", "interval_h", "segments", "required_m", "windows": [
            {"index", "start", "end", "required_m", "covered_m", "ratio"}]}``.
        """
        out = []
        for i, r in enumerate(self.reqs):
            wins = []
            for w, (s, e) in enumerate(self.windows(i)):
                cov = float(max(r.covered_m[w], 0.0))
                wins.append({"index": w, "start": s, "end": e, "required_m": round(r.required_m, 1),
                             "covered_m": round(cov, 1),
                             "ratio": round(cov / r.required_m, 4) if r.required_m > 0 else None})
            out.append({"key": r.spec.key, "code": r.spec.code, "interval_h": r.spec.interval_s / 3600,
                        "segments": int(len(r.members)), "required_m": round(r.required_m, 1), "windows": wins})
        return out

    def group_summary(self, sets: Mapping[object, np.ndarray]) -> dict:
        """The same figures restricted to sets of segments (a team's or a patch's).

        Parameters
        ----------
        sets
            Name → segment indices (a team's assigned segments, a patch's pipes).

        Returns
        -------
        dict
            Name → list of ``{"code", "windows": [{"index", "required_m", "covered_m",
            "ratio"}]}`` for the requirements that have segments in the set.
        """
        out: dict = {}
        for name, segs in sets.items():
            segs = unique_ints(np.asarray(segs, dtype=np.int64))
            entries = []
            for r in self.reqs:
                rows = r.pos[segs]
                rows = rows[rows >= 0]
                if len(rows) == 0:
                    continue
                length = self.seg_length[r.members[rows]]
                req_m = float(length.sum())
                cov = (r.covered[rows] * length[:, None]).sum(axis=0)
                entries.append({"code": r.spec.code, "required_m": round(req_m, 1), "windows": [
                    {"index": w, "required_m": round(req_m, 1), "covered_m": round(float(c), 1),
                     "ratio": round(float(c) / req_m, 4) if req_m > 0 else None}
                    for w, c in enumerate(cov)]})
            out[name] = entries
        return out

    def segment_table(self) -> pd.DataFrame:
        """Per required segment and requirement: the covered share of each window.

        Returns
        -------
        pandas.DataFrame
            ``segment`` (index into ``segments``), ``requirement`` (code),
            ``windows``, ``covered_windows``, ``ratio`` (covered windows /
            windows) and ``frac_w1`` … ``frac_wN`` (the share of the segment's
            length visited in window k; empty beyond the requirement's windows).
        """
        n_max = max((r.n_windows for r in self.reqs), default=0)
        frames = []
        for r in self.reqs:
            if len(r.members) == 0:
                continue
            cols = {"segment": r.members.astype(np.int64), "requirement": r.spec.code,
                    "windows": r.n_windows, "covered_windows": r.covered.sum(axis=1).astype(np.int64),
                    "ratio": np.round(r.covered.mean(axis=1), 4) if r.n_windows else np.nan}
            for w in range(n_max):
                cols[f"frac_w{w + 1}"] = np.round(r.frac[:, w].astype(float), 4) if w < r.n_windows else np.nan
            frames.append(pd.DataFrame(cols))
        columns = ["segment", "requirement", "windows", "covered_windows", "ratio",
                   *[f"frac_w{w + 1}" for w in range(n_max)]]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)

    def last_visits(self, spec_index: int) -> np.ndarray:
        """When each required segment was last covered (unix s; -inf if never today).

        A segment's last visit is the latest time ``t`` such that at least ``F``
        of its length was visited at or after ``t``: the ``F``-th quantile, from
        the newest, of its samples' last-visit times. Computed once, then kept up
        to date for the segments each batch touches (a city's millions of samples
        are not sorted again for every figure).
        """
        r = self.reqs[spec_index]
        if len(r.members) == 0:
            return np.empty(0)
        kept = self._last_visits[spec_index]
        if kept is None:
            kept = self._last_visits[spec_index] = self._member_last_visits(r, np.arange(len(r.members)))
        return kept.copy()

    def _member_last_visits(self, r: _Req, rows: np.ndarray) -> np.ndarray:
        """:meth:`last_visits` of the member rows ``rows`` of requirement ``r`` (a slice of about
        :data:`REFRESH_SAMPLES` samples at a time: a city's millions are never sorted in one go)."""
        mseg = r.members[rows]
        counts_all = self.seg_nsamples[mseg]
        out = np.full(len(mseg), -np.inf)
        for lo, hi in _sample_slices(counts_all):
            counts = counts_all[lo:hi]
            first = np.cumsum(counts) - counts
            idx = np.repeat(self.group_first[r.group][mseg[lo:hi]] - first, counts) + np.arange(int(counts.sum()))
            lv = self.last_visit[r.group][idx]
            del idx
            if not (lv > -np.inf).any():  # nothing visited yet (a day's start): nothing to sort
                continue
            owner = np.repeat(np.arange(hi - lo), counts)
            order = np.lexsort((-lv, owner))  # newest first within each segment
            del owner
            k = np.ceil(r.spec.covered_fraction * counts - 1e-9).astype(np.int64)
            k = np.clip(k, 1, counts) - 1
            out[lo:hi] = lv[order][first + k]
        return out

    def overdue(self, now: float) -> dict[object, np.ndarray]:
        """Segments whose last visit is older than their requirement's interval.

        A segment not visited today counts from the day's anchor, so at 04:30 a
        4-hourly segment nobody has visited since midnight is overdue.

        Returns
        -------
        dict
            Requirement key → indices (into ``segments``) of overdue segments.
        """
        out = {}
        for i, r in enumerate(self.reqs):
            last = np.maximum(self.last_visits(i), self.anchor)
            out[r.spec.key] = r.members[(now - last) > r.spec.interval_s]
        return out
