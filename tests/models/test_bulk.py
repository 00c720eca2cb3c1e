"""Bulk features and points round-trip through the store as arrays."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from sqlalchemy import select

from models import bulk
from models.event import GuardedPlace


def _pipes(n: int) -> gpd.GeoDataFrame:
    x = 9.5 + np.arange(n) * 1e-4
    lines = shapely.linestrings(np.stack([np.stack([x, np.full(n, 47.1)], 1), np.stack([x, np.full(n, 47.101)], 1)], 1))
    return gpd.GeoDataFrame(
        {"diameter_mm": np.where(np.arange(n) % 2, 150.0, np.nan), "material": ["DI"] * n, "unknown_column": 1},
        geometry=lines,
        crs="EPSG:4326",
    )


def test_pipes_round_trip_with_generated_codes(store):
    gdf = _pipes(5)
    with store.engine.begin() as conn:
        ids = bulk.write_features(conn, "pipes", gdf)
    assert ids.tolist() == [1, 2, 3, 4, 5]
    with store.engine.connect() as conn:
        back = bulk.read_features(conn, "pipes")
    assert back.crs.equals("EPSG:4326")
    assert back["code"].tolist() == ["P000001", "P000002", "P000003", "P000004", "P000005"]
    assert back.geometry.geom_equals_exact(gdf.geometry.set_axis(back.index), 1e-12).all()
    assert back["diameter_mm"].isna().tolist() == [True, False, True, False, True]
    assert (back["pipe_class"] == "distribution").all()  # the model's default


def test_duplicate_codes_are_made_unique_not_dropped(store):
    gdf = _pipes(3).assign(code=["A", "A", None])
    with store.engine.begin() as conn:
        bulk.write_features(conn, "pipes", gdf)
        bulk.write_features(conn, "pipes", _pipes(1).assign(code=["A"]))
    with store.engine.connect() as conn:
        codes = bulk.read_features(conn, "pipes", columns=["code"])["code"].tolist()
    assert codes == ["A", "A-2", "P000003", "A-3"]


def test_shared_table_kinds_keep_their_kind(store):
    square = shapely.box(9.5, 47.1, 9.51, 47.11)
    with store.engine.begin() as conn:
        bulk.write_features(conn, "venues", gpd.GeoDataFrame({"name": ["Stadium"]}, geometry=[square], crs=4326))
        bulk.write_features(conn, "residences", gpd.GeoDataFrame({"name": ["Hotel 河畔"]}, geometry=[square], crs=4326))
    with store.engine.connect() as conn:
        assert bulk.read_features(conn, "residences")["name"].tolist() == ["Hotel 河畔"]
        kinds = conn.execute(select(GuardedPlace.kind).order_by(GuardedPlace.id)).scalars().all()
    assert kinds == ["venue", "residence"]


def test_projected_frames_are_refused(store):
    with store.engine.begin() as conn, pytest.raises(ValueError, match="must be in EPSG:4326"):
        bulk.write_features(conn, "pipes", _pipes(2).to_crs(32632))


def test_track_points_filter_by_time_and_device(store):
    frame = pd.DataFrame(
        {"device": ["a", "a", "b", "a"], "t": [30.0, 10.0, 20.0, 40.0], "lon": [9.5] * 4, "lat": [47.1] * 4}
    )
    with store.engine.begin() as conn:
        assert bulk.write_track_points(conn, frame) == 4
    with store.engine.connect() as conn:
        got = bulk.read_track_points(conn, t0=10, t1=40, devices=["a"])
    assert got["t"].tolist() == [10.0, 30.0]


def test_a_failed_transaction_writes_nothing(store):
    with pytest.raises(RuntimeError):
        with store.engine.begin() as conn:
            bulk.write_features(conn, "pipes", _pipes(10))
            raise RuntimeError("import failed half way")
    with store.engine.connect() as conn:
        assert len(bulk.read_features(conn, "pipes")) == 0
