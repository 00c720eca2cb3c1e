"""The Customer service dock with pytest-qt: imports off the GUI thread, lists, follow-up, rotation, export."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from PySide6.QtGui import QUndoStack

from models.event import Event
from models.map_layers import LayerList
from services.customers.importing import import_customers
from tests.services.customers.city import TODAY, build_city
from ui.customers.customers_dock import CustomersDock
from ui.customers.map_layers import CustomerMapLayers
from ui.common.desk import DeskContext

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 8, 1, 10, tzinfo=UTC)


@pytest.fixture
def city(tmp_path):
    return build_city(tmp_path, n=5000)


@pytest.fixture
def desk(store, city):
    with store.session() as s:
        s.add(Event(name="Summit", starts_at=NOW, ends_at=NOW + dt.timedelta(days=9), timezone="UTC",
                    local_crs="EPSG:32632"))
        s.commit()
    for kind, path in (("reads", None), ("routes", city.routes_csv), ("connections", city.connections_csv)):
        if path is not None:
            with store.engine.begin() as conn:
                import_customers(conn, kind, path)
    return DeskContext(store, QUndoStack(), user="tester", clock=lambda: NOW)


def _wait_lists(qtbot, dock):
    with qtbot.waitSignal(dock.lists_changed, timeout=30_000) as blocker:
        pass
    return blocker.args[0]


def test_dock_imports_lists_and_follows_up(qtbot, desk, city, tmp_path):
    dock = CustomersDock(desk)
    qtbot.addWidget(dock)
    _wait_lists(qtbot, dock)
    assert dock.accounts_model.rowCount() == 0
    # Accounts, then reads, imported off the GUI thread through the dock.
    with qtbot.waitSignal(dock.lists_changed, timeout=60_000):
        dock.import_dialog("accounts", str(city.accounts_csv))
    assert "5000" in dock.message.text()
    with qtbot.waitSignal(dock.lists_changed, timeout=60_000):
        dock.import_dialog("reads", str(city.reads_csv))
    qtbot.waitUntil(lambda: dock.zero_model.rowCount() == len(city.zero), timeout=30_000)
    lists = dock.lists
    assert set(lists.due["account"]) == city.due[0]
    assert dock.due_model.rowCount() == len(city.due[0])
    assert set(lists.rotation.past_tenure) == city.past_tenure
    assert dock.proposal_model.rowCount() == 3
    assert dock.connections_model.rowCount() == 3

    # Months ahead widens the list.
    with qtbot.waitSignal(dock.lists_changed, timeout=30_000):
        dock.months.setValue(12)
    assert dock.due_model.rowCount() == len(city.due[12])

    # Follow-up of a zero-volume user, undoable.
    row = next(i for i in range(dock.zero_model.rowCount()) if dock.zero_model.row(i)["account"] == "A001000")
    dock.zero_view.selectRow(row)
    dock.cause.setCurrentIndex(dock.cause.findData("suspected_bypass"))
    dock.owner.setText("王工")
    with qtbot.waitSignal(dock.lists_changed, timeout=30_000):
        dock.save_follow_up()
    saved = dock.zero_model.frame.set_index("account").loc["A001000"]
    assert saved["cause"] == "suspected_bypass" and saved["owner"] == "王工"

    # Export: the shown words and headers, every row.
    out = dock.export(dock.zero_model, "zero", str(tmp_path / "zero.xlsx"))
    sheet = openpyxl.load_workbook(out).active
    assert sheet.max_row == len(city.zero) + 1
    assert [c.value for c in sheet[1]][:3] == ["Account", "Name", "Finding"]

    # Accepting the rotation clears the readers past tenure.
    with qtbot.waitSignal(dock.lists_changed, timeout=30_000):
        dock.accept_rotation()
    qtbot.waitUntil(lambda: dock.lists.rotation.past_tenure == [], timeout=30_000)


def test_map_layers_follow_lists(qtbot, desk, store, tmp_path):
    import pandas as pd

    from gis.coords import Projector

    path = tmp_path / "located.csv"
    pd.DataFrame({"户号": ["P1", "P2", "P3"], "经度": [9.52, 9.53, 9.54], "纬度": [47.14, 47.15, 47.16],
                  "用户类别": ["居民", "大用户", "重要用户"], "表号": ["X1", "X2", "X3"], "口径": ["20", "20", "100"],
                  "检定日期": ["2015-01-01", "2026-01-01", "2025-08-20"]}).to_csv(path, index=False, encoding="gbk")
    with store.engine.begin() as conn:
        import_customers(conn, "accounts", path)
    layers = LayerList()
    dock = CustomersDock(desk)
    qtbot.addWidget(dock)
    mapped = CustomerMapLayers(layers, Projector("EPSG:32632"), dock)
    dock.lists_changed.connect(mapped.show)
    _wait_lists(qtbot, dock)
    due = layers["meters_due"].data
    # P1 (DN20, 2015 + 6 years) is overdue; P3 (DN100, verified 2025-08-20 + 2 years) is not due yet.
    assert list(due.attrs["code"]) == ["P1"] and list(due.codes) == [0]
    customers = layers["customers"].data
    assert sorted(customers.attrs["code"]) == ["P1", "P2", "P3"]
    assert sorted(customers.codes.tolist()) == [0, 2, 3]  # household, large, important
    # P2 and P3 have no reads at all: listed as zero-volume (never read), placed on the map.
    assert set(layers["zero_volume"].data.attrs["code"]) == {"P1", "P2", "P3"}
