"""Simulation → Run drill… in the desk: the drill runs as its own process, the title says DRILL, the report is written."""

from __future__ import annotations

import datetime as dt
import json
import subprocess

import pytest
from PySide6.QtWidgets import QApplication

from services.drill.ledger import wipe
from ui.common.i18n import install_translators
from ui.main_window import MainWindow

DAY = dt.date(2026, 11, 30)


@pytest.fixture
def store(store_url, first_day_plan_template):
    """The demo store with the plan for 2026-12-01 (load_demo, make_plan), the test's own copy."""
    from tests.support.stores import open_copy

    s = open_copy(first_day_plan_template, store_url)
    yield s
    s.dispose()


@pytest.fixture
def desk(qtbot, store, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    install_translators(QApplication.instance(), "zh_CN")
    window = MainWindow(store, "zh_CN")
    qtbot.addWidget(window)
    yield window
    window.drill.stop()
    window.drill.wait(30_000)
    install_translators(QApplication.instance(), "en")


def test_a_drill_from_the_desk_is_marked_and_reported(desk, qtbot, tmp_path, store):
    scenario = tmp_path / "small.json"
    scenario.write_text(json.dumps({
        "name": "small", "start": "14:08", "end": "14:15",
        "scale": {"guards": 21, "stationed": 11, "patch_patrollers": 3, "vehicles": 3, "fix_interval_s": 10,
                  "vehicle_interval_s": 10},
        "incidents": [{"kind": "burst", "at": "14:10", "place": "RES02", "call_to_dispatch_min": 4}]}),
        encoding="utf-8")
    drill = desk.drill
    assert "【演练" not in desk.windowTitle()
    feed = desk.repairs.feed
    assert drill.start(str(scenario), 30.0, DAY, None)
    # The map follows the drill's vehicles while it runs (their positions reach the store over HTTP).
    seen: dict[str, set] = {}

    def moving() -> bool:
        for r in feed.vehicles.values():
            if r.device.startswith("DR1-") and r.last_t is not None:
                seen.setdefault(r.device, set()).add(r.last_t)
        return drill.process.state() != drill.process.ProcessState.NotRunning and any(
            len(ts) >= 3 for ts in seen.values())

    qtbot.waitUntil(moving, timeout=240_000)
    assert not any(feed.vehicles[d].lost for d in seen)  # judged by the drill's clock, not the wall clock
    # Its patrollers on foot too: each at its newest stored track point, drawn as patrollers.
    live = feed.layers.get("live")
    qtbot.waitUntil(lambda: (live.data.kinds == "drill_patroller").sum() == 21, timeout=120_000)
    _patrollers_at_their_stored_fixes(feed, store, live.data)
    qtbot.waitUntil(lambda: drill.last_summary is not None, timeout=240_000)
    assert drill.last_summary["status"] == "finished", drill.last_summary
    assert drill.last_summary["devices"] == 24
    assert desk.windowTitle().startswith("【演练 DR1】")
    pdf = tmp_path / "after.pdf"
    drill.make_report(DAY, pdf)
    qtbot.waitUntil(lambda: getattr(drill, "last_report", None) == pdf, timeout=120_000)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "演练 DR1" in text and "抢修五个时限执行情况" in text and "派单" in text
    wipe(store)
    drill.update_title()
    assert "【演练" not in desk.windowTitle()


def _patrollers_at_their_stored_fixes(feed, store, data) -> None:
    import numpy as np
    from sqlalchemy import select

    from models.patrol import TrackPoint

    rows = np.flatnonzero(data.kinds == "drill_patroller")
    with store.engine.connect() as conn:
        for i in rows:
            device = data.ids[i]
            t, x, y = feed.drill_patrollers[device]
            lon, lat = conn.execute(select(TrackPoint.lon, TrackPoint.lat).where(
                TrackPoint.device == device, TrackPoint.t == t)).first()
            sx, sy = feed.projector.to_local(np.array([lon]), np.array([lat]))
            assert abs(float(np.asarray(sx)[0]) - data.x[i]) < 0.01 and abs(float(np.asarray(sy)[0]) - data.y[i]) < 0.01
            assert device.startswith("DR1-") and not data.labels[i]


def test_a_bad_scenario_is_refused_before_anything_runs(desk, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    bad = tmp_path / "bad.yaml"
    bad.write_text("incidents:\n  - kind: flood\n    at: '10:00'\n", encoding="utf-8")
    assert not desk.drill.start(str(bad), 10.0, DAY, None)
    assert shown and "flood" in shown[0] and str(bad) in shown[0]
    assert desk.drill.process is None
