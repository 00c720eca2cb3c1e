"""The cold map cache build in a child process: the same cache, its errors told, a killed child leaves no trace."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import numpy as np
import pytest
import shapely

from gis.map_lean import LeanLineData
from services.map.prepared import cache_folder, prepare_lean, read_layer_lean
from tests.services.test_map_lean import PROJ, _geoms, _nulls, _open, _write
from tests.support.build_children import dead_and_alive_temporaries, force_build_children


@pytest.fixture
def child(monkeypatch):
    """Every cold build of these tests goes to the child process (however few the pipes)."""
    return force_build_children(monkeypatch, "services.map.prepared")


def test_a_cold_open_builds_the_cache_in_a_child_and_draws_what_the_thread_build_draws(store, tmp_path, child):
    _write(store, _geoms(400, 31))
    cold = _open(store)
    assert len(child) == 1 and child[0].returncode == 0 and child[0].pid != os.getpid()  # built there, reaped
    assert not cold.from_cache and isinstance(cold._loaded, LeanLineData) and len(cold) == 401
    folder = cache_folder(store.engine, "pipes")
    assert json.loads((folder / "meta.json").read_text())["key"]["rows"] == 401
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".")]  # no spill or temporary left

    # The same pipes built on a thread in this process (the old path), into another cache folder.
    with store.engine.connect() as conn:
        from services.map.prepared import pipes_key

        key = pipes_key(conn, PROJ)
    ref = prepare_lean(store.engine, "pipes", PROJ, tmp_path / "ref" / "pipes", key, 3)
    for a, b in zip(cold.line_levels().levels, ref.line_levels().levels, strict=True):
        assert np.array_equal(a.seg, b.seg) and np.array_equal(a.keys, b.keys) and np.array_equal(a.starts, b.starts)
    for a, b in zip(cold.line_levels().rasters, ref.line_levels().rasters, strict=True):
        assert np.array_equal(a.grid, b.grid)
    assert cold.bounds() == ref.bounds() and list(cold.outlier_rows()) == list(ref.outlier_rows())
    assert list(cold.ids) == list(ref.ids) and list(cold.codes) == list(ref.codes)
    assert _nulls(cold.attrs["street"].tolist()) == _nulls(ref.attrs["street"].tolist())
    assert shapely.equals_exact(np.asarray(cold.geoms), np.asarray(ref.geoms), tolerance=0).all()
    with store.engine.connect() as conn:
        plain = read_layer_lean(conn, "pipes", PROJ)
    assert list(plain.ids) == list(cold.ids)

    warm = _open(store)  # the next open maps what the child wrote: no child
    assert warm.from_cache and len(child) == 1


def test_a_child_that_cannot_write_the_cache_says_so_and_the_layer_still_loads(store, child, caplog):
    _write(store, _geoms(150, 32))
    folder = cache_folder(store.engine, "pipes")
    folder.parent.write_text("not a folder")  # no cache can be written beside the store
    with caplog.at_level("WARNING"):
        data = _open(store)
    assert len(child) == 1 and child[0].returncode == 0
    msgs = [r.getMessage() for r in caplog.records]
    told = [m for m in msgs if m.startswith("map cache not written:")]
    assert told and str(folder.parent) in told[0], msgs  # the child's error, as the thread said it
    assert any(m.startswith(f"map cache build (process {child[0].pid}): WARNING") for m in msgs)  # its own log
    assert data.error is None and len(data) == 151 and data.levels_ready()  # the plain layer, drawn
    assert folder.parent.read_text() == "not a folder"


def test_an_error_in_the_child_reaches_the_desk_with_its_message(store, child, caplog):
    _write(store, _geoms(120, 33))
    with store.engine.begin() as conn:  # a store the child cannot read the pipes of
        conn.exec_driver_sql("ALTER TABLE pipes RENAME COLUMN material TO material_gone")
    with caplog.at_level("WARNING"):
        data = _open(store)
    assert len(child) == 1
    failed = [r for r in caplog.records if r.getMessage() == "building the map cache failed; loading the layer as it is"]
    assert failed and "material" in str(failed[0].exc_info[1])  # the child's own message
    assert any("Traceback" in r.getMessage() for r in caplog.records if r.name == "services.map.prepared")
    assert data.error is not None and "material" in data.error  # the plain load says the same, as before
    assert not cache_folder(store.engine, "pipes").exists()


def _spawn_build(store, n_classes=3):
    """A child build of the store's pipes started by hand, and the job it was given."""
    from services.child_build import _child_code
    from services.map.prepared import pipes_key

    with store.engine.connect() as conn:
        key = pipes_key(conn, PROJ)
    folder = cache_folder(store.engine, "pipes")
    job = {"target": "services.map.build_child:build_job", "nice": 0, "job": {
        "url": store.engine.url.render_as_string(hide_password=False), "name": "pipes", "crs": PROJ.local_crs,
        "folder": str(folder), "key": key, "n_classes": n_classes}}
    return folder, job, _child_code()


def test_a_child_killed_mid_build_leaves_a_state_the_next_open_rebuilds(store, child):
    _write(store, _geoms(8000, 34))
    folder, job, code = _spawn_build(store)
    proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    proc.stdin.write(json.dumps(job).encode() + b"\n")
    proc.stdin.flush()
    spill = None
    deadline = time.monotonic() + 60
    while spill is None and proc.poll() is None and time.monotonic() < deadline:  # until it spills arrays
        time.sleep(0.005)
        spill = next((p for p in folder.parent.glob(f".pipes.spill.{proc.pid}.*") if any(p.iterdir())), None) \
            if folder.parent.exists() else None
    assert spill is not None, "the build never reached its spill"
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    assert not (folder / "meta.json").exists() and spill.exists()  # no cache, a leftover spill

    data = _open(store)  # rebuilds (through a child), removing what the killed one left
    assert not data.from_cache and isinstance(data._loaded, LeanLineData) and len(data) == 8001
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".")]
    assert _open(store).from_cache


def test_a_killed_child_is_reported_and_the_layer_still_loads(store, child, monkeypatch, caplog):
    import services.child_build as bc

    _write(store, _geoms(200, 35))
    monkeypatch.setattr(bc, "_child_code", lambda: "import os, signal; os.kill(os.getpid(), signal.SIGKILL)  # child_main() killed at once")
    with caplog.at_level("WARNING"):
        data = _open(store)
    assert child[0].returncode == -signal.SIGKILL
    assert any("ended without an answer (signal 9)" in str(r.exc_info[1]) for r in caplog.records if r.exc_info)
    assert data.error is None and len(data) == 201 and data.levels_ready()  # the plain layer, drawn (and cached)


def test_the_child_ends_with_its_parent():
    """kill -9 of the desk: its build child dies with it (no orphan building on)."""
    from services.child_build import ROOT

    child_code = (f"import sys, time; sys.path.insert(0, {str(ROOT)!r}); "
                  "from services.child_build import _die_with_parent; _die_with_parent(); "
                  "print(1, flush=True); time.sleep(60)")
    desk = subprocess.Popen([sys.executable, "-c", (
        "import subprocess, sys, time\n"
        f"p = subprocess.Popen([sys.executable, '-c', {child_code!r}], stdout=subprocess.PIPE)\n"
        "p.stdout.readline()\n"
        "print(p.pid, flush=True)\n"
        "time.sleep(60)\n")], stdout=subprocess.PIPE, text=True)
    try:
        pid = int(desk.stdout.readline())
        assert _alive(pid)
        desk.kill()
        desk.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(0.05)
        assert not _alive(pid)
    finally:
        desk.kill()
        desk.wait()
        desk.stdout.close()


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_a_desk_exiting_mid_build_ends_its_child_and_falls_back_to_nothing(store, child, monkeypatch, caplog):
    import threading

    import services.child_build as bc

    monkeypatch.setattr(bc, "_EXITING", threading.Event())
    _write(store, _geoms(8000, 36))
    from services.map.prepared import deferred_pipes

    with store.engine.connect() as conn:
        data = deferred_pipes(conn, PROJ, lambda c: read_layer_lean(c, "pipes", PROJ), 3, min_rows=1)
    deadline = time.monotonic() + 60
    while not bc._RUNNING and time.monotonic() < deadline:
        time.sleep(0.005)
    assert bc._RUNNING
    with caplog.at_level("INFO", logger="services.map.prepared"):
        bc._kill_running()  # what the desk's exit runs (atexit)
        assert data.wait(60)
    assert child[0].returncode == -signal.SIGKILL  # killed and reaped
    assert data.error == "the desk is closing" and not data.is_loaded()  # no plain load started at exit
    assert not any(r.levelname == "ERROR" for r in caplog.records)
    assert not (cache_folder(store.engine, "pipes") / "meta.json").exists()


def test_a_killed_writers_temporary_cache_folder_is_removed_not_a_running_ones(tmp_path):
    """kill -9 while the cache is written leaves ``.pipes.<pid>.<random>.tmp``; the next build removes it."""
    from gis.map_cache import save_line_levels
    from gis.map_prep import LineLevels, SegmentTiles
    from services.map.prepared import clean_dead_builds

    folder = tmp_path / "store.sqlite.mapcache" / "pipes"
    folder.parent.mkdir()
    dead, alive = dead_and_alive_temporaries(folder.parent, "pipes", "l0_seg.npy")
    clean_dead_builds(folder)
    assert not dead.exists() and alive.exists()
    # and the writer names its folder so (its pid first)
    tiles = SegmentTiles(np.zeros((0, 4)), np.zeros(0, np.int64), np.zeros(1, np.int64), np.zeros(0, np.uint8),
                         0.0, 0.0, 100.0, 1, 1, 0.0)
    seen = []
    real_replace = os.replace
    monkey = pytest.MonkeyPatch()
    monkey.setattr(os, "replace", lambda a, b: seen.append(str(a)) or real_replace(a, b))
    try:
        save_line_levels(folder, {"k": 1}, LineLevels([tiles], []))
    finally:
        monkey.undo()
    assert any(f"/.pipes.{os.getpid()}." in s and s.endswith(".tmp") for s in seen), seen


def test_a_few_changed_pipes_update_the_cache_in_the_child_as_on_the_thread(store, child, monkeypatch):
    from sqlalchemy import text

    from models.changes import record_changes
    from tests.services.test_map_lean import ORIGIN

    _write(store, _geoms(300, 37))
    _open(store)
    with store.engine.begin() as conn:  # another desk moves one pipe
        moved = shapely.LineString([(ORIGIN[0] + 5, ORIGIN[1] + 5), (ORIGIN[0] + 60, ORIGIN[1] + 9)])
        lonlat = shapely.transform(moved, lambda xy: np.column_stack(PROJ.to_wgs84(xy[:, 0], xy[:, 1])))
        conn.execute(text("UPDATE pipes SET geom = :g, code = 'MOVED' WHERE id = 7"), {"g": shapely.to_wkb(lonlat)})
        record_changes(conn, "pipes", [7])
    updated = _open(store)
    assert len(child) == 2 and not updated.from_cache and isinstance(updated._loaded, LeanLineData)
    monkeypatch.setattr("services.map.prepared.BUILD_IN_CHILD", False)
    shutil.rmtree(cache_folder(store.engine, "pipes"))
    full = _open(store)  # the same pipes built from scratch on the thread
    assert list(updated.ids) == list(full.ids) and "MOVED" in updated.attrs["code"].tolist()
    for a, b in zip(updated.line_levels().levels, full.line_levels().levels, strict=True):
        assert np.array_equal(a.seg, b.seg)
    assert updated.bounds() == full.bounds()
