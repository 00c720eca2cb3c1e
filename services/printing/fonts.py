"""Fonts for PDFs whose Chinese text must extract as the same characters.

With Noto Sans CJK, QPdfWriter writes a text layer in which some ideographs
extract as Kangxi radicals (⼤ for 大, ⽔ for 水, ⽹ for 网), which breaks search
and copy (DESIGN.md §6). WenQuanYi Micro Hei and AR PL UMing extract
correctly, so PDFs use the first of those that is installed; screens keep the
system font. Needs a QGuiApplication.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase

log = logging.getLogger(__name__)

#: Families whose PDF text layer extracts correctly, in order of preference.
PDF_FAMILIES = ("WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "AR PL UMing CN", "AR PL UMing TW")

_chosen: str | None = None


def pdf_font_family() -> str:
    """The font family to write PDFs with (cached); warns once when none of :data:`PDF_FAMILIES` is installed."""
    global _chosen
    if _chosen is None:
        installed = set(QFontDatabase.families())
        _chosen = next((f for f in PDF_FAMILIES if f in installed), None)
        if _chosen is None:
            _chosen = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont).family()
            log.warning(
                "None of %s is installed; PDFs use %s and their Chinese text may not search or copy "
                "correctly (install fonts-wqy-microhei)", ", ".join(PDF_FAMILIES), _chosen,
            )
    return _chosen


def pdf_font(point_size: float = 10.0, bold: bool = False) -> QFont:
    """A :class:`QFont` of :func:`pdf_font_family` for painting PDFs."""
    font = QFont(pdf_font_family())
    font.setPointSizeF(point_size)
    font.setBold(bold)
    # No substitution to another family (Noto) for glyphs the family has.
    font.setStyleStrategy(QFont.StyleStrategy.PreferMatch)
    return font
