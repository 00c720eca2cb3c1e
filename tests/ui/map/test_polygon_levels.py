"""Polygon layers at city zoom: rings thinned per zoom level, specks dropped, rings stay closed."""

from __future__ import annotations

import numpy as np
import shapely

from ui.map.layer_views.polygons import _ring_groups, lod_level, thin_rings


def _dense_square(x0: float, y0: float, side: float, step: float) -> shapely.Polygon:
    edge = np.arange(0.0, side, step)
    ring = np.concatenate([
        np.c_[x0 + edge, np.full_like(edge, y0)], np.c_[np.full_like(edge, x0 + side), y0 + edge],
        np.c_[x0 + side - edge, np.full_like(edge, y0 + side)], np.c_[np.full_like(edge, x0), y0 + side - edge],
    ])
    return shapely.Polygon(ring)


def test_thinning_keeps_big_rings_closed_and_drops_specks():
    big = _dense_square(0, 0, 1000, 1.0)  # 4,000 vertices
    holed = shapely.Polygon(_dense_square(2000, 0, 500, 1.0).exterior, [_dense_square(2200, 200, 3, 0.5).exterior])
    speck = _dense_square(5000, 5000, 2.0, 0.5)
    xy, starts, cls, cell = _ring_groups([big, holed, speck], [0, 1, 2])
    assert len(starts) - 1 == 4 and list(cls) == [0, 1, 1, 2]  # the hole keeps its polygon's class
    assert cell[1] == cell[2]  # and its cell
    thin_xy, thin_starts, kept = thin_rings(xy, starts, 16.0)
    assert list(kept) == [0, 1]  # the 3 m hole and the 2 m speck are below a 16 m pixel
    for k in range(len(kept)):
        ring = thin_xy[thin_starts[k]:thin_starts[k + 1]]
        assert np.array_equal(ring[0], ring[-1])  # still closed
        assert len(ring) < 0.1 * (starts[kept[k] + 1] - starts[kept[k]])  # about one vertex per pixel
        original = shapely.Polygon(xy[starts[kept[k]]:starts[kept[k] + 1]])
        assert abs(shapely.Polygon(ring).area - original.area) / original.area < 0.05
    full_xy, full_starts, all_kept = thin_rings(xy, starts, 1e-6)  # below the vertex spacing: nothing thinned
    assert len(all_kept) == 4 and len(full_xy) == len(xy)


def test_levels_follow_the_resolution():
    assert lod_level(0.25) is None  # close in: full detail
    assert lod_level(4.0) == 2 and lod_level(5.0) == 2 and lod_level(64.0) == 6
