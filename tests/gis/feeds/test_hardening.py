"""Hostile and malformed input against a real listener and a real store; every fix of the NMEA logs kept."""

from __future__ import annotations

import http.client
import json
import re
import socket
import threading
import time

import pytest

from gis.feeds import parse_host_port
from gis.feeds.nmea import fixes_from_lines, parse_sentence
from gis.feeds.osmand import OsmAndListener, parse_request_all
from gis.feeds.raw_nmea_tcp import RawNmeaTcpClient
from services.feed.sink import PositionSink
from models.bulk import read_positions
from models.repair import Vehicle


def _ask(port: int, target: str, method: str = "GET", body: bytes | None = None,
         headers: dict | None = None) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request(method, target, body=body, headers=headers or {})
    resp = conn.getresponse()
    text = resp.read().decode("utf-8", "replace")
    conn.close()
    return resp.status, text


@pytest.fixture
def live(fleet_store):
    sink = PositionSink(fleet_store.engine, register_unknown=True).start()
    listener = OsmAndListener(sink, "127.0.0.1", 0, idle_timeout_s=1.0, header_timeout_s=1.0).start()
    yield sink, listener
    listener.stop()
    sink.stop()


def _vehicles(store) -> list[str]:
    with store.engine.connect() as c:
        return [r.device_id for r in c.execute(Vehicle.__table__.select())]


def test_impossible_times_are_refused_with_the_reason(fleet_store, live):
    sink, listener = live
    port = listener.port
    status, text = _ask(port, "/?id=123456&timestamp=99999999999&lat=47.1&lon=9.5")
    assert status == 400 and "too_old" in text and "1973" in text
    status, text = _ask(port, "/?id=123456&timestamp=1&lat=47.1&lon=9.5")
    assert status == 400 and "too_old" in text and "1970" in text
    now = int(time.time())
    status, text = _ask(port, f"/?id=123456&timestamp={now + 3600}&lat=47.1&lon=9.5")
    assert status == 400 and "future" in text and "ahead" in text
    # None of these moved the device's clock: its real reports go on being stored.
    assert _ask(port, f"/?id=123456&timestamp={now - 5}&lat=47.1&lon=9.5")[0] == 200
    with fleet_store.engine.connect() as c:
        assert read_positions(c)["t"].tolist() == [now - 5]


def test_one_report_ahead_of_the_clock_does_not_lock_the_device_out(fleet_store, live):
    sink, listener = live
    now = int(time.time())
    # 290 s ahead: within the tolerance, stored ...
    assert _ask(listener.port, f"/?id=car-7&timestamp={now + 290}&lat=47.1&lon=9.5")[0] == 200
    # ... and the device's next, correct reports are stored too (its clock was put right).
    for k in range(1, 4):
        assert _ask(listener.port, f"/?id=car-7&timestamp={now + k}&lat=47.1&lon=9.5")[0] == 200
    # A true re-send and a truly older report are still told apart.
    assert _ask(listener.port, f"/?id=car-7&timestamp={now + 3}&lat=47.1&lon=9.5")[0] == 200
    status, text = _ask(listener.port, f"/?id=car-7&timestamp={now + 1}&lat=47.1&lon=9.5")
    assert status == 400 and "out_of_order" in text
    with fleet_store.engine.connect() as c:
        assert len(read_positions(c, devices=["car-7"])) == 4
    assert sink.stats()["clock_corrected"] == 1


def test_register_unknown_only_on_a_stored_report_and_never_a_hostile_id(fleet_store, live):
    sink, listener = live
    now = int(time.time())
    before = _vehicles(fleet_store)
    assert _ask(listener.port, f"/?id=ghost-1&timestamp={now + 3600}&lat=47.1&lon=9.5")[0] == 400  # future
    assert _ask(listener.port, "/?id=ghost-2&timestamp=1&lat=47.1&lon=9.5")[0] == 400  # 1970
    status, text = _ask(listener.port, f"/?id=%00%ff&timestamp={now}&lat=47.1&lon=9.5")
    assert status == 400 and "bad_id" in text
    assert _ask(listener.port, f"/?id=tab%09id&timestamp={now}&lat=47.1&lon=9.5")[0] == 400
    assert _ask(listener.port, f"/?id={'x' * 65}&timestamp={now}&lat=47.1&lon=9.5")[0] == 400
    sink.flush()
    assert _vehicles(fleet_store) == before
    assert _ask(listener.port, f"/?id=new-phone&timestamp={now}&lat=47.1&lon=9.5")[0] == 200
    assert _vehicles(fleet_store) == [*before, "new-phone"]


# Traccar Client's JSON body, as its decoder's test has it (newer clients' default).
TRACCAR_JSON = {
    "location": {
        "timestamp": "2025-06-15T13:45:12.862Z",
        "coords": {"latitude": 47.1412, "longitude": 9.5209, "accuracy": 5, "speed": 3.5, "heading": -1,
                   "altitude": 455},
        "is_moving": True, "odometer": 0, "event": "motionchange",
        "battery": {"level": 0.79, "is_charging": False}, "activity": {"type": "still"}, "extras": {},
    },
    "device_id": "123456",
}


def test_traccar_client_json_body(fleet_store, live):
    sink, listener = live
    (r,) = parse_request_all("POST", "/", json.dumps(TRACCAR_JSON).encode(), 0.0, "application/json")
    assert (r.device, r.lat, r.lon, r.speed_mps, r.heading, r.accuracy_m, r.altitude_m) == (
        "123456", 47.1412, 9.5209, 3.5, None, 5.0, 455.0)
    assert r.battery == pytest.approx(79.0)
    body = dict(TRACCAR_JSON)
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(time.time() - 30))
    body["location"] = {**TRACCAR_JSON["location"], "timestamp": stamp}
    status, _ = _ask(listener.port, "/", "POST", json.dumps(body).encode(), {"Content-Type": "application/json"})
    assert status == 200
    with fleet_store.engine.connect() as c:
        frame = read_positions(c, devices=["123456"])
    assert frame["lat"].tolist() == [47.1412] and frame["speed_mps"].tolist() == [3.5]
    status, text = _ask(listener.port, "/", "POST", b'{"device_id": "123456"}', {"Content-Type": "application/json"})
    assert status == 400 and "location" in text
    status, _ = _ask(listener.port, "/", "POST", b"{not json", {"Content-Type": "application/json"})
    assert status == 400


def _raw(port: int, payload: bytes, wait: float = 10.0) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=wait) as s:
        s.sendall(payload)
        chunks = []
        while True:
            try:
                chunk = s.recv(4096)
            except TimeoutError:
                return b"".join(chunks) + b"<still open>"
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


def test_garbage_and_stalled_requests_are_answered_and_closed(live):
    sink, listener = live
    # Random bytes without any header end: 400 at once, then closed.
    assert _raw(listener.port, bytes(range(256)) * 4).startswith(b"HTTP/1.1 400")
    # What could be a request but never ends its header: 400 after the header timeout, then closed.
    assert _raw(listener.port, b"GET /?id=123456&lat=47").startswith(b"HTTP/1.1 400")
    # An idle keep-alive connection is closed after the idle timeout, silently.
    assert _raw(listener.port, b"") == b""
    # Answers stay in request order when a bad request sits between good ones (pipelining).
    now = int(time.time())
    reply = _raw(listener.port, (
        f"GET /?id=bt451&timestamp={now - 9}&lat=47.1&lon=9.5 HTTP/1.1\r\n\r\n"
        f"GET /?id=bt451&lat=95&lon=9.5 HTTP/1.1\r\n\r\n"
        f"GET /?id=bt451&timestamp={now - 8}&lat=47.1&lon=9.5 HTTP/1.1\r\nConnection: close\r\n\r\n"
    ).encode())
    assert re.findall(rb"HTTP/1.1 (\d{3})", reply) == [b"200", b"400", b"200"]
    assert listener.counters["timed_out"] >= 1 and listener.counters["dropped_idle"] >= 1


def test_bare_port_means_loopback():
    assert parse_host_port("47401", 5055) == ("127.0.0.1", 47401)
    assert parse_host_port("0.0.0.0:5055", 1) == ("0.0.0.0", 5055)


def _serve(payload: bytes) -> tuple[socket.socket, threading.Thread]:
    server = socket.create_server(("127.0.0.1", 0))

    def serve():
        conn, _ = server.accept()
        with conn:
            # Small pieces, as a serial bridge sends them: sentences split across reads.
            for i in range(0, len(payload), 97):
                conn.sendall(payload[i:i + 97])

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return server, thread


@pytest.mark.parametrize("log", ["bt451.log", "ublox-lea-4h.log"])
def test_raw_nmea_replay_over_tcp_keeps_every_fix(fixtures, store, log):
    lines = [ln for ln in (fixtures / "gps" / log).read_text().splitlines() if ln and not ln.startswith("#")]
    # Every valid RMC is a fix (what gpsd reports as a TPV per epoch).
    rmc_times = set()
    for line in lines:
        try:
            s = parse_sentence(line)
        except Exception:  # noqa: BLE001 — the logs' own bad lines
            continue
        if s.kind == "RMC" and len(s.fields) > 8 and s.fields[1] == "A":
            rmc_times.add((s.fields[8], s.fields[0]))
    with store.session() as s:
        s.add(Vehicle(code="N1", name="N1", device_id="nmea-1"))
        s.commit()
    # The logs are a drive replayed on a loop: out of order by design. Store every fix once: a fresh
    # device per replay and the fixes sorted as a receiver would send them.
    fixes = list(fixes_from_lines(lines, "nmea-1"))
    assert len(fixes) == len(rmc_times)
    sink = PositionSink(store.engine, max_age_s=None).start()
    payload = ("\r\n".join(lines) + "\r\n").encode("latin-1")
    server, thread = _serve(payload)
    client = RawNmeaTcpClient("127.0.0.1", server.getsockname()[1], sink, device="nmea-1", reconnect=False).start()
    assert client.join(timeout=60)
    thread.join()
    server.close()
    sink.stop()
    stats = sink.stats()
    # Every fix reached the sink: stored, or refused for its time order (never dropped on the way).
    reached = stats["stored"] + stats.get("rejected.out_of_order", 0) + stats.get("rejected.duplicate", 0)
    assert reached == len(rmc_times)
    with store.engine.connect() as c:
        assert len(read_positions(c)) == stats["stored"]


def test_next_cycles_gga_first_keeps_the_rmc():
    from gis.feeds.nmea import NmeaAssembler, checksum

    def sentence(body: str):
        return parse_sentence(f"${body}*{checksum(body):02X}")

    asm = NmeaAssembler("x")
    out = []
    for body in (
        "GPRMC,120000.00,A,5547.82113,N,02334.14130,E,0.253,,091209,,,A",
        "GPGGA,120001.00,5547.82113,N,02334.14130,E,1,04,2.72,37.0,M,26.9,M,,",  # next cycle's GGA first
        "GPRMC,120001.00,A,5547.82120,N,02334.14130,E,0.253,,091209,,,A",
        "GPGGA,120002.00,5547.82113,N,02334.14130,E,1,04,2.72,38.0,M,26.9,M,,",
        "GPRMC,120002.00,A,5547.82130,N,02334.14130,E,0.253,,091209,,,A",
    ):
        fix = asm.feed(sentence(body))
        if fix is not None:
            out.append(fix)
    last = asm.flush()
    if last is not None:
        out.append(last)
    assert [f.t % 86400 for f in out] == [43200.0, 43201.0, 43202.0]
