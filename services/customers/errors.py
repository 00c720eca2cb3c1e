"""Reasons the customer services refuse something, as a code and its parameters.

The services never phrase a message for a person: they raise (or return) a
:class:`Reason` with a ``code`` and ``params``; :mod:`services.customers.phrases`
turns it into translated text for the dock and the command line. ``str()`` of
a reason is the English text, for logs and ``--json`` payloads.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: English templates by code (``str.format`` with the params); the translated ones are in phrases.py.
ENGLISH: dict[str, str] = {
    "no_file": "{file}: no such file",
    "not_text": "{file}: neither UTF-8 nor GBK text",
    "not_table": "{file}: not a CSV or XLSX file",
    "unreadable": "{file}: cannot read: {detail}",
    "no_rows": "{file}: no rows",
    "mapping": "{file}: {detail}",
    "no_column": "{file}: no column for {fields} (columns: {columns}); name it with --map {first}=COLUMN",
    "missing_value": "{file}: row(s) {rows}: no {field}",
    "not_understood": "{file}: row(s) {rows}: {field} not understood ({values})",
    "duplicate": "{file}: row(s) {rows}: the same {field} appears twice",
    "lonlat_range": "{file}: row(s) {rows}: longitude/latitude out of range",
    "bad_period": "{file}: row(s) {rows}: period must be a month like 2026-07 or 202607",
    "unknown_accounts": "{file}: row(s) {rows}: unknown account ({values})",
    "negative_volume": "{file}: row(s) {rows}: negative volume",
    "duplicate_read": "{file}: row(s) {rows}: the same account and period appear twice",
    "ends_before_start": "{file}: row(s) {rows}: ends before it starts",
    "unknown_import": "unknown customer import {kind}",
    "install_for_verification": "no verification date column: the install date stands for the first verification",
    "unknown_step": "unknown step {step}",
    "self_acceptance": "{person} {did} this job and cannot also accept it",
    "no_application": "no connection application {code}",
    "step_refused": "{code}: {reason}",
    "unknown_ticket_kind": "unknown ticket kind {kind}",
    "no_account": "no account {account}",
    "no_ticket": "no ticket {code}",
    "not_repair_ticket": "{code} is a {kind} ticket: only a repair ticket becomes an emergency repair",
    "already_escalated": "{code} is already emergency repair {repair}",
    "unknown_cause": "unknown cause {cause}",
    "unknown_freeze_kind": "unknown action {kind}",
    "frozen": "{kind} is frozen during {event} ({starts} – {ends} UTC)",
    "unknown_route_or_reader": "unknown route {route} or reader {reader}",
    "unknown_setting": "unknown customer setting {key}",
    "setting_syntax": "{text}: expected KEY=VALUE",
    "setting_whole_number": "{key}: {value} is not a whole number from {low} to {high}",
    "setting_positive": "{key}: {value} is not a number above 0 and at most {high}",
    "setting_action": "{key}: {value} must be replace or verify",
    "setting_dn_range": "meter rule {rule}: smallest DN {low} is above largest DN {high}",
}

#: Codes that appear as parameters, in English words.
ENGLISH_WORDS: dict[str, str] = {"arrears_chasing": "arrears chasing",
                                 "treatment_process_change": "treatment process change",
                                 "meter_removal": "meter removal", "meter_check": "meter check"}


@dataclass(frozen=True)
class Reason:
    """Why something was refused: a code of :data:`ENGLISH` and its parameters."""

    code: str
    params: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return ENGLISH.get(self.code, self.code).format(
            **{k: ENGLISH_WORDS.get(str(v), str(v)) for k, v in self.params.items()})

    def as_dict(self) -> dict:
        """JSON-ready: code, params and the English text."""
        return {"code": self.code, "params": {k: str(v) for k, v in self.params.items()}, "text": str(self)}


class CustomerError(ValueError):
    """A customer-service refusal carrying a :class:`Reason` (``.code``, ``.params``)."""

    def __init__(self, code: str | Reason, /, **params) -> None:
        self.reason = code if isinstance(code, Reason) else Reason(code, params)
        super().__init__(str(self.reason))

    @property
    def code(self) -> str:
        """The reason's code."""
        return self.reason.code

    @property
    def params(self) -> dict:
        """The reason's parameters."""
        return self.reason.params
