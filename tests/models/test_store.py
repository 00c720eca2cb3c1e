"""The store opens, migrates, upgrades old stores and refuses what it cannot read."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select, text

import models
from models.event import Event
from models.store import StoreError, current_revision, head_revision, make_engine, open_store, upgrade


@pytest.fixture
def new_store(store_url):
    """A store migrated from nothing by open_store here (not the session's template copy: that is what is tested)."""
    store = open_store(store_url)
    yield store
    store.dispose()


def test_new_store_is_at_head_in_wal_mode(new_store):
    store = new_store
    assert current_revision(store.engine) == head_revision()
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_migrations_build_exactly_the_models(new_store):
    """Every table and column of the models exists in a migrated store, and nothing else."""
    with new_store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), models.metadata)
    assert diff == []


def test_store_written_by_older_schema_opens_and_upgrades(store_url):
    engine = make_engine(store_url)
    upgrade(engine, "0001")
    assert current_revision(engine) == "0001"
    assert "store_changes" not in inspect(engine).get_table_names()
    with engine.begin() as conn:
        conn.execute(
            models.event.Event.__table__.insert(),
            {"name": "Old Summit", "starts_at": dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc),
             "ends_at": dt.datetime(2026, 1, 3, tzinfo=dt.timezone.utc), "timezone": "UTC", "local_crs": "EPSG:32632"},
        )
    engine.dispose()

    store = open_store(store_url)
    try:
        assert current_revision(store.engine) == head_revision()
        assert "store_changes" in inspect(store.engine).get_table_names()
        with store.session() as s:
            assert s.scalars(select(Event.name)).all() == ["Old Summit"]
    finally:
        store.dispose()


def test_garbage_file_is_a_clear_store_error(tmp_path):
    path = tmp_path / "not-a-store.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="Cannot open the store .*not-a-store.sqlite"):
        open_store(f"sqlite:///{path}")


def test_store_from_newer_program_is_refused_untouched(store_url):
    store = open_store(store_url)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999future'"))
    store.dispose()
    with pytest.raises(StoreError, match="newer WaterGuard"):
        open_store(store_url)
    path = store_url.removeprefix("sqlite:///")
    assert sqlite3.connect(path).execute("select version_num from alembic_version").fetchone() == ("9999future",)


def test_environment_variable_names_the_default_store(monkeypatch, tmp_path):
    from models.store import default_store_url

    monkeypatch.setenv("WATERGUARD_STORE", "sqlite:///" + str(tmp_path / "env.sqlite"))
    assert default_store_url().endswith("env.sqlite")
    monkeypatch.delenv("WATERGUARD_STORE")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_store_url() == f"sqlite:///{tmp_path / 'xdg' / 'WaterGuard' / 'waterguard.sqlite'}"


def test_schema_head_constant_is_alembics_head():
    from models.store import SCHEMA_HEAD

    assert SCHEMA_HEAD == head_revision(), "update models.store.SCHEMA_HEAD after adding a migration"
