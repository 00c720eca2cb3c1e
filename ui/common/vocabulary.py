"""The program's words for statuses, levels and milestones, translated once for every view.

The words themselves (the stored codes) are defined once in :mod:`models.vocabulary`;
each table here gives their titles in the UI language. Docks, the wall, dialogs and
printouts look titles up here instead of keeping their own tables.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def limit_title(name: str) -> str:
    """A time limit's name in the UI language."""
    titles = {
        "dispatch": QCoreApplication.translate("RepairLimits", "dispatch"),
        "arrival": QCoreApplication.translate("RepairLimits", "arrival"),
        "isolation": QCoreApplication.translate("RepairLimits", "isolation"),
        "repair": QCoreApplication.translate("RepairLimits", "repair"),
        "restoration": QCoreApplication.translate("RepairLimits", "restoration"),
    }
    return titles.get(name, name)


def milestone_title(attr: str) -> str:
    """A milestone's name in the UI language (``reported_at`` and ``reported`` alike)."""
    key = attr.removesuffix("_at")
    titles = {
        "reported": QCoreApplication.translate("RepairLimits", "reported"),
        "dispatched": QCoreApplication.translate("RepairLimits", "dispatched"),
        "arrived": QCoreApplication.translate("RepairLimits", "crew on site"),
        "on_site": QCoreApplication.translate("RepairLimits", "crew on site"),
        "isolated": QCoreApplication.translate("RepairLimits", "isolated"),
        "repaired": QCoreApplication.translate("RepairLimits", "repaired"),
        "restored": QCoreApplication.translate("RepairLimits", "restored"),
    }
    return titles.get(key, attr)


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
