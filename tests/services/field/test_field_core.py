"""Field phones: tokens, hazards stored once, handled once; zero reports from a phone fill the matrix."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from models.audit_trail import entries
from models.field import FieldToken, Hazard
from models.patrol import Person
from models.repair import Repair
from services.duty.zero_reports import SAFE, report_matrix
from services.field.hazards import (
    FieldRefusal, HazardConflict, HazardReport, PhotoIn, close_hazard, hazard_to_action_item, hazard_to_repair,
    hazards_of_day, open_hazards, record_hazard,
)
from services.field.tokens import issue_tokens, resolve_token, revoke_token
from services.field.zero_reports import record_from_phone, slots_for_unit
from tests.models.duty_helpers import DAY, add_units, at

NOW = dt.datetime(2026, 6, 12, 14, 10, tzinfo=dt.timezone.utc)


def _patroller(s, name="张伟"):
    person = Person(name=name, role="patroller")
    s.add(person)
    s.flush()
    return person


def test_tokens_are_stored_hashed_and_a_new_one_revokes_the_old(store):
    with store.session() as s:
        _patroller(s)
        add_units(s)
        first = issue_tokens(s, user="lead", now=NOW)
        s.commit()
        assert {t.kind for t in first} == {"person", "unit"}
        stored = set(s.scalars(select(FieldToken.token_hash)))
        assert not any(t.token in stored for t in first)  # only hashes in the store
        person_token = next(t for t in first if t.kind == "person")
        holder = resolve_token(s, person_token.token)
        assert holder is not None and holder.label == "张伟" and holder.kind == "person"
        assert resolve_token(s, "not-a-token") is None and resolve_token(s, "") is None
        again = issue_tokens(s, units=False, user="lead", now=NOW)
        s.commit()
        assert resolve_token(s, person_token.token) is None  # the lost phone is cut off
        new_holder = resolve_token(s, again[0].token)
        assert new_holder is not None
        revoke_token(s, new_holder.token_id, user="lead", now=NOW)
        s.commit()
        assert resolve_token(s, again[0].token) is None


def test_a_hazard_sent_twice_is_stored_once_and_refusals_name_the_reason(store):
    with store.session() as s:
        _patroller(s)
        token = issue_tokens(s, units=False, user="lead", now=NOW)[0].token
        holder = resolve_token(s, token)
        photo = PhotoIn("image/jpeg", 640, 480, b"\xff\xd8jpeg", 9.52, 47.16)
        report = HazardReport("phone-1-0001", "leak", "路面冒水", 9.52, 47.16, 8.0,
                              NOW - dt.timedelta(minutes=3), [photo])
        hazard, created = record_hazard(s, holder, report, now=NOW)
        s.commit()
        again, created_again = record_hazard(s, holder, report, now=NOW + dt.timedelta(minutes=1))
        s.commit()
        assert created and not created_again and again.id == hazard.id
        assert s.scalar(select(func.count()).select_from(Hazard)) == 1
        assert hazard.code == "H20260612-001" and hazard.reporter == "张伟"
        assert hazard.reported_at == NOW - dt.timedelta(minutes=3)
        assert [p.exif_lat for p in hazard.photos] == [47.16]
        for bad, code in [
            (HazardReport("c2", "volcano"), "bad_category"),
            (HazardReport("c3", "leak", reported_at=NOW + dt.timedelta(hours=1)), "time_ahead"),
            (HazardReport("c4", "leak", reported_at=dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)), "time_old"),
            (HazardReport("c5", "leak", lon=9.5), "bad_position"),
            (HazardReport("c6", "leak", lon=200.0, lat=47.0), "bad_position"),
            (HazardReport("", "leak"), "bad_client_id"),
            (HazardReport("c7", "leak", note="x" * 5000), "note_too_long"),
            (HazardReport("c8", "leak", photos=[photo] * 4), "too_many_photos"),
        ]:
            with pytest.raises(FieldRefusal) as refused:
                record_hazard(s, holder, bad, now=NOW)
            assert refused.value.code == code
        s.rollback()
        assert s.scalar(select(func.count()).select_from(Hazard)) == 1
        assert [h.code for h in hazards_of_day(s, NOW.date())] == ["H20260612-001"]
        assert hazards_of_day(s, NOW.date() + dt.timedelta(days=1)) == []


def test_a_hazard_becomes_a_repair_timed_from_the_report_and_cannot_be_handled_twice(demo_store):
    with demo_store.session() as s:
        person = s.scalars(select(Person)).first()
        issued = issue_tokens(s, units=False, user="lead", now=NOW)
        token = next(t.token for t in issued if t.holder_id == person.id)
        holder = resolve_token(s, token)
        reported = NOW - dt.timedelta(minutes=7)
        pump, _ = record_hazard(s, holder, HazardReport("a", "leak", "井盖冒水", 9.52, 47.165, 5.0, reported), now=NOW)
        other, _ = record_hazard(s, holder, HazardReport("b", "damaged_cover", "阀门井盖破损", 9.52, 47.166,
                                                         5.0, reported), now=NOW)
        third, _ = record_hazard(s, holder, HazardReport("c", "other", "已处理", None, None, None, reported), now=NOW)
        s.commit()
        version = pump.version
        repair = hazard_to_repair(s, pump.id, expected_version=version, user="lead", now=NOW)
        s.commit()
        assert s.get(Repair, repair.id).reported_at == reported  # the limits run from the report
        assert repair.pipe_id is not None  # snapped to the nearest pipe of the network
        assert pump.status == "repair" and pump.repair_id == repair.id
        with pytest.raises(HazardConflict):
            hazard_to_repair(s, pump.id, expected_version=version, user="desk2", now=NOW)
        item = hazard_to_action_item(s, other.id, day=NOW.date(), problem="阀门井盖破损，需更换",
                                     user="lead", now=NOW)
        with pytest.raises(FieldRefusal):
            close_hazard(s, third.id, reason="  ", user="lead", now=NOW)
        close_hazard(s, third.id, reason="误报", user="lead", now=NOW)
        s.commit()
        assert other.action_item_id == item.id and third.status == "closed"
        assert open_hazards(s) == []
        assert [e.action for e in entries(s, "hazards")][-3:] == ["repair", "action_item", "closed"]


def test_a_zero_report_from_a_phone_fills_the_same_cell_once(store):
    with store.session() as s:
        u1, _u2, _ = add_units(s)
        issued = issue_tokens(s, people=False, user="lead", now=at("07:00"))
        holder = resolve_token(s, next(t.token for t in issued if t.holder_id == u1.id))
        report, created = record_from_phone(s, holder, slot="08:00", safe=True, client_id="z1",
                                            day=DAY, now=at("07:58"))
        again, created_again = record_from_phone(s, holder, slot="08:00", safe=True, client_id="z1",
                                                 day=DAY, now=at("07:59"))
        s.commit()
        assert created and not created_again and again.id == report.id
        assert report_matrix(s, DAY, at("08:30")).cell(u1.id, "08:00").state == SAFE
        states = {x.slot: x.state for x in slots_for_unit(s, holder, day=DAY, now=at("08:30"))}
        assert states["08:00"] == SAFE and len(states) == 4
        with pytest.raises(FieldRefusal) as refused:
            record_from_phone(s, holder, slot="08:00", safe=False, note="", client_id="z2", day=DAY, now=at("08:01"))
        assert refused.value.code == "bad_zero_report"
