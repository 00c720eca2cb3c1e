"""Patrol capacity of the stored plan (DESIGN.md §1): teams each requirement and shift needs.

Shared by ``python app.py plan`` (right after it stores the plan, with the
pipes' measured lengths) and the desk's Patrol dock (from the stored plan, with
the pipes' stored lengths). The arithmetic is :mod:`gis.capacity`.

Which teams serve a requirement: those of its eligible kinds; a requirement
open to every kind is counted against the patrol teams, as the patch workload
of :func:`gis.plan.workload_km` is. A team patrols at its kind's stored speed
(table ``team_kind_speeds``; a kind without one walks, 4 km/h). A shift is every
stored shift of that name overlapping the day; a team with no shift that day is
on duty in every shift (as :func:`gis.plan.team_rounds` owes it every round).
Stationed posts (a person on site) and leak survey readings (points) are not
lengths to cover and have no rows here.
"""

from __future__ import annotations

import datetime as dt
import statistics

import pandas as pd
from sqlalchemy import Connection, func, select

from gis.capacity import FALLBACK_KMH, Demand, capacity_row
from models.network import Pipe
from models.patrol import PatrolPatch, SegmentRequirement, Shift, Team, TeamKindSpeed
from services.patrol.data import PatrolDataError, day_anchor, parse_date, requirement_rules

#: Requirements measured in km of pipe to pass over.
LENGTH_RULES = ("venue_guard", "key_places", "transmission", "patch")
#: The kinds that serve a requirement open to every kind.
OPEN_KINDS = frozenset({"patrol"})


def team_speeds(conn: Connection) -> dict[str, float]:
    """Stored km/h per team kind."""
    t = TeamKindSpeed.__table__
    return {k: float(v) for k, v in conn.execute(select(t.c.kind, t.c.speed_kmh)) if v and v > 0}


def set_team_speed(store, kind: str, speed_kmh: float, travel_mode: str | None = None) -> None:
    """Store (add or change) the patrol speed of a team kind.

    Raises
    ------
    PatrolDataError
        When the speed is not a positive number of km/h.
    """
    if not (speed_kmh > 0 and speed_kmh < 200):
        raise PatrolDataError(f"team speed of {kind!r}: {speed_kmh} km/h is not a speed between 0 and 200 km/h")
    with store.session() as session:
        row = session.scalars(select(TeamKindSpeed).where(TeamKindSpeed.kind == kind)).first()
        if row is None:
            row = TeamKindSpeed(kind=kind, travel_mode=travel_mode or "foot", speed_kmh=float(speed_kmh))
            session.add(row)
        row.speed_kmh = float(speed_kmh)
        if travel_mode:
            row.travel_mode = travel_mode
        session.commit()


def _utc(t: dt.datetime) -> dt.datetime:
    return t if t.tzinfo else t.replace(tzinfo=dt.timezone.utc)


def shift_groups(conn: Connection, anchor: dt.datetime) -> list[dict]:
    """The day's shifts by name: ``name, hours, starts, ends`` (local HH:MM) and ``team_ids`` on duty.

    With no stored shift overlapping the day: one group, the whole day, every team.
    """
    end = anchor + dt.timedelta(days=1)
    s = Shift.__table__
    rows = [(name, team, _utc(a), _utc(b)) for name, team, a, b in
            conn.execute(select(s.c.name, s.c.team_id, s.c.starts_at, s.c.ends_at).order_by(s.c.starts_at, s.c.id))]
    rows = [r for r in rows if r[2] < end and r[3] > anchor]
    all_teams = set(conn.execute(select(Team.__table__.c.id)).scalars())
    if not rows:
        return [{"name": None, "hours": 24.0, "starts": "00:00", "ends": "24:00", "team_ids": all_teams}]
    groups: dict[str, dict] = {}
    for name, team, a, b in rows:
        g = groups.setdefault(name or "", {"name": name or "", "durations": [], "first": (a, b), "team_ids": set()})
        g["durations"].append((b - a).total_seconds() / 3600)
        g["team_ids"].add(team)
    without = all_teams - {r[1] for r in rows}
    tz = anchor.tzinfo
    out = []
    for g in groups.values():
        a, b = g["first"]
        out.append({"name": g["name"], "hours": statistics.median(g["durations"]),
                    "starts": a.astimezone(tz).strftime("%H:%M"), "ends": b.astimezone(tz).strftime("%H:%M"),
                    "team_ids": g["team_ids"] | without})
    return out


def stored_lengths(conn: Connection) -> pd.DataFrame:
    """km of pipe per (requirement id, patch code) in the stored plan, from the pipes' stored lengths."""
    sr, p, pp = SegmentRequirement.__table__, Pipe.__table__, PatrolPatch.__table__
    q = (select(sr.c.requirement_id, pp.c.code, func.sum(p.c.length_m))
         .select_from(sr.join(p, p.c.id == sr.c.pipe_id).outerjoin(pp, pp.c.id == sr.c.patch_id))
         .group_by(sr.c.requirement_id, pp.c.code))
    frame = pd.DataFrame(conn.execute(q).all(), columns=["requirement", "patch", "length_m"])
    frame["length_km"] = frame["length_m"].fillna(0.0).astype(float) / 1000.0
    return frame[["requirement", "patch", "length_km"]]


def plan_capacity(store, anchor: dt.datetime, lengths: pd.DataFrame | None = None) -> list[dict]:
    """Capacity rows of the stored plan for the day from ``anchor`` (see :func:`gis.capacity.capacity_row`).

    Parameters
    ----------
    store
        The store holding the plan, teams, shifts and speeds.
    anchor
        Local midnight of the day.
    lengths
        ``requirement`` (id), ``patch`` (code or None), ``length_km``; default: :func:`stored_lengths`.

    Returns
    -------
    list of dict
        Per length requirement and shift, then per patch for the patch requirement; each row
        also has the shift's local ``starts``/``ends`` and the requirement's ``name``/``name_zh``.
    """
    from models.patrol import PatrolRequirement

    with store.session() as session:
        stored = list(session.scalars(select(PatrolRequirement).order_by(PatrolRequirement.id)))
        names = {r.code: (r.name, r.name_zh) for r in stored}
        rules = requirement_rules(stored)
    with store.engine.connect() as conn:
        if lengths is None:
            lengths = stored_lengths(conn)
        speeds = team_speeds(conn)
        t = Team.__table__
        pp = PatrolPatch.__table__
        teams = pd.DataFrame(conn.execute(select(t.c.id, t.c.kind, pp.c.code).select_from(
            t.outerjoin(pp, pp.c.id == t.c.patch_id))).all(), columns=["id", "kind", "patch"])
        groups = shift_groups(conn, anchor)
    speed_of = {int(i): speeds.get(k, FALLBACK_KMH) for i, k in zip(teams["id"], teams["kind"])}
    rows: list[dict] = []
    for r in rules:
        if r.rule not in LENGTH_RULES:
            continue
        kinds = r.eligible_kinds or OPEN_KINDS
        serving = teams[teams["kind"].isin(kinds)]
        fallback = min((speeds.get(k, FALLBACK_KMH) for k in kinds), default=FALLBACK_KMH)
        mine = lengths[lengths["requirement"] == r.key]
        interval_h = r.interval_s / 3600.0
        demands = [(Demand(r.code, float(mine["length_km"].sum()), interval_h), serving)]
        if r.rule == "patch":
            per_patch = mine.dropna(subset=["patch"]).groupby("patch")["length_km"].sum()
            demands += [(Demand(r.code, float(km), interval_h, patch=str(code)), serving[serving["patch"] == code])
                        for code, km in per_patch.items()]
        for demand, who in demands:
            if demand.length_km <= 0:
                continue
            for g in groups:
                on = [speed_of[int(i)] for i in who["id"] if int(i) in g["team_ids"]]
                row = capacity_row(demand, g["name"], g["hours"], on, fallback)
                row.update(starts=g["starts"], ends=g["ends"], name=names[r.code][0], name_zh=names[r.code][1])
                rows.append(row)
    return rows


def shortfalls(rows: list[dict]) -> list[dict]:
    """The rows whose teams on duty are fewer than the teams needed."""
    return [r for r in rows if r["missing"] > 0]


def day_capacity(store, date: dt.date | None = None) -> list[dict]:
    """:func:`plan_capacity` of a local day (default: today in the event's time zone), from the stored plan.

    Raises
    ------
    PatrolDataError
        When the store has no event.
    """
    event = store.current_event()
    if event is None:
        raise PatrolDataError("No event in the store")
    return plan_capacity(store, day_anchor(event.timezone, date or parse_date(None, event.timezone)))
