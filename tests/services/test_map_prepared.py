"""A city-sized pipes layer: prepared map data kept beside the store, reused, rebuilt, robust to outliers."""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from demo.synthetic import random_pipes
from gis.coords import Projector
from gis.map_cache import load_line_levels
from gis.map_prep import FeatureData
from models.bulk import write_features
from models.changes import record_changes
from services.map.data import store_layer_data
from services.map.prepared import cache_folder, deferred_pipes, layer_outliers, pipes_key, read_layer_lean

PROJ = Projector("EPSG:32632")
ORIGIN = (760_000.0, 5_220_000.0)


def _write_pipes(store, geoms_local, start: int = 0) -> None:
    lon_lat = shapely.transform(geoms_local, lambda xy: np.column_stack(PROJ.to_wgs84(xy[:, 0], xy[:, 1])))
    n = len(geoms_local)
    gdf = gpd.GeoDataFrame({"code": [f"P{start + i:05d}" for i in range(n)], "diameter_mm": np.full(n, 150.0),
                            "pipe_class": ["distribution"] * n}, geometry=lon_lat, crs="EPSG:4326")
    with store.engine.begin() as conn:
        write_features(conn, "pipes", gdf)
        record_changes(conn, "pipes", None)


def _open(store):
    with store.engine.connect() as conn:
        data = deferred_pipes(conn, PROJ, lambda c: read_layer_lean(c, "pipes", PROJ), 3, min_rows=1)
    assert data is not None
    assert data.wait(60)
    return data


def test_prepared_pipes_are_kept_beside_the_store_and_reused_until_the_pipes_change(store):
    geoms, _, _ = random_pipes(400, size_m=2000, origin=ORIGIN, seed=4)
    _write_pipes(store, geoms)
    first = _open(store)
    folder = cache_folder(store.engine, "pipes")
    assert not first.from_cache and (folder / "meta.json").exists()
    levels = first.line_levels()

    again = _open(store)
    assert again.from_cache
    cached = again.line_levels()
    assert isinstance(cached.levels[0].seg, np.memmap)  # memory-mapped, not read into memory
    assert np.array_equal(np.asarray(cached.levels[0].seg), levels.levels[0].seg)
    assert again.bounds() == first.bounds()
    assert len(again.geoms) == 400 and again.tree() is not None  # the features still load
    with store.engine.connect() as conn:
        plain = store_layer_data(conn, "pipes", PROJ)  # what a small store's desk reads
    assert shapely.equals_exact(again.geoms, plain.geoms, tolerance=1e-6).all()
    assert list(again.ids) == list(plain.ids) and list(again.codes) == list(plain.codes)
    assert again.attrs["code"].tolist() == plain.attrs["code"].tolist()
    assert again.attrs["pipe_class"].astype(str).tolist() == plain.attrs["pipe_class"].tolist()

    more, _, _ = random_pipes(50, size_m=500, origin=(ORIGIN[0] + 2500, ORIGIN[1]), seed=5)
    _write_pipes(store, more, start=400)
    changed = _open(store)
    assert not changed.from_cache
    assert changed.bounds()[2] > first.bounds()[2] + 400  # the new pipes are in the extent
    with store.engine.connect() as conn:
        key = pipes_key(conn, PROJ)
    assert json.loads((folder / "meta.json").read_text())["key"] == json.loads(json.dumps(key))
    assert _open(store).from_cache

    from models.store import open_store

    viewer = open_store(store.url, role="viewer")  # a read-only desk opens the file as an SQLite URI
    try:
        assert cache_folder(viewer.engine, "pipes") == folder
        assert _open(viewer).from_cache
    finally:
        viewer.dispose()


def test_a_cut_or_garbled_cache_is_rebuilt_not_a_crash(store):
    geoms, _, _ = random_pipes(300, size_m=1500, origin=ORIGIN, seed=6)
    _write_pipes(store, geoms)
    want = _open(store).line_levels().levels[0].seg.copy()
    folder = cache_folder(store.engine, "pipes")
    seg = folder / "l0_seg.npy"
    seg.write_bytes(seg.read_bytes()[: seg.stat().st_size // 2])  # cut short (disk full, a crash)
    with store.engine.connect() as conn:
        assert load_line_levels(folder, pipes_key(conn, PROJ)) is None
    rebuilt = _open(store)
    assert not rebuilt.from_cache and np.array_equal(rebuilt.line_levels().levels[0].seg, want)
    assert _open(store).from_cache

    (folder / "meta.json").write_text("{not json")
    assert not _open(store).from_cache
    (folder / "l0_keys.npy").write_bytes(b"\x93NUMPY garbage")
    (folder / "meta.json").write_text((folder / "meta.json").read_text())  # sizes no longer match
    assert not _open(store).from_cache


def test_a_far_away_pipe_does_not_blow_up_the_extent_or_the_tiles_and_is_named():
    geoms, _, _ = random_pipes(2000, size_m=3000, origin=ORIGIN, seed=2)
    stray = [shapely.LineString([(ORIGIN[0] + 1e7, ORIGIN[1]), (ORIGIN[0] + 1e7 + 30, ORIGIN[1] + 10)]),
             shapely.LineString([(ORIGIN[0] + 100, ORIGIN[1] + 100), (ORIGIN[0] + 5e6, ORIGIN[1] - 3e6)]),
             shapely.LineString([(ORIGIN[0], ORIGIN[1]), (np.inf, ORIGIN[1])])]
    all_geoms = np.concatenate([geoms, np.array(stray, dtype=object)])
    n = len(all_geoms)
    attrs = pd.DataFrame({"id": np.arange(1, n + 1), "code": [f"P{i}" for i in range(n)]})
    clean = FeatureData(geoms, np.arange(1, len(geoms) + 1), attrs.iloc[: len(geoms)], np.zeros(len(geoms), np.int32))
    data = FeatureData(all_geoms, attrs["id"].to_numpy(), attrs, np.zeros(n, np.int32))

    assert data.bounds() == clean.bounds()
    xmin, ymin, xmax, ymax = data.bounds()
    assert xmax - xmin < 4000 and ymax - ymin < 4000
    tiles, ref = data.line_levels().levels[0], clean.line_levels().levels[0]
    assert len(tiles.keys) == len(ref.keys) and tiles.ncols == ref.ncols and tiles.nrows == ref.nrows
    assert list(data.outlier_rows()) == [n - 3, n - 2, n - 1]
    count, names = layer_outliers(data)
    assert count == 3 and names == [f"P{n - 3}", f"P{n - 2}", f"P{n - 1}"]


def test_the_desk_map_draws_the_pipes_from_the_cache(store, qapp, monkeypatch):
    from PySide6.QtGui import QColor, QImage, QPainter

    from services.map.data import build_layers
    from ui.map.canvas import MapCanvas

    geoms, _, _ = random_pipes(500, size_m=1000, origin=ORIGIN, seed=8)
    _write_pipes(store, geoms)
    _open(store)  # the first desk prepared the map data
    monkeypatch.setattr("services.map.prepared.DEFER_MIN_ROWS", 1)
    with store.engine.connect() as conn:
        layers = build_layers(conn, PROJ, None, defer=True)
    pipes = layers["pipes"].data
    assert pipes.from_cache and pipes.levels_ready()
    canvas = MapCanvas(layers, PROJ)
    try:
        image = QImage(400, 400, QImage.Format.Format_ARGB32_Premultiplied)
        painter = QPainter(image)
        canvas.render(painter, pipes.bounds(), 400, 400, live=False, background=QColor("#ffffff"))
        painter.end()
        ptr = image.constBits()
        rgba = np.frombuffer(ptr, dtype=np.uint8).reshape(400, 400, 4)
        assert (rgba[:, :, :3] < 200).any(axis=2).sum() > 2000  # the pipes are drawn
    finally:
        canvas.close_canvas()
        pipes.wait(60)


def test_a_pipe_at_longitude_179_in_a_city_at_9_is_left_out_and_named():
    from services.map.data import feature_data

    lon = 9.52 + np.arange(300) % 20 * 0.001
    lat = 47.14 + np.arange(300) // 20 * 0.001
    lines = [shapely.LineString([(x, y), (x + 0.0005, y + 0.0003)]) for x, y in zip(lon, lat)]
    lines.append(shapely.LineString([(179.0, 47.1), (179.001, 47.1)]))
    gdf = gpd.GeoDataFrame({"id": np.arange(1, 302), "code": [f"P{i}" for i in range(300)] + ["FAR"],
                            "diameter_mm": 150.0, "pipe_class": "distribution"}, geometry=lines, crs="EPSG:4326")
    data = feature_data("pipes", gdf, PROJ)
    xmin, ymin, xmax, ymax = data.bounds()
    assert xmax - xmin < 3000 and ymax - ymin < 3000
    assert layer_outliers(data) == (1, ["FAR"])
    tiles = data.line_levels().levels[0]
    assert tiles.ncols * tiles.nrows < 400 and len(tiles.seg) == 300


def test_a_failed_load_is_reported_and_an_edit_after_a_cached_start_redraws(store):
    from services.map.prepared import DeferredFeatureData

    def broken():
        raise OSError("disk unplugged")

    failed = DeferredFeatureData(broken, 10, 3)
    assert failed.wait(30) and failed.error == "disk unplugged" and not failed.levels_ready()

    geoms, _, _ = random_pipes(200, size_m=1000, origin=ORIGIN, seed=9)
    _write_pipes(store, geoms)
    _open(store)
    data = _open(store)
    assert data.from_cache
    before = len(data.line_levels().levels[0].seg)
    data.append(shapely.LineString([(ORIGIN[0], ORIGIN[1]), (ORIGIN[0] + 20, ORIGIN[1] + 5)]), 999, {"code": "NEW"})
    assert data.levels_ready() and len(data.line_levels().levels[0].seg) == before + 1


def test_the_desk_names_a_far_away_pipe_in_the_status_bar(store, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMainWindow

    from services.map.data import build_layers
    from ui.map.canvas import MapCanvas
    from ui.map.setup import watch_prepared_layers

    geoms, _, _ = random_pipes(300, size_m=1000, origin=ORIGIN, seed=10)
    far = np.array([shapely.LineString([(ORIGIN[0] + 4e6, ORIGIN[1]), (ORIGIN[0] + 4e6 + 50, ORIGIN[1])])])
    _write_pipes(store, np.concatenate([geoms, far]))
    monkeypatch.setattr("services.map.prepared.DEFER_MIN_ROWS", 1)
    with store.engine.connect() as conn:
        layers = build_layers(conn, PROJ, None, defer=True)
    window = QMainWindow()
    qtbot.addWidget(window)
    canvas = MapCanvas(layers, PROJ, window)
    window.setCentralWidget(canvas)
    watch_prepared_layers(window, canvas, layers)
    layers["pipes"].data.wait(60)
    qtbot.waitUntil(lambda: "P00300" in window.statusBar().currentMessage(), timeout=10_000)
    xmin, ymin, xmax, ymax = layers["pipes"].data.bounds()
    assert xmax - xmin < 2000
    canvas.close_canvas()
