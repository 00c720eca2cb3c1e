"""The customer-service rules as pure functions on arrays (no store, no session).

* Meter lifetimes (JJG 162-2019, DESIGN.md §1): DN ≤ 25 mm replaced after 6
  years, 25 < DN ≤ 50 mm after 4 years, DN > 50 mm or Q3 > 16 m³/h verified
  every 2 years; counted from the first verification (a verification rule
  from the last verification when there is one). The rules are data
  (:data:`DEFAULT_METER_RULES`, stored as a setting).
* Reader tenure and rotation; acceptance of a connection job by someone who
  designed or built it; ticket response times.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

#: JJG 162-2019 lifetimes. Tried in order; the first rule a meter matches applies.
#: ``dn_min`` is exclusive, ``dn_max`` inclusive; ``q3_above`` matches whatever the DN.
DEFAULT_METER_RULES: list[dict] = [
    {"name": "verify_large", "dn_min": 50, "dn_max": None, "q3_above": 16, "action": "verify", "years": 2},
    {"name": "replace_small", "dn_min": None, "dn_max": 25, "q3_above": None, "action": "replace", "years": 6},
    {"name": "replace_medium", "dn_min": 25, "dn_max": 50, "q3_above": None, "action": "replace", "years": 4},
]
#: Default number of consecutive zero periods that makes a zero-volume user.
DEFAULT_ZERO_PERIODS = 2
#: Default reader tenure on one route, months.
DEFAULT_TENURE_MONTHS = 6
#: Default response time per ticket kind, hours.
DEFAULT_RESPONSE_HOURS = {"enquiry": 24.0, "repair": 2.0, "meter_removal": 72.0, "meter_check": 72.0}
#: Default time limit per connection step, days.
DEFAULT_STEP_DAYS = {"survey_design": 5, "budget": 3, "contract": 5, "construction": 15, "acceptance": 3}


def rule_index(diameter_mm: np.ndarray, q3_m3h: np.ndarray, rules: Sequence[Mapping]) -> np.ndarray:
    """The index of the rule each meter falls under (-1: none, e.g. no DN and no Q3).

    Parameters
    ----------
    diameter_mm, q3_m3h
        Float arrays (NaN where unknown).
    rules
        Rules as in :data:`DEFAULT_METER_RULES`.
    """
    dn = np.asarray(diameter_mm, dtype="float64")
    q3 = np.asarray(q3_m3h, dtype="float64")
    out = np.full(dn.shape, -1, dtype="int64")
    with np.errstate(invalid="ignore"):
        for i, rule in enumerate(rules):
            by_dn = ~np.isnan(dn)
            if rule.get("dn_min") is not None:
                by_dn &= dn > float(rule["dn_min"])
            if rule.get("dn_max") is not None:
                by_dn &= dn <= float(rule["dn_max"])
            if rule.get("dn_min") is None and rule.get("dn_max") is None:
                by_dn &= False
            hit = by_dn
            if rule.get("q3_above") is not None:
                hit = hit | (q3 > float(rule["q3_above"]))
            out[(out < 0) & hit] = i
    return out


def _add_years(days: np.ndarray, years: np.ndarray) -> np.ndarray:
    """``datetime64[D]`` plus whole years (29 February lands on 28 February)."""
    ts = pd.DatetimeIndex(days)
    y = ts.year.to_numpy() + years
    m, d = ts.month.to_numpy(), ts.day.to_numpy()
    d = np.where((m == 2) & (d == 29), 28, d)
    ok = ~np.isnat(days)
    out = np.full(days.shape, np.datetime64("NaT"), dtype="datetime64[D]")
    if ok.any():
        out[ok] = pd.to_datetime(pd.DataFrame({"year": y[ok], "month": m[ok], "day": d[ok]})).to_numpy(
            dtype="datetime64[D]")
    return out


def meter_due_dates(
    diameter_mm: np.ndarray,
    q3_m3h: np.ndarray,
    first_verified: np.ndarray,
    last_verified: np.ndarray,
    rules: Sequence[Mapping] = DEFAULT_METER_RULES,
) -> tuple[np.ndarray, np.ndarray]:
    """Due date and rule of each meter.

    Parameters
    ----------
    diameter_mm, q3_m3h
        Float arrays (NaN unknown).
    first_verified, last_verified
        ``datetime64[D]`` arrays (NaT unknown). A replacement counts from the
        first verification; a periodic verification from the last one (else the first).
    rules
        The stored rules.

    Returns
    -------
    due, rule
        ``datetime64[D]`` (NaT: cannot be told: no rule or no date) and the rule index.
    """
    rule = rule_index(diameter_mm, q3_m3h, rules)
    first = np.asarray(first_verified, dtype="datetime64[D]")
    last = np.asarray(last_verified, dtype="datetime64[D]")
    actions = np.array([r["action"] for r in rules] + [""], dtype=object)
    years = np.array([int(r["years"]) for r in rules] + [0], dtype="int64")
    verify = actions[rule] == "verify"
    base = np.where(verify & ~np.isnat(last), last, first)
    base = np.where(rule >= 0, base, np.datetime64("NaT"))
    return _add_years(base.astype("datetime64[D]"), years[rule]), rule


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole months (the day clipped to the month's length)."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def months_between(start: np.ndarray, end: dt.date) -> np.ndarray:
    """Whole months from each ``start`` (``datetime64[D]``) to ``end``; negative when ``start`` is later."""
    s = pd.DatetimeIndex(start)
    months = (end.year - s.year.to_numpy()) * 12 + (end.month - s.month.to_numpy())
    months = months - (end.day < s.day.to_numpy())
    return months


def propose_rotation(
    routes: Sequence[str],
    holders: Mapping[str, Sequence[str]],
    readers: Sequence[str],
    current: Mapping[str, str | None],
    load: Mapping[str, int] | None = None,
) -> dict[str, str | None]:
    """A rotation in which no reader gets back a route held within its last two tenures.

    Parameters
    ----------
    routes
        Route codes to assign.
    holders
        Per route, the readers of its latest tenures, newest first (the current one first).
    readers
        Reader codes available.
    current
        Per route, its current reader (None when none).
    load
        Routes each reader keeps besides these (readers with fewer get routes first).

    Returns
    -------
    dict
        ``{route: reader}``; None where no reader is allowed (fewer readers than
        the rule needs). Loads are balanced: each reader gets one route before
        any gets a second.
    """
    load = {r: int((load or {}).get(r, 0)) for r in readers}
    out: dict[str, str | None] = {}
    # Routes with the fewest allowed readers first, so the tight ones are served.
    def allowed(route: str) -> list[str]:
        barred = set(list(holders.get(route, ()))[:2])
        if current.get(route):
            barred.add(current[route])
        return [r for r in readers if r not in barred]

    order = sorted(routes, key=lambda r: (len(allowed(r)), r))
    for route in order:
        choices = allowed(route)
        if not choices:
            out[route] = None
            continue
        pick = min(choices, key=lambda r: (load[r], r))
        load[pick] += 1
        out[route] = pick
    return {r: out[r] for r in routes}


def self_acceptance(steps: Mapping[str, str]) -> str | None:
    """Why acceptance by ``steps['acceptance']`` is refused, or None.

    Parameters
    ----------
    steps
        ``{step: person}`` of one connection job.
    """
    who = (steps.get("acceptance") or "").strip()
    if not who:
        return None
    for step in ("survey_design", "construction"):
        if (steps.get(step) or "").strip().casefold() == who.casefold():
            return step
    return None
