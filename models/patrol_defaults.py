"""The six patrol requirements of DESIGN.md §1, seeded as editable rows.

They are defaults, not constants: once stored, the duty leader edits them and
nothing here overwrites a row that exists (matched by ``code``).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.event import Event
from models.patrol import PatrolRequirement

#: code, name, name_zh, rule, rounds/day, buffer m, eligible team kinds, round the clock.
DEFAULT_REQUIREMENTS: tuple[tuple, ...] = (
    ("venue_guard", "Venue guard", "会场驻地保障巡检", "venue_guard", 6, 500.0, "guard", True),
    ("stationed_post", "Stationed post on exposed mains", "输水管线露明段驻守", "stationed_post", 6, 0.0, "guard", True),
    ("key_places", "Venue residences, key roads and areas", "会场驻地、重点道路、重点区域巡检", "key_places", 2, 200.0, "", False),
    ("transmission", "Transmission mains, sites and routes", "输水管线、施工现场、车队路线巡检", "transmission", 1, 100.0, "", False),
    ("patch", "Patch patrol", "管片巡检", "patch", 2, 0.0, "patrol", False),
    ("leak_survey", "Leak survey", "测漏数据采集", "leak_survey", 1, 0.0, "", False),
)


def ensure_default_requirements(session: Session, event: Event | None) -> list[PatrolRequirement]:
    """Add the default requirements that are missing (by code); return all requirements.

    Parameters
    ----------
    session
        An ORM session; the caller commits.
    event
        The event the new rows belong to (None for a store without an event).

    Returns
    -------
    list of PatrolRequirement
        Every stored requirement, in id order.
    """
    existing = set(session.scalars(select(PatrolRequirement.code)))
    for code, name, name_zh, rule, rounds, buffer_m, kinds, clock in DEFAULT_REQUIREMENTS:
        if code in existing:
            continue
        session.add(PatrolRequirement(
            event_id=None if event is None else event.id, code=code, name=name, name_zh=name_zh, rule=rule,
            rounds_per_day=float(rounds), interval_h=24.0 / rounds, buffer_m=buffer_m, tolerance_m=30.0,
            covered_fraction=0.8, min_dwell_s=60.0, eligible_team_kinds=kinds, round_the_clock=clock,
            active=True,
        ))
    session.flush()
    return list(session.scalars(select(PatrolRequirement).order_by(PatrolRequirement.id)))
