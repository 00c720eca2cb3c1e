"""Repair information messages: templates (zh_CN / en), recipients by level, senders.

The outbox itself (queued :class:`models.repair.Notification` rows, delivery
status) lives in :mod:`services.repairs.records`; this module renders the text
and sends it. Senders are pluggable: :class:`SmtpSender` (smtplib) for e-mail,
:class:`LogSender` for a desk without a mail server (and for drills).
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from gis.repair_level import severity

log = logging.getLogger(__name__)

CATEGORIES = {
    "leak": ("leak", "漏水"),
    "burst": ("pipe burst", "爆管"),
    "low_pressure": ("low pressure", "水压不足"),
    "no_water": ("no water", "停水"),
    "water_quality": ("water quality", "水质异常"),
    "valve": ("valve fault", "阀门故障"),
    "hydrant": ("hydrant damage", "消火栓损坏"),
    "other": ("other", "其他"),
}

TEMPLATES: dict[str, dict[str, str]] = {
    "en": {
        "created": "[Level {level} repair] {code}: {category} at {where}",
        "raised": "[Level {level} repair — raised] {code}: {category} at {where}",
        "overrun": "[Level {level} repair — {limit} limit overrun] {code}",
        "body": (
            "Repair {code}, level {level}{reason}\n"
            "Category: {category}\n"
            "Location: {where}\n"
            "Reported: {reported}\n"
            "Caller: {caller}\n"
            "Description: {description}\n"
            "Status: {status}\n"
            "{extra}"
            "— WaterGuard repair desk"
        ),
        "reason": " ({reason})",
        "overrun_extra": "Overrun: the {limit} limit was due at {deadline}.\n",
        "unknown": "—",
    },
    "zh_CN": {
        "created": "【{level}级抢修】{code}：{where}{category}",
        "raised": "【{level}级抢修·升级】{code}：{where}{category}",
        "overrun": "【{level}级抢修·{limit}超时】{code}",
        "body": (
            "抢修编号：{code}，信息等级：{level}级{reason}\n"
            "类别：{category}\n"
            "地点：{where}\n"
            "报修时间：{reported}\n"
            "报修人：{caller}\n"
            "情况描述：{description}\n"
            "当前状态：{status}\n"
            "{extra}"
            "——WaterGuard 抢修调度台"
        ),
        "reason": "（{reason}）",
        "overrun_extra": "超时：{limit}时限应于 {deadline} 前完成。\n",
        "unknown": "—",
    },
}

LIMIT_NAMES = {
    "dispatch": ("dispatch", "派单"),
    "arrival": ("arrival", "到场"),
    "isolation": ("isolation", "关阀止水"),
    "repair": ("repair", "修复"),
    "restoration": ("restoration", "恢复"),
}
STATUS_NAMES = {
    "reported": ("reported", "已报修"),
    "dispatched": ("dispatched", "已派单"),
    "on_site": ("crew on site", "已到场"),
    "isolated": ("isolated", "已关阀"),
    "repaired": ("repaired", "已修复"),
    "restored": ("restored", "已恢复"),
    "cancelled": ("cancelled", "已取消"),
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang.startswith("zh") else pair[0]


def render(repair: Any, lang: str = "zh_CN", kind: str = "created", *, tz: str = "UTC",
           limit: str | None = None, deadline: dt.datetime | None = None) -> tuple[str, str]:
    """Subject and body of a repair message.

    Parameters
    ----------
    repair
        A :class:`models.repair.Repair` (or anything with its attributes).
    lang
        ``zh_CN`` or ``en``.
    kind
        ``created``, ``raised`` (level raised) or ``overrun`` (with ``limit`` and ``deadline``).
    tz
        Time zone for the times in the text (the event's).
    """
    lang = "zh_CN" if lang.startswith("zh") else "en"
    t = TEMPLATES[lang]
    zone = ZoneInfo(tz)

    def when(value: dt.datetime | None) -> str:
        if value is None:
            return t["unknown"]
        value = value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(zone).strftime("%Y-%m-%d %H:%M")

    where = repair.address or (
        f"{repair.lat:.5f}, {repair.lon:.5f}" if repair.lat is not None and repair.lon is not None else t["unknown"]
    )
    fields = {
        "code": repair.code,
        "level": repair.level,
        "category": _pick(CATEGORIES.get(repair.category, (repair.category, repair.category)), lang),
        "where": where,
        "reported": when(repair.reported_at),
        "caller": " ".join(x for x in (repair.caller, repair.phone) if x) or t["unknown"],
        "description": repair.description or t["unknown"],
        "status": _pick(STATUS_NAMES.get(repair.status, (repair.status, repair.status)), lang),
        "reason": t["reason"].format(reason=repair.level_reason) if repair.level_reason else "",
        "limit": _pick(LIMIT_NAMES.get(limit or "", (limit or "", limit or "")), lang),
        "extra": "",
    }
    if kind == "overrun":
        fields["extra"] = t["overrun_extra"].format(limit=fields["limit"], deadline=when(deadline))
    return t[kind].format(**fields), t["body"].format(**fields)


def is_recipient(contact_min_level: str, repair_level: str) -> bool:
    """Whether a contact told about levels down to ``contact_min_level`` hears of a ``repair_level`` repair."""
    return severity(repair_level) <= severity(contact_min_level)


@dataclass
class OutgoingMessage:
    """One message for one recipient, ready for a sender."""

    recipient: str
    address: str | None
    language: str
    subject: str
    body: str


class Sender(Protocol):
    """Sends one message or raises (the outbox records the error)."""

    channel: str

    def send(self, message: OutgoingMessage) -> None:
        """Send, or raise an exception saying why not."""


@dataclass
class LogSender:
    """Writes messages to the log (and keeps them): the sender when there is no mail server."""

    channel: str = "log"
    sent: list[OutgoingMessage] = field(default_factory=list)

    def send(self, message: OutgoingMessage) -> None:
        """Log the message."""
        log.info("repair information to %s <%s>: %s", message.recipient, message.address or "-", message.subject)
        self.sent.append(message)


@dataclass
class SmtpSender:
    """Sends e-mail through an SMTP server.

    Parameters
    ----------
    host, port
        The server.
    from_addr
        The sender address.
    username, password
        Credentials when the server wants a login.
    starttls
        Upgrade the connection with STARTTLS first.
    timeout
        Socket timeout, seconds.
    """

    host: str
    port: int = 25
    from_addr: str = "waterguard@localhost"
    username: str | None = None
    password: str | None = None
    starttls: bool = False
    timeout: float = 10.0
    channel: str = "email"

    def send(self, message: OutgoingMessage) -> None:
        """Send one e-mail (UTF-8, so Chinese subjects and bodies travel intact)."""
        if not message.address or "@" not in message.address:
            raise ValueError(f"{message.recipient}: no e-mail address")
        mail = EmailMessage()
        mail["From"] = self.from_addr
        mail["To"] = formataddr((message.recipient, message.address))
        mail["Subject"] = message.subject
        mail["Message-ID"] = make_msgid(domain="waterguard")
        mail["Content-Language"] = "zh-CN" if message.language.startswith("zh") else "en"
        mail.set_content(message.body)
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            if self.starttls:
                smtp.starttls()
            if self.username:
                smtp.login(self.username, self.password or "")
            smtp.send_message(mail)


def sender_from_config(config: Mapping[str, Any] | None) -> Sender:
    """A sender from a settings object: ``{"channel": "email", "host": …}`` or the log sender."""
    if config and config.get("channel") == "email" and config.get("host"):
        keys = ("host", "port", "from_addr", "username", "password", "starttls", "timeout")
        return SmtpSender(**{k: config[k] for k in keys if k in config})
    return LogSender()
