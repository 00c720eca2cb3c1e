"""Patrol capacity (DESIGN.md §1): can the teams on duty cover what each requirement asks?

A requirement with interval T asks for one pass over its pipes in every window of
T hours. Over a shift of H hours that is ``length × H / T`` km to walk (or ride);
one team covers ``speed × H`` km in the same shift. The teams a requirement and
shift need is the ceiling of the ratio, compared with the teams on duty.

Pure: every input is an argument (lengths in km, hours, km/h); nothing here
reads the store.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

#: The travel modes' default speeds, km/h (about 4 on foot, 12 by bicycle, 25 by car in town).
TRAVEL_SPEEDS_KMH = {"foot": 4.0, "bicycle": 12.0, "car": 25.0}
#: The speed assumed for a team kind with no stored speed: on foot, so capacity is never overstated.
FALLBACK_KMH = TRAVEL_SPEEDS_KMH["foot"]


@dataclass(frozen=True)
class Demand:
    """What one requirement asks of the teams (optionally in one patch).

    Attributes
    ----------
    requirement
        The requirement's code.
    length_km
        Length of its pipes (in the patch, when ``patch`` is set).
    interval_h
        Its window length T: one pass over the pipes per window.
    patch
        Patch code, or None for the whole requirement.
    """

    requirement: str
    length_km: float
    interval_h: float
    patch: str | None = None


def teams_needed(required_km: float, team_km: float) -> int:
    """The fewest teams that cover ``required_km`` when each covers ``team_km`` (0 when nothing is required)."""
    if required_km <= 0:
        return 0
    if team_km <= 0:
        raise ValueError("a team that covers no distance cannot staff a requirement")
    # A hair of tolerance: 48.000000001 km over 48 km a team is one team, not two.
    return max(1, math.ceil(required_km / team_km - 1e-9))


def capacity_row(demand: Demand, shift: str | None, hours: float, speeds_kmh: Sequence[float],
                 fallback_kmh: float = FALLBACK_KMH) -> dict:
    """One requirement in one shift: required km, what one team covers, teams on duty and needed.

    Parameters
    ----------
    demand
        The requirement (and patch).
    shift
        The shift's name (None for the whole day when no shifts are stored).
    hours
        The shift's length.
    speeds_kmh
        The speed of each team on duty for the requirement in the shift (one per team).
    fallback_kmh
        The speed of one team when none is on duty (what a team of the requirement's kind would do).

    Returns
    -------
    dict
        ``requirement, patch, shift, hours, passes, required_km, speed_kmh, team_km, teams,
        teams_needed, missing`` (``missing`` = teams needed beyond those on duty).
    """
    passes = hours / demand.interval_h if demand.interval_h > 0 else 0.0
    required = demand.length_km * passes
    speed = sum(speeds_kmh) / len(speeds_kmh) if len(speeds_kmh) else fallback_kmh
    team_km = speed * hours
    needed = teams_needed(required, team_km)
    return {"requirement": demand.requirement, "patch": demand.patch, "shift": shift, "hours": round(hours, 3),
            "passes": round(passes, 3), "required_km": round(required, 3), "speed_kmh": round(speed, 3),
            "team_km": round(team_km, 3), "teams": len(speeds_kmh), "teams_needed": needed,
            "missing": max(0, needed - len(speeds_kmh))}
