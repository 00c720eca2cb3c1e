"""PatrolSession on a small grid city: incremental figures, states, the curve, replay and visits."""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

from gis.coverage import RequirementSpec
from gis.patrol_session import COVERED, DUE, NOT_REQUIRED, OVERDUE, PatrolSession, RequirementInfo
from demo.patrol_sim import grid_streets

CRS = "EPSG:32632"
ANCHOR = 1_750_032_000.0
H = 3600.0


def _session() -> PatrolSession:
    lines = grid_streets(4, 4, 100.0, (500_000.0, 5_200_000.0))  # 24 streets of 100 m
    n = len(lines)
    specs = [RequirementSpec(1, "GUARD", 4 * H, eligible_kinds=frozenset({"guard"})),
             RequirementSpec(2, "PATCH", 12 * H, eligible_kinds=frozenset({"patrol"}))]
    infos = {1: RequirementInfo(1, "GUARD", "Guard", "保障", "venue_guard"),
             2: RequirementInfo(2, "PATCH", "Patch", "管片", "patch")}
    plan = pd.DataFrame({"pos": np.r_[0, 1, 2:n - 1], "requirement_id": np.r_[1, 1, np.full(n - 3, 2)],
                         "patch_id": np.r_[10, 10, np.where(np.arange(2, n - 1) < 12, 10, 11)],
                         "reason": "test"})
    patches = pd.DataFrame({"id": [10, 11], "code": ["PP01", "PP02"]})
    teams = pd.DataFrame({"id": [1, 2], "code": ["G1", "T1"], "name": ["Guard", "Patrol"],
                          "kind": ["guard", "patrol"], "device_id": ["g1", "p1"], "patch_id": [None, 10]})
    return PatrolSession(np.arange(100, 100 + n), [f"P{i}" for i in range(n)], lines, CRS, specs, infos, plan,
                         patches, teams, ANCHOR, resolution_s=600.0)


def _walk(s: PatrolSession, pos: int, device: str, t0: float) -> pd.DataFrame:
    line = s.geoms[pos]
    d = np.arange(0.0, line.length + 2.0, 2.0)
    xy = shapely.get_coordinates(shapely.line_interpolate_point(line, np.minimum(d, line.length)))
    lon, lat = Transformer.from_crs(CRS, "EPSG:4326", always_xy=True).transform(xy[:, 0], xy[:, 1])
    return pd.DataFrame({"device": device, "t": t0 + np.arange(len(d)), "lon": lon, "lat": lat})


def test_figures_states_and_curve():
    s = _session()
    now = ANCHOR + 5 * H  # second guard round (04:00–08:00), first patch round
    states = s.segment_states(now)
    assert states[-1] == NOT_REQUIRED
    assert (states[:2] == OVERDUE).all()  # nobody came since midnight: more than 4 h
    assert (states[2:-1] == DUE).all()

    changed = s.add_fixes(pd.concat([_walk(s, 0, "g1", ANCHOR + 4.5 * H), _walk(s, 2, "p1", ANCHOR + 1 * H)]))
    assert {0, 2} <= set(changed.tolist())
    states = s.segment_states(now)
    assert states[0] == COVERED and states[1] == OVERDUE and states[2] == COVERED

    figs = {f["code"]: f for f in s.requirement_figures(now)}
    assert figs["GUARD"]["window"] == 1 and figs["GUARD"]["ratio"] == 0.5 and figs["GUARD"]["overdue"] == 1
    teams = {t["code"]: t for t in s.team_figures(now)}
    assert teams["T1"]["patch"] == "PP01" and 0 < teams["T1"]["ratio"] < 1
    assert teams["G1"]["last_fix"] > ANCHOR + 4.5 * H and teams["G1"]["stale"]  # 25 min without a fix
    patches = {p["code"]: p for p in s.patch_figures(now)}
    assert patches["PP01"]["teams"] == ["T1"] and patches["PP02"]["ratio"] == 0.0

    # The curve: PATCH steps up at 01:00–01:10 and stays; GUARD is 0 in round 1, 50 % after 04:30.
    times, series = s.series(now, step_s=600.0)
    hours = (times - ANCHOR) / H
    patch = series["PATCH"]
    assert patch[hours < 1.0].max() == 0 and patch[-1] > 0 and np.all(np.diff(patch) >= 0)
    guard = series["GUARD"]
    assert guard[hours < 4.5].max() == 0 and guard[-1] == 0.5

    # Who visited, and the replay.
    info = s.inspect(2, now)
    assert info["visitors"][0]["team"] == "T1" and info["requirements"][0]["covered"]
    geoms, devices = s.tracks_until(ANCHOR + 1 * H + 30)
    assert list(devices) == ["p1"] and shapely.get_num_coordinates(geoms[0]) == 31
    pos = s.positions_at(now)
    assert set(pos["device"]) == {"g1", "p1"} and pos.set_index("device").loc["p1", "stale"]


def test_patch_move_changes_the_sets():
    s = _session()
    moved = np.flatnonzero(s.pipe_patch == 10)[-2:]
    s.set_patch(moved, 11)
    assert (s.pipe_patch[moved] == 11).all()
    assert set(moved.tolist()) <= set(s.patch_sets["PP02"].tolist())
    assert not set(moved.tolist()) & set(s.team_sets["T1"].tolist())


def test_live_positions_from_the_last_fixes_equal_the_whole_days():
    """Issue 15: positions now come from each device's last two fixes, as they would from the whole day."""
    s = _session()
    # Three batches, out of order within and across devices, one device's batch older than what it sent.
    s.add_fixes(pd.concat([_walk(s, 0, "g1", ANCHOR + 2 * H), _walk(s, 2, "p1", ANCHOR + 1 * H)]))
    s.add_fixes(_walk(s, 3, "p1", ANCHOR + 1.5 * H).iloc[::-1])
    s.add_fixes(_walk(s, 1, "g1", ANCHOR + 0.5 * H))
    now = ANCHOR + 3 * H
    live = s.positions_at(now)
    s._tail = s._tail.iloc[0:0]  # the same question answered from the whole day's fixes
    whole = s.positions_at(now)
    pd.testing.assert_frame_equal(live, whole)
    assert live.set_index("device").loc["p1", "t"] == ANCHOR + 1.5 * H + len(_walk(s, 3, "p1", 0)) - 1
    assert s.positions_at(ANCHOR + 1.2 * H).set_index("device").loc["p1", "t"] < ANCHOR + 1.5 * H  # a replay time


def test_positions_of_ids_sorted_and_unsorted():
    s = _session()
    n = len(s.pipe_ids)
    assert s.positions_of_ids(np.array([100, 100 + n - 1, 99, 100 + n, 105])).tolist() == [0, n - 1, -1, -1, 5]
    shuffled = PatrolSession(s.pipe_ids[::-1].copy(), s.pipe_codes[::-1], s.geoms[::-1], CRS, s.specs, s.infos,
                             s.plan.assign(pos=n - 1 - s.plan["pos"]), s.patches, s.teams, ANCHOR)
    assert shuffled.positions_of_ids(np.array([100, 100 + n - 1, 99, 105])).tolist() == [n - 1, 0, -1, n - 6]
    assert shuffled.positions_of_ids(np.empty(0, np.int64)).tolist() == []
