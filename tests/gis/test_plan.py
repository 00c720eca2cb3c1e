"""Plan: requirement assignment with reasons, patches, team rounds."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from demo.patrol_sim import grid_streets
from gis.plan import (
    PlanInputs,
    RequirementRule,
    assign_requirements,
    assign_teams,
    partition_patches,
    patch_polygons,
    team_rounds,
    workload_km,
)

CRS = "EPSG:32632"
X0, Y0 = 500_000.0, 5_200_000.0

RULES = [
    RequirementRule(1, "venue_guard", "venue_guard", buffer_m=500, rounds_per_day=6, eligible_kinds=frozenset({"guard"})),
    RequirementRule(2, "stationed_post", "stationed_post", rounds_per_day=6, eligible_kinds=frozenset({"guard"})),
    RequirementRule(3, "key_places", "key_places", buffer_m=200, rounds_per_day=2),
    RequirementRule(4, "transmission", "transmission", buffer_m=100, rounds_per_day=1),
    RequirementRule(5, "patch", "patch", rounds_per_day=2, eligible_kinds=frozenset({"patrol"})),
    RequirementRule(6, "leak_survey", "leak_survey", rounds_per_day=1),
]


def city(n=21):
    lines = grid_streets(n, n, 100.0, (X0, Y0))
    pipes = gpd.GeoDataFrame({"code": [f"P{i}" for i in range(len(lines))], "pipe_class": "distribution",
                              "exposed": False}, geometry=lines, crs=CRS)
    return pipes


def poly(x, y, r=20.0):
    return shapely.box(x - r, y - r, x + r, y + r)


def test_reasons_name_the_place_and_the_rule():
    pipes = city()
    pipes.loc[0, "pipe_class"] = "transmission"
    pipes.loc[5, ["pipe_class", "exposed"]] = ["transmission", True]
    places = gpd.GeoDataFrame({"kind": ["residence"], "name": ["Hotel X"], "buffer_m": [np.nan]},
                              geometry=[poly(X0 + 1000, Y0 + 1000)], crs=CRS)
    routes = gpd.GeoDataFrame({"name": ["R1"]}, geometry=[shapely.LineString([(X0, Y0 + 1000), (X0 + 2000, Y0 + 1000)])], crs=CRS)
    sites = gpd.GeoDataFrame({"name": ["Dig"], "code": ["CS1"]}, geometry=[poly(X0 + 1850, Y0 + 150)], crs=CRS)
    kps = gpd.GeoDataFrame({"name": ["KP1", "KP2"], "requirement_id": [None, None]},
                           geometry=[shapely.Point(X0 + 1010, Y0 + 1010), shapely.Point(X0 + 1990, Y0 + 10)], crs=CRS)
    leaks = gpd.GeoDataFrame({"name": ["L1"]}, geometry=[shapely.Point(X0, Y0)], crs=CRS)
    plan = assign_requirements(PlanInputs(pipes, places, routes, sites, key_points=kps, leak_points=leaks), RULES)
    a = plan.pipes
    reason = dict(zip(zip(a["pipe"], a["requirement"]), a["reason"]))
    near = shapely.distance(pipes.geometry.to_numpy(), places.geometry.iloc[0])
    venue = set(a.loc[a["requirement"] == 1, "pipe"])
    assert {i for i in range(len(pipes)) if near[i] <= 500} <= venue
    i = int(np.argmin(near))
    assert reason[(i, 1)] == "within 500 m of residence Hotel X"
    assert reason[(i, 3)] == "within 200 m of residence Hotel X"
    assert reason[(5, 2)] == "exposed segment of a transmission main"
    assert reason[(0, 4)] == "transmission main"
    assert any(r == "along motorcade route R1" for (p, q), r in reason.items() if q == 1)
    assert any(r == "within 100 m of construction site Dig" for (p, q), r in reason.items() if q == 4)
    # Every pipe is planned; patch takes exactly the pipes nobody else took.
    others = set(a.loc[a["requirement"].isin([1, 2, 3, 4]), "pipe"])
    patch = set(a.loc[a["requirement"] == 5, "pipe"])
    assert patch == set(range(len(pipes))) - others and patch
    pts = plan.points.set_index(["target", "index"])
    assert pts.loc[("key_point", 0), "requirement"] == 1
    assert pts.loc[("key_point", 1), "requirement"] == 5
    assert pts.loc[("leak_point", 0), "requirement"] == 6
    assert set(plan.sites["requirement"]) == {4}  # the site is not next to the hotel


def test_patches_are_balanced_compact_and_contiguous_across_a_river():
    pipes = city(31)
    mid = shapely.get_coordinates(shapely.centroid(pipes.geometry.to_numpy()))
    # A river along x = X0 + 1450..1550 crossed by two bridges only.
    crossing = (pipes.geometry.bounds["minx"] < X0 + 1450) & (pipes.geometry.bounds["maxx"] > X0 + 1550)
    keep = ~crossing | np.isin(np.round(mid[:, 1]), [Y0 + 500, Y0 + 2500])
    pipes = pipes[keep.to_numpy()].reset_index(drop=True)
    work = workload_km(pipes, pd.DataFrame({"pipe": np.arange(len(pipes)), "requirement": 5}), {5: RULES[4]})
    labels = partition_patches(pipes, work, 7)
    assert set(labels) == set(range(7))
    per = np.bincount(labels, weights=work)
    assert per.max() / per.min() < 1.5
    # Contiguous: each patch's pipes form one connected piece through shared ends.
    import networkx as nx

    ends = shapely.get_coordinates(shapely.boundary(pipes.geometry.to_numpy())).round(1).reshape(-1, 2, 2)
    for p in range(7):
        g = nx.Graph()
        for (a, b) in ends[labels == p]:
            g.add_edge(tuple(a), tuple(b))
        assert nx.number_connected_components(g) == 1, p
    polys = patch_polygons(pipes, labels)
    assert len(polys) == 7 and all(shapely.is_valid(polys))
    # The patches tile the area without overlapping.
    total = shapely.area(shapely.union_all(polys))
    assert abs(total - shapely.area(polys).sum()) < 1e-3 * total


def test_double_shift_teams_share_patches_and_rounds_follow_shifts():
    assert assign_teams(list("abcdef"), [None, 2, None, None, None, None], 3) == [0, 2, 1, 0, 1, 2]
    tz = dt.timezone(dt.timedelta(hours=1))
    anchor = dt.datetime(2025, 6, 1, tzinfo=tz)
    day = [(anchor + dt.timedelta(hours=8), anchor + dt.timedelta(hours=20))]
    rounds = team_rounds(RULES[0], anchor, day)  # every 4 h
    assert [(s.hour, e.hour) for s, e in rounds] == [(8, 12), (12, 16), (16, 20)]
    assert len(team_rounds(RULES[4], anchor, [])) == 2
