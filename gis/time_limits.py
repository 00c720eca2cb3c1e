"""The five time limits of an emergency repair (五个时限): targets, deadlines, overruns.

Targets are data (:data:`DEFAULT_RULES`, stored as JSON in the ``settings``
table under :data:`SETTING_KEY`). Each limit runs from one milestone to the
next:

=============  ==========================  ============================================
limit          from → to                    default target
=============  ==========================  ============================================
dispatch       reported → dispatched        10 min
arrival        dispatched → arrived         30 min in a guarded zone; else 45 min day,
                                            90 min night (night = 20:00–08:00 local)
isolation      arrived → isolated           30 min
repair         isolated → repaired          DN<100 12 h, ≤300 24 h, ≤800 36 h, larger 48 h
restoration    repaired → restored          4 h
=============  ==========================  ============================================

Day or night is decided by the local time (the event's time zone) at which
the limit starts. ``level_overrides`` replace any target for one level, e.g.
``{"I": {"arrival": {"guarded_minutes": 20}}}``; a level change recomputes
the deadlines of limits not yet met from their unchanged start.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol
from zoneinfo import ZoneInfo

SETTING_KEY = "repair_time_limits"
LIMITS = ("dispatch", "arrival", "isolation", "repair", "restoration")
#: The milestone attribute each limit starts and ends at.
MILESTONES = {
    "dispatch": ("reported_at", "dispatched_at"),
    "arrival": ("dispatched_at", "arrived_at"),
    "isolation": ("arrived_at", "isolated_at"),
    "repair": ("isolated_at", "repaired_at"),
    "restoration": ("repaired_at", "restored_at"),
}

DEFAULT_RULES: dict[str, Any] = {
    "night_start": "20:00",
    "night_end": "08:00",
    "limits": {
        "dispatch": {"minutes": 10},
        "arrival": {"guarded_minutes": 30, "day_minutes": 45, "night_minutes": 90},
        "isolation": {"minutes": 30},
        # First matching class wins: "below" is exclusive, "up_to" inclusive, neither = any.
        "repair": {
            "by_dn": [
                {"below": 100, "minutes": 720},
                {"up_to": 300, "minutes": 1440},
                {"up_to": 800, "minutes": 2160},
                {"minutes": 2880},
            ],
            "unknown_dn_minutes": 1440,
        },
        "restoration": {"minutes": 240},
    },
    "level_overrides": {},
}


class RepairFacts(Protocol):
    """What the limits need from a repair (a :class:`models.repair.Repair` fits)."""

    level: str
    diameter_mm: float | None
    in_guarded_zone: bool
    reported_at: dt.datetime | None
    dispatched_at: dt.datetime | None
    arrived_at: dt.datetime | None
    isolated_at: dt.datetime | None
    repaired_at: dt.datetime | None
    restored_at: dt.datetime | None


@dataclass(frozen=True)
class LimitState:
    """One limit of one repair at a given moment.

    Attributes
    ----------
    name
        ``dispatch`` … ``restoration``.
    target_min
        The target in minutes (None while it cannot be known, e.g. no start yet).
    started, deadline, done
        When it started, is due, and was met (None when not yet).
    remaining_s
        Seconds left (negative when overrun); for a met limit, the margin it was met with.
    overrun
        The limit was (or is being) exceeded.
    alarm
        Running and overrun: the desk must be told now.
    night
        The arrival limit started at night.
    """

    name: str
    target_min: float | None
    started: dt.datetime | None
    deadline: dt.datetime | None
    done: dt.datetime | None
    remaining_s: float | None
    overrun: bool
    alarm: bool
    night: bool = False

    @property
    def running(self) -> bool:
        """Started and not yet met."""
        return self.started is not None and self.done is None


def merged_rules(stored: Mapping[str, Any] | None) -> dict[str, Any]:
    """The defaults with a stored (possibly partial) rules object laid over them."""
    out = copy.deepcopy(DEFAULT_RULES)
    if not stored:
        return out
    for key, value in stored.items():
        if key == "limits" and isinstance(value, Mapping):
            for name, rule in value.items():
                out["limits"].setdefault(name, {}).update(rule)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _hhmm(text: str) -> dt.time:
    hours, minutes = text.split(":")
    return dt.time(int(hours), int(minutes))


def is_night(when: dt.datetime, tz: str | dt.tzinfo, rules: Mapping[str, Any] = DEFAULT_RULES) -> bool:
    """Whether ``when`` falls in the night window (default 20:00–08:00) in time zone ``tz``."""
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    local = _aware(when).astimezone(zone).time()
    start, end = _hhmm(rules.get("night_start", "20:00")), _hhmm(rules.get("night_end", "08:00"))
    if start <= end:
        return start <= local < end
    return local >= start or local < end


def _aware(when: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes; the store's clock is UTC.
    return when if when.tzinfo is not None else when.replace(tzinfo=dt.timezone.utc)


def _rule(rules: Mapping[str, Any], name: str, level: str) -> dict:
    rule = dict(rules["limits"][name])
    rule.update(rules.get("level_overrides", {}).get(level, {}).get(name, {}))
    return rule


def target_minutes(
    name: str,
    rules: Mapping[str, Any],
    *,
    level: str,
    diameter_mm: float | None,
    in_guarded_zone: bool,
    started: dt.datetime | None,
    tz: str | dt.tzinfo,
) -> tuple[float, bool]:
    """The target of one limit in minutes, and whether the night target applied.

    Parameters
    ----------
    name
        The limit.
    rules
        Rules as :func:`merged_rules` returns them.
    level, diameter_mm, in_guarded_zone
        The repair's facts.
    started
        When the limit started (decides day or night); None counts as day.
    tz
        The event's time zone.
    """
    rule = _rule(rules, name, level)
    night = False
    if "guarded_minutes" in rule and in_guarded_zone:
        return float(rule["guarded_minutes"]), False
    if "day_minutes" in rule:
        night = started is not None and is_night(started, tz, rules)
        return float(rule["night_minutes"] if night else rule["day_minutes"]), night
    if "by_dn" in rule:
        classes = rule["by_dn"]
        if diameter_mm is None:
            return float(rule.get("unknown_dn_minutes", classes[-1]["minutes"])), False
        for c in classes:
            if ("below" in c and diameter_mm < c["below"]) or ("up_to" in c and diameter_mm <= c["up_to"]) or (
                "below" not in c and "up_to" not in c
            ):
                return float(c["minutes"]), False
        return float(classes[-1]["minutes"]), False
    return float(rule["minutes"]), False


def limit_states(
    repair: RepairFacts,
    rules: Mapping[str, Any],
    now: dt.datetime,
    tz: str | dt.tzinfo = "UTC",
) -> list[LimitState]:
    """The five limits of a repair at ``now``: targets, deadlines, countdowns, overruns.

    Parameters
    ----------
    repair
        The repair's level, DN, guarded-zone flag and milestone times.
    rules
        Rules (:func:`merged_rules` of the stored setting).
    now
        The moment to evaluate at (aware).
    tz
        The event's time zone for day/night.
    """
    now = _aware(now)
    out = []
    for name in LIMITS:
        start_attr, end_attr = MILESTONES[name]
        started = getattr(repair, start_attr)
        done = getattr(repair, end_attr)
        started = None if started is None else _aware(started)
        done = None if done is None else _aware(done)
        minutes, night = target_minutes(
            name, rules, level=repair.level, diameter_mm=repair.diameter_mm,
            in_guarded_zone=bool(repair.in_guarded_zone), started=started, tz=tz,
        )
        if started is None:
            out.append(LimitState(name, minutes, None, None, done, None, False, False, night))
            continue
        deadline = started + dt.timedelta(minutes=minutes)
        remaining = ((deadline - (done or now)).total_seconds())
        overrun = remaining < 0
        out.append(LimitState(name, minutes, started, deadline, done, remaining, overrun,
                              overrun and done is None, night))
    return out


def alarms(repair: RepairFacts, rules: Mapping[str, Any], now: dt.datetime, tz: str | dt.tzinfo = "UTC") -> list[str]:
    """Names of the limits running past their deadline at ``now``."""
    return [s.name for s in limit_states(repair, rules, now, tz) if s.alarm]
