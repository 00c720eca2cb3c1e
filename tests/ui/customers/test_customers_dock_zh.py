"""The Customer service dock in Chinese: the services' refusals show in Chinese, no English of ours."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication

from services.customers.tickets import open_ticket
from ui.common.desk import DeskContext
from ui.common.i18n import install_translators
from ui.customers.customers_dock import CustomersDock

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 8, 1, 10, tzinfo=UTC)
LATIN = re.compile(r"[A-Za-z]{2,}")


@pytest.fixture
def chinese():
    install_translators(QApplication.instance(), "zh_CN")
    yield
    install_translators(QApplication.instance(), "en")


def test_dock_refusals_in_chinese(qtbot, store, tmp_path, chinese):
    desk = DeskContext(store, QUndoStack(), user="tester", clock=lambda: NOW)
    dock = CustomersDock(desk)
    qtbot.addWidget(dock)
    dock.resize(900, 600)
    dock.show()
    bad = tmp_path / "户表.csv"
    bad.write_text("户号,户名,地址\nK1,张,一路\nK1,李,二路\n", encoding="gbk")
    qtbot.waitUntil(lambda: not dock._busy, timeout=30_000)
    dock.import_dialog("accounts", str(bad))
    qtbot.waitUntil(lambda: "未导入" in dock.message.text(), timeout=30_000)
    text = dock.message.text()
    assert "户表.csv：第 2, 3 行户号重复" in text
    assert not LATIN.findall(text.replace("户表.csv", "")), text

    # A refusal raised inside a desk write reaches the dock in Chinese too.
    ok, message = desk.run(lambda s: open_ticket(s, kind="complaint", now=NOW))
    assert not ok and message == "未知工单类型 complaint"
    out = Path(os.environ.get("WG_SHOTS", tmp_path)) / "customers_dock_zh.png"
    dock.grab().save(str(out))
    assert out.stat().st_size > 0


def test_new_ticket_form_then_emergency_repair(qtbot, store, tmp_path, chinese):
    from sqlalchemy import select

    from models.customers import ServiceTicket
    from services.customers.importing import import_customers

    acc = tmp_path / "户.csv"
    acc.write_text("户号,户名,地址,经度,纬度\nK1,张,一路,9.52,47.14\n", encoding="utf-8")
    with store.engine.begin() as conn:
        import_customers(conn, "accounts", acc)
    desk = DeskContext(store, QUndoStack(), user="tester", clock=lambda: NOW)
    dock = CustomersDock(desk)
    qtbot.addWidget(dock)
    dock.resize(900, 700)
    dock.show()
    form = dock.new_ticket
    form.kind.setCurrentIndex(form.kind.findData("repair"))
    hours = form.deadline.text()
    assert "小时" in hours and not LATIN.findall(hours), hours
    form.account.setText("K9")
    form.use_account_location()
    assert "没有户号 K9" in form.result.text()
    form.account.setText("K1")
    form.use_account_location()
    assert (form.lon, form.lat) == (9.52, 47.14)
    form.set_location(9.53, 47.15)  # a click on the map wins
    form.description.setText("路边漏水")
    form.owner.setText("王五")
    form.open_button.click()
    assert "已受理，须在 2026-08-01 " in form.result.text(), form.result.text()
    with store.session() as s:
        t = s.scalars(select(ServiceTicket)).one()
        assert (t.kind, t.owner, t.lon, t.lat, t.description) == ("repair", "王五", 9.53, 47.15, "路边漏水")
    qtbot.waitUntil(lambda: dock.tickets_model.rowCount() == 1, timeout=30_000)
    dock.tabs.setCurrentIndex(dock.tabs.count() - 1)
    dock.tickets_view.selectRow(0)
    dock.escalate_selected()
    assert "抢修" in dock.message.text()
    out = Path(os.environ.get("WG_SHOTS", tmp_path)) / "customers_ticket_form_zh.png"
    dock.grab().save(str(out))


def test_freeze_tab_lists_frozen_kinds_and_refuses_beside_the_button(qtbot, store, tmp_path, chinese):
    from sqlalchemy import select

    from models.customers import FrozenRequest
    from models.event import Event
    from ui.customers.frozen_actions import FrozenActionsPanel

    with store.session() as s:
        s.add(Event(name="峰会", starts_at=NOW - dt.timedelta(days=1), ends_at=NOW + dt.timedelta(days=8),
                    timezone="UTC", local_crs="EPSG:32632"))
        s.commit()
    desk = DeskContext(store, QUndoStack(), user="收费员", clock=lambda: NOW)
    panel = FrozenActionsPanel(desk)
    qtbot.addWidget(panel)
    panel.resize(700, 120)
    panel.show()
    listed = panel.kinds_label.text()
    assert "欠费催缴" in listed and "净水工艺调整" in listed and "峰会" in listed
    assert not LATIN.findall(listed.replace("UTC", "")), listed
    assert panel.request_arrears_chasing() is False
    text = panel.result.text()
    assert "拒绝" in text and "峰会" in text and not LATIN.findall(text), text
    with store.session() as s:
        req = s.scalars(select(FrozenRequest)).one()
        assert (req.kind, req.status, req.requested_by) == ("arrears_chasing", "refused", "收费员")
    out = Path(os.environ.get("WG_SHOTS", tmp_path)) / "customers_frozen_zh.png"
    panel.grab().save(str(out))
    # After the window: accepted, said on the same line.
    desk.clock = lambda: NOW + dt.timedelta(days=9)
    assert panel.request_arrears_chasing() is True
    assert "已受理" in panel.result.text() or "接受" in panel.result.text()


def test_main_window_wires_map_click_and_freeze_panel(qtbot, store, tmp_path, monkeypatch, chinese):
    from ui.customers.frozen_actions import FrozenActionsPanel
    from ui.main_window import MainWindow

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    window = MainWindow(store, "zh_CN")
    qtbot.addWidget(window)
    dock = window.iface.feature("customers")
    duty = window.iface.dock("duty")
    assert isinstance(dock.frozen_actions, FrozenActionsPanel)
    assert dock.frozen_actions.parent() is not None and duty.isAncestorOf(dock.frozen_actions)
    canvas, tool = window.iface.map.canvas, window.iface.map.tools["ticket_location"]
    dock.new_ticket.pick_button.setChecked(True)
    assert canvas.map_tool() is tool
    x, y = window.iface.map.projector.to_local(9.52, 47.14)
    tool.point_chosen.emit(float(x), float(y))  # what a click on the map sends
    assert dock.new_ticket.lon == pytest.approx(9.52) and dock.new_ticket.lat == pytest.approx(47.14)
    assert not dock.new_ticket.pick_button.isChecked()
    assert canvas.map_tool() is not tool
