"""Issue 16 (3): the print preview draws the sheet map with the PDF's line widths.

The preview's pages are recorded at the printer's resolution and shown scaled
down; pens whose width is in device pixels (cosmetic) kept their 1200-dpi
widths on the screen, so the sheet map's pipes came out about a dozen times
too thick. The test renders the preview widget into an image, cuts out the
page, rasterises the PDF of the same sheet at the same size, and compares
the ink of the map frame.
"""

from __future__ import annotations

import shutil
import subprocess

import numpy as np
import pytest
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget

from models.store import open_store

DAY = "2026-12-01"
needs_poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")


@pytest.fixture(scope="module")
def demo(tmp_path_factory, first_day_plan_template) -> str:
    """The demo store with its plan for the day (``python app.py demo``, then ``plan --date DAY``)."""
    from tests.support.stores import open_copy

    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite'}"
    open_copy(first_day_plan_template, url).dispose()
    return url


def _gray(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_Grayscale8)
    w, h, bpl = image.width(), image.height(), image.bytesPerLine()
    return np.frombuffer(image.constBits(), np.uint8, bpl * h).reshape(h, bpl)[:, :w].copy()


def _page(gray: np.ndarray) -> np.ndarray:
    """The white page cut out of the preview (its grey surround dropped)."""
    white = gray >= 254
    rows = np.flatnonzero(white.mean(axis=1) > 0.5)
    cols = np.flatnonzero(white.mean(axis=0) > 0.5)
    return gray[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]


def _map_ink(page: np.ndarray) -> float:
    """Share of inked pixels in the sheet map (left 55 % × middle rows of a landscape sheet)."""
    h, w = page.shape
    part = page[int(h * 0.2):int(h * 0.8), int(w * 0.05):int(w * 0.55)]
    return float((part < 235).mean())


@needs_poppler
def test_preview_map_lines_are_as_thin_as_in_the_pdf(demo, qtbot, tmp_path):
    from ui.printing.sheets_dialog import SheetOptions, SheetsPreview

    store = open_store(demo)
    try:
        preview = SheetsPreview(store, SheetOptions(dt_date(), ["T09"], "day", "A4", "landscape"))
        qtbot.addWidget(preview.dialog)
        widget = preview.dialog.findChild(QPrintPreviewWidget)
        preview.dialog.resize(1400, 1000)
        preview.dialog.show()
        qtbot.waitExposed(preview.dialog)
        widget.fitToWidth()
        widget.updatePreview()
        qtbot.wait(200)
        shot = widget.grab().toImage()
        shot.save(str(tmp_path / "preview.png"))
        pdf = tmp_path / "sheet.pdf"
        preview.painter.write_pdf(pdf, preview.sheets, "A4", "landscape")
        preview.dialog.close()
        preview.close()
    finally:
        store.dispose()
    page = _page(_gray(shot))
    assert page.shape[1] > 800 and 1.35 < page.shape[1] / page.shape[0] < 1.48  # A4 landscape, cut out whole
    subprocess.run(["pdftoppm", "-png", "-gray", "-scale-to-x", str(page.shape[1]), "-scale-to-y", str(page.shape[0]),
                    "-f", "1", "-l", "1", str(pdf), str(tmp_path / "pdf")], check=True)
    ref = _gray(QImage(str(next(tmp_path.glob("pdf*.png")))))
    preview_ink, pdf_ink = _map_ink(page), _map_ink(ref)
    print(f"map ink: preview {preview_ink:.3f}, pdf {pdf_ink:.3f}")
    assert pdf_ink > 0.02  # the PDF's map has pipes
    assert preview_ink < pdf_ink * 1.3, (preview_ink, pdf_ink)
    assert preview_ink > pdf_ink / 1.3, (preview_ink, pdf_ink)


def dt_date():
    import datetime as dt

    return dt.date.fromisoformat(DAY)
