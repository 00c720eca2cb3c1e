"""The headless feed routes a patroller's phone as the desk does: the same walk gives the same coverage.

Both sides run for real: ``python app.py feed --osmand-listen … --register-unknown`` as a
subprocess, and the desk's :class:`~ui.feed.control.FeedController` (what the Feed
menu drives) with its own OsmAnd listener, each on its own copy of the same store.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import signal
import subprocess
import time

import numpy as np
from pyproj import Transformer
from PySide6.QtWidgets import QMainWindow
from sqlalchemy import func, select

import app
from models.bulk import read_positions
from models.patrol import TrackPoint
from models.repair import Vehicle
from models.store import open_store
from services.patrol.coverage import compute_coverage
from tests.cli.test_feed_isolate_cli import ENV, RUN, _free_port, _wait_port
from tests.cli.test_plan_coverage import CRS, DAY, X0, Y0, _seed
from ui.feed.control import FeedController
from ui.map.setup import install_map


def _planned(store, url, capsys) -> None:
    _seed(store)
    assert app.main(["--store", url, "plan", "--patches", "2", "--date", DAY.isoformat(), "--json"]) == 0
    capsys.readouterr()


def _walk() -> list[str]:
    """Patrol team T1's phone (device p1) walks 420 m along the far street of the patch patrol, a fix
    every 20 s, ending now."""
    now = int(time.time())
    x = X0 + 220.0 + 30.0 * np.arange(15)
    lon, lat = Transformer.from_crs(CRS, "EPSG:4326", always_xy=True).transform(x, np.full(15, Y0 + 640.0))
    return [f"/?id=p1&timestamp={now - 300 + 20 * k}&lat={lat[k]:.7f}&lon={lon[k]:.7f}&speed=3"
            for k in range(15)]


def _send(port: int, requests: list[str]) -> list[int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    statuses = []
    for target in requests:
        conn.request("POST", target)
        resp = conn.getresponse()
        resp.read()
        statuses.append(resp.status)
    conn.close()
    return statuses


def _figures(store, day: str) -> dict:
    info = compute_coverage(store, day)
    return {"requirements": info["requirements"], "teams": info["teams"], "patches": info["patches"],
            "fixes": info["fixes"]}


def _track_points(store) -> int:
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(TrackPoint).where(TrackPoint.device == "p1"))


def test_headless_feed_and_desk_give_the_same_coverage(qtbot, store, store_url, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    desk_url = f"sqlite:///{tmp_path / 'desk.sqlite'}"
    desk_store = open_store(desk_url)
    _planned(store, store_url, capsys)
    _planned(desk_store, desk_url, capsys)
    walk = _walk()
    day = dt.datetime.fromtimestamp(int(walk[0].split("timestamp=")[1].split("&")[0]), dt.timezone.utc).date()

    # Headless, with unknown devices registered as vehicles: the patroller's phone is still a patroller.
    port = _free_port()
    proc = subprocess.Popen([*RUN, "feed", "--json", "--register-unknown", "--osmand-listen", f"127.0.0.1:{port}",
                             "--store", store_url],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV, text=True)
    try:
        _wait_port(port, proc)
        assert _send(port, walk) == [200] * len(walk)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    summary = json.loads(out)
    assert (summary["track_points"], summary["stored"], summary["registered"]) == (len(walk), 0, 0)

    # The desk: the Feed menu's controller, its OsmAnd listener, registering unknown devices too.
    window = QMainWindow()
    qtbot.addWidget(window)
    desk_map = install_map(window, desk_store, basemap=None)
    feed = FeedController(desk_store, desk_map.layers, desk_map.projector, register_unknown=True,
                          flush_interval=0.05, parent=window)
    try:
        assert feed.start_osmand("127.0.0.1:0")
        assert _send(feed.osmand.port, walk) == [200] * len(walk)
    finally:
        feed.close()
        desk_map.canvas.close_canvas()

    for s in (store, desk_store):
        assert _track_points(s) == len(walk)
        with s.session() as session:
            assert session.scalar(select(func.count()).select_from(Vehicle).where(Vehicle.device_id == "p1")) == 0
        with s.engine.connect() as conn:
            assert len(read_positions(conn, devices=["p1"])) == 0
    headless, desk = _figures(store, day.isoformat()), _figures(desk_store, day.isoformat())
    assert headless == desk
    # The walk counts for the patch patrol (a vehicle's positions would count for nobody).
    patch = next(r for r in headless["requirements"] if r["code"] == "patch")
    assert sum(w["covered_m"] for w in patch["windows"]) >= 160.0
    desk_store.dispose()
