"""What the duty desk's docks share: the store, one undo stack, the user, the clock.

Every edit goes through :meth:`DeskContext.apply`: it runs the change in one
session and transaction, and on success pushes a :class:`StoreCommand` (the one
undo command type of the desk; :meth:`DeskContext.push` is the one way onto the stack) whose
undo really reverts the store (through the same audited services, so undo and
redo are in the audit log too). A refused change (bad input, stock too low,
the desk's role) is reported through :attr:`DeskContext.failed` and leaves the
store and the stack untouched.

A save over another desk's change (:class:`models.concurrency.ConflictError`)
shows the :class:`~ui.common.conflict_dialog.ConflictDialog`, theirs vs
yours; the user re-applies (then the edit is saved on top of the other desk's
version) or discards. Nothing is lost silently. Tests answer the dialog
through :attr:`DeskContext.exec_dialog` instead of running it modally.
"""

from __future__ import annotations

import datetime as dt
import getpass
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from sqlalchemy.orm import Session

from models.clock import event_timezone
from models.concurrency import ConflictError
from models.roles import may_write
from models.store import Store, StoreError

Do = Callable[[Session], Any]
Undo = Callable[[Session, Any], Any]
#: Runs a store function in one transaction: ``(ok, result or message)``.
Run = Callable[[Do], tuple[bool, Any]]
#: After a conflict: ``retry(conflict, changes_to_reapply) -> Do`` saves on top of the other desk's version.
Retry = Callable[[ConflictError, dict], Do]
#: Re-applies after conflicts in a row before giving up (another desk keeps saving).
MAX_REAPPLY = 3


def system_clock() -> dt.datetime:
    """The wall clock, aware UTC (tests pass their own)."""
    return dt.datetime.now(dt.timezone.utc)


class DeskContext(QObject):
    """The store, the shared undo stack, who is at the desk and what time it is."""

    #: The store changed through this desk (docks refresh).
    changed = Signal()
    #: A change was refused; the argument is the message for the user.
    failed = Signal(str)
    #: Callables turning a refusal into translated text (None when not theirs); features register theirs.
    phrasers: list = []
    #: A "changed by another desk" dialog was built (before it is shown).
    conflict_dialog_shown = Signal(object)

    def __init__(self, store: Store, undo_stack: QUndoStack, user: str | None = None,
                 clock: Callable[[], dt.datetime] = system_clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.undo_stack = undo_stack
        self.user = user or getpass.getuser()
        self.clock = clock
        self.role = getattr(store, "role", "leader")
        #: Runs a conflict dialog and returns its result; tests replace it to answer without a modal loop.
        self.exec_dialog: Callable[[QDialog], int] = lambda dialog: dialog.exec()
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

    def role_label(self) -> str:
        """The desk's role as people say it."""
        return {"leader": self.tr("duty leader"), "dispatcher": self.tr("dispatcher"),
                "viewer": self.tr("viewer")}.get(self.role, self.role)

    def refusal(self, tables: list[str] | tuple[str, ...]) -> str | None:
        """Why this desk may not change ``tables`` (None when its role may): the tooltip of a disabled control."""
        if all(may_write(self.role, t, "insert") for t in tables):
            return None
        if self.role == "viewer":
            return self.tr("Read-only desk: the viewer role cannot change the store")
        return self.tr("The {0} role cannot change this; the store would refuse it").format(self.role_label())

    def run(self, fn: Do, conflicts: bool = False) -> tuple[bool, Any]:
        """Run ``fn(session)`` in one transaction; (ok, result or message).

        With ``conflicts`` a :class:`ConflictError` comes back as the result
        (for :meth:`apply` to resolve) instead of as a message.
        """
        def commit_after(session):
            result = fn(session)
            session.commit()
            return result

        try:
            result = self.store.run(commit_after)  # again from a fresh read when SQLite is busy
        except ConflictError as exc:
            if conflicts:
                return False, exc
            self.failed.emit(str(exc))
            return False, str(exc)
        except (ValueError, StoreError) as exc:  # DutyError, ZeroReportError, StockError; PermissionDenied
            message = next((m for m in (p(exc) for p in self.phrasers) if m), None) or str(exc)
            self.failed.emit(message)
            return False, message
        return True, result

    def resolve_conflict(self, conflict: ConflictError, labels: dict[str, str] | None = None) -> dict | None:
        """Show theirs vs yours; the changes to re-apply, or None when the user keeps theirs."""
        from ui.common.conflict_dialog import ConflictDialog

        parent = self.parent() if isinstance(self.parent(), QWidget) else QApplication.activeWindow()
        dialog = ConflictDialog(conflict, labels, parent=parent)
        self.conflict_dialog_shown.emit(dialog)
        try:
            self.exec_dialog(dialog)
            if dialog.result() != QDialog.DialogCode.Accepted or conflict.deleted:
                return None
            return dialog.changes_to_reapply()
        finally:
            dialog.deleteLater()

    def push(self, text: str, do: Do, undo: Undo, result: Any, *, redo: Undo | None = None,
             run: Run | None = None, after: Callable[[Any], None] | None = None) -> StoreCommand:
        """Put an edit already applied (``do`` returned ``result``) on the shared undo stack.

        The one way onto the stack: every feature's undo is a :class:`StoreCommand`.
        """
        command = StoreCommand(self, text, do, undo, result, redo=redo, run=run, after=after)
        self.undo_stack.push(command)
        return command

    def apply(self, text: str, do: Do, undo: Undo, retry: Retry | None = None,
              labels: dict[str, str] | None = None) -> Any:
        """Apply an edit and push it on the undo stack; returns ``do``'s result (None when refused).

        With ``retry``, a save over another desk's change shows the conflict
        dialog (field names from ``labels``), and a re-apply runs
        ``retry(conflict, changes)``; without it the conflict is a message.
        """
        for _ in range(MAX_REAPPLY + 1):
            ok, result = self.run(do, conflicts=retry is not None)
            if ok:
                self.push(text, do, undo, result)
                self.changed.emit()
                return result
            if not isinstance(result, ConflictError):
                return None
            changes = self.resolve_conflict(result, labels)
            if not changes:
                self.failed.emit(self.tr("Not saved: the other desk's version is kept and shown"))
                self.changed.emit()  # show theirs
                return None
            do = retry(result, changes)
        self.failed.emit(self.tr("Not saved: another desk keeps changing it; try again"))
        self.changed.emit()
        return None


class StoreCommand(QUndoCommand):
    """The one undo command: an applied store edit on the shared stack.

    ``result`` is what ``do`` returned when it was applied. Undo runs
    ``undo(session, result)``; redo runs ``redo(session, undone)`` with what
    the undo returned (a versioned edit redoes from the row as the undo left
    it), or ``do`` again when there is no ``redo``. Each step is one
    transaction through ``run`` (the desk's by default), audited by the
    services it calls like the first application; ``after(result)`` then
    tells the views (the desk's :attr:`DeskContext.changed` by default).
    Push it with :meth:`DeskContext.push` (or let :meth:`DeskContext.apply` do it).
    """

    def __init__(self, desk: DeskContext, text: str, do: Do, undo: Undo, result: Any, *,
                 redo: Undo | None = None, run: Run | None = None, after: Callable[[Any], None] | None = None) -> None:
        super().__init__(text)
        self.desk, self._do, self._undo, self._redo, self.result = desk, do, undo, redo, result
        self._run = run or desk.run
        self._after = after or (lambda _result: desk.changed.emit())
        self._undone: Any = None
        self._applied = True  # push() calls redo(); the edit is already in the store

    def redo(self) -> None:  # noqa: D102 (Qt override)
        if self._applied:
            return
        if self._redo is None:
            ok, result = self._run(self._do)
        else:
            undone = self._undone
            ok, result = self._run(lambda s: self._redo(s, undone))
        if ok:
            self.result, self._applied = result, True
            self._after(result)

    def undo(self) -> None:  # noqa: D102 (Qt override)
        if not self._applied:
            return
        result = self.result
        ok, undone = self._run(lambda s: self._undo(s, result))
        if ok:
            self._undone, self._applied = undone, False
            self._after(undone)


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
