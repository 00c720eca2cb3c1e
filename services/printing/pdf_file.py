"""The one way the program writes a PDF: whole or not at all, with its title and layout.

Every PDF (zone sheets, meeting record, after-action report, field tokens,
isolation order) is painted on a :class:`QPdfWriter` over a temporary file beside
the target, which replaces the target only once the painting is done
(:func:`gis.io.output.replacing`): a failure or a kill -9 mid-print leaves the
previous copy as it was (a sheet printed again over this morning's stood broken
after a kill). Needs a QGuiApplication.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter

from gis.io.output import replacing


def a4_portrait(margins_mm: tuple[float, float, float, float]) -> QPageLayout:
    """An A4 portrait page with ``left, top, right, bottom`` margins in millimetres."""
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                       QMarginsF(*margins_mm), QPageLayout.Unit.Millimeter)


@contextmanager
def pdf_writer(path: str | Path, title: str, layout: QPageLayout, resolution: int = 300) -> Iterator[QPdfWriter]:
    """A writer for the PDF at ``path``; the file appears there when the block ends without error.

    Paint on it (and end the painter) inside the block.
    """
    with replacing(path) as tmp:
        writer = QPdfWriter(str(tmp))
        writer.setTitle(title)
        writer.setCreator("WaterGuard")
        writer.setResolution(resolution)
        writer.setPageLayout(layout)
        yield writer
        del writer  # the PDF is finished and closed before it replaces the target
