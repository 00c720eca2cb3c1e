"""The construction freeze from the store: its sites against its guarded places (gis.freeze does the analysis)."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import pandas as pd
from sqlalchemy import Connection

from gis.freeze import NEAR_M, freeze_conflicts
from models.bulk import read_features


def freeze_conflicts_from_store(
    conn: Connection, window_start: dt.datetime, window_end: dt.datetime, crs: str, near_m: float = NEAR_M
) -> pd.DataFrame:
    """:func:`freeze_conflicts` of the store's construction sites against its guarded places.

    Parameters
    ----------
    conn
        An open connection to the store.
    window_start, window_end, crs, near_m
        As for :func:`freeze_conflicts`.
    """
    works = read_features(conn, "sites", ["code", "name", "status", "planned_start", "planned_end"])
    places = pd.concat([read_features(conn, k, ["code", "name"]) for k in ("venues", "residences", "key_units")])
    return freeze_conflicts(works, gpd.GeoDataFrame(places, geometry="geometry", crs=works.crs),
                            window_start, window_end, crs, near_m)
