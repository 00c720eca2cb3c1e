"""Find a map object by name or code: pipes, valves, hydrants, places, streets, teams, vehicles, repairs.

Pure data: the desk builds a :class:`SearchTable` per map layer (columns: a
city's 500,000 pipes are arrays, not 500,000 objects: as objects they cost
~230 MB and a second a keystroke) and :class:`SearchEntry` rows for the few
teams and vehicles; :func:`search` ranks them for a typed query (exact code,
then code prefix, then a name starting with the query, then the query anywhere
in code, name or Chinese name; case does not matter). Each match carries the
box to zoom to, in the map's metres.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import shapely

#: Kinds in the order they are listed when they rank equal.
KIND_ORDER = ("repair", "vehicle", "team", "place", "user", "valve", "pipe", "street", "route", "area",
              "hydrant", "patch")


@dataclass(frozen=True)
class SearchEntry:
    """One findable object.

    ``layer``/``fid`` name the map feature to select (None for vehicles and
    teams, which have no layer row of their own); ``bounds`` is where to zoom.
    """

    kind: str
    code: str
    name: str
    name_zh: str
    bounds: tuple[float, float, float, float]
    layer: str | None = None
    fid: int | None = None
    detail: str = ""

    def text(self, zh: bool) -> str:
        """The name shown (Chinese when asked and known)."""
        return (self.name_zh if zh and self.name_zh else self.name) or self.code


def _s(value) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value)


class TextColumn:
    """A column of texts as its distinct values and one index per row (a pipe network's street names are a
    few hundred values over 500,000 rows), each value kept as shown and case-folded for matching.

    Values are numpy fixed-width strings, bytes when all are ASCII (pipe codes: ~10 bytes a row).
    """

    def __init__(self, values, n: int) -> None:
        texts = np.array([_s(v) for v in values], dtype=object) if values is not None else np.full(n, "", object)
        shown, index = np.unique(texts, return_inverse=True) if n else (np.array([""], object), np.zeros(0, np.int64))
        self.index = index.astype(np.int32 if len(shown) < 2**31 else np.int64)
        folded = [t.casefold() for t in shown.tolist()]
        self.ascii = all(t.isascii() for t in folded) and all(t.isascii() for t in shown.tolist())
        self.shown = np.array(shown.tolist(), dtype="S" if self.ascii else "U")
        self.folded = np.array(folded, dtype="S" if self.ascii else "U")
        # Each value's place in the sorted order of the shown values (ties ordered as :func:`search` orders).
        self.order = np.argsort(np.argsort(self.shown, kind="stable"), kind="stable").astype(np.int64)
        self.length = np.strings.str_len(np.array(shown.tolist(), dtype="U")).astype(np.int64) if len(shown) else \
            np.zeros(0, np.int64)

    def text(self, row: int) -> str:
        v = self.shown[self.index[row]]
        return v.decode() if isinstance(v, bytes) else str(v)

    def _query(self, q: str):
        if not self.ascii:
            return q
        return q.encode() if q.isascii() else None  # a non-ASCII query is in no ASCII value

    def equals(self, q: str) -> np.ndarray:
        qq = self._query(q)
        return np.zeros(len(self.index), bool) if qq is None else (self.folded == qq)[self.index]

    def starts(self, q: str) -> np.ndarray:
        qq = self._query(q)
        return np.zeros(len(self.index), bool) if qq is None else np.strings.startswith(self.folded, qq)[self.index]

    def contains(self, q: str) -> np.ndarray:
        qq = self._query(q)
        return np.zeros(len(self.index), bool) if qq is None else (np.strings.find(self.folded, qq) >= 0)[self.index]


@dataclass
class SearchTable:
    """Findable objects of one kind and layer as columns, for :func:`search`.

    ``fid`` are the layer rows' ids (-1: none), ``bounds`` an ``(n, 4)`` array of the
    boxes to zoom to; the texts are :class:`TextColumn`.
    """

    kind: str
    layer: str | None
    fid: np.ndarray
    code: TextColumn
    name: TextColumn
    name_zh: TextColumn
    detail: TextColumn
    bounds: np.ndarray

    def __post_init__(self) -> None:
        n = len(self.fid)
        # One sort key per row for ties of rank: length of code + name, then code, then name.
        width = self.code.length[self.code.index] + self.name.length[self.name.index] if n else np.zeros(0, np.int64)
        self._tie = ((np.minimum(width, 4095) << 48) | (np.minimum(self.code.order[self.code.index], 2**24 - 1) << 24)
                     | np.minimum(self.name.order[self.name.index], 2**24 - 1)) if n else np.zeros(0, np.int64)
        self._width = width

    def __len__(self) -> int:
        return len(self.fid)

    def entry(self, i: int) -> SearchEntry:
        """Row ``i`` as a :class:`SearchEntry`."""
        fid = int(self.fid[i])
        return SearchEntry(self.kind, self.code.text(i), self.name.text(i), self.name_zh.text(i),
                           tuple(float(v) for v in self.bounds[i]), self.layer, None if fid < 0 else fid,
                           self.detail.text(i))

    def entries(self) -> list[SearchEntry]:
        """Every row as a :class:`SearchEntry` (small tables, tests)."""
        return [self.entry(i) for i in range(len(self))]

    def ranks(self, q: str) -> np.ndarray:
        """Each row's rank for the folded query ``q`` (as :func:`search` ranks an entry; 5: no match)."""
        rank = np.full(len(self), 5, dtype=np.int64)
        rank[self.code.contains(q) | self.name.contains(q) | self.name_zh.contains(q) | self.detail.contains(q)] = 4
        rank[self.name.starts(q) | self.name_zh.starts(q)] = 3
        rank[self.name.equals(q) | self.name_zh.equals(q)] = 2
        rank[self.code.starts(q)] = 1
        rank[self.code.equals(q)] = 0
        return rank

    def best(self, q: str, limit: int) -> list[tuple]:
        """The ``limit`` best matches as :func:`search`'s sort keys, each ending with its entry."""
        if len(self) == 0:
            return []
        rank = self.ranks(q)
        rows = np.flatnonzero(rank < 5)
        if len(rows) == 0:
            return []
        key = (rank[rows] << 60) | self._tie[rows]
        if len(rows) > limit:  # the best ``limit`` without sorting every match (ties at the edge all kept)
            edge = np.partition(key, limit - 1)[limit - 1]
            keep = key <= edge
            rows, key = rows[keep], key[keep]
        rows = rows[np.argsort(key, kind="stable")][:limit]  # equal keys stay in row order, as entries do
        kind = KIND_ORDER.index(self.kind) if self.kind in KIND_ORDER else len(KIND_ORDER)
        return [(int(rank[i]), kind, int(self._width[i]), self.code.text(int(i)), self.name.text(int(i)),
                 self.entry(int(i))) for i in rows]


def feature_table(kind: str, layer: str, ids: Sequence[int], geoms: Sequence, attrs,
                  code_col: str = "code", name_col: str | None = "name", name_zh_col: str | None = "name_zh",
                  detail_col: str | None = None) -> SearchTable:
    """The findable features of a map layer (``attrs`` a DataFrame aligned with ``ids`` and ``geoms``)."""
    n = len(ids)
    if n == 0:
        bounds = np.empty((0, 4))
    else:
        # A lean layer's geometries (gis.map_lean.LazyGeoms) know their boxes without being built.
        bounds = np.asarray(geoms.boxes, dtype=float) if hasattr(geoms, "boxes") else \
            shapely.bounds(np.asarray(geoms, dtype=object))
    cols = set(attrs.columns) if n else set()

    def column(name):
        return attrs[name].to_numpy() if name and name in cols else None

    bounds = np.asarray(bounds, dtype=float).reshape(-1, 4)
    keep = ~np.isnan(bounds).any(axis=1)  # features without a geometry cannot be shown: not findable
    m = int(keep.sum())

    def text(name):
        values = column(name)
        return TextColumn(None if values is None else values[keep], m)

    return SearchTable(kind, layer, np.asarray(ids, dtype=np.int64)[keep], text(code_col), text(name_col),
                       text(name_zh_col), text(detail_col), bounds[keep])


def street_table(names: Sequence, geoms: Sequence, layer: str = "basemap_streets") -> SearchTable:
    """One row per street name (its pieces' combined box)."""
    names = np.array([_s(n) for n in names], dtype=object)
    bounds = shapely.bounds(np.asarray(geoms, dtype=object)) if len(names) else np.empty((0, 4))
    found, boxes = [], []
    for name in sorted(set(names) - {""}):
        b = bounds[names == name]
        b = b[~np.isnan(b).any(axis=1)]
        if len(b):
            found.append(name)
            boxes.append((b[:, 0].min(), b[:, 1].min(), b[:, 2].max(), b[:, 3].max()))
    n = len(found)
    return SearchTable("street", layer, np.full(n, -1, np.int64), TextColumn(None, n), TextColumn(found, n),
                       TextColumn(None, n), TextColumn(None, n), np.array(boxes, dtype=float).reshape(-1, 4))


def point_entry(kind: str, code: str, name: str, name_zh: str, x: float, y: float, detail: str = "",
                layer: str | None = None, fid: int | None = None) -> SearchEntry:
    """An entry at one point (a vehicle's or a team's last position, a repair)."""
    return SearchEntry(kind, code, name or "", name_zh or "", (x, y, x, y), layer, fid, detail)


def search(entries: Iterable[SearchEntry | SearchTable], query: str, limit: int = 30) -> list[SearchEntry]:
    """The entries matching ``query``, best first.

    Parameters
    ----------
    entries
        Everything findable: entries and tables of them.
    query
        What was typed; blank finds nothing.
    limit
        At most this many.
    """
    q = query.strip().casefold()
    if not q:
        return []
    ranked = []
    for e in entries:
        if isinstance(e, SearchTable):
            ranked += e.best(q, limit)
            continue
        code, name, zh = e.code.casefold(), e.name.casefold(), e.name_zh.casefold()
        if code == q:
            rank = 0
        elif code.startswith(q):
            rank = 1
        elif name == q or zh == q:
            rank = 2
        elif name.startswith(q) or zh.startswith(q):
            rank = 3
        elif q in code or q in name or q in zh or (e.detail and q in e.detail.casefold()):
            rank = 4
        else:
            continue
        kind = KIND_ORDER.index(e.kind) if e.kind in KIND_ORDER else len(KIND_ORDER)
        ranked.append((rank, kind, len(e.code) + len(e.name), e.code, e.name, e))
    ranked.sort(key=lambda t: t[:5])
    return [t[-1] for t in ranked[:limit]]
