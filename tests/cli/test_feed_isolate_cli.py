"""``feed`` and ``isolate``: SIGTERM ends a feed subprocess cleanly with nothing lost; the rest runs in-process."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from models.bulk import read_positions
from models.repair import Vehicle
from tests.support.cli import run_app

ROOT = Path(__file__).resolve().parents[2]
RUN = [sys.executable, str(ROOT / "app.py")]
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_port(port: int, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(proc.communicate())
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("feed did not start listening")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_feed_osmand_until_signal(store, store_url, sig):
    with store.session() as s:
        s.add(Vehicle(code="V1", name="V1", device_id="phone-1"))
        s.commit()
    port = _free_port()
    proc = subprocess.Popen([*RUN, "--store", store_url, "--lang", "en", "feed", "--json",
                             "--osmand-listen", f"127.0.0.1:{port}"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV, text=True)
    try:
        _wait_port(port, proc)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        t0 = int(time.time()) - 500
        statuses = []
        for i in range(300):
            conn.request("GET", f"/?id=phone-1&timestamp={t0 + i}&lat=47.1&lon={9.5 + i / 1e4}")
            resp = conn.getresponse()
            resp.read()
            statuses.append(resp.status)
        conn.request("GET", f"/?id=stranger&timestamp={t0}&lat=47.1&lon=9.5")
        resp = conn.getresponse()
        resp.read()
        statuses.append(resp.status)
        conn.close()
        # Signal right away: the last reports are still in the sink's queue.
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert statuses == [200] * 300 + [400]
    summary = json.loads(out)
    assert summary["stored"] == 300 and summary["rejected_by_reason"] == {"unknown_device": 1}
    with store.engine.connect() as c:
        assert len(read_positions(c)) == 300


def test_feed_register_unknown_with_duration(store, store_url):
    port = _free_port()
    proc = subprocess.Popen([*RUN, "--store", store_url, "feed", "--json", "--register-unknown", "--duration", "600",
                             "--osmand-listen", f"127.0.0.1:{port}"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV, text=True)
    try:
        _wait_port(port, proc)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("POST", f"/?id=new-tracker&timestamp={int(time.time())}&lat=47.2&lon=9.6")
        resp = conn.getresponse()
        resp.read()
        conn.close()
        assert resp.status == 200
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert json.loads(out)["registered"] == 1
    with store.session() as s:
        assert s.query(Vehicle).filter_by(device_id="new-tracker").one().last_lon == 9.6


def test_isolate_json_on_a_stored_network(store, store_url):
    from tests.gis.test_isolation import store_network

    store_network(store)
    proc = run_app("--store", store_url, "isolate", "P3", "--json", "--skip-valve", "V2")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["pipe"] == "P3" and out["status"] == "ok"
    assert [v["code"] for v in out["valves"]] == ["V1", "V3", "V4", "V5", "V7"]
    assert set(out["isolated_pipes"]) == {"P2", "P3", "P4", "P6", "P7", "P8"}
    assert out["isolated_length_m"] == 520.0
    assert out["cut_off_pipes"] == ["P1", "P5", "P9"] and out["dry_length_m"] == 760.0
    assert {(u["code"], u["reason"]) for u in out["affected_users"]} == {("U1", "isolated"), ("U2", "isolated"),
                                                                          ("U3", "cut off")}
    # The residence perimeter across P5 goes dry too: P5 hangs on the isolated part.
    assert [(p["name"], p["reason"]) for p in out["guarded_places_affected"]] == [("Delegation hotel", "cut off"),
                                                                                  ("Stadium", "isolated")]
    bad = run_app("--store", store_url, "isolate", "NOPE")
    assert bad.returncode == 2 and "NOPE" in bad.stderr


def test_feed_simulate_stores_sim_positions(store, store_url, tmp_path):
    from tests.gis.test_dispatch_sim import LAT0, LON0, _streets

    gpkg = tmp_path / "streets.gpkg"
    _streets().to_file(gpkg, layer="basemap_streets", driver="GPKG")
    with store.session() as s:
        s.add_all([Vehicle(code="S1", name="S1", device_id="sim-1", depot_lon=LON0, depot_lat=LAT0),
                   Vehicle(code="S2", name="S2", device_id="sim-2", depot_lon=LON0 + 0.01, depot_lat=LAT0)])
        s.commit()
    proc = run_app("--store", store_url, "feed", "--json", "--simulate", "--streets", str(gpkg),
                   "--interval", "0.2", "--duration", "3")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["rejected"] == 0
    with store.engine.connect() as c:
        frame = read_positions(c)
    assert set(frame["device"]) == {"sim-1", "sim-2"} and set(frame["protocol"]) == {"sim"}
    assert len(frame) >= 20
    missing = run_app("--store", store_url, "feed", "--simulate", "--streets", str(tmp_path / "no.gpkg"))
    assert missing.returncode == 2 and "no.gpkg" in missing.stderr
