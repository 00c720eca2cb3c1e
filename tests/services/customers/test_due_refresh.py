"""The vectorised due-date refresh: numpy year arithmetic and writing back only what changed."""

from __future__ import annotations

import datetime as dt

import numpy as np
from sqlalchemy import select

from models.customers import CustomerAccount, Meter
from models.store import open_store
from services.customers.meters import meters_due, refresh_due_dates
from services.customers.rules import _add_years
from tests.services.customers.city import plus_years


def test_add_years_matches_calendar_arithmetic():
    days = [dt.date(2020, 2, 29), dt.date(2019, 12, 31), dt.date(2021, 1, 31), dt.date(2016, 2, 28), None]
    years = np.array([6, 2, 4, 1, 3])
    got = _add_years(np.array([np.datetime64(d) if d else np.datetime64("NaT") for d in days], dtype="datetime64[D]"),
                     years)
    want = [plus_years(d, int(y)) if d else None for d, y in zip(days, years, strict=True)]
    assert [None if np.isnat(g) else g.astype(dt.date) for g in got] == want


def test_refresh_writes_only_changed_meters(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    try:
        with store.engine.begin() as conn:
            conn.execute(CustomerAccount.__table__.insert(), [
                {"id": i, "code": f"A{i}", "name": "", "category": "household", "status": "active"} for i in (1, 2, 3)])
            meter = {"status": "in_service", "diameter_mm": None, "q3_m3h": None, "first_verified_on": None,
                     "last_verified_on": None}
            conn.execute(Meter.__table__.insert(), [
                {**meter, "id": 1, "account_id": 1, "code": "M1", "diameter_mm": 20.0,
                 "first_verified_on": dt.date(2020, 2, 29)},
                {**meter, "id": 2, "account_id": 2, "code": "M2", "diameter_mm": 80.0, "q3_m3h": 40.0,
                 "first_verified_on": dt.date(2019, 5, 1), "last_verified_on": dt.date(2023, 5, 2)},
                {**meter, "id": 3, "account_id": 3, "code": "M3"}])  # no DN, no date: undetermined
            assert refresh_due_dates(conn) == 2
            assert refresh_due_dates(conn) == 0  # nothing moved: nothing written
            conn.execute(Meter.__table__.update().where(Meter.id == 2).values(last_verified_on=dt.date(2025, 5, 2)))
            assert refresh_due_dates(conn, [1, 2, 3]) == 1
            due = dict(conn.execute(select(Meter.code, Meter.due_on)).all())
        assert due == {"M1": dt.date(2026, 2, 28), "M2": dt.date(2027, 5, 2), "M3": None}
        with store.session() as s:
            frame = meters_due(s, dt.date(2026, 3, 1), 15)
        assert frame["meter"].tolist() == ["M1", "M2"]
        assert frame["overdue"].tolist() == [True, False]
        assert frame["month"].tolist() == ["2026-02", "2027-05"]
    finally:
        store.dispose()


def test_import_stores_due_dates_without_a_recompute(tmp_path):
    """The import computes due dates as it writes the meters: a full recompute afterwards changes nothing."""
    from services.customers.importing import import_customers
    from tests.services.customers.city import build_city

    city = build_city(tmp_path, n=5000)
    store = open_store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    try:
        with store.engine.begin() as conn:
            import_customers(conn, "accounts", city.accounts_csv)
            assert conn.execute(select(Meter.id).where(Meter.due_on.is_not(None)).limit(1)).first() is not None
            assert refresh_due_dates(conn) == 0
        # Re-import of a file without the DN column: updated meters keep their stored DN and due date.
        import pandas as pd

        frame = pd.read_csv(city.accounts_csv, dtype=str, keep_default_na=False)
        dn_cols = [c for c in frame.columns if c in ("口径", "DN", "diameter_mm", "表径")]
        assert dn_cols
        slim = tmp_path / "slim.csv"
        frame.drop(columns=dn_cols).to_csv(slim, index=False)
        with store.engine.begin() as conn:
            import_customers(conn, "accounts", slim)
            assert refresh_due_dates(conn) == 0
        with store.session() as s:
            assert set(meters_due(s, dt.date(2026, 8, 1), 0)["account"]) == city.due[0]
    finally:
        store.dispose()
