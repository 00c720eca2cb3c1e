"""The Patrol dock shows the stored day first; the demo simulator's backfill follows as batches."""

from __future__ import annotations

import datetime as dt
import threading
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest
from PySide6.QtGui import QUndoStack

from demo.patrol import simulate_demo_day
from models.bulk import write_track_points
from services.patrol.data import load_patrol_session, read_day_fixes
from tests.ui.patrol.test_patrol_dock import _walk
from ui.common.desk import DeskContext
from ui.map.canvas import MapCanvas
from ui.map.setup import load_layers
from ui.patrol.dock import PatrolDock
from ui.patrol.live import PatrolLive
from ui.patrol.map import PatrolMapController

TZ = ZoneInfo("Europe/Vaduz")
DAY = dt.date(2026, 12, 1)
ANCHOR = dt.datetime.combine(DAY, dt.time(0, 0), tzinfo=TZ).timestamp()
NOW = ANCHOR + 10 * 3600.0


def _figures(session) -> list[tuple]:
    return [(f["code"], f["segments"], round(f["required_m"], 6), round(f["covered_m"], 6), f["overdue"])
            for f in session.requirement_figures(NOW)]


def test_dock_shows_stored_day_before_the_backfill(qtbot, planned_demo_store):
    store = planned_demo_store
    # What the store holds before the desk opens: T07 walked five of its patch's pipes at 09:30.
    loaded = load_patrol_session(store, DAY)
    t07 = loaded.teams.set_index("code").loc["T07"]
    patch_req = next(r for r in loaded.state.reqs if r.spec.code == "PATCH")
    mine = np.intersect1d(patch_req.members, loaded.team_sets["T07"])[:5]
    walk = pd.concat([_walk(loaded, int(p), t07["device_id"], NOW - 1800 + 300 * i) for i, p in enumerate(mine)],
                     ignore_index=True)
    with store.engine.begin() as conn:
        write_track_points(conn, walk.assign(source="field"))
    del loaded

    gate = threading.Event()
    played = threading.Event()

    def held_simulator(view):  # the real demo day, played only when the test lets it
        gate.wait(60)
        out = simulate_demo_day(view)
        played.set()
        return out

    layers, projector = load_layers(store, basemap=None)
    canvas = MapCanvas(layers, projector)
    qtbot.addWidget(canvas)
    live = PatrolLive(store, lambda: NOW, DAY)
    mapctl = PatrolMapController(live, layers, projector, DeskContext(store, QUndoStack()), canvas)
    dock = PatrolDock(live, mapctl, TZ)
    qtbot.addWidget(dock)
    try:
        live.start(simulate=True, simulator=held_simulator, period_s=0.05)
        qtbot.waitUntil(lambda: live.session is not None, timeout=20_000)
        s = live.session
        row = int(np.flatnonzero(s.teams["code"].to_numpy() == "T07")[0])
        qtbot.waitUntil(lambda: dock.team_table.item(row, 3) is not None, timeout=5000)
        # The stored figures are on the dock while the simulator has not played a fix.
        assert not played.is_set()
        assert set(s.fixes["device"]) == {t07["device_id"]} and len(s.fixes) == len(walk)
        assert float(dock.team_table.item(row, 3).text().rstrip("%")) > 0
        stored_only = _figures(s)
        assert any(f[3] > 0 for f in stored_only)

        # The backfill arrives as batches into the same session, and is in the store.
        gate.set()
        qtbot.waitUntil(played.is_set, timeout=60_000)

        def drained() -> bool:
            with store.engine.connect() as conn:
                n = len(read_day_fixes(conn, ANCHOR, ANCHOR + 86_400.0))
            return n > len(walk) and len(s.fixes) == n and live.queue.empty()

        qtbot.waitUntil(drained, timeout=30_000)
        assert live.session is s  # fed, not replaced
        assert set(s.fixes["device"]) > {t07["device_id"]}
        # The same numbers as a fresh load of what the store now holds (one engine, same inputs).
        again = _figures(load_patrol_session(store, DAY))
        live_figs = _figures(s)
        assert [f[:3] for f in live_figs] == [f[:3] for f in again]
        for a, b in zip(live_figs, again):
            assert a[3] == pytest.approx(b[3], rel=1e-9) and a[4] == b[4]
        assert sum(f[3] for f in live_figs) > sum(f[3] for f in stored_only)
    finally:
        gate.set()
        live.close()
        dock.close_dock()
        canvas.close_canvas()
