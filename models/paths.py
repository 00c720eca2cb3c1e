"""Where the files shipped with WaterGuard live (``resources/`` beside the packages)."""

from __future__ import annotations

from pathlib import Path

#: The repository's ``resources`` folder: demo data, styles, translations.
RESOURCES = Path(__file__).resolve().parent.parent / "resources"
#: The bundled demo city and event (``demo_city.gpkg``, ``demo_event.json``).
DEMO_FOLDER = RESOURCES / "demo"
