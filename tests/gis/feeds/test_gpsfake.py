"""End to end against a real gpsd: gpsfake replays bt451.log on a loopback port.

Two clients watch the same daemon: the gpsd JSON client (TPV reports) and the
raw NMEA client (gpsd's ``"nmea":true`` pass-through). gpsd dates the 2009 log
1024 GPS weeks later (2029, its rollover guess); the JSON client steps such
impossible future times back, so both must agree with the log.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time

import pytest

from gis.feeds.gpsd import GpsdClient, probe
from gis.feeds.nmea import fixes_from_lines, parse_sentence
from gis.feeds.raw_nmea_tcp import RawNmeaTcpClient
from services.feed.sink import PositionSink
from models.bulk import read_positions
from models.repair import Vehicle

pytestmark = pytest.mark.skipif(shutil.which("gpsfake") is None, reason="gpsfake (Debian gpsd-clients) not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def gpsfake(fixtures):
    port = _free_port()
    # -c: a sentence every 40 ms (a 146-sentence cycle in ~6 s), looping so late joiners see a whole cycle.
    proc = subprocess.Popen(
        ["gpsfake", "-q", "-c", "0.04", "-P", str(port), str(fixtures / "gps" / "bt451.log")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("gpsfake did not start") from None
            time.sleep(0.2)
    yield port
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def _gga_fixes(fixtures) -> set[tuple[float, float, float]]:
    out = set()
    for line in (fixtures / "gps" / "bt451.log").read_text().splitlines():
        if line.startswith("$GPGGA") and ",,,,,0," not in line:
            f = parse_sentence(line).fields
            tod = int(f[0][:2]) * 3600 + int(f[0][2:4]) * 60 + float(f[0][4:])
            lat = int(f[1][:2]) + float(f[1][2:]) / 60
            lon = int(f[3][:3]) + float(f[3][3:]) / 60
            out.add((tod, round(lat, 6), round(lon, 6)))
    return out


def test_gpsd_json_and_nmea_through_gpsfake(gpsfake, fixtures, store):
    with store.session() as s:
        s.add_all([Vehicle(code="J", name="json", device_id="bt451-json"),
                   Vehicle(code="N", name="nmea", device_id="bt451-nmea")])
        s.commit()
    assert probe("127.0.0.1", gpsfake) == "gpsd"
    log_fixes = list(fixes_from_lines((fixtures / "gps" / "bt451.log").read_text().splitlines(), "log"))
    stationary = {f.t for f in log_fixes[:8]}
    sink = PositionSink(store.engine, flush_interval=0.1).start()
    json_client = GpsdClient("127.0.0.1", gpsfake, sink, device="bt451-json").start()
    nmea_client = RawNmeaTcpClient("127.0.0.1", gpsfake, sink, device="bt451-nmea",
                                   hello=b'?WATCH={"enable":true,"nmea":true}\n').start()
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            time.sleep(0.5)
            with store.engine.connect() as c:
                frame = read_positions(c)
            raw = frame[frame["device"] == "bt451-nmea"]
            js = frame[frame["device"] == "bt451-json"]
            if max(stationary) in set(raw["t"]) and len(js) >= 5 and sink.stats().get("rejected.duplicate", 0):
                break
    finally:
        json_client.stop()
        nmea_client.stop()
        sink.stop()
    with store.engine.connect() as c:
        frame = read_positions(c)
    by_t = {f.t: f for f in log_fixes}
    raw = frame[frame["device"] == "bt451-nmea"]
    # Where the client joined the loop decides which fixes come first; later ones that are
    # earlier in time are refused as out of order. The newest fix of the log is always stored.
    assert max(stationary) in set(raw["t"]) and len(raw) >= 3
    for row in raw.itertuples():
        fix = by_t[row.t]
        assert (row.lat, row.lon) == (pytest.approx(fix.lat, abs=1e-9), pytest.approx(fix.lon, abs=1e-9))
    # gpsd's JSON: positions rounded to 1e-9°, times of day as in the log (the date is gpsd's guess).
    js = frame[frame["device"] == "bt451-json"]
    assert len(js) >= 5 and json_client.rollovers > 0
    # gpsd also makes a fix of a GGA+ZDA pair with no RMC (14:33:06.00), so GGAs count too.
    by_tod = {(f.t % 86400, round(f.lat, 6), round(f.lon, 6)) for f in log_fixes} | _gga_fixes(fixtures)
    for row in js.itertuples():
        assert (row.t % 86400, round(row.lat, 6), round(row.lon, 6)) in by_tod
    assert set(js["protocol"]) == {"gpsd"}
    assert json_client.version["class"] == "VERSION"
