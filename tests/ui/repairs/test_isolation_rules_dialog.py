"""Settings → Isolation…: the desk edits the stored isolation rules; the next isolation follows them."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from services.isolation import isolation_rules
from tests.ui.repairs.test_repair_desk import demo_file, desk  # noqa: F401  (fixtures)
from ui.repairs.isolation_rules_dialog import IsolationRulesDialog


def _answer_dialog(min_pressure: float, order: str, accept: bool = True) -> None:
    def act() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, IsolationRulesDialog) and w.isVisible())
        dialog.min_pressure.setValue(min_pressure)
        dialog.order.setCurrentIndex(dialog.order.findData(order))
        dialog.accept() if accept else dialog.reject()
    QTimer.singleShot(0, act)


def test_settings_isolation_menu_changes_the_stored_rules(desk):  # noqa: F811
    window, ui, _, store = desk
    action = next(a for a in window.findChildren(QAction) if a.text() == "&Isolation…")
    assert action.isEnabled()
    _answer_dialog(21.5, "break_outward", accept=False)
    action.trigger()
    with store.engine.connect() as conn:
        assert isolation_rules(conn).order == "supply_side_first"  # cancelled: nothing stored
    _answer_dialog(21.5, "break_outward")
    action.trigger()
    with store.engine.connect() as conn:
        rules = isolation_rules(conn)
    assert (rules.min_pressure_m, rules.order) == (21.5, "break_outward")
    # The dialog opens on the stored values.
    dialog = IsolationRulesDialog(rules.min_pressure_m, rules.order)
    assert dialog.min_pressure.value() == 21.5 and dialog.order.currentData() == "break_outward"
    # The next isolation uses the rule.
    rid = ui.desk.create(pipe=1630, level="V")
    ui.repairs_dock.select_repair(rid)
    ui.repairs_dock._on_isolate()
    assert ui.desk.wait_isolation()
    assert ui.desk.answer.rules.order == "break_outward"
    assert ui.desk.answer.route_basis == "streets"  # the demo city has streets: the crew drives them
