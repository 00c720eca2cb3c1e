"""The customer-service rules on a generated city of 50,000 accounts with known answers."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from models.customers import ConnectionStep, CustomerAccount, Meter, MeterRead, RouteAssignment
from models.store import open_store
from services.customers.connections import ConnectionRefused, connections, set_step
from services.customers.importing import import_customers
from services.customers.meters import due_by_month, meters_due
from services.customers.readers import accept_rotation, rotation
from services.customers.status import customer_counts
from services.customers.zero_volume import ZeroVolumeError, set_follow_up, zero_volume
from tests.services.customers.city import PERIODS, TODAY, build_city


@pytest.fixture(scope="module")
def city_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("city")
    city = build_city(folder)
    store = open_store(f"sqlite:///{folder / 'store.sqlite'}")
    results = {}
    for kind, path in (("accounts", city.accounts_csv), ("reads", city.reads_csv), ("routes", city.routes_csv),
                       ("connections", city.connections_csv)):
        with store.engine.begin() as conn:
            results[kind] = import_customers(conn, kind, path)
    yield city, store, results
    store.dispose()


def test_import_reads_every_row(city_store):
    city, store, results = city_store
    assert results["accounts"].rows == city.n and results["accounts"].inserted == city.n
    assert results["accounts"].mapping["account_code"] == "户号"
    assert results["accounts"].mapping["diameter_mm"] == "口径"
    assert results["accounts"].mapping["first_verified_on"] == "检定日期"
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(Meter)) == city.n
        assert s.scalar(select(func.count(func.distinct(MeterRead.period)))) == len(PERIODS)
        dn = dict(s.execute(select(Meter.code, Meter.diameter_mm).where(Meter.code.in_(["M0000000", "M0000001"]))).all())
        assert all(v in (15, 20, 25, 32, 40, 50, 80, 100, 150) for v in dn.values())
        cats = dict(s.execute(select(CustomerAccount.code, CustomerAccount.category)
                              .where(CustomerAccount.code.in_(["A000000", "A000100"]))).all())
        assert cats["A000000"] == "important"
        assert s.scalar(select(CustomerAccount.status).where(CustomerAccount.code == "A000100")) == "closed"


@pytest.mark.parametrize("months", [0, 1, 3, 12])
def test_meters_due_by_each_rule(city_store, months):
    city, store, _ = city_store
    with store.session() as s:
        frame = meters_due(s, TODAY, months)
    assert set(frame["account"]) == city.due[months]
    assert len(frame) == len(city.due[months])
    assert {a: act for a, act in zip(frame["account"], frame["action"], strict=True)} == \
        {a: city.action[a] for a in city.due[months]}
    assert set(frame.loc[frame["overdue"], "account"]) == city.overdue_today
    # Each rule is exercised: replace small, replace medium, verify large (by DN and by Q3).
    assert {"replace_small", "replace_medium", "verify_large"} <= set(frame["rule"])


def test_due_per_month_counts_add_up(city_store):
    city, store, _ = city_store
    with store.session() as s:
        frame = meters_due(s, TODAY, 12)
    months = due_by_month(frame, TODAY)
    assert months["month"].iloc[0] == "overdue"
    assert int(months["total"].sum()) == len(city.due[12])
    assert int(months.loc[months["month"] == "overdue", "total"].iloc[0]) == len(city.overdue_today)


def test_zero_volume_users_and_new_connections(city_store):
    city, store, _ = city_store
    with store.session() as s:
        result = zero_volume(s)
        assert result.periods == ["2026-07", "2026-06"] and result.missing is None
        assert dict(zip(result.rows["account"], result.rows["kind"], strict=True)) == city.zero
        # Over three periods the users zero only in the last two had consumption in May: not listed.
        three = zero_volume(s, 3)
        assert not set(three.rows.loc[three.rows["kind"] == "zero_reads", "account"])
        assert set(three.rows.loc[three.rows["kind"] == "new_connection", "account"]) == \
            {a for a, k in city.zero.items() if k == "new_connection"}
        # More periods than the store holds: said so, and only never-read accounts are listed.
        four = zero_volume(s, 4)
        assert four.missing and set(four.rows["kind"]) == {"new_connection"}


def test_zero_volume_follow_up(city_store):
    _city, store, _ = city_store
    with store.session() as s:
        set_follow_up(s, "A001000", cause="vacant", plan="上门核实", owner="王", deadline=dt.date(2026, 8, 5))
        s.commit()
        rows = zero_volume(s).rows.set_index("account")
        assert rows.loc["A001000", "cause"] == "vacant" and rows.loc["A001000", "owner"] == "王"
        with pytest.raises(ZeroVolumeError):
            set_follow_up(s, "A001000", cause="martians")
        with pytest.raises(ZeroVolumeError):
            set_follow_up(s, "NOPE", cause="vacant")


def test_readers_past_tenure_self_collecting_and_rotation(city_store):
    city, store, _ = city_store
    with store.session() as s:
        rot = rotation(s, TODAY)
        assert set(rot.past_tenure) == city.past_tenure
        assert set(rot.self_collected) == city.self_collected
        assert set(rot.proposal) == {"B01", "B05", "B09"}
        for route, reader in rot.proposal.items():
            assert reader is not None and reader not in city.barred[route], (route, reader)
        since = dict(zip(rot.current["route"], rot.current["since"], strict=True))
        assert since["B09"] == dt.date(2025, 11, 1)  # one unbroken run across two assignments
        payload = rot.as_dict()
        assert {"past_tenure", "self_collected", "proposal"} <= set(payload)
        before = s.scalar(select(func.count()).select_from(RouteAssignment))
        assert accept_rotation(s, rot.proposal, TODAY, user="主管") == 3
        s.flush()
        after = rotation(s, TODAY)
        assert after.past_tenure == [] and s.scalar(select(func.count()).select_from(RouteAssignment)) == before + 3
        s.rollback()


def test_self_accepted_connection_refused(city_store):
    city, store, results = city_store
    assert set(results["connections"].refused) == {city.refused_job}
    reason = results["connections"].refused[city.refused_job]
    assert (reason.code, reason.params["person"]) == ("self_acceptance", "张三")
    assert "张三" in str(reason)
    with store.session() as s:
        steps = dict(s.execute(select(ConnectionStep.step, ConnectionStep.person)
                               .where(ConnectionStep.application_id == 1)).all())
        assert "acceptance" not in steps
        with pytest.raises(ConnectionRefused, match="李四"):
            set_step(s, city.refused_job, "acceptance", "李四", done_on=TODAY)
        set_step(s, city.refused_job, "acceptance", "王五", started_on=TODAY, done_on=TODAY)
        s.flush()
        table = connections(s, TODAY).set_index("application")
        assert table.loc[city.refused_job, "acceptance"] == "王五"
        assert table.loc["BZ-0003", "overdue_steps"] == ["survey_design"]
        assert table.loc["BZ-0002", "current_step"] == "done"
        s.rollback()


def test_meeting_counts(city_store):
    city, store, _ = city_store
    with store.session() as s:
        counts = customer_counts(s, dt.datetime(2026, 8, 1, 12, tzinfo=dt.timezone.utc), TODAY)
    assert counts["meters_overdue"] == len(city.overdue_today)
    assert counts["readers_past_tenure"] == 2 and counts["routes_self_collected"] == 1
    assert counts["zero_volume"] == len(city.zero)


def test_changed_rules_move_every_due_date(city_store):
    city, store, _ = city_store
    from services.customers.meters import meter_rules, undetermined
    from services.customers.settings import set_customer_setting

    with store.session() as s:
        rules = [dict(r) for r in meter_rules(s)]
        for r in rules:
            if r["name"] == "replace_small":
                r["years"] = 8
        set_customer_setting(s, "customers.meter_rules", rules, user="主管")
        frame = meters_due(s, TODAY, 0)
        small = set(frame.loc[frame["rule"] == "replace_small", "account"])
        expected = {a for a in city.due[0] if city.action[a] == "replace"} - set(
            frame.loc[frame["rule"] == "replace_medium", "account"])
        assert small < expected  # eight years: fewer small meters due
        assert undetermined(s) == 0
        s.rollback()
        assert set(meters_due(s, TODAY, 0)["account"]) == city.due[0]


def test_counts_reach_the_meeting_external_service_status(city_store):
    city, store, _ = city_store
    from services.duty.desk import compile_status
    from services.customers.status import customer_counts
    from services.repairs.overruns import overrun_check

    now = dt.datetime(2026, 8, 1, 12, tzinfo=dt.timezone.utc)
    with store.session() as s:
        status = compile_status(s, TODAY, now, dt.timezone.utc, overrun_check=overrun_check(s),
                                customer_source=customer_counts)
    assert status.customers["meters_overdue"] == len(city.overdue_today)
    assert status.customers["zero_volume"] == len(city.zero)
    assert status.as_dict()["customers"]["readers_past_tenure"] == 2
