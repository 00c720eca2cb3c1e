"""Find a map object by name or code: pipes, valves, hydrants, places, streets, teams, vehicles, repairs.

Pure data: the desk builds :class:`SearchEntry` rows from its map layers and
the store's teams and vehicles; :func:`search` ranks them for a typed query
(exact code, then code prefix, then a name starting with the query, then the
query anywhere in code, name or Chinese name; case does not matter). Each
entry carries the box to zoom to, in the map's metres.
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


def feature_entries(kind: str, layer: str, ids: Sequence[int], geoms: Sequence, attrs,
                    code_col: str = "code", name_col: str | None = "name", name_zh_col: str | None = "name_zh",
                    detail_col: str | None = None) -> list[SearchEntry]:
    """Entries of a map layer's features (``attrs`` a DataFrame aligned with ``ids`` and ``geoms``)."""
    if len(ids) == 0:
        return []
    # A lean layer's geometries (gis.map_lean.LazyGeoms) know their boxes without being built.
    bounds = np.asarray(geoms.boxes) if hasattr(geoms, "boxes") else shapely.bounds(np.asarray(geoms, dtype=object))
    cols = set(attrs.columns)
    codes = attrs[code_col].to_numpy() if code_col in cols else [""] * len(ids)
    names = attrs[name_col].to_numpy() if name_col and name_col in cols else [""] * len(ids)
    names_zh = attrs[name_zh_col].to_numpy() if name_zh_col and name_zh_col in cols else [""] * len(ids)
    details = attrs[detail_col].to_numpy() if detail_col and detail_col in cols else [""] * len(ids)
    out = []
    for i, fid in enumerate(ids):
        b = bounds[i]
        if np.isnan(b).any():
            continue
        out.append(SearchEntry(kind, _s(codes[i]), _s(names[i]), _s(names_zh[i]), tuple(float(v) for v in b),
                               layer, int(fid), _s(details[i])))
    return out


def street_entries(names: Sequence, geoms: Sequence, layer: str = "basemap_streets") -> list[SearchEntry]:
    """One entry per street name (its pieces' combined box)."""
    if len(names) == 0:
        return []
    names = np.array([_s(n) for n in names], dtype=object)
    bounds = shapely.bounds(np.asarray(geoms, dtype=object))
    out = []
    for name in sorted(set(names) - {""}):
        b = bounds[names == name]
        b = b[~np.isnan(b).any(axis=1)]
        if len(b):
            out.append(SearchEntry("street", "", name, "", (float(b[:, 0].min()), float(b[:, 1].min()),
                                                            float(b[:, 2].max()), float(b[:, 3].max())), layer))
    return out


def point_entry(kind: str, code: str, name: str, name_zh: str, x: float, y: float, detail: str = "",
                layer: str | None = None, fid: int | None = None) -> SearchEntry:
    """An entry at one point (a vehicle's or a team's last position, a repair)."""
    return SearchEntry(kind, code, name or "", name_zh or "", (x, y, x, y), layer, fid, detail)


def search(entries: Iterable[SearchEntry], query: str, limit: int = 30) -> list[SearchEntry]:
    """The entries matching ``query``, best first.

    Parameters
    ----------
    entries
        Everything findable.
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
