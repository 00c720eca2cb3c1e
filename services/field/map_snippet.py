"""The streets around a point, for the field page's small pin map (no tile server needed).

A phone whose position is poor (or missing: browsers give none to a plain
``http://`` page on the network) places its report with a pin on a small map.
The page draws that map itself on a canvas from the store's street lines
around a point: :class:`StreetIndex` reads the streets once (lon/lat WKB),
keeps a spatial index, and answers the lines within a radius, clipped to the
box and rounded (a few kilobytes).
"""

from __future__ import annotations

import math
import threading

import numpy as np
import shapely
from sqlalchemy import select

from models.store import Store
from models.streets import Street

M_PER_DEG = 111_320.0
MIN_RADIUS_M, MAX_RADIUS_M = 50.0, 5_000.0
#: At most this many lines in one answer (the longest kept when there are more).
MAX_LINES = 2_000


class StreetIndex:
    """The store's streets with a spatial index, read on first use (thread-safe)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._geoms: np.ndarray | None = None
        self._names: list[str | None] = []
        self._tree: shapely.STRtree | None = None

    def _load(self) -> None:
        with self._lock:
            if self._geoms is not None:
                return
            with self.store.session() as s:
                rows = s.execute(select(Street.geom, Street.name)).all()
            geoms = shapely.from_wkb([r[0] for r in rows], on_invalid="ignore") if rows else np.empty(0, object)
            keep = [i for i, g in enumerate(geoms) if g is not None and not g.is_empty]
            self._names = [rows[i][1] for i in keep]
            self._geoms = np.asarray([geoms[i] for i in keep], dtype=object)
            self._tree = shapely.STRtree(self._geoms) if len(self._geoms) else None

    def center(self) -> tuple[float, float] | None:
        """The middle of the streets' extent (where to look when the phone has no position)."""
        self._load()
        if not len(self._geoms):
            return None
        x0, y0, x1, y1 = shapely.total_bounds(self._geoms)
        return (x0 + x1) / 2.0, (y0 + y1) / 2.0

    def snippet(self, lon: float | None, lat: float | None, radius_m: float = 300.0) -> dict:
        """The street lines within ``radius_m`` of (lon, lat) (default: the streets' middle), as lon/lat lists."""
        self._load()
        if lon is None or lat is None:
            middle = self.center()
            if middle is None:
                return {"center": None, "radius_m": radius_m, "lines": [], "names": []}
            lon, lat = middle
        radius_m = min(max(float(radius_m), MIN_RADIUS_M), MAX_RADIUS_M)
        dlat = radius_m / M_PER_DEG
        dlon = radius_m / (M_PER_DEG * max(math.cos(math.radians(lat)), 0.01))
        box = (lon - dlon, lat - dlat, lon + dlon, lat + dlat)
        lines: list[list[list[float]]] = []
        names: list[str | None] = []
        if self._tree is not None:
            hits = self._tree.query(shapely.box(*box))
            clipped = shapely.clip_by_rect(self._geoms[hits], *box)
            parts = []
            for i, geom in zip(hits, clipped):
                for part in shapely.get_parts(geom):
                    if part.geom_type == "LineString" and not part.is_empty:
                        parts.append((part.length, self._names[int(i)], part))
            parts.sort(key=lambda p: -p[0])
            for _length, name, part in parts[:MAX_LINES]:
                coords = np.round(shapely.get_coordinates(part), 6)
                lines.append(coords.tolist())
                names.append(name)
        return {"center": [round(lon, 7), round(lat, 7)], "radius_m": radius_m, "box": [round(v, 7) for v in box],
                "lines": lines, "names": names}
