"""Translated layer titles.

Layer models are Qt-free and carry English titles (gis/map_styles.TITLES);
the UI shows them through this catalogue. The literal strings below are what
pyside6-lupdate extracts into the zh_CN catalogue.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP

CONTEXT = "LayerTitles"

# Listed so lupdate files them under CONTEXT; keep in step with gis/map_styles.TITLES.
_TITLES = (
    QT_TRANSLATE_NOOP("LayerTitles", "Green"),
    QT_TRANSLATE_NOOP("LayerTitles", "Water"),
    QT_TRANSLATE_NOOP("LayerTitles", "Buildings"),
    QT_TRANSLATE_NOOP("LayerTitles", "Streets"),
    QT_TRANSLATE_NOOP("LayerTitles", "Patrol patches"),
    QT_TRANSLATE_NOOP("LayerTitles", "Key areas"),
    QT_TRANSLATE_NOOP("LayerTitles", "Construction sites"),
    QT_TRANSLATE_NOOP("LayerTitles", "Residences"),
    QT_TRANSLATE_NOOP("LayerTitles", "Venues"),
    QT_TRANSLATE_NOOP("LayerTitles", "Key units"),
    QT_TRANSLATE_NOOP("LayerTitles", "Key roads"),
    QT_TRANSLATE_NOOP("LayerTitles", "Pipes"),
    QT_TRANSLATE_NOOP("LayerTitles", "Motorcade routes"),
    QT_TRANSLATE_NOOP("LayerTitles", "Valves"),
    QT_TRANSLATE_NOOP("LayerTitles", "Hydrants"),
    QT_TRANSLATE_NOOP("LayerTitles", "Important users"),
    QT_TRANSLATE_NOOP("LayerTitles", "Patrollers and vehicles"),
    QT_TRANSLATE_NOOP("LayerTitles", "Raster tiles"),
    QT_TRANSLATE_NOOP("LayerTitles", "Patrol tracks"),
    QT_TRANSLATE_NOOP("LayerTitles", "Patrol replay"),
    QT_TRANSLATE_NOOP("LayerTitles", "Isolation"),
    QT_TRANSLATE_NOOP("LayerTitles", "Valves to close"),
    QT_TRANSLATE_NOOP("LayerTitles", "Open repairs"),
    QT_TRANSLATE_NOOP("LayerTitles", "Field hazards"),
)


def layer_title(title: str) -> str:
    """The title of a layer in the UI language."""
    return QCoreApplication.translate(CONTEXT, title)
