"""OsmAnd / Traccar Client protocol: request parsing and the HTTP listener with a real store."""

from __future__ import annotations

import http.client
import socket
import time

import pytest

from gis.feeds import KNOT_MPS, Rejected
from gis.feeds.osmand import OsmAndListener, parse_request
from services.feed.sink import PositionSink
from models.bulk import read_positions
from models.repair import Vehicle

# What Traccar Client (Android 8.x) sends: a POST with the fields in the query string.
TRACCAR_CLIENT = "/?id=123456&timestamp=1700000000&lat=47.1412&lon=9.5209&speed=12.5&bearing=271.3&altitude=455.0&accuracy=4.7&batt=87.0"


def test_traccar_client_request_parses():
    r = parse_request("POST", TRACCAR_CLIENT, b"")
    assert (r.device, r.t, r.lat, r.lon) == ("123456", 1700000000.0, 47.1412, 9.5209)
    assert r.speed_mps == pytest.approx(12.5 * KNOT_MPS)
    assert (r.heading, r.altitude_m, r.accuracy_m, r.battery, r.protocol) == (271.3, 455.0, 4.7, 87.0, "osmand")


def test_variants_iso_time_deviceid_heading_form_body_and_location():
    r = parse_request("GET", "/?deviceid=car-7&lat=47.1&lon=9.5&timestamp=2023-11-14T22:13:20Z&heading=-90", b"")
    assert (r.device, r.t, r.heading) == ("car-7", 1700000000.0, 270.0)
    r = parse_request("GET", "/?id=a&lat=1&lon=2&timestamp=1700000000123", b"")
    assert r.t == pytest.approx(1700000000.123)
    r = parse_request("POST", "/", b"id=form&lat=47.2&lon=9.6&timestamp=2023-11-14 22:13:20")
    assert (r.device, r.lat, r.t) == ("form", 47.2, 1700000000.0)
    r = parse_request("GET", "/?id=loc&location=47.3,9.7&timestamp=1700000000", b"")
    assert (r.lat, r.lon) == (47.3, 9.7)
    r = parse_request("GET", "/?id=now&lat=1&lon=2", b"", received_t=1234.0)
    assert r.t == 1234.0


@pytest.mark.parametrize(
    "target, reason",
    [
        ("/?lat=47&lon=9", "missing_id"),
        ("/?id=1&lat=47", "missing_position"),
        ("/?id=1&lat=abc&lon=9", "bad_field"),
        ("/?id=1&lat=nan&lon=9", "bad_field"),
        ("/?id=1&lat=95&lon=9", "bad_position"),
        ("/?id=1&lat=47&lon=9&timestamp=yesterday", "bad_timestamp"),
        ("/?id=1&lat=47&lon=9&speed=fast", "bad_field"),
    ],
)
def test_bad_requests_name_the_reason(target, reason):
    with pytest.raises(Rejected) as info:
        parse_request("GET", target, b"")
    assert info.value.reason == reason


def _get(conn: http.client.HTTPConnection, target: str, method: str = "GET") -> int:
    conn.request(method, target)
    resp = conn.getresponse()
    resp.read()
    return resp.status


def test_listener_stores_good_reports_and_refuses_bad_ones(fleet_store, sink):
    listener = OsmAndListener(sink, "127.0.0.1", 0).start()
    try:
        now = int(time.time())
        conn = http.client.HTTPConnection("127.0.0.1", listener.port, timeout=5)
        assert _get(conn, f"/?id=123456&timestamp={now - 10}&lat=47.14&lon=9.52&speed=10", "POST") == 200
        assert _get(conn, f"/?id=123456&timestamp={now - 10}&lat=47.14&lon=9.52") == 200  # re-send: duplicate
        assert _get(conn, f"/?id=123456&timestamp={now - 20}&lat=47.14&lon=9.52") == 400  # out of order
        assert _get(conn, f"/?id=123456&timestamp={now + 3600}&lat=47.14&lon=9.52") == 400  # future
        assert _get(conn, f"/?id=stranger&timestamp={now}&lat=47.14&lon=9.52") == 400  # unknown device
        assert _get(conn, "/?id=123456&lat=91&lon=9") == 400
        assert _get(conn, "/", "DELETE") == 405
        # Garbage on a raw socket gets a 400 and does not disturb the listener.
        with socket.create_connection(("127.0.0.1", listener.port), timeout=5) as raw:
            raw.sendall(b"\x16\x03\x01garbage that is not HTTP\r\n\r\n")
            assert raw.recv(100).startswith(b"HTTP/1.1 400")
        assert _get(conn, f"/?id=car-7&timestamp={now - 5}&lat=47.15&lon=9.53&bearing=45") == 200
        conn.close()
    finally:
        listener.stop()
    sink.stop()
    stats = sink.stats()
    assert stats["stored"] == 2
    assert {k: v for k, v in stats.items() if k.startswith("rejected.")} == {
        "rejected.duplicate": 1, "rejected.out_of_order": 1, "rejected.future": 1,
        "rejected.unknown_device": 1, "rejected.bad_position": 1, "rejected.bad_request": 2,
    }
    with fleet_store.engine.connect() as c:
        frame = read_positions(c)
    assert sorted(frame["device"]) == ["123456", "car-7"]
    assert set(frame["protocol"]) == {"osmand"}
    with fleet_store.session() as s:
        v = s.query(Vehicle).filter_by(device_id="car-7").one()
        assert (v.last_t, v.last_lat, v.last_lon, v.last_heading) == (now - 5, 47.15, 9.53, 45.0)


def test_register_unknown_adds_a_vehicle(fleet_store):
    sink = PositionSink(fleet_store.engine, register_unknown=True).start()
    listener = OsmAndListener(sink, "127.0.0.1", 0).start()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", listener.port, timeout=5)
        assert _get(conn, f"/?id=new-phone&timestamp={int(time.time())}&lat=47.1&lon=9.5") == 200
        conn.close()
    finally:
        listener.stop()
        sink.stop()
    with fleet_store.session() as s:
        v = s.query(Vehicle).filter_by(device_id="new-phone").one()
        assert v.last_lat == 47.1
    with fleet_store.engine.connect() as c:
        assert read_positions(c, devices=["new-phone"])["vehicle_id"].tolist() == [v.id]


def test_pipelined_keep_alive_requests_and_http10(sink):
    listener = OsmAndListener(sink, "127.0.0.1", 0).start()
    try:
        now = int(time.time())
        batch = b"".join(
            f"GET /?id=bt451&timestamp={now - 100 + i}&lat=47.1&lon=9.5 HTTP/1.1\r\nHost: x\r\n\r\n".encode()
            for i in range(20)
        )
        with socket.create_connection(("127.0.0.1", listener.port), timeout=5) as raw:
            raw.sendall(batch)
            got = b""
            while got.count(b"HTTP/1.1 200") < 20:
                got += raw.recv(65536)
        with socket.create_connection(("127.0.0.1", listener.port), timeout=5) as raw:
            raw.sendall(f"GET /?id=car-7&timestamp={now}&lat=1&lon=2 HTTP/1.0\r\n\r\n".encode())
            assert raw.recv(200).startswith(b"HTTP/1.1 200")
            assert raw.recv(10) == b""  # HTTP/1.0: closed after the answer
    finally:
        listener.stop()
    sink.stop()
    assert sink.stats()["stored"] == 21


def test_port_in_use_is_a_clear_error(sink):
    first = OsmAndListener(sink, "127.0.0.1", 0).start()
    try:
        with pytest.raises(OSError):
            OsmAndListener(sink, "127.0.0.1", first.port).start()
    finally:
        first.stop()
