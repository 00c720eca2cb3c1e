"""The program's vocabulary: every stored status and level code, defined once.

Tables check their columns against these, services decide with them, and the
desk shows them through :mod:`ui.common.vocabulary`. The titles of repair
states and time limits are given here once, in English and Chinese, for the
desk and for the notification texts (:mod:`gis.notify`) alike.

This module imports nothing, so both ``models`` and ``gis`` may import it (the
one exception to their independence in the layers contract, pyproject.toml).
"""

from __future__ import annotations

#: Chinese repair information levels: I most severe … V routine.
REPAIR_LEVELS = ("I", "II", "III", "IV", "V")
#: Levels serious enough to flash on the desk and count as serious on the wall.
SERIOUS_LEVELS = ("I", "II", "III", "IV")
REPAIR_STATES = ("reported", "dispatched", "on_site", "isolated", "repaired", "restored", "cancelled")
#: A repair in one of these states is finished (the rest are open).
CLOSED_REPAIR_STATES = ("restored", "cancelled")
OPEN_REPAIR_STATES = tuple(s for s in REPAIR_STATES if s not in CLOSED_REPAIR_STATES)
VEHICLE_STATES = ("available", "en_route", "on_site", "returning", "off_duty")
VALVE_STATES = ("open", "closed", "broken", "inaccessible")
MACHINERY_STATES = ("available", "assigned", "maintenance")
#: Action items of the daily meeting.
ITEM_STATES = ("open", "closed")

#: Titles (English, Chinese) of the repair states: the desk's milestones and the notification texts.
REPAIR_STATE_TITLES: dict[str, tuple[str, str]] = {
    "reported": ("reported", "已报修"),
    "dispatched": ("dispatched", "已派单"),
    "on_site": ("crew on site", "已到场"),
    "isolated": ("isolated", "已关阀"),
    "repaired": ("repaired", "已修复"),
    "restored": ("restored", "已恢复"),
    "cancelled": ("cancelled", "已取消"),
}
#: Titles (English, Chinese) of a repair's time limits.
LIMIT_TITLES: dict[str, tuple[str, str]] = {
    "dispatch": ("dispatch", "派单"),
    "arrival": ("arrival", "到场"),
    "isolation": ("isolation", "关阀止水"),
    "repair": ("repair", "修复"),
    "restoration": ("restoration", "恢复"),
}


def title(titles: dict[str, tuple[str, str]], code: str, lang: str) -> str:
    """``code``'s title in ``lang`` (``zh…`` → Chinese); an unknown code is shown as it is."""
    pair = titles.get(code)
    if pair is None:
        return code
    return pair[1] if lang.startswith("zh") else pair[0]
