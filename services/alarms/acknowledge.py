"""Acknowledging overrun repairs: who saw which overrun, in the audit log.

A repair that has overrun a time limit pulses on every desk's map until
someone acknowledges it. The acknowledgement is an audit line
(``action="overrun_ack"``, ``table_name="repairs"``, ``detail`` = the limits
acknowledged, comma separated), so it is shared by all desks, survives a
restart and says who acknowledged what and when. A limit overrun later on the
same repair pulses again: only the limits named in an acknowledgement are
quiet.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.audit import AuditEntry

#: The audit action of an acknowledgement.
ACK_ACTION = "overrun_ack"


def acknowledged(session: Session) -> dict[int, frozenset[str]]:
    """Repair id → the limits whose overrun somebody acknowledged.

    Parameters
    ----------
    session
        An open session.
    """
    out: dict[int, set[str]] = {}
    rows = session.execute(select(AuditEntry.row_id, AuditEntry.detail)
                           .where(AuditEntry.action == ACK_ACTION, AuditEntry.table_name == "repairs"))
    for row_id, detail in rows:
        if row_id is None:
            continue
        out.setdefault(int(row_id), set()).update(x for x in (detail or "").split(",") if x)
    return {k: frozenset(v) for k, v in out.items()}


def unacknowledged(overruns: Mapping[int, Sequence[str]], acks: Mapping[int, frozenset[str]]
                   ) -> dict[int, tuple[str, ...]]:
    """The overruns nobody has acknowledged yet: repair id → limits not yet acknowledged.

    Parameters
    ----------
    overruns
        Repair id → limits overrun (:attr:`services.wall.figures.WallFigures.overruns`).
    acks
        :func:`acknowledged`.
    """
    out = {}
    for rid, limits in overruns.items():
        fresh = tuple(n for n in limits if n not in acks.get(rid, frozenset()))
        if fresh:
            out[rid] = fresh
    return out


def acknowledge(session: Session, user: str, overruns: Mapping[int, Sequence[str]]) -> int:
    """Record that ``user`` acknowledged these overruns (one audit line per repair) and commit.

    Parameters
    ----------
    session
        An open session (the caller's role must be allowed to append audit lines).
    user
        Who acknowledged.
    overruns
        Repair id → limits acknowledged.

    Returns
    -------
    int
        The number of repairs acknowledged.
    """
    n = 0
    for rid, limits in overruns.items():
        if not limits:
            continue
        session.add(AuditEntry(user=user, action=ACK_ACTION, table_name="repairs", row_id=int(rid),
                               detail=",".join(sorted(set(limits)))))
        n += 1
    session.commit()
    return n
