"""A store with a pipe thousands of kilometres from the rest (a stray 0,0) still renders, and the import names it."""

from __future__ import annotations

import logging

import geopandas as gpd
import numpy as np
import shapely

from cli.import_cmd import import_file
from gis.map_prep import build_line_levels
from ui.map.canvas import MapCanvas
from services.map.data import total_bounds
from ui.map.setup import load_layers


def _pipes_with_stray(tmp_path):
    """40 pipes in Monaco (UTM 32N) and one at lon/lat 0,0 — in a GeoPackage, as a utility exports them."""
    x0, y0 = 373_000.0, 4_844_000.0
    lines = [shapely.LineString([(x0, y0 + 25 * i), (x0 + 800, y0 + 25 * i)]) for i in range(40)]
    city = gpd.GeoDataFrame({"code": [f"P{i}" for i in range(40)], "diameter_mm": 200.0},
                            geometry=lines, crs="EPSG:32632").to_crs(4326)
    stray = gpd.GeoDataFrame({"code": ["STRAY"], "diameter_mm": [100.0]},
                             geometry=[shapely.LineString([(0.0, 0.0), (0.0005, 0.0)])], crs=4326)
    path = tmp_path / "pipes.gpkg"
    gpd.GeoDataFrame(gpd.pd.concat([city, stray], ignore_index=True), crs=4326).to_file(path, driver="GPKG")
    return path


def test_tiles_do_not_grow_with_the_extent():
    # Two short segments 5,000 km apart: the dense grid had 1.6e9 tiles; the sparse one has 2.
    lines = np.array([shapely.LineString([(0, 0), (10, 0)]), shapely.LineString([(5e6, 5e6), (5e6 + 10, 5e6)])])
    levels = build_line_levels(lines, np.array([0, 1]), 2)
    tiles = levels.levels[0]
    assert len(tiles.keys) == 2 and tiles.ncols * tiles.nrows > 1e9
    assert [list(tiles.row_slices(c, -100, -100, 100, 100)) for c in (0, 1)] == [[(0, 1)], []]
    assert [list(tiles.row_slices(c, 5e6 - 50, 5e6 - 50, 5e6 + 50, 5e6 + 50)) for c in (0, 1)] == [[], [(1, 2)]]


def test_store_with_a_stray_pipe_imports_with_a_note_and_renders(qtbot, store, tmp_path, caplog):
    report = import_file(store, "pipes", _pipes_with_stray(tmp_path))
    assert report["ok"] and report["imported"] == 41
    assert [f["feature"] for f in report["far"]] == ["STRAY"]
    assert any("STRAY" in n and "0.00" in n and "km from the others" in n for n in report["warnings"])
    layers, proj = load_layers(store, basemap=None)
    canvas = MapCanvas(layers, proj)
    canvas.resize(600, 400)
    canvas.antialias = False
    qtbot.addWidget(canvas)
    canvas.show()
    qtbot.waitExposed(canvas)
    try:
        with caplog.at_level(logging.ERROR):
            canvas.set_extent(*total_bounds(layers))  # the whole extent: Monaco to the Gulf of Guinea
            assert canvas.wait_rendered(30_000)
            canvas.set_extent(373_000.0, 4_844_000.0, 373_800.0, 4_845_000.0)  # then the city
            assert canvas.wait_rendered(30_000)
        assert not [r for r in caplog.records if "rendering the map failed" in r.getMessage()]
        img = canvas.grab().toImage()
        bg = img.pixelColor(2, 2)
        drawn = sum(img.pixelColor(x, y) != bg for x in range(0, 600, 7) for y in range(0, 400, 7))
        assert drawn > 50, "the city's pipes are drawn"
    finally:
        canvas.close_canvas()
