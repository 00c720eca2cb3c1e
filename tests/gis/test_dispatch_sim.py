"""Street graph, dispatch by travel time, and the vehicle simulator answering a dispatch."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import LineString

from gis.dispatch import nearest_vehicles
from demo.vehicle_sim import Simulator
from gis.streets import build_street_graph

LON0, LAT0 = 9.50, 47.10
DX = 0.0133  # ≈ 1 km of longitude at 47°N
DY = 0.009   # ≈ 1 km of latitude


def _streets() -> gpd.GeoDataFrame:
    """A fast primary road along y=0 (0–4 km), slow residential streets along y=1 km, a footpath, links."""
    def p(x, y):
        return (LON0 + x * DX, LAT0 + y * DY)

    lines = [
        ("Hauptstrasse", "primary", [p(0, 0), p(1, 0), p(2, 0), p(3, 0), p(4, 0)]),
        ("Dorfgasse", "residential", [p(0, 1), p(1, 1), p(2, 1), p(3, 1), p(4, 1)]),
        ("Link 0", "residential", [p(0, 0), p(0, 1)]),
        ("Link 4", "residential", [p(4, 0), p(4, 1)]),
        ("Footpath", "footway", [p(2, 0), p(2, 1)]),
    ]
    return gpd.GeoDataFrame({"name": [n for n, _, _ in lines], "highway": [h for _, h, _ in lines]},
                            geometry=[LineString(c) for _, _, c in lines], crs=4326)


@pytest.fixture(scope="module")
def streets():
    return build_street_graph(_streets(), crs="EPSG:32632")


def test_graph_joins_shared_vertices_and_skips_footways(streets):
    g = streets.graph
    assert g.number_of_nodes() == 10 and g.number_of_edges() == 10  # footpath left out
    hwy = {d["highway"] for _, _, d in g.edges(data=True)}
    assert hwy == {"primary", "residential"}


def test_nearest_by_travel_time_not_distance(streets):
    site = (LON0 + 4 * DX, LAT0 + 1 * DY)  # the far end of the residential street
    vehicles = pd.DataFrame([
        # A: 2 km away along the slow street (30 km/h): 240 s.
        {"id": 1, "code": "A", "status": "available", "lon": LON0 + 2 * DX, "lat": LAT0 + 1 * DY},
        # B: 4 km on the primary road at 50 km/h + 1 km link at 30 km/h: 288 + 120 = 408 s.
        {"id": 2, "code": "B", "status": "available", "lon": LON0, "lat": LAT0},
        # C: right next to the site but busy.
        {"id": 3, "code": "C", "status": "on_site", "lon": LON0 + 4 * DX, "lat": LAT0 + 1 * DY},
        # D: on the primary at 3 km: 1 km primary (72 s) + 1 km link (120 s) = 192 s — fastest.
        {"id": 4, "code": "D", "status": "available", "lon": LON0 + 3 * DX, "lat": LAT0},
        {"id": 5, "code": "E", "status": "available", "lon": None, "lat": None},
    ])
    now = dt.datetime(2026, 8, 1, 12, tzinfo=dt.timezone.utc)
    best = nearest_vehicles(streets, vehicles, *site, k=3, now=now)
    assert [e.code for e in best] == ["D", "A", "B"]
    d, a, b = best
    assert d.travel_s == pytest.approx(192, rel=0.03) and a.travel_s == pytest.approx(240, rel=0.03)
    assert b.travel_s == pytest.approx(408, rel=0.03)
    assert d.distance_m == pytest.approx(2000, rel=0.02)
    assert d.eta == now + dt.timedelta(seconds=d.travel_s)
    with_busy = nearest_vehicles(streets, vehicles, *site, k=1, statuses=("available", "on_site"))
    assert with_busy[0].code == "C"


def _run(streets, seed: int):
    changes = []
    sim = Simulator(streets, [("q1", LON0, LAT0), ("q2", LON0 + 4 * DX, LAT0 + DY)], seed=seed,
                    on_status=lambda d, s, t, r: changes.append((d, s, t, r)))
    t = 1_800_000_000.0
    reports = []
    for _ in range(30):
        t += 1
        reports += sim.step(1.0, t)
    eta = sim.dispatch("q1", LON0 + 2 * DX, LAT0 + DY, t, on_site_s=120, repair=42)
    for _ in range(1200):
        t += 1
        reports += sim.step(1.0, t)
    return sim, eta, changes, reports


def test_simulator_answers_a_dispatch_and_is_deterministic(streets):
    sim, eta, changes, reports = _run(streets, seed=7)
    q1 = [(s, t) for d, s, t, r in changes if d == "q1"]
    assert [s for s, _ in q1] == ["en_route", "on_site", "returning", "available"]
    (_, t_go), (_, t_site), (_, t_back), (_, t_home) = q1
    assert t_site - t_go == pytest.approx(eta, abs=2.0)
    assert t_back - t_site == pytest.approx(120, abs=1.0)
    assert [r for d, s, t, r in changes if d == "q1" and s == "on_site"] == [42]
    # Realistic speeds: never faster than the fastest class (50 km/h).
    assert max(r.speed_mps or 0 for r in reports) <= 50 / 3.6 + 1e-9
    on_site = [r for r in reports if r.device == "q1" and t_site <= r.t < t_back]
    site_x, site_y = streets.to_local(LON0 + 2 * DX, LAT0 + DY)
    x, y = streets.to_local(on_site[0].lon, on_site[0].lat)
    assert abs(x - site_x) < 1 and abs(y - site_y) < 1
    # The idle vehicle roamed meanwhile.
    assert len({(round(r.lon, 5), round(r.lat, 5)) for r in reports if r.device == "q2"}) > 10
    _, eta2, changes2, reports2 = _run(streets, seed=7)
    assert (eta2, changes2, reports2) == (eta, changes, reports)
    assert _run(streets, seed=8)[3] != reports


def test_off_duty_vehicle_stops(streets):
    sim = Simulator(streets, [("q1", LON0, LAT0)], seed=1)
    sim.set_off_duty("q1", True, 0.0)
    a = sim.step(1.0, 1.0)[0]
    b = sim.step(1.0, 2.0)[0]
    assert (a.lon, a.lat) == (b.lon, b.lat) and sim.status("q1") == "off_duty"
    with pytest.raises(KeyError):
        sim.dispatch("nobody", LON0, LAT0, 0.0)


def test_a_dispatched_truck_turns_out_then_drives_the_street_graph(streets):
    """Issue 15: a truck passing by the site arrives after its crew's turnout plus the drive, not at once."""
    changes = []
    sim = Simulator(streets, [("d", LON0 + 3 * DX, LAT0)], seed=3, roam=False,
                    on_status=lambda d, s, t, r: changes.append((s, t)))
    t = 1_800_000_000.0
    drive = sim.dispatch("d", LON0 + 4 * DX, LAT0 + DY, t, repair=1, turnout_s=120.0)
    # 1 km of primary road at 50 km/h and 1 km of link at 30 km/h: 192 s, at 80-100 % of those speeds.
    factor = sim.vehicles["d"].speed_factor
    assert drive == pytest.approx(192 / factor, rel=0.03) and 192 <= drive <= 240 * 1.03
    still = set()
    for _ in range(119):
        t += 1
        still |= {(r.lon, r.lat, r.speed_mps) for r in sim.step(1.0, t)}
    assert len(still) == 1 and next(iter(still))[2] == 0.0  # waits where it stopped while the crew turns out
    for _ in range(400):
        t += 1
        sim.step(1.0, t)
    (_, go), (_, site) = [(s, at) for s, at in changes if s in ("en_route", "on_site")]
    assert site - go == pytest.approx(120 + drive, abs=1.5)
