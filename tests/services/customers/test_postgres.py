"""The customer lists on PostgreSQL: the same answers as on SQLite (dates come back as dates there)."""

from __future__ import annotations

import pytest

from models.store import open_store
from services.customers.importing import import_customers
from services.customers.meters import meters_due
from services.customers.readers import rotation
from services.customers.zero_volume import zero_volume
from tests.services.customers.city import TODAY, build_city


@pytest.mark.postgres
def test_lists_on_postgres(postgres_url, tmp_path):
    city = build_city(tmp_path, n=5000)
    store = open_store(postgres_url)
    try:
        for kind, path in (("accounts", city.accounts_csv), ("reads", city.reads_csv), ("routes", city.routes_csv),
                           ("connections", city.connections_csv)):
            with store.engine.begin() as conn:
                import_customers(conn, kind, path)
        with store.session() as s:
            for months in (0, 12):
                frame = meters_due(s, TODAY, months)
                assert set(frame["account"]) == city.due[months]
            assert set(frame.loc[frame["overdue"], "account"]) == city.overdue_today
            zero = zero_volume(s).rows
            assert dict(zip(zero["account"], zero["kind"], strict=True)) == city.zero
            assert set(rotation(s, TODAY).past_tenure) == city.past_tenure
    finally:
        store.dispose()
