"""``plan`` and ``coverage`` end to end on a real store with a small synthetic city."""

from __future__ import annotations

import datetime as dt
import json

import geopandas as gpd
import numpy as np
import shapely

import app
from demo.patrol_sim import SimTeam, grid_streets, simulate_patrols
from models.bulk import write_features, write_track_points
from models.event import Event
from models.patrol import PatrolRequirement, SegmentRequirement, Team

CRS = "EPSG:32632"
X0, Y0 = 500_000.0, 5_200_000.0
DAY = dt.date(2025, 6, 1)
ANCHOR = dt.datetime(2025, 6, 1, tzinfo=dt.timezone.utc).timestamp()  # event timezone UTC


def _seed(store):
    lines = grid_streets(9, 9, 80.0, (X0, Y0))
    with store.session() as s:
        s.add(Event(name="Summit", starts_at=dt.datetime(2025, 6, 1, tzinfo=dt.timezone.utc),
                    ends_at=dt.datetime(2025, 6, 3, tzinfo=dt.timezone.utc), timezone="UTC", local_crs=CRS))
        s.add_all([Team(code="G1", name="Guard 1", kind="guard", device_id="g1"),
                   Team(code="T1", name="Patrol 1", kind="patrol", device_id="p1"),
                   Team(code="T2", name="Patrol 2", kind="patrol", device_id="p2")])
        s.commit()
    pipes = gpd.GeoDataFrame({"code": [f"P{i:03d}" for i in range(len(lines))], "pipe_class": "distribution",
                              "exposed": [i == 3 for i in range(len(lines))]}, geometry=lines, crs=CRS)
    venue = gpd.GeoDataFrame({"name": ["Stadium"]}, geometry=[shapely.box(X0 + 100, Y0 + 100, X0 + 140, Y0 + 140)],
                             crs=CRS)
    kp = gpd.GeoDataFrame({"name": ["Valve chamber"]}, geometry=[shapely.Point(X0 + 320, Y0 + 320)], crs=CRS)
    with store.engine.begin() as conn:
        write_features(conn, "pipes", pipes.to_crs("EPSG:4326"))
        write_features(conn, "venues", venue.to_crs("EPSG:4326"))
        write_features(conn, "key_points", kp.to_crs("EPSG:4326"))
    return lines


def _run(store_url, capsys, *argv):
    code = app.main(["--store", store_url, *argv, "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out)


def test_plan_then_coverage(store, store_url, capsys):
    lines = _seed(store)
    code, plan = _run(store_url, capsys, "plan", "--patches", "2", "--date", DAY.isoformat())
    assert code == 0
    reqs = {r["code"]: r for r in plan["requirements"]}
    assert set(reqs) == {"venue_guard", "stationed_post", "key_places", "transmission", "patch", "leak_survey"}
    assert reqs["venue_guard"]["pipes"] > 0 and reqs["stationed_post"]["pipes"] == 1
    assert len(reqs["venue_guard"]["windows"]) == 6
    assert plan["stationed_posts"] == ["P003"]
    assert any(a["reason"] == "within 500 m of venue Stadium" for a in plan["assignments"])
    assert [p["code"] for p in plan["patches"]] == ["PP01", "PP02"]
    assert sorted(t for p in plan["patches"] for t in p["teams"]) == ["T1", "T2"]
    with store.session() as s:
        n_rows = s.query(SegmentRequirement).count()
        assert n_rows == len(plan["assignments"])
        assert s.query(PatrolRequirement).count() == 6

    # Re-planning replaces the plan instead of adding to it.
    code, again = _run(store_url, capsys, "plan", "--patches", "2", "--date", DAY.isoformat())
    with store.session() as s:
        assert s.query(SegmentRequirement).count() == n_rows

    # A day of patrols: the patrol team walks all streets, skipping a quarter.
    with store.session() as s:
        team_patch = {t.code: t.patch_id for t in s.query(Team)}
    patch_ids = sorted(set(team_patch.values()) - {None})
    with store.session() as s:
        rows = s.query(SegmentRequirement.pipe_id, SegmentRequirement.patch_id).all()
    patch_of_pipe = {pid - 1: p for pid, p in rows}  # pipe ids are 1..n in order
    t1_lines = np.array([i for i, p in patch_of_pipe.items() if p == team_patch["T1"]])
    fx = simulate_patrols(lines, [SimTeam("p1", t1_lines, 6 * 3600, 12 * 3600, 1.3, skip_fraction=0.25),
                                  SimTeam("g1", np.arange(len(lines)), 8 * 3600, 9 * 3600, 6.0)],
                          ANCHOR, CRS, seed=3)
    with store.engine.begin() as conn:
        write_track_points(conn, fx[["device", "t", "lon", "lat", "accuracy_m"]])
    code, cov = _run(store_url, capsys, "coverage", "--date", DAY.isoformat(), "--now", "2025-06-01T13:00:00+00:00")
    assert code == 0
    assert cov["fixes"]["n_out"] == len(fx)
    r = {x["code"]: x for x in cov["requirements"]}
    patch_w = r["patch"]["windows"]
    assert 0 < patch_w[0]["ratio"] < 1 and patch_w[1]["ratio"] == 0.0
    assert all(set(w) >= {"required_m", "covered_m", "ratio"} for w in patch_w)
    vg = r["venue_guard"]["windows"]
    assert vg[2]["ratio"] > 0.5 and vg[0]["ratio"] == 0.0  # the guard drove 08:00–09:00
    t1 = cov["teams"]["T1"]
    assert [e["code"] for e in t1] == ["patch"] and 0 < t1[0]["windows"][0]["ratio"] < 1
    assert cov["teams"]["T2"][0]["windows"][0]["ratio"] < t1[0]["windows"][0]["ratio"]
    assert set(cov["patches"]) == {"PP01", "PP02"}
    assert cov["overdue"]["venue_guard"]  # 4-hourly, last visit before 09:00, judged at 13:00
    assert cov["stationed_posts"][0]["pipe"] == "P003"
    kp = {k["requirement"]: k for k in cov["key_points"]}
    assert all(set(w) >= {"reached", "planned"} for k in kp.values() for w in k["windows"])
    assert patch_ids
    # The human-readable forms print the same figures.
    assert app.main(["--store", store_url, "coverage", "--date", DAY.isoformat()]) == 0
    assert "patch" in capsys.readouterr().out
    assert app.main(["--store", store_url, "plan", "--patches", "2", "--date", DAY.isoformat()]) == 0
    assert "PP02" in capsys.readouterr().out


def test_coverage_without_a_plan_says_what_to_do(store, store_url, capsys):
    _seed(store)
    code = app.main(["--store", store_url, "coverage", "--date", DAY.isoformat()])
    captured = capsys.readouterr()
    assert code == 2 and "python app.py plan" in captured.err
