"""The Patrol dock's coverage chart (pyqtgraph), built when it is first looked at.

pyqtgraph costs the desk ~25 MB and ~180 modules; the chart sits on the dock's third
tab, so the dock builds it (:func:`build_chart`) the first time the tab is shown or the
chart is asked for, and keeps the latest curves until then.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from ui.patrol.dock import clock_text


class ClockAxis(pg.AxisItem):
    """The chart's time axis: clock times (HH:MM) at whole hours, not 0–24 hours."""

    def tickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph override)
        return [clock_text(v) for v in values]

    def tickValues(self, minVal, maxVal, size):  # noqa: N802,N803 (pyqtgraph override)
        span = max(maxVal - minVal, 1e-6)
        px_per_hour = (size or 400) / span
        major = next((m for m in (1, 2, 3, 6, 12) if m * px_per_hour >= 48), 12)
        first = np.ceil(minVal / major) * major
        majors = list(np.arange(first, maxVal + 1e-9, major))
        minors = [v for v in np.arange(np.ceil(minVal), maxVal + 1e-9, 1.0) if v not in majors]
        return [(major, majors), (1.0, minors)]


def build_chart(parent: QWidget, y_label: str, x_label: str) -> pg.PlotWidget:
    """The empty coverage chart: 0–100 % over the day's 24 hours."""
    plot = pg.PlotWidget(parent, background="w", axisItems={"bottom": ClockAxis("bottom")})
    plot.setObjectName("patrolChart")
    plot.setYRange(0, 100)
    plot.setXRange(0, 24, padding=0.01)
    plot.setLabel("left", y_label)
    plot.setLabel("bottom", x_label)
    plot.showGrid(x=True, y=True, alpha=0.3)
    return plot


def add_curve(plot: pg.PlotWidget, colour: str):
    """A new empty curve on ``plot`` in ``colour``."""
    return plot.plot([], [], pen=pg.mkPen(colour, width=2))
