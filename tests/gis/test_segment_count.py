"""The segment count of a view (the canvas's antialiasing and raster decisions), from summed per-tile
counts, equals walking the tiles (``SegmentTiles.row_slices``) for any box, and picks the same raster."""

from __future__ import annotations

import numpy as np
import shapely

from gis.map_prep import RASTER_ALWAYS_CELL, SHADED_VECTOR_BUDGET, build_line_levels


def _walked(tiles, box) -> int:
    """The segments a draw of ``box`` touches, by walking every class's tile rows."""
    return sum(b - a for c in range(tiles.n_classes) for a, b in tiles.row_slices(c, *box))


def _raster_walked(levels, mpp, box, budget):
    """The raster rule of :meth:`LineLevels.raster_for_view` with the walked count."""
    raster = levels.raster_for_resolution(mpp)
    if raster is None or raster.cell >= RASTER_ALWAYS_CELL:
        return raster
    return None if _walked(levels.for_resolution(mpp), box) <= budget else raster


def test_summed_counts_equal_the_tile_walk_for_any_box():
    rng = np.random.default_rng(3)
    starts = rng.uniform(0, 5000, (3000, 2))
    steps = rng.normal(0, 8, (3000, 6, 2)).cumsum(axis=1)
    geoms = np.array([shapely.LineString(np.vstack([s, s + st])) for s, st in zip(starts, steps)], dtype=object)
    levels = build_line_levels(geoms, rng.integers(0, 3, len(geoms)), 3, raster_min_segments=1000)
    assert levels.rasters and len(levels.levels) >= 1
    for tiles in levels.levels:
        for _ in range(200):
            x0, y0 = rng.uniform(-1000, 5500, 2)
            w, h = rng.uniform(1, 4000, 2)
            box = (x0, y0, x0 + w, y0 + h)
            assert tiles.count_in(*box) == _walked(tiles, box)
    for mpp in (0.5, 1.0, 2.0, 4.0, 8.0, 20.0):
        for _ in range(20):
            x0, y0 = rng.uniform(-500, 4000, 2)
            box = (x0, y0, x0 + 1920 * mpp, y0 + 1080 * mpp)
            for budget in (100, 5000, 45_000):
                assert levels.raster_for_view(mpp, box, budget) is _raster_walked(levels, mpp, box, budget)
            # By default a shaded raster's budget.
            assert levels.raster_for_view(mpp, box) is _raster_walked(levels, mpp, box, SHADED_VECTOR_BUDGET)
