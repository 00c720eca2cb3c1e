"""Pure parts of the zone sheets and exports: grid references, key points, track lines."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gis.export import track_lines
from services.zone_sheets.sheets import best_rules, derive_key_points, grid_ref, sheet_grid


def test_grid_letters_columns_from_west_and_numbers_rows_from_north():
    cell, xs, ys = sheet_grid((0.0, 0.0, 3000.0, 2000.0), target_cols=6)
    assert cell == 500.0 and len(xs) == 7 and len(ys) == 5
    assert grid_ref(10, 1990, xs, ys) == "A1"
    assert grid_ref(2990, 10, xs, ys) == "F4"
    assert grid_ref(-1, 10, xs, ys) == ""


def test_best_rule_is_the_most_demanding():
    ids, rules = best_rules(np.array([5, 5, 7]), np.array(["patch", "venue_guard", "transmission"], dtype=object))
    assert ids.tolist() == [5, 7] and rules.tolist() == ["venue_guard", "transmission"]


def test_key_points_inside_the_area_stored_first_then_derived_kinds_in_turn():
    area = shapely.box(0, 0, 1000, 1000)
    pts = lambda xy, **cols: gpd.GeoDataFrame(cols, geometry=[shapely.Point(p) for p in xy])  # noqa: E731
    stored = pts([(100, 900), (2000, 2000)], code=["KP1", "KP2"], name=["Chamber", "Outside"])
    leaks = pts([(500, 500)], code=["LP1"], name=["Leak"], name_zh=["测漏点"])
    valves = pts([(200, 0.5), (800, 300)], code=["V1", "V2"])
    hydrants = pts([(990, 990)], code=["H1"])
    main = np.array([shapely.LineString([(0, 0), (1000, 0)])])
    venue = np.array([shapely.box(900, 900, 950, 950)])
    kps = derive_key_points(area, stored, leaks, valves, main, hydrants, venue)
    assert sorted(k.code for k in kps) == ["H1", "KP1", "LP1", "V1"]  # V2 is off the main, KP2 outside
    assert [k.number for k in kps] == [1, 2, 3, 4]
    assert kps[0].y >= kps[-1].y  # numbered from the north
    assert derive_key_points(area, stored, leaks, valves, main, hydrants, venue, limit=2)[0].code in ("KP1", "LP1")


def test_track_lines_one_per_device_in_time_order():
    fixes = pd.DataFrame({"device": ["b", "a", "a", "a", "c"], "t": [5.0, 3.0, 1.0, 2.0, 9.0],
                          "lon": [9.0, 9.002, 9.0, 9.001, 9.0], "lat": [47.0] * 5})
    lines = track_lines(fixes, "EPSG:32632")
    assert lines["device"].tolist() == ["a"] and lines["fixes"].tolist() == [3]  # b and c have one fix
    assert list(lines.geometry.iloc[0].coords)[0] == (9.0, 47.0)
    assert 140 < lines["length_m"].iloc[0] < 160
