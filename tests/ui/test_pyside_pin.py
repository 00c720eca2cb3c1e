"""Guard against PySide6 6.12.0's refcount bug on None coming back.

6.12.0 on Python 3.11 drops a reference to ``None`` on every Qt call that
returns nothing and dies with "Fatal Python error: none_dealloc" after tens of
thousands of calls; pyproject pins PySide6 below 6.12.
"""

from __future__ import annotations

import sys

import PySide6
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen


def test_pyside_is_below_6_12():
    major, minor = (int(p) for p in PySide6.__version__.split(".")[:2])
    assert (major, minor) < (6, 12), PySide6.__version__


def test_void_qt_calls_keep_the_refcount_of_none(qapp):
    image = QImage(16, 16, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    pen = QPen(QColor("blue"), 2, Qt.PenStyle.SolidLine)
    try:
        before = sys.getrefcount(None)
        for _ in range(200_000):
            painter.setPen(pen)  # returns None
        after = sys.getrefcount(None)
    finally:
        painter.end()
    # A leak of one reference per call would show as ~200,000.
    assert abs(after - before) < 1000
