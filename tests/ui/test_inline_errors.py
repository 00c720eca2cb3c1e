"""Issue 16 (4): refusals translated, next to the field, not modal, cleared by the next success."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from tests.ui.desk_windows import demo_file, open_desk  # noqa: F401 (fixtures)
from ui.feedback.errors import error_field, translate_error


def test_an_empty_action_item_is_refused_next_to_its_field_in_chinese(open_desk, qtbot):
    window = open_desk("zh_CN")
    duty = window.duty_dock
    duty.show()
    duty.raise_()
    duty.item_problem.setFocus()
    duty.add_item()  # no problem typed

    assert "督办事项需要填写问题描述" in duty.message.text()
    assert "An action item" not in duty.message.text()
    assert "border" in duty.item_problem.styleSheet()
    assert duty.item_problem.toolTip() == "督办事项需要填写问题描述"
    assert window.findChildren(QMessageBox) == [] or not any(b.isVisible() for b in window.findChildren(QMessageBox))
    # The other docks do not repeat it.
    assert window.zero_reports_dock.message.text() == ""
    assert window.resources_dock.message.text() == ""

    # Typing in the field takes the red frame away; the next success clears the message.
    qtbot.keyClicks(duty.item_problem, "H1 leak")
    assert "border" not in duty.item_problem.styleSheet()
    duty.add_item()
    assert "督办事项需要填写问题描述" not in duty.message.text()
    assert duty.message.text().startswith("已提出事项")  # "Item … raised", the dock's own success line

    duty.add_item()  # empty again: refused again
    assert "督办事项需要填写问题描述" in duty.message.text()
    window.undo_stack.undo()  # any success clears it
    assert duty.message.text() == ""


def test_a_contact_without_a_name_is_refused_on_its_name(open_desk):
    window = open_desk("zh_CN")
    contacts = window.duty_dock.findChild(type(window.duty_dock.contacts) if hasattr(window.duty_dock, "contacts")
                                          else object, "contactsTab")
    assert contacts is not None
    window.duty_dock.show()
    window.duty_dock.raise_()
    contacts.new_contact()
    contacts.name_edit.clear()
    contacts.save()
    assert "联系人需要填写姓名" in window.duty_dock.message.text()
    assert "border" in contacts.name_edit.styleSheet()


def test_service_messages_are_translated_with_their_field():
    assert translate_error("Only 2 of repair clamp DN200 @ Vaduz central store in stock; cannot take 5 for repair R1") \
        == "Only 2 of repair clamp DN200 @ Vaduz central store in stock; cannot take 5 for repair R1"  # en catalogue
    assert error_field("Take a positive number of tee DN100 (got 0)") == "take_quantity"
    assert error_field("A contact needs a name") == "name_edit"
    assert translate_error("something new") == "something new"
