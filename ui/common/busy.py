"""Run one long job on a worker thread behind a busy dialog (the desk keeps drawing meanwhile).

For the desk's File menu work that reads or writes a city's worth of data
(zone sheets, exports): seconds of work that must not freeze the live figures.
The job must not touch widgets; its result (or exception) comes back to the
GUI thread through a queued signal.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QProgressDialog, QWidget

#: A job shorter than this (ms) never shows the dialog.
SHOW_AFTER_MS = 300


class _Outcome(QObject):
    done = Signal(object)


def run_busy(job: Callable[[], object], text: str, cancel_text: str | None, title: str,
             parent: QWidget | None = None, thread_name: str = "busy-job") -> tuple[bool, object]:
    """Run ``job()`` on a worker thread while a modal busy dialog shows ``text``.

    Returns ``(True, result)``, or ``(False, None)`` when the user cancelled (the job runs
    on to its end and its result is dropped: give no ``cancel_text`` for a job that writes,
    and the dialog has no Cancel button). Re-raises what ``job`` raised.
    """
    busy = QProgressDialog(text, cancel_text or "", 0, 0, parent)
    if cancel_text is None:
        busy.setCancelButton(None)
    busy.setWindowTitle(title)
    busy.setWindowModality(Qt.WindowModality.WindowModal)
    busy.setMinimumDuration(SHOW_AFTER_MS)
    outcome: list = []
    relay = _Outcome()

    def finish(result) -> None:
        if busy.wasCanceled() and cancel_text is not None:
            return
        outcome.append(result)
        busy.done(QDialog.DialogCode.Accepted)  # ends exec() below

    relay.done.connect(finish, Qt.ConnectionType.QueuedConnection)

    def work() -> None:
        try:
            result = job()
        except BaseException as exc:  # noqa: BLE001 (handed to the GUI thread, which raises it)
            result = _Raised(exc)
        relay.done.emit(result)

    threading.Thread(target=work, name=thread_name, daemon=True).start()
    busy.exec()
    while not outcome and cancel_text is None:  # a job that writes is not left behind (Esc closed the dialog)
        busy.reset()
        busy.exec()
    if not outcome:
        return False, None
    result = outcome[0]
    if isinstance(result, _Raised):
        raise result.exc
    return True, result


class _Raised:
    """What a job raised, carried to the GUI thread."""

    def __init__(self, exc: BaseException) -> None:
        self.exc = exc
