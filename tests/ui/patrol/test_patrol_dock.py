"""The Patrol dock on the demo store: live batches, map colours, replay, patch moves with undo."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest
import shapely
from PySide6.QtGui import QUndoStack
from pyproj import Transformer

from gis.patrol_session import COVERED
from services.patrol.edit import pipe_patches
from ui.common.desk import DeskContext
from ui.patrol.dock import PatrolDock
from ui.map.canvas import MapCanvas
from ui.map.setup import load_layers
from ui.patrol.live import PatrolLive
from ui.patrol.map import REPLAY_LAYER, TRACKS_LAYER, PatrolMapController

TZ = ZoneInfo("Europe/Vaduz")
DAY = dt.date(2026, 12, 1)
ANCHOR = dt.datetime.combine(DAY, dt.time(0, 0), tzinfo=TZ).timestamp()
NOW = ANCHOR + 10 * 3600.0  # 10:00, in the second patch-patrol round


@pytest.fixture
def patrol(qtbot, planned_demo_store):
    """The demo store with a plan, a loaded session (no simulation), a map and the dock."""
    store = planned_demo_store
    layers, projector = load_layers(store, basemap=None)
    canvas = MapCanvas(layers, projector)
    canvas.resize(400, 300)
    qtbot.addWidget(canvas)
    desk = DeskContext(store, QUndoStack())
    live = PatrolLive(store, lambda: NOW, DAY)
    mapctl = PatrolMapController(live, layers, projector, desk, canvas)
    dock = PatrolDock(live, mapctl, TZ)
    qtbot.addWidget(dock)
    live.start(simulate=False)
    qtbot.waitUntil(lambda: live.session is not None, timeout=20_000)
    yield live, mapctl, dock, layers, desk
    live.close()
    dock.close_dock()
    canvas.close_canvas()


def _walk(session, pos: int, device: str, t0: float) -> pd.DataFrame:
    """Fixes every 3 m along segment ``pos``, 2 s apart, in lon/lat."""
    line = session.geoms[pos]
    d = np.arange(0.0, line.length + 3.0, 3.0)
    xy = shapely.get_coordinates(shapely.line_interpolate_point(line, np.minimum(d, line.length)))
    lon, lat = Transformer.from_crs(session.crs, "EPSG:4326", always_xy=True).transform(xy[:, 0], xy[:, 1])
    return pd.DataFrame({"device": device, "t": t0 + 2.0 * np.arange(len(d)), "lon": lon, "lat": lat})


def test_dock_updates_when_fixes_arrive(patrol, qtbot):
    live, mapctl, dock, layers, _ = patrol
    s = live.session
    patch_req = next(r for r in s.state.reqs if r.spec.code == "PATCH")
    t07 = s.teams.set_index("code").loc["T07"]
    mine = np.intersect1d(patch_req.members, s.team_sets["T07"])[:5]
    row = s.teams.index[s.teams["code"] == "T07"][0]
    qtbot.waitUntil(lambda: dock.team_table.item(row, 3) is not None)
    assert dock.team_table.item(row, 3).text() == "0%"

    mapctl.set_mode("coverage")
    before = layers["pipes"].data.codes.copy()
    pipe_rows = np.flatnonzero(np.isin(layers["pipes"].data.ids, s.pipe_ids[mine]))
    assert (before[pipe_rows] != COVERED).all()

    # A batch from the position feed (any thread) reaches the session through the queue.
    live.submit(pd.concat([_walk(s, int(p), t07["device_id"], NOW - 1800 + 300 * i) for i, p in enumerate(mine)]))
    qtbot.waitUntil(lambda: dock.team_table.item(row, 3).text() != "0%", timeout=5000)
    assert float(dock.team_table.item(row, 3).text().rstrip("%")) > 0
    assert all(patch_req.covered[patch_req.pos[mine], 0])  # 10:00 is in the first 12-hour round

    # The coverage colours follow (the controller recolours on its timer; call it now).
    assert mapctl.recolour()
    after = layers["pipes"].data.codes
    assert (after[pipe_rows] == COVERED).all()
    assert not mapctl.recolour()  # nothing changed: the map is not re-tiled

    # The chart's PATCH curve climbs during the last half hour.
    hours, pct = dock.chart_data()["PATCH"]
    assert pct[-1] > 0 and hours[-1] == pytest.approx(10.0)

    # Identify the first pipe: requirements, last visit, and who.
    assert dock.show_pipe(int(s.pipe_ids[mine[0]]))
    assert dock.segment_visits.item(0, 0).text() == "T07"
    assert dock.segment_reqs.item(0, 2).text() == "covered"

    # The live layer shows the patroller.
    live_data = layers["live"].data
    assert t07["device_id"] in set(live_data.ids)


def test_replay_shows_tracks_up_to_a_time(patrol, qtbot):
    live, mapctl, dock, layers, _ = patrol
    s = live.session
    live.submit(_walk(s, 0, "patrol-07", ANCHOR + 3600.0))
    qtbot.waitUntil(lambda: len(s.fixes) > 0)
    n = len(s.fixes)
    dock.replay_check.setChecked(True)
    dock.replay_slider.setValue(60)  # 01:00, the first fix
    qtbot.waitUntil(lambda: layers[TRACKS_LAYER].visible and dock.replay_label.text() == "01:00")
    assert len(layers[TRACKS_LAYER].data) == 0  # one fix is no line yet
    dock.replay_slider.setValue(60 + int(np.ceil(2.0 * n / 60)))
    qtbot.waitUntil(lambda: len(layers[TRACKS_LAYER].data) == 1)
    track = layers[TRACKS_LAYER].data.geoms[0]
    assert shapely.get_num_coordinates(track) == n
    assert track.hausdorff_distance(s.geoms[0]) < 2.0
    # While replaying, the live layer (vehicles and patrollers now) is hidden and the replay layer shows
    # the patroller where it was; after it, the live layer comes back.
    assert not layers["live"].visible and layers[REPLAY_LAYER].visible
    assert "patrol-07" in set(layers[REPLAY_LAYER].data.ids)
    dock.replay_check.setChecked(False)
    assert not layers[TRACKS_LAYER].visible
    assert layers["live"].visible and not layers[REPLAY_LAYER].visible


def test_replay_plays_and_pauses_at_its_speed(patrol, qtbot):
    live, mapctl, dock, layers, _ = patrol
    dock.refresh()
    dock.speed_combo.setCurrentIndex(dock.speed_combo.findData(60))  # an hour of the day per second
    dock.replay_slider.setValue(dock.replay_slider.maximum())
    dock.play_button.setChecked(True)  # at the end: plays from the start of the day
    assert dock.replay_check.isChecked() and dock.replay_slider.value() == 0
    assert not layers["live"].visible
    assert dock.play_button.text() == "Pause"
    dock.step_replay()
    dock.step_replay()
    assert dock.replay_slider.value() == 24  # 2 ticks of 0.2 s at 60 min/s
    assert dock.replay_label.text() == "00:24"
    dock.play_button.setChecked(False)
    assert not dock._play_timer.isActive() and dock.play_button.text() == "Play"
    dock.replay_slider.setValue(dock.replay_slider.maximum() - 1)
    dock.play_button.setChecked(True)
    dock.step_replay()
    assert dock.replay_slider.value() == dock.replay_slider.maximum() and not dock.play_button.isChecked()
    dock.replay_check.setChecked(False)
    assert layers["live"].visible


def test_chart_axis_reads_clock_times_and_the_legend_is_off_the_plot(patrol, qtbot):
    live, mapctl, dock, layers, _ = patrol
    dock.refresh()
    dock.resize(500, 600)
    labels = dock.axis_labels()
    assert "00:00" in labels and "12:00" in labels and "24:00" in labels
    assert all(len(t) == 5 and t[2] == ":" for t in labels), labels
    assert dock.plot.plotItem.legend is None  # no legend box over the curves
    names = [dock._req_name(f) for f in live.session.requirement_figures(NOW) if f["code"] in dock.chart_data()]
    assert names and all(n in dock.chart_legend.text() for n in names)


def test_patch_move_is_stored_and_undone(patrol, qtbot):
    live, mapctl, dock, layers, desk = patrol
    s = live.session
    patches = layers["patches"].data
    first, second = s.patches["id"].iloc[0], s.patches["id"].iloc[1]
    pos = np.flatnonzero(s.pipe_patch == first)[:3]
    ids = s.pipe_ids[pos]
    rows = np.flatnonzero(np.isin(layers["pipes"].data.ids, ids))
    mapctl.canvas.selection = {"pipes": rows}
    outline_before = patches.geoms[list(patches.ids).index(second)]
    dock.move_combo.setCurrentIndex(dock.move_combo.findData(int(second)))
    assert dock.move_selection()
    with desk.store.engine.connect() as conn:
        assert set(pipe_patches(conn, ids.tolist()).values()) == {int(second)}
    assert (s.pipe_patch[pos] == second).all()
    outline_after = layers["patches"].data.geoms[list(patches.ids).index(second)]
    assert not outline_after.equals(outline_before)
    assert desk.undo_stack.count() == 1
    from ui.common.desk import StoreCommand

    assert isinstance(desk.undo_stack.command(0), StoreCommand)  # the one undo path

    desk.undo_stack.undo()
    with desk.store.engine.connect() as conn:
        assert set(pipe_patches(conn, ids.tolist()).values()) == {int(first)}
    assert (s.pipe_patch[pos] == first).all()
    restored = layers["patches"].data.geoms[list(patches.ids).index(second)]
    assert restored.symmetric_difference(outline_before).area < 1.0  # m²: the stored outline, back
    desk.undo_stack.redo()
    with desk.store.engine.connect() as conn:
        assert set(pipe_patches(conn, ids.tolist()).values()) == {int(second)}


def test_a_store_without_a_plan_gets_one_from_the_dock(qtbot, demo_store):
    from sqlalchemy import func, select

    from models.patrol import SegmentRequirement

    store = demo_store
    layers, projector = load_layers(store, basemap=None)
    canvas = MapCanvas(layers, projector)
    qtbot.addWidget(canvas)
    desk = DeskContext(store, QUndoStack())
    live = PatrolLive(store, lambda: NOW, DAY)
    dock = PatrolDock(live, PatrolMapController(live, layers, projector, desk, canvas), TZ)
    qtbot.addWidget(dock)
    try:
        live.start(simulate=False)  # no make_plan: the store has none
        qtbot.waitUntil(lambda: not dock.plan_button.isHidden(), timeout=20_000)
        assert live.session is None
        dock.plan_button.click()
        qtbot.waitUntil(lambda: live.session is not None, timeout=60_000)
        assert dock.plan_button.isHidden()
        with store.session() as s:
            assert s.scalar(select(func.count()).select_from(SegmentRequirement)) > 0
    finally:
        live.close()
        dock.close_dock()
        canvas.close_canvas()


def test_dock_shows_the_plans_shortfall_in_red(patrol, qtbot, tmp_path):
    from services.patrol.capacity import set_team_speed

    live, _, dock, _, _ = patrol
    # The demo's patch patrol teams drive (25 km/h, 300 km a 12 h shift): the plan is staffed, no warning.
    qtbot.waitUntil(lambda: bool(live.capacity), timeout=20_000)
    assert all(r["missing"] == 0 for r in live.capacity)
    assert dock.capacity_label.isHidden()
    # The same patrol on foot (308 km twice a day; one walker covers 48 km a 12 h shift): short in red.
    # The figures (and the shortfall with them) are shown when the worker thread has them.
    set_team_speed(live.store, "patrol", 4.0, "foot")
    live.session = None
    live.start(simulate=False)
    qtbot.waitUntil(lambda: "Patch patrol" in dock.capacity_label.text(), timeout=20_000)
    text = dock.capacity_label.text()
    assert "Patch patrol, 08:00–20:00: needs 7 teams, 6 on duty" in text
    assert "Patch patrol, 20:00–08:00: needs 7 teams, 6 on duty" in text
    assert "c0392b" in dock.capacity_label.styleSheet()
    assert not dock.capacity_label.isHidden()
    dock.resize(520, 700)
    dock.grab().save(str(tmp_path / "patrol_capacity.png"))
    # Back in cars: the plan is staffed and the warning goes.
    set_team_speed(live.store, "patrol", 25.0, "car")
    live.session = None
    live.start(simulate=False)
    qtbot.waitUntil(lambda: live.session is not None, timeout=20_000)
    # The capacity rows follow the day (they may take seconds on a city).
    qtbot.waitUntil(lambda: live.capacity and all(r["missing"] == 0 for r in live.capacity), timeout=20_000)
    qtbot.waitUntil(lambda: dock.capacity_label.text() == "", timeout=20_000)
    assert dock.capacity_label.isHidden()


def test_figures_are_computed_off_the_gui_thread_and_shown(patrol, qtbot, monkeypatch):
    """Issue 15: the dock's figures come from a worker thread; a burst of batches costs one run."""
    import threading

    import ui.patrol.dock as dock_module

    live, _mapctl, dock, _layers, _ = patrol
    s = live.session
    threads = []
    real = dock_module.patrol_figures

    def spy(session, now):
        threads.append(threading.get_ident())
        return real(session, now)

    monkeypatch.setattr(dock_module, "patrol_figures", spy)
    dock._timer.stop()  # this test asks for the refreshes itself
    qtbot.waitUntil(lambda: not dock._computing, timeout=10_000)
    runs = dock.worker_runs
    t07 = s.teams.set_index("code").loc["T07"]
    row = s.teams.index[s.teams["code"] == "T07"][0]
    patch_req = next(r for r in s.state.reqs if r.spec.code == "PATCH")
    mine = np.intersect1d(patch_req.members, s.team_sets["T07"])[:3]
    with qtbot.waitSignal(dock.refreshed, timeout=10_000):
        for i, p in enumerate(mine):  # three batches in a row
            live.submit(_walk(s, int(p), t07["device_id"], NOW - 1800 + 300 * i))
        with qtbot.waitSignal(live.fixes_added, timeout=10_000):
            live.drain()  # the batch goes into the session on the live's worker thread
        assert dock.request_refresh()
        assert not dock.request_refresh()  # one runs: the next is merged into a later run
    assert threads and threading.get_ident() not in threads
    assert dock.worker_runs == runs + 1
    assert float(dock.team_table.item(row, 3).text().rstrip("%")) > 0
    assert dock._dirty  # the merged request runs at the next timer tick
