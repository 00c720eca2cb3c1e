"""Issue 16 (11): street and place labels on the wall grow with the screen (4K ≥ 2 × the 1080p size)."""

from __future__ import annotations

from PySide6.QtGui import QFontMetricsF

import ui.map.layer_views.lines as lines_view
import ui.map.layer_views.points as points_view
import ui.map.layer_views.polygons as polygons_view
from tests.ui.wall.test_wall import _frame, demo_store, make_wall  # noqa: F401 (fixtures)


def _label_heights(wall, monkeypatch) -> list[float]:
    """Pixel heights of the label fonts the map's views draw with, at the wall's own resolution."""
    heights: list[float] = []
    for module in (lines_view, points_view, polygons_view):
        real = module.label_font

        def recording(size, real=real):
            font = real(size)
            heights.append(QFontMetricsF(font, wall.canvas).height())
            return font
        monkeypatch.setattr(module, "label_font", recording)
    wall.canvas.refresh()
    assert wall.canvas.wait_rendered(30_000)
    return heights


def test_labels_at_4k_are_twice_the_1080p_labels(make_wall, qtbot, monkeypatch):
    wall = make_wall()
    _frame(wall, 1920, 1080, qtbot)
    venue = wall.canvas.layers["venues"].data.geoms[0].centroid
    extent = (venue.x - 400, venue.y - 225, venue.x + 400, venue.y + 225)  # the stadium's streets
    wall.canvas.set_extent(*extent, margin=0)
    small = _label_heights(wall, monkeypatch)
    monkeypatch.undo()
    big_wall = make_wall()
    _frame(big_wall, 3840, 2160, qtbot)
    big_wall.canvas.set_extent(*extent, margin=0)  # the same place
    big = _label_heights(big_wall, monkeypatch)
    assert small and big, "no labels drawn"
    assert max(big) >= 2 * max(small) * 0.95, (max(small), max(big))
    assert min(big) >= 2 * min(small) * 0.95
