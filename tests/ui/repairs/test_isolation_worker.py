"""The desk computes an isolation on its isolation worker: the page says so meanwhile, the answer comes in one piece,
and it is the answer ``isolate`` prints for the same pipe."""

from __future__ import annotations

import json

from tests.support.cli import run_app
from tests.ui.repairs.test_repair_desk import demo_file, desk  # noqa: F401  (fixtures)


def test_isolation_runs_on_the_worker_and_matches_the_cli(desk, qtbot):  # noqa: F811
    window, ui, _, store = desk
    rid = ui.desk.create(pipe=1630, level="V")
    dock = ui.repairs_dock
    panel = dock.iso_panel
    window.show()
    dock.select_repair(rid)
    busy, answers = [], []
    ui.desk.isolation_busy.connect(busy.append)
    ui.desk.answer_changed.connect(answers.append)
    assert ui.desk._network is None  # not read yet: the first isolation reads it, on the worker
    assert ui.desk.isolate(rid) is True
    # Back at once: nothing handed over yet, the page says it is computing and its buttons wait.
    assert busy == [True] and answers == [] and ui.desk.answer is None
    assert panel.busy_label.isVisible() and not panel.isolate_button.isEnabled()
    assert dock.tabs.currentIndex() == 2  # the Isolation page, where the answer will show
    with qtbot.waitSignal(ui.desk.answer_changed, timeout=60_000):
        pass
    assert busy == [True, False] and len(answers) == 1 and ui.desk.answer is answers[0]
    assert not panel.busy_label.isVisible() and panel.isolate_button.isEnabled()
    assert ui.desk._network is not None  # kept for the session's next isolations
    desk_json = ui.desk.answer.as_json()
    assert desk_json["valves"] and panel.valve_table.rowCount() == len(desk_json["order"])
    # The CLI on the same store gives the same numbers.
    proc = run_app("--store", str(store.engine.url), "isolate", "1630", "--json")
    assert proc.returncode == 0, proc.stderr
    cli = json.loads(proc.stdout)
    for key in ("valves", "isolated_pipes", "isolated_length_m", "cut_off_pipes", "cut_off_length_m", "dry_length_m",
                "affected_users", "guarded_places_affected", "hydrants", "customers", "options", "status"):
        assert cli[key] == desk_json[key], key
    # The order and the crew's route along the pipes (the desk drives its feed's street graph of the demo; ``isolate``
    # finds no streets stored in this store: each keeps the route along the pipes, as route_pipe_m or route_m).
    def along_pipes(ans: dict) -> list[tuple]:
        key = "route_pipe_m" if ans["route_basis"] == "streets" else "route_m"
        return [(v["code"], v["step"], v["from_source_m"], v["from_break_m"], v[key]) for v in ans["order"]]

    assert along_pipes(cli) == along_pipes(desk_json) and len(cli["order"]) >= 2


def test_a_pipe_the_network_does_not_know_is_refused_after_the_worker(desk, qtbot):  # noqa: F811
    _, ui, _, _ = desk
    failures = []
    ui.desk.failed.connect(failures.append)
    with qtbot.waitSignal(ui.desk.isolation_busy, timeout=60_000, check_params_cb=lambda b: not b):
        ui.desk.isolate(None, pipe_id=987_654_321)
    assert failures and "987654321" in failures[-1] and ui.desk.answer is None


def test_the_map_shows_the_valves_to_close_and_the_one_found_broken(desk):  # noqa: F811
    from tests.ui.repairs.test_repair_desk import isolate_at_the_stadium

    _, ui, _, _ = desk
    rid, dock = isolate_at_the_stadium(ui)
    layer = ui.map.layers["isolation_valves"].data
    to_close = [v["code"] for v in ui.desk.isolation.valves]
    assert [c for c, k in zip(layer.attrs["code"], layer.codes, strict=True) if k == 0] == to_close
    dock.valve_table.selectRow(0)
    broken = dock.valve_table.item(0, 0).text()
    dock._on_mark_valve("broken")
    assert ui.desk.wait_isolation()
    layer = ui.map.layers["isolation_valves"].data
    assert broken in ui.desk.isolation.passed_valves
    assert (broken, 1) in set(zip(layer.attrs["code"], layer.codes.tolist(), strict=True))  # drawn as skipped
