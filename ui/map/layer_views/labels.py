"""One label board per render: every layer's labels placed together by priority (issue 16, points 11/13).

Layer views used to draw their labels as they drew themselves, so a street
name could sit on a repair's code. Now, while :func:`~ui.map.renderer.render_layers`
runs, views :meth:`LabelBoard.add` their labels (box measured with the real
font, a priority from :func:`gis.label_place.label_priority`, and a function
that draws it); after the last layer the board keeps the labels that do not
collide (:func:`gis.label_place.place_labels`) and draws them above every layer.
A view drawing without a board (a test, a thumbnail) draws its labels itself.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtGui import QPainter, QTransform

from gis.label_place import place_labels

#: Space (px, times the label scale) kept clear around each label.
MARGIN = 1.5


class LabelBoard:
    """Collects label candidates during one render and draws the ones that fit."""

    def __init__(self, scale: float = 1.0) -> None:
        self.scale = scale
        self._boxes: list[tuple[float, float, float, float]] = []
        self._priority: list[float] = []
        self._draw: list[Callable[[QPainter], None]] = []
        self._opacity: list[float] = []
        self.texts: list[str] = []
        self.priorities = self._priority
        self.kept: np.ndarray = np.zeros(0, bool)

    def __len__(self) -> int:
        return len(self._boxes)

    def add(self, box: tuple[float, float, float, float], priority: float, draw: Callable[[QPainter], None],
            opacity: float = 1.0, text: str = "") -> None:
        """One label: its box ``x0, y0, x1, y1`` in device pixels, its priority, and how to draw it."""
        self.texts.append(text)
        m = MARGIN * self.scale
        x0, y0, x1, y1 = box
        self._boxes.append((x0 - m, y0 - m, x1 + m, y1 + m))
        self._priority.append(priority)
        self._draw.append(draw)
        self._opacity.append(opacity)

    def entries(self, start: int = 0) -> list[tuple]:
        """The candidates added from ``start`` on, as kept by :meth:`extend` (a layer cache keeps them)."""
        return list(zip(self._boxes[start:], self._priority[start:], self._draw[start:], self._opacity[start:],
                        self.texts[start:]))

    def extend(self, entries: list[tuple]) -> None:
        """Add candidates taken with :meth:`entries` from a board of the same view and scale."""
        for box, priority, draw, opacity, text in entries:
            self._boxes.append(box)
            self._priority.append(priority)
            self._draw.append(draw)
            self._opacity.append(opacity)
            self.texts.append(text)

    def boxes(self) -> np.ndarray:
        """Every candidate's box (with its margin), in the order added."""
        return np.asarray(self._boxes, float).reshape(-1, 4)

    def kept_boxes(self) -> np.ndarray:
        """The boxes of the labels drawn (after :meth:`draw`)."""
        return self.boxes()[self.kept] if len(self.kept) else np.zeros((0, 4))

    def draw(self, painter: QPainter) -> int:
        """Place and draw; returns how many labels were drawn."""
        self.kept = place_labels(self.boxes(), self._priority)
        painter.save()
        painter.setWorldTransform(QTransform())
        for i in np.nonzero(self.kept)[0]:
            painter.save()
            painter.setOpacity(self._opacity[i])
            self._draw[i](painter)
            painter.restore()
        painter.restore()
        return int(self.kept.sum())
