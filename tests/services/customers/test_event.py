"""The event side of customer service: the freeze refuses arrears chasing, tickets, users to notify."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
import shapely
from sqlalchemy import select

from models.customers import CustomerAccount, FrozenRequest
from models.event import Event
from models.repair import Repair
from services.customers.freeze import FrozenAction, request_action
from services.customers.importing import import_customers
from services.customers.notify import users_to_notify
from services.customers.tickets import TicketError, escalate_to_repair, open_ticket, respond, tickets

UTC = dt.timezone.utc


@pytest.fixture
def event_store(store, tmp_path):
    with store.session() as s:
        s.add(Event(name="Summit", starts_at=dt.datetime(2026, 8, 1, tzinfo=UTC),
                    ends_at=dt.datetime(2026, 8, 10, tzinfo=UTC), timezone="Europe/Vaduz", local_crs="EPSG:32632"))
        s.commit()
    path = tmp_path / "accounts.csv"
    pd.DataFrame({"户号": ["K1", "K2", "K3"], "户名": ["医院", "酒店", "住户"], "用户类别": ["重要用户", "大用户", "居民"],
                  "经度": [9.52, 9.60, 9.52], "纬度": [47.14, 47.20, 47.1401],
                  "应急联系人": ["院办", "", ""], "应急电话": ["110", "", ""]}).to_csv(path, index=False, encoding="gbk")
    with store.engine.begin() as conn:
        import_customers(conn, "accounts", path)
    return store


def test_freeze_refuses_arrears_chasing_inside_window(event_store):
    with event_store.session() as s:
        with pytest.raises(FrozenAction, match="arrears chasing is frozen during Summit"):
            request_action(s, "arrears_chasing", at=dt.datetime(2026, 8, 3, 9, tzinfo=UTC), account="K3", user="收费员")
        s.commit()
        refused = s.scalars(select(FrozenRequest)).one()
        assert refused.status == "refused" and "Summit" in refused.reason
        with pytest.raises(FrozenAction, match="treatment process change"):
            request_action(s, "treatment_process_change", at=dt.datetime(2026, 8, 9, 23, tzinfo=UTC))
        ok = request_action(s, "arrears_chasing", at=dt.datetime(2026, 8, 10, 0, tzinfo=UTC), account="K3")
        assert ok.status == "accepted"


def test_repair_ticket_becomes_emergency_repair(event_store):
    with event_store.session() as s:
        t = open_ticket(s, kind="repair", account="K1", caller="院办", description="门口漏水",
                        now=dt.datetime(2026, 8, 2, 8, tzinfo=UTC))
        q = open_ticket(s, kind="enquiry", account="K3", now=dt.datetime(2026, 8, 1, 8, tzinfo=UTC))
        with pytest.raises(TicketError, match="only a repair ticket"):
            escalate_to_repair(s, q.code)
        opened = escalate_to_repair(s, t.code, now=dt.datetime(2026, 8, 2, 8, 5, tzinfo=UTC))
        s.commit()
        repair = s.scalars(select(Repair)).one()
        assert repair.id == opened.repair.id and repair.lon == pytest.approx(9.52)
        with pytest.raises(TicketError, match="already emergency repair"):
            escalate_to_repair(s, t.code)
        respond(s, q.code, now=dt.datetime(2026, 8, 2, 12, tzinfo=UTC))
        frame = tickets(s, dt.datetime(2026, 8, 2, 13, tzinfo=UTC)).set_index("ticket")
        assert frame.loc[t.code, "status"] == "escalated" and frame.loc[t.code, "repair"] == repair.code
        assert bool(frame.loc[q.code, "overdue"])  # answered after its 24 h


def test_users_to_notify(event_store):
    with event_store.session() as s:
        ids = dict(s.execute(select(CustomerAccount.code, CustomerAccount.id)).all())
        by_id = users_to_notify(s, account_ids=[ids["K2"], ids["K3"]])
        assert list(by_id["account"]) == ["K2"]  # a household is not on the list
        near = users_to_notify(s, area=shapely.LineString([(9.519, 47.1399), (9.521, 47.1399)]), distance_m=50)
        assert list(near["account"]) == ["K1"] and near["emergency_phone"].iloc[0] == "110"
