"""Issue 16 (7): milestone time corrected with a reason and undone; closing confirmed; the vehicle follows."""

from __future__ import annotations

import datetime as dt

import pytest

from sqlalchemy import select

from models.audit import AuditEntry
from models.repair import Repair, Vehicle
from tests.ui.desk_windows import demo_file, open_desk  # noqa: F401 (fixtures)

STADIUM_PIPE = 883


def _stored(store, rid) -> Repair:
    with store.session() as s:
        r = s.get(Repair, rid)
        s.expunge(r)
        return r


def test_milestone_time_corrected_with_reason_and_undone(open_desk):
    window = open_desk("zh_CN")
    ctl, dock, life = window.repairs.desk, window.repairs.repairs_dock, window.repair_life
    rid = ctl.create(pipe=STADIUM_PIPE, caller="市民", description="路面冒水",
                     reported_at=window.desk.now() - dt.timedelta(minutes=30))
    dock.select_repair(rid)
    assert ctl.set_next_milestone(rid) == "dispatched"
    clicked = _stored(window.store, rid).dispatched_at
    real = clicked - dt.timedelta(minutes=12)

    # The dialog's answer: dispatched, 12 minutes earlier, a reason.
    life.ask_time = lambda repair: ("dispatched_at", real, "车组 02:10 电话确认出发")
    assert life.on_correct()
    r = _stored(window.store, rid)
    assert abs((r.dispatched_at.replace(tzinfo=dt.timezone.utc) - real).total_seconds()) < 1
    with window.store.session() as s:
        line = s.scalars(select(AuditEntry).where(AuditEntry.action == "milestone_time")).one()
    assert "车组 02:10 电话确认出发" in line.detail and line.row_id == rid

    window.undo_stack.undo()
    r = _stored(window.store, rid)
    assert abs((r.dispatched_at.replace(tzinfo=dt.timezone.utc) - clicked.replace(tzinfo=dt.timezone.utc))
               .total_seconds()) < 1
    window.undo_stack.redo()
    r = _stored(window.store, rid)
    assert abs((r.dispatched_at.replace(tzinfo=dt.timezone.utc) - real).total_seconds()) < 1

    # No reason, or a time before the report: refused, nothing changes.
    assert not life.correct(rid, "dispatched_at", real, "")
    assert not life.correct(rid, "dispatched_at", real - dt.timedelta(days=1), "错")
    assert _stored(window.store, rid).dispatched_at is not None


def test_closing_is_confirmed_and_the_vehicle_follows_the_milestones(open_desk):
    window = open_desk("en")
    ctl, dock, life = window.repairs.desk, window.repairs.repairs_dock, window.repair_life
    rid = ctl.create(pipe=STADIUM_PIPE, caller="Caller", description="Water on the road")
    with window.store.session() as s:
        vid = s.scalars(select(Vehicle.id).order_by(Vehicle.code)).first()
    assert ctl.assign(rid, vid)
    dock.select_repair(rid)
    asked = []
    life.confirm_close = lambda code: asked.append(code) or False
    for expected in ("arrived", "isolated", "repaired"):
        assert life.on_next() == expected
    with window.store.session() as s:
        assert s.get(Vehicle, vid).status == "on_site"
    assert life.on_next() is None and asked == [_stored(window.store, rid).code]  # declined: still open
    assert _stored(window.store, rid).restored_at is None
    life.confirm_close = lambda code: True
    assert life.on_next() == "restored"
    with window.store.session() as s:
        assert s.get(Vehicle, vid).status == "returning"
    window.undo_stack.undo()  # one step: the milestone and the vehicle
    assert _stored(window.store, rid).restored_at is None
    with window.store.session() as s:
        assert s.get(Vehicle, vid).status == "on_site"


def test_redispatch_needs_a_reason_and_is_undone(open_desk):
    window = open_desk("en")
    ctl, life = window.repairs.desk, window.repair_life
    window.repairs.feed.close()  # no simulated crew driving (and arriving) under the test
    ctl.resolve_conflict = lambda conflict: pytest.fail(f"unexpected conflict: {conflict}")
    rid = ctl.create(pipe=STADIUM_PIPE, caller="Caller", description="Water on the road")
    with window.store.session() as s:
        first, second = s.scalars(select(Vehicle.id).where(Vehicle.status == "available").order_by(Vehicle.code)
                                  ).all()[:2]
    assert life.dispatch(rid, first)
    assert _stored(window.store, rid).vehicle_id == first

    life.ask_reason = lambda code, vehicle: None  # the dispatcher cancels: nothing changes
    assert not life.dispatch(rid, second)
    assert _stored(window.store, rid).vehicle_id == first

    life.ask_reason = lambda code, vehicle: "RV01 stuck at the motorcade closure"
    assert life.dispatch(rid, second)
    with window.store.session() as s:
        assert s.get(Repair, rid).vehicle_id == second
        assert s.get(Vehicle, first).status == "available" and s.get(Vehicle, second).status == "en_route"
        line = s.scalars(select(AuditEntry).where(AuditEntry.action == "dispatch")
                         .order_by(AuditEntry.id.desc())).first()
        assert "motorcade closure" in line.detail
    window.undo_stack.undo()
    with window.store.session() as s:
        assert s.get(Repair, rid).vehicle_id == first
        assert s.get(Vehicle, first).status == "en_route" and s.get(Vehicle, second).status == "available"
    # (Undoing the first dispatch as well would hit the shared EditCommand's stale snapshot of the row:
    # a known limit of the undo stack with two edits of one row, reported to the lead.)
