"""The night duty theme (issue 16, point 13): the whole desk dark, not only the map.

Choosing the "Night / wall" map style (Layers dock, or View → Night duty)
used to darken the map and leave the docks, tables, menus and the status bar
white: a glare at 2 a.m. Now the application gets a dark palette and a short
stylesheet (docks, tables and their headers, menus, tabs, tool and status bars),
the alarm strip its dark chips and the charts a dark background; the day or
print style brings the previous look back. The map's north arrow and scale bar
follow the map background on their own (see the canvas).
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QColor, QPalette
from PySide6.QtWidgets import QApplication, QMainWindow

#: Night colours: window, base (tables, fields), alternate rows, text, dim text, buttons, highlight.
NIGHT = {"window": "#1e222a", "base": "#161a20", "alternate": "#20252e", "text": "#dfe3ea", "dim": "#8b93a1",
         "button": "#2a303b", "highlight": "#35679e", "border": "#3a4150", "link": "#8ab4f8"}

NIGHT_QSS = f"""
QMainWindow, QDockWidget, QDialog {{ background: {NIGHT['window']}; color: {NIGHT['text']}; }}
QDockWidget::title {{ background: {NIGHT['button']}; color: {NIGHT['text']}; padding: 3px; }}
QHeaderView::section {{ background: {NIGHT['button']}; color: {NIGHT['text']};
    border: 1px solid {NIGHT['border']}; padding: 2px 4px; }}
QTableView, QTableWidget, QListView, QListWidget, QTreeView, QPlainTextEdit, QTextEdit, QLineEdit {{
    background: {NIGHT['base']}; color: {NIGHT['text']}; gridline-color: {NIGHT['border']};
    alternate-background-color: {NIGHT['alternate']}; }}
QTableCornerButton::section {{ background: {NIGHT['button']}; border: 1px solid {NIGHT['border']}; }}
QMenuBar, QMenuBar::item {{ background: {NIGHT['window']}; color: {NIGHT['text']}; }}
QMenuBar::item:selected, QMenu::item:selected {{ background: {NIGHT['highlight']}; }}
QMenu {{ background: {NIGHT['button']}; color: {NIGHT['text']}; border: 1px solid {NIGHT['border']}; }}
QMenu::item:disabled {{ color: {NIGHT['dim']}; }}
QToolBar {{ background: {NIGHT['window']}; border: none; }}
QStatusBar, QStatusBar QLabel {{ background: {NIGHT['window']}; color: {NIGHT['text']}; }}
QTabBar::tab {{ background: {NIGHT['button']}; color: {NIGHT['text']}; border: 1px solid {NIGHT['border']};
    padding: 3px 10px; }}
QTabBar::tab:selected {{ background: {NIGHT['highlight']}; }}
QTabWidget::pane {{ border: 1px solid {NIGHT['border']}; }}
QGroupBox {{ color: {NIGHT['text']}; }}
QCheckBox::indicator, QAbstractItemView::indicator, QGroupBox::indicator {{ width: 12px; height: 12px;
    border: 1px solid {NIGHT['dim']}; background: {NIGHT['base']}; border-radius: 2px; }}
QCheckBox::indicator:checked, QAbstractItemView::indicator:checked, QGroupBox::indicator:checked {{
    background: #4a8ad4; border-color: {NIGHT['link']}; }}
QToolTip {{ background: {NIGHT['button']}; color: {NIGHT['text']}; border: 1px solid {NIGHT['border']}; }}
"""


def night_palette(base: QPalette) -> QPalette:
    """A dark palette (disabled text dimmed)."""
    pal = QPalette(base)
    roles = {QPalette.ColorRole.Window: "window", QPalette.ColorRole.WindowText: "text",
             QPalette.ColorRole.Base: "base", QPalette.ColorRole.AlternateBase: "alternate",
             QPalette.ColorRole.Text: "text", QPalette.ColorRole.Button: "button",
             QPalette.ColorRole.ButtonText: "text", QPalette.ColorRole.Highlight: "highlight",
             QPalette.ColorRole.ToolTipBase: "button", QPalette.ColorRole.ToolTipText: "text",
             QPalette.ColorRole.PlaceholderText: "dim", QPalette.ColorRole.Link: "link",
             QPalette.ColorRole.Light: "border", QPalette.ColorRole.Midlight: "button",
             QPalette.ColorRole.Mid: "border", QPalette.ColorRole.Dark: "base", QPalette.ColorRole.Shadow: "base"}
    for role, key in roles.items():
        pal.setColor(role, QColor(NIGHT[key]))
    pal.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    pal.setColor(QPalette.ColorRole.BrightText, QColor("#ffffff"))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor(NIGHT["dim"]))
    return pal


def _restore(saved: tuple[QPalette, str]) -> None:
    app = QApplication.instance()
    if app is not None and NIGHT_QSS in app.styleSheet():
        app.setPalette(saved[0])
        app.setStyleSheet(saved[1])


class NightTheme(QObject):
    """Applies the night theme app-wide when the night map style is chosen, and takes it back after."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.on = False
        self._saved: tuple[QPalette, str] | None = None
        self.preset = window.map.layers_dock.preset
        self.action = QAction(self.tr("&Night duty (dark)"), window)
        self.action.setObjectName("nightDutyAction")
        self.action.setCheckable(True)
        self.action.setToolTip(self.tr("The dark night style for the map and the whole desk"))
        self.action.toggled.connect(self._on_action)
        view_menu = getattr(window, "view_menu", None)
        if view_menu is not None:
            view_menu.addSeparator()
            view_menu.addAction(self.action)
        self.preset.currentIndexChanged.connect(lambda _: self.apply(self.preset.currentData() == "night"))

    def _on_action(self, on: bool) -> None:
        key = "night" if on else "day"
        i = self.preset.findData(key)
        if i >= 0 and self.preset.currentIndex() != i:
            self.preset.setCurrentIndex(i)  # the map style, and through it apply()
        else:
            self.apply(on)

    def apply(self, on: bool) -> None:
        """Dark (``on``) or back to the look from before."""
        if on == self.on:
            return
        app = QApplication.instance()
        self.on = on
        if on:
            self._saved = saved = (QPalette(app.palette()), app.styleSheet())
            app.setPalette(night_palette(app.palette()))
            app.setStyleSheet(self._saved[1] + NIGHT_QSS)
            # A desk closed at night leaves the application as it found it (other windows, tests).
            self.window.destroyed.connect(lambda *_: _restore(saved))
        elif self._saved is not None:
            palette, sheet = self._saved
            self._saved = None
            app.setPalette(palette)
            app.setStyleSheet(sheet)
        self.action.blockSignals(True)
        self.action.setChecked(on)
        self.action.blockSignals(False)
        alarms = getattr(self.window, "alarms", None)
        strip = getattr(alarms, "strip", None)
        if strip is not None and hasattr(strip, "set_night"):
            strip.set_night(on)
        self._charts(on)

    def _charts(self, on: bool) -> None:
        if "pyqtgraph" not in sys.modules:  # no chart built yet (the Patrol dock builds its own on first use)
            return
        import pyqtgraph as pg

        for plot in self.window.findChildren(pg.PlotWidget):
            self.style_chart(plot, on)

    @staticmethod
    def style_chart(plot, on: bool) -> None:
        """A pyqtgraph chart in the night (``on``) or day colours."""
        import pyqtgraph as pg

        plot.setBackground(NIGHT["base"] if on else "w")
        for name in ("left", "bottom"):
            axis = plot.getAxis(name)
            colour = NIGHT["text"] if on else "#444444"
            axis.setPen(pg.mkPen(colour))
            axis.setTextPen(pg.mkPen(colour))


def install_night_theme(window: QMainWindow) -> NightTheme:
    """The night duty theme (after the map's layers dock and the alarm strip)."""
    return NightTheme(window)
