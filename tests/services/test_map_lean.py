"""A city's pipes opened from the map cache as flat memory-mapped arrays: no store read, same identify answers."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

from demo.synthetic import random_pipes
from gis.coords import Projector
from gis.map_lean import LeanLineData
from models.bulk import write_features
from models.changes import record_changes
from services.map.data import store_layer_data
from services.map.prepared import cache_folder, deferred_pipes, read_layer_lean

PROJ = Projector("EPSG:32632")
ORIGIN = (760_000.0, 5_220_000.0)


def _write(store, geoms_local, start: int = 0) -> None:
    lon_lat = shapely.transform(geoms_local, lambda xy: np.column_stack(PROJ.to_wgs84(xy[:, 0], xy[:, 1])))
    n = len(geoms_local)
    rng = np.random.default_rng(start)
    gdf = gpd.GeoDataFrame({
        "code": [f"P{start + i:05d}" for i in range(n)],
        "diameter_mm": rng.choice([100.0, 150.0, np.nan], n),
        "material": rng.choice(["PE", "DI", None], n),
        "pipe_class": rng.choice(["distribution", "transmission", "service"], n),
        "street": [f"街道 {i % 37}" if i % 5 else None for i in range(n)],
        "exposed": rng.random(n) < 0.1,
    }, geometry=lon_lat, crs="EPSG:4326")
    with store.engine.begin() as conn:
        write_features(conn, "pipes", gdf)
        record_changes(conn, "pipes", None)


def _nulls(values):
    return [None if v is None or v != v else v for v in values]


def _open(store):
    with store.engine.connect() as conn:
        data = deferred_pipes(conn, PROJ, lambda c: read_layer_lean(c, "pipes", PROJ), 3, min_rows=1)
    assert data is not None and data.wait(60)
    return data


def _geoms(n: int, seed: int):
    geoms, _, _ = random_pipes(n, size_m=1500, origin=ORIGIN, seed=seed)
    # A few two-part pipes, and a pipe far away (an outlier: not drawn, still identified).
    multi = [shapely.MultiLineString([g.coords[:3], [(x + 40, y + 40) for x, y in g.coords[2:]]]) for g in geoms[:5]]
    far = [shapely.LineString([(ORIGIN[0] + 3e6, ORIGIN[1]), (ORIGIN[0] + 3e6 + 60, ORIGIN[1] + 5)])]
    return np.concatenate([np.array(multi + far, dtype=object), geoms[5:]])


def test_a_warm_open_reads_no_pipe_from_the_store_and_answers_like_the_plain_layer(store):
    _write(store, _geoms(600, 11))
    cold = _open(store)
    assert not cold.from_cache and isinstance(cold._loaded, LeanLineData)  # swapped for the arrays just written
    warm = _open(store)
    assert warm.from_cache and warm._thread.ident is None  # nothing loaded in the background
    lean = warm._loaded
    assert isinstance(lean, LeanLineData) and isinstance(lean.ids, np.memmap)
    assert isinstance(lean.store.coords, np.memmap) and isinstance(lean.tree().rows, np.memmap)

    with store.engine.connect() as conn:
        plain = store_layer_data(conn, "pipes", PROJ)
        old = read_layer_lean(conn, "pipes", PROJ)  # what the desk kept in memory before
    assert len(warm) == len(plain) == 601
    assert list(warm.ids) == list(plain.ids) and list(warm.codes) == list(plain.codes)
    assert shapely.equals_exact(np.asarray(warm.geoms), plain.geoms, tolerance=1e-6).all()
    assert [g.geom_type for g in warm.geoms[:6]] == ["MultiLineString"] * 5 + ["LineString"]
    for col in ("code", "street", "material"):
        assert _nulls(warm.attrs[col].tolist()) == _nulls(plain.attrs[col].tolist())
    assert warm.attrs["pipe_class"].astype(str).tolist() == plain.attrs["pipe_class"].tolist()
    assert np.array_equal(warm.attrs["diameter_mm"].to_numpy(), plain.attrs["diameter_mm"].to_numpy(), equal_nan=True)
    assert "code" in warm.attrs and "nope" not in warm.attrs

    rng = np.random.default_rng(3)
    xmin, ymin, xmax, ymax = warm.bounds()
    points = np.column_stack([rng.uniform(xmin, xmax, 300), rng.uniform(ymin, ymax, 300)])
    points = np.vstack([points, [[ORIGIN[0] + 3e6 + 30, ORIGIN[1] + 3]]])  # on the far pipe
    hits = 0
    for x, y in points:
        for tol in (2.0, 15.0):
            row = warm.nearest(x, y, tol)
            want = plain.nearest(x, y, tol)
            if want is None:
                assert row is None
                continue
            hits += 1
            # Same pipe (or one exactly as near), with the same attributes as the desk showed.
            d = shapely.distance(shapely.Point(x, y), plain.geoms[[row, want]])
            assert row == want or d[0] == d[1]
            got = warm.attrs.iloc[row].to_dict()
            ref = old.attrs.iloc[row].to_dict()
            assert set(got) == set(ref)
            for k in ref:
                assert got[k] == ref[k] and type(got[k]) is type(ref[k]) or (got[k] != got[k] and ref[k] != ref[k]) \
                    or (got[k] is None and ref[k] is None), k
    assert hits > 50
    assert warm.nearest(ORIGIN[0] + 3e6 + 30, ORIGIN[1] + 3, 5.0) == 5
    for box in [(xmin, ymin, xmin + 300, ymin + 200), (xmin - 1e7, ymin - 1e7, xmax + 1e7, ymax + 1e7),
                (xmax + 10, ymax + 10, xmax + 20, ymax + 20)]:
        assert list(warm.query_box(*box)) == list(plain.query_box(*box))


def test_a_cut_lean_array_is_rebuilt_not_a_crash(store):
    _write(store, _geoms(300, 12))
    first = _open(store)
    want, geoms = list(first.attrs["code"]), np.asarray(first.geoms)
    del first  # its maps of the files (a file cut under a live map is a bus error, as for any mmap)
    folder = cache_folder(store.engine, "pipes")
    coords = folder / "x_g_coords.npy"
    coords.write_bytes(coords.read_bytes()[:100])
    rebuilt = _open(store)
    assert not rebuilt.from_cache and list(rebuilt.attrs["code"]) == want
    again = _open(store)
    assert again.from_cache and isinstance(again._loaded, LeanLineData)
    assert shapely.equals_exact(np.asarray(again.geoms), geoms, tolerance=0).all()


def test_an_edit_on_a_lean_layer_turns_it_into_a_plain_one(store):
    _write(store, _geoms(200, 13))
    _open(store)
    data = _open(store)
    assert data.from_cache
    data.append(shapely.LineString([(ORIGIN[0], ORIGIN[1]), (ORIGIN[0] + 20, ORIGIN[1] + 5)]), 9999, {"code": "NEW"})
    assert len(data) == 202 and data.attrs["code"].iloc[-1] == "NEW" and data.ids[-1] == 9999
    assert data.nearest(ORIGIN[0] + 10, ORIGIN[1] + 2.5, 1.0) == 201


def test_the_flat_build_draws_what_the_shapely_build_drew(store):
    from gis.map_prep import build_line_levels

    _write(store, _geoms(800, 14))
    cold = _open(store)
    assert not cold.from_cache and isinstance(cold._loaded, LeanLineData)
    with store.engine.connect() as conn:
        old = read_layer_lean(conn, "pipes", PROJ)
    want = build_line_levels(old.geoms, old.codes, 3, raster_min_segments=0)
    from gis.map_lean import build_line_levels_flat

    outlier = np.isin(np.arange(len(old.geoms)), old.outlier_rows())
    got = build_line_levels_flat(cold._loaded.store, np.asarray(cold.codes), 3, outlier, chunk=97,
                                 raster_min_segments=0)
    assert len(got.levels) == len(want.levels) and len(got.rasters) == len(want.rasters)
    for a, b in zip(got.levels, want.levels):
        assert a.tolerance == b.tolerance and np.array_equal(a.seg, b.seg) and np.array_equal(a.keys, b.keys)
        assert np.array_equal(a.starts, b.starts) and np.array_equal(a.class_tiles, b.class_tiles)
    for a, b in zip(got.rasters, want.rasters):
        assert np.array_equal(a.grid, b.grid)
    assert cold.bounds() == old.bounds() and list(cold.outlier_rows()) == list(old.outlier_rows())
    assert np.array_equal(np.asarray(cold.line_levels().levels[0].seg), want.levels[0].seg)


def test_patrol_colours_and_search_use_the_lean_layer_without_building_every_geometry(store, monkeypatch):
    from gis.map_lean import LazyGeoms
    from gis.map_prep import build_line_levels
    from gis.search import feature_table

    _write(store, _geoms(400, 15))
    _open(store)
    warm = _open(store)
    with store.engine.connect() as conn:
        old = read_layer_lean(conn, "pipes", PROJ)
    built = []
    real = LazyGeoms.__array__
    monkeypatch.setattr(LazyGeoms, "__array__", lambda self, *a, **k: built.append(1) or real(self, *a, **k))

    states = np.arange(len(warm)) % 4
    coloured = warm.with_codes(states, 4)
    want = build_line_levels(old.geoms, states, 4)
    got = coloured.line_levels()
    for a, b in zip(got.levels, want.levels, strict=True):
        assert np.array_equal(a.seg, b.seg) and np.array_equal(a.class_tiles, b.class_tiles)
    assert coloured.tree() is warm.tree() and coloured.nearest(*warm.bounds()[:2], 1e6) is not None

    entries = feature_table("pipe", "pipes", warm.ids, warm.geoms, warm.attrs).entries()
    ref = feature_table("pipe", "pipes", old.ids, old.geoms, old.attrs).entries()
    assert [(e.code, e.bounds, e.fid) for e in entries] == [(e.code, e.bounds, e.fid) for e in ref]
    assert not built  # no call built all 400 geometries


def test_a_few_changed_pipes_update_the_cache_reading_only_them(store, monkeypatch):
    import services.map.prepared as prepared
    from sqlalchemy import text

    _write(store, _geoms(300, 16))
    _open(store)
    with store.engine.begin() as conn:  # another desk moves one pipe, deletes one and adds 20
        moved = shapely.LineString([(ORIGIN[0] + 5, ORIGIN[1] + 5), (ORIGIN[0] + 60, ORIGIN[1] + 9)])
        lonlat = shapely.transform(moved, lambda xy: np.column_stack(PROJ.to_wgs84(xy[:, 0], xy[:, 1])))
        conn.execute(text("UPDATE pipes SET geom = :g, code = 'MOVED' WHERE id = 7"), {"g": shapely.to_wkb(lonlat)})
        conn.execute(text("DELETE FROM pipes WHERE id = 9"))
        record_changes(conn, "pipes", [7, 9])
        before = conn.execute(text("SELECT max(id) FROM pipes")).scalar()
    geoms, _, _ = random_pipes(20, size_m=300, origin=(ORIGIN[0] + 2000, ORIGIN[1]), seed=17)
    lon_lat = shapely.transform(geoms, lambda xy: np.column_stack(PROJ.to_wgs84(xy[:, 0], xy[:, 1])))
    with store.engine.begin() as conn:
        write_features(conn, "pipes", gpd.GeoDataFrame({"code": [f"N{i}" for i in range(20)], "pipe_class": "service"},
                                                       geometry=lon_lat, crs="EPSG:4326"))
        record_changes(conn, "pipes", range(before + 1, before + 21))

    reads = []
    real = prepared.read_layer_flat
    monkeypatch.setattr(prepared, "read_layer_flat", lambda *a, **k: reads.append(k.get("ids")) or real(*a, **k))
    updated = _open(store)
    assert not updated.from_cache and isinstance(updated._loaded, LeanLineData)
    assert len(reads) == 1 and sorted(reads[0]) == [7, 9, *range(before + 1, before + 21)]  # only those rows read

    monkeypatch.setattr(prepared, "read_layer_flat", real)
    import shutil

    shutil.rmtree(cache_folder(store.engine, "pipes"))
    full = _open(store)  # the same pipes built from scratch
    assert len(updated) == len(full) == 301 - 1 + 20
    assert list(updated.ids) == list(full.ids) and list(updated.codes) == list(full.codes)
    assert _nulls(updated.attrs["code"].tolist()) == _nulls(full.attrs["code"].tolist())
    assert "MOVED" in updated.attrs["code"].tolist() and 9 not in list(updated.ids)
    assert shapely.equals_exact(np.asarray(updated.geoms), np.asarray(full.geoms), tolerance=0).all()
    for a, b in zip(updated.line_levels().levels, full.line_levels().levels, strict=True):
        assert np.array_equal(a.seg, b.seg)
    assert updated.bounds() == full.bounds()
    row = int(np.flatnonzero(np.asarray(updated.ids) == 7)[0])
    assert updated.nearest(ORIGIN[0] + 30, ORIGIN[1] + 7, 2.0) == row
    got, want = updated.attrs.iloc[row].to_dict(), full.attrs.iloc[row].to_dict()
    assert _nulls(list(got.values())) == _nulls(list(want.values())) and got["code"] == "MOVED"


def test_an_attribute_change_keeps_the_cached_drawing_data(store, monkeypatch):
    import services.map.prepared as prepared
    from sqlalchemy import text

    _write(store, _geoms(200, 18))
    first = _open(store)
    seg = np.array(first.line_levels().levels[0].seg)
    del first
    inode = (cache_folder(store.engine, "pipes") / "l0_seg.npy").stat().st_ino
    with store.engine.begin() as conn:  # another desk renames a pipe (same place, same class)
        conn.execute(text("UPDATE pipes SET code = 'RENAMED' WHERE id = 12"))
        record_changes(conn, "pipes", [12])
    built = []
    monkeypatch.setattr(prepared, "build_line_levels_flat", lambda *a, **k: built.append(1))
    updated = _open(store)
    assert not updated.from_cache and not built  # nothing re-tiled
    row = int(np.flatnonzero(np.asarray(updated.ids) == 12)[0])
    assert updated.attrs.iloc[row]["code"] == "RENAMED"
    assert np.array_equal(np.asarray(updated.line_levels().levels[0].seg), seg)
    assert (cache_folder(store.engine, "pipes") / "l0_seg.npy").stat().st_ino == inode  # linked, not rewritten
    assert _open(store).from_cache


def test_garbled_lean_arrays_in_a_whole_cache_are_rebuilt(store):
    import json

    _write(store, _geoms(150, 19))
    _open(store)
    folder = cache_folder(store.engine, "pipes")
    meta = json.loads((folder / "meta.json").read_text())
    meta["info"]["lean"]["rows"] = 7  # arrays that no longer fit their description
    (folder / "meta.json").write_text(json.dumps(meta))
    rebuilt = _open(store)
    assert not rebuilt.from_cache and isinstance(rebuilt._loaded, LeanLineData) and len(rebuilt) == 151
    assert _open(store).from_cache


def test_a_failing_flat_build_still_loads_the_layer(store, monkeypatch):
    import services.map.prepared as prepared

    _write(store, _geoms(120, 20))

    def broken(*a, **k):
        raise MemoryError("no room for the tiles")

    monkeypatch.setattr(prepared, "build_line_levels_flat", broken)
    data = _open(store)
    assert data.error is None and len(data) == 121
    assert data.levels_ready() and len(data.line_levels().levels[0].seg) > 0


def test_a_killed_builds_spill_folder_is_removed_by_the_next_build(tmp_path):
    """kill -9 during a cold build leaves its spill folder (~200 MB at 500k pipes); the next build removes it."""
    import os
    import subprocess

    from services.map.prepared import _Spill

    folder = tmp_path / "store.sqlite.mapcache" / "pipes"
    folder.parent.mkdir()
    gone = subprocess.Popen(["true"])
    gone.wait()  # a process that has ended: its pid is free
    dead = folder.parent / f".pipes.spill.{gone.pid}.1"
    alive = folder.parent / f".pipes.spill.{os.getppid()}.1"  # another running build (young): kept
    for d in (dead, alive):
        d.mkdir()
        (d / "0.npy").write_bytes(b"x")
    _Spill.clean(folder)
    assert not dead.exists() and alive.exists()
