"""Read-only queries that several views share (map export, wall, sheets).

Each returns a (Geo)DataFrame built column-wise from one SQL query.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
from sqlalchemy import Connection, select

from models.patrol import PatrolRequirement, SegmentRequirement
from models.repair import Repair, Vehicle

WGS84 = "EPSG:4326"
#: Order in which a pipe's requirements are named when it has several: the
#: most demanding first (DESIGN.md §1 table order).
RULE_PRIORITY = ("venue_guard", "stationed_post", "key_places", "transmission", "patch", "leak_survey")


def pipe_requirements(conn: Connection) -> pd.DataFrame:
    """Per pipe id: the most demanding requirement's rule and code, and how many apply.

    Returns
    -------
    pandas.DataFrame
        Indexed by pipe id with columns ``rule``, ``requirement``, ``n_requirements``;
        pipes under no requirement are absent.
    """
    rows = conn.execute(
        select(SegmentRequirement.pipe_id, PatrolRequirement.rule, PatrolRequirement.code).join(
            PatrolRequirement, PatrolRequirement.id == SegmentRequirement.requirement_id
        )
    ).all()
    frame = pd.DataFrame(rows, columns=["pipe_id", "rule", "requirement"])
    if frame.empty:
        return pd.DataFrame(columns=["rule", "requirement", "n_requirements"]).rename_axis("pipe_id")
    rank = {rule: i for i, rule in enumerate(RULE_PRIORITY)}
    frame["rank"] = frame["rule"].map(rank).fillna(len(rank))
    counts = frame.groupby("pipe_id").size().rename("n_requirements")
    best = frame.sort_values(["pipe_id", "rank"]).drop_duplicates("pipe_id").set_index("pipe_id")
    return best[["rule", "requirement"]].join(counts)


def vehicles_frame(conn: Connection) -> gpd.GeoDataFrame:
    """Vehicles at their last reported position (or their depot), as points."""
    rows = conn.execute(
        select(Vehicle.id, Vehicle.code, Vehicle.name, Vehicle.device_id, Vehicle.status, Vehicle.crew,
               Vehicle.last_t, Vehicle.last_lon, Vehicle.last_lat, Vehicle.depot_lon, Vehicle.depot_lat)
    ).all()
    frame = pd.DataFrame(rows, columns=["id", "code", "name", "device_id", "status", "crew", "last_t",
                                        "last_lon", "last_lat", "depot_lon", "depot_lat"])
    lon = frame["last_lon"].fillna(frame["depot_lon"]).to_numpy(dtype=float)
    lat = frame["last_lat"].fillna(frame["depot_lat"]).to_numpy(dtype=float)
    keep = ~(np.isnan(lon) | np.isnan(lat))
    return gpd.GeoDataFrame(frame[keep], geometry=gpd.points_from_xy(lon[keep], lat[keep]), crs=WGS84)


def open_repairs_frame(conn: Connection) -> gpd.GeoDataFrame:
    """Repairs not yet restored or cancelled, located, as points."""
    rows = conn.execute(
        select(Repair.id, Repair.code, Repair.level, Repair.status, Repair.category, Repair.address,
               Repair.description, Repair.reported_at, Repair.level_reason, Repair.lon, Repair.lat)
        .where(Repair.status.not_in(["restored", "cancelled"]))
        .where(Repair.lon.is_not(None), Repair.lat.is_not(None))
    ).all()
    frame = pd.DataFrame(rows, columns=["id", "code", "level", "status", "category", "address", "description",
                                        "reported_at", "level_reason", "lon", "lat"])
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame["lon"], frame["lat"]), crs=WGS84)
