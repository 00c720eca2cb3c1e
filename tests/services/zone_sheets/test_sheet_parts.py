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


def test_sheets_read_only_the_pipes_they_need_and_give_the_figures_of_the_whole_layer(first_day_plan_template,
                                                                                      tmp_path):
    """One pass over the pipes keeps lengths and boxes, not a city's geometries; the figures are those of
    the layer read whole (as the sheets did before)."""
    import datetime as dt

    import shapely

    from models.bulk import read_features
    from services.zone_sheets.sheets import _read_sheet_pipes, zone_sheets
    from tests.support.stores import open_copy

    store = open_copy(first_day_plan_template, f"sqlite:///{tmp_path / 'demo.sqlite'}")
    try:
        with store.engine.connect() as conn:
            sheets = zone_sheets(conn, dt.date(2026, 12, 1))
            crs = sheets[0].crs
            whole = read_features(conn, "pipes", columns=["pipe_class"]).to_crs(crs)
            some = whole.index.to_numpy()[::7]
            part = _read_sheet_pipes(conn, crs, some, some[:3])
    finally:
        store.dispose()
    assert list(part.ids) == sorted(some) and sorted(part.shapes) == sorted(some[:3].tolist())
    np.testing.assert_allclose(part.length_m, shapely.length(whole.geometry.loc[some].to_numpy()), rtol=1e-9)
    np.testing.assert_allclose(part.bounds, shapely.bounds(whole.geometry.loc[some].to_numpy()), rtol=1e-12)
    assert len(part.transmission) == int((whole["pipe_class"] == "transmission").sum())
    for sheet in sheets:  # each sheet's lengths are its pipes' lengths in the whole layer
        lengths = shapely.length(whole.geometry.loc[sheet.pipe_ids].to_numpy()) / 1000.0
        for rule, km in sheet.length_km.items():
            assert km == round(float(lengths[sheet.pipe_rules == rule].sum()), 2)
        b = shapely.total_bounds(whole.geometry.loc[sheet.pipe_ids].to_numpy())
        ex = sheet.extent
        assert ex[0] <= b[0] and ex[1] <= b[1] and ex[2] >= b[2] and ex[3] >= b[3]
