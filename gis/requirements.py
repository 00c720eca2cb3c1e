"""One patrol requirement, as both the planner and the coverage engine use it.

A copy of the stored row (``models.patrol.PatrolRequirement``) in plain values:
gis takes it as an argument and never reads the store.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Requirement:
    """A patrol requirement.

    Attributes
    ----------
    key
        The requirement's id (any hashable, unique).
    code
        Short code for reports (``venue_guard`` …).
    rule
        One of :data:`models.patrol.REQUIREMENT_RULES` (what the planner assigns by).
    buffer_m
        Buffer around areas (venues, residences, sites, key areas).
    tolerance_m
        ``D``: the distance within which a track visits a segment; also how close a
        pipe must be to a line (route, key road) to be "along" it.
    rounds_per_day
        Rounds owed per day.
    eligible_kinds
        Team kinds whose tracks count; empty means every team.
    covered_fraction
        ``F``: the share of a segment's length that must be visited in a window.
    interval_h
        Window length in hours; 24 h / rounds per day when not given.
    """

    key: int
    code: str
    rule: str = ""
    buffer_m: float = 0.0
    tolerance_m: float = 30.0
    rounds_per_day: float = 1.0
    eligible_kinds: frozenset[str] = frozenset()
    covered_fraction: float = 0.8
    interval_h: float | None = None

    @property
    def interval_s(self) -> float:
        """Window length ``T`` in seconds."""
        if self.interval_h:
            return float(self.interval_h) * 3600.0
        return 86_400.0 / max(self.rounds_per_day, 1e-9)

    def eligible(self, kind: str) -> bool:
        """Whether a team of ``kind`` counts for this requirement."""
        return not self.eligible_kinds or kind in self.eligible_kinds
