"""The freeze calendar: planned works and shutdowns inside the event window are conflicts.

During the event the utility freezes risky work (DESIGN.md §1). Any planned
work (a construction site, a planned shutdown, a valve operation) whose dates
overlap the event window is listed as a conflict, nearest to a guarded place
first, with that distance in metres. Works with unknown dates cannot be
cleared and are listed too (``dates_known`` False).

Qt-free; every input is an argument.
"""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import numpy as np
import pandas as pd

#: Default distance (metres) under which a conflict is "near" a guarded place.
NEAR_M = 500.0

COLUMNS = ["id", "code", "name", "planned_start", "planned_end", "dates_known",
           "nearest_place", "nearest_place_name", "distance_m", "near"]


def _utc(series: pd.Series) -> pd.Series:
    # SQLite hands datetimes back as text or naive values; the store writes UTC.
    return pd.to_datetime(series, utc=True, errors="coerce", format="mixed")


def freeze_conflicts(
    works: gpd.GeoDataFrame,
    places: gpd.GeoDataFrame,
    window_start: dt.datetime,
    window_end: dt.datetime,
    crs: str,
    near_m: float = NEAR_M,
) -> pd.DataFrame:
    """Planned works overlapping the event window, nearest to a guarded place first.

    Parameters
    ----------
    works
        Planned works with ``planned_start``, ``planned_end`` (datetimes or ISO
        text; missing means unknown) and optionally ``code``, ``name``,
        ``status`` (``done``/``cancelled`` rows are skipped); any CRS.
    places
        Guarded places (venues, residences, key units) with ``code`` and ``name``.
    window_start, window_end
        The event window (aware datetimes).
    crs
        The metric CRS distances are measured in (the event's local CRS).
    near_m
        Distance under which ``near`` is True.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS`, one row per conflict, sorted by
        ``distance_m`` (no places → NaN, last), then ``planned_start``.
    """
    if works.empty:
        return pd.DataFrame(columns=COLUMNS)
    frame = works.copy()
    if "status" in frame:
        frame = frame[~frame["status"].isin(["done", "cancelled"])]
    start = _utc(frame["planned_start"]) if "planned_start" in frame else pd.Series(pd.NaT, index=frame.index)
    end = _utc(frame["planned_end"]) if "planned_end" in frame else pd.Series(pd.NaT, index=frame.index)
    w0, w1 = pd.Timestamp(window_start).tz_convert("UTC"), pd.Timestamp(window_end).tz_convert("UTC")
    # Unknown start = already going on; unknown end = open-ended: both overlap unless the known side excludes it.
    overlaps = (start.isna() | (start < w1)) & (end.isna() | (end > w0))
    frame = frame[overlaps.to_numpy()]
    start, end = start[overlaps], end[overlaps]
    out = pd.DataFrame({
        "id": frame.index.to_numpy(),
        "code": frame["code"].to_numpy() if "code" in frame else frame.index.astype(str).to_numpy(),
        "name": frame["name"].to_numpy() if "name" in frame else "",
        "planned_start": start.to_numpy(),
        "planned_end": end.to_numpy(),
        "dates_known": (start.notna() & end.notna()).to_numpy(),
    })
    distance = np.full(len(frame), np.nan)
    place_code = np.full(len(frame), None, dtype=object)
    place_name = np.full(len(frame), None, dtype=object)
    if len(frame) and not places.empty:
        w = frame.to_crs(crs)
        p = places.to_crs(crs).reset_index(drop=True)
        (src, dst), dist = p.sindex.nearest(w.geometry, return_all=False, return_distance=True)
        distance[src] = dist
        place_code[src] = p["code"].to_numpy()[dst] if "code" in p else dst.astype(str)
        place_name[src] = p["name"].to_numpy()[dst] if "name" in p else ""
    out["nearest_place"] = place_code
    out["nearest_place_name"] = place_name
    out["distance_m"] = np.round(distance, 1)
    out["near"] = distance <= near_m
    return out.sort_values(["distance_m", "planned_start"], na_position="last", kind="stable").reset_index(drop=True)

