"""The program's vocabulary: every stored status and level code, defined once.

Tables check their columns against these, services decide with them, and the
desk shows them through one translated table (:mod:`ui.common.vocabulary`).
(``gis`` takes the codes it needs as arguments; it imports nothing from here.)
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
