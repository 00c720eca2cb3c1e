"""Dispatch: the nearest available vehicles to a repair site by street travel time.

One Dijkstra from the site's nearest street node over travel times (the graph
is undirected, so the time from the site equals the time to it) reaches every
vehicle at once; each vehicle adds the off-network metres to and from the
street at walking-pace driving speed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from gis.streets import OFFROAD_KMH, StreetGraph

#: Vehicle statuses, as in models.repair.VEHICLE_STATES.
AVAILABLE = "available"


@dataclass(frozen=True)
class VehicleEta:
    """A candidate vehicle for a repair, with its travel time and arrival estimate."""

    vehicle_id: int
    code: str
    status: str
    travel_s: float
    distance_m: float
    eta: dt.datetime


def nearest_vehicles(
    streets: StreetGraph,
    vehicles: pd.DataFrame,
    lon: float,
    lat: float,
    *,
    k: int = 3,
    now: dt.datetime | None = None,
    statuses: tuple[str, ...] = (AVAILABLE,),
) -> list[VehicleEta]:
    """The ``k`` vehicles that reach ``lon, lat`` first.

    Parameters
    ----------
    streets
        The street graph.
    vehicles
        Columns ``id``, ``code``, ``status``, ``lon``, ``lat`` (their last
        position; rows without one are skipped).
    lon, lat
        The repair site.
    k
        How many to return.
    now
        The time ETAs count from (UTC now when None).
    statuses
        Which statuses count as available (add ``"returning"`` to include
        crews on their way back).

    Returns
    -------
    list of VehicleEta
        Fastest first; vehicles that cannot reach the site are left out.
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    pool = vehicles[vehicles["status"].isin(statuses) & vehicles["lon"].notna() & vehicles["lat"].notna()]
    if pool.empty:
        return []
    offroad = OFFROAD_KMH / 3.6
    site_node, site_gap = streets.nearest_nodes(lon, lat)
    times = streets.costs_from(int(site_node[0]), "time")
    lengths_needed = {}
    nodes, gaps = streets.nearest_nodes(pool["lon"].to_numpy(float), pool["lat"].to_numpy(float))
    out: list[VehicleEta] = []
    for (vid, code, status), node, gap in zip(
        pool[["id", "code", "status"]].itertuples(index=False, name=None), nodes.tolist(), gaps.tolist()
    ):
        t = float(times[node])
        if not np.isfinite(t):
            continue
        lengths_needed[vid] = node
        travel = t + (gap + float(site_gap[0])) / offroad
        out.append(VehicleEta(int(vid), str(code), str(status), travel, np.nan, now + dt.timedelta(seconds=travel)))
    out.sort(key=lambda e: (e.travel_s, e.vehicle_id))
    out = out[:k]
    # Distances only for the winners: one path each.
    result = []
    for eta in out:
        _, edges = streets.shortest_path(int(site_node[0]), lengths_needed[eta.vehicle_id], "time")
        dist = float(streets.length_m[edges].sum())
        result.append(VehicleEta(eta.vehicle_id, eta.code, eta.status, eta.travel_s, dist, eta.eta))
    return result
