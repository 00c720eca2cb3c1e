"""Opening repairs: guarded-zone level raise with reason, milestones, outbox delivered to a real SMTP server."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import socket

import geopandas as gpd
import pytest
from aiosmtpd.controller import Controller
from shapely.geometry import LineString, box

from gis.notify import LogSender, SmtpSender, render
from gis.repair_level import at_least, severity
from services.repairs.opening import open_repair, raise_level
from models.bulk import write_features
from models.event import Event
from models.repair import Contact, Notification, Vehicle
from services.repairs.records import (
    RepairError, assign_vehicle, deliver_outbox, set_milestone, set_setting, set_vehicle_status,
)

LON, LAT = 9.52, 47.14
M = 1 / 75_000  # ≈ 1 m of longitude at 47°N in degrees (0.0000133)


@pytest.fixture
def desk(store):
    """A store with an event, a venue (own 50 m buffer), a residence, a DN300 pipe and contacts."""
    with store.session() as s:
        s.add(Event(name="Summit", name_zh="峰会", starts_at=dt.datetime(2026, 8, 1, tzinfo=dt.timezone.utc),
                    ends_at=dt.datetime(2026, 8, 5, tzinfo=dt.timezone.utc), timezone="Europe/Vaduz",
                    local_crs="EPSG:32632"))
        s.add_all([
            Contact(name="Duty leader", email="leader@water.test", min_level="V", language="zh_CN"),
            Contact(name="City office", email="office@city.test", min_level="IV", language="en"),
            Contact(name="Minister", email="minister@gov.test", min_level="II", language="zh_CN"),
            Contact(name="Radio", phone="+423 000", min_level="IV", language="en"),
        ])
        s.commit()
    with store.engine.begin() as conn:
        write_features(conn, "venues", gpd.GeoDataFrame(
            {"code": ["VEN1"], "name": ["Rheinpark Stadion"], "buffer_m": [50.0]},
            geometry=[box(LON, LAT, LON + 100 * M, LAT + 0.001)], crs=4326))
        write_features(conn, "residences", gpd.GeoDataFrame(
            {"code": ["RES1"], "name": ["Hotel Real"]},
            geometry=[box(LON + 0.01, LAT, LON + 0.011, LAT + 0.001)], crs=4326))
        write_features(conn, "pipes", gpd.GeoDataFrame(
            {"code": ["P-300"], "diameter_mm": [300.0]},
            geometry=[LineString([(LON - 0.02, LAT - 0.01), (LON - 0.02, LAT - 0.009)])], crs=4326))
    return store


def test_click_in_the_guard_buffer_raises_to_level_iv_with_reason(desk):
    with desk.session() as s:
        opened = open_repair(s, lon=LON - 30 * M, lat=LAT + 0.0005, level="V", lang="en")
        r = opened.repair
        assert (r.level, r.in_guarded_zone) == ("IV", True)
        assert "Rheinpark Stadion" in r.level_reason and "50 m guard buffer" in r.level_reason
        assert [h.code for h in opened.hits] == ["VEN1"] and 25 < opened.hits[0].distance_m < 35
        # Level IV reaches the V and IV contacts, not the minister (II and above only).
        assert sorted(n.recipient for n in opened.notifications) == ["City office", "Duty leader", "Radio"]
        zh = next(n for n in opened.notifications if n.recipient == "Duty leader")
        assert zh.language == "zh_CN" and zh.subject.startswith("【IV级抢修】") and "Rheinpark" in zh.body
        s.commit()


def test_outside_the_buffer_stays_level_v_and_inside_a_residence_is_raised(desk):
    with desk.session() as s:
        far = open_repair(s, lon=LON - 80 * M, lat=LAT + 0.0005, level="V").repair
        assert (far.level, far.in_guarded_zone, far.level_reason) == ("V", False, None)
        inside = open_repair(s, lon=LON + 0.0105, lat=LAT + 0.0005, level="V", lang="zh_CN").repair
        assert inside.level == "IV" and inside.level_reason.startswith("位于驻地Hotel Real")
        severe = open_repair(s, lon=LON + 0.0105, lat=LAT + 0.0005, level="II").repair
        assert severe.level == "II" and severe.in_guarded_zone and severe.level_reason


def test_from_pipe_and_call_center(desk):
    with desk.session() as s:
        from_pipe = open_repair(s, pipe="P-300").repair
        assert from_pipe.diameter_mm == 300.0 and from_pipe.lat == pytest.approx(LAT - 0.0095)
        call = open_repair(s, caller="Ms Wang", phone="138", address="Städtle 1, Vaduz",
                           description="water on the road", category="burst").repair
        assert (call.lon, call.level, call.caller) == (None, "V", "Ms Wang")
        # A click on the pipe learns its DN.
        click = open_repair(s, lon=LON - 0.02 + 5 * M, lat=LAT - 0.0095).repair
        assert click.diameter_mm == 300.0 and click.pipe_id == from_pipe.pipe_id
        with pytest.raises(KeyError):
            open_repair(s, pipe="nope")
        with pytest.raises(RepairError):
            open_repair(s, caller="x", level="VI")
        assert from_pipe.code.endswith("-001") and call.code.endswith("-002")


def test_milestones_in_order_and_vehicle_assignment(desk):
    t0 = dt.datetime(2026, 8, 2, 19, 0, tzinfo=dt.timezone.utc)
    with desk.session() as s:
        v = Vehicle(code="Q1", name="Crew 1", device_id="q1")
        s.add(v)
        r = open_repair(s, lon=LON - 0.02, lat=LAT - 0.0095, reported_at=t0).repair
        with pytest.raises(RepairError, match="dispatched must be recorded before on_site"):
            set_milestone(s, r, "arrived", t0)
        assign_vehicle(s, r, v, t0 + dt.timedelta(minutes=3))
        assert (r.status, v.status, r.vehicle_id) == ("dispatched", "en_route", v.id)
        with pytest.raises(RepairError, match="before"):
            set_milestone(s, r, "arrived", t0)
        set_milestone(s, r, "arrived", t0 + dt.timedelta(minutes=40))
        assert r.status == "on_site"
        set_vehicle_status(s, v, "on_site")
        with pytest.raises(RepairError):
            set_vehicle_status(s, v, "flying")
        set_vehicle_status(s, v, "off_duty")
        r2 = open_repair(s, caller="x").repair
        with pytest.raises(RepairError, match="off duty"):
            assign_vehicle(s, r2, v)
        s.commit()


class _Inbox:
    def __init__(self) -> None:
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 — aiosmtpd's hook name
        self.messages.append(envelope)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_smtp_delivery_to_a_local_server_and_the_record(desk):
    inbox = _Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with desk.session() as s:
            r = open_repair(s, lon=LON - 30 * M, lat=LAT + 0.0005, caller="王女士", description="路面冒水").repair
            s.commit()
            sent, failed = deliver_outbox(s, SmtpSender("127.0.0.1", port, from_addr="desk@water.test"))
            s.commit()
            assert (sent, failed) == (2, 1)  # the radio station has only a phone number
            notes = {n.recipient: n for n in s.query(Notification).filter_by(repair_id=r.id)}
            assert notes["Duty leader"].status == "sent" and notes["Duty leader"].sent_at is not None
            assert notes["Duty leader"].channel == "email"
            assert notes["Radio"].status == "failed" and "no e-mail address" in notes["Radio"].error
            # Raising to II tells the minister, and only the minister.
            new = raise_level(s, r, "II", "main burst next to the venue")
            assert [n.recipient for n in new] == ["Minister"]
            assert deliver_outbox(s, SmtpSender("127.0.0.1", port)) == (1, 0)
            s.commit()
    finally:
        controller.stop()
    assert sorted(m.rcpt_tos[0] for m in inbox.messages) == [
        "leader@water.test", "minister@gov.test", "office@city.test"
    ]
    by_rcpt = {m.rcpt_tos[0]: email.message_from_bytes(m.content, policy=email.policy.default) for m in inbox.messages}
    zh = by_rcpt["leader@water.test"]
    assert zh["Subject"].startswith("【IV级抢修】") and "王女士" in zh.get_content() and "路面冒水" in zh.get_content()
    en = by_rcpt["office@city.test"]
    assert en["Subject"].startswith("[Level IV repair]") and "Rheinpark Stadion" in en.get_content()
    assert by_rcpt["minister@gov.test"]["Subject"].startswith("【II级抢修·升级】")


def test_log_sender_and_overrun_text(desk):
    with desk.session() as s:
        r = open_repair(s, caller="x", reported_at=dt.datetime(2026, 8, 2, 18, 0, tzinfo=dt.timezone.utc)).repair
        sender = LogSender()
        assert deliver_outbox(s, sender) == (1, 0)  # level V: the duty leader only
        subject, body = render(r, "en", "overrun", tz="Europe/Vaduz", limit="dispatch",
                               deadline=dt.datetime(2026, 8, 2, 18, 10, tzinfo=dt.timezone.utc))
        assert "dispatch limit overrun" in subject and "due at 2026-08-02 20:10" in body  # CEST


def test_level_helpers():
    assert severity("I") < severity("V")
    assert at_least("V", "IV") == "IV" and at_least("II", "IV") == "II"
    with pytest.raises(ValueError):
        severity("VI")


def test_settings_round_trip(desk):
    from services.repairs.records import get_setting

    with desk.session() as s:
        set_setting(s, "repair_time_limits", {"limits": {"dispatch": {"minutes": 15}}})
        s.commit()
        assert get_setting(s, "repair_time_limits")["limits"]["dispatch"]["minutes"] == 15
