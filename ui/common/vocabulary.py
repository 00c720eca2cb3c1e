"""The program's words for statuses, levels and milestones, translated once for every view.

The words themselves (the stored codes) are defined once in :mod:`models.vocabulary`,
with the titles of repair states and limits (shared with the notification texts);
the other tables here give their titles in the UI language. Docks, the wall, dialogs and
printouts look titles up here instead of keeping their own tables.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale

from models.vocabulary import LIMIT_TITLES, REPAIR_STATE_TITLES, title


def _lang() -> str:
    """The UI language (set by :func:`ui.common.i18n.install_translators`)."""
    return QLocale().name()


def limit_title(name: str) -> str:
    """A time limit's name in the UI language (the one table, :data:`models.vocabulary.LIMIT_TITLES`)."""
    return title(LIMIT_TITLES, name, _lang())


def repair_status_title(status: str) -> str:
    """A repair state in the UI language, as the notification texts write it."""
    return title(REPAIR_STATE_TITLES, status, _lang())


def milestone_title(attr: str) -> str:
    """A milestone's name in the UI language (``reported_at`` and ``reported`` alike)."""
    key = attr.removesuffix("_at")
    key = "on_site" if key == "arrived" else key
    return title(REPAIR_STATE_TITLES, key, _lang()) if key in REPAIR_STATE_TITLES else attr


def valve_status_title(status: str) -> str:
    """A valve status in the UI language."""
    titles = {
        "open": QCoreApplication.translate("ValveStatus", "open"),
        "closed": QCoreApplication.translate("ValveStatus", "closed"),
        "broken": QCoreApplication.translate("ValveStatus", "broken"),
        "inaccessible": QCoreApplication.translate("ValveStatus", "inaccessible"),
    }
    return titles.get(status, status)


def vehicle_status_title(status: str) -> str:
    """A vehicle status in the UI language."""
    titles = {
        "available": QCoreApplication.translate("VehicleStatus", "available"),
        "en_route": QCoreApplication.translate("VehicleStatus", "en route"),
        "on_site": QCoreApplication.translate("VehicleStatus", "on site"),
        "returning": QCoreApplication.translate("VehicleStatus", "returning"),
        "off_duty": QCoreApplication.translate("VehicleStatus", "off duty"),
    }
    return titles.get(status, status)


def level_title(level: str) -> str:
    """A repair level (I … V) as the desk writes it ("Level IV")."""
    return QCoreApplication.translate("Vocabulary", "Level {0}").format(level)
