"""A utility's own event, end to end on Monaco (not the demo city), headless.

event new → imports (streets from the OSM fixture, a pipe network the test
builds along Monaco's streets, valves, a source, CSV rosters and devices) →
network check → plan → sheets → a position report from a registered device
moves its vehicle → dispatch by Monaco's streets → isolate → the wall
screenshot; and no demo row anywhere in the store.
"""

from __future__ import annotations

import http.client
import json
import signal
import subprocess
import time

from sqlalchemy import select

import app
from models.audit import Setting
from demo.load import DEMO_SETTING, ensure_demo
from models.event import Event, GuardedPlace
from models.network import Pipe, Valve
from models.repair import Vehicle
from tests.cli.test_feed_isolate_cli import ENV, RUN, _free_port, _wait_port
from tests.support.own_event import MONACO_PBF, build_monaco_files


def _run(store_url, capsys, *argv):
    code = app.main(["--store", store_url, "--lang", "en", *argv, "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip() else None


def assert_no_demo(store) -> None:
    """Nothing of the bundled demo: no demo marker, no demo event, no Liechtenstein venue or pipe."""
    with store.session() as s:
        assert s.get(Setting, DEMO_SETTING) is None
        assert not any((e.notes or "").startswith("Demo event") for e in s.scalars(select(Event)))
        assert s.scalars(select(GuardedPlace).where(GuardedPlace.name == "Rheinpark Stadion")).first() is None
    with store.engine.connect() as c:
        # The demo city is Liechtenstein (lon 9.4–9.7): no pipe of the store lies there.
        import shapely

        wkb = c.execute(select(Pipe.geom)).scalars().all()
        x = shapely.get_coordinates(shapely.from_wkb(wkb))[:, 0]
        assert (x < 8.0).all()


def test_own_event_end_to_end_on_monaco(store, store_url, capsys, tmp_path):
    files = build_monaco_files(tmp_path / "files")
    code, ev = _run(store_url, capsys, "event", "new", "--name", "Monaco Grand Prix", "--name-zh", "摩纳哥大奖赛",
                    "--start", "2026-05-21 06:00", "--end", "2026-05-24 22:00", "--tz", "Europe/Monaco",
                    "--crs", "EPSG:32632", "--guard-buffer", "150")
    assert code == 0 and ev["start_utc"] == "2026-05-21T04:00:00+00:00" and ev["guard_buffer_m"] == 150
    code, rep = _run(store_url, capsys, "import", "streets", str(MONACO_PBF))
    assert code == 0 and rep["imported"] > 1000 and 50 < rep["km"] < 500
    code, rep = _run(store_url, capsys, "import", "pipes", str(files["pipes"]))
    assert code == 0 and rep["mapping"]["diameter_mm"] == "管径"
    n_pipes = rep["imported"]
    # Bare lines got their nodes: every pipe has both ends, and ends were shared.
    assert rep["topology"]["pipes_joined"] == n_pipes and rep["topology"]["nodes_created"] < 2 * n_pipes
    code, rep = _run(store_url, capsys, "import", "valves", str(files["valves"]))
    assert code == 0 and rep["topology"]["off_network"] == 0 and rep["topology"]["pipes_split"] > 100
    code, rep = _run(store_url, capsys, "import", "sources", str(files["sources"]))
    assert code == 0
    for kind in ("teams", "staff", "vehicles", "devices", "roster", "units"):
        code, rep = _run(store_url, capsys, "import", kind, str(files[kind]))
        assert code == 0 and rep["ok"], rep
    with store.engine.connect() as c:
        assert c.execute(select(Pipe.id).where(Pipe.from_node_id.is_(None))).first() is None
        assert c.execute(select(Valve.id).where(Valve.node_id.is_(None))).first() is None
    code, check = _run(store_url, capsys, "network", "check")
    assert code == 0 and check["pipes"] > n_pipes  # valves split pipes
    assert check["counts"]["no_diameter"] >= 3 and check["counts"]["valve_off_network"] == 0
    assert check["counts"]["no_source"] == 0
    assert {f["codes"][0] for f in check["findings"] if f["check"] == "no_diameter"} >= {"GX00000", "GX00001", "GX00002"}
    assert all(7.34 < f["lon"] < 7.50 and 43.70 < f["lat"] < 43.78 for f in check["findings"])
    code, plan = _run(store_url, capsys, "plan", "--date", "2026-05-22")
    assert code == 0 and sum(r["pipes"] for r in plan["requirements"]) >= check["pipes"]
    code, _ = _run(store_url, capsys, "sheets", "--out", str(tmp_path / "sheets.pdf"), "--date", "2026-05-22")
    assert code == 0 and (tmp_path / "sheets.pdf").stat().st_size > 10_000
    # A position report from the registered device moves its vehicle (the feed as a real peer over HTTP).
    port = _free_port()
    proc = subprocess.Popen([*RUN, "--store", store_url, "--lang", "en", "feed", "--json",
                             "--osmand-listen", f"127.0.0.1:{port}"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV, text=True)
    try:
        _wait_port(port, proc)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", f"/?id=imei-860001&timestamp={int(time.time()) - 5}&lat=43.7310&lon=7.4190")
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
    with store.session() as s:
        v1 = s.scalars(select(Vehicle).where(Vehicle.code == "V01")).one()
        assert (round(v1.last_lon, 4), round(v1.last_lat, 4)) == (7.419, 43.731)
    # Dispatch by Monaco's streets: V01 now stands next to the site.
    code, disp = _run(store_url, capsys, "dispatch", "--lon", "7.4195", "--lat", "43.7312")
    assert code == 0 and disp["eta_basis"] == "streets"
    assert disp["candidates"][0]["code"] == "V01" and disp["candidates"][0]["distance_m"] < 1000
    code, iso = _run(store_url, capsys, "isolate", "GX00010")
    assert code == 0 and iso["valves"], iso
    code, wall = _run(store_url, capsys, "wall", "--screenshot", str(tmp_path / "wall.png"), "--size", "1280x720")
    assert code == 0 and (tmp_path / "wall.png").stat().st_size > 20_000
    # Opening the desk's demo path on this store writes nothing.
    assert ensure_demo(store) is None
    assert_no_demo(store)


def test_without_streets_etas_are_straight_line(store, store_url, capsys, tmp_path):
    files = build_monaco_files(tmp_path / "files")
    _run(store_url, capsys, "event", "new", "--name", "Test", "--start", "2026-05-21 06:00",
         "--end", "2026-05-22 06:00", "--tz", "Europe/Monaco", "--crs", "EPSG:32632")
    code, _ = _run(store_url, capsys, "import", "vehicles", str(files["vehicles"]))
    assert code == 0
    code, disp = _run(store_url, capsys, "dispatch", "--lon", "7.42", "--lat", "43.73")
    assert code == 0 and disp["eta_basis"] == "straight_line" and "straight-line" in disp["basis_note"]
    assert len(disp["candidates"]) == 2
    assert_no_demo(store)
