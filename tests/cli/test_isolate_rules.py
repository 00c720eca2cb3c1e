"""``isolate --rules [--set …]``: show and change the stored isolation rules, validated, all or nothing."""

from __future__ import annotations

import json

from services.isolation import isolation_rules
from tests.gis.test_isolation import store_network
from tests.support.cli import run_app


def test_show_change_and_refuse(store, store_url):
    shown = json.loads(run_app("--store", store_url, "isolate", "--rules", "--json").stdout)
    assert shown == {"min_pressure_m": 14.0, "order": "supply_side_first", "changed": False}
    out = run_app("--store", store_url, "isolate", "--rules", "--set", "min_pressure_m=20",
                  "--set", "order=nearest_first")
    assert out.returncode == 0, out.stderr
    assert "Minimum service pressure: 20 m" in out.stdout and "nearest first" in out.stdout
    with store.engine.connect() as conn:
        rules = isolation_rules(conn)
    assert (rules.min_pressure_m, rules.order) == (20.0, "break_outward")
    for bad, why in (["min_pressure_m=abc"], "not a number"), (["min_pressure_m=-3"], "must be above 0"), \
            (["order=random"], "supply_first, nearest_first"), (["colour=red"], "no such isolation rule"), \
            (["min_pressure_m"], "KEY=VALUE"):
        # A bad value anywhere: nothing changes, not even the good one before it.
        proc = run_app("--store", store_url, "isolate", "--rules", "--set", "order=supply_first", "--set", *bad)
        assert proc.returncode == 2 and why in proc.stderr and "Traceback" not in proc.stderr
    with store.engine.connect() as conn:
        assert isolation_rules(conn).order == "break_outward"
    # The order the isolation uses follows the rule.
    store_network(store)
    ans = json.loads(run_app("--store", store_url, "isolate", "P3", "--skip-valve", "V2", "--json").stdout)
    assert ans["order_rule"] == "break_outward"
    assert [v["code"] for v in ans["order"]][0] in ("V1", "V3", "V5", "V7")  # next to the break, not V4 by the works
    assert run_app("--store", store_url, "isolate", "--rules", "--set", "order=supply_first").returncode == 0
    ans = json.loads(run_app("--store", store_url, "isolate", "P3", "--skip-valve", "V2", "--json").stdout)
    assert ans["order_rule"] == "supply_side_first" and ans["order"][0]["code"] == "V4"


def test_set_without_rules_and_no_pipe(store, store_url):
    assert "--rules" in run_app("--store", store_url, "isolate", "--set", "order=supply_first").stderr
    proc = run_app("--store", store_url, "isolate")
    assert proc.returncode == 2 and "PIPE" in proc.stderr
