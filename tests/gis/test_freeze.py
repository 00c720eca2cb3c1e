"""Freeze calendar: works overlapping the event window, nearest to a guarded place first."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

from gis.freeze import freeze_conflicts
from services.freeze import freeze_conflicts_from_store
from models.bulk import write_features

UTC = dt.timezone.utc
W0, W1 = dt.datetime(2026, 8, 10, tzinfo=UTC), dt.datetime(2026, 8, 20, tzinfo=UTC)
# Vaduz, Liechtenstein; 0.001° of latitude ≈ 111 m.
LON, LAT = 9.5209, 47.1410


def _square(dlat: float, half: float = 0.0002):
    return Point(LON, LAT + dlat).buffer(half, cap_style=3)


def _sites():
    return gpd.GeoDataFrame({
        "code": ["CS-far", "CS-near", "CS-before", "CS-open", "CS-done"],
        "name": ["Far works", "Near works", "Finished before", "Open-ended", "Cancelled"],
        "status": ["active", "active", "active", "active", "cancelled"],
        "planned_start": [dt.datetime(2026, 8, 1, tzinfo=UTC), dt.datetime(2026, 8, 15, tzinfo=UTC),
                          dt.datetime(2026, 7, 1, tzinfo=UTC), None, dt.datetime(2026, 8, 12, tzinfo=UTC)],
        "planned_end": [dt.datetime(2026, 8, 11, tzinfo=UTC), dt.datetime(2026, 8, 16, tzinfo=UTC),
                        dt.datetime(2026, 8, 10, tzinfo=UTC), None, dt.datetime(2026, 8, 13, tzinfo=UTC)],
    }, geometry=[_square(0.02), _square(0.003), _square(0.001), _square(0.01), _square(0.0)], crs="EPSG:4326")


def _venues():
    return gpd.GeoDataFrame({"code": ["VEN1"], "name": ["Stadium"]}, geometry=[_square(0.0, 0.001)], crs="EPSG:4326")


def test_conflicts_sorted_by_distance():
    out = freeze_conflicts(_sites(), _venues(), W0, W1, "EPSG:32632")
    assert list(out["code"]) == ["CS-near", "CS-open", "CS-far"]
    # 0.003° north of the centre, 0.0012° of gaps between the squares' edges → about 200 m.
    near = out.iloc[0]
    assert 180 < near["distance_m"] < 220 and near["near"] and near["nearest_place"] == "VEN1"
    assert not out.iloc[2]["near"] and out.iloc[2]["distance_m"] > 2000
    assert list(out["dates_known"]) == [True, False, True]


def test_no_places_and_no_works():
    out = freeze_conflicts(_sites(), _venues().iloc[0:0], W0, W1, "EPSG:32632")
    assert len(out) == 3 and out["distance_m"].isna().all()
    assert freeze_conflicts(_sites().iloc[0:0], _venues(), W0, W1, "EPSG:32632").empty


def test_from_store(store):
    with store.engine.begin() as conn:
        write_features(conn, "sites", _sites())
        write_features(conn, "venues", _venues())
    with store.engine.connect() as conn:
        out = freeze_conflicts_from_store(conn, W0, W1, "EPSG:32632")
    assert list(out["code"]) == ["CS-near", "CS-open", "CS-far"]
    assert isinstance(out.iloc[0]["planned_start"], pd.Timestamp)
