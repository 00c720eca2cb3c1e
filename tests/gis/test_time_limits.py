"""The five time limits across the 20:00 / 08:00 day-night boundaries, DN classes and level changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from gis.time_limits import DEFAULT_RULES, alarms, is_night, limit_states, merged_rules, target_minutes

TZ = "Asia/Shanghai"
SH = ZoneInfo(TZ)


@dataclass
class Facts:
    level: str = "V"
    diameter_mm: float | None = 200
    in_guarded_zone: bool = False
    reported_at: dt.datetime | None = None
    dispatched_at: dt.datetime | None = None
    arrived_at: dt.datetime | None = None
    isolated_at: dt.datetime | None = None
    repaired_at: dt.datetime | None = None
    restored_at: dt.datetime | None = None


def local(h: int, m: int = 0, s: int = 0, day: int = 1) -> dt.datetime:
    return dt.datetime(2026, 8, day, h, m, s, tzinfo=SH)


@pytest.mark.parametrize(
    "when, night, minutes",
    [
        (local(19, 59, 59), False, 45), (local(20, 0, 0), True, 90), (local(23, 30), True, 90),
        (local(0, 0), True, 90), (local(7, 59, 59), True, 90), (local(8, 0, 0), False, 45), (local(12), False, 45),
    ],
)
def test_arrival_target_by_local_time_of_dispatch(when, night, minutes):
    assert is_night(when, TZ) is night
    # The same instant in UTC (as SQLite hands it back, naive UTC) gives the same answer.
    naive_utc = when.astimezone(dt.timezone.utc).replace(tzinfo=None)
    facts = Facts(reported_at=naive_utc - dt.timedelta(minutes=5), dispatched_at=naive_utc)
    arrival = limit_states(facts, merged_rules(None), now=when, tz=TZ)[1]
    assert (arrival.name, arrival.target_min, arrival.night) == ("arrival", minutes, night)
    assert arrival.deadline == when + dt.timedelta(minutes=minutes)


def test_guarded_zone_arrival_is_30_minutes_day_and_night():
    for when in (local(12), local(22)):
        f = Facts(in_guarded_zone=True, reported_at=when, dispatched_at=when)
        assert limit_states(f, DEFAULT_RULES, when, TZ)[1].target_min == 30


@pytest.mark.parametrize("dn, hours", [(50, 12), (99.9, 12), (100, 24), (300, 24), (301, 36), (800, 36), (801, 48),
                                       (1200, 48), (None, 24)])
def test_repair_target_by_diameter(dn, hours):
    minutes, _ = target_minutes("repair", DEFAULT_RULES, level="V", diameter_mm=dn, in_guarded_zone=False,
                                started=None, tz=TZ)
    assert minutes == hours * 60


def test_countdown_overrun_and_alarm_through_the_milestones():
    t0 = local(19, 50)
    f = Facts(reported_at=t0)
    s = limit_states(f, DEFAULT_RULES, t0 + dt.timedelta(minutes=4), TZ)
    assert s[0].running and s[0].remaining_s == 6 * 60 and not s[0].overrun
    assert [x.started for x in s[1:]] == [None] * 4
    assert alarms(f, DEFAULT_RULES, t0 + dt.timedelta(minutes=11), TZ) == ["dispatch"]
    # Dispatched late at 20:02 (night now): overrun recorded, no alarm any more; arrival runs 90 min.
    f.dispatched_at = local(20, 2)
    s = limit_states(f, DEFAULT_RULES, local(20, 30), TZ)
    assert s[0].overrun and not s[0].alarm and s[0].remaining_s == -2 * 60
    assert s[1].target_min == 90 and s[1].deadline == local(21, 32) and s[1].remaining_s == 62 * 60
    f.arrived_at = local(21, 0)
    f.isolated_at = local(21, 45)  # 45 min > 30: isolation overrun
    s = limit_states(f, DEFAULT_RULES, local(22), TZ)
    assert [x.overrun for x in s[:3]] == [True, False, True]
    assert s[3].deadline == local(21, 45) + dt.timedelta(hours=24)
    assert alarms(f, DEFAULT_RULES, local(21, 44, day=2), TZ) == []
    assert alarms(f, DEFAULT_RULES, local(21, 46, day=2), TZ) == ["repair"]
    f.repaired_at, f.restored_at = local(9, day=2), local(12, day=2)
    s = limit_states(f, DEFAULT_RULES, local(13, day=2), TZ)
    assert s[4].target_min == 240 and not s[4].overrun and s[4].remaining_s == 3600


def test_level_change_recomputes_running_deadlines():
    rules = merged_rules({"level_overrides": {"I": {"arrival": {"day_minutes": 20, "night_minutes": 40},
                                                    "dispatch": {"minutes": 5}}}})
    f = Facts(level="V", reported_at=local(21), dispatched_at=local(21, 4))
    before = limit_states(f, rules, local(21, 30), TZ)
    assert (before[0].target_min, before[1].target_min) == (10, 90)
    f.level = "I"
    after = limit_states(f, rules, local(21, 30), TZ)
    assert (after[0].target_min, after[1].target_min) == (5, 40)
    assert after[1].deadline == local(21, 44) and after[1].started == before[1].started
    assert alarms(f, rules, local(21, 45), TZ) == ["arrival"]


def test_stored_rules_override_defaults_partially():
    rules = merged_rules({"night_start": "22:00", "limits": {"dispatch": {"minutes": 15}}})
    assert rules["limits"]["dispatch"]["minutes"] == 15 and rules["limits"]["isolation"]["minutes"] == 30
    assert not is_night(local(21), TZ, rules) and is_night(local(22), TZ, rules)
    assert DEFAULT_RULES["limits"]["dispatch"]["minutes"] == 10  # defaults untouched
