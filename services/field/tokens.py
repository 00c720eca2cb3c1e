"""Registering phones: one token per person or reporting unit.

A token is a random secret printed once (as a QR code on the roster sheet) and
typed or scanned into the phone's field page. The store keeps only its SHA-256,
so a copied store does not leak working tokens. Issuing a new token for a holder
revokes the old one: a lost phone is cut off by printing a new sheet.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.audit_trail import record
from models.clock import as_utc
from models.duty import ReportingUnit
from models.field import FieldToken
from models.patrol import Person, Team


@dataclass(frozen=True)
class Holder:
    """Who a valid token speaks for."""

    token_id: int
    kind: str  # "person" | "unit"
    person_id: int | None
    unit_id: int | None
    label: str
    #: The person's patrol team (for hazards found on patrol), if any.
    team_code: str | None = None


@dataclass(frozen=True)
class IssuedToken:
    """A freshly issued token: the secret is only ever here, never in the store."""

    token: str
    kind: str
    holder_id: int
    label: str
    team_code: str | None = None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.strip().encode("utf-8")).hexdigest()


def _issue(session: Session, kind: str, holder_id: int, label: str, *, user: str, now: dt.datetime) -> str:
    column = FieldToken.person_id if kind == "person" else FieldToken.unit_id
    for old in session.scalars(select(FieldToken).where(column == holder_id, FieldToken.revoked_at.is_(None))):
        old.revoked_at = as_utc(now)
    token = secrets.token_urlsafe(18)
    row = FieldToken(token_hash=token_hash(token), holder_kind=kind, label=label, created_at=as_utc(now),
                     person_id=holder_id if kind == "person" else None,
                     unit_id=holder_id if kind == "unit" else None)
    session.add(row)
    session.flush()
    record(session, user=user, action="create", table="field_tokens", row_id=row.id, now=now,
           detail={"holder": kind, "id": holder_id, "label": label})
    return token


def issue_tokens(session: Session, *, people: bool = True, units: bool = True,
                 user: str, now: dt.datetime) -> list[IssuedToken]:
    """Issue a new token to every person on the roster and/or every reporting unit.

    Earlier tokens of the same holders stop working. The caller commits, then
    prints the returned secrets (they cannot be read back later).
    """
    issued: list[IssuedToken] = []
    if people:
        rows = session.execute(select(Person, Team.code).outerjoin(Team, Person.team_id == Team.id)
                               .order_by(Team.code, Person.name, Person.id)).all()
        for person, team_code in rows:
            token = _issue(session, "person", person.id, person.name, user=user, now=now)
            issued.append(IssuedToken(token, "person", person.id, person.name, team_code))
    if units:
        for unit in session.scalars(select(ReportingUnit).order_by(ReportingUnit.code)):
            label = unit.name_zh or unit.name
            token = _issue(session, "unit", unit.id, label, user=user, now=now)
            issued.append(IssuedToken(token, "unit", unit.id, label, unit.code))
    return issued


def resolve_token(session: Session, token: str | None) -> Holder | None:
    """The holder of a valid (issued, not revoked) token, else None."""
    if not token or len(token) > 200:
        return None
    row = session.scalars(select(FieldToken).where(FieldToken.token_hash == token_hash(token),
                                                   FieldToken.revoked_at.is_(None))).first()
    if row is None:
        return None
    team_code = None
    if row.person_id is not None:
        team_code = session.scalar(select(Team.code).join(Person, Person.team_id == Team.id)
                                   .where(Person.id == row.person_id))
    elif row.unit_id is not None:
        team_code = session.scalar(select(ReportingUnit.code).where(ReportingUnit.id == row.unit_id))
    return Holder(row.id, row.holder_kind, row.person_id, row.unit_id, row.label, team_code)


def revoke_token(session: Session, token_id: int, *, user: str, now: dt.datetime) -> None:
    row = session.get(FieldToken, token_id)
    if row is None or row.revoked_at is not None:
        return
    row.revoked_at = as_utc(now)
    record(session, user=user, action="revoke", table="field_tokens", row_id=row.id, now=now,
           detail={"label": row.label})
