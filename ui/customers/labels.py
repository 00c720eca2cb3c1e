"""Words the customer dock shows for the stored codes (so a Chinese screen shows no code)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def category(code: str | None) -> str:
    """Account category."""
    return {"household": QCoreApplication.translate("CustomerLabels", "household"), "business": QCoreApplication.translate("CustomerLabels", "business"), "large": QCoreApplication.translate("CustomerLabels", "large user"),
            "important": QCoreApplication.translate("CustomerLabels", "important user")}.get(code or "", code or "")


def action(code: str | None) -> str:
    """Meter action."""
    return {"replace": QCoreApplication.translate("CustomerLabels", "replace"), "verify": QCoreApplication.translate("CustomerLabels", "verify")}.get(code or "", code or "")


def zero_kind(code: str | None) -> str:
    """Why a user is listed as zero volume."""
    return {"zero_reads": QCoreApplication.translate("CustomerLabels", "read at zero"), "no_reads": QCoreApplication.translate("CustomerLabels", "not read"),
            "new_connection": QCoreApplication.translate("CustomerLabels", "new connection, awaiting first read")}.get(code or "", code or "")


CAUSES = ("vacant", "stopped_meter", "suspected_bypass", "not_registered")


def cause(code: str | None) -> str:
    """Zero-volume cause."""
    return {"vacant": QCoreApplication.translate("CustomerLabels", "vacant"), "stopped_meter": QCoreApplication.translate("CustomerLabels", "stopped meter"), "suspected_bypass": QCoreApplication.translate("CustomerLabels", "suspected bypass"),
            "not_registered": QCoreApplication.translate("CustomerLabels", "not yet registered")}.get(code or "", code or "")


def step(code: str | None) -> str:
    """Connection step."""
    return {"survey_design": QCoreApplication.translate("CustomerLabels", "survey and design"), "budget": QCoreApplication.translate("CustomerLabels", "budget"), "contract": QCoreApplication.translate("CustomerLabels", "contract"),
            "construction": QCoreApplication.translate("CustomerLabels", "construction"), "acceptance": QCoreApplication.translate("CustomerLabels", "acceptance"), "done": QCoreApplication.translate("CustomerLabels", "done")}.get(
        code or "", code or "")


def ticket_kind(code: str | None) -> str:
    """Ticket kind."""
    return {"enquiry": QCoreApplication.translate("CustomerLabels", "enquiry"), "repair": QCoreApplication.translate("CustomerLabels", "repair"), "meter_removal": QCoreApplication.translate("CustomerLabels", "meter removal"),
            "meter_check": QCoreApplication.translate("CustomerLabels", "meter check")}.get(code or "", code or "")


def status(code: str | None) -> str:
    """Ticket / case / application status."""
    return {"open": QCoreApplication.translate("CustomerLabels", "open"), "responded": QCoreApplication.translate("CustomerLabels", "responded"), "closed": QCoreApplication.translate("CustomerLabels", "closed"), "escalated": QCoreApplication.translate("CustomerLabels", "emergency repair"),
            "accepted": QCoreApplication.translate("CustomerLabels", "accepted"), "active": QCoreApplication.translate("CustomerLabels", "active")}.get(code or "", code or "")


def yes(value: object) -> str:
    """A flag as a word ('' when false)."""
    return QCoreApplication.translate("CustomerLabels", "yes") if bool(value) else ""
