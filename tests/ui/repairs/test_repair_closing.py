"""After 已恢复 (restored) the repair leaves the open list, the detail and the alarm line; "closed today" shows it."""

from __future__ import annotations

from tests.ui.repairs.test_repair_desk import desk, demo_file  # noqa: F401  (fixtures)


def test_restored_repair_leaves_the_list_detail_and_alarm_and_is_closed_today(desk, qtbot):
    _, ui, clocks, store = desk
    dock = ui.repairs_dock
    late = ui.desk.create(lon=9.53, lat=47.17, description="late one", level="V")
    other = ui.desk.create(lon=9.52, lat=47.16, description="other", level="V")
    code = ui.desk.repair(late).code
    clocks.t += 11 * 60  # the dispatch limit (10 min) overruns
    with qtbot.waitSignal(ui.desk.alarm_raised):
        ui.desk.check_alarms()
    other_code = ui.desk.repair(other).code
    assert dock.alarm_label.isVisibleTo(dock)
    assert code in dock.alarm_label.text() and other_code in dock.alarm_label.text()

    dock.select_repair(late)
    assert dock.current_id == late and code in dock.title.text()
    for _ in range(5):  # dispatched, arrived, isolated, repaired, restored
        ui.desk.set_next_milestone(late)
    assert ui.desk.repair(late).status == "restored"
    ids = [r.id for r in dock.repairs]
    assert late not in ids and other in ids
    assert dock.current_id is None and code not in dock.title.text()
    # The alarm line keeps the other overrun only; when that one is restored too, it goes.
    assert code not in dock.alarm_label.text() and other_code in dock.alarm_label.text()
    assert dock.alarm_label.isVisibleTo(dock)
    for _ in range(5):
        ui.desk.set_next_milestone(other)
    assert not dock.alarm_label.isVisibleTo(dock)

    dock.closed_today_box.setChecked(True)
    assert sorted(r.id for r in dock.repairs) == sorted([late, other])
    assert dock.table.rowCount() == 2 and code in dock.table.item(1, 0).text() + dock.table.item(0, 0).text()
    dock.closed_today_box.setChecked(False)
    assert late not in [r.id for r in dock.repairs]

    # Undo of the last restoration brings that repair back to the open list.
    ui.desk.desk.undo_stack.undo()
    assert other in [r.id for r in dock.repairs] and late not in [r.id for r in dock.repairs]
