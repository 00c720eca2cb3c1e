"""Find Latin words of the program's own making on a Chinese screen (issue 16, point 5).

:func:`screen_texts` collects every text a user can read in a widget tree
(labels, buttons, tabs, tables and their headers, lists, combo boxes, menus,
dock titles, placeholders); :func:`stray_words` keeps the Latin words that are
neither data (names from the store and the map: places, streets, people,
organisations, stores) nor codes (with a digit), level numerals, units or a
few fixed names (the product, the map credit, key names).
"""

from __future__ import annotations

import re

from PySide6.QtWidgets import (
    QAbstractButton, QComboBox, QDockWidget, QGroupBox, QLabel, QLineEdit, QListWidget, QMenu, QPlainTextEdit,
    QTabBar, QTableWidget, QTextEdit, QTreeWidget, QWidget,
)
from sqlalchemy import inspect, text

WORD = re.compile(r"[A-Za-z][A-Za-z_'’\-]*[A-Za-z]|[A-Za-z]")
#: Allowed whatever the data: the product, the map credit, key names, units, level numerals, formats.
ALLOWED = {"WaterGuard", "OpenStreetMap", "OSM", "ODbL", "contributors", "Ctrl", "Alt", "Shift", "Enter",
           "Esc", "Tab", "F", "km", "m", "mm", "DN", "kVA", "t", "h", "min", "s", "I", "II", "III", "IV", "V",
           "PDF", "CSV", "XLSX", "GPS", "SMS", "SMTP", "OsmAnd", "NMEA", "GeoPackage", "HTML", "N", "E",
           "WGS", "UTC", "IP", "TCP", "UDP", "URL", "ID", "PE", "PVC", "DI", "GG", "ST", "MBTiles", "Traccar",
           "gpsd", "STARTTLS", *"ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
#: Store columns holding names and free text typed by people (data, not the program's words).
DATA_COLUMNS = ("name", "name_en", "address", "organisation", "location", "crew", "leader", "contractor", "street",
                "caller", "description", "problem", "plan", "owner", "contact", "recipient", "subject", "text",
                "plate", "email", "title", "double_shift_units", "source")


def screen_texts(root: QWidget, visible_only: bool = True) -> list[tuple[str, str]]:
    """``(where, text)`` of everything readable under ``root`` (menus included)."""
    out: list[tuple[str, str]] = []

    def add(widget, t):
        if t:
            out.append((f"{type(widget).__name__}:{widget.objectName()}", t.replace("&", "")))

    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        if visible_only and not isinstance(w, (QMenu, QDockWidget)) and not w.isVisibleTo(root) and w is not root:
            continue
        if isinstance(w, QLabel):
            add(w, re.sub(r"<[^>]+>", " ", w.text()))
        elif isinstance(w, QAbstractButton):
            add(w, w.text())
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                add(w, w.tabText(i))
        elif isinstance(w, QTableWidget):
            for c in range(w.columnCount()):
                h = w.horizontalHeaderItem(c)
                add(w, h.text() if h else "")
                for r in range(w.rowCount()):
                    item = w.item(r, c)
                    add(w, item.text() if item else "")
        elif isinstance(w, QTreeWidget):
            h = w.headerItem()
            for c in range(w.columnCount()):
                add(w, h.text(c))
        elif isinstance(w, QListWidget):
            for i in range(w.count()):
                add(w, w.item(i).text())
        elif isinstance(w, QComboBox):
            for i in range(w.count()):
                add(w, w.itemText(i))
        elif isinstance(w, QLineEdit):
            add(w, w.placeholderText())
        elif isinstance(w, (QPlainTextEdit, QTextEdit)):
            add(w, w.toPlainText())
            add(w, w.placeholderText())
        elif isinstance(w, QGroupBox):
            add(w, w.title())
        elif isinstance(w, QDockWidget):
            add(w, w.windowTitle())
        elif isinstance(w, QMenu):
            add(w, w.title())
            for a in w.actions():
                add(w, a.text())
    return out


def data_words(store, extra: list[str] = ()) -> set[str]:
    """Latin words in the store's names and free texts (and ``extra``, e.g. map labels)."""
    words: set[str] = set()
    with store.engine.connect() as conn:
        insp = inspect(conn)
        for table in insp.get_table_names():
            cols = [c["name"] for c in insp.get_columns(table) if c["name"] in DATA_COLUMNS]
            for col in cols:
                for (value,) in conn.execute(text(f'SELECT DISTINCT "{col}" FROM "{table}"')):
                    if isinstance(value, str):
                        words.update(WORD.findall(value))
    for value in extra:
        words.update(WORD.findall(str(value)))
    return words


def stray_words(texts: list[tuple[str, str]], data: set[str], fragments: bool = False) -> dict[str, list[str]]:
    """Word → where it was seen, for each Latin word of the program's making.

    ``fragments``: a piece of a data word counts as data (a PDF's map labels
    and elided table cells come out of pdftotext cut).
    """
    found: dict[str, list[str]] = {}
    joined = "\n".join(data)
    for where, t in texts:
        for token in re.findall(r"\S+", t):
            if re.search(r"\d", token):  # codes: RV01, P00883, DN200, 2026-12-01
                continue
            for word in WORD.findall(token):
                if word in ALLOWED or word in data or (fragments and word in joined):
                    continue
                found.setdefault(word, []).append(f"{where}: {t[:80]}")
    return found
