"""The event: create it, show it, edit it (shared by ``python app.py event`` and the desk's wizard)."""

from services.event.event import (
    EventError,
    EventFields,
    create_event,
    data_extent,
    edit_event,
    event_summary,
    parse_local,
    suggest_crs,
    validate_fields,
)

__all__ = [
    "EventError", "EventFields", "create_event", "data_extent", "edit_event", "event_summary",
    "parse_local", "suggest_crs", "validate_fields",
]
