"""Translating the services' :class:`gis.messages.Message` texts (Qt context ``ServiceMessages``).

:func:`_catalogue` lists every template literally so that lupdate finds them;
:func:`tr_message` translates any message at run time.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from gis.messages import localise
from services.printing.labels import code_list


def tr_message(text) -> str:
    """``text`` in the interface language (a Message's template translated, else as it is)."""
    return localise(text, lambda t: QCoreApplication.translate("ServiceMessages", t), codes=code_list)


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
        QCoreApplication.translate("ServiceMessages", "--crs {crs} used, as for this file before"),
        QCoreApplication.translate("ServiceMessages", "US units ({units}): diameters converted from inches, lengths and elevations from feet"),
        QCoreApplication.translate("ServiceMessages", "attribute text does not decode as UTF-8; decoded as {enc}"),
        QCoreApplication.translate("ServiceMessages", "attribute text does not decode as its declared encoding; decoded as {enc}"),
        QCoreApplication.translate("ServiceMessages", "controls and rules not read ({error}); the network is complete"),
        QCoreApplication.translate("ServiceMessages", "dates in the future ({last}): receiver clock or GPS week rollover? kept as recorded"),
        QCoreApplication.translate("ServiceMessages", "diameters of {field} look like inches (max {max}); if so, import with --map diameter_mm={field}:in"),
        QCoreApplication.translate("ServiceMessages", "drivable OSM ways (highway=*) taken; footways and paths left out"),
        QCoreApplication.translate("ServiceMessages", "field {field} is not unique; codes generated instead"),
        QCoreApplication.translate("ServiceMessages", "name from {name}, class from {road_class}"),
        QCoreApplication.translate("ServiceMessages", "name from {name}; no class field: all roads at 25 km/h"),
        QCoreApplication.translate("ServiceMessages", "no CRS given; lon/lat columns read as WGS84 (EPSG:4326)"),
        QCoreApplication.translate("ServiceMessages", "no name field; class from {road_class}"),
        QCoreApplication.translate("ServiceMessages", "no name or class field: all roads at 25 km/h"),
        QCoreApplication.translate("ServiceMessages", "no track points; route points used"),
        QCoreApplication.translate("ServiceMessages", "no track points; waypoints used"),
        QCoreApplication.translate("ServiceMessages", "report slots: {slots}"),
        QCoreApplication.translate("ServiceMessages", "sentences not used for positions: {listed}"),
        QCoreApplication.translate("ServiceMessages", "the CRS is in US survey feet; if {field} is in feet, import with --map length_m={field}:ft"),
        QCoreApplication.translate("ServiceMessages", "the file declares {declared}; --crs {chosen} used instead"),
        QCoreApplication.translate("ServiceMessages", "the file has no CRS; {crs} used, as for this source before"),
        QCoreApplication.translate("ServiceMessages", "the file has no closing [END]; every section is complete, so it was read whole"),
        QCoreApplication.translate("ServiceMessages", "the file is not UTF-8; read as {enc}"),
        QCoreApplication.translate("ServiceMessages", "the pipes as drawn are {drawn}× the lengths the file gives them (the file's are {declared}× the drawn; median of {n} pipes): are the coordinates really in {crs}? (a drawing not to scale also does this); the file's lengths are kept"),
        QCoreApplication.translate("ServiceMessages", "this file was imported as {kind} on {when}: added again"),
        QCoreApplication.translate("ServiceMessages", "this file was imported as {kind} on {when}: replaced; {rows} rows of it removed"),
        QCoreApplication.translate("ServiceMessages", "{feature} (row {row}) lies at {lon}, {lat}, {km} km from the others: a wrong CRS or a stray point?"),
        QCoreApplication.translate("ServiceMessages", "{field} converted from {unit} to {to}"),
        QCoreApplication.translate("ServiceMessages", "--map {target}=…: no such field to fill; choose from {choices}"),
        QCoreApplication.translate("ServiceMessages", "--map {target}={name}: the file has no field '{name}' (fields: {columns})"),
        QCoreApplication.translate("ServiceMessages", "{file} was already imported as {kind} on {when} ({rows} rows, as {earlier}); nothing done. Use --on-repeat replace to replace that import, or --on-repeat add to import it again."),
        QCoreApplication.translate("ServiceMessages", "{n} clock time(s) like '6 AM' read as '6:00 AM'"),
        QCoreApplication.translate("ServiceMessages", "{n} fix(es) dated before the first GPS week rollover ({first}) moved forward {weeks} weeks to {moved} (receiver rollover bug)"),
        QCoreApplication.translate("ServiceMessages", "{n} invalid polygon(s) repaired with make_valid"),
        QCoreApplication.translate("ServiceMessages", "{n} multi-part line(s) split into their parts"),
        QCoreApplication.translate("ServiceMessages", "{n} of {total} fix(es) dated {years}, before GPS time began: refused, not stored"),
        QCoreApplication.translate("ServiceMessages", "{n} pipe(s) closed in the file's initial status (imported as pipes)"),
        QCoreApplication.translate("ServiceMessages", "{n} team shifts over the event's days"),
        QCoreApplication.translate("ServiceMessages", "{n} value(s) of {field} are not dates; left empty"),
        QCoreApplication.translate("ServiceMessages", "{n} value(s) of {field} are not numbers; left empty"),
        QCoreApplication.translate("ServiceMessages", "{n} value(s) of {field} longer than {length} characters were shortened"),
        QCoreApplication.translate("ServiceMessages", "{n} value(s) of {field} not understood as {target} ({values}); set to {fallback}"),
        QCoreApplication.translate("ServiceMessages", "{pipes} pipes, {valves} valves and {pumps} pumps (valves and pumps also stored as connector pipes), {tanks} tanks, {reservoirs} reservoirs, {nodes} nodes"),
        # The leak survey (services.leak_survey): refusals of a reading, notes of a logger import.
        QCoreApplication.translate("ServiceMessages", "source '{value}' is not one of {choices}"),
        QCoreApplication.translate("ServiceMessages", "no leak-survey point '{code}'"),
        QCoreApplication.translate("ServiceMessages", "taken {dist} m from point {code}: a reading must be taken at the point (within {max} m)"),
        QCoreApplication.translate("ServiceMessages", "no leak-survey points in the store"),
        QCoreApplication.translate("ServiceMessages", "no leak-survey point within {max} m of {lon}, {lat} (nearest: {code} at {dist} m)"),
        QCoreApplication.translate("ServiceMessages", "neither a point code nor a position"),
        QCoreApplication.translate("ServiceMessages", "no reading time"),
        QCoreApplication.translate("ServiceMessages", "reading time {time} is before 2000: the device's clock is not set"),
        QCoreApplication.translate("ServiceMessages", "reading time {time} is in the future"),
        QCoreApplication.translate("ServiceMessages", "noise level {value} dB is outside {low}–{high} dB"),
        QCoreApplication.translate("ServiceMessages", "verdict '{value}' is not one of {choices}"),
        QCoreApplication.translate("ServiceMessages", "a reading needs a noise level or a listening verdict"),
        QCoreApplication.translate("ServiceMessages", "a position needs both longitude and latitude"),
        QCoreApplication.translate("ServiceMessages", "{n} reading(s) already stored (the same point, time and logger): stored once"),
        QCoreApplication.translate("ServiceMessages", "readings for {days}"),
        QCoreApplication.translate("ServiceMessages", "leak-survey point '{code}' is no longer surveyed"),
        QCoreApplication.translate("ServiceMessages", "{n} value(s) of {field} not understood as {target} ({values}); left empty"),
    ]
