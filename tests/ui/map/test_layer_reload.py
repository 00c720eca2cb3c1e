"""Another desk's pipe change reloads the pipes layer on a worker thread; the GUI thread only swaps it in."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import geopandas as gpd
import numpy as np
import shapely

from demo.synthetic import random_pipes
from gis.coords import Projector
from gis.map_lean import LeanLineData
from models.bulk import write_features
from models.changes import record_changes

PROJ = Projector("EPSG:32632")
ORIGIN = (760_000.0, 5_220_000.0)


def _write(store, n: int, start: int, seed: int) -> None:
    geoms, _, _ = random_pipes(n, size_m=1000, origin=(ORIGIN[0] + start, ORIGIN[1]), seed=seed)
    lon_lat = shapely.transform(geoms, lambda xy: np.column_stack(PROJ.to_wgs84(xy[:, 0], xy[:, 1])))
    gdf = gpd.GeoDataFrame({"code": [f"P{start + i:05d}" for i in range(n)], "diameter_mm": 150.0,
                            "pipe_class": "distribution"}, geometry=lon_lat, crs="EPSG:4326")
    with store.engine.begin() as conn:
        write_features(conn, "pipes", gdf)
        record_changes(conn, "pipes", None)


def test_a_pipe_change_from_another_desk_reloads_off_the_gui_thread(store, qtbot, monkeypatch):
    import services.map.data as data_mod
    from services.map.data import build_layers
    from ui.common.desk_refresh import reload_layers
    from ui.map.layer_reload import LayerReloader

    monkeypatch.setattr("services.map.prepared.DEFER_MIN_ROWS", 1)
    _write(store, 300, 0, 1)
    with store.engine.connect() as conn:
        layers = build_layers(conn, PROJ, None, defer=True)
    layers["pipes"].data.wait(60)
    sites_data = layers["sites"].data
    map_ui = SimpleNamespace(layers=layers, projector=PROJ)
    map_ui.reloader = LayerReloader(map_ui, store)

    threads = []
    real = data_mod.deferred_layer_data

    def spy(conn, name, projector):
        threads.append(threading.current_thread())
        return real(conn, name, projector)

    monkeypatch.setattr(data_mod, "deferred_layer_data", spy)
    _write(store, 40, 5000, 2)  # another desk adds pipes
    before = layers["pipes"].data
    assert reload_layers(map_ui, store, {"pipes"}) == ["pipes"]
    assert layers["pipes"].data is before  # still drawn as it was while the worker reads
    with qtbot.waitSignal(map_ui.reloader.reloaded, timeout=60_000) as got:
        pass
    assert got.args == [["pipes"]]
    after = layers["pipes"].data
    assert after is not before and len(after) == 340
    assert threads and all(t is not threading.main_thread() for t in threads)
    assert layers["sites"].data is sites_data  # only the changed table's layers
    assert isinstance(after._loaded, LeanLineData) and after.bounds()[2] > before.bounds()[2] + 3000
    assert after.nearest(*shapely.get_coordinates(after.geoms[339])[0], 1.0) == 339
    qtbot.waitUntil(map_ui.reloader.idle, timeout=5000)

    # Nothing changed: the same prepared data is opened again (from the cache, nothing rebuilt).
    reload_layers(map_ui, store, {"pipes"})
    with qtbot.waitSignal(map_ui.reloader.reloaded, timeout=60_000):
        pass
    assert layers["pipes"].data.from_cache
