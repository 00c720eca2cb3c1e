"""Words the customer dock shows for the stored codes (so a Chinese screen shows no code)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _t(text: str) -> str:
    return QCoreApplication.translate("CustomerLabels", text)


def category(code: str | None) -> str:
    """Account category."""
    return {"household": _t("household"), "business": _t("business"), "large": _t("large user"),
            "important": _t("important user")}.get(code or "", code or "")


def action(code: str | None) -> str:
    """Meter action."""
    return {"replace": _t("replace"), "verify": _t("verify")}.get(code or "", code or "")


def zero_kind(code: str | None) -> str:
    """Why a user is listed as zero volume."""
    return {"zero_reads": _t("read at zero"), "no_reads": _t("not read"),
            "new_connection": _t("new connection, awaiting first read")}.get(code or "", code or "")


CAUSES = ("vacant", "stopped_meter", "suspected_bypass", "not_registered")


def cause(code: str | None) -> str:
    """Zero-volume cause."""
    return {"vacant": _t("vacant"), "stopped_meter": _t("stopped meter"), "suspected_bypass": _t("suspected bypass"),
            "not_registered": _t("not yet registered")}.get(code or "", code or "")


def step(code: str | None) -> str:
    """Connection step."""
    return {"survey_design": _t("survey and design"), "budget": _t("budget"), "contract": _t("contract"),
            "construction": _t("construction"), "acceptance": _t("acceptance"), "done": _t("done")}.get(
        code or "", code or "")


def ticket_kind(code: str | None) -> str:
    """Ticket kind."""
    return {"enquiry": _t("enquiry"), "repair": _t("repair"), "meter_removal": _t("meter removal"),
            "meter_check": _t("meter check")}.get(code or "", code or "")


def status(code: str | None) -> str:
    """Ticket / case / application status."""
    return {"open": _t("open"), "responded": _t("responded"), "closed": _t("closed"), "escalated": _t("emergency repair"),
            "accepted": _t("accepted"), "active": _t("active")}.get(code or "", code or "")


def yes(value: object) -> str:
    """A flag as a word ('' when false)."""
    return _t("yes") if bool(value) else ""
