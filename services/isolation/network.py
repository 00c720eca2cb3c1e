"""The isolation network and the isolation rules, read from the store."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import shapely
from sqlalchemy import Connection, inspect

from gis.isolation import IsolationNetwork
from models.audit import read_setting
from models.bulk import read_features

#: Setting holding the isolation rules (JSON object, see :class:`IsolationRules`).
ISOLATION_RULES_KEY = "isolation_rules"
#: Orders of closing the valves that :meth:`gis.isolation.IsolationNetwork.order` knows.
ORDER_RULES = ("supply_side_first", "break_outward")


@dataclass
class IsolationRules:
    """Stored isolation rules.

    Attributes
    ----------
    min_pressure_m
        Minimum service pressure (m head) for the pressure step.
    order
        The order of closing: ``supply_side_first`` (from the supply side
        inward, by distance along the network from the nearest source) or
        ``break_outward``.
    """

    min_pressure_m: float = 14.0
    order: str = "supply_side_first"


def isolation_rules(conn: Connection) -> IsolationRules:
    """The stored :class:`IsolationRules` (defaults for what is not stored)."""
    data = read_setting(conn, ISOLATION_RULES_KEY, {})
    rules = IsolationRules()
    if data:
        if isinstance(data, dict):
            if isinstance(data.get("min_pressure_m"), (int, float)):
                rules.min_pressure_m = float(data["min_pressure_m"])
            if data.get("order") in ORDER_RULES:
                rules.order = str(data["order"])
    return rules


def _frame(gdf: gpd.GeoDataFrame) -> pd.DataFrame:
    return pd.DataFrame(gdf.drop(columns="geometry"))


#: A customer account located by lon/lat hangs on the nearest pipe within this distance (its service line).
CUSTOMER_SNAP_M = 60.0


def _customers(conn: Connection, pipes: gpd.GeoDataFrame) -> pd.DataFrame | None:
    """Customers where the store has them, else None.

    A ``customers`` table linked to a pipe or node is used as it is; the
    billing accounts (``customer_accounts``, active ones, located by lon/lat)
    hang on the nearest pipe within :data:`CUSTOMER_SNAP_M`.
    """
    insp = inspect(conn)
    if insp.has_table("customers"):
        cols = {c["name"] for c in insp.get_columns("customers")}
        link = [c for c in ("pipe_id", "node_id") if c in cols]
        if link and "id" in cols:
            names = ["id", *(c for c in ("code", "name") if c in cols), *link]
            frame = pd.read_sql_query(f"SELECT {', '.join(names)} FROM customers", conn)
            if "code" not in frame.columns:
                frame["code"] = frame["id"].astype(str)
            if "name" not in frame.columns:
                frame["name"] = ""
            return frame
    if insp.has_table("customer_accounts"):
        cols = {c["name"] for c in insp.get_columns("customer_accounts")}
        if not {"id", "code", "lon", "lat"} <= cols:
            return None
        where = " WHERE status = 'active'" if "status" in cols else ""
        name = "name" if "name" in cols else "code AS name"
        frame = pd.read_sql_query(f"SELECT id, code, {name}, lon, lat FROM customer_accounts{where}", conn)
        if frame.empty:  # the table is there but holds no accounts: customers are not stored
            return None
        located = frame.dropna(subset=["lon", "lat"])
        pts = gpd.GeoDataFrame(located[["id"]], geometry=gpd.points_from_xy(located["lon"], located["lat"]),
                               crs=4326)
        frame["pipe_id"] = _snap_to_pipes(pts, pipes, CUSTOMER_SNAP_M).reindex(frame.index)
        return frame[["id", "code", "name", "pipe_id"]]
    return None


def load_network(conn: Connection) -> IsolationNetwork:
    """Read pipes, valves, sources, hydrants, important users, guarded places and customers.

    Parameters
    ----------
    conn
        An open connection to the store.
    """
    pipes = read_features(conn, "pipes", ["code", "from_node_id", "to_node_id", "length_m", "diameter_mm", "street"])
    valves = read_features(conn, "valves", ["code", "node_id", "pipe_id", "status", "valve_type", "diameter_mm"])
    pts = valves.geometry.to_numpy()
    valves = _frame(valves).assign(lon=shapely.get_x(pts), lat=shapely.get_y(pts))
    users = _frame(read_features(conn, "users", ["code", "name", "name_zh", "category", "contact", "phone",
                                                 "pipe_id", "place_id"]))
    frames = [read_features(conn, k, ["code", "name", "name_zh", "kind"]) for k in ("venues", "residences", "key_units")]
    frames = [f for f in frames if len(f)]
    places = gpd.GeoDataFrame(pd.concat(frames), crs=frames[0].crs) if frames else None
    sources = _frame(read_features(conn, "sources", ["code", "name", "kind", "node_id"]))
    hyd = read_features(conn, "hydrants", ["code", "node_id"])
    lost = hyd["node_id"].isna()
    hydrants = _frame(hyd).assign(pipe_id=float("nan"))
    if lost.any():
        hydrants.loc[lost, "pipe_id"] = _snap_to_pipes(hyd[lost], pipes, HYDRANT_SNAP_M)
    return IsolationNetwork(pipes, valves, users, places, sources=sources, hydrants=hydrants,
                            customers=_customers(conn, pipes))


#: A hydrant stored without its node hangs on the nearest pipe within this distance.
HYDRANT_SNAP_M = 50.0


def _snap_to_pipes(points: gpd.GeoDataFrame, pipes: gpd.GeoDataFrame, max_m: float) -> pd.Series:
    """The id of the nearest pipe within ``max_m`` of each point (NaN when none)."""
    if not len(points) or not len(pipes):
        return pd.Series([float("nan")] * len(points), index=points.index)
    crs = pipes.geometry.estimate_utm_crs()
    left = gpd.GeoDataFrame(geometry=points.geometry.to_crs(crs).values, index=points.index)
    right = gpd.GeoDataFrame({"pipe": pipes["id"].to_numpy()}, geometry=pipes.geometry.to_crs(crs).values)
    hit = gpd.sjoin_nearest(left, right, max_distance=max_m, how="left")
    hit = hit[~hit.index.duplicated(keep="first")]
    return hit["pipe"].reindex(points.index)
