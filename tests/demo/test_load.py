"""Loading the shipped demo into a store."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from sqlalchemy import func, select

from models.bulk import count_rows, read_features
from demo.load import DemoError, ensure_demo, load_demo, store_has_data, wipe_store
from models.event import Event, RoutePassage
from models.kinds import STATUS_KINDS
from models.network import Pipe, Valve
from models.paths import DEMO_FOLDER
from models.repair import Vehicle


def test_shipped_demo_loads_with_ids_for_codes(store):
    counts = load_demo(store)
    assert counts["pipes"] > 1000 and counts["valves"] > 1000 and counts["teams"] >= 10
    with store.engine.connect() as conn:
        for kind in ("pipes", "valves", "hydrants", "venues", "residences", "routes", "sites",
                     "key_roads", "key_areas", "users", "teams", "vehicles"):
            table, fixed = STATUS_KINDS[kind]
            assert count_rows(conn, table, fixed) == counts[kind] > 0, kind
        venue = read_features(conn, "venues")
        assert venue["name"].tolist() == ["Rheinpark Stadion"]
        assert venue["name_zh"].tolist() == ["莱茵公园体育场"]
        # The stadium polygon is in Vaduz, on the Rhine.
        c = venue.geometry.iloc[0].centroid
        assert 9.50 < c.x < 9.52 and 47.13 < c.y < 47.15
        # Codes became ids: every valve's node and pipe exist and the node ends the pipe.
        rows = conn.execute(
            select(Valve.node_id, Pipe.from_node_id, Pipe.to_node_id).join(Pipe, Valve.pipe_id == Pipe.id)
        ).all()
        assert len(rows) == counts["valves"]
        assert all(node in (a, b) for node, a, b in rows)
        assert conn.execute(select(func.count()).where(Pipe.from_node_id.is_(None))).scalar_one() == 0
        exposed = read_features(conn, "pipes", columns=["exposed", "pipe_class", "diameter_mm"])
        exposed = exposed[exposed["exposed"].astype(bool)]
        assert len(exposed) and (exposed["pipe_class"] == "transmission").all() and (exposed["diameter_mm"] >= 600).all()
        routes = read_features(conn, "routes", columns=["code", "from_place_id", "to_place_id", "event_id"])
        assert routes["from_place_id"].notna().all() and routes["event_id"].notna().all()
        assert count_rows(conn, RoutePassage.__table__) == counts["route_passages"] > 0
        depots = conn.execute(select(Vehicle.depot_lon, Vehicle.depot_lat)).all()
        assert all(9.4 < lon < 9.7 and 47.0 < lat < 47.3 for lon, lat in depots)
    event = store.current_event()
    assert event.name == "International Summit" and event.name_zh == "国际峰会"


def test_demo_patrol_teams_are_counted_as_they_drive(planned_demo_store):
    """The demo's patch patrollers drive their patches (the simulator plays them at ~22 km/h), so its
    capacity plan counts them in cars (25 km/h), not on foot, and finds every shift staffed."""
    from models.patrol import TeamKindSpeed
    from services.patrol.capacity import day_capacity

    demo_store = planned_demo_store
    with demo_store.session() as s:
        speeds = {r.kind: (r.travel_mode, r.speed_kmh) for r in s.scalars(select(TeamKindSpeed))}
    assert speeds["patrol"] == ("car", 25.0) and speeds["venue_guard"] == ("foot", 4.0)
    rows = day_capacity(demo_store, dt.date(2026, 12, 1))
    assert rows and all(r["missing"] == 0 for r in rows)
    patch = [r for r in rows if r["requirement"] == "PATCH" and r["patch"] is None]
    assert patch and all(r["team_km"] == 300.0 for r in patch)


def test_ensure_demo_loads_once(store):
    assert not store_has_data(store)
    assert ensure_demo(store)["pipes"] > 0
    assert ensure_demo(store) is None
    with store.engine.connect() as conn:
        assert count_rows(conn, Event.__table__) == 1


def test_wipe_store_empties_sqlite_file(demo_store):
    store = demo_store  # the session's load_demo, copied
    assert store_has_data(store)
    wipe_store(store)
    assert not store_has_data(store)
    assert load_demo(store)["pipes"] > 0


def test_broken_demo_rolls_back_everything(store, tmp_path):
    folder = tmp_path / "demo"
    shutil.copytree(DEMO_FOLDER, folder)
    text = (folder / "demo_event.json").read_text(encoding="utf-8")
    # A passage naming a route that does not exist fails late, after the features were written.
    (folder / "demo_event.json").write_text(text.replace('"route": "R01"', '"route": "R99"', 1), encoding="utf-8")
    with pytest.raises(DemoError, match="R99"):
        load_demo(store, folder)
    assert not store_has_data(store)


def test_missing_demo_file_is_named(store, tmp_path):
    with pytest.raises(DemoError, match="demo_city.gpkg"):
        load_demo(store, tmp_path)


def test_wipe_store_deletes_rows_when_not_a_plain_file(tmp_path, demo_template):
    # A SQLite URI database takes the path shared servers (PostgreSQL) take: rows deleted in one transaction.
    from models.store import open_store

    shutil.copyfile(demo_template, tmp_path / "uri.sqlite")  # the session's load_demo
    store = open_store(f"sqlite:///file:{tmp_path / 'uri.sqlite'}?mode=rwc&uri=true")
    try:
        assert store_has_data(store)
        wipe_store(store)
        assert (tmp_path / "uri.sqlite").exists()
        assert not store_has_data(store)
        assert load_demo(store)["pipes"] > 0
    finally:
        store.dispose()
