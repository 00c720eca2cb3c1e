"""``isolate PIPE --notify``: the notices go to the outbox once per recipient and reach a real SMTP server."""

from __future__ import annotations

import email
import email.policy
import json
import socket

from aiosmtpd.controller import Controller

from gis.notify import SmtpSender
from models.event import ImportantUser
from models.repair import Contact, Notification
from services.repairs.opening import open_repair
from services.repairs.records import deliver_outbox
from tests.gis.test_isolation import store_network
from tests.support.cli import run_app


class _Inbox:
    def __init__(self) -> None:
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 — aiosmtpd's hook name
        self.messages.append(envelope)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _setup(store) -> str:
    store_network(store)
    with store.session() as s:
        s.query(ImportantUser).filter_by(code="U1").one().contact = "hospital@city.test"
        s.query(ImportantUser).filter_by(code="U2").one().phone = "+423 555 0102"
        s.add_all([Contact(name="Mayor's office", group="government", email="mayor@city.test", language="en"),
                   Contact(name="Duty engineer", group="internal", email="duty@water.test"),
                   Contact(name="Radio", group="media", email="radio@media.test")])  # not an isolation group
        s.commit()
        code = open_repair(s, pipe="P3", caller="patrol").repair.code
        s.commit()
    return code


def test_notify_queues_once_per_recipient_and_mail_arrives(store, store_url):
    code = _setup(store)
    first = run_app("--store", store_url, "isolate", "P3", "--skip-valve", "V2", "--notify", "--json")
    assert first.returncode == 0, first.stderr
    told = json.loads(first.stdout)["notified"]
    assert told["repair"] == code
    assert sorted((n["recipient"], n["address"]) for n in told["queued"]) == [
        ("City Hospital", "hospital@city.test"), ("Duty engineer", "duty@water.test"),
        ("Mayor's office", "mayor@city.test"), ("Stadium", "+423 555 0102")]
    assert told["already_notified"] == 0 and told["no_address"] == ["U3"]  # the school has no phone stored
    # A second run tells nobody again, and says so.
    again = run_app("--store", store_url, "isolate", "P3", "--skip-valve", "V2", "--notify")
    assert again.returncode == 0, again.stderr
    assert f"Notices for repair {code} queued in the outbox: 0" in again.stdout
    assert "Already notified before (not sent again): 4" in again.stdout
    with store.session() as s:
        rows = s.query(Notification).filter(Notification.subject.like("%valve isolation%")
                                            | Notification.subject.like("%关阀停水%")).all()
        assert len(rows) == 4 and {r.status for r in rows} == {"queued"}
    # The outbox delivers them like every repair message: to a local SMTP server.
    inbox = _Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with store.session() as s:
            deliver_outbox(s, SmtpSender("127.0.0.1", port, from_addr="desk@water.test"))
            s.commit()
    finally:
        controller.stop()
    mails = {m.rcpt_tos[0]: email.message_from_bytes(m.content, policy=email.policy.default) for m in inbox.messages}
    assert {"hospital@city.test", "mayor@city.test", "duty@water.test"} <= set(mails)
    assert "radio@media.test" not in mails or "isolation" not in mails["radio@media.test"]["Subject"]
    en = mails["mayor@city.test"]
    assert en["Subject"] == f"Water off for repair {code}: valve isolation"
    assert "Stadium" in en.get_content() and "V1" in en.get_content()
    assert mails["hospital@city.test"]["Subject"] == f"抢修{code}关阀停水通知"
    assert "贵单位供水受影响（位于关阀区内）" in mails["hospital@city.test"].get_content()


def test_notify_without_a_repair_says_what_to_give(store, store_url):
    store_network(store)
    bad = run_app("--store", store_url, "isolate", "P3", "--notify")
    assert bad.returncode == 2 and "no open repair on pipe P3" in bad.stderr and "--repair" in bad.stderr
    with store.session() as s:
        assert s.query(Notification).count() == 0
