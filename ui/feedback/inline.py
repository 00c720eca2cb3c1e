"""Refusals shown where the user is working, translated, and gone after the next success.

The duty docks share one :class:`~ui.common.desk.DeskContext`; its ``failed``
signal used to open a modal box and write the same English text into every
dock's message line, where it stayed after later successes. Now:

* the message is translated (:func:`ui.feedback.errors.translate_error`),
* it goes to the message line of the dock the user is working in (the one
  holding the keyboard focus, else the one in front), in red,
* the input it is about gets a red frame and the message as its tooltip,
* the next successful change (anything pushed on the shared undo stack), or
  typing in the marked input, clears both.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QDockWidget, QLabel, QMainWindow, QWidget

from ui.feedback.errors import error_field, translate_error

ERROR_STYLE = "border: 2px solid #d50000; border-radius: 3px;"


class InlineErrors(QObject):
    """Routes the desk's refusals to the right dock and field."""

    def __init__(self, window: QMainWindow, desk, docks: list[QDockWidget]) -> None:
        super().__init__(window)
        self.window = window
        self.desk = desk
        self.docks = [d for d in docks if isinstance(getattr(d, "message", None), QLabel)]
        for dock in self.docks:
            try:
                desk.failed.disconnect(dock.message.setText)
            except (RuntimeError, TypeError):  # not connected
                pass
        desk.failed.connect(self.show)
        desk.undo_stack.indexChanged.connect(lambda _i: self.clear())
        #: Dock → the rich text it shows (cleared only if still shown).
        self.shown: dict[QDockWidget, str] = {}
        self.marked: list[tuple[QWidget, str, str]] = []
        self.last: str = ""

    def _target(self) -> QDockWidget | None:
        focus = QApplication.focusWidget()
        for dock in self.docks:
            if focus is not None and dock.isAncestorOf(focus):
                return dock
        visible = [d for d in self.docks if d.isVisible() and not d.visibleRegion().isEmpty()]
        return (visible or self.docks or [None])[0]

    def show(self, message: str) -> None:
        """Show a refusal next to where the user works."""
        text = translate_error(message)
        self.last = text
        dock = self._target()
        if dock is None:
            self.window.statusBar().showMessage(text, 15_000)
            return
        rich = f'<span style="color:#b71c1c; font-weight:bold">⚠ {html.escape(text)}</span>'
        dock.message.setText(rich)
        self.shown[dock] = rich
        field = self._field(dock, message)
        if field is not None:
            self._mark(field, text)

    def _field(self, dock: QDockWidget, message: str) -> QWidget | None:
        name = error_field(message)
        if name is None:
            return None
        for holder in (dock, *dock.findChildren(QWidget)):
            widget = getattr(holder, name, None)
            if isinstance(widget, QWidget):
                return widget
        return None

    def _mark(self, field: QWidget, text: str) -> None:
        if any(f is field for f, _, _ in self.marked):
            field.setToolTip(text)
            return
        self.marked.append((field, field.styleSheet(), field.toolTip()))
        field.setStyleSheet(ERROR_STYLE)
        field.setToolTip(text)
        signal = getattr(field, "textEdited", None) or getattr(field, "valueChanged", None)
        if signal is not None:
            signal.connect(self._unmark_sender)
        field.setFocus()

    def _unmark_sender(self, *_args) -> None:
        field = self.sender()
        for entry in list(self.marked):
            if entry[0] is field:
                self._restore(entry)
                self.marked.remove(entry)

    def _restore(self, entry: tuple[QWidget, str, str]) -> None:
        field, style, tip = entry
        field.setStyleSheet(style)
        field.setToolTip(tip)
        signal = getattr(field, "textEdited", None) or getattr(field, "valueChanged", None)
        if signal is not None:
            try:
                signal.disconnect(self._unmark_sender)
            except (RuntimeError, TypeError):
                pass

    def clear(self) -> None:
        """A success: the refusals go (a dock's own newer message stays)."""
        for dock, rich in list(self.shown.items()):
            if dock.message.text() == rich:
                dock.message.setText("")
        self.shown.clear()
        for entry in self.marked:
            self._restore(entry)
        self.marked.clear()


def install_inline_errors(window: QMainWindow) -> InlineErrors:
    """Route ``window.desk``'s refusals to its duty docks (after they are built)."""
    docks = [getattr(window, n, None) for n in ("duty_dock", "zero_reports_dock", "resources_dock")]
    return InlineErrors(window, window.desk, [d for d in docks if d is not None])
