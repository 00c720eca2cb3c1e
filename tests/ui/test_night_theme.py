"""Issue 16 (13): the night style makes the whole desk dark (docks, tables, menus, status bar, alarm strip,
charts) and the map's north arrow and scale bar readable; the day style brings the light desk back."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from tests.ui.desk_windows import demo_file, open_desk  # noqa: F401 (fixtures)


def _lightness(widget, x=None, y=None) -> float:
    image = widget.grab().toImage()
    x = image.width() // 2 if x is None else x
    y = image.height() // 2 if y is None else y
    return image.pixelColor(x, y).lightnessF()


def _brightest(image, rect) -> float:
    return max(image.pixelColor(x, y).lightnessF() for x in range(rect[0], rect[2]) for y in range(rect[1], rect[3]))


def test_night_duty_darkens_the_desk_and_day_restores_it(open_desk, qtbot):
    window = open_desk("en")
    app = QApplication.instance()
    layers_dock = window.map.layers_dock
    identify = window.map.identify_dock
    day_window = app.palette().color(QPalette.ColorRole.Window).lightnessF()
    assert day_window > 0.6
    assert _lightness(identify.table.viewport()) > 0.6

    layers_dock.preset.setCurrentIndex(layers_dock.preset.findData("night"))  # the map style chooses the theme
    assert window.night_theme.on and window.night_theme.action.isChecked()
    assert app.palette().color(QPalette.ColorRole.Window).lightnessF() < 0.25
    # A dock's table and the dock background are drawn dark, a header too.
    assert _lightness(identify.table.viewport()) < 0.25
    assert _lightness(layers_dock.widget(), 3, layers_dock.widget().height() - 3) < 0.25
    header = identify.table.horizontalHeader()
    assert _lightness(header, 3, header.height() // 2) < 0.3
    # The alarm strip's quiet chips are dark too (alarms stay red).
    strip = window.alarms.strip
    quiet = next(n for n, s in strip.severity.items() if s in ("ok", "none"))
    assert _lightness(strip.chips[quiet], 3, strip.chips[quiet].height() // 2) < 0.3
    # The patrol chart.
    assert window.patrol.dock.plot.backgroundBrush().color().lightnessF() < 0.25

    # The map: north arrow's N and the scale label are light on the night background.
    canvas = window.map.canvas
    assert canvas.background.lightnessF() < 0.2
    for layer in window.map.layers:  # the bare background: only the decorations are light
        layer.visible = False
    canvas.refresh()
    canvas.wait_rendered()
    image = canvas.grab().toImage()
    w, h = canvas.width(), canvas.height()
    n_box = (w - 36, 40, w - 20, 52)  # the "N" under the arrow
    assert _brightest(image, n_box) > 0.8
    scale_text = (20, h - 26, 200, h - 10)
    assert _brightest(image, scale_text) > 0.8

    # Back to the day.
    window.night_theme.action.setChecked(False)
    assert layers_dock.preset.currentData() == "day" and not window.night_theme.on
    assert abs(app.palette().color(QPalette.ColorRole.Window).lightnessF() - day_window) < 0.01
    assert _lightness(identify.table.viewport()) > 0.6
    assert strip.colours["ok"][0] == "#e8f5e9"
