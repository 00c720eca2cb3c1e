"""The Repairs dock's isolation page on the demo city: cut-off pipes, reasons, options, choice, order, pressure."""

from __future__ import annotations

import json
import shutil
import subprocess

from sqlalchemy import select

from models.isolation import RepairIsolation
from models.repair import Notification
from tests.ui.repairs.test_repair_desk import demo_file, desk  # noqa: F401  (fixtures)

P01630 = 1630


def test_isolation_page_shows_cut_off_options_and_records_the_choice(desk, qtbot, tmp_path):  # noqa: F811
    _, ui, _, store = desk
    rid = ui.desk.create(pipe=P01630, level="V")
    dock = ui.repairs_dock
    panel = dock.iso_panel
    dock.select_repair(rid)
    dock._on_isolate()  # computed on the isolation worker
    assert ui.desk.wait_isolation()
    r = ui.desk.isolation
    assert r.cut_off_pipes == ["P00563", "P00564", "P00602", "P00603"]
    assert "Cut off from every source: 4 pipe(s), 254 m" in panel.summary.text()
    assert not panel.warning.isHidden() and "Hotel Residence" in panel.warning.text()
    assert "cut off from every source" in panel.warning.text()
    # The valves in the order to close them, with DN and the distance from the works.
    assert [panel.valve_table.item(i, 1).text() for i in range(panel.valve_table.rowCount())] == ["1", "2"]
    assert panel.valve_table.item(0, 0).text() == "V00862" and panel.valve_table.item(0, 2).text() == "150"
    cells = [(panel.affected_table.item(i, 0).text(), panel.affected_table.item(i, 2).text())
             for i in range(panel.affected_table.rowCount())]
    assert ("Hotel Residence", "cut off from every source") in cells
    # The options, plain first; none keeps the residence fed: the page says so.
    assert panel.options_table.rowCount() >= 2 and not panel.options_table.isHidden()
    assert "temporary supply" in panel.options_note.text()
    # The map shows the cut-off pipes too.
    assert len(ui.map.layers["isolation_pipes"].data) == 1 + 4
    # Choosing without a reason is refused (a guarded place goes dry); with one it is recorded and notified.
    failures = []
    ui.desk.failed.connect(failures.append)
    panel.options_table.selectRow(1)
    panel._on_choose()
    assert failures and "guarded place" in failures[-1]
    panel.reason_edit.setText("V00862 is under the construction site")
    rank = panel.selected_option()
    panel.options_table.selectRow(1)
    panel._on_choose()
    with store.session() as s:
        row = s.scalars(select(RepairIsolation).where(RepairIsolation.repair_id == rid)).one()
        assert row.option_rank == rank == 1 and row.reason == "V00862 is under the construction site"
        assert json.loads(row.guarded_json) == ["RES02"]
        notes = s.scalars(select(Notification).where(Notification.repair_id == rid,
                                                     Notification.subject.like("%isolation%"))).all()
        assert notes
    assert "recorded" in panel.options_note.text()
    # The isolation order PDF of the chosen isolation.
    pdf = tmp_path / "order.pdf"
    assert ui.desk.write_order(str(pdf)) == str(pdf) and pdf.stat().st_size > 0
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "Valve isolation order" in text and "Repair R" in text
    # The demo city carries no hydraulic data: the pressure step runs off the GUI thread and says why.
    with qtbot.waitSignal(ui.desk.pressure_done, timeout=20000):
        panel._on_pressure()
    assert "no hydraulic data" in panel.pressure_label.text() and panel.pressure_bar.isHidden()


def test_isolation_pipes_are_found_by_id_in_sorted_or_unsorted_layers():
    import numpy as np

    from ui.repairs.map import _rows_of

    ids = np.array([3, 7, 9, 12], np.int64)
    assert _rows_of(ids, np.array([9, 4, 3], np.int64)).tolist() == [2, -1, 0]
    shuffled = np.array([12, 3, 9, 7], np.int64)
    assert _rows_of(shuffled, np.array([7, 12, 5], np.int64)).tolist() == [3, 0, -1]
    assert _rows_of(np.empty(0, np.int64), np.array([1], np.int64)).tolist() == [-1]
