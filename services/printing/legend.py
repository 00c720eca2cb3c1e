"""One map vocabulary (issue 16, point 10): the desk legend, the HTML map and the zone sheets say the same.

The words are the desk legend's class labels (catalogue context ``Legend``)
and the requirement names of :mod:`services.printing.labels`; the colours come
from :data:`gis.map_styles.SHARED_LEGEND`. The HTML map (``export-map``) and the
zone sheet legend ask here, so 未结抢修 / 施工工地 / 车队路线 read the same on all three.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from gis.map_styles import shared_colour, shared_word
from services.printing.labels import label


def legend_word(text: str) -> str:
    """A legend word in the UI language (the desk legend's catalogue)."""
    return QCoreApplication.translate("Legend", text)


def shared_entry(key: str) -> tuple[str, str]:
    """``(word, colour)`` of a shared map thing (``venue``, ``route``, ``level_IV`` …)."""
    return legend_word(shared_word(key)), shared_colour(key)


def level_word(level: str) -> str:
    """"Level IV repair" in the UI language."""
    return legend_word(f"Level {level} repair")


def rule_word(rule: str) -> str:
    """A patrol requirement rule (``venue_guard`` …, ``none``) by its one name."""
    if rule in (None, "", "none"):
        return legend_word("No requirement")
    return label("requirement", str(rule).upper())
