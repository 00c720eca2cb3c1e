"""Where a network's pipes lie, without holding every pipe as a geometry.

A city's 500,000 pipes as shapely lines cost ~700 MB; isolation needs the
lines of a few of them at a time: the broken pipe's middle, the pipes inside
the guarded places, the pipes a hydrant or an account hangs on, the pipes on
the isolation order's map. :class:`PipeLines` keeps every pipe's box (lon/lat,
16 bytes a coordinate: 16 MB for a city) and a grid index over the boxes, and
reads the lines it needs through ``read`` (the store, by id), or holds them
when it was given them (a small network, a test).

Everything here works on arrays; ``read`` is the only way out (see
:mod:`services.isolation.network` for reading the store).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import shapely

from gis.map_lean import GridIndex

#: Grid cell of the box index (degrees: ~100-200 m).
INDEX_CELL_DEG = 0.0015
#: A box covering more cells than this is checked by its box at every query (a long main, an outlier).
INDEX_MAX_CELLS = 64
#: Metres in a degree of latitude, at least (the margin of a search around a point).
M_PER_DEG_LAT = 110_574.0
M_PER_DEG_LON_EQUATOR = 111_320.0


def metric_crs(bounds) -> str | None:
    """The UTM zone of the middle of lon/lat ``bounds``, as ``geopandas``' ``estimate_utm_crs`` picks it."""
    import geopandas as gpd

    if bounds is None:
        return None
    minx, miny, maxx, maxy = bounds
    probe = gpd.GeoSeries(shapely.points([minx, maxx], [miny, maxy]), crs=4326)
    return probe.estimate_utm_crs()


def _to_metric(geoms: np.ndarray, crs) -> np.ndarray:
    import geopandas as gpd

    return gpd.GeoSeries(geoms, crs=4326).to_crs(crs).to_numpy()


class PipeLines:
    """Every pipe's box, and its line on demand.

    Parameters
    ----------
    boxes
        ``(P, 4)`` float64 ``xmin, ymin, xmax, ymax`` in lon/lat, one per pipe
        in the network's order (NaN for a pipe without geometry).
    read
        ``read(rows) -> geometries``: the lines of those rows (positions), in
        that order (None for a missing one).
    """

    def __init__(self, boxes: np.ndarray, read: Callable[[np.ndarray], np.ndarray]) -> None:
        self.boxes = np.ascontiguousarray(boxes, dtype=np.float64).reshape(-1, 4)
        self._read = read
        self._index: GridIndex | None = None
        self._crs = None

    @classmethod
    def from_geoms(cls, geoms) -> PipeLines:
        """Lines held in memory (a small network, or a frame that already has them)."""
        geoms = np.asarray(geoms, dtype=object)
        boxes = shapely.bounds(geoms) if len(geoms) else np.empty((0, 4))
        return cls(boxes, lambda rows: geoms[np.asarray(rows, dtype=np.int64)])

    def __len__(self) -> int:
        return len(self.boxes)

    # -- lines ------------------------------------------------------------------------------------
    def take(self, rows) -> np.ndarray:
        """The lines of ``rows`` (object array, None where a pipe has no geometry)."""
        rows = np.asarray(rows, dtype=np.int64).reshape(-1)
        if not len(rows):
            return np.empty(0, dtype=object)
        return np.asarray(self._read(rows), dtype=object)

    # -- boxes ------------------------------------------------------------------------------------
    def total_bounds(self) -> tuple[float, float, float, float] | None:
        """The box of every pipe with geometry (None when none has one)."""
        ok = np.isfinite(self.boxes).all(axis=1)
        if not ok.any():
            return None
        b = self.boxes[ok]
        return float(b[:, 0].min()), float(b[:, 1].min()), float(b[:, 2].max()), float(b[:, 3].max())

    @property
    def index(self) -> GridIndex:
        """The grid index of the boxes (built at the first query)."""
        if self._index is None:
            self._index = GridIndex.build(self, self.total_bounds(), cell=INDEX_CELL_DEG, max_cells=INDEX_MAX_CELLS)
        return self._index

    def rows_in(self, xmin: float, ymin: float, xmax: float, ymax: float) -> np.ndarray:
        """Sorted rows whose box meets the box."""
        if not len(self.boxes):
            return np.empty(0, dtype=np.int64)
        rows = self.index.candidates(xmin, ymin, xmax, ymax)
        b = self.boxes[rows]
        hit = (b[:, 0] <= xmax) & (b[:, 2] >= xmin) & (b[:, 1] <= ymax) & (b[:, 3] >= ymin)
        return rows[hit]

    def metric_crs(self):
        """The metric CRS for distances and lengths: the UTM zone of the middle of every pipe's box."""
        if self._crs is None:
            self._crs = metric_crs(self.total_bounds())
        return self._crs

    # -- questions --------------------------------------------------------------------------------
    def hits(self, polygons: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(rows, polygon positions)`` of every pipe line that intersects a polygon (lon/lat).

        The candidates are the pipes whose box meets a polygon's box; only their lines are read.
        """
        polygons = np.asarray(polygons, dtype=object)
        empty = (np.empty(0, np.int64), np.empty(0, np.int64))
        if not len(polygons) or not len(self.boxes):
            return empty
        found = []
        for b in shapely.bounds(polygons):
            if np.isfinite(b).all():
                found.append(self.rows_in(*b))
        cand = np.unique(np.concatenate(found)) if found else np.empty(0, np.int64)
        if not len(cand):
            return empty
        lines = self.take(cand)
        line_idx, poly_idx = shapely.STRtree(polygons).query(lines, predicate="intersects")
        return cand[line_idx], poly_idx.astype(np.int64)

    def margin_deg(self, max_m: float, lat: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
        """``(dlon, dlat)``: degrees that surely hold ``max_m`` metres around latitude ``lat`` (generous)."""
        lat = np.abs(np.asarray(lat, dtype=np.float64))
        dlat = 1.5 * max_m / M_PER_DEG_LAT
        cos = np.cos(np.radians(np.minimum(lat + dlat, 89.0)))
        return 1.5 * max_m / (M_PER_DEG_LON_EQUATOR * cos), np.full(np.shape(lat), dlat)

    def nearest(self, xy: np.ndarray, max_m: float) -> np.ndarray:
        """The row of the nearest pipe within ``max_m`` metres of each lon/lat point (-1 when none).

        Distances are measured in :meth:`metric_crs`; of equally near pipes the
        first (lowest row) wins. Only the lines of pipes whose box lies near a
        point are read.
        """
        xy = np.asarray(xy, dtype=np.float64).reshape(-1, 2)
        out = np.full(len(xy), -1, dtype=np.int64)
        ok = np.isfinite(xy).all(axis=1)
        if not ok.any() or not len(self.boxes):
            return out
        pts = np.flatnonzero(ok)
        dlon, dlat = self.margin_deg(max_m, xy[pts, 1])
        lo = xy[pts] - np.column_stack([dlon, dlat])
        hi = xy[pts] + np.column_stack([dlon, dlat])
        # Candidate (point, pipe) pairs: boxes of the pipes in the points' region against the points' boxes.
        region = self.rows_in(float(lo[:, 0].min()), float(lo[:, 1].min()), float(hi[:, 0].max()),
                              float(hi[:, 1].max()))
        if not len(region):
            return out
        tree = shapely.STRtree(shapely.box(lo[:, 0], lo[:, 1], hi[:, 0], hi[:, 1]))
        pair_pt, pair_row = [], []
        for start in range(0, len(region), 50_000):
            rows = region[start:start + 50_000]
            b = self.boxes[rows]
            box_idx, pt_idx = tree.query(shapely.box(b[:, 0], b[:, 1], b[:, 2], b[:, 3]))
            pair_pt.append(pt_idx)
            pair_row.append(rows[box_idx])
        pair_pt = np.concatenate(pair_pt)
        pair_row = np.concatenate(pair_row)
        if not len(pair_pt):
            return out
        crs = self.metric_crs()
        cand, inverse = np.unique(pair_row, return_inverse=True)
        lines = _to_metric(self.take(cand), crs)
        points = _to_metric(shapely.points(xy[pts]), crs)
        dist = shapely.distance(lines[inverse], points[pair_pt])
        keep = np.isfinite(dist) & (dist <= max_m)
        pair_pt, pair_row, dist = pair_pt[keep], pair_row[keep], dist[keep]
        order = np.lexsort((pair_row, dist, pair_pt))  # per point: nearest first, then the lowest row
        pair_pt, pair_row = pair_pt[order], pair_row[order]
        first = np.ones(len(pair_pt), dtype=bool)
        first[1:] = pair_pt[1:] != pair_pt[:-1]
        out[pts[pair_pt[first]]] = pair_row[first]
        return out


def find_code(codes, text: str) -> int:
    """The first position of ``text`` in ``codes`` (a :class:`gis.segment_lines.Codes` or an array), or -1."""
    from gis.segment_lines import Codes

    if not isinstance(codes, Codes):
        hits = np.flatnonzero(np.asarray(codes) == text)
        return int(hits[0]) if len(hits) else -1
    needle = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
    sizes = np.diff(codes.offsets)
    cand = np.flatnonzero(sizes == len(needle))
    if codes.missing is not None:
        cand = cand[~codes.missing[cand]]
    if not len(needle):
        return int(cand[0]) if len(cand) else -1
    for start in range(0, len(cand), 200_000):
        part = cand[start:start + 200_000]
        got = codes.blob[codes.offsets[part][:, None] + np.arange(len(needle))]
        same = np.flatnonzero((got == needle).all(axis=1))
        if len(same):
            return int(part[same[0]])
    return -1
