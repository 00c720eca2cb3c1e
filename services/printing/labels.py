"""One label table per code list: what the store keeps as a code, as the user reads it.

The store keeps codes (``VENUE_GUARD``, ``residence``, ``excavator``, ``sent``,
``off_duty`` …); screens and papers show :func:`label` of them, through Qt's
catalogue (context ``Labels``), so a Chinese desk never shows a code of the
program's making. An unknown code is shown as it is (new data is not hidden).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _tables() -> dict[str, dict[str, str]]:
    return {
        "requirement": {
            "VENUE_GUARD": QCoreApplication.translate("Labels", "Venue guard patrol"),
            "STATIONED_POST": QCoreApplication.translate("Labels", "Stationed posts"),
            "PATCH": QCoreApplication.translate("Labels", "Patch patrol"),
            "KEY_PLACES": QCoreApplication.translate("Labels", "Key places patrol"),
            "LEAK_SURVEY": QCoreApplication.translate("Labels", "Leak survey"),
            "TRANSMISSION": QCoreApplication.translate("Labels", "Transmission mains patrol"),
        },
        "place_kind": {
            "venue": QCoreApplication.translate("Labels", "venue"), "residence": QCoreApplication.translate("Labels", "residence"),
            "key_unit": QCoreApplication.translate("Labels", "key unit"),
        },
        "user_category": {
            "hospital": QCoreApplication.translate("Labels", "hospital"), "venue": QCoreApplication.translate("Labels", "venue"),
            "residence": QCoreApplication.translate("Labels", "residence"), "government": QCoreApplication.translate("Labels", "government"),
            "school": QCoreApplication.translate("Labels", "school"), "industry": QCoreApplication.translate("Labels", "industry"), "other": QCoreApplication.translate("Labels", "other"),
        },
        "vehicle_kind": {
            "repair": QCoreApplication.translate("Labels", "repair vehicle"), "water_tanker": QCoreApplication.translate("Labels", "water tanker"),
            "command": QCoreApplication.translate("Labels", "command vehicle"),
            # The vehicles spreadsheet's words for the same kinds.
            "tanker": QCoreApplication.translate("Labels", "water tanker"),
            "patrol": QCoreApplication.translate("Labels", "patrol vehicle"),
        },
        "vehicle_status": {
            "available": QCoreApplication.translate("Labels", "available"), "en_route": QCoreApplication.translate("Labels", "en route"),
            "on_site": QCoreApplication.translate("Labels", "on site"), "returning": QCoreApplication.translate("Labels", "returning"),
            "off_duty": QCoreApplication.translate("Labels", "off duty"),
        },
        "machinery_kind": {
            "excavator": QCoreApplication.translate("Labels", "excavator"), "pump": QCoreApplication.translate("Labels", "pump"),
            "generator": QCoreApplication.translate("Labels", "generator"),
            "welder": QCoreApplication.translate("Labels", "welder"),
            "crane": QCoreApplication.translate("Labels", "crane"),
            "saw": QCoreApplication.translate("Labels", "saw"),
            "lighting": QCoreApplication.translate("Labels", "lighting"),
        },
        "part_kind": {
            "repair clamp": QCoreApplication.translate("Labels", "repair clamp"), "pipe section 6 m": QCoreApplication.translate("Labels", "pipe section 6 m"),
            "gate valve": QCoreApplication.translate("Labels", "gate valve"), "elbow 45°": QCoreApplication.translate("Labels", "elbow 45°"),
            "elbow 90°": QCoreApplication.translate("Labels", "elbow 90°"), "tee": QCoreApplication.translate("Labels", "tee"), "reducer": QCoreApplication.translate("Labels", "reducer"),
            "flange adaptor": QCoreApplication.translate("Labels", "flange adaptor"), "dismantling joint": QCoreApplication.translate("Labels", "dismantling joint"),
        },
        "outbox_status": {
            "queued": QCoreApplication.translate("Labels", "queued"), "pending": QCoreApplication.translate("Labels", "queued"), "sent": QCoreApplication.translate("Labels", "sent"),
            "failed": QCoreApplication.translate("Labels", "failed"),
        },
        "channel": {
            "log": QCoreApplication.translate("Labels", "log only"), "email": QCoreApplication.translate("Labels", "e-mail"), "sms": QCoreApplication.translate("Labels", "SMS"),
            "pending": QCoreApplication.translate("Labels", "not yet sent"),
        },
        "pipe_class": {"distribution": QCoreApplication.translate("Labels", "distribution main"), "transmission": QCoreApplication.translate("Labels", "transmission main"),
                       "service": QCoreApplication.translate("Labels", "service pipe")},
        "material": {"PE": QCoreApplication.translate("Labels", "PE"), "ductile_iron": QCoreApplication.translate("Labels", "ductile iron"), "cast_iron": QCoreApplication.translate("Labels", "cast iron"),
                     "steel": QCoreApplication.translate("Labels", "steel"), "PVC": QCoreApplication.translate("Labels", "PVC"), "concrete": QCoreApplication.translate("Labels", "concrete")},
        "valve_type": {"isolation": QCoreApplication.translate("Labels", "isolation valve"), "control": QCoreApplication.translate("Labels", "control valve"),
                       "air": QCoreApplication.translate("Labels", "air valve")},
        "feature_status": {"open": QCoreApplication.translate("Labels", "open"), "closed": QCoreApplication.translate("Labels", "closed"), "broken": QCoreApplication.translate("Labels", "broken"),
                           "inaccessible": QCoreApplication.translate("Labels", "inaccessible"), "active": QCoreApplication.translate("Labels", "active"), "planned": QCoreApplication.translate("Labels", "planned"),
                           "suspended": QCoreApplication.translate("Labels", "suspended"), "done": QCoreApplication.translate("Labels", "done")},
        "shift": {"day": QCoreApplication.translate("Labels", "day"), "night": QCoreApplication.translate("Labels", "night"),
                  "double": QCoreApplication.translate("Labels", "double shift")},
        "device_owner": {"vehicle": QCoreApplication.translate("Labels", "vehicle"),
                         "patroller": QCoreApplication.translate("Labels", "patroller")},
        "contact_group": {
            "important_user": QCoreApplication.translate("Labels", "important user"),
            "media": QCoreApplication.translate("Labels", "media"),
            "government": QCoreApplication.translate("Labels", "government"),
            "internal": QCoreApplication.translate("Labels", "internal"),
        },
        "language": {"zh_CN": QCoreApplication.translate("Labels", "Chinese"),
                     "en": QCoreApplication.translate("Labels", "English")},
        "field": {
            "id": QCoreApplication.translate("Labels", "ID"), "code": QCoreApplication.translate("Labels", "Code"), "name": QCoreApplication.translate("Labels", "Name"),
            "name_zh": QCoreApplication.translate("Labels", "Chinese name"), "kind": QCoreApplication.translate("Labels", "Kind"), "status": QCoreApplication.translate("Labels", "Status"),
            "diameter_mm": QCoreApplication.translate("Labels", "Diameter (mm)"), "material": QCoreApplication.translate("Labels", "Material"),
            "pipe_class": QCoreApplication.translate("Labels", "Pipe class"), "length_m": QCoreApplication.translate("Labels", "Length (m)"),
            "exposed": QCoreApplication.translate("Labels", "Exposed"), "from_node_id": QCoreApplication.translate("Labels", "From node"),
            "to_node_id": QCoreApplication.translate("Labels", "To node"), "street": QCoreApplication.translate("Labels", "Street"), "source": QCoreApplication.translate("Labels", "Source"),
            "valve_type": QCoreApplication.translate("Labels", "Valve type"), "node_id": QCoreApplication.translate("Labels", "Node"), "pipe_id": QCoreApplication.translate("Labels", "Pipe"),
            "event_id": QCoreApplication.translate("Labels", "Event"), "buffer_m": QCoreApplication.translate("Labels", "Guard buffer (m)"),
            "category": QCoreApplication.translate("Labels", "Category"), "contact": QCoreApplication.translate("Labels", "Contact"), "phone": QCoreApplication.translate("Labels", "Phone"),
            "priority": QCoreApplication.translate("Labels", "Priority"), "place_id": QCoreApplication.translate("Labels", "Place"),
            "contractor": QCoreApplication.translate("Labels", "Contractor"), "planned_start": QCoreApplication.translate("Labels", "Planned start"),
            "planned_end": QCoreApplication.translate("Labels", "Planned end"), "workload_km": QCoreApplication.translate("Labels", "Workload (km)"),
            "level": QCoreApplication.translate("Labels", "Level"), "address": QCoreApplication.translate("Labels", "Address"),
            "from_place_id": QCoreApplication.translate("Labels", "From place"), "to_place_id": QCoreApplication.translate("Labels", "To place"),
            "reporter": QCoreApplication.translate("Labels", "Reporter"), "note": QCoreApplication.translate("Labels", "Note"),
        },
        "hazard_category": {
            "leak": QCoreApplication.translate("Labels", "leak"),
            "water_on_road": QCoreApplication.translate("Labels", "water on the road"),
            "construction_near_main": QCoreApplication.translate("Labels", "construction near a main"),
            "damaged_cover": QCoreApplication.translate("Labels", "damaged manhole or valve cover"),
            "low_pressure": QCoreApplication.translate("Labels", "low pressure"),
            "other": QCoreApplication.translate("Labels", "other hazard"),
        },
        "hazard_status": {
            "new": QCoreApplication.translate("Labels", "new"),
            "repair": QCoreApplication.translate("Labels", "emergency repair"),
            "action_item": QCoreApplication.translate("Labels", "action item"),
            "closed": QCoreApplication.translate("Labels", "closed without action"),
        },
        "team_kind": {
            "patrol": QCoreApplication.translate("Labels", "patrol"), "venue_guard": QCoreApplication.translate("Labels", "venue guard"),
            "stationed": QCoreApplication.translate("Labels", "stationed post"),
            "guard": QCoreApplication.translate("Labels", "guard"),
            "repair": QCoreApplication.translate("Labels", "repair crew"),
            "leak_survey": QCoreApplication.translate("Labels", "leak survey"),
        },
        "leak_verdict": {
            "leak_suspected": QCoreApplication.translate("Labels", "leak suspected"),
            "no_leak": QCoreApplication.translate("Labels", "no leak"),
            "unclear": QCoreApplication.translate("Labels", "unclear"),
        },
        "leak_source": {
            "field": QCoreApplication.translate("Labels", "field page"),
            "logger": QCoreApplication.translate("Labels", "noise logger"),
            "desk": QCoreApplication.translate("Labels", "desk"),
        },
    }


def label(table: str, code: str | None) -> str:
    """``code`` of code list ``table`` in the UI language (the code itself when unknown)."""
    if code is None:
        return ""
    return _tables().get(table, {}).get(str(code), str(code))


def code_list(codes) -> str:
    """A :class:`gis.messages.Codes` (allowed values in a refusal) as words of its label table, in the UI language.

    Pass it as ``localise(..., codes=code_list)``: a Chinese message then lists 无漏、疑似漏水… not codes.
    """
    table = getattr(codes, "table", None)
    words = [label(table, c) if table else c for c in getattr(codes, "codes", (str(codes),))]
    return QCoreApplication.translate("Labels", ", ").join(words)


#: Identify: which code list an attribute's values come from.
VALUE_TABLES = {"pipe_class": "pipe_class", "material": "material", "valve_type": "valve_type",
                "status": "feature_status", "kind": "place_kind", "category": "user_category"}


def field_value(field: str, value) -> str:
    """An attribute value as Identify shows it: codes through their label table, yes/no for flags."""
    if value is None:
        return ""
    if isinstance(value, bool) or field == "exposed":
        return QCoreApplication.translate("Labels", "yes") if bool(value) else QCoreApplication.translate("Labels", "no")
    table = VALUE_TABLES.get(field)
    return label(table, str(value)) if table else str(value)


def part_kinds() -> list[str]:
    """The fitting kinds the table knows (the part labels on screens use them)."""
    return list(_tables()["part_kind"])


def patch_name(name: str | None, code: str | None) -> str:
    """A patch's name; the generated "Patch PP03" reads as the UI language's word for patch and the code."""
    if code and (not name or name == f"Patch {code}"):
        return QCoreApplication.translate("Labels", "Patch {0}").format(code)
    return name or code or ""
