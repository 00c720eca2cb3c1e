"""The demo's patrollers: who walks or drives which rounds, and the day of fixes they produce.

The demo teams follow the stored plan: venue guard groups walk the venue
guard segments, the bridge posts stay on the exposed segments, the patrol
teams drive their patches. A few skip part of their area or start late, so
the demo shows partial coverage and overdue segments, not a perfect day.
Deterministic by seed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from gis.patrol_session import PatrolSession
from demo.patrol_sim import SimTeam, simulate_patrols

#: Per team kind: speed (m/s) and fix interval range (s).
KIND_MOTION = {
    "venue_guard": (1.3, (5.0, 10.0)),
    "guard": (1.3, (5.0, 10.0)),
    "stationed": (0.4, (10.0, 20.0)),
    "patrol": (6.0, (5.0, 8.0)),
}
#: Skipped share of the area, by team number (cycled): most teams do their whole round.
SKIPS = (0.0, 0.2, 0.0, 0.35, 0.05, 0.0)


def demo_sim_teams(session: PatrolSession, seed: int = 7) -> list[SimTeam]:
    """One simulated patroller per team with a device and segments to patrol.

    Parameters
    ----------
    session
        The day's patrol session (plan, teams and their segment sets).
    seed
        Picks which teams start late.

    Returns
    -------
    list of SimTeam
        Shifts are relative to the session's anchor (the whole day, some teams
        starting an hour or two late).
    """
    rng = np.random.default_rng(seed)
    out = []
    for i, t in enumerate(session.teams.itertuples()):
        dev = t.device_id if isinstance(t.device_id, str) else ""
        if not dev:
            continue
        lines = session.team_sets.get(t.code, np.empty(0, np.int64))
        if t.kind == "patrol" and not pd.isna(t.patch_id):
            # A patrol team is given its whole patch, whatever requirement each street is under; it plays
            # what it can cover of it in its shift (demo.patrol_reach: a city's patch is far more).
            lines = np.flatnonzero(session.pipe_patch == int(t.patch_id))
        if len(lines) == 0:
            continue
        speed, fix = KIND_MOTION.get(t.kind, (1.3, (5.0, 10.0)))
        late = float(rng.choice([0.0, 0.0, 3600.0, 7200.0]))
        out.append(SimTeam(device=dev, lines=lines, start_s=late, end_s=86_400.0, speed_mps=speed,
                           skip_fraction=SKIPS[i % len(SKIPS)], fix_interval_s=fix))
    return out


def simulate_demo_day(session: PatrolSession, seed: int = 7, noise_m: float = 5.0) -> pd.DataFrame:
    """The whole day of demo fixes (``device, t, lon, lat, accuracy_m``), sorted by time.

    Parameters
    ----------
    session
        The day's patrol session.
    seed
        Random seed (the same seed gives the same day).
    noise_m
        GPS noise per axis.
    """
    teams = demo_sim_teams(session, seed)
    # Each team on the streets around what it can cover in its shift (a city's patch is far more).
    fixes = simulate_patrols(session.geoms, teams, session.anchor, session.crs, seed=seed, noise_m=noise_m)
    cols = ["device", "t", "lon", "lat", "accuracy_m"]
    return fixes[cols].sort_values("t", kind="stable").reset_index(drop=True)
