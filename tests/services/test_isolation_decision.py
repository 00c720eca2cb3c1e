"""The isolation decision of a repair and its notices, on the demo store."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from models.isolation import RepairIsolation
from models.repair import Notification
from services.repairs.records import create_repair
from services.isolation import load_network
from services.isolation.answer import answer
from services.isolation.decision import latest_choice, notify_isolation, record_choice, render_notice


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory, demo_template):
    from tests.support.stores import open_copy

    store = open_copy(demo_template, f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite'}")
    yield store
    store.dispose()


def test_choice_is_recorded_with_its_reason_and_notices_go_out_once(demo_store):
    with demo_store.engine.connect() as conn:
        net = load_network(conn)
        ans = answer(conn, net, "P01630")
    assert ans.result.guarded_dry and len(ans.options) >= 2
    with demo_store.session() as s:
        repair = create_repair(s, pipe_id=ans.result.pipe_id)
        with pytest.raises(ValueError, match="guarded place"):
            record_choice(s, repair, ans, ans.options[1], "  ")
        row = record_choice(s, repair, ans, ans.options[1], "V00862 sits under the construction site")
        s.commit()
        got = latest_choice(s, repair.id)
        assert got.id == row.id and got.option_rank == 1
        assert json.loads(got.valves_json) == ans.options[1]["valves"]
        assert json.loads(got.left_open_json) == ans.options[1]["leave_open"]
        assert json.loads(got.guarded_json) == ["RES02"] and got.cut_off_pipes == 4
        assert got.reason == "V00862 sits under the construction site"
        notes = notify_isolation(s, repair, ans)
        s.commit()
        assert notes and all(n.status == "queued" for n in notes)
        assert notify_isolation(s, repair, ans) == []
        zh = [n for n in notes if n.language == "zh_CN"]
        assert zh and "抢修" in zh[0].subject and "P01630" in zh[0].body and "断水4条" in zh[0].body
        stored = s.scalars(select(Notification).where(Notification.repair_id == repair.id)).all()
        assert len(stored) == len(notes)
        assert s.scalars(select(RepairIsolation)).all()[-1].chosen_by == "desk"
    subject, body = render_notice(repair, ans, "en")
    assert subject.startswith("Water off for repair") and "4 cut off from every source" in body
    assert "Hotel Residence" in body


def test_stored_rules_choose_the_order_and_the_minimum_pressure(demo_store):
    from services.repairs.records import set_setting
    from services.isolation import ISOLATION_RULES_KEY

    with demo_store.session() as s:
        set_setting(s, ISOLATION_RULES_KEY, {"min_pressure_m": 20, "order": "break_outward"})
        s.commit()
    try:
        with demo_store.engine.connect() as conn:
            net = load_network(conn)
            ans = answer(conn, net, "P00451", with_pressure=True)
        assert ans.rules.min_pressure_m == 20.0 and ans.rules.order == "break_outward"
        dist = [v["from_break_m"] for v in ans.order]
        assert dist == sorted(dist) and ans.as_json()["order_rule"] == "break_outward"
        assert ans.pressure == {"available": False, "reason": "no_hydraulic_data", "min_pressure_m": 20.0}
    finally:
        with demo_store.session() as s:
            set_setting(s, ISOLATION_RULES_KEY, {})
            s.commit()
