"""The field page in real headless Chromium, phone-sized, with the network cut except to the listener."""

from __future__ import annotations

import datetime as dt
import json
import re
import time

import pytest
import shapely
from sqlalchemy import func, select

from models.clock import event_timezone
from models.event import LeakSurveyPoint
from models.field import Hazard
from models.leak_survey import LeakReading
from services.duty.zero_reports import report_matrix
from services.field.server import FieldServer
from services.leak_survey import day_status
from tests.support.chromium import CHROMIUM, OfflineChromium
from tests.support.field import jpeg_bytes, start_field

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium")

HOSTILE = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'
READY = "window.WG && window.WG.ready"


@pytest.fixture(scope="module")
def field(tmp_path_factory, store_template):
    folder = tmp_path_factory.mktemp("fieldpage")
    # The real clock: the page dates its reports with the browser's.
    setup = start_field(store_template, folder, clock=None, max_request_bytes=1_000_000, max_photo_bytes=400_000)
    setup.folder = folder
    (folder / "street.jpg").write_bytes(jpeg_bytes((2000, 1500), color=(40, 120, 200)))
    (folder / "notes.jpg").write_bytes(b"this is a text file with a .jpg name\n" * 20)
    (folder / "huge.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(1_500_000))
    yield setup
    setup.server.stop()
    setup.store.dispose()


@pytest.fixture(scope="module")
def phone(field):
    chromium = OfflineChromium(width=390, height=844, allow_loopback=True)
    yield chromium
    chromium.close()


def _until(phone, expression: str, timeout_s: float = 20.0):
    """Poll the page until ``expression`` is truthy; returns its last value (the test asserts it)."""
    deadline = time.monotonic() + timeout_s
    value = None
    while time.monotonic() < deadline:
        value = phone.evaluate(expression)
        if value:
            return value
        time.sleep(0.1)
    return value


def _open(phone, field, token: str) -> None:
    phone.open_url(f"{field.base}/field?token={token}", ready=READY)
    assert phone.evaluate("location.search") == ""  # the token left the address bar


def _hazard_count(field, **where) -> int:
    with field.store.session() as s:
        query = select(func.count()).select_from(Hazard)
        for key, value in where.items():
            query = query.where(getattr(Hazard, key) == value)
        return s.scalar(query)


def _fill_hazard(phone, category: str, note: str) -> None:
    phone.evaluate(f"""(() => {{
        document.querySelector('[data-category="{category}"]').click();
        document.getElementById('note').value = {json.dumps(note)};
        document.getElementById('lat').value = '47.1412';
        document.getElementById('lon').value = '9.5211';
        document.getElementById('set-pos').click();
    }})()""")


def _outbox(phone) -> list[str]:
    return phone.evaluate("Array.from(document.querySelectorAll('#outbox li')).map(li => li.textContent)")


def test_a_hazard_with_a_photo_from_the_page_is_stored(phone, field, tmp_path):
    _open(phone, field, field.person_token)
    assert phone.evaluate("document.getElementById('holder').textContent") == "张伟"
    assert phone.evaluate("document.documentElement.lang") in ("en", "zh-CN")
    phone.evaluate("localStorage.setItem('wg.lang', 'zh')")
    _open(phone, field, field.person_token)
    assert phone.evaluate("document.querySelector('[data-category=leak]').textContent") == "漏水"
    _fill_hazard(phone, "leak", "阀门井冒水 " + HOSTILE)
    phone.set_files("#photos", [field.folder / "street.jpg"])
    assert _until(phone, "document.querySelectorAll('#thumbs img').length === 1")
    phone.screenshot(tmp_path / "hazard_form.png")
    phone.evaluate("document.getElementById('send-hazard').click()")
    assert _until(phone, "document.querySelector('#outbox li.stored') !== null")
    with field.store.session() as s:
        hazard = s.scalars(select(Hazard).where(Hazard.note.like("阀门井冒水%"))).one()
        assert hazard.category == "leak" and hazard.reporter == "张伟"
        assert hazard.lon == pytest.approx(9.5211) and hazard.lat == pytest.approx(47.1412)
        assert len(hazard.photos) == 1
        photo = hazard.photos[0]
        assert photo.mime == "image/jpeg" and (photo.width, photo.height) == (1600, 1200)  # resized on the phone
        assert hazard.note.endswith(HOSTILE)
    shown = " ".join(_outbox(phone))
    assert HOSTILE[:40] in shown and hazard.code in shown  # the note as text, not markup
    assert phone.evaluate("window.__xss === undefined && document.querySelectorAll('#outbox img, #outbox script').length === 0")
    phone.screenshot(tmp_path / "hazard_sent.png")


def test_a_resend_after_a_lost_answer_is_stored_once(phone, field):
    _open(phone, field, field.person_token)
    _fill_hazard(phone, "other", "twice")
    phone.evaluate("document.getElementById('send-hazard').click()")
    assert _until(phone, "Array.from(document.querySelectorAll('#outbox li.stored')).some(li => li.textContent.includes('twice'))")
    # The phone never saw the answer: the same report (same client_id) is in its outbox again.
    client_id = _hazard_client_id(field, "twice")
    phone.evaluate(f"""(async () => {{
        const db = await new Promise(r => {{ const q = indexedDB.open('waterguard-field', 1); q.onsuccess = () => r(q.result); }});
        await new Promise(r => {{ const x = db.transaction('outbox', 'readwrite');
            x.objectStore('outbox').put({{client_id: {json.dumps(client_id)}, kind: 'hazard', label: 'again', created: Date.now(),
              fields: {{client_id: {json.dumps(client_id)}, category: 'other', note: 'twice'}}, photos: []}});
            x.oncomplete = r; }});
        await WG.flush();
    }})()""")
    assert _until(phone, "Array.from(document.querySelectorAll('#outbox li.repeat')).length >= 1")
    assert _hazard_count(field, client_id=client_id) == 1
    assert _hazard_count(field, note="twice") == 1


def _hazard_client_id(field, note: str) -> str:
    with field.store.session() as s:
        return s.scalars(select(Hazard.client_id).where(Hazard.note == note)).one()


def test_the_offline_queue_sends_when_the_listener_is_back(phone, field):
    _open(phone, field, field.person_token)
    port = field.server.port
    field.server.stop()
    try:
        _fill_hazard(phone, "water_on_road", "queued while offline")
        phone.evaluate("document.getElementById('send-hazard').click()")
        assert _until(phone, "document.getElementById('net').classList.contains('off')")
        queued = phone.evaluate("WG.queue().then(items => items.length)")
        assert queued == 1 and _hazard_count(field, note="queued while offline") == 0
        assert "1" in phone.evaluate("document.getElementById('queued').textContent")
    finally:
        field.server = FieldServer(field.store, "127.0.0.1", port,
                                   max_request_bytes=1_000_000, max_photo_bytes=400_000).start()
    phone.evaluate("WG.flush()")  # what the 'online' event and the retry timer do
    assert _until(phone, "WG.queue().then(items => items.length === 0)")
    assert _hazard_count(field, note="queued while offline") == 1


def test_refusals_are_shown_not_stored(phone, field):
    _open(phone, field, field.person_token)
    before = _hazard_count(field)
    for name, word in (("notes.jpg", "不是图片"), ("huge.jpg", "文件太大")):
        _fill_hazard(phone, "other", f"with {name}")
        phone.set_files("#photos", [field.folder / name])
        assert _until(phone, "document.querySelectorAll('#thumbs figure').length === 1")
        phone.evaluate("document.getElementById('send-hazard').click()")
        shown = _until(phone, f"Array.from(document.querySelectorAll('#outbox li.refused'))"
                              f".map(li => li.textContent).find(t => t.includes('with {name}'))")
        assert shown and word in shown, shown
    assert _hazard_count(field) == before
    assert phone.evaluate("WG.queue().then(items => items.length)") == 0  # refused reports are not resent forever


def test_a_pin_on_the_street_map_places_the_hazard(phone, field, tmp_path):
    _open(phone, field, field.person_token)
    phone.evaluate("WG.setPosition(9.5211, 47.1412, 400, false)")  # a poor fix: the map shows
    assert _until(phone, "!document.getElementById('nudge').hidden && WG.map.loaded && WG.map.lines.length === 2")
    # A tap a quarter of the way from the middle to the right edge: east of the crossing.
    placed = phone.evaluate("""(() => {
        const c = document.getElementById('pinmap'), r = c.getBoundingClientRect();
        c.dispatchEvent(new MouseEvent('click', {clientX: r.left + r.width * 0.75, clientY: r.top + r.height / 2,
                                                 bubbles: true}));
        return [WG.state.pos.lon, WG.state.pos.lat, WG.state.pos.manual];
    })()""")
    # Half the width is radius × 5/3 m east: 300 m × 5/3 / 2 = 250 m.
    metres_east = (placed[0] - 9.5211) * 111_320 * 0.6803
    assert placed[2] is True and 240 < metres_east < 260 and abs(placed[1] - 47.1412) * 111_320 < 5  # a pixel or two
    phone.evaluate("document.getElementById('nudge').scrollIntoView()")
    phone.screenshot(tmp_path / "pin_map.png")
    phone.evaluate("""(() => {
        document.querySelector('[data-category="damaged_cover"]').click();
        document.getElementById('note').value = 'pinned';
        document.getElementById('send-hazard').click();
    })()""")
    assert _until(phone, "Array.from(document.querySelectorAll('#outbox li.stored')).some(li => li.textContent.includes('pinned'))")
    with field.store.session() as s:
        hazard = s.scalars(select(Hazard).where(Hazard.note == "pinned")).one()
    assert hazard.lon == pytest.approx(placed[0], abs=1e-6) and hazard.accuracy_m is None


def test_a_wrong_token_is_refused_on_the_page(phone, field, tmp_path):
    phone.open_url(f"{field.base}/field?token=not-a-real-token", ready=READY)
    assert not phone.evaluate("document.getElementById('token-box').hidden")
    assert "令牌无效" in phone.evaluate("document.getElementById('message').textContent")
    assert phone.evaluate("document.getElementById('tabs').hidden")
    phone.screenshot(tmp_path / "bad_token.png")


def test_a_zero_report_from_the_page_fills_the_matrix_cell(phone, field, tmp_path):
    _open(phone, field, field.unit_token)
    assert phone.evaluate("document.getElementById('holder').textContent").startswith("东区水厂")
    assert not phone.evaluate("document.getElementById('zero').hidden")
    assert _until(phone, "document.querySelector('[data-slot=\"12:00\"]') !== null")
    phone.evaluate("""(() => {
        document.querySelector('[data-slot="12:00"]').click();
        document.getElementById('zero-incident').click();
        document.getElementById('zero-note').value = '东区主管道压力下降 <b>x</b>';
        document.getElementById('send-zero').click();
    })()""")
    assert _until(phone, "document.querySelector('[data-slot=\"12:00\"].incident') !== null")
    phone.screenshot(tmp_path / "zero_report.png")
    with field.store.session() as s:
        now = dt.datetime.now(dt.timezone.utc)
        cell = report_matrix(s, now.date(), now, dt.timezone.utc).cell(field.unit_id, "12:00")
    assert cell.state == "incident" and cell.incident == "东区主管道压力下降 <b>x</b>"


@pytest.fixture(scope="module")
def survey_points(field):
    """Two leak-survey points by the crossing, 8 m and 212 m from where the patroller stands."""
    with field.store.session() as s:
        s.add_all([LeakSurveyPoint(code="LPP1", name="Marktgasse 3", name_zh="市场巷3号", kind="residential",
                                   geom=shapely.to_wkb(shapely.Point(9.5211, 47.1413))),
                   LeakSurveyPoint(code="LPP2", name="Rheinstrasse 40", name_zh="莱茵街40号", kind="main_road",
                                   geom=shapely.to_wkb(shapely.Point(9.5240, 47.1412)))])
        s.commit()
    return ["LPP1", "LPP2"]


def test_a_leak_survey_reading_from_the_page_counts_for_its_points_day(phone, field, survey_points, tmp_path):
    _open(phone, field, field.person_token)
    phone.evaluate("localStorage.setItem('wg.lang', 'zh')")
    _open(phone, field, field.person_token)
    # A good fix from the phone's GPS, as the page's geolocation watch sets it.
    phone.evaluate("WG.setPosition(9.5212, 47.1413, 8, false)")
    phone.evaluate("document.querySelector('[data-tab=leak]').click()")
    assert _until(phone, "document.querySelectorAll('#leak-points [data-point]').length === 2")
    listed = phone.evaluate("Array.from(document.querySelectorAll('#leak-points [data-point]'))"
                            ".map(b => [b.getAttribute('data-point'), b.textContent])")
    assert [code for code, _ in listed] == ["LPP1", "LPP2"]  # nearest first
    assert listed[0][1].startswith("市场巷3号") and "待测" in listed[0][1]
    phone.evaluate("""(() => {
        document.querySelector('[data-point="LPP1"]').click();
        document.querySelector('[data-verdict="no_leak"]').click();
        document.getElementById('noise').value = '28';
    })()""")
    assert not phone.evaluate("document.getElementById('leak-form').hidden")
    phone.screenshot(tmp_path / "leak_form.png")
    phone.evaluate("document.getElementById('send-leak').click()")
    assert _until(phone, "Array.from(document.querySelectorAll('#outbox li.stored'))"
                         ".some(li => li.textContent.includes('市场巷3号'))")
    # The list refreshes: the point now shows as read.
    assert _until(phone, "document.querySelector('#leak-points [data-point=\"LPP1\"].read') !== null")
    phone.screenshot(tmp_path / "leak_sent.png")
    with field.store.session() as s:
        now = dt.datetime.now(dt.timezone.utc)
        today = day_status(s, now.astimezone(event_timezone(s)).date(), now)
        reading = s.scalars(select(LeakReading)).one()
    assert (today.points_due, today.points_read, today.unread) == (2, 1, ("LPP2",))
    assert today.by_source == {"field": 1}
    assert reading.verdict == "no_leak" and reading.noise_db == pytest.approx(28.0)


def test_refused_leak_readings_are_told_in_chinese(phone, field, survey_points, tmp_path):
    _open(phone, field, field.person_token)
    phone.evaluate("localStorage.setItem('wg.lang', 'zh')")
    _open(phone, field, field.person_token)
    phone.evaluate("WG.setPosition(9.5212, 47.1413, 8, false)")  # at LPP1, 212 m from LPP2
    phone.evaluate("document.querySelector('[data-tab=leak]').click()")
    assert _until(phone, "document.querySelector('#leak-points [data-point=\"LPP2\"]') !== null")
    phone.evaluate("""(() => {
        document.querySelector('[data-point="LPP2"]').click();
        document.querySelector('[data-verdict="leak_suspected"]').click();
        document.getElementById('send-leak').click();
    })()""")
    assert _until(phone, "document.querySelector('#outbox li.refused') !== null")
    # A reading the desk cannot read (an integrator's noise level "loud"): a code the page has no words for.
    phone.evaluate("""(async () => {
        const db = await new Promise(r => { const q = indexedDB.open('waterguard-field', 1); q.onsuccess = () => r(q.result); });
        await new Promise(r => { const x = db.transaction('outbox', 'readwrite');
            x.objectStore('outbox').put({client_id: 'loud-1', kind: 'leak', label: '市场巷3号', created: Date.now(),
              fields: {client_id: 'loud-1', point: 'LPP1', noise_db: 'loud', lat: '47.1413', lon: '9.5212'}});
            x.oncomplete = r; });
        await WG.flush();
    })()""")
    shown = _until(phone, "(() => { const t = Array.from(document.querySelectorAll('#outbox li.refused'))"
                          ".map(li => li.textContent); return t.length >= 2 ? t : null; })()")
    assert shown and any("离测点太远" in t for t in shown) and any("数值无效" in t for t in shown), shown
    for text in shown:
        assert not re.search(r"[A-Za-z]", text), text  # no English detail, no code on a Chinese page
    phone.screenshot(tmp_path / "leak_refused.png")
    with field.store.session() as s:
        assert s.scalar(select(func.count()).select_from(LeakReading).where(LeakReading.client_id == "loud-1")) == 0
