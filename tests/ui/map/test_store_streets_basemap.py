"""A utility's own store: the streets it imported are drawn as the basemap (thin grey lines under the pipes)."""

from __future__ import annotations

import geopandas as gpd
import shapely

from services.importing import import_any
from services.map.data import total_bounds
from ui.map.canvas import MapCanvas
from ui.map.setup import load_layers

LOCAL = "EPSG:32632"
X0, Y0 = 373_000.0, 4_844_000.0
GREY = (0xd6, 0xd6, 0xd6)  # the demo basemap's street colour


def _files(tmp_path):
    """A street grid (12 lines) and four pipes along one of the streets, as GeoPackages in lon/lat."""
    streets = [shapely.LineString([(X0, Y0 + 100 * i), (X0 + 800, Y0 + 100 * i)]) for i in range(6)]
    streets += [shapely.LineString([(X0 + 160 * i, Y0), (X0 + 160 * i, Y0 + 500)]) for i in range(6)]
    s = gpd.GeoDataFrame({"name": [f"Rue {i}" for i in range(12)], "highway": "residential"},
                         geometry=streets, crs=LOCAL).to_crs(4326)
    pipes = gpd.GeoDataFrame({"code": [f"P{i}" for i in range(4)], "diameter_mm": 300.0},
                             geometry=[shapely.LineString([(X0 + 200 * i, Y0 + 200), (X0 + 200 * i + 200, Y0 + 200)])
                                       for i in range(4)], crs=LOCAL).to_crs(4326)
    paths = tmp_path / "streets.gpkg", tmp_path / "pipes.gpkg"
    s.to_file(paths[0], driver="GPKG")
    pipes.to_file(paths[1], driver="GPKG")
    return paths


def _grey_pixels(img) -> int:
    return sum(img.pixelColor(x, y).getRgb()[:3] == GREY for x in range(0, img.width(), 2)
               for y in range(0, img.height(), 2))


def test_imported_streets_are_the_basemap_under_the_pipes(qtbot, store, tmp_path):
    streets, pipes = _files(tmp_path)
    assert import_any(store, "pipes", pipes)["ok"]
    layers, proj = load_layers(store)
    assert layers.get("basemap_streets") is None  # no streets yet: no basemap
    assert import_any(store, "streets", streets)["imported"] == 12
    layers, proj = load_layers(store)
    base = layers.get("basemap_streets")
    assert base is not None and base.group == "basemap" and len(base.data.geoms) == 12
    assert base.z < layers.get("pipes").z
    assert base.data.attrs["name"].tolist()[:2] == ["Rue 0", "Rue 1"]
    canvas = MapCanvas(layers, proj)
    canvas.resize(640, 420)
    canvas.antialias = False
    qtbot.addWidget(canvas)
    canvas.show()
    qtbot.waitExposed(canvas)
    try:
        canvas.set_extent(X0 - 50, Y0 - 50, X0 + 850, Y0 + 550)
        assert canvas.wait_rendered(30_000)
        with_streets = _grey_pixels(canvas.grab().toImage())
        base.visible = False
        canvas.refresh()
        assert canvas.wait_rendered(30_000)
        without = _grey_pixels(canvas.grab().toImage())
    finally:
        canvas.close_canvas()
    assert with_streets > 200 and without < with_streets / 10, (with_streets, without)


def test_the_wall_draws_the_store_streets(qtbot, store, tmp_path):
    from ui.wall.window import WallWindow

    streets, pipes = _files(tmp_path)
    import_any(store, "streets", streets)
    import_any(store, "pipes", pipes)
    wall = WallWindow(store, "en")
    qtbot.addWidget(wall)
    try:
        assert wall.canvas.layers.get("basemap_streets") is not None
        assert total_bounds(wall.canvas.layers) is not None
    finally:
        wall.close()
