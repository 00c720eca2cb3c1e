"""The plan's reasons in the running language (context ``PlanReasonText`` in the catalogue).

:func:`gis.plan.assign_requirements` stores why each pipe, site and key point
is under a requirement as one English sentence ("within 100 m of residence
Hotel Residence"), the stored, language-neutral record that the export and
``plan --json`` carry. A screen or paper shows it through :func:`plan_reason`,
which recognises the planner's own sentences and says them in the running
language; the names in them (a venue's, a route's) are the utility's data and
stay as stored. A sentence it does not know (an older plan, a reason typed
elsewhere) passes through unchanged.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QObject

#: "within {m} of {kind} {name}" (gis.plan.by_features; {m} as gis.plan._fmt_m writes it).
_WITHIN = re.compile(r"^within (?P<m>[\d,]+(?:\.\d+)?) m of (?P<kind>venue|residence|key_unit|key unit|"
                     r"key area|construction site) (?P<name>.+)$")
_ALONG = re.compile(r"^along (?P<kind>motorcade route|key road) (?P<name>.+)$")


class PlanReasonText(QObject):
    """Translated templates and words of the planner's reasons."""

    def fixed(self) -> dict[str, str]:
        """Whole reasons without parameters."""
        return {
            "exposed segment of a transmission main": self.tr("exposed segment of a transmission main"),
            "exposed segment": self.tr("exposed segment"),
            "transmission main": self.tr("transmission main"),
            "patch patrol": self.tr("patch patrol"),
            "construction site next to a guarded venue or residence": self.tr(
                "construction site next to a guarded venue or residence"),
            "construction site": self.tr("construction site"),
            "set on the key point": self.tr("set on the key point"),
        }

    def within(self, kind: str, metres: str, name: str) -> str:
        """"within M m of KIND NAME"."""
        templates = {
            "venue": self.tr("within {m} m of venue {name}"),
            "residence": self.tr("within {m} m of residence {name}"),
            "key_unit": self.tr("within {m} m of key unit {name}"),  # the stored kind code
            "key unit": self.tr("within {m} m of key unit {name}"),
            "key area": self.tr("within {m} m of key area {name}"),
            "construction site": self.tr("within {m} m of construction site {name}"),
        }
        return templates[kind].format(m=metres, name=name)

    def along(self, kind: str, name: str) -> str:
        """"along KIND NAME"."""
        templates = {"motorcade route": self.tr("along motorcade route {name}"),
                     "key road": self.tr("along key road {name}")}
        return templates[kind].format(name=name)

    def reason(self, text: str) -> str:
        """One stored reason in the running language (unknown text unchanged)."""
        text = str(text or "")
        fixed = self.fixed().get(text)
        if fixed is not None:
            return fixed
        match = _WITHIN.match(text)
        if match:
            return self.within(match["kind"], match["m"], match["name"])
        match = _ALONG.match(text)
        if match:
            return self.along(match["kind"], match["name"])
        return text


def plan_reason(text: str) -> str:
    """A stored plan reason in the running language; see :class:`PlanReasonText`."""
    return PlanReasonText().reason(text)
