"""A city's cold patrol caches (pipes and samples) built by a child process: the same day, its errors told."""

from __future__ import annotations

import logging
import shutil
import sys

import numpy as np
import pytest

from services.patrol import line_cache
from services.patrol.data import load_patrol_session
from tests.cli.test_plan_coverage import ANCHOR, DAY
from tests.services.patrol.test_line_cache import _mapped
from tests.services.patrol.test_midnight import _guard_walk, _planned
from tests.support.build_children import force_build_children

H = 3600.0


@pytest.fixture
def child(monkeypatch):
    """Every cold patrol cache of these tests is built by the child (however few the pipes); its processes."""
    return force_build_children(monkeypatch, "services.patrol.data")


def test_a_cold_day_maps_the_caches_the_child_wrote_and_measures_like_the_thread(store, store_url, capsys, child,
                                                                                  monkeypatch):
    import services.patrol.data as data

    _planned(store, store_url, capsys)
    _guard_walk(store, ANCHOR + 9 * H)
    now = ANCHOR + 11 * H
    reads = []
    real = data.read_metric_lines
    monkeypatch.setattr(data, "read_metric_lines", lambda *a, **k: reads.append(1) or real(*a, **k))
    cold = load_patrol_session(store, DAY)
    assert len(child) == 1 and child[0].returncode == 0  # built there, reaped
    assert not reads  # the desk read no pipe itself
    assert _mapped(cold.geoms.coords) and _mapped(cold.state.grid.xy)  # the pipes and the samples, as written
    warm = load_patrol_session(store, DAY)
    assert len(child) == 1  # warm: no child

    monkeypatch.setattr(data, "BUILD_IN_CHILD", False)  # the same day built on this thread
    for name in ("pipes", "samples"):
        shutil.rmtree(line_cache.cache_folder(store.engine, name))
    thread = load_patrol_session(store, DAY)
    assert len(reads) == 1 and len(child) == 1
    for got in (cold, warm):
        assert np.array_equal(got.geoms.coords, thread.geoms.coords)
        assert np.array_equal(got.state.grid.xy, thread.state.grid.xy)
        assert got.requirement_figures(now) == thread.requirement_figures(now)
        assert np.array_equal(got.segment_states(now), thread.segment_states(now))


def test_a_failing_child_is_told_and_the_day_still_loads(store, store_url, capsys, child, monkeypatch, caplog):
    import services.child_build as cb

    _planned(store, store_url, capsys)
    monkeypatch.setattr(cb, "_child_code", lambda: "raise SystemExit('no room')  # child_main()")
    with caplog.at_level(logging.WARNING):
        day = load_patrol_session(store, DAY)
    assert len(child) == 1 and child[0].returncode == 1
    told = [r.getMessage() for r in caplog.records if r.name == "services.patrol.data"]
    assert told and told[0].startswith("building the patrol caches failed; reading the pipes here: "
                                       "the patrol cache build process ended without an answer (exit status 1)")
    assert "no room" in told[0]  # the child's last words
    assert len(day.geoms) > 0 and (line_cache.cache_folder(store.engine) / "meta.json").exists()  # read here


def test_an_error_in_the_child_reaches_the_log_with_its_message(store, store_url, capsys, child, caplog):
    _planned(store, store_url, capsys)
    with store.engine.begin() as conn:  # pipes the child cannot read
        conn.exec_driver_sql("ALTER TABLE pipes RENAME COLUMN code TO code_gone")
    with caplog.at_level(logging.WARNING), pytest.raises(Exception, match="code") as raised:
        load_patrol_session(store, DAY)  # the desk's own read fails the same way, as before
    told = [r.getMessage() for r in caplog.records if r.name == "services.patrol.data"]
    assert told and "code" in told[0].split("reading the pipes here: ", 1)[1] and "Traceback" in told[0]
    assert type(raised.value).__name__ != "ChildBuildError"


def test_a_day_without_a_plan_ends_and_reaps_the_child_it_started(store, child):
    from services.patrol.data import PatrolDataError
    from tests.cli.test_plan_coverage import _seed

    _seed(store)  # pipes, no plan: the child is started (no cache), then the plan is found missing
    with pytest.raises(PatrolDataError, match="No patrol plan"):
        load_patrol_session(store, DAY)
    assert len(child) == 1 and child[0].returncode is not None  # ended and reaped: no zombie


def test_a_child_killed_mid_build_leaves_a_state_the_next_day_rebuilds(store, store_url, capsys, child):
    import json
    import signal
    import subprocess
    import time

    from services.child_build import _child_code

    _planned(store, store_url, capsys)
    folder = line_cache.cache_folder(store.engine)
    proc = subprocess.Popen([sys.executable, "-c", _child_code()], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    proc.stdin.write(json.dumps({"target": "services.patrol.data:prepare_day_caches", "nice": 0, "job": {
        "url": store.engine.url.render_as_string(hide_password=False)}}).encode() + b"\n")
    proc.stdin.flush()
    deadline = time.monotonic() + 60  # until it has written the pipes (the samples come next)
    while not (folder / "meta.json").exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    assert proc.returncode in (-signal.SIGKILL, 0)
    (folder.parent / ".samples.0badcafe.tmp").mkdir()  # and a write cut short, as a kill leaves it
    day = load_patrol_session(store, DAY)
    assert len(child) in (0, 1)  # a child for what was missing (none when the pipes were written)
    assert _mapped(day.geoms.coords) and _mapped(day.state.grid.xy)
    again = load_patrol_session(store, DAY)
    assert np.array_equal(again.state.grid.xy, day.state.grid.xy)
