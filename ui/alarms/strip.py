"""The desk's permanent alarm strip: the wall's figures in small, one row above the map.

Chips, left to right: open repairs by level, repairs overrunning a time limit
(with the "Acknowledge" button while some pulse on the map), missing zero
reports, lost vehicles, overdue patrol segments, overdue action items. A chip
with something to act on turns red (alarm) or amber (attention); clicking it
asks for the dock where it is handled (:attr:`AlarmStrip.chip_clicked`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QToolButton, QWidget

from models.repair import REPAIR_LEVELS

#: Chip colours: (background, text) by severity.
SEVERITY_COLOURS = {"ok": ("#e8f5e9", "#1b5e20"), "warn": ("#ffe0b2", "#8a4b00"),
                    "alarm": ("#d50000", "#ffffff"), "none": ("#eceff1", "#37474f")}
#: The same on the night theme: dark chips, light text (the alarm stays loud).
NIGHT_SEVERITY_COLOURS = {"ok": ("#1f3324", "#a5d6a7"), "warn": ("#4a3210", "#ffcc80"),
                          "alarm": ("#d50000", "#ffffff"), "none": ("#262b34", "#b0bec5")}
#: The chip names, in strip order; each names the dock that handles it.
CHIPS = ("repairs", "overruns", "reports", "vehicles", "segments", "items", "hazards")


class AlarmStrip(QWidget):
    """One row of figure chips.

    Signals
    -------
    chip_clicked(str)
        A chip was clicked: ``repairs``, ``overruns``, ``reports``, ``vehicles``, ``segments`` or ``items``.
    acknowledge_requested()
        The "Acknowledge" button (overrun repairs stop pulsing).
    """

    chip_clicked = Signal(str)
    acknowledge_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alarmStrip")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.setSpacing(6)
        self.chips: dict[str, QToolButton] = {}
        self.severity: dict[str, str] = {}
        self.colours = SEVERITY_COLOURS
        for name in CHIPS:
            chip = QToolButton(self)
            chip.setObjectName(f"alarmChip_{name}")
            chip.setAutoRaise(False)
            chip.setCursor(Qt.CursorShape.PointingHandCursor)
            chip.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            chip.clicked.connect(lambda _=False, n=name: self.chip_clicked.emit(n))
            layout.addWidget(chip)
            self.chips[name] = chip
            if name == "overruns":
                self.ack_button = QPushButton(self.tr("Acknowledge"), self)
                self.ack_button.setObjectName("alarmAcknowledge")
                self.ack_button.setToolTip(self.tr("Acknowledge the overrun repairs: they stop pulsing on the map "
                                                   "(recorded in the audit log)"))
                self.ack_button.clicked.connect(self.acknowledge_requested)
                self.ack_button.hide()
                layout.addWidget(self.ack_button)
        layout.addStretch(1)
        self.clock_label = QLabel(self)
        self.clock_label.setObjectName("alarmStripTime")
        layout.addWidget(self.clock_label)
        self.set_figures(None)

    def _set(self, name: str, text: str, severity: str, tip: str) -> None:
        chip = self.chips[name]
        chip.setText(text)
        chip.setToolTip(tip)
        self.severity[name] = severity
        bg, fg = self.colours[severity]
        chip.setStyleSheet(f"QToolButton {{ background: {bg}; color: {fg}; border: 1px solid {fg}; "
                           f"border-radius: 4px; padding: 2px 8px; font-weight: "
                           f"{'bold' if severity in ('alarm', 'warn') else 'normal'}; }}")

    def set_night(self, on: bool) -> None:
        """Dark chips for the night theme (or the day ones back)."""
        self.colours = NIGHT_SEVERITY_COLOURS if on else SEVERITY_COLOURS
        for name, chip in self.chips.items():
            if name in self.severity:
                self._set(name, chip.text(), self.severity[name], chip.toolTip())

    def set_figures(self, figs, overdue_segments: int | None = None, pending_ack: int = 0,
                    time_text: str = "") -> None:
        """Show :class:`~services.wall.figures.WallFigures` (None: not read yet).

        Parameters
        ----------
        figs
            The figures; None shows "—" everywhere.
        overdue_segments
            Patrol segments overdue now (None: the patrol day is not loaded).
        pending_ack
            Overrun repairs not yet acknowledged (shows the Acknowledge button).
        time_text
            "as of" clock text.
        """
        dash = "—"
        if figs is None:
            levels = dash
            self._set("repairs", self.tr("Open repairs {0}").format(dash), "none", "")
            for name, title in (("overruns", self.tr("Overrun {0}")), ("reports", self.tr("Zero reports missing {0}")),
                                ("vehicles", self.tr("Vehicles lost {0}")),
                                ("segments", self.tr("Segments overdue {0}")),
                                ("items", self.tr("Action items overdue {0}")),
                                ("hazards", self.tr("New hazards {0}"))):
                self._set(name, title.format(dash), "none", "")
            self.ack_button.hide()
            self.clock_label.setText("")
            return
        by_level = figs.repairs_by_level
        levels = " · ".join(f"{lv} {by_level.get(lv, 0)}" for lv in REPAIR_LEVELS)
        serious = figs.repairs_serious
        self._set("repairs", self.tr("Open repairs {0} ({1})").format(figs.repairs_open, levels),
                  "alarm" if serious else ("ok" if figs.repairs_open == 0 else "none"),
                  self.tr("Open repairs by level (I most severe); click for the Repairs dock"))
        self._set("overruns", self.tr("Overrun {0}").format(figs.repairs_overrun),
                  "alarm" if figs.repairs_overrun else "ok",
                  self.tr("Open repairs past one of the five time limits"))
        self.ack_button.setVisible(pending_ack > 0)
        self.ack_button.setText(self.tr("Acknowledge ({0})").format(pending_ack))
        self._set("reports", self.tr("Zero reports missing {0}/{1}").format(figs.reports_missing,
                                                                            figs.reports_expected),
                  "warn" if figs.reports_missing else "ok",
                  self.tr("Zero reports due by now and not received; click for the Zero reports dock"))
        self._set("vehicles", self.tr("Vehicles lost {0}/{1}").format(figs.vehicles_lost, figs.vehicles_on_duty),
                  "alarm" if figs.vehicles_lost else "ok",
                  self.tr("Vehicles on duty with no position for two minutes; click for the Vehicles dock"))
        if overdue_segments is None:
            self._set("segments", self.tr("Segments overdue {0}").format(dash), "none",
                      self.tr("The patrol day is still loading"))
        else:
            self._set("segments", self.tr("Segments overdue {0}").format(overdue_segments),
                      "warn" if overdue_segments else "ok",
                      self.tr("Patrol segments not visited within their interval; click for the Patrol dock"))
        self._set("items", self.tr("Action items overdue {0}").format(figs.items_overdue),
                  "warn" if figs.items_overdue else "ok",
                  self.tr("Open action items past their deadline; click for the Duty desk"))
        waiting = figs.hazards_waiting
        self._set("hazards", self.tr("New hazards {0}").format(waiting), "warn" if waiting else "ok",
                  self.tr("Hazards reported from the field and not yet handled; click for the Hazards dock"))
        self.clock_label.setText(time_text)
