"""Pure geometry of the leak survey: distances to survey points, the nearest points, point kinds.

No store, no session: positions come in as lon/lat arrays (WGS84) and answers go
out as numpy arrays. Distances are great-circle (haversine) metres: survey
points are tens of metres to kilometres apart, where the spherical error
(< 0.5 %) is far below a phone's position error.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import shapely

#: Mean Earth radius (m), IUGG.
EARTH_RADIUS_M = 6_371_008.8
#: A reading must be taken at its point: a position given with it lies within this (m).
AT_POINT_M = 50.0


def distance_m(lon: np.ndarray | float, lat: np.ndarray | float, lon0: float, lat0: float) -> np.ndarray:
    """Great-circle distance in metres from each (lon, lat) to (lon0, lat0).

    Parameters
    ----------
    lon, lat
        Degrees WGS84, scalars or arrays of one shape.
    lon0, lat0
        The reference position, degrees.

    Returns
    -------
    numpy.ndarray
        Metres, the shape of ``lon``.
    """
    lon = np.radians(np.asarray(lon, dtype=float))
    lat = np.radians(np.asarray(lat, dtype=float))
    lon0, lat0 = np.radians(lon0), np.radians(lat0)
    a = np.sin((lat - lat0) / 2) ** 2 + np.cos(lat) * np.cos(lat0) * np.sin((lon - lon0) / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def nearest_order(lon: np.ndarray, lat: np.ndarray, at: tuple[float, float], limit: int | None = None
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the points nearest ``at`` first, with their distances.

    Parameters
    ----------
    lon, lat
        The points, degrees.
    at
        ``(lon, lat)`` of the reader.
    limit
        Keep at most this many (None: all).

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Indices into the points (ties by index) and their distances in metres.
    """
    d = distance_m(lon, lat, float(at[0]), float(at[1]))
    order = np.lexsort((np.arange(len(d)), d))
    if limit is not None:
        order = order[: max(int(limit), 0)]
    return order, d[order]


def classify_points(points: Sequence[shapely.Geometry], anchors: Mapping[str, Sequence[shapely.Geometry]],
                    within_m: float, default: str) -> np.ndarray:
    """The kind of each survey point: that of the nearest anchor within ``within_m``, else ``default``.

    Parameters
    ----------
    points
        Survey points in a metric CRS.
    anchors
        Kind → geometries (the same metric CRS): residences, key areas, key sites.
    within_m
        How far a point may lie from the anchor it watches.
    default
        The kind of a point near no anchor (e.g. ``main_road`` for points along mains).

    Returns
    -------
    numpy.ndarray
        One kind per point (object dtype).
    """
    pts = np.asarray(points, dtype=object)
    out = np.full(len(pts), default, dtype=object)
    best = np.full(len(pts), np.inf)
    for kind, geoms in anchors.items():
        geoms = np.asarray(list(geoms), dtype=object)
        if len(geoms) == 0 or len(pts) == 0:
            continue
        tree = shapely.STRtree(geoms)
        (pi, gi), dist = tree.query_nearest(pts, max_distance=within_m, return_distance=True, all_matches=False)
        closer = dist < best[pi]
        out[pi[closer]] = kind
        best[pi[closer]] = dist[closer]
    return out
