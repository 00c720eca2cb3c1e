"""Feature kinds: the names the importer, ``status`` and the map use for tables.

A kind is a table plus, for tables shared by several kinds (guarded places),
the fixed value of their ``kind`` column.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Table

from models.audit import StoreChange  # noqa: F401
from models.duty import ActionItem, ZeroReport
from models.event import (
    ConstructionSite,
    GuardedPlace,
    ImportantUser,
    KeyArea,
    KeyRoad,
    LeakSurveyPoint,
    Route,
)
from models.network import Hydrant, Node, Pipe, Valve, WaterSource
from models.patrol import KeyPoint, PatrolPatch, Team, TrackPoint
from models.repair import Position, Repair, Vehicle


@dataclass(frozen=True)
class FeatureKind:
    """One importable / countable kind of thing in the store."""

    name: str
    table: Table
    #: The geometry family the kind holds ("point", "line", "polygon") or None.
    geometry: str | None
    #: Prefix for generated codes (P000001 …).
    code_prefix: str = ""
    #: Fixed column values that select this kind inside a shared table.
    fixed: dict[str, str] = field(default_factory=dict)


def _k(name, cls, geometry, prefix="", **fixed) -> FeatureKind:
    return FeatureKind(name, cls.__table__, geometry, prefix, dict(fixed))


#: Kinds with geometry that ``import`` accepts (besides ``epanet`` and ``tracks``).
FEATURE_KINDS: dict[str, FeatureKind] = {
    k.name: k
    for k in (
        _k("nodes", Node, "point", "N"),
        _k("pipes", Pipe, "line", "P"),
        _k("valves", Valve, "point", "V"),
        _k("hydrants", Hydrant, "point", "H"),
        _k("sources", WaterSource, "point", "S"),
        _k("venues", GuardedPlace, "polygon", "VEN", kind="venue"),
        _k("residences", GuardedPlace, "polygon", "RES", kind="residence"),
        _k("key_units", GuardedPlace, "polygon", "KU", kind="key_unit"),
        _k("routes", Route, "line", "R"),
        _k("sites", ConstructionSite, "polygon", "CS"),
        _k("key_roads", KeyRoad, "line", "KR"),
        _k("key_areas", KeyArea, "polygon", "KA"),
        _k("users", ImportantUser, "point", "U"),
        _k("leak_points", LeakSurveyPoint, "point", "LP"),
        _k("patches", PatrolPatch, "polygon", "PP"),
        _k("key_points", KeyPoint, "point", "KP"),
    )
}

#: What ``status`` counts, in the order the issue lists them.
STATUS_KINDS: dict[str, tuple[Table, dict[str, str]]] = {
    "pipes": (Pipe.__table__, {}),
    "valves": (Valve.__table__, {}),
    "hydrants": (Hydrant.__table__, {}),
    "venues": (GuardedPlace.__table__, {"kind": "venue"}),
    "residences": (GuardedPlace.__table__, {"kind": "residence"}),
    "routes": (Route.__table__, {}),
    "sites": (ConstructionSite.__table__, {}),
    "key_roads": (KeyRoad.__table__, {}),
    "key_areas": (KeyArea.__table__, {}),
    "users": (ImportantUser.__table__, {}),
    "patches": (PatrolPatch.__table__, {}),
    "teams": (Team.__table__, {}),
    "vehicles": (Vehicle.__table__, {}),
    "track_points": (TrackPoint.__table__, {}),
    "positions": (Position.__table__, {}),
    "repairs": (Repair.__table__, {}),
    "action_items": (ActionItem.__table__, {}),
    "zero_reports": (ZeroReport.__table__, {}),
}
