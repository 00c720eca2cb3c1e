"""Issue 16 (11): street and place labels on the wall grow with the screen (4K ≥ 2 × the 1080p size)."""

from __future__ import annotations

from PySide6.QtGui import QFontMetricsF

import ui.map.layer_views.lines as lines_view
import ui.map.layer_views.points as points_view
import ui.map.layer_views.polygons as polygons_view
from tests.ui.wall.test_wall import _frame, make_wall  # noqa: F401 (fixtures)


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


def test_banner_names_the_street_and_the_overrun(make_wall, demo_store, qtbot):
    """A serious repair phoned in without an address, on a pipe, 40 minutes ago, never dispatched."""
    import datetime as dt

    from sqlalchemy import select

    from models.network import Pipe
    from models.repair import Repair

    with demo_store.session() as s:
        pipe = s.scalars(select(Pipe).where(Pipe.street.is_not(None), Pipe.street != "")).first()
        now = dt.datetime.now(dt.timezone.utc)
        s.add(Repair(code="R-888", level="II", status="reported", pipe_id=pipe.id, lon=9.52, lat=47.14,
                     reported_at=now - dt.timedelta(minutes=40), diameter_mm=200.0))
        s.commit()
        street = pipe.street
    wall = make_wall()
    wall.resize(1280, 720)
    wall.show()
    wall.refresh_now()
    text = wall.banner.full_text
    assert "R-888" in text and street in text and "location on the map" not in text
    assert "dispatch limit overrun by" in text


def test_vehicles_stacked_at_one_depot_are_one_symbol_with_a_count(make_wall, demo_store, qtbot, tmp_path):
    """Three vehicles parked within a few metres of each other draw as one symbol labelled with the count."""
    import numpy as np
    from sqlalchemy import select

    from gis.stacking import stacked_groups
    from models.repair import Vehicle

    with demo_store.session() as s:
        vehicles = s.scalars(select(Vehicle).order_by(Vehicle.id)).all()
        assert len(vehicles) >= 4
        codes = [v.code for v in vehicles[:3]]
        for k, v in enumerate(vehicles[:3]):  # one depot, parked 1-2 m apart
            v.last_lon, v.last_lat = 9.5150 + k * 0.00001, 47.1500
        vehicles[3].last_lon, vehicles[3].last_lat = 9.5250, 47.1500  # ~750 m away: alone
        s.commit()
        alone = vehicles[3].code
    wall = make_wall("zh_CN")
    _frame(wall, 1920, 1080, qtbot)
    groups = [sorted(g) for g in wall.vehicle_groups]
    assert sorted(codes) in groups
    assert [alone] in groups
    data = wall.canvas.vehicles
    assert len(data) == len(wall.vehicle_groups) == sum(1 for _ in groups)
    labels = [str(t) for t in data.labels]
    assert "3 辆车" in labels and alone in labels
    assert not any(c in labels for c in codes)
    # The grouping itself: single linkage within 5 m, far points alone, NaN alone.
    g = stacked_groups(np.array([0, 3, 7, 100, np.nan]), np.zeros(5))
    assert [list(x) for x in g] == [[0, 1, 2], [3], [4]]
    wall.grab().save(str(tmp_path / "wall_stack.png"))
