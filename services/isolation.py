"""The isolation network from the store (gis.isolation does the analysis)."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from sqlalchemy import Connection

from gis.isolation import IsolationNetwork
from models.bulk import read_features


def load_network(conn: Connection) -> IsolationNetwork:
    """Read pipes, valves, important users and guarded places from the store.

    Parameters
    ----------
    conn
        An open connection to the store.
    """
    pipes = read_features(conn, "pipes", ["code", "from_node_id", "to_node_id", "length_m"])
    valves = read_features(conn, "valves", ["code", "node_id", "pipe_id", "status"])
    users = read_features(conn, "users", ["code", "name", "category", "pipe_id", "place_id"])
    frames = [read_features(conn, k, ["code", "name", "kind"]) for k in ("venues", "residences", "key_units")]
    frames = [f for f in frames if len(f)]
    places = gpd.GeoDataFrame(pd.concat(frames), crs=frames[0].crs) if frames else None
    return IsolationNetwork(pipes, pd.DataFrame(valves.drop(columns="geometry")),
                            pd.DataFrame(users.drop(columns="geometry")), places)
