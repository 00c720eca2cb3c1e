"""Show and change the stored isolation rules (minimum service pressure, order of closing), validated.

``isolate --rules [--set KEY=VALUE …]`` and the desk's Settings → Isolation…
dialog both go through :func:`change_rules`, so a bad value is refused the
same way everywhere and nothing half-changed is stored.
"""

from __future__ import annotations

from dataclasses import asdict

from sqlalchemy.orm import Session

from services.isolation.network import ISOLATION_RULES_KEY, ORDER_RULES, IsolationRules, isolation_rules

#: Accepted spellings of the order rule → the stored value.
ORDER_ALIASES = {"supply_side_first": "supply_side_first", "supply_first": "supply_side_first",
                 "break_outward": "break_outward", "nearest_first": "break_outward"}
#: The minimum service pressure must lie in this range (m head).
MIN_PRESSURE_RANGE = (0.0, 100.0)
KEYS = ("min_pressure_m", "order")


class RuleError(ValueError):
    """A rule change that cannot be stored: the message names the key, the value and why."""


def parse_changes(pairs: list[str]) -> dict:
    """``["min_pressure_m=20", "order=nearest_first"]`` → ``{"min_pressure_m": 20.0, "order": "break_outward"}``.

    Raises
    ------
    RuleError
        Not ``KEY=VALUE``, an unknown key, or a value out of range.
    """
    out: dict = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not key:
            raise RuleError(f"{pair!r}: write KEY=VALUE (keys: {', '.join(KEYS)})")
        out.update(validate(key, value))
    return out


def validate(key: str, value) -> dict:
    """One checked change ``{key: stored value}``; :class:`RuleError` when it cannot be stored."""
    if key == "min_pressure_m":
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise RuleError(f"min_pressure_m={value!r}: not a number (metres of head, e.g. 14)") from None
        lo, hi = MIN_PRESSURE_RANGE
        if not lo < number <= hi:
            raise RuleError(f"min_pressure_m={value!r}: must be above {lo:g} and at most {hi:g} m of head")
        return {"min_pressure_m": number}
    if key == "order":
        stored = ORDER_ALIASES.get(str(value).strip().lower())
        if stored is None:
            raise RuleError(f"order={value!r}: must be one of supply_first, nearest_first "
                            f"(or {', '.join(ORDER_RULES)})")
        return {"order": stored}
    raise RuleError(f"{key!r}: no such isolation rule (keys: {', '.join(KEYS)})")


def change_rules(session: Session, changes: dict, user: str = "desk") -> IsolationRules:
    """Store ``changes`` (validated again) over the current rules; commit; the new rules.

    Raises
    ------
    RuleError
        A bad key or value: nothing is stored.
    """
    from services.repairs.records import set_setting

    checked: dict = {}
    for key, value in changes.items():
        checked.update(validate(key, value))
    rules = isolation_rules(session.connection())
    data = {**asdict(rules), **checked}
    set_setting(session, ISOLATION_RULES_KEY, data, user)
    session.commit()
    return IsolationRules(**data)
