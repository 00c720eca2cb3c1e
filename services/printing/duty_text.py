"""Human text of the duty desk's figures, translated; shared by the docks and the meeting PDF."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject

from services.duty.desk import ItemView, MeetingStatus
from services.printing.labels import label


class DutyText(QObject):
    """Labels and status lines of the daily meeting (context ``DutyText`` in the catalogue)."""

    def category_label(self, category: str) -> str:
        """The name of a meeting category."""
        return {
            "repair_coordination": self.tr("Repair coordination"),
            "network_patrol": self.tr("Network patrol"),
            "safety": self.tr("Safety"),
            "staff_stability": self.tr("Staff stability"),
            "external_service": self.tr("External service"),
            "information_reporting": self.tr("Information reporting"),
        }.get(category, category)

    def limit_label(self, limit: str) -> str:
        """The name of one of the five time limits."""
        return {
            "dispatch": self.tr("dispatch"),
            "arrival": self.tr("arrival"),
            "isolation": self.tr("isolation"),
            "repair": self.tr("repair"),
            "restoration": self.tr("restoration"),
        }.get(limit, limit)

    def shift_label(self, shift: str) -> str:
        """Day or night shift."""
        return {"day": self.tr("day shift"), "night": self.tr("night shift")}.get(shift, shift)

    def item_status_label(self, item: ItemView) -> str:
        """Open / closed / overdue."""
        if item.status == "closed":
            return self.tr("closed")
        return self.tr("OVERDUE") if item.overdue else self.tr("open")

    def followup_status_label(self, status: str) -> str:
        """How a follow-up entry is shown."""
        return {"carried": self.tr("carried over"), "closed": self.tr("closed"),
                "open": self.tr("follow-up")}.get(status, status)

    def status_lines(self, status: MeetingStatus, category: str) -> list[str]:
        """The compiled status of one category, one line per fact."""
        lines: list[str] = []
        if category == "repair_coordination":
            lines.append(self.tr("Repairs: {0} ({1} open)").format(status.repairs_total, status.repairs_open))
            lines.append(self.tr("By level: {0}").format(
                ", ".join(f"{lv} {n}" for lv, n in status.repairs_by_level.items())))
            if not status.overruns:
                lines.append(self.tr("Time limits overrun: none"))
            for o in status.overruns:
                text = self.tr("Overrun: {0} (level {1}) {2} {3:.0f} min, target {4:.0f} min").format(
                    o.repair_code, o.level, self.limit_label(o.limit), o.elapsed_min, o.target_min)
                lines.append(text + (self.tr(" (still running)") if o.running else ""))
        elif category == "network_patrol":
            if status.coverage is None:
                lines.append(self.tr("No coverage data"))
            else:
                for c in status.coverage:
                    line = self.tr("{0}: coverage {1:.0%}").format(label("requirement", c.requirement), c.ratio)
                    if c.keypoint_rate is not None:
                        line += self.tr(", key points reached {0:.0%}").format(c.keypoint_rate)
                    lines.append(line)
            h = getattr(status, "hazards", None) or {}
            if h:
                lines.append(self.tr("Hazards found by patrol: {0} ({1} handled, {2} still new)").format(
                    h.get("found", 0), h.get("handled", 0), h.get("new", 0)))
                if h.get("new_earlier"):
                    lines.append(self.tr("Hazards of earlier days still new: {0}").format(h["new_earlier"]))
            leak = getattr(status, "leak_survey", None) or {}
            if leak.get("points_due"):
                line = self.tr("Leak survey: {0} of {1} points read").format(leak["points_read"], leak["points_due"])
                if leak.get("day_over"):
                    line += self.tr("; overdue: {0} points").format(len(leak.get("overdue") or ()))
                else:
                    line += self.tr("; still due today: {0} points").format(len(leak.get("unread") or ()))
                lines.append(line)
        elif category == "information_reporting":
            expected = status.report_units * len(status.report_slots)
            lines.append(self.tr("Zero reports received: {0} of {1} ({2} units × slots {3})").format(
                status.reports_received, expected, status.report_units, ", ".join(status.report_slots)))
            if status.reports_missing:
                lines.append(self.tr("Missing (alarm): {0}").format(
                    ", ".join(f"{u} {s}" for u, s in status.reports_missing)))
            else:
                lines.append(self.tr("Missing reports: none"))
            for unit, slot, text in status.report_incidents:
                lines.append(self.tr("Incident: {0} {1}: {2}").format(unit, slot, text))
        elif category == "staff_stability":
            if status.leaders:
                lines.append(self.tr("Leader on duty: {0}").format(
                    ", ".join(f"{self.shift_label(s)} {name}" for s, name in status.leaders)))
            else:
                lines.append(self.tr("Leader on duty: not on the roster"))
            lines.append(self.tr("Units on double shift: {0}").format(status.double_shift_units))
        elif category == "external_service":
            n = status.notifications
            lines.append(self.tr("Notifications today: {0} sent, {1} queued, {2} failed").format(
                n.get("sent", 0), n.get("queued", 0), n.get("failed", 0)))
            c = getattr(status, "customers", None) or {}
            if c:
                lines.append(self.tr("Meters overdue {0}, due within a month {1}; zero-volume users {2}").format(
                    c.get("meters_overdue", 0), c.get("meters_due_month", 0), c.get("zero_volume", 0)))
                lines.append(self.tr("Service tickets open {0}, past response time {1}; connection jobs late {2}")
                             .format(c.get("tickets_open", 0), c.get("tickets_overdue", 0),
                                     c.get("connections_overdue", 0)))
                lines.append(self.tr("Readers past tenure {0}; routes read and collected by one person {1}").format(
                    c.get("readers_past_tenure", 0), c.get("routes_self_collected", 0)))
        lines.append(self.tr("Open action items: {0} ({1} overdue)").format(
            status.items_open.get(category, 0), status.items_overdue.get(category, 0)))
        return lines

    @staticmethod
    def local(value: dt.datetime | None, tz: dt.tzinfo, fmt: str = "%Y-%m-%d %H:%M") -> str:
        """A UTC instant as local wall-clock text ('' for None)."""
        return "" if value is None else value.astimezone(tz).strftime(fmt)
