"""The form that opens a service ticket: kind, account, description, location, owner; the deadline shown."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget,
)

from models.customers import TICKET_KINDS
from ui.common.desk import DeskContext
from ui.customers import labels


class NewTicketForm(QGroupBox):
    """Open a ticket through the desk (one audited transaction).

    The location comes from a click on the map (``pick_requested(True)`` asks
    the map to arm its point tool; :meth:`set_location` receives the point) or
    from the account's service location. ``opened(code)`` after a ticket is saved.
    """

    pick_requested = Signal(bool)
    opened = Signal(str)

    def __init__(self, desk: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("New ticket"), parent)
        self.desk = desk
        self.lon: float | None = None
        self.lat: float | None = None
        form = QFormLayout(self)
        self.kind = QComboBox(self)
        for code in TICKET_KINDS:
            self.kind.addItem(labels.ticket_kind(code), code)
        form.addRow(self.tr("Kind"), self.kind)
        self.account = QLineEdit(self)
        self.account.setPlaceholderText(self.tr("account number (optional)"))
        form.addRow(self.tr("Account"), self.account)
        self.description = QLineEdit(self)
        form.addRow(self.tr("Description"), self.description)
        self.owner = QLineEdit(self)
        form.addRow(self.tr("Owner"), self.owner)
        where = QHBoxLayout()
        self.location = QLabel(self.tr("no location"), self)
        self.pick_button = QPushButton(self.tr("Click on the &map"), self)
        self.pick_button.setCheckable(True)
        self.account_button = QPushButton(self.tr("Account's location"), self)
        where.addWidget(self.location, 1)
        where.addWidget(self.pick_button)
        where.addWidget(self.account_button)
        form.addRow(self.tr("Location"), where)
        self.deadline = QLabel(self)
        form.addRow(self.tr("Respond by"), self.deadline)
        buttons = QHBoxLayout()
        self.open_button = QPushButton(self.tr("&Open ticket"), self)
        self.result = QLabel(self)
        self.result.setWordWrap(True)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.result, 1)
        form.addRow(buttons)
        self.kind.currentIndexChanged.connect(self.show_deadline)
        self.pick_button.toggled.connect(self.pick_requested)
        self.account_button.clicked.connect(self.use_account_location)
        self.open_button.clicked.connect(self.open_ticket)
        self.show_deadline()

    def show_deadline(self) -> None:
        """The response deadline of a ticket of the chosen kind opened now."""
        from services.customers.tickets import response_deadline

        kind, now = self.kind.currentData(), self.desk.now()
        ok, result = self.desk.run(lambda s: response_deadline(s, kind, now))
        if not ok:
            self.deadline.setText(result)
            return
        due, hours = result
        self.deadline.setText(self.tr("{0} (within {1:g} h)").format(
            due.astimezone(self.desk.tz).strftime("%Y-%m-%d %H:%M"), hours))

    def set_location(self, lon: float, lat: float) -> None:
        """The ticket's location (from the map)."""
        self.lon, self.lat = float(lon), float(lat)
        self.location.setText(self.tr("{0:.6f}, {1:.6f}").format(self.lon, self.lat))
        if self.pick_button.isChecked():
            self.pick_button.setChecked(False)

    def use_account_location(self) -> None:
        """Take the location of the account typed in."""
        from services.customers.tickets import account_location

        code = self.account.text().strip()
        if not code:
            self.result.setText(self.tr("Type an account number first"))
            return
        ok, result = self.desk.run(lambda s: account_location(s, code))
        if not ok:
            self.result.setText(self.tr("Not done: {0}").format(result))
            return
        if result[0] is None:
            self.result.setText(self.tr("Account {0} has no location on the map: click the map").format(code))
            return
        self.set_location(*result)
        self.result.setText("")

    def open_ticket(self) -> str | None:
        """Save the ticket; the result line says its code and deadline or why not."""
        from services.customers.tickets import open_ticket, response_deadline

        kind, account = self.kind.currentData(), self.account.text().strip() or None
        description, owner = self.description.text().strip() or None, self.owner.text().strip() or None
        lon, lat, now, user = self.lon, self.lat, self.desk.now(), self.desk.user

        def do(s):
            t = open_ticket(s, kind=kind, account=account, description=description, owner=owner, now=now,
                            user=user, lon=lon, lat=lat)
            return t.code, response_deadline(s, kind, now)[0], t.lon is not None
        ok, result = self.desk.run(do)
        if not ok:
            self.result.setText(self.tr("Not done: {0}").format(result))
            return None
        code, due, located = result
        text = self.tr("{0} opened; respond by {1}").format(code, due.astimezone(self.desk.tz).strftime("%Y-%m-%d %H:%M"))
        if not located:
            text += " " + self.tr("(no location: click the map or give a located account)")
        self.result.setText(text)
        self.description.clear()
        self.lon = self.lat = None
        self.location.setText(self.tr("no location"))
        self.desk.changed.emit()
        self.opened.emit(code)
        return code
