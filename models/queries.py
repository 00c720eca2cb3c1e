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
    # Ids only, column-wise (a city's 500k rows: a DataFrame of Row objects costs half a
    # minute), then rule and code from the handful of requirements.
    pairs = conn.execute(select(SegmentRequirement.pipe_id, SegmentRequirement.requirement_id)).all()
    reqs = {i: (rule, code) for i, rule, code in
            conn.execute(select(PatrolRequirement.id, PatrolRequirement.rule, PatrolRequirement.code))}
    pipe_id, req_id = (list(c) for c in zip(*pairs)) if pairs else ([], [])
    frame = pd.DataFrame({"pipe_id": pipe_id, "req": req_id})
    frame["rule"] = frame["req"].map({i: r for i, (r, _) in reqs.items()})
    frame["requirement"] = frame["req"].map({i: c for i, (_, c) in reqs.items()})
    frame = frame.dropna(subset=["rule"]).drop(columns="req")
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


#: Columns of the repairs export, in order.
REPAIR_COLUMNS = ["code", "category", "level", "level_reason", "status", "address", "description", "caller",
                  "phone", "diameter_mm", "in_guarded_zone", "vehicle", "reported_at", "dispatched_at",
                  "arrived_at", "isolated_at", "repaired_at", "restored_at", "lon", "lat"]
#: Columns of the action items export, in order.
ACTION_ITEM_COLUMNS = ["code", "category", "problem", "plan", "owner", "deadline", "status", "created_at",
                       "closed_at", "followups"]


def repairs_table(conn: Connection) -> pd.DataFrame:
    """Every repair with its five milestones and vehicle code, in code order (times UTC, naive as stored)."""
    r = Repair.__table__
    v = Vehicle.__table__
    cols = [r.c[c] for c in REPAIR_COLUMNS if c != "vehicle"]
    rows = conn.execute(select(*cols, v.c.code.label("vehicle")).select_from(r.outerjoin(v, r.c.vehicle_id == v.c.id))
                        .order_by(r.c.code)).all()
    frame = pd.DataFrame(rows, columns=[c.name for c in cols] + ["vehicle"])
    return frame[REPAIR_COLUMNS]


def action_items_table(conn: Connection) -> pd.DataFrame:
    """Every action item with its follow-ups joined into one text column, in code order."""
    from models.duty import ActionFollowUp, ActionItem

    a = ActionItem.__table__
    f = ActionFollowUp.__table__
    items = pd.DataFrame(conn.execute(select(a.c.id, *[a.c[c] for c in ACTION_ITEM_COLUMNS if c != "followups"])
                                      .order_by(a.c.code)).all(),
                         columns=["id", *ACTION_ITEM_COLUMNS[:-1]])
    ups = conn.execute(select(f.c.item_id, f.c.at, f.c.text).order_by(f.c.item_id, f.c.at)).all()
    joined: dict[int, list[str]] = {}
    for item_id, at, text in ups:
        joined.setdefault(item_id, []).append(f"{at:%Y-%m-%d %H:%M} {text}".strip())
    items["followups"] = ["\n".join(joined.get(i, [])) for i in items["id"]]
    return items[ACTION_ITEM_COLUMNS]
