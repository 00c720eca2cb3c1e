"""The services' refusals in the UI language, and the field each one is about.

The services (``models.*_service``, ``models.stock``, ``models.zero_reports``,
``gis.feeds``) raise plain English messages (the CLI prints them as they are).
:func:`translate_error` recognises the ones a desk user meets and returns them
through Qt's catalogue; :func:`error_field` names the input they are about, so
the desk can mark it. Anything unrecognised is returned unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication


def _patterns() -> list[tuple[re.Pattern, Callable[[re.Match], str], str | None]]:
    return [
        (re.compile(r"^An action item needs a problem description$"),
         lambda m: QCoreApplication.translate("ServiceErrors", "An action item needs a problem description"), "item_problem"),
        (re.compile(r"^A contact needs a name$"),
         lambda m: QCoreApplication.translate("ServiceErrors", "A contact needs a name"), "name_edit"),
        (re.compile(r"^Action item (\S+): a follow-up needs a text$"),
         lambda m: QCoreApplication.translate("ServiceErrors", "Action item {0}: a follow-up needs a text").format(m[1]), "followup_edit"),
        (re.compile(r"^Action item (\S+) is closed; reopen it to follow it up$"),
         lambda m: QCoreApplication.translate("ServiceErrors", "Action item {0} is closed; reopen it to follow it up").format(m[1]), None),
        (re.compile(r"^Action item (\S+) is already closed$"),
         lambda m: QCoreApplication.translate("ServiceErrors", "Action item {0} is already closed").format(m[1]), None),
        (re.compile(r"^The (\S+) shift of (\S+) needs a leader$"),
         lambda m: QCoreApplication.translate("ServiceErrors", "The {0} shift of {1} needs a leader").format(shift_title(m[1]), m[2]),
         "leader_edit"),
        (re.compile(r"^Unit (\S+), (\S+) (\S+): an incident report needs a description$"),
         lambda m: QCoreApplication.translate("ServiceErrors", "Unit {0}, {1} {2}: an incident report needs a description")
         .format(m[1], m[2], m[3]), None),
        (re.compile(r"^Only (\d+) of (.+) in stock; cannot take (\d+) for repair (\S+)$"),
         lambda m: QCoreApplication.translate("ServiceErrors", "Only {0} of {1} in stock; cannot take {2} for repair {3}")
         .format(m[1], part_text(m[2]), m[3], m[4]), "take_quantity"),
        (re.compile(r"^Take a positive number of (.+) \(got (.+)\)$"),
         lambda m: QCoreApplication.translate("ServiceErrors", "Take a positive number of {0} (got {1})").format(part_text(m[1]), m[2]),
         "take_quantity"),
        (re.compile(r"^Return a positive number of (.+) \(got (.+)\)$"),
         lambda m: QCoreApplication.translate("ServiceErrors", "Return a positive number of {0} (got {1})").format(part_text(m[1]), m[2]),
         None),
        (re.compile(r"^'?(.*?)'?: the port must be a number$"),
         lambda m: QCoreApplication.translate("ServiceErrors", "{0}: the port must be a number").format(m[1]), None),
        (re.compile(r"^'?(.*?)'?: the port must be in 0–65535$"),
         lambda m: QCoreApplication.translate("ServiceErrors", "{0}: the port must be in 0–65535").format(m[1]), None),
        (re.compile(r"^No action item with id (\d+)$"),
         lambda m: QCoreApplication.translate("ServiceErrors", "That action item no longer exists (another desk removed it)"), None),
        (re.compile(r"^No contact with id (\d+)$"),
         lambda m: QCoreApplication.translate("ServiceErrors", "That contact no longer exists (another desk removed it)"), None),
    ]


def shift_title(shift: str) -> str:
    """A shift code (day, night) in the UI language."""
    from services.printing.labels import label

    return label("shift", shift)


def part_text(text: str) -> str:
    """``kind DN200 @ store`` with the kind in the UI language."""
    from services.printing.labels import label, part_kinds

    kind = max((k for k in part_kinds() if text.startswith(k)), key=len, default=None)
    if kind is None:
        return text
    return label("part_kind", kind) + text[len(kind):]


def translate_error(message: str) -> str:
    """The service message in the UI language (unchanged when not recognised)."""
    for pattern, make, _field in _patterns():
        m = pattern.match(message.strip())
        if m:
            return make(m)
    return message


def error_field(message: str) -> str | None:
    """The attribute name of the input the message is about (None: no single field)."""
    for pattern, _make, field in _patterns():
        if pattern.match(message.strip()):
            return field
    return None
