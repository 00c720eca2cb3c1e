"""The crew's route between the valves of an isolation order, along the streets.

Pure analysis: the valve positions (lon/lat, in the order to close them) and
the break's position on a :class:`~gis.streets.StreetGraph`. Each leg is the
fastest street path between the street nodes nearest its two ends, plus the
straight walk from each end to its street node (``off_street_m``).
"""

from __future__ import annotations

import numpy as np

from gis.streets import StreetGraph

#: Walking pace (km/h) for the part of a leg off the streets (street to valve chamber).
WALK_KMH = 4.5


def street_legs(graph: StreetGraph, points: list[tuple[float, float] | None]) -> list[dict | None]:
    """The street route from each point to the next.

    Parameters
    ----------
    points
        Lon/lat of the break, then of each valve in order (None: position unknown).

    Returns
    -------
    list
        One entry per leg (``len(points) - 1``): ``distance_m`` (streets plus
        the walk off them), ``travel_s``, ``street_m``, ``off_street_m``; or
        None when an end has no position or no street joins the two.
    """
    legs: list[dict | None] = []
    if len(points) < 2 or graph.n_nodes == 0:
        return [None] * max(len(points) - 1, 0)
    known = [i for i, p in enumerate(points) if p is not None]
    node = np.full(len(points), -1, dtype=np.int64)
    off = np.zeros(len(points))
    if known:
        lon = np.array([points[i][0] for i in known], dtype=float)
        lat = np.array([points[i][1] for i in known], dtype=float)
        n, d = graph.nearest_nodes(lon, lat)
        node[known], off[known] = n, d
    cache: dict[tuple[int, str], np.ndarray] = {}

    def costs(src: int, weight: str) -> np.ndarray:
        if (src, weight) not in cache:
            cache[(src, weight)] = graph.costs_from(src, weight)
        return cache[(src, weight)]

    for a, b in zip(range(len(points) - 1), range(1, len(points))):
        if node[a] < 0 or node[b] < 0:
            legs.append(None)
            continue
        t = float(costs(int(node[a]), "time")[node[b]])
        if not np.isfinite(t):
            legs.append(None)
            continue
        # The fastest path's length (not the shortest path's): follow it.
        _, edges = graph.shortest_path(int(node[a]), int(node[b]), "time")
        street_m = float(graph.length_m[edges].sum()) if edges else 0.0
        off_m = float(off[a] + off[b])
        legs.append({"distance_m": round(street_m + off_m, 1),
                     "travel_s": round(t + off_m / (WALK_KMH / 3.6), 1),
                     "street_m": round(street_m, 1), "off_street_m": round(off_m, 1)})
    return legs


__all__ = ["WALK_KMH", "street_legs"]
