"""The stored customer-service settings (rules, limits), with their defaults."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from services.customers.errors import CustomerError
from services.repairs.records import get_setting, set_setting
from services.customers.rules import (
    DEFAULT_METER_RULES,
    DEFAULT_RESPONSE_HOURS,
    DEFAULT_STEP_DAYS,
    DEFAULT_TENURE_MONTHS,
    DEFAULT_ZERO_PERIODS,
)

DEFAULTS: dict[str, Any] = {
    "customers.meter_rules": DEFAULT_METER_RULES,
    "customers.zero_periods": DEFAULT_ZERO_PERIODS,
    "customers.tenure_months": DEFAULT_TENURE_MONTHS,
    "customers.response_hours": DEFAULT_RESPONSE_HOURS,
    "customers.step_days": DEFAULT_STEP_DAYS,
}


def setting(session: Session, key: str) -> Any:
    """A customer setting (``customers.…``), else its default."""
    value = get_setting(session, key)
    return DEFAULTS[key] if value is None else value


def set_customer_setting(session: Session, key: str, value: Any, user: str = "desk") -> None:
    """Store a customer setting (audited)."""
    if key not in DEFAULTS:
        raise CustomerError("unknown_setting", key=key)
    if key == "customers.meter_rules":  # every meter's stored due date follows the rules
        from services.customers.meters import set_meter_rules

        set_meter_rules(session, value, user)
        return
    set_setting(session, key, value, user)


#: Bounds of the whole-number settings (inclusive).
_INT_BOUNDS = {"customers.zero_periods": (1, 24), "customers.tenure_months": (1, 60)}
_MAX_HOURS = 24.0 * 30
_MAX_STEP_DAYS = 365
_MAX_RULE_YEARS = 20
_RULE_FIELDS = ("dn_min", "dn_max", "q3_above", "action", "years")


def all_settings(session: Session) -> dict[str, Any]:
    """Every customer setting (short key without ``customers.``) with its stored or default value."""
    return {key.removeprefix("customers."): setting(session, key) for key in DEFAULTS}


def _int(key: str, text: str, low: int, high: int) -> int:
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise CustomerError("setting_whole_number", key=key, value=text, low=low, high=high)
    return value


def _float(key: str, text: str, high: float, none_ok: bool = False) -> float | None:
    if none_ok and text.strip().lower() in ("", "none", "-"):
        return None
    try:
        value = float(text)
    except ValueError:
        value = None
    if value is None or value != value or not 0 < value <= high:
        raise CustomerError("setting_positive", key=key, value=text, high=f"{high:g}")
    return value


def apply_settings(session: Session, assignments: list[str], user: str = "desk") -> dict[str, Any]:
    """Validate every ``key=value`` first, then store them all (audited); the caller commits.

    Keys: ``zero_periods``, ``tenure_months``, ``response_hours.<ticket kind>``,
    ``step_days.<connection step>``, ``meter_rules.<rule name>.<dn_min|dn_max|q3_above|action|years>``.

    Raises
    ------
    CustomerError
        The first assignment that is malformed, unknown or out of range; nothing is stored.
    """
    from models.customers import CONNECTION_STEPS, TICKET_KINDS

    current = all_settings(session)
    new = {k: (json.loads(json.dumps(v))) for k, v in current.items()}
    touched: set[str] = set()
    for text in assignments:
        key, sep, raw = text.partition("=")
        key, raw = key.strip(), raw.strip()
        if not sep or not key:
            raise CustomerError("setting_syntax", text=text)
        head, _, rest = key.partition(".")
        if head in ("zero_periods", "tenure_months") and not rest:
            low, high = _INT_BOUNDS["customers." + head]
            new[head] = _int(key, raw, low, high)
        elif head == "response_hours" and rest in TICKET_KINDS:
            new[head][rest] = _float(key, raw, _MAX_HOURS)
        elif head == "step_days" and rest in CONNECTION_STEPS:
            new[head][rest] = _int(key, raw, 1, _MAX_STEP_DAYS)
        elif head == "meter_rules" and rest.count(".") == 1:
            name, fld = rest.split(".")
            rule = next((r for r in new[head] if r.get("name") == name), None)
            if rule is None or fld not in _RULE_FIELDS:
                raise CustomerError("unknown_setting", key=key)
            if fld == "action":
                if raw not in ("replace", "verify"):
                    raise CustomerError("setting_action", key=key, value=raw)
                rule[fld] = raw
            elif fld == "years":
                rule[fld] = _int(key, raw, 1, _MAX_RULE_YEARS)
            else:
                value = _float(key, raw, 10_000.0, none_ok=True)
                rule[fld] = int(value) if value is not None and fld != "q3_above" and value == int(value) else value
        else:
            raise CustomerError("unknown_setting", key=key)
        touched.add(head)
    for r in new["meter_rules"]:
        if r.get("dn_min") is not None and r.get("dn_max") is not None and r["dn_min"] > r["dn_max"]:
            raise CustomerError("setting_dn_range", rule=r.get("name", ""), low=r["dn_min"], high=r["dn_max"])
    for head in sorted(touched):
        set_customer_setting(session, "customers." + head, new[head], user)
    return new
