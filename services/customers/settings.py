"""The stored customer-service settings (rules, limits), with their defaults."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

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
        raise KeyError(f"unknown customer setting {key!r}: one of {', '.join(DEFAULTS)}")
    if key == "customers.meter_rules":  # every meter's stored due date follows the rules
        from services.customers.meters import set_meter_rules

        set_meter_rules(session, value, user)
        return
    set_setting(session, key, value, user)
