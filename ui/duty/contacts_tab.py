"""The duty desk's Contacts tab: important users, media, government and internal staff to notify.

Keyboard first: the table lists the contacts; selecting a row loads it into
the form, Enter in the form saves (a new contact, or the selected one),
Ctrl+N starts a new one, Delete on the table removes the selected contact.
Every change is undoable through the desk's shared undo stack and audited.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTableWidgetItem, QVBoxLayout, QWidget,
)

from services.duty.desk import CONTACT_GROUPS, add_contact, contacts, delete_contact, update_contact
from models.repair import REPAIR_LEVELS
from ui.common.desk import DeskContext, KeyBindings
from ui.common.widgets import read_only_table

#: Tables a change in this tab writes (the role check).
WRITES = ("contacts",)


class ContactsTab(QWidget):
    """List, add, edit and delete the contacts to notify."""

    COLUMNS = ("group", "name", "organisation", "phone", "email", "min_level")

    def __init__(self, desk: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contactsTab")
        self.desk = desk
        self.editing: int | None = None  # id of the contact in the form; None: a new one
        self.read_only_reason: str | None = None
        layout = QVBoxLayout(self)
        self.table = read_only_table(self, [self.tr("Group"), self.tr("Name"), self.tr("Organisation"),
                                            self.tr("Phone"), self.tr("E-mail"), self.tr("Told from level")])
        self.table.setObjectName("contactsTable")
        self.table.setToolTip(self.tr("Select a contact to edit it below; Delete removes it (Ctrl+Z undoes)"))
        layout.addWidget(self.table, 1)

        form = QFormLayout()
        self.group_combo = QComboBox(self)
        for group in CONTACT_GROUPS:
            self.group_combo.addItem(self.group_label(group), group)
        self.name_edit = QLineEdit(self)
        self.organisation_edit = QLineEdit(self)
        self.phone_edit = QLineEdit(self)
        self.email_edit = QLineEdit(self)
        self.level_combo = QComboBox(self)
        for level in REPAIR_LEVELS:
            self.level_combo.addItem(self.tr("Level {0} and above").format(level) if level != "V"
                                     else self.tr("Every level"), level)
        self.level_combo.setCurrentIndex(REPAIR_LEVELS.index("IV"))
        self.level_combo.setToolTip(self.tr("The least severe repair level this contact is told about "
                                            "(I most severe, V routine)"))
        for label, widget in ((self.tr("&Group:"), self.group_combo), (self.tr("&Name:"), self.name_edit),
                              (self.tr("&Organisation:"), self.organisation_edit),
                              (self.tr("P&hone:"), self.phone_edit), (self.tr("E-&mail:"), self.email_edit),
                              (self.tr("Told from &level:"), self.level_combo)):
            form.addRow(label, widget)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        self.mode_label = QLabel(self)
        self.new_button = QPushButton(self.tr("&New contact"), self)
        self.new_button.setToolTip(self.tr("Clear the form for a new contact (Ctrl+N)"))
        self.save_button = QPushButton(self.tr("Sa&ve contact"), self)
        self.save_button.setToolTip(self.tr("Add the new contact or save the selected one (Enter in the form)"))
        self.delete_button = QPushButton(self.tr("&Delete contact"), self)
        self.delete_button.setToolTip(self.tr("Remove the selected contact (Delete on the list)"))
        buttons.addWidget(self.mode_label, 1)
        for b in (self.new_button, self.save_button, self.delete_button):
            buttons.addWidget(b)
        layout.addLayout(buttons)

        self.table.currentCellChanged.connect(self._on_current_change)
        self.new_button.clicked.connect(self.new_contact)
        self.save_button.clicked.connect(self.save)
        self.delete_button.clicked.connect(self.delete_selected)
        for edit in (self.name_edit, self.organisation_edit, self.phone_edit, self.email_edit):
            edit.returnPressed.connect(self.save)
        KeyBindings(self.table, [(Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier, self.delete_selected)])
        QShortcut(QKeySequence.StandardKey.New, self, self.new_contact,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._update_mode()

    # -- labels -------------------------------------------------------------------
    def group_label(self, group: str) -> str:
        """A contact group as people say it."""
        return {"important_user": self.tr("Important users"), "media": self.tr("Media"),
                "government": self.tr("Government"), "internal": self.tr("Internal")}.get(group, group)

    def edit_widgets(self) -> list[QWidget]:
        """The controls that change the store (disabled on a desk whose role may not)."""
        return [self.group_combo, self.name_edit, self.organisation_edit, self.phone_edit, self.email_edit,
                self.level_combo, self.new_button, self.save_button, self.delete_button]

    # -- reading ------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the contacts (keeps the selection by id)."""
        with self.desk.store.session() as s:
            rows = [(c.id, [self.group_label(c.group), c.name, c.organisation or "", c.phone or "",
                            c.email or "", c.min_level]) for c in contacts(s, CONTACT_GROUPS)]
        keep = self.editing
        self.table.blockSignals(True)
        self.table.setRowCount(len(rows))
        for r, (cid, values) in enumerate(rows):
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, cid)
                self.table.setItem(r, c, item)
        ids = [cid for cid, _ in rows]
        self.table.blockSignals(False)
        if keep is not None and keep in ids:
            self.table.setCurrentCell(ids.index(keep), 0)
        elif keep is not None:  # deleted (here or at another desk): the form becomes a new contact
            self.table.clearSelection()
            self.editing = None
            self._update_mode()

    def selected_id(self) -> int | None:
        """The id of the contact selected in the table."""
        item = self.table.item(self.table.currentRow(), 0) if self.table.currentRow() >= 0 else None
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def _on_current_change(self, row: int, *_: int) -> None:
        cid = self.selected_id() if row >= 0 else None
        if cid is None:
            return
        from models.repair import Contact

        with self.desk.store.session() as s:
            c = s.get(Contact, cid)
            if c is None:
                return
            values = {k: getattr(c, k) for k in ("group", "name", "organisation", "phone", "email", "min_level")}
        self.editing = cid
        self.group_combo.setCurrentIndex(max(0, self.group_combo.findData(values["group"])))
        self.name_edit.setText(values["name"])
        self.organisation_edit.setText(values["organisation"] or "")
        self.phone_edit.setText(values["phone"] or "")
        self.email_edit.setText(values["email"] or "")
        self.level_combo.setCurrentIndex(max(0, self.level_combo.findData(values["min_level"])))
        self._update_mode()

    def _update_mode(self) -> None:
        self.mode_label.setText(self.tr("Editing the selected contact") if self.editing is not None
                                else self.tr("New contact"))
        self.delete_button.setEnabled(self.editing is not None and self.read_only_reason is None)

    def form_values(self) -> dict:
        """The form as contact fields."""
        def text(edit: QLineEdit) -> str | None:
            return edit.text().strip() or None

        return {"group": self.group_combo.currentData(), "name": self.name_edit.text().strip(),
                "organisation": text(self.organisation_edit), "phone": text(self.phone_edit),
                "email": text(self.email_edit), "min_level": self.level_combo.currentData()}

    # -- edits ----------------------------------------------------------------------
    def new_contact(self) -> None:
        """Clear the form for a new contact and put the cursor in the name."""
        self.editing = None
        self.table.clearSelection()
        self.table.setCurrentCell(-1, -1)
        for edit in (self.name_edit, self.organisation_edit, self.phone_edit, self.email_edit):
            edit.clear()
        self._update_mode()
        self.name_edit.setFocus()

    def save(self) -> int | None:
        """Add the form as a new contact, or save it over the selected one (undoable); returns its id."""
        if self.read_only_reason:
            self.desk.failed.emit(self.read_only_reason)
            return None
        desk, values = self.desk, self.form_values()
        if self.editing is None:
            holder: dict = {}

            def do(s):
                name, group = values["name"], values["group"]
                fields = {k: v for k, v in values.items() if k not in ("name", "group")}
                holder["id"] = add_contact(s, name=name, group=group, user=desk.user, now=desk.now(), **fields).id
                return holder["id"]

            def undo(s, cid):
                delete_contact(s, contact_id=cid, user=desk.user, now=desk.now())

            cid = desk.apply(self.tr("Add contact {0}").format(values["name"]), do, undo)
            if cid is not None:
                self.editing = cid
                self.refresh()
                self._update_mode()
            return cid
        cid = self.editing

        def do_update(s):
            return update_contact(s, contact_id=cid, user=desk.user, now=desk.now(), **values)

        def undo_update(s, old):
            update_contact(s, contact_id=cid, user=desk.user, now=desk.now(), **old)

        if desk.apply(self.tr("Edit contact {0}").format(values["name"]), do_update, undo_update) is None:
            return None
        return cid

    def delete_selected(self) -> None:
        """Remove the selected contact (undo adds it back)."""
        if self.read_only_reason:
            self.desk.failed.emit(self.read_only_reason)
            return
        cid = self.selected_id()
        if cid is None:
            return
        desk = self.desk
        holder = {"id": cid}

        def do(s):
            return delete_contact(s, contact_id=holder["id"], user=desk.user, now=desk.now())

        def undo(s, values):
            fields = {k: v for k, v in values.items() if k not in ("name", "group")}
            holder["id"] = add_contact(s, name=values["name"], group=values["group"], user=desk.user,
                                       now=desk.now(), **fields).id

        name = self.table.item(self.table.currentRow(), 1).text()
        if desk.apply(self.tr("Delete contact {0}").format(name), do, undo) is not None:
            self.new_contact()
