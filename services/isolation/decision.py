"""The duty leader's isolation decision for a repair, and the notices it sends.

The chosen option (its valves, the valves left open, what still goes dry)
is stored with the reason in ``repair_isolations``; the affected important
users and the contact groups of the stored rules are told through the
outbox (``notifications``, sent by the outbox worker like every repair
message).
"""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.audit import AuditEntry, StoreChange
from models.isolation import RepairIsolation
from models.repair import Contact, Notification, Repair
from services.isolation.answer import IsolationAnswer

#: Contact groups told about an isolation unless the stored rules say otherwise.
DEFAULT_NOTIFY_GROUPS = ("important_user", "government", "internal")

_TEXT = {
    "en": {
        "subject": "Water off for repair {code}: valve isolation",
        "body": ("Repair {code}: pipe {pipe} is being isolated.\n"
                 "Valves to close: {valves}.\n"
                 "Out of water: {dry:,.0f} m of pipe ({isolated} isolated, {cut} cut off from every source).\n"
                 "{places}{users}"
                 "We will tell you when the water is back."),
        "places": "Guarded places out of water: {0}.\n",
        "users": "Important users out of water: {0}.\n",
        "you": "Your supply is affected ({0}).\n",
        "isolated": "isolated", "cut off": "cut off from every source",
    },
    "zh_CN": {
        "subject": "抢修{code}关阀停水通知",
        "body": ("抢修单{code}：管段{pipe}正在关阀隔离。\n"
                 "需关闭阀门：{valves}。\n"
                 "停水管长：{dry:,.0f}米（关阀区内{isolated}条，断水{cut}条）。\n"
                 "{places}{users}"
                 "恢复供水时将另行通知。"),
        "places": "停水的保障场所：{0}。\n",
        "users": "停水的重要用户：{0}。\n",
        "you": "贵单位供水受影响（{0}）。\n",
        "isolated": "位于关阀区内", "cut off": "与水源断开",
    },
}


def _lang(lang: str | None) -> str:
    return "zh_CN" if (lang or "zh_CN").startswith("zh") else "en"


def record_choice(session: Session, repair: Repair, ans: IsolationAnswer, option: dict | None, reason: str,
                  user: str = "desk") -> RepairIsolation:
    """Store which isolation the duty leader chose for ``repair`` and why.

    Parameters
    ----------
    ans
        The answer the option belongs to (its plain result when ``option`` is None).
    option
        One of ``ans.options`` (None: the plain answer).
    reason
        Why this one (required when a guarded place still goes dry).

    Raises
    ------
    ValueError
        When a guarded place goes dry and no reason is given.
    """
    r = option["result"] if option is not None else ans.result
    guarded = [p["code"] for p in r.guarded_places_affected]
    if guarded and not reason.strip():
        raise ValueError("a guarded place goes dry with this isolation: say why it is chosen")
    row = RepairIsolation(
        repair_id=repair.id, pipe_id=r.pipe_id, option_rank=int(option["rank"]) if option else 0,
        valves_json=json.dumps([v["code"] for v in r.valves]),
        left_open_json=json.dumps(option["leave_open"] if option else []),
        guarded_json=json.dumps(guarded), dry_length_m=float(r.dry_length_m), cut_off_pipes=len(r.cut_off_pipes),
        customers=len(r.customers), reason=reason.strip(), chosen_by=user,
    )
    session.add(row)
    session.flush()
    detail = f"{repair.code} option {row.option_rank}: close {', '.join(json.loads(row.valves_json))}; {reason.strip()}"
    session.add(AuditEntry(user=user, action="isolation", table_name="repair_isolations", row_id=row.id,
                           detail=detail[:1000]))
    session.add(StoreChange(table_name="repair_isolations", row_id=row.id, desk=user))
    return row


def latest_choice(session: Session, repair_id: int) -> RepairIsolation | None:
    """The newest isolation decision stored for a repair."""
    return session.scalars(select(RepairIsolation).where(RepairIsolation.repair_id == repair_id)
                           .order_by(RepairIsolation.id.desc()).limit(1)).first()


def render_notice(repair: Repair, ans: IsolationAnswer, lang: str, you: dict | None = None) -> tuple[str, str]:
    """Subject and body of an isolation notice in ``lang`` (zh_CN or en)."""
    t = _TEXT[_lang(lang)]
    r = ans.result
    sep = "、" if _lang(lang) == "zh_CN" else ", "
    zh = _lang(lang) == "zh_CN"
    places = t["places"].format(sep.join((p.get("name_zh") if zh and p.get("name_zh") else p["name"])
                                         for p in r.guarded_places_affected)) \
        if r.guarded_places_affected else ""
    users = t["users"].format(sep.join(
        (u.get("name_zh") if _lang(lang) == "zh_CN" and u.get("name_zh") else u["name"]) for u in r.affected_users)) \
        if r.affected_users else ""
    if you is not None:
        users += t["you"].format(t[you["reason"]])
    body = t["body"].format(code=repair.code, pipe=r.pipe, valves=sep.join(v["code"] for v in ans.order) or "-",
                            dry=r.dry_length_m, isolated=len(r.isolated_pipes), cut=len(r.cut_off_pipes),
                            places=places, users=users)
    return t["subject"].format(code=repair.code), body


def notify_isolation(session: Session, repair: Repair, ans: IsolationAnswer,
                     groups: tuple[str, ...] = DEFAULT_NOTIFY_GROUPS) -> list[Notification]:
    """Queue isolation notices: every affected important user with a phone, and the contacts of ``groups``.

    A recipient already told about this repair's isolation is not told again.
    """
    subject_of = {lang: render_notice(repair, ans, lang)[0] for lang in ("zh_CN", "en")}
    told = set(session.execute(
        select(Notification.recipient, Notification.address).where(
            Notification.repair_id == repair.id, Notification.subject.in_(list(subject_of.values())))
    ).all())
    out = []

    def queue(name: str, address: str | None, lang: str, you: dict | None) -> None:
        if (name, address) in told:
            return
        subject, body = render_notice(repair, ans, lang, you)
        note = Notification(repair_id=repair.id, recipient=name[:128], address=address, language=_lang(lang),
                            subject=subject[:255], body=body, status="queued", channel="pending")
        session.add(note)
        out.append(note)
        told.add((name, address))

    for u in ans.result.affected_users:
        address = u.get("phone") or u.get("contact")
        if address:
            queue(u.get("name_zh") or u["name"], address, "zh_CN", u)
    contacts = session.scalars(select(Contact).where(Contact.group.in_(list(groups))).order_by(Contact.id))
    for c in contacts:
        queue(c.name, c.email or c.phone, c.language or "zh_CN", None)
    session.flush()
    return out


def contacts_to_notify(session: Session, groups: tuple[str, ...] = DEFAULT_NOTIFY_GROUPS) -> list[dict]:
    """The contacts of ``groups`` (for the isolation order): ``name, group, organisation, phone, email``."""
    rows = session.scalars(select(Contact).where(Contact.group.in_(list(groups))).order_by(Contact.group, Contact.id))
    return [{"name": c.name, "group": c.group, "organisation": c.organisation, "phone": c.phone, "email": c.email}
            for c in rows]
