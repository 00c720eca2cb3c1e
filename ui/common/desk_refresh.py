"""Other desks' changes refresh this desk's views, each view at most every ~500 ms.

The main window's one :class:`~ui.common.store_watch.QtStoreWatch` reports batches of
changed rows; :class:`StoreViews` hands each view the tables it shows that
changed, through a :class:`~ui.common.store_watch.Throttle` per view, so a busy
store costs each view one refresh per interval and the last change is never
left out. Map layers reload one by one: a construction site drawn on another
desk reloads the sites layer only. The views a batch touches run one per
event-loop turn, not all in one go, so the GUI answers between them (a drill
changing repairs, vehicles and zero reports at once costs the longest view's
refresh, not their sum).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QTimer

from models.changes import Change
from ui.common.store_watch import QtStoreWatch, Throttle

#: Default throttle of a view (the issue: at most about twice a second).
INTERVAL_MS = 500

#: What each desk view shows (a change to any of these tables refreshes it).
SUMMARY_TABLES = frozenset({"pipes", "valves", "guarded_places", "vehicles"})
DUTY_TABLES = frozenset({
    "action_items", "action_followups", "meetings", "meeting_notes", "duty_shifts", "contacts", "reporting_units",
    "zero_reports", "repairs", "notifications", "important_users", "construction_sites", "guarded_places",
    "events", "settings", "segment_requirements",
})
ZERO_REPORT_TABLES = frozenset({"zero_reports", "reporting_units"})
RESOURCE_TABLES = frozenset({"spare_parts", "stock_movements", "machinery", "repairs"})
REPAIR_TABLES = frozenset({"repairs", "vehicles", "notifications", "valves"})


@dataclass
class _View:
    tables: frozenset[str] | None
    fn: Callable[[set[str]], None]
    throttle: Throttle | None = None
    pending: set[str] = field(default_factory=set)


class StoreViews(QObject):
    """Routes a store watch's changes to the views that show the changed tables."""

    def __init__(self, watch: QtStoreWatch, interval_ms: int = INTERVAL_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.watch = watch
        self.interval_ms = interval_ms
        self.views: dict[str, _View] = {}
        self._due: list[_View] = []
        self._stagger = QTimer(self, singleShot=True, interval=0)
        self._stagger.timeout.connect(self._next)
        watch.store_changed.connect(self._on_store_change)

    def add(self, name: str, tables: Iterable[str] | None, fn: Callable[[set[str]], None]) -> Throttle:
        """Refresh view ``name`` with ``fn(changed_tables)`` when any of ``tables`` (None: any) changes."""
        view = _View(None if tables is None else frozenset(tables), fn)
        view.throttle = Throttle(lambda: self._run(view), self.interval_ms, self)
        self.views[name] = view
        return view.throttle

    def remove(self, name: str) -> None:
        """Stop refreshing view ``name`` (its window closed)."""
        view = self.views.pop(name, None)
        if view is not None and view.throttle is not None:
            try:
                view.throttle.deleteLater()
            except RuntimeError:  # the desk closed first (the wall outlives it by a moment): already gone
                pass

    def _on_store_change(self, changes: list[Change]) -> None:
        tables = {c.table for c in changes}
        for view in list(self.views.values()):
            hit = tables if view.tables is None else tables & view.tables
            if hit:
                view.pending |= hit
                if view not in self._due:
                    self._due.append(view)
        if self._due and not self._stagger.isActive():
            self._stagger.start()

    def _next(self) -> None:
        """Ask the next due view for its refresh (one per event-loop turn)."""
        while self._due:
            view = self._due.pop(0)
            if view.throttle is not None and any(v is view for v in self.views.values()):
                view.throttle()
                break
        if self._due:
            self._stagger.start()

    @staticmethod
    def _run(view: _View) -> None:
        tables, view.pending = view.pending, set()
        view.fn(tables)


def reload_layers(map_ui, store, tables: set[str]) -> list[str]:
    """Reload the map layers drawn from ``tables`` (only those); returns their names."""
    from services.map.data import layers_of_table, store_layer_data

    names = [n for t in sorted(tables) for n in layers_of_table(t) if map_ui.layers.get(n) is not None]
    if not names:
        return []
    reloader = getattr(map_ui, "reloader", None)
    if reloader is not None:  # the desk's map: read on a worker, swapped in when read
        return reloader.request(names)
    with store.engine.connect() as conn:
        for name in names:
            map_ui.layers[name].data = store_layer_data(conn, name, map_ui.projector)
    return names


def install_store_views(window, watch: QtStoreWatch) -> StoreViews:
    """Connect the main window's views (summary, duty docks, map layers) to ``watch``."""
    from services.map.data import layers_of_table

    views = StoreViews(watch, parent=window)
    views.add("summary", SUMMARY_TABLES, lambda _t: window.refresh_summary())
    views.add("duty", DUTY_TABLES, window.duty_dock.refresh_from_store)
    views.add("zero_reports", ZERO_REPORT_TABLES, lambda _t: window.zero_reports_dock.refresh())
    views.add("resources", RESOURCE_TABLES, window.resources_dock.refresh_from_store)  # read off the GUI thread
    layer_tables = {t for t in _feature_tables() if layers_of_table(t)}
    views.add("layers", layer_tables, lambda tables: reload_layers(window.map, window.store, tables))
    repairs = window.iface.feature("repairs")
    if repairs is not None:  # the repair desk reloads itself from a batch of changes
        views.add("repairs", REPAIR_TABLES,
                  lambda tables: repairs.controller.on_store_changed([Change(t, None, "") for t in sorted(tables)]))
    hazards = window.iface.feature("hazards")
    if hazards is not None:  # a phone's report through the listener, or another desk handling one
        from ui.hazards.setup import HAZARD_TABLES

        views.add("hazards", HAZARD_TABLES, lambda _t: hazards.refresh())
    return views


def _feature_tables() -> set[str]:
    from models.kinds import FEATURE_KINDS

    return {k.table.name for k in FEATURE_KINDS.values()}
