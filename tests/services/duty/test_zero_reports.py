"""Zero reports: slots from settings, alarms exactly at the deadline, the matrix."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from models.audit_trail import entries
from services.duty.zero_reports import (
    INCIDENT, MISSING, PENDING, SAFE, ZeroReportError, alarms, delete_report, record_report, report_matrix,
    report_slots, set_grace_minutes, set_report_slots,
)
from tests.models.duty_helpers import DAY, add_units, at


def test_default_and_configured_slots(store):
    with store.session() as s:
        assert report_slots(s) == ["08:00", "12:00", "16:00", "20:00"]
        set_report_slots(s, ["9:00", "21:30", "09:00"], user="lead", now=at("07:00"))
        s.commit()
    with store.session() as s:
        assert report_slots(s) == ["09:00", "21:30"]
        assert entries(s, "settings")[-1].user == "lead"
        with pytest.raises(ZeroReportError, match="25:00"):
            set_report_slots(s, ["25:00"], user="lead", now=at("07:00"))


def test_missing_report_alarms_at_the_deadline(store):
    with store.session() as s:
        u1, u2, _ = add_units(s)
        set_grace_minutes(s, 10, user="lead", now=at("07:00"))
        record_report(s, unit_id=u1.id, day=DAY, slot="08:00", safe=True, user="desk", now=at("07:58"))
        s.commit()
        # One second before 08:10 the slot is still pending; at 08:10 it is an alarm.
        before = report_matrix(s, DAY, at("08:10") - dt.timedelta(seconds=1))
        assert before.cell(u2.id, "08:00").state == PENDING
        assert before.missing == []
        now_alarms = alarms(s, DAY, at("08:10"))
        assert [(c.unit_code, c.slot) for c in now_alarms] == [("U02", "08:00"), ("U03", "08:00")]
        assert report_matrix(s, DAY, at("08:10")).cell(u1.id, "08:00").state == SAFE
        assert report_matrix(s, DAY, at("08:10")).cell(u1.id, "12:00").state == PENDING


def test_incident_needs_text_and_matrix_dict(store):
    with store.session() as s:
        u1, u2, u3 = add_units(s)
        with pytest.raises(ZeroReportError, match="U02.*description"):
            record_report(s, unit_id=u2.id, day=DAY, slot="08:00", safe=False, incident=" ", user="d", now=at("08:00"))
        with pytest.raises(ZeroReportError, match="not a report slot"):
            record_report(s, unit_id=u2.id, day=DAY, slot="09:00", safe=True, user="d", now=at("08:00"))
        record_report(s, unit_id=u2.id, day=DAY, slot="08:00", safe=False, incident="Valve leak at gate 3",
                      user="d", now=at("08:05"))
        rep = record_report(s, unit_id=u1.id, day=DAY, slot="08:00", safe=True, user="d", now=at("08:06"))
        s.commit()
        m = report_matrix(s, DAY, at("13:00"))
        assert m.cell(u2.id, "08:00").state == INCIDENT
        d = m.as_dict()
        assert set(d) >= {"date", "slots", "units", "received", "missing"}
        assert {"unit": "U02", "slot": "08:00"}.items() <= d["received"][1].items()
        assert [(x["unit"], x["slot"]) for x in d["missing"]] == [("U01", "12:00"), ("U02", "12:00"),
                                                                  ("U03", "08:00"), ("U03", "12:00")]
        delete_report(s, rep.id, user="d", now=at("13:01"))
        s.commit()
        assert report_matrix(s, DAY, at("13:00")).cell(u1.id, "08:00").state == MISSING
        assert [e.action for e in entries(s, "zero_reports")] == ["create", "create", "delete"]


def test_slots_follow_the_event_time_zone(store):
    from models.event import Event

    with store.session() as s:
        s.add(Event(name="Summit", starts_at=at("00:00"), ends_at=at("23:00"), timezone="Asia/Shanghai"))
        (u1,) = add_units(s, 1)
        s.commit()
        # 08:00 Beijing = 00:00 UTC; with the default 15 min grace the alarm is at 00:15 UTC.
        assert report_matrix(s, DAY, at("00:14")).cell(u1.id, "08:00").state == PENDING
        assert report_matrix(s, DAY, at("00:15")).cell(u1.id, "08:00").state == MISSING
        assert report_matrix(s, DAY, at("00:15"), tz=ZoneInfo("UTC")).cell(u1.id, "08:00").state == PENDING
