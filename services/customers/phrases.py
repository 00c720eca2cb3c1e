"""Translated text of the customer services' reasons (context ``CustomerText`` in the catalogue).

Shared by the dock and the command line, as :mod:`services.printing.duty_text`
is for the duty figures: a :class:`~services.customers.errors.Reason` (or an
exception carrying one) becomes one sentence in the running language.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject

from gis.messages import Message, localise
from services.customers.errors import Reason
from services.printing.labels import code_list


class CustomerText(QObject):
    """Phrases for :data:`services.customers.errors.ENGLISH` codes."""

    def templates(self) -> dict[str, str]:
        """Translated templates by code (``str.format`` with named params)."""
        return {
            "no_file": self.tr("{file}: no such file"),
            "not_text": self.tr("{file}: neither UTF-8 nor GBK text"),
            "not_table": self.tr("{file}: not a CSV or XLSX file"),
            "unreadable": self.tr("{file}: cannot read: {detail}"),
            "no_rows": self.tr("{file}: no rows"),
            "mapping": self.tr("{file}: the column mapping does not fit the file: {detail}"),
            "no_column": self.tr("{file}: no column for {fields} (columns: {columns}); name it with --map {first}=COLUMN"),
            "missing_value": self.tr("{file}: row(s) {rows}: no {field}"),
            "not_understood": self.tr("{file}: row(s) {rows}: {field} not understood ({values})"),
            "duplicate": self.tr("{file}: row(s) {rows}: the same {field} appears twice"),
            "lonlat_range": self.tr("{file}: row(s) {rows}: longitude/latitude out of range"),
            "bad_period": self.tr("{file}: row(s) {rows}: period must be a month like 2026-07 or 202607"),
            "unknown_accounts": self.tr("{file}: row(s) {rows}: unknown account ({values})"),
            "negative_volume": self.tr("{file}: row(s) {rows}: negative volume"),
            "duplicate_read": self.tr("{file}: row(s) {rows}: the same account and period appear twice"),
            "ends_before_start": self.tr("{file}: row(s) {rows}: ends before it starts"),
            "unknown_import": self.tr("unknown customer import {kind}"),
            "install_for_verification": self.tr(
                "no verification date column: the install date stands for the first verification"),
            "unknown_step": self.tr("unknown step {step}"),
            "self_acceptance": self.tr("{person} {did} this job and cannot also accept it"),
            "no_application": self.tr("no connection application {code}"),
            "step_refused": self.tr("{code}: {reason}"),
            "unknown_ticket_kind": self.tr("unknown ticket kind {kind}"),
            "no_account": self.tr("no account {account}"),
            "no_ticket": self.tr("no ticket {code}"),
            "not_repair_ticket": self.tr("{code} is a {kind} ticket: only a repair ticket becomes an emergency repair"),
            "already_escalated": self.tr("{code} is already emergency repair {repair}"),
            "unknown_cause": self.tr("unknown cause {cause}"),
            "unknown_freeze_kind": self.tr("unknown action {kind}"),
            "frozen": self.tr("{kind} is frozen during {event} ({starts} – {ends} UTC)"),
            "unknown_route_or_reader": self.tr("unknown route {route} or reader {reader}"),
            "unknown_setting": self.tr("unknown customer setting {key}"),
            "setting_syntax": self.tr("{text}: expected KEY=VALUE"),
            "setting_whole_number": self.tr("{key}: {value} is not a whole number from {low} to {high}"),
            "setting_positive": self.tr("{key}: {value} is not a number above 0 and at most {high}"),
            "setting_action": self.tr("{key}: {value} must be replace or verify"),
            "setting_dn_range": self.tr("meter rule {rule}: smallest DN {low} is above largest DN {high}"),
        }

    def words(self) -> dict[str, str]:
        """Translated words that appear as parameters (fields, kinds, steps)."""
        return {
            "account number": self.tr("account number"), "meter number": self.tr("meter number"),
            "category": self.tr("category"), "status": self.tr("status"), "volume": self.tr("volume"),
            "route": self.tr("route"), "reader": self.tr("reader"), "start date": self.tr("start date"),
            "duty": self.tr("duty"), "application number": self.tr("application number"),
            "person": self.tr("person"), "step": self.tr("step"), "ticket number": self.tr("ticket number"),
            "ticket kind": self.tr("ticket kind"),
            "designed": self.tr("designed"), "built": self.tr("built"),
            "arrears_chasing": self.tr("arrears chasing"),
            "treatment_process_change": self.tr("treatment process change"),
            "planned_shutdown": self.tr("planned shutdown"),
            "enquiry": self.tr("enquiry"), "repair": self.tr("repair"), "meter_removal": self.tr("meter removal"),
            "meter_check": self.tr("meter check"),
            "survey_design": self.tr("survey and design"), "budget": self.tr("budget"),
            "contract": self.tr("contract"), "construction": self.tr("construction"),
            "acceptance": self.tr("acceptance"),
            "vacant": self.tr("vacant"), "stopped_meter": self.tr("stopped meter"),
            "suspected_bypass": self.tr("suspected bypass"), "not_registered": self.tr("not yet registered"),
        }

    def reason(self, reason: Reason | Message | str) -> str:
        """One reason as a translated sentence.

        A :class:`gis.messages.Message` (the shared column converter's notes and
        mapping problems) is translated like every service message; a plain
        string passes through.
        """
        if isinstance(reason, Message):
            return localise(reason, lambda t: QCoreApplication.translate("ServiceMessages", t), codes=code_list)
        if not isinstance(reason, Reason):
            return str(reason)
        words = self.words()
        params = {k: (self.reason(v) if isinstance(v, (Reason, Message)) else words.get(str(v), str(v)))
                  for k, v in reason.params.items()}
        template = self.templates().get(reason.code)
        if template is None:
            return str(reason)
        return template.format(**params)

    def error(self, exc: BaseException) -> str | None:
        """The translated text of an exception carrying a reason, else None."""
        reason = getattr(exc, "reason", None)
        return self.reason(reason) if isinstance(reason, Reason) else None


def phrase(value: Reason | Message | BaseException | str) -> str:
    """Translated text of a reason, an exception carrying one, or a string (unchanged)."""
    text = CustomerText()
    if isinstance(value, BaseException):
        return text.error(value) or str(value)
    return text.reason(value)
