"""``python app.py demo`` and ``status`` as a user runs them (through ``app.main``, in-process)."""

from __future__ import annotations

import json

from tests.support.cli import run_app as _app


def test_demo_then_status(store_url):
    done = _app("--store", store_url, "demo", "--json")
    assert done.returncode == 0, done.stderr
    written = json.loads(done.stdout)
    assert written["counts"]["pipes"] > 1000

    status = _app("--store", store_url, "status", "--json")
    assert status.returncode == 0, status.stderr
    info = json.loads(status.stdout)
    for kind in ("pipes", "valves", "hydrants", "venues", "residences", "routes", "sites",
                 "key_roads", "key_areas", "users", "teams", "vehicles"):
        assert info["counts"][kind] > 0, kind
    assert info["event"]["name"] == "International Summit"
    assert info["event"]["name_zh"] == "国际峰会"


def test_demo_refuses_a_store_with_data_unless_forced(store_url):
    assert _app("--store", store_url, "demo").returncode == 0
    again = _app("--store", store_url, "demo", "--json")
    assert again.returncode == 2
    assert json.loads(again.stdout)["error"] == "store not empty"
    forced = _app("--store", store_url, "demo", "--force", "--json")
    assert forced.returncode == 0, forced.stderr
    status = json.loads(_app("--store", store_url, "status", "--json").stdout)
    # Wiped, then written once: the counts are the demo's, not doubled.
    assert status["counts"]["pipes"] == json.loads(forced.stdout)["counts"]["pipes"]
