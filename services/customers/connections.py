"""New connections (报装): survey/design → budget → contract → construction → acceptance.

Every step records who did it and when; the store refuses acceptance by a
person who designed or built the same job, with the reason. Steps are timed
against stored limits (days) and overdue ones are flagged.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from models.customers import CONNECTION_STEPS, ConnectionApplication, ConnectionStep
from services.customers.errors import CustomerError, Reason
from services.customers.rules import DEFAULT_STEP_DAYS, self_acceptance


class ConnectionRefused(CustomerError):
    """A step cannot be recorded; ``.code``/``.params`` give the reason."""


def refusal_reason(steps: dict[str, str], step: str, person: str) -> Reason | None:
    """Why ``person`` may not do ``step`` given the job's recorded ``steps``, or None."""
    if step not in CONNECTION_STEPS:
        return Reason("unknown_step", {"step": step})
    clash = self_acceptance({**steps, step: person}) if step == "acceptance" else None
    if clash:
        return Reason("self_acceptance", {"person": person, "did": "designed" if clash == "survey_design" else "built"})
    return None


def record_step(conn: Connection, application_id: int, step: str, person: str,
                started_on: dt.date | None, done_on: dt.date | None) -> Reason | None:
    """Record (or update) one step on a Core connection; returns the refusal reason instead of writing."""
    t = ConnectionStep.__table__
    steps = dict(conn.execute(select(t.c.step, t.c.person).where(t.c.application_id == application_id)).all())
    reason = refusal_reason(steps, step, person)
    if reason:
        return reason
    row = conn.execute(select(t.c.id).where(t.c.application_id == application_id, t.c.step == step)).scalar()
    values = {"person": person, "started_on": started_on, "done_on": done_on}
    if row is None:
        conn.execute(t.insert().values(application_id=application_id, step=step, **values))
    else:
        conn.execute(t.update().where(t.c.id == row).values(**values))
    if step == "acceptance" and done_on is not None:
        a = ConnectionApplication.__table__
        conn.execute(a.update().where(a.c.id == application_id).values(status="accepted"))
    return None


def set_step(session: Session, code: str, step: str, person: str, *, started_on: dt.date | None = None,
             done_on: dt.date | None = None) -> None:
    """Record a step of job ``code``; the caller commits.

    Raises
    ------
    ConnectionRefused
        Unknown job or step, or acceptance by its designer or builder (the reason says which).
    """
    app = session.scalars(select(ConnectionApplication).where(ConnectionApplication.code == code)).first()
    if app is None:
        raise ConnectionRefused("no_application", code=code)
    reason = record_step(session.connection(), app.id, step, person, started_on, done_on)
    if reason:
        raise ConnectionRefused(Reason("step_refused", {"code": code, "reason": reason}))
    session.expire_all()


def connections(session: Session, today: dt.date, step_days: dict[str, int] | None = None) -> pd.DataFrame:
    """One row per application: its steps' persons, the current step, days in it and whether it is overdue.

    A step is overdue when it took (or has taken so far) longer than its limit.
    """
    from services.customers.settings import setting

    limits = step_days or setting(session, "customers.step_days") or DEFAULT_STEP_DAYS
    apps = session.execute(select(ConnectionApplication.id, ConnectionApplication.code,
                                  ConnectionApplication.applicant, ConnectionApplication.address,
                                  ConnectionApplication.status)).all()
    steps = session.execute(select(ConnectionStep.application_id, ConnectionStep.step, ConnectionStep.person,
                                   ConnectionStep.started_on, ConnectionStep.done_on)).all()
    by_app: dict[int, dict[str, tuple]] = {}
    for app_id, step, person, start, done in steps:
        by_app.setdefault(app_id, {})[step] = (person, start, done)
    rows = []
    for app_id, code, applicant, address, status in apps:
        done_steps = by_app.get(app_id, {})
        current = None if status == "accepted" else next(
            (s for s in CONNECTION_STEPS if s not in done_steps or done_steps[s][2] is None), None)
        overdue = []
        for step, (_person, start, done) in done_steps.items():
            if start is None:
                continue
            took = ((done or today) - start).days
            if took > int(limits.get(step, 10**6)):
                overdue.append(step)
        days = None
        if current and current in done_steps and done_steps[current][1] is not None:
            days = (today - done_steps[current][1]).days
        row = {"application": code, "applicant": applicant, "address": address, "status": status,
               "current_step": current or "done", "days_in_step": days,
               "overdue_steps": [s for s in CONNECTION_STEPS if s in overdue]}
        row.update({s: done_steps.get(s, (None,))[0] for s in CONNECTION_STEPS})
        rows.append(row)
    return pd.DataFrame(rows, columns=["application", "applicant", "address", "status", "current_step",
                                       "days_in_step", "overdue_steps", *CONNECTION_STEPS])
