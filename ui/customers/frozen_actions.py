"""The customer-service part of the freeze calendar: the frozen kinds and a request for arrears chasing.

Placed in the duty dock's freeze tab by :mod:`ui.customers.setup`; a refusal
shows on the line next to the button, not in a modal box.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ui.common.desk import DeskContext


class FrozenActionsPanel(QWidget):
    """Which customer actions the event window freezes, and a button to ask for arrears chasing."""

    def __init__(self, desk: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.kinds_label = QLabel(self)
        self.kinds_label.setWordWrap(True)
        layout.addWidget(self.kinds_label)
        row = QHBoxLayout()
        self.account = QLineEdit(self)
        self.account.setPlaceholderText(self.tr("account number"))
        self.request_button = QPushButton(self.tr("Request &arrears chasing"), self)
        self.request_button.setToolTip(self.tr("Ask to chase this account's arrears now; refused inside the "
                                               "event window"))
        self.request_button.setEnabled(desk.refusal(["frozen_requests"]) is None)
        self.result = QLabel(self)
        self.result.setWordWrap(True)
        row.addWidget(self.account)
        row.addWidget(self.request_button)
        row.addWidget(self.result, 1)
        layout.addLayout(row)
        self.request_button.clicked.connect(self.request_arrears_chasing)
        self.refresh()

    def kind_label(self, kind: str) -> str:
        """A frozen kind in words."""
        return {"arrears_chasing": self.tr("arrears chasing"),
                "treatment_process_change": self.tr("treatment process change"),
                "planned_shutdown": self.tr("planned shutdown")}.get(kind, kind)

    def _local(self, t: dt.datetime) -> str:
        return t.astimezone(self.desk.tz).strftime("%Y-%m-%d %H:%M")

    def refresh(self) -> None:
        """List the frozen kinds with the event window."""
        from services.customers.freeze import freeze_windows

        with self.desk.store.session() as s:
            windows = freeze_windows(s)
        if not windows:
            self.kinds_label.setText(self.tr("No event: nothing is frozen for customer service"))
            return
        lines = [self.tr("Frozen during {0}:").format(windows[0].event)]
        lines += [self.tr("  {0}: {1} – {2}").format(self.kind_label(w.kind), self._local(w.starts_at),
                                                     self._local(w.ends_at)) for w in windows]
        self.kinds_label.setText("\n".join(lines))

    def request_arrears_chasing(self) -> bool:
        """Ask for arrears chasing now; the line next to the button says accepted or why refused."""
        from services.customers.freeze import FrozenAction, request_action

        account = self.account.text().strip() or None
        now, user = self.desk.now(), self.desk.user
        refused: list[FrozenAction] = []

        def do(s):
            try:
                request_action(s, "arrears_chasing", at=now, account=account, user=user)
            except FrozenAction as exc:  # kept as refused: the transaction commits the refusal
                refused.append(exc)
        ok, result = self.desk.run(do)
        if not ok:
            self.result.setText(self.tr("Not done: {0}").format(result))
            return False
        if refused:
            w = refused[0].window
            self.result.setText(self.tr("Refused: arrears chasing is frozen during {0} ({1} – {2})").format(
                w.event, self._local(w.starts_at), self._local(w.ends_at)))
            self.result.setStyleSheet("color: #b00020;")
            return False
        self.result.setStyleSheet("")
        self.result.setText(self.tr("Accepted: arrears chasing is not frozen now"))
        return True
