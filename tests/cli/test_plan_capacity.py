"""``plan`` says whether its teams can cover the plan: ``capacity`` in JSON, the shortfall in words."""

from __future__ import annotations

import datetime as dt
import json
import math

import geopandas as gpd
import shapely
from sqlalchemy import select, update

from models.bulk import write_features
from models.event import Event
from models.network import Pipe
from models.patrol import Team, TeamKindSpeed
from services.patrol.capacity import day_capacity
from tests.support.cli import run_app

CRS = "EPSG:32632"
X0, Y0 = 500_000.0, 5_200_000.0


def _small_city(store) -> None:
    """Ten straight 5 km mains (50 km, all patch patrol) and one patrol team with no shifts (on all day)."""
    with store.session() as s:
        s.add(Event(name="Summit", starts_at=dt.datetime(2025, 6, 1, tzinfo=dt.timezone.utc),
                    ends_at=dt.datetime(2025, 6, 3, tzinfo=dt.timezone.utc), timezone="UTC", local_crs=CRS))
        s.add(Team(code="T1", name="Patrol 1", kind="patrol", device_id="p1"))
        s.commit()
    lines = [shapely.LineString([(X0, Y0 + 200 * i), (X0 + 5000, Y0 + 200 * i)]) for i in range(10)]
    pipes = gpd.GeoDataFrame({"code": [f"P{i}" for i in range(10)], "pipe_class": "distribution"},
                             geometry=lines, crs=CRS)
    with store.engine.begin() as conn:
        write_features(conn, "pipes", pipes.to_crs("EPSG:4326"))


def test_known_length_and_speed_give_the_known_teams(store, store_url):
    _small_city(store)
    with store.session() as s:  # the migration seeded the speeds of DESIGN.md §1
        assert s.scalars(select(TeamKindSpeed.speed_kmh).where(TeamKindSpeed.kind == "patrol")).one() == 4.0
    run = run_app("--store", store_url, "plan", "--json", "--date", "2025-06-01")
    assert run.returncode == 0, run.stderr
    rows = [r for r in json.loads(run.stdout)["capacity"] if r["patch"] is None]
    assert [(r["requirement"], r["shift"]) for r in rows] == [("patch", None)]
    row = rows[0]
    # Twice a day over 50 km = 100 km a day; one walker covers 4 km/h × 24 h = 96 km: 2 teams, 1 missing.
    assert math.isclose(row["required_km"], 100.0, rel_tol=1e-3)
    assert row["team_km"] == 96.0 and row["teams"] == 1 and row["teams_needed"] == 2 and row["missing"] == 1

    text = run_app("--store", store_url, "plan", "--date", "2025-06-01").stdout
    assert "needs 2 teams, 1 on duty, 1 missing" in text
    zh = run_app("--lang", "zh_CN", "--store", store_url, "plan", "--date", "2025-06-01").stdout
    assert "需要 2 个组" in zh and "缺 1 个组" in zh

    # On bicycles (stored, editable): 12 km/h × 24 h = 288 km, one team is enough.
    run = run_app("--store", store_url, "plan", "--json", "--date", "2025-06-01", "--team-speed", "patrol=12")
    row = next(r for r in json.loads(run.stdout)["capacity"] if r["patch"] is None)
    assert row["team_km"] == 288.0 and row["teams_needed"] == 1 and row["missing"] == 0
    text = run_app("--store", store_url, "plan", "--date", "2025-06-01").stdout
    assert "the teams on duty can cover every requirement" in text
    bad = run_app("--store", store_url, "plan", "--team-speed", "patrol=fast")
    assert bad.returncode == 2 and "--team-speed patrol=fast" in bad.stderr


def test_a_city_sized_plan_for_six_teams_says_teams_are_missing(planned_demo_store):
    from services.patrol.capacity import set_team_speed

    store = planned_demo_store
    set_team_speed(store, "patrol", 4.0, "foot")  # the case: six teams on foot (the demo drives)
    day = dt.date(2026, 12, 1)
    patch = next(r for r in day_capacity(store, day) if r["requirement"] == "PATCH" and r["patch"] is None)
    # Stretch the demo's stored pipe lengths until patch patrol is 19,184 km (the city).
    with store.engine.begin() as conn:
        conn.execute(update(Pipe.__table__).values(length_m=Pipe.__table__.c.length_m * (19_184.0 / patch["required_km"])))
    rows = [r for r in day_capacity(store, day) if r["requirement"] == "PATCH" and r["patch"] is None]
    assert {r["shift"] for r in rows} == {"day", "night"}
    for r in rows:
        assert math.isclose(r["required_km"], 19_184.0, rel_tol=1e-4)
        assert r["teams"] == 6 and r["team_km"] == 48.0
        assert r["teams_needed"] == 400 and r["missing"] == 394
