"""Translating the services' :class:`gis.messages.Message` texts (Qt context ``ServiceMessages``).

:func:`_catalogue` lists every template literally so that lupdate finds them;
:func:`tr_message` translates any message at run time.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from gis.messages import localise


def tr_message(text) -> str:
    """``text`` in the interface language (a Message's template translated, else as it is)."""
    return localise(text, lambda t: QCoreApplication.translate("ServiceMessages", t))


def _catalogue() -> list[str]:  # pragma: no cover - for lupdate
    return [
        QCoreApplication.translate("ServiceMessages", "'{value}' is already a device id in the store"),
        QCoreApplication.translate("ServiceMessages", "'{value}' is already in the store"),
        QCoreApplication.translate("ServiceMessages", "'{value}' is already in this file"),
        QCoreApplication.translate("ServiceMessages", "'{value}' is not 'longitude, latitude'"),
        QCoreApplication.translate("ServiceMessages", "'{value}' is not a date (YYYY-MM-DD)"),
        QCoreApplication.translate("ServiceMessages", "'{value}' is not a date and time (write e.g. 2026-06-01 08:00)"),
        QCoreApplication.translate("ServiceMessages", "'{value}' is not a number"),
        QCoreApplication.translate("ServiceMessages", "'{value}' is not a time of day (HH:MM)"),
        QCoreApplication.translate("ServiceMessages", "'{value}' is not a whole number"),
        QCoreApplication.translate("ServiceMessages", "'{value}' is not one of {choices}"),
        QCoreApplication.translate("ServiceMessages", "'{value}' is not yes or no"),
        QCoreApplication.translate("ServiceMessages", "'{value}' is outside longitude −180…180, latitude −90…90"),
        QCoreApplication.translate("ServiceMessages", "device '{value}' already belongs to another vehicle"),
        QCoreApplication.translate("ServiceMessages", "guard buffer {value} m is outside 0 … 10,000 m"),
        QCoreApplication.translate("ServiceMessages", "no '{person}' in team {team} (import staff first)"),
        QCoreApplication.translate("ServiceMessages", "no column for {en} / {zh} (headers: {headers})"),
        QCoreApplication.translate("ServiceMessages", "no team '{value}' (import teams first)"),
        QCoreApplication.translate("ServiceMessages", "no vehicle '{value}' (import vehicles first)"),
        QCoreApplication.translate("ServiceMessages", "no working CRS: give one (e.g. EPSG:32632) or import data first so one can be suggested"),
        QCoreApplication.translate("ServiceMessages", "shifts need the event's dates: create the event first"),
        QCoreApplication.translate("ServiceMessages", "the end ({end}) is not after the start ({start})"),
        QCoreApplication.translate("ServiceMessages", "the event needs a name"),
        QCoreApplication.translate("ServiceMessages", "the store has no event yet: create one first"),
        QCoreApplication.translate("ServiceMessages", "unknown CRS '{value}' (give e.g. EPSG:32632)"),
        QCoreApplication.translate("ServiceMessages", "unknown time zone '{value}' (write a name such as Asia/Shanghai or Europe/Monaco)"),
        QCoreApplication.translate("ServiceMessages", "{en} / {zh} is empty"),
        QCoreApplication.translate("ServiceMessages", "{value} ({name}) is not projected: analysis needs metres (use a UTM zone, e.g. EPSG:32632)"),
        QCoreApplication.translate("ServiceMessages", "{value} ({name}) measures in {units}, not metres"),
    ]
