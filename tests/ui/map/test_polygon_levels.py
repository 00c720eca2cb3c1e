"""Polygon layers at city zoom: rings thinned per zoom level, specks dropped, rings stay closed."""

from __future__ import annotations

import numpy as np
import pytest
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


@pytest.mark.parametrize("width", [1.5, 2.5])
def test_dashed_outlines_drawn_as_segments_look_as_qt_dashes_them(width):
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPolygonF

    from ui.map.layer_views.base import cosmetic_pen, draw_lines_array
    from ui.map.layer_views.polygons import dash_segments

    rings = [np.array([[50, 60], [700, 90], [650, 520], [80, 480], [50, 60]], float),
             np.array([[300 + 120 * np.cos(a), 300 + 90 * np.sin(a)] for a in np.linspace(0, 2 * np.pi, 37)])]
    pictures = []
    for qt_dashes in (True, False):
        image = QImage(800, 600, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor("white"))
        p = QPainter(image)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if qt_dashes:
            path = QPainterPath()
            for r in rings:
                path.addPolygon(QPolygonF([QPointF(x, y) for x, y in r]))
            p.strokePath(path, cosmetic_pen(QColor("#d68910"), width, Qt.PenCapStyle.RoundCap, True))
        else:
            xy = np.concatenate(rings)
            starts = np.concatenate([[0], np.cumsum([len(r) for r in rings])])
            segments = dash_segments(xy, starts, width)
            p.setPen(cosmetic_pen(QColor("#d68910"), width, Qt.PenCapStyle.RoundCap))
            draw_lines_array(p, segments, 0, len(segments))
        p.end()
        pictures.append(np.frombuffer(image.constBits(), np.uint8).reshape(600, 800, 4).astype(int))
    qt, ours = pictures
    ink = (qt[..., 0] < 250).sum()
    off = (np.abs(qt - ours).max(axis=2) > 40).sum()
    # The same dashes in the same places (the pattern in step round every corner): only a few
    # antialiased pixels at the corners differ (two round caps where Qt joins).
    assert ink > 5000 and off < 0.01 * ink
