"""Patrol capacity arithmetic (DESIGN.md §1 "Patrol capacity"): km to cover per shift against teams' speed."""

from __future__ import annotations

import pytest

from gis.capacity import TRAVEL_SPEEDS_KMH, Demand, capacity_row, teams_needed


def test_a_known_network_needs_the_known_number_of_teams():
    # 100 km of patch pipes twice a day (12 h windows); a 12 h shift of walkers (4 km/h → 48 km each).
    row = capacity_row(Demand("PATCH", 100.0, 12.0), "day", 12.0, [4.0, 4.0])
    assert row["passes"] == 1.0
    assert row["required_km"] == 100.0 and row["team_km"] == 48.0
    assert row["teams"] == 2 and row["teams_needed"] == 3 and row["missing"] == 1
    # A venue guard round every 4 h over 10 km: three passes in a 12 h shift, one walker is enough.
    row = capacity_row(Demand("VENUE_GUARD", 10.0, 4.0), "day", 12.0, [4.0])
    assert row["required_km"] == 30.0 and row["teams_needed"] == 1 and row["missing"] == 0
    # Exactly what one team covers is one team, not two.
    assert teams_needed(48.0, 48.0) == 1
    assert teams_needed(0.0, 48.0) == 0


def test_a_city_given_to_six_teams_says_how_many_are_missing():
    # The plan: 19,184 km patrolled twice a day by 6 patrol teams on foot.
    row = capacity_row(Demand("PATCH", 19_184.0, 12.0), "day", 12.0, [TRAVEL_SPEEDS_KMH["foot"]] * 6)
    assert row["required_km"] == 19_184.0 and row["team_km"] == 48.0
    assert row["teams_needed"] == 400 and row["missing"] == 394
    # By bicycle (12 km/h) it would take 134; by car (25 km/h) 64.
    assert capacity_row(Demand("PATCH", 19_184.0, 12.0), "day", 12.0, [12.0] * 6)["teams_needed"] == 134
    assert capacity_row(Demand("PATCH", 19_184.0, 12.0), "day", 12.0, [25.0] * 6)["teams_needed"] == 64


def test_no_team_on_duty_is_counted_at_the_kinds_speed():
    row = capacity_row(Demand("KEY_PLACES", 30.0, 12.0), "night", 12.0, [], fallback_kmh=12.0)
    assert row["teams"] == 0 and row["team_km"] == 144.0 and row["teams_needed"] == 1 and row["missing"] == 1
    with pytest.raises(ValueError):
        teams_needed(5.0, 0.0)
