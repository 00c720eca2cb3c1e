"""Geometry prepared for fast map drawing and hit testing (pure numpy/shapely, no Qt).

Why this shape (measured on the 2-core target with 2.5 M pipe segments): one
draw call over every segment costs 110–350 ms at any zoom, because Qt does not
cull inside a call. So line layers are cut into a regular grid of tiles per
style class, stored as one flat ``(N, 4)`` float64 array of segments
(``x0, y0, x1, y1`` — exactly the memory layout of an array of ``QLineF``)
sorted by class then tile, with CSR offsets over the non-empty tiles only. A view then needs one contiguous
slice per visible tile row, which Qt can draw straight from the array's memory.

Small scales use overview levels: each polyline simplified (Douglas–Peucker)
at a tolerance, its vertices snapped to a grid of that tolerance, zero-length
and duplicate segments dropped. At a tolerance below a pixel the picture is
indistinguishable, and the segment count falls several-fold.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely

#: Default grid tile edge for full-resolution segments, metres. A 1 km view at
#: 1920 px touches about 10 × 7 tiles of this size (250 m tiles drew 1.7× more segments).
TILE_M = 125.0
#: Overview tolerances (metres); a level is used when its tolerance is below
#: ~0.75 px, so snapping never shows. Several steps so that the drawn segment
#: count follows the pixels of a view, not the pipes in it (a 4 km view of a
#: dense city drew 2.5× more segments than it has pixels to show).
OVERVIEW_TOLERANCES = (1.0, 1.5, 3.0, 6.0)
#: A feature whose box reaches farther than this many network spans beyond the
#: bulk of the network is an outlier (see :func:`robust_bounds`).
OUTLIER_SPANS = 3.0
#: Cell sizes (metres) of the class-raster overview pyramid. At these scales a
#: dense network saturates the screen: every pixel holds a pipe, and a raster
#: of "the top-most class in this cell" draws the same picture in one blit.
RASTER_CELLS = (2.0, 4.0, 8.0, 16.0, 32.0, 64.0)
#: Largest raster edge (cells); coarser cells are used for bigger networks.
RASTER_MAX_CELLS = 12_288
#: Rasters of at least this cell (metres) are drawn whenever they fit the scale;
#: finer ones only when the vectors in view are more than :data:`VECTOR_BUDGET`
#: segments (a dense city: 100,000 antialiased segments cost ~25 ms, a blit 3).
RASTER_ALWAYS_CELL = 8.0
VECTOR_BUDGET = 45_000
#: A shaded raster (:data:`RASTER_SHADES`) looks like the antialiased lines it stands for, so it is
#: drawn as soon as the lines in view cost more than its blit (~3 ms at 1920 × 1080: ~15,000 segments).
SHADED_VECTOR_BUDGET = 15_000
#: Largest tile grid (cells) given a summed count table (:meth:`SegmentTiles.count_in`).
SUMMED_MAX_CELLS = 4_000_000


@dataclass
class SegmentTiles:
    """Line segments grid-tiled per style class.

    Only the tiles that hold segments are stored (sorted keys, CSR starts), so
    memory follows the number of segments, never the extent's area: a stray
    feature thousands of kilometres away costs one more tile, not a grid of
    billions of empty ones.

    Attributes
    ----------
    seg
        ``(N, 4)`` C-contiguous float64 ``x0, y0, x1, y1``, sorted by class then
        tile (row-major). Every segment's extent is below one tile, and it is
        filed under the tile of its lower-left corner.
    keys
        ``(T,)`` int64 tile key ``row * ncols + col`` of each non-empty tile,
        sorted by class then key.
    starts
        ``(T + 1,)`` int64: tile ``i`` owns ``seg[starts[i]:starts[i + 1]]``.
    class_tiles
        ``(n_classes + 1,)`` int64: class ``c`` owns tiles
        ``class_tiles[c]:class_tiles[c + 1]``.
    x0, y0, tile, ncols, nrows
        The grid.
    tolerance
        0 for full resolution, else the overview tolerance in metres.
    """

    seg: np.ndarray
    keys: np.ndarray
    starts: np.ndarray
    class_tiles: np.ndarray
    x0: float
    y0: float
    tile: float
    ncols: int
    nrows: int
    tolerance: float = 0.0

    @property
    def n_classes(self) -> int:
        return len(self.class_tiles) - 1

    def class_counts(self) -> np.ndarray:
        """Number of segments of each class."""
        return np.diff(self.starts[self.class_tiles])

    def row_slices(self, cls: int, xmin: float, ymin: float, xmax: float, ymax: float):
        """Yield ``(start, stop)`` ranges of ``seg`` covering the box for one class.

        Adjacent non-empty tiles in view are merged into one range (tiles in a
        row are contiguous in ``seg``). The box is widened by one tile
        down/left because a segment filed under a tile may reach into the next one.
        """
        c0 = int(np.floor((xmin - self.x0) / self.tile)) - 1
        c1 = int(np.floor((xmax - self.x0) / self.tile))
        r0 = int(np.floor((ymin - self.y0) / self.tile)) - 1
        r1 = int(np.floor((ymax - self.y0) / self.tile))
        c0, c1 = max(c0, 0), min(c1, self.ncols - 1)
        r0, r1 = max(r0, 0), min(r1, self.nrows - 1)
        if c0 > c1 or r0 > r1:
            return
        t0, t1 = int(self.class_tiles[cls]), int(self.class_tiles[cls + 1])
        keys = self.keys[t0:t1]
        a = int(np.searchsorted(keys, r0 * self.ncols + c0, side="left"))
        b = int(np.searchsorted(keys, r1 * self.ncols + c1, side="right"))
        if a >= b:
            return
        idx = np.arange(a, b)
        if not (c0 == 0 and c1 == self.ncols - 1):
            col = keys[a:b] % self.ncols
            idx = idx[(col >= c0) & (col <= c1)]
            if len(idx) == 0:
                return
        # Runs of consecutive tiles are contiguous in seg: one range per run.
        brk = np.flatnonzero(np.diff(idx) != 1)
        run_first = np.concatenate([[idx[0]], idx[brk + 1]]) + t0
        run_last = np.concatenate([idx[brk], [idx[-1]]]) + t0
        for f, l in zip(self.starts[run_first].tolist(), self.starts[run_last + 1].tolist()):
            if l > f:
                yield f, l

    def count_in(self, xmin: float, ymin: float, xmax: float, ymax: float) -> int:
        """How many segments a draw of the box would touch (all classes).

        From a summed table of per-tile counts, built once and kept on the tiles: the
        canvas asks for every view (antialiasing, raster or vectors), and four lookups
        replace walking every class's tile rows. A grid of more than
        :data:`SUMMED_MAX_CELLS` tiles walks them.
        """
        sat = getattr(self, "_summed_counts", None)
        if sat is None:
            if self.nrows * self.ncols > SUMMED_MAX_CELLS:
                return sum(b - a for c in range(self.n_classes) for a, b in self.row_slices(c, xmin, ymin, xmax, ymax))
            per_tile = np.bincount(np.asarray(self.keys, np.int64), weights=np.diff(np.asarray(self.starts)),
                                   minlength=self.nrows * self.ncols).reshape(self.nrows, self.ncols)
            sat = np.zeros((self.nrows + 1, self.ncols + 1), np.int64)
            sat[1:, 1:] = np.rint(per_tile).astype(np.int64).cumsum(0).cumsum(1)
            self._summed_counts = sat
        # The same tile range as row_slices (one tile wider down/left).
        c0 = max(int(np.floor((xmin - self.x0) / self.tile)) - 1, 0)
        c1 = min(int(np.floor((xmax - self.x0) / self.tile)), self.ncols - 1)
        r0 = max(int(np.floor((ymin - self.y0) / self.tile)) - 1, 0)
        r1 = min(int(np.floor((ymax - self.y0) / self.tile)), self.nrows - 1)
        if c0 > c1 or r0 > r1:
            return 0
        return int(sat[r1 + 1, c1 + 1] - sat[r0, c1 + 1] - sat[r1 + 1, c0] + sat[r0, c0])


def line_segments(geoms: np.ndarray, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Explode (multi)linestrings into segments.

    Parameters
    ----------
    geoms
        Array of shapely LineString / MultiLineString (any CRS).
    codes
        Style class per geometry (int).

    Returns
    -------
    seg : ndarray (N, 4)
        ``x0, y0, x1, y1`` per segment.
    cls : ndarray (N,)
        Class of each segment.
    """
    parts, owner = shapely.get_parts(np.asarray(geoms, dtype=object), return_index=True)
    coords, part = shapely.get_coordinates(parts, return_index=True)
    if len(coords) < 2:
        return np.empty((0, 4)), np.empty(0, dtype=np.int32)
    same = part[1:] == part[:-1]
    seg = np.hstack([coords[:-1][same], coords[1:][same]])
    cls = np.asarray(codes, dtype=np.int32)[owner[part[:-1][same]]]
    return seg, cls


def _split_long(seg: np.ndarray, cls: np.ndarray, limit: float) -> tuple[np.ndarray, np.ndarray]:
    """Cut segments longer than ``limit`` along x or y into equal pieces (in place of each, order kept).

    Only the long segments are expanded: at 2.5 M segments with a few long
    ones, temporaries over every segment cost ~800 MB.
    """
    ext = np.maximum(np.abs(seg[:, 2] - seg[:, 0]), np.abs(seg[:, 3] - seg[:, 1]))
    k = np.maximum(1, np.ceil(ext / limit)).astype(np.int64)
    del ext
    long_ = np.flatnonzero(k > 1)
    if len(long_) == 0:
        return seg, cls
    pos = np.cumsum(k) - k  # where each segment's first piece goes
    out = np.empty((int(pos[-1] + k[-1]), 4), dtype=np.float64)
    short = np.flatnonzero(k == 1)
    out[pos[short]] = seg[short]
    del short
    kl = k[long_]
    rep = np.repeat(long_, kl)
    j = np.arange(len(rep)) - np.repeat(np.cumsum(kl) - kl, kl)
    kk = k[rep].astype(float)
    s = seg[rep]
    dx, dy = s[:, 2] - s[:, 0], s[:, 3] - s[:, 1]
    out[pos[rep] + j] = np.column_stack([s[:, 0] + dx * j / kk, s[:, 1] + dy * j / kk,
                                         s[:, 0] + dx * (j + 1) / kk, s[:, 1] + dy * (j + 1) / kk])
    return out, np.repeat(cls, k)


def tile_segments(
    seg: np.ndarray,
    cls: np.ndarray,
    n_classes: int,
    bounds: tuple[float, float, float, float],
    tile: float = TILE_M,
    tolerance: float = 0.0,
) -> SegmentTiles:
    """Sort segments into a grid per class (see :class:`SegmentTiles`).

    Parameters
    ----------
    seg, cls
        Segments and their classes (:func:`line_segments`).
    n_classes
        Number of style classes (codes are ``0 … n_classes-1``).
    bounds
        ``(xmin, ymin, xmax, ymax)`` of the data.
    tile
        Grid edge in the data's units.
    tolerance
        Recorded on the result (0 = full resolution).
    """
    xmin, ymin, xmax, ymax = bounds
    seg, cls = _split_long(seg, cls, tile * 0.999)
    ncols = max(1, int(np.ceil((xmax - xmin) / tile)) + 1)
    nrows = max(1, int(np.ceil((ymax - ymin) / tile)) + 1)
    col = np.clip(((np.minimum(seg[:, 0], seg[:, 2]) - xmin) // tile).astype(np.int64), 0, ncols - 1)
    row = np.clip(((np.minimum(seg[:, 1], seg[:, 3]) - ymin) // tile).astype(np.int64), 0, nrows - 1)
    # Sparse tile keys: sort by (class, row, col) and keep only the tiles that
    # hold segments. Nothing here is sized by ncols * nrows (a bincount over
    # the dense grid asked for 98.9 GiB once a stray pipe lay 5,000 km away).
    key = row * ncols + col
    order = np.lexsort((key, cls))
    skey, scls = key[order], cls[order].astype(np.int64)
    new = np.ones(len(order), dtype=bool)
    if len(order):
        new[1:] = (skey[1:] != skey[:-1]) | (scls[1:] != scls[:-1])
    first = np.flatnonzero(new)
    keys = skey[first]
    starts = np.concatenate([first, [len(order)]]).astype(np.int64)
    class_tiles = np.searchsorted(scls[first], np.arange(n_classes + 1), side="left").astype(np.int64)
    return SegmentTiles(np.ascontiguousarray(seg[order], dtype=np.float64), keys, starts, class_tiles,
                        float(xmin), float(ymin), float(tile), ncols, nrows, float(tolerance))


def overview_segments(geoms: np.ndarray, codes: np.ndarray, tolerance: float,
                      origin: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
    """Simplified, grid-snapped, de-duplicated segments for drawing at small scales.

    Parameters
    ----------
    geoms, codes
        Lines and their style classes.
    tolerance
        Douglas–Peucker tolerance and snapping grid, in metres.
    origin
        Grid origin (so levels line up).
    """
    simple = shapely.simplify(np.asarray(geoms, dtype=object), tolerance, preserve_topology=False)
    seg, cls = line_segments(simple, codes)
    if len(seg) == 0:
        return seg, cls
    return snapped_segments([snap_keys(seg, cls, tolerance, origin)], tolerance, origin)


def snap_keys(seg: np.ndarray, cls: np.ndarray, tolerance: float, origin: tuple[float, float]) -> np.ndarray:
    """Rows ``(class, x0, y0, x1, y1)`` of ``seg`` snapped to the ``tolerance`` grid at ``origin`` (int64),
    endpoints in a fixed order, segments snapped to a point left out (see :func:`overview_segments`)."""
    q = np.empty(seg.shape, dtype=np.int64)
    q[:, 0::2] = np.rint((seg[:, 0::2] - origin[0]) / tolerance)
    q[:, 1::2] = np.rint((seg[:, 1::2] - origin[1]) / tolerance)
    keep = (q[:, 0] != q[:, 2]) | (q[:, 1] != q[:, 3])
    q, cls = q[keep], cls[keep]
    # Direction does not matter for drawing: order endpoints so A→B == B→A.
    swap = (q[:, 0] > q[:, 2]) | ((q[:, 0] == q[:, 2]) & (q[:, 1] > q[:, 3]))
    q[swap] = q[swap][:, [2, 3, 0, 1]]
    return np.column_stack([cls.astype(np.int64), q])


def snapped_segments(keyed: list[np.ndarray], tolerance: float, origin: tuple[float, float]
                     ) -> tuple[np.ndarray, np.ndarray]:
    """The distinct segments and classes of the :func:`snap_keys` rows in ``keyed`` (a list of them, emptied:
    only the concatenated copy is held while they are made distinct), back in metres."""
    all_keyed = np.concatenate(keyed) if len(keyed) > 1 else keyed[0]
    keyed.clear()
    u = _unique_rows(all_keyed)
    del all_keyed
    out = np.empty((len(u), 4))
    out[:, 0::2] = u[:, 1::2] * tolerance + origin[0]
    out[:, 1::2] = u[:, 2::2] * tolerance + origin[1]
    return out, u[:, 0].astype(np.int32)


def _unique_rows(a: np.ndarray) -> np.ndarray:
    """Unique rows of a non-negative int64 array (packed into one key when it fits)."""
    a = a - np.minimum(a.min(axis=0), 0)
    bits = [max(1, int(v).bit_length()) for v in a.max(axis=0)]
    if sum(bits) <= 63:
        key = np.zeros(len(a), dtype=np.int64)
        for j, b in enumerate(bits):
            key = (key << b) | a[:, j]
        _, first = np.unique(key, return_index=True)
        return a[np.sort(first)]
    order = np.lexsort(a.T[::-1])
    s = a[order]
    keep = np.concatenate([[True], (s[1:] != s[:-1]).any(axis=1)])
    return s[keep]


#: Coverage shades per class in the overview rasters. A cell keeps its top-most class and how much of
#: the cell a one-pixel line of that class covers (Wu's antialiasing), so a raster drawn at about one
#: cell a pixel looks like the antialiased lines it stands for, not like aliased stairs.
RASTER_SHADES = 32


@dataclass
class ClassRaster:
    """Overview raster: ``grid[row, col]`` is 0 (empty) or the top-most class in the cell and its coverage.

    With ``shades`` coverage steps a value ``v > 0`` is class ``(v - 1) // shades`` covering
    ``((v - 1) % shades + 1) / shades`` of the cell; with one shade, ``v - 1`` is the class.
    Each class is drawn ``widths`` cells wide (the style's pixel width at one cell a pixel).
    Row 0 is the top (``ymax``) edge; the cell edge is ``cell`` metres.
    """

    grid: np.ndarray
    xmin: float
    ymax: float
    cell: float
    shades: int = 1
    #: Width (cells: pixels at one cell a pixel) each class was drawn with; empty: one cell each.
    widths: tuple = ()

    def width_of(self, cls: int) -> float:
        """The width class ``cls`` is drawn with in this raster."""
        return float(self.widths[cls]) if cls < len(self.widths) else 1.0

    @property
    def extent(self) -> tuple[float, float, float, float]:
        h, w = self.grid.shape
        return self.xmin, self.ymax - h * self.cell, self.xmin + w * self.cell, self.ymax

    def classes(self) -> np.ndarray:
        """The class index per cell (-1 where empty)."""
        g = self.grid.astype(np.int32)
        return np.where(g > 0, (g - 1) // self.shades, -1)


def raster_shades(n_classes: int) -> int:
    """Coverage steps per class that fit a byte with ``n_classes`` classes (0 stays "empty")."""
    return max(1, min(RASTER_SHADES, 255 // max(n_classes, 1)))


def _wu_cells(s: np.ndarray, width: np.ndarray | float = 1.0
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The cells a line ``width`` cells wide over each segment of ``s`` touches, and its coverage there.

    ``s`` holds ``u0, v0, u1, v1`` in cell units with cell centres on whole numbers (``u`` the
    column, ``v`` the row); ``width`` is one per segment or one for all. One step per whole
    number along the segment's major axis; at each, the band the line crosses there (its width
    over the cosine of its slant) covers the cells across it by its overlap with each (Xiaolin
    Wu's two cells for a one-cell line). Returns ``row, col, coverage, segment`` per touched cell.
    """
    u0, v0, u1, v1 = s[:, 0], s[:, 1], s[:, 2], s[:, 3]
    along_u = np.abs(u1 - u0) >= np.abs(v1 - v0)
    a0, a1 = np.where(along_u, u0, v0), np.where(along_u, u1, v1)
    b0, b1 = np.where(along_u, v0, u0), np.where(along_u, v1, u1)
    lo, hi = np.ceil(np.minimum(a0, a1)), np.floor(np.maximum(a0, a1))
    n = (hi - lo + 1).astype(np.int64)
    short = n <= 0  # shorter than a cell between two centres: one step at its middle
    lo = np.where(short, np.rint((a0 + a1) / 2), lo)
    n[short] = 1
    rep = np.repeat(np.arange(len(s)), n)
    a = lo[rep] + (np.arange(len(rep)) - np.repeat(np.cumsum(n) - n, n))
    da = (a1 - a0)[rep]
    t = np.divide(a - a0[rep], da, out=np.full(len(rep), 0.5), where=da != 0)
    b = b0[rep] + (b1 - b0)[rep] * np.clip(t, 0.0, 1.0)
    # A band w wide crossing a column at an angle spans w / cos of it there (up to √2 w on a
    # diagonal): without it diagonal lines came out fainter than the antialiased lines they stand for.
    slant = np.hypot(u1 - u0, v1 - v0) / np.maximum(np.abs(a1 - a0), 1e-12)
    slant = np.where(short, 1.0, np.minimum(slant, np.sqrt(2.0)))
    half = (np.broadcast_to(np.asarray(width, dtype=float), (len(s),)) * slant / 2.0)[rep]
    first = np.floor(b - half + 0.5).astype(np.int64)
    k = np.floor(b + half + 0.5).astype(np.int64) - first + 1  # cells across the band at each step
    step = np.repeat(np.arange(len(rep)), k)
    cell = first[step] + (np.arange(len(step)) - np.repeat(np.cumsum(k) - k, k))
    cover = np.minimum(b[step] + half[step], cell + 0.5) - np.maximum(b[step] - half[step], cell - 0.5)
    cover = np.clip(cover, 0.0, 1.0)
    major = a[step].astype(np.int64)
    u_major = along_u[rep][step]
    row = np.where(u_major, cell, major)
    col = np.where(u_major, major, cell)
    return row, col, cover, rep[step]


def class_rasters(seg: np.ndarray, cls: np.ndarray, n_classes: int,
                  bounds: tuple[float, float, float, float], cells=RASTER_CELLS,
                  max_cells: int = RASTER_MAX_CELLS, shades: int | None = None,
                  widths=None) -> list[ClassRaster]:
    """Rasterise segments into a pyramid of class grids (higher class wins a cell), with coverage.

    Each level draws every segment as an antialiased line (:func:`_wu_cells`) ``widths[class]``
    cells wide (default one), so at about one cell a pixel a level looks like the lines drawn
    with those pixel widths; a cell keeps the line covering most of it, then the highest class
    (the highest class first when there are more than 8 classes). Levels of :data:`RASTER_ALWAYS_CELL` and coarser draw every class one cell
    wide: there every pixel holds pipes, and the mains at their full width would cover the rest.
    Every segment reaches at least one cell of every level: thin lines never vanish as the map
    zooms out.
    """
    shades = raster_shades(n_classes) if shades is None else shades
    widths = tuple(float(w) for w in widths) if widths is not None else ()
    by_cover = n_classes <= _CLASS_SLOTS and (shades - 1) * _CLASS_SLOTS + n_classes <= 255
    xmin, ymin, xmax, ymax = bounds
    span = max(xmax - xmin, ymax - ymin)
    cells = [c for c in cells if span / c <= max_cells] or [span / max_cells]
    cls = np.asarray(cls)
    out = []
    top = ymin + (int(np.ceil((ymax - ymin) / cells[0])) + 1) * cells[0]  # every level's top edge
    for cell in cells:
        w = int(np.ceil((xmax - xmin) / cell)) + 1
        h = int(np.ceil((top - ymin) / cell))
        level_widths = widths if cell < RASTER_ALWAYS_CELL else ()
        class_width = np.array([level_widths[c] if c < len(level_widths) else 1.0
                                for c in range(max(n_classes, 1))])
        grid = np.zeros((h, w), dtype=np.uint8)
        flat = grid.reshape(-1)
        # Chunks keep the per-cell arrays small, and each step short for the other threads waiting
        # for the GIL. Segments past ``cls`` (classes beyond ``n_classes``, which tiling leaves out)
        # are not drawn.
        step = 25_000
        for start in range(0, min(len(seg), len(cls)), step):
            s = np.asarray(seg[start:min(start + step, len(cls))], dtype=np.float64)
            c = cls[start:start + len(s)].astype(np.int64)
            uv = np.empty_like(s)
            uv[:, 0::2] = (s[:, 0::2] - xmin) / cell - 0.5
            uv[:, 1::2] = (top - s[:, 1::2]) / cell - 0.5
            row, col, cover, which = _wu_cells(uv, class_width[np.minimum(c, len(class_width) - 1)])
            del uv
            k = np.rint(cover * shades).astype(np.int64)
            ok = (k > 0) & (row >= 0) & (row < h) & (col >= 0) & (col < w)
            cc, kk = c[which[ok]], k[ok] - 1
            # The value order is the priority, so a max keeps the right one: the line covering most
            # of the cell, then the higher class (a main's faint edge does not hide the line it touches).
            key = 1 + kk * _CLASS_SLOTS + cc if by_cover else 1 + cc * shades + kk
            np.maximum.at(flat, row[ok] * w + col[ok], key.astype(np.uint8))
        if by_cover:  # the priority keys as the raster's values
            lut = np.zeros(256, dtype=np.uint8)
            keys = np.arange(1, 256)
            lut[1:] = 1 + ((keys - 1) % _CLASS_SLOTS) * shades + (keys - 1) // _CLASS_SLOTS
            for r0 in range(0, h, 2048):
                grid[r0:r0 + 2048] = lut[grid[r0:r0 + 2048]]
        out.append(ClassRaster(grid, xmin, top, cell, shades, level_widths))
    return out


#: Class slots in a coverage-first priority key (``1 + coverage step × slots + class`` must fit a byte).
_CLASS_SLOTS = 8


@dataclass
class LineLevels:
    """A line layer at full resolution plus its overview levels."""

    levels: list[SegmentTiles]
    rasters: list[ClassRaster] = field(default_factory=list)

    def for_resolution(self, m_per_px: float) -> SegmentTiles:
        """The coarsest vector level whose tolerance stays under ~0.75 px."""
        best = self.levels[0]
        for lvl in self.levels[1:]:
            if lvl.tolerance <= 0.75 * m_per_px:
                best = lvl
        return best

    def raster_for_resolution(self, m_per_px: float) -> ClassRaster | None:
        """The overview raster to draw at this scale, or None to draw vectors.

        Rasters are used once a cell is no bigger than ~1.1 px, choosing the
        coarsest such level (so the blit downsamples little).
        """
        best = None
        for r in self.rasters:
            if r.cell <= 1.1 * m_per_px:
                best = r
        return best

    def raster_for_view(self, m_per_px: float, box: tuple[float, float, float, float],
                        budget: int | None = None) -> ClassRaster | None:
        """The raster to draw for this view, or None to draw vectors.

        Coarse rasters (cell ≥ :data:`RASTER_ALWAYS_CELL`) as :meth:`raster_for_resolution`;
        a finer one only when the view holds more than ``budget`` vector segments (default
        :data:`SHADED_VECTOR_BUDGET` for a shaded raster, :data:`VECTOR_BUDGET` for a plain one),
        so the drawn work follows the pixels, not the pipes.
        """
        raster = self.raster_for_resolution(m_per_px)
        if raster is None or raster.cell >= RASTER_ALWAYS_CELL:
            return raster
        if budget is None:
            budget = SHADED_VECTOR_BUDGET if raster.shades > 1 else VECTOR_BUDGET
        if self.for_resolution(m_per_px).count_in(*box) <= budget:
            return None
        return raster


def robust_bounds(boxes: np.ndarray, spans: float = OUTLIER_SPANS
                  ) -> tuple[tuple[float, float, float, float] | None, np.ndarray]:
    """The extent of the bulk of the features, and which features lie far outside it.

    A pipe typed in degrees into a metric layer, or one vertex 10,000 km off,
    must not make the map's extent (and its tiles and overview rasters) that
    big. The bulk is the 0.5–99.5 percentile box of the feature centres; a
    feature whose box reaches more than ``spans`` times the bulk's span beyond
    it, or holds a coordinate that is not finite, is an outlier. The bulk's span
    counts the features' own size (the percentiles of their box edges, not of
    their centres): one motorcade route, or two parallel mains, is its own bulk
    and never an outlier of itself.

    Parameters
    ----------
    boxes
        ``(N, 4)`` ``xmin, ymin, xmax, ymax`` per feature (``shapely.bounds``).

    Returns
    -------
    bounds
        Union of the boxes of the features that are not outliers (None when none are left).
    outlier
        ``(N,)`` bool.
    """
    boxes = np.asarray(boxes, dtype=np.float64).reshape(-1, 4)
    finite = np.isfinite(boxes).all(axis=1)
    if not finite.any():
        return None, ~finite
    good = boxes[finite]
    lo_x, lo_y = np.percentile(good[:, 0], 0.5), np.percentile(good[:, 1], 0.5)
    hi_x, hi_y = np.percentile(good[:, 2], 99.5), np.percentile(good[:, 3], 99.5)
    span = max(hi_x - lo_x, hi_y - lo_y, 1.0)
    # Nearly all features between the percentiles: the span is the network's own size.
    reach = spans * span
    with np.errstate(invalid="ignore"):
        outlier = ~finite | (boxes[:, 0] < lo_x - reach) | (boxes[:, 2] > hi_x + reach) \
            | (boxes[:, 1] < lo_y - reach) | (boxes[:, 3] > hi_y + reach)
    keep = boxes[~outlier]
    if len(keep) == 0:
        return None, outlier
    bounds = (float(keep[:, 0].min()), float(keep[:, 1].min()), float(keep[:, 2].max()), float(keep[:, 3].max()))
    return bounds, outlier


def build_line_levels(geoms: np.ndarray, codes: np.ndarray, n_classes: int,
                      tile: float = TILE_M, tolerances=OVERVIEW_TOLERANCES,
                      raster_min_segments: int = 200_000) -> LineLevels:
    """Tile a line layer at full resolution and at each overview tolerance.

    Vector overviews are only kept when they cut the segment count by at least
    a quarter; raster overviews only for layers of at least
    ``raster_min_segments`` segments (small layers draw fast as vectors).
    Outliers (:func:`robust_bounds`) are left out: callers name them
    (:meth:`FeatureData.outlier_rows`).
    """
    geoms = np.asarray(geoms, dtype=object)
    codes = np.asarray(codes)
    if len(geoms):
        _, outlier = robust_bounds(shapely.bounds(geoms))
        if outlier.any():
            geoms, codes = geoms[~outlier], codes[~outlier]
    seg, cls = line_segments(geoms, codes)
    if len(seg) == 0:
        empty = tile_segments(seg, cls, n_classes, (0.0, 0.0, 1.0, 1.0), tile)
        return LineLevels([empty])
    bounds = (float(min(seg[:, 0].min(), seg[:, 2].min())), float(min(seg[:, 1].min(), seg[:, 3].min())),
              float(max(seg[:, 0].max(), seg[:, 2].max())), float(max(seg[:, 1].max(), seg[:, 3].max())))
    full = tile_segments(seg, cls, n_classes, bounds, tile)
    del seg, cls  # the tiled copy is sorted by class: rebuild classes from it (saves ~100 MB at 2.5 M)
    full_cls = np.repeat(np.arange(n_classes, dtype=np.int32), full.class_counts())
    rasters = class_rasters(full.seg, full_cls, n_classes, bounds) if len(full.seg) >= raster_min_segments else []
    del full_cls
    levels = [full]
    last = len(full.seg)
    for tol in tolerances:
        oseg, ocls = overview_segments(geoms, codes, tol, bounds[:2])
        if len(oseg) > 0.75 * last:
            continue
        # Coarser levels are drawn over wider views: bigger tiles, fewer slices.
        levels.append(tile_segments(oseg, ocls, n_classes, bounds, max(tile, tol * 200), tol))
        last = len(oseg)
    return LineLevels(levels, rasters)


@dataclass
class PolygonRings:
    """Polygon rings as flat coordinates: ring ``i`` is ``xy[starts[i]:starts[i+1]]``."""

    xy: np.ndarray
    starts: np.ndarray
    cls: np.ndarray
    bbox: np.ndarray  # (n_rings, 4)


def polygon_rings(geoms: np.ndarray, codes: np.ndarray) -> PolygonRings:
    """Flatten (multi)polygons into rings with their class (exteriors and holes)."""
    parts, owner = shapely.get_parts(np.asarray(geoms, dtype=object), return_index=True)
    rings, ring_owner = shapely.get_rings(parts, return_index=True)
    xy, idx = shapely.get_coordinates(rings, return_index=True)
    counts = np.bincount(idx, minlength=len(rings))
    starts = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    cls = np.asarray(codes, dtype=np.int32)[owner[ring_owner]] if len(rings) else np.empty(0, np.int32)
    bbox = shapely.bounds(rings) if len(rings) else np.empty((0, 4))
    return PolygonRings(np.ascontiguousarray(xy), starts, cls, bbox)


@dataclass
class LineLabels:
    """Label anchors along named lines: position, angle (degrees, readable) and text."""

    x: np.ndarray
    y: np.ndarray
    angle: np.ndarray
    length: np.ndarray
    text: np.ndarray


def line_labels(geoms: np.ndarray, names: np.ndarray) -> LineLabels:
    """One anchor per named line, at its middle, along the local direction."""
    names = np.asarray(names, dtype=object)
    ok = np.array([isinstance(n, str) and n.strip() != "" for n in names], dtype=bool)
    g = np.asarray(geoms, dtype=object)[ok]
    if len(g) == 0:
        e = np.empty(0)
        return LineLabels(e, e, e, e, np.empty(0, dtype=object))
    length = shapely.length(g)
    mid = shapely.line_interpolate_point(g, length * 0.5)
    a = shapely.line_interpolate_point(g, np.maximum(length * 0.5 - 5, 0))
    b = shapely.line_interpolate_point(g, np.minimum(length * 0.5 + 5, length))
    pa, pb, pm = shapely.get_coordinates(a), shapely.get_coordinates(b), shapely.get_coordinates(mid)
    ang = np.degrees(np.arctan2(pb[:, 1] - pa[:, 1], pb[:, 0] - pa[:, 0]))
    ang = np.where(ang > 90, ang - 180, np.where(ang < -90, ang + 180, ang))
    order = np.argsort(-length)  # long streets get their label first
    return LineLabels(pm[order, 0], pm[order, 1], ang[order], length[order], names[ok][order])


@dataclass
class FeatureData:
    """A vector layer's features in the local metric CRS plus lazily built draw/hit structures.

    Parameters
    ----------
    geoms
        Shapely geometries in the local CRS.
    ids
        Store ids (or row numbers) of the features.
    attrs
        Attributes, one row per feature, in the same order.
    codes
        Style class index per feature.
    n_classes
        Number of style classes.
    label_field
        Attribute used for labels, if any.
    """

    geoms: np.ndarray
    ids: np.ndarray
    attrs: pd.DataFrame
    codes: np.ndarray
    n_classes: int = 1
    label_field: str | None = None
    _cache: dict = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __len__(self) -> int:
        return len(self.geoms)

    def _cached(self, key: str, build):
        # Renders run on a worker thread while the GUI thread may hit-test:
        # build each structure once, under a lock.
        with self._lock:
            if key not in self._cache:
                self._cache[key] = build()
            return self._cache[key]

    def line_levels(self) -> LineLevels:
        """Tiled segments with overviews (built on first use)."""
        return self._cached("lines", lambda: build_line_levels(self.geoms, self.codes, self.n_classes))

    def levels_ready(self) -> bool:
        """Whether :meth:`line_levels` answers without waiting for a build elsewhere (always, here)."""
        return True

    def prepare_for_scale(self, m_per_px: float) -> None:
        """Build :meth:`line_levels` for drawing at ``m_per_px`` only: the full-resolution tiles and the
        one overview that scale uses, no rasters (a layer drawn once, e.g. on a printed sheet: the
        whole pyramid cost seconds a sheet at city scale, and a raster has no place on paper)."""
        tolerances = tuple(t for t in OVERVIEW_TOLERANCES if t <= 0.75 * m_per_px)[-1:]
        with self._lock:
            self._cache["lines"] = build_line_levels(self.geoms, self.codes, self.n_classes,
                                                     tolerances=tolerances, raster_min_segments=2**62)

    def outlier_rows(self) -> np.ndarray:
        """Rows of features far outside the rest (not drawn, not in the extent; see :func:`robust_bounds`)."""
        def build():
            if len(self.geoms) == 0:
                return np.empty(0, dtype=np.int64)
            return np.flatnonzero(robust_bounds(shapely.bounds(self.geoms))[1])
        return self._cached("outliers", build)

    def points(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``x, y, cls`` of point features (centroids for other geometries)."""
        def build():
            pts = shapely.point_on_surface(self.geoms) if len(self.geoms) else self.geoms
            xy = shapely.get_coordinates(pts) if len(pts) else np.empty((0, 2))
            return np.ascontiguousarray(xy[:, 0]), np.ascontiguousarray(xy[:, 1]), np.asarray(self.codes, np.int32)
        return self._cached("points", build)

    def rings(self) -> PolygonRings:
        """Flattened polygon rings."""
        return self._cached("rings", lambda: polygon_rings(self.geoms, self.codes))

    def labels(self) -> LineLabels | None:
        """Label anchors, when a label field is set."""
        if not self.label_field or self.label_field not in self.attrs:
            return None
        return self._cached("labels", lambda: line_labels(self.geoms, self.attrs[self.label_field].to_numpy()))

    def tree(self) -> shapely.STRtree:
        """STRtree over the geometries (for identify and rectangle select)."""
        return self._cached("tree", lambda: shapely.STRtree(self.geoms))

    def bounds(self) -> tuple[float, float, float, float] | None:
        """Bounds of the features, outliers left out (:func:`robust_bounds`); None when empty."""
        if len(self.geoms) == 0:
            return None
        return self._cached("bounds", lambda: robust_bounds(shapely.bounds(self.geoms))[0])

    def nearest(self, x: float, y: float, tolerance: float) -> int | None:
        """Row of the feature nearest ``(x, y)`` within ``tolerance``, or None.

        With ``tolerance`` 0 only a feature containing or touching the point counts
        (polygons under the cursor).
        """
        if len(self.geoms) == 0:
            return None
        if tolerance <= 0:
            rows = self.tree().query(shapely.Point(x, y), predicate="intersects")
            return int(rows.max()) if len(rows) else None  # the last drawn is on top
        hit = self.tree().query_nearest(shapely.Point(x, y), max_distance=tolerance, all_matches=False)
        return int(hit[0]) if len(hit) else None

    def query_box(self, xmin: float, ymin: float, xmax: float, ymax: float) -> np.ndarray:
        """Rows of features intersecting the box."""
        if len(self.geoms) == 0:
            return np.empty(0, dtype=np.int64)
        return np.sort(self.tree().query(shapely.box(xmin, ymin, xmax, ymax), predicate="intersects"))

    def append(self, geom, fid: int, attrs: dict, code: int = 0) -> None:
        """Add one feature (e.g. drawn on the map) and drop the prepared structures."""
        self.geoms = np.concatenate([self.geoms, np.array([geom], dtype=object)])
        self.ids = np.concatenate([self.ids, np.array([fid], dtype=np.int64)])
        row = pd.DataFrame([{**attrs, "id": fid}])
        self.attrs = pd.concat([self.attrs, row], ignore_index=True) if len(self.attrs) else row
        self.codes = np.concatenate([np.asarray(self.codes, np.int32), np.array([code], np.int32)])
        with self._lock:
            self._cache.clear()
