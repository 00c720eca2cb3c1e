"""A line layer kept as flat arrays (memory-mapped from the map cache), not as shapely objects.

A city's 500,000 pipes as shapely geometries, an STRtree and a pandas frame
of Python strings cost the desk ~300 MB and seconds to read. Everything the
map needs of them fits in a few flat numpy arrays that
:mod:`gis.map_cache` keeps beside the store and maps read-only:

* :class:`LineStore`: every vertex in one ``(V, 2)`` array, CSR offsets of
  parts and features, each feature's box; shapely geometries are made only
  for the rows a caller asks for (identify, selection, zoom to a feature);
* :class:`GridIndex`: the hit-test index, a sparse grid of feature boxes with
  the subset of :class:`shapely.STRtree`'s API the map uses (``query``,
  ``query_nearest``), answering exactly as the tree did (same geometries,
  same predicates and distances);
* :class:`LeanAttrs`: the attribute columns as numeric arrays, categoricals
  (codes + categories) and strings as one UTF-8 blob with offsets; it reads
  like the DataFrame it replaces for what the map asks of it (a column, a
  row's values, ``in``), building pandas objects only for that answer;
* :class:`LeanLineData`: a :class:`~gis.map_prep.FeatureData` made of them.

Pure numpy/shapely/pandas (no Qt, no store).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from gis.map_prep import FeatureData, LineLevels

log = logging.getLogger(__name__)

#: Grid cell of the hit-test index (metres); a feature whose box covers more cells is checked by its box alone.
GRID_CELL_M = 200.0
GRID_MAX_CELLS = 64


def _ranges(starts: np.ndarray, stops: np.ndarray) -> np.ndarray:
    """All indices of the half-open ranges ``[starts[i], stops[i])``, concatenated."""
    starts = np.asarray(starts, dtype=np.int64)
    n = np.asarray(stops, dtype=np.int64) - starts
    n = np.maximum(n, 0)
    total = int(n.sum())
    if total == 0:
        return np.empty(0, dtype=np.int64)
    first = np.repeat(np.cumsum(n) - n, n)
    return np.repeat(starts, n) + (np.arange(total, dtype=np.int64) - first)


# -- geometries ---------------------------------------------------------------------------------
@dataclass
class LineStore:
    """Line features as flat arrays.

    Attributes
    ----------
    coords
        ``(V, 2)`` float64 vertices.
    part_starts
        ``(P + 1,)`` int64: part ``p`` is ``coords[part_starts[p]:part_starts[p + 1]]``.
    feat_parts
        ``(F + 1,)`` int64: feature ``i`` owns parts ``feat_parts[i]:feat_parts[i + 1]``.
    multi
        ``(F,)`` uint8: 1 when the feature is a MultiLineString.
    boxes
        ``(F, 4)`` float64 ``xmin, ymin, xmax, ymax`` (NaN for an empty feature).
    """

    coords: np.ndarray
    part_starts: np.ndarray
    feat_parts: np.ndarray
    multi: np.ndarray
    boxes: np.ndarray

    def __len__(self) -> int:
        return len(self.feat_parts) - 1

    @classmethod
    def from_geoms(cls, geoms) -> LineStore:
        """Flatten (multi)linestrings (in any order; others are kept by their vertices as lines)."""
        geoms = np.asarray(geoms, dtype=object)
        parts, owner = shapely.get_parts(geoms, return_index=True)
        coords, pidx = shapely.get_coordinates(parts, return_index=True)
        per_part = np.bincount(pidx, minlength=len(parts)).astype(np.int64)
        per_feat = np.bincount(owner, minlength=len(geoms)).astype(np.int64)
        part_starts = np.concatenate([[0], np.cumsum(per_part)]).astype(np.int64)
        feat_parts = np.concatenate([[0], np.cumsum(per_feat)]).astype(np.int64)
        multi = (shapely.get_type_id(geoms) == 5).astype(np.uint8)
        boxes = shapely.bounds(geoms) if len(geoms) else np.empty((0, 4))
        return cls(np.ascontiguousarray(coords, dtype=np.float64), part_starts, feat_parts, multi,
                   np.ascontiguousarray(boxes, dtype=np.float64))

    @classmethod
    def concat(cls, stores: list[LineStore]) -> LineStore:
        """One store of several (chunks read one after another)."""
        if not stores:
            return cls.from_geoms(np.empty(0, dtype=object))
        coords = np.concatenate([s.coords for s in stores])
        v_off = np.cumsum([0] + [len(s.coords) for s in stores])
        p_off = np.cumsum([0] + [len(s.part_starts) - 1 for s in stores])
        part_starts = np.concatenate([[0]] + [s.part_starts[1:] + v for s, v in zip(stores, v_off)])
        feat_parts = np.concatenate([[0]] + [s.feat_parts[1:] + p for s, p in zip(stores, p_off)])
        return cls(coords, part_starts.astype(np.int64), feat_parts.astype(np.int64),
                   np.concatenate([s.multi for s in stores]), np.concatenate([s.boxes for s in stores]))

    def select(self, rows) -> LineStore:
        """The features ``rows`` (in that order) as a store of their own (flat copies, no shapely)."""
        rows = np.asarray(rows, dtype=np.int64).reshape(-1)
        fp, ps = np.asarray(self.feat_parts), np.asarray(self.part_starts)
        p0, p1 = fp[rows], fp[rows + 1]
        parts = _ranges(p0, p1)
        c0, c1 = ps[parts], ps[parts + 1]
        coords = np.asarray(self.coords)[_ranges(c0, c1)]
        return LineStore(coords.reshape(-1, 2), np.concatenate([[0], np.cumsum(c1 - c0)]).astype(np.int64),
                         np.concatenate([[0], np.cumsum(p1 - p0)]).astype(np.int64),
                         np.asarray(self.multi)[rows], np.asarray(self.boxes)[rows].reshape(-1, 4))

    def take(self, rows) -> np.ndarray:
        """Shapely geometries of ``rows`` (an object array in the order asked)."""
        rows = np.asarray(rows, dtype=np.int64).reshape(-1)
        out = np.empty(len(rows), dtype=object)
        if len(rows) == 0:
            return out
        fp = np.asarray(self.feat_parts)
        p0, p1 = fp[rows], fp[rows + 1]
        parts = _ranges(p0, p1)
        nparts = p1 - p0
        ps = np.asarray(self.part_starts)
        c0, c1 = ps[parts], ps[parts + 1]
        ok = (c1 - c0) >= 2  # a LineString needs two vertices
        idx = _ranges(c0[ok], c1[ok])
        which = np.repeat(np.arange(int(ok.sum()), dtype=np.int64), (c1 - c0)[ok])
        lines = np.empty(len(parts), dtype=object)
        if len(idx):
            lines[ok] = shapely.linestrings(np.asarray(self.coords)[idx], indices=which)
        feat_of_part = np.repeat(np.arange(len(rows), dtype=np.int64), nparts)
        multi = np.asarray(self.multi)[rows].astype(bool)
        single = ~multi & (nparts == 1)
        first = np.cumsum(nparts) - nparts
        out[single] = lines[first[single]]
        rest = np.flatnonzero(~single)
        for k in rest:  # multi-part features (rare for pipes) and empty ones
            mine = lines[feat_of_part == k]
            mine = [g for g in mine if g is not None]
            if multi[k]:
                out[k] = shapely.MultiLineString(mine) if mine else shapely.from_wkt("MULTILINESTRING EMPTY")
            else:
                out[k] = mine[0] if mine else shapely.from_wkt("LINESTRING EMPTY")
        for k in np.flatnonzero(single):
            if out[k] is None:
                out[k] = shapely.from_wkt("LINESTRING EMPTY")
        return out

    def arrays(self) -> dict[str, np.ndarray]:
        return {"coords": self.coords, "part_starts": self.part_starts, "feat_parts": self.feat_parts,
                "multi": self.multi, "boxes": self.boxes}


class LazyGeoms:
    """The geometries of a :class:`LineStore`, read like an object array, made only where indexed.

    ``geoms[rows]``, ``geoms[mask]``, ``geoms[i]`` build those geometries;
    ``np.asarray(geoms)`` builds all of them (what a caller that really needs
    every geometry gets, e.g. the patrol colours' own drawing data).
    """

    dtype = np.dtype(object)
    ndim = 1

    def __init__(self, store: LineStore) -> None:
        self.store = store

    def __len__(self) -> int:
        return len(self.store)

    @property
    def shape(self) -> tuple[int]:
        return (len(self.store),)

    @property
    def boxes(self) -> np.ndarray:
        """``(N, 4)`` bounds of each geometry (as :func:`shapely.bounds`), without building them."""
        return self.store.boxes

    def __getitem__(self, key):
        if isinstance(key, (int, np.integer)):
            i = int(key)
            if i < 0:
                i += len(self)
            if not 0 <= i < len(self):
                raise IndexError(key)
            return self.store.take([i])[0]
        if isinstance(key, slice):
            return self.store.take(np.arange(len(self))[key])
        key = np.asarray(key)
        if key.dtype == bool:
            return self.store.take(np.flatnonzero(key))
        return self.store.take(np.where(key < 0, key + len(self), key))

    def __array__(self, dtype=None, copy=None):
        log.info("materialising all %d geometries of a lean layer", len(self), stack_info=log.isEnabledFor(logging.DEBUG))
        out = self.store.take(np.arange(len(self)))
        return out if dtype is None or np.dtype(dtype) == out.dtype else out.astype(dtype)

    def __iter__(self):
        step = 10_000
        for a in range(0, len(self), step):
            yield from self.store.take(np.arange(a, min(a + step, len(self))))

    def copy(self) -> np.ndarray:
        return np.asarray(self)


def _outward32(boxes: np.ndarray) -> np.ndarray:
    """``(N, 4)`` boxes as float32, each edge rounded outwards (a float32 box always holds the float64 one)."""
    boxes = np.asarray(boxes, dtype=np.float64).reshape(-1, 4)
    out = boxes.astype(np.float32)
    lo, hi = out[:, :2], out[:, 2:]
    lo[:] = np.where(lo.astype(np.float64) > boxes[:, :2], np.nextafter(lo, np.float32(-np.inf)), lo)
    hi[:] = np.where(hi.astype(np.float64) < boxes[:, 2:], np.nextafter(hi, np.float32(np.inf)), hi)
    return np.ascontiguousarray(out)


# -- the hit-test index -------------------------------------------------------------------------
@dataclass
class GridIndex:
    """A sparse grid of feature boxes: the hit-test index of a :class:`LineStore`.

    ``keys`` (sorted) are the non-empty cells ``row * ncols + col``; cell ``k``
    holds rows ``rows[starts[k]:starts[k + 1]]``. Features covering more than
    :data:`GRID_MAX_CELLS` cells, outside the grid or with a non-finite box
    are in ``big`` and checked by their box at every query.
    """

    keys: np.ndarray
    starts: np.ndarray
    rows: np.ndarray
    big: np.ndarray
    #: ``(E, 4)`` float32 box of each entry of ``rows`` (rounded outwards): a query reads these contiguous
    #: slices, not the boxes of features scattered over the whole layer.
    boxes: np.ndarray
    x0: float
    y0: float
    cell: float
    ncols: int
    nrows: int
    store: LineStore | None = None

    @classmethod
    def build(cls, store: LineStore, bounds, cell: float = GRID_CELL_M, max_cells: int = GRID_MAX_CELLS) -> GridIndex:
        boxes = np.asarray(store.boxes, dtype=np.float64)
        n = len(boxes)
        if bounds is None or n == 0:
            return cls(np.empty(0, np.int64), np.zeros(1, np.int64), np.empty(0, np.int32),
                       np.arange(n, dtype=np.int64), np.empty((0, 4), np.float32), 0.0, 0.0, float(cell), 1, 1, store)
        xmin, ymin, xmax, ymax = bounds
        ncols = max(1, int(np.ceil((xmax - xmin) / cell)) + 1)
        nrows = max(1, int(np.ceil((ymax - ymin) / cell)) + 1)
        finite = np.isfinite(boxes).all(axis=1)
        with np.errstate(invalid="ignore"):
            c0 = np.floor((boxes[:, 0] - xmin) / cell)
            c1 = np.floor((boxes[:, 2] - xmin) / cell)
            r0 = np.floor((boxes[:, 1] - ymin) / cell)
            r1 = np.floor((boxes[:, 3] - ymin) / cell)
            inside = finite & (c0 >= 0) & (r0 >= 0) & (c1 < ncols) & (r1 < nrows)
        c0, c1, r0, r1 = (np.where(inside, v, 0).astype(np.int64) for v in (c0, c1, r0, r1))
        w, h = c1 - c0 + 1, r1 - r0 + 1
        small = inside & (w * h <= max_cells)
        big = np.flatnonzero(~small).astype(np.int64)
        sel = np.flatnonzero(small)
        w, h, c0, r0 = w[sel], h[sel], c0[sel], r0[sel]
        cnt = w * h
        total = int(cnt.sum())
        owner = np.repeat(np.arange(len(sel), dtype=np.int64), cnt)
        j = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(cnt) - cnt, cnt)
        ww = w[owner]
        key = (r0[owner] + j // ww) * ncols + (c0[owner] + j % ww)
        del j, ww
        order = np.argsort(key, kind="stable")
        skey = key[order]
        rows = sel[owner[order]].astype(np.int32)
        del key, owner, order
        new = np.ones(len(skey), dtype=bool)
        if len(skey):
            new[1:] = skey[1:] != skey[:-1]
        first = np.flatnonzero(new)
        return cls(skey[first], np.concatenate([first, [len(skey)]]).astype(np.int64), rows, big,
                   _outward32(boxes[rows]), float(xmin), float(ymin), float(cell), ncols, nrows, store)

    def arrays(self) -> dict[str, np.ndarray]:
        return {"grid_keys": self.keys, "grid_starts": self.starts, "grid_rows": self.rows, "grid_big": self.big,
                "grid_boxes": self.boxes}

    def info(self) -> dict:
        return {"x0": self.x0, "y0": self.y0, "cell": self.cell, "ncols": self.ncols, "nrows": self.nrows}

    def __len__(self) -> int:
        return 0 if self.store is None else len(self.store)

    def candidates(self, xmin: float, ymin: float, xmax: float, ymax: float) -> np.ndarray:
        """Sorted rows whose box meets the box (the boxes only, kept as float32 rounded outwards)."""
        c0 = max(int(np.floor((xmin - self.x0) / self.cell)), 0)
        c1 = min(int(np.floor((xmax - self.x0) / self.cell)), self.ncols - 1)
        r0 = max(int(np.floor((ymin - self.y0) / self.cell)), 0)
        r1 = min(int(np.floor((ymax - self.y0) / self.cell)), self.nrows - 1)
        out = []
        big = np.asarray(self.big, dtype=np.int64)
        if len(big):
            b = np.asarray(self.store.boxes[big])
            with np.errstate(invalid="ignore"):
                hit = (b[:, 0] <= xmax) & (b[:, 2] >= xmin) & (b[:, 1] <= ymax) & (b[:, 3] >= ymin)
            out.append(big[hit])
        if c0 <= c1 and r0 <= r1 and len(self.keys):
            # The cells of one grid row in the box are consecutive keys, so their entries are one slice.
            rr = np.arange(r0, r1 + 1, dtype=np.int64)
            lo = np.searchsorted(self.keys, rr * self.ncols + c0, side="left")
            hi = np.searchsorted(self.keys, rr * self.ncols + c1, side="right")
            starts = self.starts
            for a, z in zip(np.asarray(starts[lo]).tolist(), np.asarray(starts[hi]).tolist()):
                if z <= a:
                    continue
                b = np.asarray(self.boxes[a:z])
                hit = (b[:, 0] <= xmax) & (b[:, 2] >= xmin) & (b[:, 1] <= ymax) & (b[:, 3] >= ymin)
                if hit.any():
                    out.append(np.asarray(self.rows[a:z])[hit].astype(np.int64))
        if not out:
            return np.empty(0, dtype=np.int64)
        # (The float32 boxes hold the exact ones: a candidate more at worst, decided by the geometry test.)
        return np.unique(np.concatenate(out))

    # -- the STRtree API the map uses ---------------------------------------------------------
    def query(self, geometry, predicate: str | None = None, distance: float | None = None) -> np.ndarray:
        """Rows whose geometry satisfies ``predicate(geometry, row's geometry)`` (as :meth:`shapely.STRtree.query`)."""
        if geometry is None or shapely.is_empty(geometry):
            return np.empty(0, dtype=np.int64)
        xmin, ymin, xmax, ymax = shapely.bounds(geometry)
        if predicate == "dwithin":
            d = float(distance or 0.0)
            xmin, ymin, xmax, ymax = xmin - d, ymin - d, xmax + d, ymax + d
        rows = self.candidates(xmin, ymin, xmax, ymax)
        if predicate is None or len(rows) == 0:
            return rows
        geoms = self.store.take(rows)
        if predicate == "dwithin":
            ok = shapely.dwithin(geometry, geoms, distance)
        else:
            ok = getattr(shapely, predicate)(geometry, geoms)
        return rows[np.asarray(ok, dtype=bool)]

    def query_nearest(self, geometry, max_distance: float | None = None, return_distance: bool = False,
                      exclusive: bool = False, all_matches: bool = True):
        """Rows nearest ``geometry`` (within ``max_distance``), as :meth:`shapely.STRtree.query_nearest` for one geometry."""
        empty = np.empty(0, dtype=np.int64)
        if geometry is None or shapely.is_empty(geometry) or len(self) == 0:
            return (empty, np.empty(0)) if return_distance else empty
        xmin, ymin, xmax, ymax = shapely.bounds(geometry)
        reach = float(max_distance) if max_distance is not None else self.cell
        while True:
            rows = self.candidates(xmin - reach, ymin - reach, xmax + reach, ymax + reach)
            geoms = self.store.take(rows)
            d = shapely.distance(geometry, geoms) if len(rows) else np.empty(0)
            if exclusive and len(rows):
                keep = ~shapely.equals(geometry, geoms)
                rows, d = rows[keep], d[keep]
            ok = np.isfinite(d) & (d <= reach)
            if ok.any() or max_distance is not None or reach > 1e8:
                break
            reach *= 4  # nothing this near: look farther (no limit asked)
        rows, d = rows[ok], d[ok]
        if len(rows):
            best = d.min()
            pick = np.flatnonzero(d == best)
            if not all_matches:
                pick = pick[:1]
            rows, d = rows[pick], d[pick]
        return (rows, d) if return_distance else rows


# -- attributes ---------------------------------------------------------------------------------
def _str_blob(values) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    enc = [v.encode("utf-8") if isinstance(v, str) else b"" for v in values]
    null = np.array([not isinstance(v, str) for v in values], dtype=np.uint8)
    lens = np.fromiter((len(e) for e in enc), dtype=np.int64, count=len(enc))
    offsets = np.concatenate([[0], np.cumsum(lens)]).astype(np.int64)
    blob = np.frombuffer(b"".join(enc), dtype=np.uint8).copy() if len(enc) else np.empty(0, np.uint8)
    return blob, offsets, null


def _str_values(blob: np.ndarray, offsets: np.ndarray, null: np.ndarray, rows=None) -> np.ndarray:
    raw = memoryview(np.asarray(blob)).tobytes() if rows is None or len(rows) > 1000 else None
    offsets = np.asarray(offsets)
    null = np.asarray(null)
    rows = np.arange(len(null)) if rows is None else np.asarray(rows, dtype=np.int64)
    out = np.empty(len(rows), dtype=object)
    a, b = offsets[rows].tolist(), offsets[rows + 1].tolist()
    nl = null[rows].tolist()
    if raw is None:
        bl = np.asarray(blob)
        for k in range(len(rows)):
            out[k] = None if nl[k] else bl[a[k]:b[k]].tobytes().decode("utf-8")
    else:
        for k in range(len(rows)):
            out[k] = None if nl[k] else raw[a[k]:b[k]].decode("utf-8")
    return out


def _scalar(v) -> bool:
    return v is None or isinstance(v, (bool, int, float, str, np.integer, np.floating, np.bool_))


def _json_values(values) -> list:
    import json

    out = []
    for v in values:
        if isinstance(v, (np.integer, np.floating, np.bool_)):
            v = v.item()
        out.append(json.dumps(v))
    return out


def lean_columns(attrs: pd.DataFrame) -> tuple[list[dict], dict[str, np.ndarray]] | None:
    """The columns of ``attrs`` as flat arrays plus their description, or None when one cannot be kept so.

    Numbers as they are; categoricals as codes plus their categories; text
    (object of str/None, or the ``str`` dtype) as one UTF-8 blob with offsets;
    other object columns of plain scalars as the JSON text of each value (read
    back as the same Python values).
    """
    specs: list[dict] = []
    arrays: dict[str, np.ndarray] = {}
    for i, name in enumerate(attrs.columns):
        col = attrs[name]
        tag = f"a{i}"
        dtype = col.dtype
        if isinstance(dtype, pd.CategoricalDtype):
            cats = col.cat.categories
            if not all(_scalar(c) for c in cats):
                return None
            codes = col.cat.codes.to_numpy()
            arrays[f"{tag}_codes"] = codes.astype(np.int16 if len(cats) < 32_000 else np.int32)
            specs.append({"name": str(name), "kind": "cat", "tag": tag, "categories": _json_values(cats.tolist()),
                          "categories_dtype": str(cats.dtype), "ordered": bool(dtype.ordered)})
            continue
        if isinstance(dtype, np.dtype) and dtype.kind in "biufM":
            arrays[f"{tag}_values"] = col.to_numpy()
            specs.append({"name": str(name), "kind": "num", "tag": tag})
            continue
        values = col.tolist()
        text = isinstance(dtype, pd.StringDtype) or all(v is None or isinstance(v, str) for v in values)
        if not text and not (dtype == object and all(_scalar(v) for v in values)):
            return None
        if text:
            values = [v if isinstance(v, str) else None for v in values]
            kind = "str"
        else:
            values = _json_values(values)
            kind = "json"
        blob, offsets, null = _str_blob(values)
        arrays[f"{tag}_blob"], arrays[f"{tag}_offsets"], arrays[f"{tag}_null"] = blob, offsets, null
        specs.append({"name": str(name), "kind": kind, "tag": tag, "dtype": str(dtype)})
    return specs, arrays


class _ILoc:
    def __init__(self, attrs: LeanAttrs) -> None:
        self._attrs = attrs

    def __getitem__(self, key):
        if isinstance(key, (int, np.integer)):
            i = int(key)
            if i < 0:
                i += len(self._attrs)
            if not 0 <= i < len(self._attrs):
                raise IndexError(key)
            return self._attrs.frame([i]).iloc[0]
        if isinstance(key, tuple):
            raise TypeError("LeanAttrs.iloc takes rows only")
        return self._attrs.frame(np.arange(len(self._attrs))[key])


class LeanAttrs:
    """Attribute columns kept as flat arrays; reads like the DataFrame it stands for, one answer at a time.

    ``attrs["code"]`` is a Series (built for that call), ``attrs.iloc[row]``
    the row as the frame gave it, ``name in attrs`` and ``attrs.columns`` as
    usual. Anything else is answered by the whole frame, built for the call.
    """

    def __init__(self, specs: list[dict], arrays: dict[str, np.ndarray], n: int) -> None:
        self._specs = {s["name"]: s for s in specs}
        self._arrays = arrays
        self._n = n
        self._cats = {s["name"]: pd.CategoricalDtype(pd.Index([json.loads(c) for c in s["categories"]],
                                                               dtype=s.get("categories_dtype", "object")),
                                                      ordered=s.get("ordered", False))
                      for s in specs if s["kind"] == "cat"}
        self.columns = pd.Index([s["name"] for s in specs], dtype=object)

    def __len__(self) -> int:
        return self._n

    @property
    def shape(self) -> tuple[int, int]:
        return self._n, len(self.columns)

    @property
    def empty(self) -> bool:
        return self._n == 0 or len(self.columns) == 0

    def __contains__(self, name) -> bool:
        return name in self._specs

    def __iter__(self):
        return iter(self.columns)

    @property
    def iloc(self) -> _ILoc:
        return _ILoc(self)

    def _values(self, name: str, rows=None):
        s = self._specs[name]
        a = self._arrays
        if s["kind"] == "num":
            v = a[f"{s['tag']}_values"]
            return np.array(v if rows is None else v[rows])
        if s["kind"] == "cat":
            c = a[f"{s['tag']}_codes"]
            c = np.asarray(c if rows is None else c[rows])
            return pd.Categorical.from_codes(c.astype(np.int32), dtype=self._cats[name])
        v = _str_values(a[f"{s['tag']}_blob"], a[f"{s['tag']}_offsets"], a[f"{s['tag']}_null"], rows)
        if s["kind"] == "json":
            v = np.array([json.loads(x) for x in v] + [None], dtype=object)[:-1]
        dtype = s.get("dtype", "object")
        return v if dtype == "object" else pd.array(v, dtype=dtype)

    def __getitem__(self, name):
        if isinstance(name, str):
            if name not in self._specs:
                raise KeyError(name)
            return pd.Series(self._values(name), name=name)
        return self.to_frame()[name]

    def frame(self, rows=None) -> pd.DataFrame:
        """The rows (all when None) as a DataFrame of the original dtypes."""
        rows = None if rows is None else np.asarray(rows, dtype=np.int64)
        return pd.DataFrame({name: self._values(name, rows) for name in self.columns},
                            columns=self.columns)

    def to_frame(self) -> pd.DataFrame:
        return self.frame()

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        log.info("LeanAttrs.%s answered by a whole frame", name, stack_info=log.isEnabledFor(logging.DEBUG))
        return getattr(self.to_frame(), name)


# -- the layer ----------------------------------------------------------------------------------
class LeanLineData(FeatureData):
    """A line layer's :class:`FeatureData` made of flat (memory-mapped) arrays.

    Drawing data (``levels``), extent and outliers come prepared; ``geoms`` is
    a :class:`LazyGeoms`, ``attrs`` a :class:`LeanAttrs`, ``tree()`` the
    :class:`GridIndex`. ``to_feature_data()`` makes the plain layer (all
    geometries built) for an edit.
    """

    def __init__(self, store: LineStore, ids: np.ndarray, attrs: LeanAttrs, codes: np.ndarray, n_classes: int,
                 levels: LineLevels | None, grid: GridIndex, bounds, outliers: np.ndarray,
                 label_field: str | None = None) -> None:
        super().__init__(LazyGeoms(store), ids, attrs, codes, n_classes, label_field)
        self.store = store
        grid.store = store
        if levels is not None:
            self._cache["lines"] = levels
        self._cache["tree"] = grid
        self._cache["bounds"] = bounds
        self._cache["outliers"] = np.asarray(outliers, dtype=np.int64)

    def __len__(self) -> int:
        return len(self.store)

    def bounds(self):
        return self._cache["bounds"]

    def line_levels(self) -> LineLevels:
        def build():
            outlier = np.zeros(len(self.store), dtype=bool)
            outlier[self._cache["outliers"]] = True
            return build_line_levels_flat(self.store, self.codes, self.n_classes, outlier)
        return self._cached("lines", build)

    def with_codes(self, codes: np.ndarray, n_classes: int) -> LeanLineData:
        """The same features drawn in other classes (their drawing data is built on first use)."""
        return LeanLineData(self.store, self.ids, self.attrs, codes, n_classes, None, self._cache["tree"],
                            self._cache["bounds"], self._cache["outliers"], self.label_field)

    def to_feature_data(self) -> FeatureData:
        """The plain layer: every geometry and the attribute frame built (before an edit)."""
        return FeatureData(np.asarray(self.geoms), np.array(self.ids, dtype=np.int64), self.attrs.to_frame(),
                           np.array(self.codes, dtype=np.int32), self.n_classes, self.label_field)

    def append(self, geom, fid: int, attrs: dict, code: int = 0) -> None:
        raise TypeError("a lean layer is read-only: use to_feature_data() before an edit")

    def __repr__(self) -> str:
        return f"LeanLineData(rows={len(self)}, classes={self.n_classes})"


# -- building the drawing data from the flat arrays (a cold open, in bounded memory) ------------
def flat_segments(store: LineStore, codes: np.ndarray, keep: np.ndarray | None = None
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Segments ``(N, 4)`` and their classes of the kept features, in feature order (as :func:`gis.map_prep.line_segments`)."""
    ps = np.asarray(store.part_starts)
    fp = np.asarray(store.feat_parts)
    n_parts = len(ps) - 1
    part_feat = np.repeat(np.arange(len(fp) - 1, dtype=np.int64), np.diff(fp))
    part_len = np.diff(ps)
    part_ok = part_len >= 2
    if keep is not None:
        part_ok &= np.asarray(keep, dtype=bool)[part_feat]
    # Segment k of part p joins vertices ps[p] + k and ps[p] + k + 1.
    nseg = np.where(part_ok, part_len - 1, 0)
    first = _ranges(ps[:n_parts], ps[:n_parts] + nseg)
    coords = np.asarray(store.coords)
    seg = np.empty((len(first), 4), dtype=np.float64)
    seg[:, :2] = coords[first]
    seg[:, 2:] = coords[first + 1]
    del first
    cls = np.asarray(codes, dtype=np.int32)[np.repeat(part_feat, nseg)]
    return seg, cls


def _overview_flat(store: LineStore, codes: np.ndarray, rows: np.ndarray, tolerance: float,
                   origin: tuple[float, float], chunk: int) -> tuple[np.ndarray, np.ndarray]:
    """:func:`gis.map_prep.overview_segments` of ``rows``, a chunk of geometries at a time."""
    from gis.map_prep import line_segments, snap_keys, snapped_segments

    keyed = []
    for a in range(0, len(rows), chunk):
        r = rows[a:a + chunk]
        simple = shapely.simplify(store.take(r), tolerance, preserve_topology=False)
        seg, cls = line_segments(simple, np.asarray(codes)[r])
        del simple
        if len(seg) == 0:
            continue
        keyed.append(snap_keys(seg, cls, tolerance, origin))
        del seg, cls
    if not keyed:
        return np.empty((0, 4)), np.empty(0, dtype=np.int32)
    return snapped_segments(keyed, tolerance, origin)


def build_line_levels_flat(store: LineStore, codes: np.ndarray, n_classes: int, outlier: np.ndarray,
                           chunk: int = 8_000, raster_min_segments: int = 200_000, spill=None,
                           widths=None) -> LineLevels:
    """:func:`gis.map_prep.build_line_levels` from a :class:`LineStore`, never holding every geometry as shapely.

    Full-resolution segments come straight from the vertex arrays; each
    overview simplifies ``chunk`` geometries at a time (shapely holds the GIL while it makes them:
    small chunks keep the GUI thread's waits for it short while a city's cache is built). ``spill(array)``, when
    given, writes a finished big array out and returns it memory-mapped, so the
    build holds only what it is working on. ``widths`` are the classes' pixel widths the
    rasters draw them with (:func:`gis.map_prep.class_rasters`).
    """
    spill = spill or (lambda a: a)
    from gis.map_prep import OVERVIEW_TOLERANCES, TILE_M, class_rasters, tile_segments

    tile, tolerances = TILE_M, OVERVIEW_TOLERANCES
    keep = ~np.asarray(outlier, dtype=bool)
    seg, cls = flat_segments(store, codes, keep)
    if len(seg) == 0:
        return LineLevels([tile_segments(seg, cls, n_classes, (0.0, 0.0, 1.0, 1.0), tile)])
    bounds = (float(min(seg[:, 0].min(), seg[:, 2].min())), float(min(seg[:, 1].min(), seg[:, 3].min())),
              float(max(seg[:, 0].max(), seg[:, 2].max())), float(max(seg[:, 1].max(), seg[:, 3].max())))
    full = tile_segments(seg, cls, n_classes, bounds, tile)
    del seg, cls
    full_cls = np.repeat(np.arange(n_classes, dtype=np.int32), full.class_counts())
    rasters = class_rasters(full.seg, full_cls, n_classes, bounds, widths=widths) \
        if len(full.seg) >= raster_min_segments else []
    del full_cls
    for r in rasters:
        r.grid = spill(r.grid)
    full.seg = spill(full.seg)
    levels = [full]
    last = len(full.seg)
    rows = np.flatnonzero(keep)
    for tol in tolerances:
        oseg, ocls = _overview_flat(store, codes, rows, tol, bounds[:2], chunk)
        if len(oseg) > 0.75 * last:
            continue
        levels.append(tile_segments(oseg, ocls, n_classes, bounds, max(tile, tol * 200), tol))
        del oseg, ocls
        last = len(levels[-1].seg)
        levels[-1].seg = spill(levels[-1].seg)
    return LineLevels(levels, rasters)
