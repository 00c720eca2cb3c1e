"""Roles are enforced by the store connection: viewer reads only, dispatcher writes its tables only."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import insert, text, update

import models
from models.changes import ChangeWatcher
from models.duty import ActionItem
from models.repair import Notification, Repair, Vehicle
from models.roles import PermissionDenied, grant_roles, may_write
from models.store import StoreError, open_store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def role_stores(desk_urls):
    """One open store per role, plus a repair and an action item to try edits on."""
    stores = {role: open_store(url, role=role, desk=f"{role}-desk") for role, url in desk_urls.items()}
    with stores["leader"].session() as s:
        s.add_all([Repair(code="R-1", address="Vaduz"), ActionItem(code="AI-1", problem="p")])
        s.commit()
    yield stores
    for store in stores.values():
        store.dispose()


def test_viewer_cannot_write_anything(role_stores):
    viewer = role_stores["viewer"]
    with viewer.session() as s:
        repair = s.query(Repair).one()  # reading works
        repair.address = "changed on the wall"
        with pytest.raises(PermissionDenied, match="the viewer role cannot change repairs"):
            s.commit()
    with pytest.raises(PermissionDenied, match="viewer role cannot change action_items"):
        with viewer.engine.begin() as conn:
            conn.execute(text("DELETE FROM action_items"))
    with role_stores["leader"].session() as s:
        assert s.query(Repair).one().address == "Vaduz"


def test_viewer_is_refused_by_the_driver_or_server_itself(role_stores):
    """Not our error mapping: the raw DBAPI connection refuses too (read-only file / server role)."""
    viewer = role_stores["viewer"]
    raw = viewer.engine.raw_connection()
    try:
        cur = raw.cursor()
        with pytest.raises(Exception, match="readonly|permission denied"):
            cur.execute("UPDATE repairs SET address = 'x'")
    finally:
        raw.close()


def test_dispatcher_writes_repairs_but_not_action_items(role_stores):
    dispatcher = role_stores["dispatcher"]
    with dispatcher.session() as s:
        repair = s.query(Repair).one()
        repair.status = "dispatched"
        s.add(Vehicle(code="V-9", name="Truck 9", device_id="dev-9"))
        s.add(Notification(repair=repair, recipient="Hospital Vaduz"))
        s.commit()  # repairs, vehicles, notifications and their change markers
    with dispatcher.session() as s:
        item = s.query(ActionItem).one()
        item.owner = "dispatcher"
        with pytest.raises(PermissionDenied, match="the dispatcher role cannot change action_items") as caught:
            s.commit()
        assert caught.value.table == "action_items" and caught.value.role == "dispatcher"
    with pytest.raises(PermissionDenied, match="cannot change action_items"):
        with dispatcher.engine.begin() as conn:
            conn.execute(insert(ActionItem.__table__).values(code="AI-2", problem="x"))
    with role_stores["leader"].session() as s:
        assert s.query(Repair).one().status == "dispatched"
        assert s.query(ActionItem).one().owner == ""
    # The leader may change everything.
    with role_stores["leader"].engine.begin() as conn:
        conn.execute(update(ActionItem.__table__).values(owner="leader"))


def test_dispatcher_cannot_change_the_schema(role_stores):
    with pytest.raises(PermissionDenied):
        with role_stores["dispatcher"].engine.begin() as conn:
            conn.execute(text("DROP TABLE action_followups"))


def test_viewer_watches_without_writing(role_stores):
    """The wall watches changes with read-only rights (pruning turns itself off)."""
    import queue

    got: queue.Queue = queue.Queue()
    watcher = ChangeWatcher(role_stores["viewer"].engine, got.put, prune_every=0.0)
    watcher.start()
    try:
        with role_stores["dispatcher"].session() as s:
            s.query(Repair).one().status = "on_site"
            s.commit()
        batch = got.get(timeout=2.0)
    finally:
        watcher.stop()
    assert batch[0].table == "repairs" and batch[0].desk == "dispatcher-desk"
    assert watcher.prune_every is None


def test_viewer_in_another_process_is_refused(desk_urls):
    open_store(desk_urls["leader"]).dispose()
    done = subprocess.run(
        [sys.executable, "-m", "tests.support.desk", desk_urls["viewer"], "viewer", "add-repair", "R-9", "x"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 3, done.stderr
    last = json.loads(done.stdout.splitlines()[-1])
    assert last == {"step": "refused", "error": last["error"], "table": "repairs"}
    assert last["error"].startswith("the viewer role cannot change repairs")


def test_may_write_matches_the_roles():
    assert may_write("leader", "action_items")
    assert may_write("dispatcher", "repairs") and not may_write("dispatcher", "action_items")
    assert may_write("dispatcher", "audit_log", "insert") and not may_write("dispatcher", "audit_log", "delete")
    assert not any(may_write("viewer", t) for t in models.metadata.tables)
    with pytest.raises(ValueError, match="unknown role"):
        may_write("admin", "repairs")


def test_sqlite_viewer_cannot_open_a_store_that_needs_upgrading(tmp_path):
    from models.store import make_engine, upgrade

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = make_engine(url)
    upgrade(engine, "0001")
    engine.dispose()
    with pytest.raises(StoreError, match="viewer cannot upgrade"):
        open_store(url, role="viewer")
    with pytest.raises(StoreError, match="Cannot open the store"):
        open_store(f"sqlite:///{tmp_path / 'missing.sqlite'}", role="viewer")


@pytest.mark.postgres
def test_postgres_store_migrates_to_exactly_the_models(postgres_url):
    store = open_store(postgres_url)
    try:
        with store.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), models.metadata) == []
    finally:
        store.dispose()


@pytest.mark.postgres
def test_postgres_logins_take_only_their_own_role(postgres_server, postgres_url):
    from sqlalchemy.engine import make_url

    owner = open_store(postgres_url)
    tables = grant_roles(owner.engine)
    assert grant_roles(owner.engine) == tables  # idempotent
    owner.dispose()
    database = make_url(postgres_url).database
    dispatcher_login = postgres_server.login("dispatcher")
    with pytest.raises(StoreError, match="not a member of waterguard_leader"):
        open_store(postgres_server.url(database, dispatcher_login), role="leader")
    with pytest.raises(StoreError, match="not a member of waterguard_viewer"):
        open_store(postgres_server.url(database, dispatcher_login), role="viewer")
    # Even after RESET ROLE, the login only has its group's rights.
    store = open_store(postgres_server.url(database, dispatcher_login), role="dispatcher")
    try:
        with pytest.raises(PermissionDenied, match="cannot change action_items"):
            with store.engine.begin() as conn:
                conn.execute(text("RESET ROLE"))
                conn.execute(insert(ActionItem.__table__).values(code="AI-3", problem="x"))
    finally:
        store.dispose()
