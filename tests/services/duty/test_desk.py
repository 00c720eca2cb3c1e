"""The meeting: compiled status, action items, carry-over, overdue, concurrency, roster."""

from __future__ import annotations

import datetime as dt

import pytest

from models.audit_trail import entries
from models.duty import ActionItem
from services.duty.desk import (
    DutyError, add_contact, close_item, compile_status, follow_up, is_overdue,
    leader_on_duty, meeting_items, meeting_record, open_meeting, overdue_items, raise_item, recipients,
    reopen_item, set_duty_shift, set_note, update_item,
)
from models.concurrency import ConflictError
from services.duty.zero_reports import record_report
from services.repairs.overruns import overrun_check
from tests.models.duty_helpers import DAY, UTC, add_repair, add_units, at

NEXT = DAY + dt.timedelta(days=1)


def test_carry_over_of_open_items_until_closed(store):
    with store.session() as s:
        m1 = open_meeting(s, DAY, user="lead", now=at("17:00"))
        a = raise_item(s, meeting_id=m1.id, category="safety", problem="Manhole cover loose", plan="Weld",
                       owner="Li", deadline=at("12:00", NEXT), user="lead", now=at("17:05"))
        b = raise_item(s, meeting_id=m1.id, category="network_patrol", problem="Gap in patch 7",
                       user="lead", now=at("17:06"))
        close_item(s, item_id=b.id, text="done", user="lead", now=at("18:00"))
        s.commit()
        assert a.code == "A20260810-01" and b.code == "A20260810-02"

        m2 = open_meeting(s, NEXT, user="lead", now=at("17:00", NEXT))
        s.commit()
        assert [f.status for f in a.followups] == ["carried"]
        assert a.followups[0].meeting_id == m2.id
        assert b.followups[-1].status == "closed"  # closed items are not carried
        open_meeting(s, NEXT, user="lead", now=at("17:30", NEXT))  # idempotent
        s.commit()
        assert len(a.followups) == 1

        follow_up(s, item_id=a.id, text="Welder booked", meeting_id=m2.id, user="lead", now=at("17:10", NEXT))
        close_item(s, item_id=a.id, text="Welded", meeting_id=m2.id, user="lead", now=at("17:20", NEXT))
        s.commit()
        m3 = open_meeting(s, NEXT + dt.timedelta(days=1), user="lead", now=at("17:00", NEXT + dt.timedelta(days=1)))
        s.commit()
        assert [f.status for f in a.followups] == ["carried", "open", "closed"]
        items = meeting_items(s, NEXT, at("23:00", NEXT))
        assert [(i.code, i.carried, i.status) for i in items] == [("A20260810-01", True, "closed")]
        assert meeting_items(s, NEXT + dt.timedelta(days=1), at("17:00", NEXT + dt.timedelta(days=2))) == []
        assert m3.id != m2.id
        actions = [e.action for e in entries(s, "action_items")]
        assert actions == ["create", "create", "close", "follow_up", "close"]
        assert [e.action for e in entries(s, "meetings")] == ["create", "create", "carry_over", "create"]


def test_overdue_marking(store):
    with store.session() as s:
        m = open_meeting(s, DAY, user="lead", now=at("17:00"))
        item = raise_item(s, meeting_id=m.id, category="safety", problem="Fence down",
                          deadline=at("20:00"), user="lead", now=at("17:05"))
        s.commit()
        assert not is_overdue(item, at("20:00"))
        assert is_overdue(item, at("20:00") + dt.timedelta(seconds=1))
        assert [i.code for i in overdue_items(s, at("21:00"))] == [item.code]
        status = compile_status(s, DAY, at("21:00"), overrun_check=overrun_check(s))
        assert status.items_overdue == {"safety": 1} and status.items_open == {"safety": 1}
        assert [v.overdue for v in meeting_items(s, DAY, at("21:00"))] == [True]
        close_item(s, item_id=item.id, user="lead", now=at("21:30"))
        s.commit()
        assert overdue_items(s, at("22:00")) == []
        reopen_item(s, item_id=item.id, user="lead", now=at("22:00"))
        s.commit()
        assert item.status == "open" and is_overdue(item, at("22:00"))


def test_changed_by_another_desk(store):
    with store.session() as s:
        m = open_meeting(s, DAY, user="lead", now=at("17:00"))
        item = raise_item(s, meeting_id=m.id, category="safety", problem="Fence down", user="a", now=at("17:05"))
        s.commit()
        item_id, version = item.id, item.version
    desk_a, desk_b = store.session(), store.session()
    try:
        a_item = desk_a.get(ActionItem, item_id)
        b_item = desk_b.get(ActionItem, item_id)
        assert a_item.version == b_item.version == version
        desk_b.commit()  # a desk reads in a short transaction; its objects stay loaded (expire_on_commit=False)
        close_item(desk_a, item_id=item_id, expected_version=version, user="a", now=at("18:00"))
        desk_a.commit()
        # Desk B still holds version 1 in its identity map: the UPDATE finds no row.
        with pytest.raises(ConflictError, match="changed by another desk"):
            follow_up(desk_b, item_id=item_id, text="late", user="b", now=at("18:01"))
        desk_b.rollback()
        # After a reload, the stale version number itself is refused.
        with pytest.raises(ConflictError, match="changed by another desk"):
            reopen_item(desk_b, item_id=item_id, expected_version=version, user="b", now=at("18:02"))
    finally:
        desk_a.close()
        desk_b.close()


def test_compiled_status_per_category(store):
    with store.session() as s:
        u1, u2, _ = add_units(s)
        # Dispatched 25 min after the report (limit 10), still not on site 2 h later (day arrival 45).
        add_repair(s, "R-001", level="IV", status="dispatched", reported_at=at("09:00"),
                   dispatched_at=at("09:25"), diameter_mm=150)
        add_repair(s, "R-002", level="V", status="restored", reported_at=at("10:00"), dispatched_at=at("10:05"),
                   arrived_at=at("10:30"), isolated_at=at("10:50"), repaired_at=at("12:00"),
                   restored_at=at("13:00"))
        add_repair(s, "R-003", level="I", status="reported", reported_at=at("09:00", NEXT))  # tomorrow
        record_report(s, unit_id=u1.id, day=DAY, slot="08:00", safe=True, user="d", now=at("08:00"))
        record_report(s, unit_id=u2.id, day=DAY, slot="08:00", safe=False, incident="Low pressure",
                      user="d", now=at("08:01"))
        set_duty_shift(s, day=DAY, shift="day", leader="Wang", phone="1", user="lead", now=at("07:00"))
        s.commit()
        status = compile_status(s, DAY, at("11:30"), overrun_check=overrun_check(s))
        assert status.repairs_total == 2 and status.repairs_open == 1
        assert status.repairs_by_level == {"I": 0, "II": 0, "III": 0, "IV": 1, "V": 1}
        assert [(o.repair_code, o.limit, o.running) for o in status.overruns] == [
            ("R-001", "dispatch", False), ("R-001", "arrival", True)]
        assert status.coverage is None
        assert status.reports_received == 2
        assert status.reports_missing == [("U03", "08:00")]
        assert status.report_incidents == [("U02", "08:00", "Low pressure")]
        assert status.leaders == [("day", "Wang")]
        assert status.double_shift_units == 2
        rec = meeting_record(s, DAY, at("11:30"), overrun_check=overrun_check(s))
        assert rec.leader == "Wang" and rec.as_dict()["status"]["reports_received"] == 2


def test_overrun_rules_night_guarded_and_dn(store):
    check = None
    with store.session() as s:
        check = overrun_check(s)
        night = add_repair(s, "R-N", reported_at=at("21:00"), dispatched_at=at("21:05"), arrived_at=at("22:20"))
        guarded = add_repair(s, "R-G", reported_at=at("10:00"), dispatched_at=at("10:05"), arrived_at=at("10:40"),
                             in_guarded_zone=True)
        big = add_repair(s, "R-B", reported_at=at("10:00"), dispatched_at=at("10:05"), arrived_at=at("10:20"),
                         isolated_at=at("10:40"), diameter_mm=1000)
        assert check(night, at("22:40"), UTC) == []  # arrival 75 min < 90 at night
        assert [o.limit for o in check(guarded, at("11:00"), UTC)] == ["arrival"]  # 35 > 30
        assert [o.limit for o in check(big, at("10:40") + dt.timedelta(hours=47), UTC)] == []
        assert [o.limit for o in check(big, at("10:40") + dt.timedelta(hours=49), UTC)] == ["repair"]


def test_notes_roster_contacts(store):
    with store.session() as s:
        m = open_meeting(s, DAY, user="lead", now=at("17:00"))
        assert set_note(s, meeting_id=m.id, category="safety", text="All calm", user="lead", now=at("17:01")) == ""
        assert set_note(s, meeting_id=m.id, category="safety", text="Calm", user="lead", now=at("17:02")) == "All calm"
        with pytest.raises(DutyError, match="category"):
            set_note(s, meeting_id=m.id, category="weather", text="x", user="lead", now=at("17:02"))
        set_duty_shift(s, day=DAY, shift="night", leader="Zhao", user="lead", now=at("07:00"))
        s.commit()
        assert leader_on_duty(s, at("03:00", NEXT)).leader == "Zhao"
        assert leader_on_duty(s, at("12:00")) is None
        add_contact(s, name="City TV", group="media", min_level="III", user="lead", now=at("07:00"))
        add_contact(s, name="District office", group="government", min_level="V", user="lead", now=at("07:00"))
        with pytest.raises(DutyError, match="unknown group"):
            add_contact(s, name="X", group="friends", user="lead", now=at("07:00"))
        assert [c.name for c in recipients(s, "IV")] == ["District office"]
        assert [c.name for c in recipients(s, "II", ["media"])] == ["City TV"]
        assert entries(s, "meeting_notes")[-1].detail.startswith("{")
        assert at("00:00").tzinfo is UTC


def test_edit_conflict_names_theirs_and_mine(store):
    """update_item with the version the desk showed: another desk's save in between is a ConflictError."""
    with store.session() as s:
        m = open_meeting(s, DAY, user="lead", now=at("17:00"))
        item = raise_item(s, meeting_id=m.id, category="safety", problem="Fence down", plan="Call", owner="Li",
                          user="a", now=at("17:05"))
        s.commit()
        item_id, version = item.id, item.version
    shown = {"problem": "Fence down", "plan": "Call", "owner": "Li"}
    with store.session() as s:
        update_item(s, item_id=item_id, expected_version=version, base=shown, plan="Weld", owner="Wang",
                    user="b", now=at("17:10"))
        s.commit()
    with store.session() as s:
        with pytest.raises(ConflictError) as info:
            update_item(s, item_id=item_id, expected_version=version, base=shown, plan="Fence off",
                        problem="Fence down at gate 3", user="a", now=at("17:11"))
    conflict = info.value
    assert conflict.table == "action_items" and conflict.label.startswith("A20260810")
    assert set(conflict.their_fields) == {"plan", "owner"}
    assert conflict.both_changed == ["plan"]
    assert conflict.theirs["plan"] == "Weld" and conflict.mine["plan"] == "Fence off"
    assert conflict.reapply(keep_mine=set()) == {"problem": "Fence down at gate 3"}
    with store.session() as s:  # nothing of desk A's edit was written
        assert s.get(ActionItem, item_id).problem == "Fence down"
        update_item(s, item_id=item_id, expected_version=conflict.theirs["version"], base=conflict.theirs,
                    user="a", now=at("17:12"), **conflict.reapply())
        s.commit()
        row = s.get(ActionItem, item_id)
        assert (row.problem, row.plan, row.owner) == ("Fence down at gate 3", "Fence off", "Wang")


def test_contacts_edit_and_delete(store):
    from services.duty.desk import contacts, delete_contact, update_contact

    with store.session() as s:
        c = add_contact(s, name="Vaduz Radio", group="media", phone="1", user="lead", now=at("08:00"))
        s.commit()
        assert update_contact(s, contact_id=c.id, phone="2", min_level="II", user="lead", now=at("08:01")) == {
            "phone": "1", "min_level": "IV"}
        s.commit()
        with pytest.raises(DutyError, match="unknown group"):
            update_contact(s, contact_id=c.id, group="press", user="lead", now=at("08:02"))
        s.rollback()
        values = delete_contact(s, contact_id=c.id, user="lead", now=at("08:03"))
        s.commit()
        assert contacts(s) == [] and values["name"] == "Vaduz Radio" and values["phone"] == "2"
        assert [e.action for e in entries(s, "contacts")] == ["create", "update", "delete"]
