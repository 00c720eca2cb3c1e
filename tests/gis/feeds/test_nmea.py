"""NMEA 0183 parsing with the real bt451 receiver log, and a raw NMEA TCP stream."""

from __future__ import annotations

import datetime as dt
import socket
import threading

import pytest

from gis.feeds import KNOT_MPS, Rejected
from gis.feeds.nmea import NmeaAssembler, checksum, fixes_from_lines, parse_sentence
from gis.feeds.raw_nmea_tcp import RawNmeaTcpClient
from models.bulk import read_positions


def _log(fixtures):
    return (fixtures / "gps" / "bt451.log").read_text().splitlines()


def test_bt451_log_gives_its_thirteen_fixes(fixtures):
    errors: list[Rejected] = []
    fixes = list(fixes_from_lines(_log(fixtures), "bt451", errors))
    assert errors == []
    assert len(fixes) == 13  # 8 stationary (15:25:05–15:25:08.5) + 5 driving (14:33:06.5–14:33:08.5)
    first = fixes[0]
    assert first.t == dt.datetime(2009, 12, 9, 15, 25, 5, tzinfo=dt.timezone.utc).timestamp()
    # $GPRMC,152505.00,A,5547.82113,N,02334.14130,E,0.253,,091209 and its GGA (alt 37.0, HDOP 2.72)
    assert first.lat == pytest.approx(55 + 47.82113 / 60, abs=1e-12)
    assert first.lon == pytest.approx(23 + 34.14130 / 60, abs=1e-12)
    assert first.speed_mps == pytest.approx(0.253 * KNOT_MPS)
    assert first.altitude_m == 37.0 and first.accuracy_m == pytest.approx(2.72 * 5)
    driving = fixes[8]
    assert driving.t == dt.datetime(2009, 12, 9, 14, 33, 6, 500000, tzinfo=dt.timezone.utc).timestamp()
    assert driving.speed_mps == pytest.approx(30.324 * KNOT_MPS) and driving.heading == 221.16
    assert driving.altitude_m == 128.9  # $GPGGA,143306.50,…,128.9,M


def test_checksum_and_garbage():
    line = "$GPRMC,152505.00,A,5547.82113,N,02334.14130,E,0.253,,091209,,,A*7A"
    assert checksum(line[1:-3]) == 0x7A
    assert parse_sentence(line).kind == "RMC"
    with pytest.raises(Rejected) as info:
        parse_sentence(line.replace("5547.82113", "5547.82114"))
    assert info.value.reason == "bad_checksum"
    for junk in ("", "hello", "$GPRMC,1,2,3", "\x00\xff$$$*ZZ", "$G*00"):
        with pytest.raises(Rejected) as info:
            parse_sentence(junk)
        assert info.value.reason in ("garbage", "bad_checksum")


def test_bad_fields_in_a_checked_sentence_are_rejected():
    body = "GPRMC,152505.00,A,55xx.82113,N,02334.14130,E,0.253,,091209,,,A"
    line = f"${body}*{checksum(body):02X}"
    with pytest.raises(Rejected) as info:
        NmeaAssembler("x").feed(parse_sentence(line))
    assert info.value.reason == "bad_field"


def test_gga_before_rmc_completes_at_once():
    asm = NmeaAssembler("x")
    gga = "GPGGA,152505.00,5547.82113,N,02334.14130,E,1,04,2.72,37.0,M,26.9,M,,"
    rmc = "GPRMC,152505.00,A,5547.82113,N,02334.14130,E,0.253,,091209,,,A"
    assert asm.feed(parse_sentence(f"${gga}*{checksum(gga):02X}")) is None
    fix = asm.feed(parse_sentence(f"${rmc}*{checksum(rmc):02X}"))
    assert fix is not None and fix.altitude_m == 37.0


def _serve_once(payload: bytes) -> tuple[socket.socket, threading.Thread]:
    server = socket.create_server(("127.0.0.1", 0))

    def serve():
        conn, _ = server.accept()
        with conn:
            conn.sendall(payload)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return server, thread


def test_raw_nmea_stream_over_tcp(fixtures, fleet_store, sink):
    # The real log with two corrupted lines and binary junk mixed in.
    lines = [line for line in _log(fixtures) if not line.startswith("#")]  # a receiver sends no comments
    lines.insert(60, "$GPRMC,152506.00,A,5547.82126,N,02334.14117,E,0.340,,091209,,,A*00")
    lines.insert(61, "\x00\x01\x02 line noise")
    payload = ("\r\n".join(lines) + "\r\n").encode("latin-1")
    server, thread = _serve_once(payload)
    client = RawNmeaTcpClient("127.0.0.1", server.getsockname()[1], sink, device="bt451", reconnect=False).start()
    assert client.join(timeout=30)
    thread.join()
    server.close()
    sink.stop()
    stats = sink.stats()
    # The 8 stationary fixes are stored; the driving part is earlier in time: out of order.
    assert stats["stored"] == 8
    assert stats["rejected.out_of_order"] == 5
    assert stats["rejected.bad_checksum"] == 1 and stats["rejected.garbage"] == 1
    with fleet_store.engine.connect() as c:
        frame = read_positions(c, devices=["bt451"])
    expected = [f for f in fixes_from_lines(lines, "bt451")][:8]
    assert frame["t"].tolist() == [f.t for f in expected]
    assert frame["lat"].tolist() == pytest.approx([f.lat for f in expected], abs=1e-9)
    assert set(frame["protocol"]) == {"nmea"}
