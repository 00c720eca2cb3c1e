"""``python app.py roles`` and the global ``--role``, as a user runs them (through ``app.main``, in-process)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy.engine import make_url

from models.store import open_store
from tests.support.cli import AppRun, run_app


def _app(*args: str, store: str | None = None) -> AppRun:
    # WATERGUARD_STORE is the README's way of pointing a desk at a store.
    return run_app(*args, env={"WATERGUARD_STORE": store} if store else None)


def test_sqlite_roles_need_no_setup_and_the_viewer_desk_cannot_write(store_url):
    open_store(store_url).dispose()
    listed = _app("--store", store_url, "roles", "--json")
    assert listed.returncode == 0, listed.stderr
    writes = json.loads(listed.stdout)["writes"]
    assert writes["leader"] == ["*"] and writes["viewer"] == []
    assert "repairs" in writes["dispatcher"] and "action_items" not in writes["dispatcher"]

    setup = _app("--store", store_url, "roles", "--setup")
    assert setup.returncode == 2 and "needs no set-up" in setup.stderr

    refused = _app("--role", "viewer", "demo", store=store_url)
    assert refused.returncode == 2
    assert "the viewer role cannot change events" in refused.stderr
    status = json.loads(_app("--role", "viewer", "--store", store_url, "status", "--json").stdout)
    assert status["event"] is None  # nothing was half-written; reading works


@pytest.mark.postgres
def test_postgres_roles_setup_then_desks_per_role(postgres_server, postgres_url):
    setup = _app("--store", postgres_url, "roles", "--setup", "--json")
    assert setup.returncode == 0, setup.stderr
    payload = json.loads(setup.stdout)
    assert payload["roles"]["dispatcher"] == "waterguard_dispatcher" and payload["tables"] > 30
    assert json.loads(_app("--store", postgres_url, "roles", "--json").stdout)["roles_set_up"] is True

    database = make_url(postgres_url).database
    dispatcher = postgres_server.url(database, postgres_server.login("dispatcher"))
    refused = _app("--store", dispatcher, "--role", "dispatcher", "demo")
    assert refused.returncode == 2
    assert "the dispatcher role cannot change events" in refused.stderr
    wrong = _app("--store", dispatcher, "--role", "leader", "status")
    assert wrong.returncode == 2 and "not a member of waterguard_leader" in wrong.stderr

    leader = postgres_server.url(database, postgres_server.login("leader"))
    loaded = _app("--role", "leader", "demo", "--json", store=leader)
    assert loaded.returncode == 0, loaded.stderr
    viewer = postgres_server.url(database, postgres_server.login("viewer"))
    status = json.loads(_app("--store", viewer, "--role", "viewer", "status", "--json").stdout)
    assert status["counts"]["pipes"] > 1000
