"""``isolate PIPE --notify``: queue the isolation notices for the pipe's repair, as the desk does.

The notices go through the outbox (``notifications``, status ``queued``) to
the affected important users and the contact groups
(:func:`services.isolation.decision.notify_isolation`); a recipient already
told about the repair's isolation is not told again.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.repair import Repair
from models.vocabulary import OPEN_REPAIR_STATES
from services.isolation.answer import IsolationAnswer
from services.isolation.decision import notify_isolation, render_notice


class NoRepair(LookupError):
    """No repair (or more than one) to send the notices for; the message says which and what to give.

    Attributes
    ----------
    kind
        ``unknown_repair`` (``what`` = the code), ``no_open_repair`` (``what``
        = the pipe) or ``several`` (``what`` = the pipe, ``codes`` its repairs).
    """

    def __init__(self, message: str, kind: str, what: str, codes: list[str] | None = None) -> None:
        super().__init__(message)
        self.kind, self.what, self.codes = kind, what, list(codes or [])


def repair_for(session: Session, pipe_id: int, pipe_code: str, code: str | None = None) -> Repair:
    """The repair the notices belong to: ``code``, else the one open repair on the pipe.

    Raises
    ------
    NoRepair
        Unknown ``code``, or no / several open repairs on the pipe.
    """
    if code:
        repair = session.scalars(select(Repair).where(Repair.code == code)).first()
        if repair is None:
            raise NoRepair(f"no repair {code}", "unknown_repair", code)
        return repair
    rows = session.scalars(select(Repair).where(Repair.pipe_id == int(pipe_id),
                                                Repair.status.in_(list(OPEN_REPAIR_STATES)))
                           .order_by(Repair.id)).all()
    if not rows:
        raise NoRepair(f"no open repair on pipe {pipe_code}: open one, or name it with --repair CODE",
                       "no_open_repair", pipe_code)
    if len(rows) > 1:
        raise NoRepair(f"{len(rows)} open repairs on pipe {pipe_code} ({', '.join(r.code for r in rows)}): "
                       "name one with --repair CODE", "several", pipe_code, [r.code for r in rows])
    return rows[0]


def notify(session: Session, ans: IsolationAnswer, repair_code: str | None = None) -> dict:
    """Queue the notices for ``ans`` (committed); who was told now, who before, who has no address.

    Returns
    -------
    dict
        ``repair``, ``queued`` (``recipient, address, language``),
        ``already_notified`` (count) and ``no_address`` (affected important
        users with no phone or contact stored: not told).
    """
    from models.repair import Notification

    r = ans.result
    repair = repair_for(session, r.pipe_id, r.pipe, repair_code)
    before = session.scalar(select(Notification.id).where(Notification.repair_id == repair.id)
                            .order_by(Notification.id.desc()).limit(1)) or 0
    notes = notify_isolation(session, repair, ans)
    session.commit()
    told_before = session.scalars(select(Notification).where(Notification.repair_id == repair.id,
                                                             Notification.id <= before)).all()
    isolation_subjects = {render_notice(repair, ans, lang)[0] for lang in ("zh_CN", "en")}
    return {
        "repair": repair.code,
        "queued": [{"recipient": n.recipient, "address": n.address, "language": n.language} for n in notes],
        "already_notified": sum(1 for n in told_before if n.subject in isolation_subjects),
        "no_address": [u["code"] for u in r.affected_users if not (u.get("phone") or u.get("contact"))],
    }
