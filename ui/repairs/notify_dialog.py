"""Settings → Notifications…: how the outbox sends repair information (the log, or e-mail over SMTP)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QSpinBox, QWidget,
)


class NotifyDialog(QDialog):
    """Edits the sender settings object (``{"channel": "email", "host": …}``) stored under ``notify_sender``."""

    def __init__(self, config: dict | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notifyDialog")
        self.setWindowTitle(self.tr("Notifications"))
        config = dict(config or {})
        form = QFormLayout(self)
        self.channel = QComboBox(self)
        self.channel.addItem(self.tr("Log only (no mail server)"), "log")
        self.channel.addItem(self.tr("E-mail (SMTP)"), "email")
        self.channel.setCurrentIndex(1 if config.get("channel") == "email" else 0)
        self.host = QLineEdit(config.get("host", ""), self)
        self.port = QSpinBox(self)
        self.port.setRange(1, 65535)
        self.port.setValue(int(config.get("port", 25)))
        self.from_addr = QLineEdit(config.get("from_addr", "waterguard@localhost"), self)
        self.username = QLineEdit(config.get("username") or "", self)
        self.password = QLineEdit(config.get("password") or "", self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.starttls = QCheckBox(self.tr("STARTTLS"), self)
        self.starttls.setChecked(bool(config.get("starttls", False)))
        form.addRow(self.tr("Send through:"), self.channel)
        form.addRow(self.tr("SMTP host:"), self.host)
        form.addRow(self.tr("Port:"), self.port)
        form.addRow(self.tr("From:"), self.from_addr)
        form.addRow(self.tr("User name:"), self.username)
        form.addRow(self.tr("Password:"), self.password)
        form.addRow(self.starttls)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def config(self) -> dict:
        """The settings object to store."""
        if self.channel.currentData() != "email":
            return {"channel": "log"}
        out = {"channel": "email", "host": self.host.text().strip(), "port": self.port.value(),
               "from_addr": self.from_addr.text().strip(), "starttls": self.starttls.isChecked()}
        if self.username.text().strip():
            out["username"] = self.username.text().strip()
            out["password"] = self.password.text()
        return out
