"""Lines as vertex arrays: the same geometries, lengths and coverage samples as the shapely lines."""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from gis.coverage import sample_segments
from gis.segment_lines import SegmentLines


def _lines() -> np.ndarray:
    rng = np.random.default_rng(3)
    out = [shapely.LineString(np.cumsum(rng.normal(0, 20, (int(rng.integers(2, 7)), 2)), axis=0) + 5e5)
           for _ in range(40)]
    out[5] = shapely.MultiLineString([[(0, 0), (10, 0)], [(20, 0), (20, 15)]])
    out[9] = shapely.LineString()
    out[17] = None
    return np.array(out, dtype=object)


def test_indexing_gives_the_same_geometries():
    geoms = _lines()
    lines = SegmentLines.from_geoms(geoms)
    assert len(lines) == 40 and lines.coords.dtype == np.float64
    ok = np.array([g is not None for g in geoms])
    assert shapely.equals_exact(lines[np.arange(40)][ok], geoms[ok], tolerance=0).all()
    assert lines[17] is None and lines[5].geom_type == "MultiLineString"
    assert shapely.equals_exact(lines[3], geoms[3], tolerance=0)
    assert shapely.equals_exact(lines[np.array([4, 2])], geoms[[4, 2]], tolerance=0).all()
    np.testing.assert_array_equal(lines.lengths, shapely.length(geoms))
    sub = lines.subset(np.array([5, 3, 17]))
    assert shapely.equals_exact(sub[1], geoms[3], tolerance=0) and sub[0].geom_type == "MultiLineString"


def test_samples_are_exactly_those_of_the_geometries():
    geoms = _lines()
    keep = np.array([i for i, g in enumerate(geoms) if g is not None and not g.is_empty])
    xy_a, counts_a, len_a = sample_segments(geoms[keep], 5.0)
    xy_b, counts_b, len_b = sample_segments(SegmentLines.from_geoms(geoms).subset(keep), 5.0)
    np.testing.assert_array_equal(counts_a, counts_b)
    np.testing.assert_array_equal(len_a, len_b)
    np.testing.assert_array_equal(xy_a, xy_b)


def test_store_lines_match_the_metric_frame(planned_demo_store):
    from services.patrol.data import read_metric, read_metric_lines

    crs = planned_demo_store.current_event().local_crs
    with planned_demo_store.engine.connect() as conn:
        gdf = read_metric(conn, "pipes", crs, ["code"])
        frame, lines = read_metric_lines(conn, "pipes", crs, ["code"])
    assert frame["id"].tolist() == gdf["id"].tolist() and frame["code"].tolist() == gdf["code"].tolist()
    assert shapely.equals_exact(lines[np.arange(len(lines))], gdf.geometry.to_numpy(), tolerance=0).all()
    np.testing.assert_array_equal(lines.lengths, shapely.length(gdf.geometry.to_numpy()))  # bit-identical


def test_line_lengths_are_geos_lengths():
    from gis.segment_lines import line_lengths

    rng = np.random.default_rng(3)
    counts = rng.integers(2, 300, 2_000)
    counts[::50] = 2
    coords = np.cumsum(rng.normal(0.0, 37.3, (int(counts.sum()), 2)), axis=0) + [431_234.567, 5_401_987.654]
    geoms = shapely.linestrings(coords, indices=np.repeat(np.arange(len(counts)), counts))
    np.testing.assert_array_equal(line_lengths(coords, counts), shapely.length(geoms))
    assert line_lengths(np.empty((0, 2)), np.empty(0, np.int64)).shape == (0,)


def test_street_graph_and_simulated_day_are_the_same_on_vertex_arrays():
    from demo.patrol_sim import SimTeam, grid_streets, simulate_patrols, street_graph

    crs, anchor = "EPSG:32632", 1_764_543_600.0
    lines = grid_streets(6, 5, 80.0, origin=(530_000.0, 5_211_000.0))
    a, b = street_graph(lines, crs), street_graph(SegmentLines.from_geoms(lines), crs)
    for name in ("u", "v", "xy", "length_m", "midpoints"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
    teams = [SimTeam("s", np.arange(0, len(lines), 2), 0, 6 * 3600, 1.3, skip_fraction=0.25)]
    fa = simulate_patrols(lines, teams, anchor, crs, seed=7, graph=a)
    fb = simulate_patrols(lines, teams, anchor, crs, seed=7, graph=b)
    pd.testing.assert_frame_equal(fa, fb)
