"""Drill scenario files: the scale of the day and the scripted incidents.

A scenario is YAML or JSON (documented in README.md, "Drills"); the demo's
ships as ``resources/drill/demo_scenario.yaml``. :func:`load_scenario` checks
every field and raises :class:`ScenarioError` naming the file, the field and
the reason; nothing is written to a store before a scenario has passed.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.paths import RESOURCES

#: Incident kinds a scenario may script, with their required and optional fields.
INCIDENT_FIELDS: dict[str, tuple[tuple[str, ...], dict[str, Any]]] = {
    "burst": (("place",), {"diameter_min_mm": 0.0, "search_m": 150.0, "call_to_dispatch_min": 6.0,
                           "turnout_min": 2.0, "isolate_after_min": 25.0, "repair_after_min": 180.0, "restore_after_min": 90.0,
                           "caller": "", "description": ""}),
    "post_departure": (("post",), {"minutes": 20.0, "distance_m": 250.0}),
    "patch_skip": (("patch",), {"fraction": 0.3}),
    "missing_zero_report": (("unit",), {}),
    "vehicle_silent": (("vehicle",), {"minutes": 30.0}),
    "construction_dig": (("site",), {"close_after_min": 120.0, "owner": ""}),
}


class ScenarioError(ValueError):
    """A scenario that cannot be run; the message names the file, the field and why."""


@dataclass(frozen=True)
class Scale:
    """How big the drill's day is (DESIGN.md §1: 7 groups of 128, 52 vehicles, 90+ crew)."""

    venue_squads: int = 7
    guards: int = 128
    stationed: int = 11
    patch_patrollers: int = 18
    vehicles: int = 52
    crew_per_vehicle: int = 2
    fix_interval_s: float = 1.0
    vehicle_interval_s: float = 1.0
    shift_change: str = "20:00"


@dataclass(frozen=True)
class Incident:
    """One scripted incident: its kind, its local time (``HH:MM``) and its fields."""

    kind: str
    at: str
    fields: dict[str, Any]

    def minutes(self) -> float:
        """Minutes after local midnight."""
        return hhmm_minutes(self.at)


@dataclass(frozen=True)
class Scenario:
    """A checked drill scenario."""

    name: str
    name_zh: str
    source: str
    date: dt.date | None
    start: str
    end: str
    scale: Scale
    incidents: tuple[Incident, ...] = field(default_factory=tuple)

    def of_kind(self, kind: str) -> list[Incident]:
        """The incidents of one kind, in time order."""
        return sorted((i for i in self.incidents if i.kind == kind), key=Incident.minutes)


def hhmm_minutes(text: str) -> float:
    """``HH:MM`` → minutes after midnight (``24:00`` allowed).

    Raises
    ------
    ValueError
        When the text is not a time of day.
    """
    try:
        h, m = str(text).strip().split(":")
        hours, minutes = int(h), int(m)
    except ValueError:
        raise ValueError(f"{text!r} is not a time HH:MM") from None
    if not (0 <= hours <= 24 and 0 <= minutes < 60) or (hours == 24 and minutes):
        raise ValueError(f"{text!r} is not a time HH:MM")
    return hours * 60.0 + minutes


def default_scenario_path() -> Path:
    """The demo's scenario shipped in resources/."""
    return RESOURCES / "drill" / "demo_scenario.yaml"


def _read(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot read the scenario ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise ScenarioError(f"{path}: the scenario is not UTF-8 text") from None
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise ScenarioError(f"{path}: line {exc.lineno}: not valid JSON ({exc.msg})") from None
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        raise ScenarioError(f"{path}: {where}not valid YAML ({getattr(exc, 'problem', exc)})") from None


def _number(path: Path, where: str, value: Any, minimum: float = 0.0) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ScenarioError(f"{path}: {where}: expected a number, got {value!r}")
    if value < minimum:
        raise ScenarioError(f"{path}: {where}: must be at least {minimum:g}, got {value!r}")
    return float(value)


def _time(path: Path, where: str, value: Any) -> str:
    try:
        minutes = hhmm_minutes(str(value))
    except ValueError as exc:
        raise ScenarioError(f"{path}: {where}: {exc}") from None
    return f"{int(minutes // 60):02d}:{int(minutes % 60):02d}"


def parse_scenario(data: Any, source: str | Path = "<scenario>") -> Scenario:
    """Check parsed scenario data and build a :class:`Scenario`.

    Raises
    ------
    ScenarioError
        Naming ``source``, the field and the reason.
    """
    path = Path(source)
    if not isinstance(data, dict):
        raise ScenarioError(f"{path}: a scenario is a mapping with 'name', 'scale' and 'incidents'")
    unknown = set(data) - {"name", "name_zh", "date", "start", "end", "scale", "incidents"}
    if unknown:
        raise ScenarioError(f"{path}: unknown field(s): {', '.join(sorted(map(str, unknown)))}")
    name = str(data.get("name") or path.stem)
    date = data.get("date")
    if date is not None and not isinstance(date, dt.date):
        try:
            date = dt.date.fromisoformat(str(date))
        except ValueError:
            raise ScenarioError(f"{path}: date: expected YYYY-MM-DD, got {date!r}") from None
    start = _time(path, "start", data.get("start", "08:00"))
    end = _time(path, "end", data.get("end", "24:00"))
    if hhmm_minutes(end) <= hhmm_minutes(start):
        raise ScenarioError(f"{path}: end {end} is not after start {start}")
    raw_scale = data.get("scale") or {}
    if not isinstance(raw_scale, dict):
        raise ScenarioError(f"{path}: scale: expected a mapping")
    defaults = Scale()
    values = {}
    for key, value in raw_scale.items():
        if not hasattr(defaults, key):
            raise ScenarioError(f"{path}: scale.{key}: unknown field")
        if key == "shift_change":
            values[key] = _time(path, f"scale.{key}", value)
        elif key in ("fix_interval_s", "vehicle_interval_s"):
            values[key] = _number(path, f"scale.{key}", value, 0.5)
        else:
            values[key] = int(_number(path, f"scale.{key}", value, 0))
    scale = Scale(**values)
    if scale.guards < scale.stationed + scale.patch_patrollers + scale.venue_squads:
        raise ScenarioError(f"{path}: scale.guards ({scale.guards}) must cover the stationed posts "
                            f"({scale.stationed}), the patch patrollers ({scale.patch_patrollers}) and at "
                            f"least one guard per venue squad ({scale.venue_squads})")
    incidents = []
    raw = data.get("incidents") or []
    if not isinstance(raw, list):
        raise ScenarioError(f"{path}: incidents: expected a list")
    for n, item in enumerate(raw, start=1):
        where = f"incidents[{n}]"
        if not isinstance(item, dict):
            raise ScenarioError(f"{path}: {where}: expected a mapping with 'kind' and 'at'")
        kind = item.get("kind")
        if kind not in INCIDENT_FIELDS:
            raise ScenarioError(f"{path}: {where}.kind: {kind!r} is not one of {', '.join(INCIDENT_FIELDS)}")
        at = _time(path, f"{where}.at", item.get("at"))
        required, optional = INCIDENT_FIELDS[kind]
        fields = dict(optional)
        for key, value in item.items():
            if key in ("kind", "at"):
                continue
            if key not in required and key not in optional:
                raise ScenarioError(f"{path}: {where}.{key}: unknown field for a {kind}")
            if key in optional and isinstance(optional[key], float):
                value = _number(path, f"{where}.{key}", value)
            fields[key] = value
        for key in required:
            if item.get(key) in (None, ""):
                raise ScenarioError(f"{path}: {where}: a {kind} needs '{key}'")
        if kind == "patch_skip" and not 0.0 < fields["fraction"] < 1.0:
            raise ScenarioError(f"{path}: {where}.fraction: must be between 0 and 1")
        incidents.append(Incident(kind, at, fields))
    return Scenario(name=name, name_zh=str(data.get("name_zh") or name), source=str(path), date=date,
                    start=start, end=end, scale=scale, incidents=tuple(incidents))


def load_scenario(path: str | Path | None = None) -> Scenario:
    """Read and check a scenario file (YAML or JSON); the demo's when ``path`` is None.

    Raises
    ------
    ScenarioError
        Naming the file, the field and the reason.
    """
    path = Path(path) if path is not None else default_scenario_path()
    return parse_scenario(_read(path), path)
