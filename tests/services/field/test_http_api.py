"""The field listener over plain HTTP: every status code, stored once, garbage never stops it."""

from __future__ import annotations

import http.client
import io
import socket

import pytest
import shapely
from PIL import Image
from sqlalchemy import func, select

from models.duty import ZeroReport
from models.event import LeakSurveyPoint
from models.field import Hazard
from models.leak_survey import LeakReading
from services.field.server import RateLimits
from services.leak_survey import day_status
from tests.support.field import NOW, call, jpeg_bytes, multipart, start_field


@pytest.fixture(scope="module")
def field(tmp_path_factory, store_template):
    setup = start_field(store_template, tmp_path_factory.mktemp("field"), max_request_bytes=600_000,
                        max_photo_bytes=400_000)
    yield setup
    setup.server.stop()
    setup.store.dispose()


def _hazard(field, token=None, files=(), **fields):
    data = {"token": token or field.person_token, "category": "leak", "note": "", "lat": "47.14", "lon": "9.52",
            "accuracy": "6"}
    data.update(fields)
    body, ctype = multipart(data, list(files))
    return call("POST", field.base + "/api/hazards", body, ctype)


def test_a_hazard_with_a_photo_is_stored_once_with_the_metadata_stripped(field):
    photo = jpeg_bytes((2400, 1800), exif_gps=(9.5211, 47.1412))
    status, body, _ = _hazard(field, files=[("photo", "IMG_1.jpg", "image/jpeg", photo)], client_id="api-1",
                              note='<script>alert(1)</script> 路面冒水')
    assert status == 201, body
    assert body["status"] == "stored" and body["photos"] == 1
    again, repeat, _ = _hazard(field, files=[("photo", "IMG_1.jpg", "image/jpeg", photo)], client_id="api-1")
    assert again == 200 and repeat["code"] == body["code"] and repeat["status"] == "repeat"
    with field.store.session() as s:
        assert s.scalar(select(func.count()).select_from(Hazard).where(Hazard.client_id == "api-1")) == 1
        hazard = s.scalars(select(Hazard).where(Hazard.client_id == "api-1")).one()
        assert hazard.note == '<script>alert(1)</script> 路面冒水'  # stored as text; escaped where shown
        assert hazard.reporter == "张伟" and hazard.reported_at.replace(tzinfo=NOW.tzinfo) == NOW
        stored = hazard.photos[0]
        assert stored.mime == "image/jpeg" and max(stored.width, stored.height) == 1600
        assert stored.exif_lon == pytest.approx(9.5211, abs=1e-4)
        assert stored.exif_lat == pytest.approx(47.1412, abs=1e-4)
        image = Image.open(io.BytesIO(stored.data))
        assert image.size == (stored.width, stored.height)
        assert not image.getexif() and b"TestCam" not in stored.data and b"SecretSoftware" not in stored.data


def test_without_a_position_the_cameras_is_used(field):
    photo = jpeg_bytes(exif_gps=(9.53, 47.15))
    status, body, _ = _hazard(field, files=[("photo", "a.jpg", "image/jpeg", photo)], client_id="api-exif",
                              lat="", lon="", accuracy="")
    assert status == 201, body
    assert body["lon"] == pytest.approx(9.53, abs=1e-4) and body["lat"] == pytest.approx(47.15, abs=1e-4)


def test_another_phones_client_id_is_refused_before_the_photos_are_read(field):
    assert _hazard(field, client_id="api-owned")[0] == 201
    status, body, _ = _hazard(field, token=field.unit_token, client_id="api-owned",
                              files=[("photo", "a.jpg", "image/jpeg", b"not a picture")])
    assert (status, body["code"]) == (422, "client_id_taken")  # not 415: the photo was never looked at
    status, body, _ = call("GET", field.base + f"/api/me?token={field.person_token}")
    assert status == 200  # the listener goes on


def test_png_is_accepted_and_refusals_name_their_reason(field):
    png = io.BytesIO()
    Image.new("RGB", (50, 40), (0, 90, 200)).save(png, format="PNG")
    assert _hazard(field, files=[("photo", "p.png", "image/png", png.getvalue())], client_id="api-png")[0] == 201
    status, body, _ = _hazard(field, token="wrong-token", client_id="api-x")
    assert (status, body["code"]) == (401, "bad_token")
    status, body, _ = _hazard(field, files=[("photo", "a.jpg", "image/jpeg", b"%PDF-1.4 not a picture" * 50)],
                              client_id="api-pdf")
    assert (status, body["code"]) == (415, "not_an_image") and "photo 1" in body["message"]
    gif = io.BytesIO()
    Image.new("RGB", (20, 20)).save(gif, format="GIF")
    status, body, _ = _hazard(field, files=[("photo", "a.gif", "image/gif", gif.getvalue())], client_id="api-gif")
    assert (status, body["code"]) == (415, "unsupported_image")
    status, body, _ = _hazard(field, files=[("photo", "big.jpg", "image/jpeg", b"\xff\xd8" + bytes(450_000))],
                              client_id="api-big")
    assert (status, body["code"]) == (413, "too_large")
    status, body, _ = _hazard(field, files=[("photo", f"{n}.jpg", "image/jpeg", bytes(300_000)) for n in range(3)],
                              client_id="api-huge")
    assert (status, body["code"]) == (413, "too_large")  # the whole request, refused by its length
    status, body, _ = _hazard(field, category="flood", client_id="api-cat")
    assert (status, body["code"]) == (422, "bad_category")
    status, body, _ = _hazard(field, client_id="api-time", reported_at="2026-06-12T09:00:00Z")
    assert (status, body["code"]) == (422, "time_ahead")
    status, body, _ = _hazard(field, client_id="api-lat", lat="abc")
    assert (status, body["code"]) == (422, "bad_field")
    status, body, _ = _hazard(field, client_id="")
    assert (status, body["code"]) == (422, "bad_client_id")
    with field.store.session() as s:
        codes = set(s.scalars(select(Hazard.client_id)))
    assert codes.isdisjoint({"api-x", "api-pdf", "api-gif", "api-big", "api-huge", "api-cat", "api-time"})


def test_zero_reports_fill_the_matrix_once(field):
    form = f"token={field.unit_token}&slot=08:00&status=safe&client_id=zr-1".encode()
    ctype = "application/x-www-form-urlencoded"
    status, body, _ = call("POST", field.base + "/api/zero-reports", form, ctype)
    assert status == 201 and body["slot"] == "08:00"
    again, repeat, _ = call("POST", field.base + "/api/zero-reports", form, ctype)
    assert again == 200 and repeat["day"] == body["day"]  # the repeat reads the day back from the store
    status, me, _ = call("GET", f"{field.base}/api/me?token={field.unit_token}")
    assert status == 200 and me["name"] == "东区水厂" and me["kind"] == "unit"
    assert {"slot": "08:00", "state": "safe"} in me["slots"]
    with field.store.session() as s:
        assert s.scalar(select(func.count()).select_from(ZeroReport).where(ZeroReport.unit_id == field.unit_id)) == 1
    status, body, _ = call("POST", field.base + "/api/zero-reports",
                           f"token={field.unit_token}&slot=12:00&status=incident&client_id=zr-2".encode(), ctype)
    assert (status, body["code"]) == (422, "bad_zero_report")  # an incident needs a note
    status, body, _ = call("POST", field.base + "/api/zero-reports",
                           f"token={field.person_token}&slot=12:00&status=safe&client_id=zr-3".encode(), ctype)
    assert (status, body["code"]) == (422, "not_a_unit")
    status, body, _ = call("POST", field.base + "/api/zero-reports",
                           f"token={field.unit_token}&slot=12:00&status=maybe&client_id=zr-4".encode(), ctype)
    assert (status, body["code"]) == (422, "bad_status")


def test_routes_methods_and_the_page(field):
    status, _, head = call("GET", field.base + "/field")
    assert status == 200 and "script-src 'self'" in head["Content-Security-Policy"]
    assert head["X-Content-Type-Options"] == "nosniff"
    assert call("GET", field.base + "/field/field.js")[0] == 200
    assert call("GET", field.base + "/field/../models/store.py")[0] == 404
    assert call("GET", field.base + "/api/nothing")[0] == 404
    assert call("GET", field.base + "/api/hazards")[0] == 405


def test_a_leak_reading_from_a_phone_counts_for_its_points_day(field):
    with field.store.session() as s:
        s.add(LeakSurveyPoint(code="LPX1", name="Marktgasse 3", kind="main_road",
                              geom=shapely.to_wkb(shapely.Point(9.5211, 47.1412))))
        s.commit()
    status, body, _ = call("GET", f"{field.base}/api/leak-points?token={field.person_token}&lat=47.1413&lon=9.5211")
    assert status == 200 and body["points"][0]["code"] == "LPX1" and not body["points"][0]["read"]
    assert body["points"][0]["distance_m"] == pytest.approx(11.1, abs=0.5)
    ctype = "application/x-www-form-urlencoded"
    form = f"token={field.person_token}&point=LPX1&verdict=no_leak&noise_db=31&lat=47.1413&lon=9.5211&client_id=lr-1"
    status, body, _ = call("POST", field.base + "/api/leak-readings", form.encode(), ctype)
    assert status == 201, body
    assert call("POST", field.base + "/api/leak-readings", form.encode(), ctype)[0] == 200  # a resend
    far = form.replace("lat=47.1413", "lat=47.1500").replace("lr-1", "lr-2")
    status, body, _ = call("POST", field.base + "/api/leak-readings", far.encode(), ctype)
    assert (status, body["code"]) == (422, "far_from_point")
    with field.store.session() as s:
        today = day_status(s, NOW.date(), NOW)
        assert (today.points_due, today.points_read) == (1, 1)
        assert s.scalar(select(func.count()).select_from(LeakReading)) == 1


def test_the_pin_map_gets_the_streets_around_a_point(field):
    status, body, _ = call("GET", f"{field.base}/api/map-snippet?token={field.person_token}&lat=47.1412&lon=9.5211"
                                  "&radius=200")
    assert status == 200 and body["center"] == [9.5211, 47.1412] and len(body["lines"]) == 2
    assert sorted(body["names"]) == ["Marktgasse", "Rheinstrasse"]  # not the far one
    west, south, east, north = body["box"]
    for line in body["lines"]:  # clipped to the box
        assert all(west - 1e-6 <= x <= east + 1e-6 and south - 1e-6 <= y <= north + 1e-6 for x, y in line)
    status, body, _ = call("GET", f"{field.base}/api/map-snippet?token={field.person_token}")
    assert status == 200 and body["center"] is not None  # no position: the middle of the streets
    assert call("GET", f"{field.base}/api/map-snippet?token=nope")[0] == 401


def _raw(field, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", field.server.port), timeout=10) as sock:
        sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_garbage_never_stops_the_listener(field):
    _raw(field, b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(200))  # a TLS hello
    assert _raw(field, b"POST /api/hazards HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n").startswith(b"HTTP/1.1 400")
    assert _raw(field, b"POST /api/hazards HTTP/1.1\r\nHost: x\r\n\r\n").startswith(b"HTTP/1.1 411")
    assert _raw(field, b"POST /api/hazards HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=zz\r\n"
                       b"Content-Length: 10\r\n\r\n0123456789").startswith(b"HTTP/1.1 400")
    _raw(field, b"POST /api/hazards HTTP/1.1\r\nContent-Length: 1000\r\n\r\nshort")  # the body never comes
    _raw(field, b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n")
    conn = http.client.HTTPConnection("127.0.0.1", field.server.port, timeout=10)
    conn.request("POST", "/api/zero-reports", body=b'{"token": 1, "slot": [1,2]}',
                 headers={"Content-Type": "application/json"})
    response = conn.getresponse()
    assert response.status == 401
    response.read()
    conn.close()
    assert call("GET", field.base + "/field")[0] == 200  # still serving


def test_rate_limits_per_token_and_against_guessing(tmp_path, store_template):
    setup = start_field(store_template, tmp_path, limits=RateLimits(token_burst=3, token_rate=0.001,
                                                                    bad_token_burst=2, bad_token_rate=0.001))
    try:
        url, form = f"{setup.base}/api/zero-reports", "application/x-www-form-urlencoded"

        def send(n, token=setup.unit_token):
            return call("POST", url, f"token={token}&slot=08:00&status=safe&client_id=rl-{n}".encode(), form)

        assert [send(n)[0] for n in range(3)] == [201, 201, 201]  # the second and third correct the first
        status, body, head = send(3)
        assert (status, body["code"]) == (429, "rate_limited") and int(head["Retry-After"]) > 0
        assert call("GET", f"{setup.base}/api/me?token={setup.unit_token}")[0] == 200  # reading is not held up
        assert send(4, setup.person_token)[0] == 422  # another phone is not held up (it is no unit)
        assert [call("GET", f"{setup.base}/api/me?token=guess{n}")[0] for n in range(3)] == [401, 401, 429]
        assert call("GET", f"{setup.base}/api/me?token={setup.unit_token}")[0] == 429  # this address is held up
    finally:
        setup.server.stop()
        setup.store.dispose()
