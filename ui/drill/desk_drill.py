"""The desk's drill: Simulation → Run drill…, File → After-action report…, "DRILL" in the title bar.

The drill runs as ``python app.py drill`` (:class:`demo.drill.runner.DrillRunner`)
in a child process, so its devices never compete with the GUI thread; its
progress reaches the status bar from the child's output, and what it writes (repairs, zero reports, action items) reaches
the docks and the wall through the store watch like any other desk's change.
The after-action figures are gathered off the GUI thread
(:func:`services.after_action.after_action`) and written as PDF or xlsx.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QObject, QProcess, Signal
from PySide6.QtWidgets import (QDateEdit, QDialog, QDialogButtonBox, QDoubleSpinBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QLineEdit, QMenu, QMessageBox, QPushButton, QWidget)


#: The application's entry point (the drill runs as ``python app.py drill``).
APP = Path(__file__).resolve().parents[2] / "app.py"
#: The drill's lower CPU priority: on a busy machine the desk's event loop goes before the drill's devices
#: (the drill then runs slower than asked, and says so in its realised speed).
DRILL_NICE = 10


class DrillDialog(QDialog):
    """Asks for a scenario, a speed, the day and the end time of a drill."""

    def __init__(self, day: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Run drill"))
        form = QFormLayout(self)
        row = QHBoxLayout()
        self.scenario = QLineEdit(self)
        self.scenario.setPlaceholderText(self.tr("the demo's scenario"))
        browse = QPushButton(self.tr("Browse…"), self)
        browse.clicked.connect(self._browse)
        row.addWidget(self.scenario, 1)
        row.addWidget(browse)
        form.addRow(self.tr("Scenario"), row)
        self.speed = QDoubleSpinBox(self)
        self.speed.setRange(1.0, 600.0)
        self.speed.setValue(10.0)
        self.speed.setSuffix(" ×")
        form.addRow(self.tr("Speed"), self.speed)
        self.day = QDateEdit(QDate(day.year, day.month, day.day), self)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        form.addRow(self.tr("Day"), self.day)
        self.until = QLineEdit(self)
        self.until.setPlaceholderText(self.tr("the scenario's end (HH:MM)"))
        form.addRow(self.tr("Until"), self.until)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Drill scenario"), "",
                                              self.tr("Scenarios (*.yaml *.yml *.json)"))
        if path:
            self.scenario.setText(path)


class DeskDrill(QObject):
    """Runs drills and after-action reports for one main window.

    Signals
    -------
    progressed(dict)
        A drill's state (for a drill run in this process, e.g. by a test).
    finished(dict)
        The drill's summary (``status`` is ``failed`` with ``error`` on failure).
    report_ready(object)
        After-action figures gathered (a dict, or an Exception).
    """

    progressed = Signal(dict)
    finished = Signal(dict)
    report_ready = Signal(object)

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.store = window.store
        self.process: QProcess | None = None
        self._stderr = ""
        self.last_summary: dict | None = None
        self._report_target: Path | None = None
        self.progressed.connect(self._on_progress)
        self.finished.connect(self._on_finished)
        self.report_ready.connect(self._on_report)
        menu = QMenu(self.tr("Sim&ulation"), window)
        window.menuBar().insertMenu(window.help_menu.menuAction(), menu)
        self.menu = menu
        self.run_action = menu.addAction(self.tr("Run &drill…"), self.ask_and_run)
        self.stop_action = menu.addAction(self.tr("&Stop drill"), self.stop)
        self.stop_action.setEnabled(False)
        menu.addSeparator()
        self.wipe_action = menu.addAction(self.tr("&Wipe drills…"), self.ask_and_wipe)
        if self.store.role != "leader":
            for a in (self.run_action, self.wipe_action):
                a.setEnabled(False)
        actions = window.file_menu.actions()
        self.report_action = window.file_menu.addAction(self.tr("&After-action report…"), self.ask_report)
        if actions:  # before the separator and Quit
            window.file_menu.insertAction(actions[-2] if len(actions) >= 2 else actions[-1], self.report_action)
        self._original_title = window._update_title
        window._update_title = self.update_title
        watch = getattr(window, "store_watch", None)
        if watch is not None:
            watch.store_changed.connect(lambda changes: self.update_title())
        self.update_title()

    # -- title bar ------------------------------------------------------------------------
    def drill_code(self) -> str | None:
        """The drill the store is in (its rows not yet wiped), else None."""
        from services.drill.ledger import active_run

        with self.store.session() as s:
            run = active_run(s)
            return None if run is None else run.code

    def update_title(self) -> None:
        """The window title, with the drill marker while the store holds a drill."""
        self._original_title()
        code = self.drill_code()
        if code:
            self.window.setWindowTitle(self.tr("[DRILL {0}] {1}").format(code, self.window.windowTitle()))

    # -- drill ----------------------------------------------------------------------------
    def default_day(self) -> dt.date:
        """The eve of the event (the drill's default day)."""
        event = self.store.current_event()
        if event is None:
            return dt.date.today()
        from zoneinfo import ZoneInfo

        return event.starts_at.astimezone(ZoneInfo(event.timezone or "UTC")).date() - dt.timedelta(days=1)

    def ask_and_run(self) -> None:
        """Ask for the drill's settings and start it."""
        dialog = DrillDialog(self.default_day(), self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        d = dialog.day.date()
        self.start(dialog.scenario.text().strip() or None, dialog.speed.value(),
                   dt.date(d.year(), d.month(), d.day()), dialog.until.text().strip() or None)

    def command(self, scenario_path: str | None, speed: float, day: dt.date, until: str | None) -> list[str]:
        """The ``python app.py drill …`` command line the desk runs (the same command as headless)."""
        args = [str(APP), "--store", self.store.url, "--lang", self.window.lang, "drill", "--json",
                "--speed", f"{speed:g}", "--date", day.isoformat(), "--nice", str(DRILL_NICE)]
        if scenario_path:
            args += ["--scenario", str(scenario_path)]
        if until:
            args += ["--until", until]
        return args

    def start(self, scenario_path: str | None, speed: float, day: dt.date, until: str | None) -> bool:
        """Check the scenario, then play the drill in its own process; False (with a message) on error.

        The drill runs as ``python app.py drill`` in a child process, not on a
        thread of the desk: at ×10 and more its 180 devices would otherwise keep
        Python's interpreter lock from the GUI thread. What it writes reaches
        the docks and the wall through the store watch.
        """
        from demo.drill.scenario import ScenarioError, hhmm_minutes, load_scenario

        if self.process is not None and self.process.state() != QProcess.ProcessState.NotRunning:
            return False
        try:
            load_scenario(scenario_path)
            if until:
                hhmm_minutes(until)
        except (ScenarioError, ValueError) as exc:
            QMessageBox.warning(self.window, self.tr("Cannot run the drill"), str(exc))
            return False
        process = QProcess(self)
        process.setProgram(sys.executable)
        process.setArguments(self.command(scenario_path, speed, day, until))
        process.readyReadStandardError.connect(self._on_stderr)
        process.finished.connect(self._on_process_finished)
        self._stderr = ""
        self.process = process
        process.start()
        if not process.waitForStarted(10_000):
            QMessageBox.warning(self.window, self.tr("Cannot run the drill"), process.errorString())
            self.process = None
            return False
        self.stop_action.setEnabled(True)
        self.run_action.setEnabled(False)
        self._follow(True)
        return True

    def _follow(self, on: bool) -> None:
        """Have the map follow the drill's vehicles (stored by the drill's own listener) while it runs."""
        wiring = getattr(self.window, "repairs", None)
        feed = getattr(wiring, "feed", None)
        if feed is not None and hasattr(feed, "follow_store"):
            feed.follow_store(on)
            if not on:
                feed.reload_vehicles()

    def _on_stderr(self) -> None:
        text = bytes(self.process.readAllStandardError()).decode("utf-8", "replace")
        self._stderr = (self._stderr + text)[-4000:]
        last = text.replace("\r", "\n").strip().splitlines()
        if last:
            self.window.statusBar().showMessage(last[-1].strip())
            if "DR" in last[-1]:
                self.update_title()

    def _on_process_finished(self, code: int, _status) -> None:
        self._follow(False)
        out = bytes(self.process.readAllStandardOutput()).decode("utf-8", "replace")
        try:
            summary = json.loads(out)
        except ValueError:
            summary = {"status": "failed", "error": self._stderr.strip().splitlines()[-1] if self._stderr.strip()
                       else self.tr("The drill ended with code {0}.").format(code)}
        if code != 0 and summary.get("status") != "failed":
            summary = {"status": "failed", "error": summary.get("error") or self._stderr.strip()}
        self.finished.emit(summary)

    def stop(self) -> None:
        """Stop the running drill (it records what it did, marked as the drill's)."""
        if self.process is not None and self.process.state() != QProcess.ProcessState.NotRunning:
            self.process.terminate()  # SIGTERM: the drill stops at its next step and records its summary

    def wait(self, timeout_ms: int = -1) -> bool:
        """Wait for the drill process to end (tests, closing)."""
        if self.process is None:
            return True
        return self.process.waitForFinished(timeout_ms)

    def _on_progress(self, state: dict) -> None:
        self.window.statusBar().showMessage(self.tr("Drill {0}: {1}, {2} positions").format(
            state["run"], state["local"], state["positions"]))

    def _on_finished(self, summary: dict) -> None:
        self.stop_action.setEnabled(False)
        self.run_action.setEnabled(self.store.role == "leader")
        self.update_title()
        self.last_summary = summary
        if summary.get("status") == "failed":
            QMessageBox.warning(self.window, self.tr("Drill failed"), summary.get("error", ""))
        else:
            self.window.statusBar().showMessage(self.tr("Drill {0} {1}: {2} positions stored").format(
                summary["run"], summary["status"], summary.get("positions_stored", 0)), 10_000)

    def ask_and_wipe(self) -> None:
        """Confirm, then delete every drill's rows."""
        from services.drill.ledger import DrillError, wipe

        if self.process is not None and self.process.state() != QProcess.ProcessState.NotRunning:
            QMessageBox.information(self.window, self.tr("Wipe drills"), self.tr("Stop the drill first."))
            return
        if QMessageBox.question(self.window, self.tr("Wipe drills"),
                                self.tr("Delete everything the drills wrote? The real event's data stays.")) \
                != QMessageBox.StandardButton.Yes:
            return
        try:
            result = wipe(self.store, tr=lambda t: QCoreApplication.translate("", t))
        except DrillError as exc:
            QMessageBox.information(self.window, self.tr("Wipe drills"), str(exc))
            return
        self.update_title()
        self.window.statusBar().showMessage(self.tr("Wiped drill(s) {0}").format(", ".join(result["runs"])), 10_000)

    # -- after-action report --------------------------------------------------------------
    def ask_report(self) -> None:
        """Ask for the day and the file, then gather the figures off the GUI thread."""
        dialog = QDialog(self.window)
        dialog.setWindowTitle(self.tr("After-action report"))
        form = QFormLayout(dialog)
        run_day = None
        from services.drill.ledger import active_run

        with self.store.session() as s:
            run = active_run(s)
            run_day = dt.date.fromisoformat(run.day) if run is not None else dt.date.today()
        day_edit = QDateEdit(QDate(run_day.year, run_day.month, run_day.day), dialog)
        day_edit.setCalendarPopup(True)
        day_edit.setDisplayFormat("yyyy-MM-dd")
        form.addRow(self.tr("Day"), day_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                   dialog)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        d = day_edit.date()
        day = dt.date(d.year(), d.month(), d.day())
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("After-action report"),
                                              f"after-action-{day.isoformat()}.pdf",
                                              self.tr("PDF (*.pdf);;Excel (*.xlsx)"))
        if path:
            self.make_report(day, Path(path))

    def make_report(self, day: dt.date, path: Path) -> None:
        """Gather the figures of ``day`` on a worker thread; :meth:`_on_report` writes ``path``."""
        from services.after_action import after_action

        self._report_target = path

        def tr(text: str) -> str:  # the command line's context: the same catalogue entries as ``report``
            return QCoreApplication.translate("", text)

        def gather() -> None:
            try:
                self.report_ready.emit(after_action(self.store, day, tr=tr))  # noqa: B023
            except Exception as exc:  # noqa: BLE001 — shown to the leader
                self.report_ready.emit(exc)

        threading.Thread(target=gather, name="after-action", daemon=True).start()
        self.window.statusBar().showMessage(self.tr("Gathering the after-action report…"))

    def _on_report(self, data) -> None:
        from zoneinfo import ZoneInfo

        path = self._report_target
        if isinstance(data, Exception) or path is None:
            QMessageBox.warning(self.window, self.tr("After-action report"), str(data))
            return
        try:
            if path.suffix.lower() == ".xlsx":
                from services.after_action import write_report_xlsx

                write_report_xlsx(data, path, lambda t: QCoreApplication.translate("", t))
            else:
                from services.printing.after_action_pdf import write_after_action_pdf

                write_after_action_pdf(data, path.with_suffix(".pdf") if not path.suffix else path,
                                       tz=ZoneInfo(data["timezone"]))
        except OSError as exc:
            QMessageBox.warning(self.window, self.tr("After-action report"), str(exc))
            return
        self.window.statusBar().showMessage(self.tr("After-action report written: {0}").format(path), 10_000)
        self.last_report = path


def install_drill(window) -> DeskDrill:
    """Add the drill and the after-action report to a main window."""
    window.drill = DeskDrill(window)
    return window.drill


__all__ = ["DeskDrill", "DrillDialog", "install_drill"]
