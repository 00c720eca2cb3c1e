"""What the duty desk's docks share: the store, one undo stack, the user, the clock.

Every edit goes through :meth:`DeskContext.apply`: it runs the change in one
session and transaction, and on success pushes a :class:`StoreCommand` whose
undo really reverts the store (through the same audited services, so undo and
redo are in the audit log too). A refused change (bad input, stock too low,
changed by another desk) is reported through :attr:`DeskContext.failed` and
leaves the store and the stack untouched.
"""

from __future__ import annotations

import datetime as dt
import getpass
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from sqlalchemy.orm import Session

from models.clock import event_timezone
from models.store import Store

Do = Callable[[Session], Any]
Undo = Callable[[Session, Any], None]


def system_clock() -> dt.datetime:
    """The wall clock, aware UTC (tests pass their own)."""
    return dt.datetime.now(dt.timezone.utc)


class DeskContext(QObject):
    """The store, the shared undo stack, who is at the desk and what time it is."""

    #: The store changed through this desk (docks refresh).
    changed = Signal()
    #: A change was refused; the argument is the message for the user.
    failed = Signal(str)

    def __init__(self, store: Store, undo_stack: QUndoStack, user: str | None = None,
                 clock: Callable[[], dt.datetime] = system_clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.undo_stack = undo_stack
        self.user = user or getpass.getuser()
        self.clock = clock
        with store.session() as session:
            self.tz = event_timezone(session)

    def make_undo_actions(self, parent: QObject) -> tuple[QAction, QAction]:
        """Undo/redo actions of the shared stack with the standard shortcuts (for the Edit menu)."""
        undo = self.undo_stack.createUndoAction(parent, self.tr("&Undo"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(parent, self.tr("&Redo"))
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        return undo, redo

    def now(self) -> dt.datetime:
        """The desk's clock."""
        return self.clock()

    def today(self) -> dt.date:
        """The local day at the desk's clock."""
        return self.now().astimezone(self.tz).date()

    def run(self, fn: Do) -> tuple[bool, Any]:
        """Run ``fn(session)`` in one transaction; (ok, result or message)."""
        def commit_after(session):
            result = fn(session)
            session.commit()
            return result

        try:
            result = self.store.run(commit_after)
        except ValueError as exc:  # DutyError, ZeroReportError, StockError, ConcurrentEditError
            self.failed.emit(str(exc))
            return False, str(exc)
        return True, result

    def apply(self, text: str, do: Do, undo: Undo) -> Any:
        """Apply an edit and push it on the undo stack; returns ``do``'s result (None when refused)."""
        ok, result = self.run(do)
        if not ok:
            return None
        self.undo_stack.push(StoreCommand(self, text, do, undo, result))
        self.changed.emit()
        return result


class StoreCommand(QUndoCommand):
    """An applied store edit: undo calls ``undo(session, result)``, redo runs ``do`` again."""

    def __init__(self, desk: DeskContext, text: str, do: Do, undo: Undo, result: Any) -> None:
        super().__init__(text)
        self.desk, self._do, self._undo, self.result = desk, do, undo, result
        self._applied = True  # push() calls redo(); the edit is already in the store

    def redo(self) -> None:  # noqa: D102 (Qt override)
        if self._applied:
            return
        ok, result = self.desk.run(self._do)
        if ok:
            self.result, self._applied = result, True
            self.desk.changed.emit()

    def undo(self) -> None:  # noqa: D102 (Qt override)
        ok, _ = self.desk.run(lambda s: self._undo(s, self.result))
        if ok:
            self._applied = False
            self.desk.changed.emit()


class KeyBindings(QObject):
    """Key presses on one widget that run a callback (Enter saves, Ctrl+S …).

    An event filter rather than ``QShortcut``: it works the same whichever
    window is active, and with synthesised key events in tests.
    """

    def __init__(self, widget: QObject, bindings: list[tuple[Qt.Key, Qt.KeyboardModifier, Callable[[], Any]]]) -> None:
        super().__init__(widget)
        self.bindings = bindings
        widget.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """Run the callback bound to the pressed key, if any, and eat the event."""
        if event.type() == QEvent.Type.KeyPress:
            mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            for key, wanted, fn in self.bindings:
                if event.key() == key and mods == wanted:
                    fn()
                    return True
        return False


ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def bind_enter(widget: QObject, fn: Callable[[], Any],
               modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> KeyBindings:
    """Run ``fn`` when Enter (either key) is pressed on ``widget`` with ``modifiers``."""
    return KeyBindings(widget, [(k, modifiers, fn) for k in ENTER_KEYS])
