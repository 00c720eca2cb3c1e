"""Tiled segments, overviews, hit testing and coordinate conversions for the map."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from gis.coords import Projector, gcj02_to_wgs84, wgs84_to_gcj02
from gis.map_prep import FeatureData, build_line_levels, line_segments
from demo.synthetic import random_pipes


def _brute(seg, box):
    xmin, ymin, xmax, ymax = box
    lo_x, hi_x = np.minimum(seg[:, 0], seg[:, 2]), np.maximum(seg[:, 0], seg[:, 2])
    lo_y, hi_y = np.minimum(seg[:, 1], seg[:, 3]), np.maximum(seg[:, 1], seg[:, 3])
    return (hi_x >= xmin) & (lo_x <= xmax) & (hi_y >= ymin) & (lo_y <= ymax)


def test_visible_tiles_hold_every_segment_in_view_and_few_others():
    geoms, _, cls = random_pipes(4000, size_m=4000, origin=(0.0, 0.0), seed=3)
    codes = (cls == "transmission").astype(np.int32)
    levels = build_line_levels(geoms, codes, 2, tile=250.0)
    tiles = levels.levels[0]
    seg, _ = line_segments(geoms, codes)
    assert len(tiles.seg) == len(seg)  # no long segments here: nothing split
    box = (1000.0, 1200.0, 1800.0, 1650.0)
    drawn = np.concatenate([tiles.seg[a:b] for c in range(2) for a, b in tiles.row_slices(c, *box)])
    want = seg[_brute(seg, box)]
    as_set = {tuple(np.round(r, 6)) for r in drawn}
    assert all(tuple(np.round(r, 6)) in as_set for r in want)
    assert len(drawn) < 0.2 * len(seg)


def test_overview_is_smaller_and_stays_near_the_lines():
    geoms, _, _ = random_pipes(3000, size_m=3000, origin=(0.0, 0.0), seed=1)
    levels = build_line_levels(geoms, np.zeros(len(geoms), np.int32), 1, raster_min_segments=1)
    assert len(levels.levels) >= 2
    coarse = levels.levels[-1]
    assert len(coarse.seg) < 0.75 * len(levels.levels[0].seg)
    mids = shapely.points((coarse.seg[:, 0] + coarse.seg[:, 2]) / 2, (coarse.seg[:, 1] + coarse.seg[:, 3]) / 2)
    assert shapely.distance(mids, shapely.union_all(geoms)).max() < 2 * coarse.tolerance
    raster = levels.raster_for_resolution(50.0)
    assert raster is not None and raster.classes().max() == 0 and raster.shades > 1
    assert levels.raster_for_resolution(0.5) is None


def test_identify_finds_the_line_within_tolerance_and_nothing_off_network():
    lines = np.array([shapely.LineString([(0, 0), (100, 0)]), shapely.LineString([(0, 50), (100, 50)])])
    import pandas as pd

    data = FeatureData(lines, np.array([7, 8]), pd.DataFrame({"id": [7, 8]}), np.zeros(2, np.int32))
    assert data.nearest(50, 48, 3.0) == 1
    assert data.nearest(50, 2, 3.0) == 0
    assert data.nearest(50, 25, 3.0) is None
    assert list(data.query_box(-1, 40, 10, 60)) == [1]


def test_gcj02_round_trip_and_no_shift_outside_china():
    lon, lat = np.array([116.391, 121.47]), np.array([39.907, 31.23])
    glon, glat = wgs84_to_gcj02(lon, lat)
    assert np.all(np.abs(glon - lon) > 1e-4)  # hundreds of metres in Beijing and Shanghai
    wlon, wlat = gcj02_to_wgs84(glon, glat)
    assert np.allclose(wlon, lon, atol=1e-7) and np.allclose(wlat, lat, atol=1e-7)
    vaduz = wgs84_to_gcj02(9.52, 47.14)
    assert float(vaduz[0]) == 9.52 and float(vaduz[1]) == 47.14


def test_projector_round_trip():
    p = Projector("EPSG:32632")
    x, y = p.to_local(9.52, 47.14)
    lon, lat = p.to_wgs84(x, y)
    assert abs(float(lon) - 9.52) < 1e-9 and abs(float(lat) - 47.14) < 1e-9


def test_a_single_route_or_two_parallel_lines_are_their_own_bulk_not_outliers():
    """Issue 19 review: a layer of one 300 m route (or two parallel mains) was dropped whole as "outliers"."""
    import shapely

    from gis.map_prep import build_line_levels, robust_bounds

    one = np.array([[1000.0, 2000.0, 1300.0, 2000.0]])
    bounds, outlier = robust_bounds(one)
    assert bounds == (1000.0, 2000.0, 1300.0, 2000.0) and not outlier.any()
    two = np.array([[0.0, 0.0, 5000.0, 0.0], [0.0, 40.0, 5000.0, 40.0]])
    assert not robust_bounds(two)[1].any()
    # A pipe typed in degrees among a city's metres is still an outlier.
    rng = np.random.default_rng(3)
    x0, y0 = rng.uniform(0, 20_000, 1000), rng.uniform(0, 20_000, 1000)
    city = np.column_stack([x0, y0, x0 + 8, y0 + 8])
    stray = np.vstack([city, [[9.5, 47.1, 2_000_000.0, 5_000_000.0]]])
    assert robust_bounds(stray)[1].tolist() == [False] * 1000 + [True]
    route = shapely.linestrings([[(1000.0, 2000.0), (1150.0, 2000.0), (1300.0, 2000.0)]])
    levels = build_line_levels(route, np.zeros(1, dtype=np.int32), 1)
    seg = levels.levels[0].seg
    assert np.hypot(seg[:, 2] - seg[:, 0], seg[:, 3] - seg[:, 1]).sum() == 300.0  # the whole route drawn


def test_overview_raster_is_antialiased_like_the_line_it_stands_for():
    from gis.map_prep import class_rasters

    # A horizontal line a quarter cell below row 4's centre, and a vertical one of a higher class.
    cell = 2.0
    bounds = (0.0, 0.0, 40.0, 40.0)
    top = 21 * cell  # the grid's top edge: 40 / 2 + 1 rows of 2 m above ymin 0 (see class_rasters)
    y = top - (4 + 0.5 + 0.25) * cell
    seg = np.array([[3.0, y, 31.0, y], [20.0 + 1.0, 2.0, 20.0 + 1.0, 38.0]])
    r = class_rasters(seg, np.array([0, 1], np.int32), 2, bounds, cells=(cell,))[0]
    assert r.shades > 1 and r.extent[3] == top
    cover = np.where(r.grid > 0, ((r.grid.astype(int) - 1) % r.shades + 1) / r.shades, 0.0)
    cls = r.classes()
    # Along the horizontal line (away from the crossing) two rows share it: 3/4 and 1/4.
    for col in (3, 6, 12):
        assert cls[4, col] == 0 and cls[5, col] == 0
        assert abs(cover[4, col] - 0.75) <= 1 / r.shades and abs(cover[5, col] - 0.25) <= 1 / r.shades
        assert cover[:, col].sum() == pytest.approx(1.0, abs=1 / r.shades)
    # The vertical line of the higher class sits on a cell centre (x = 21 m: column 10): full there.
    assert cls[12, 10] == 1 and cover[12, 10] == 1.0
    # Where they cross, the higher class keeps the cell.
    assert cls[4, 10] == 1
    # Nothing outside the lines.
    assert cls[15, 3] == -1 and cls[0, 0] == -1


def test_overview_raster_draws_each_class_with_its_width():
    from gis.map_prep import class_rasters

    cell = 2.0
    top = 21 * cell
    y = top - 10.5 * cell  # on row 10's centre
    seg = np.array([[3.0, y, 31.0, y], [3.0, y - 12.0, 31.0, y - 12.0]])  # rows 10 and 16
    levels = class_rasters(seg, np.array([0, 1], np.int32), 2, (0.0, 0.0, 40.0, 40.0), cells=(cell, 2 * cell),
                           widths=[1.0, 3.0])
    fine = levels[0]
    assert fine.widths == (1.0, 3.0) and fine.width_of(1) == 3.0 and fine.width_of(5) == 1.0
    cls = fine.classes()
    assert (cls[9:12, 8] == [-1, 0, -1]).all()  # one cell wide, on its centre
    assert (cls[15:18, 8] == [1, 1, 1]).all() and cls[14, 8] == -1 and cls[18, 8] == -1  # three cells wide
    # The coarser level draws the same pixel widths at its own cells, and keeps every line.
    coarse = levels[1]
    assert coarse.cell == 4.0 and (coarse.classes() == 0).any() and (coarse.classes() == 1).sum() >= 2 * 7


def test_a_cell_keeps_the_line_covering_most_of_it():
    """A main's faint edge does not hide the line it touches; where coverage ties, the higher class wins."""
    from gis.map_prep import class_rasters

    cell = 2.0
    top = 21 * cell
    y_low = top - 10.5 * cell  # class 0 on row 10's centre: covers it whole
    y_main = top - (10.9 + 0.5) * cell  # class 1 a tenth of a cell into row 10, nine tenths into row 11
    seg = np.array([[3.0, y_low, 31.0, y_low], [3.0, y_main, 31.0, y_main]])
    r = class_rasters(seg, np.array([0, 1], np.int32), 2, (0.0, 0.0, 40.0, 40.0), cells=(cell,))[0]
    cls = r.classes()
    assert (cls[10, 3:14] == 0).all() and (cls[11, 3:14] == 1).all()
    same = class_rasters(np.array([[3.0, y_low, 31.0, y_low]] * 2), np.array([0, 1], np.int32), 2,
                         (0.0, 0.0, 40.0, 40.0), cells=(cell,))[0]
    assert (same.classes()[10, 3:14] == 1).all()
