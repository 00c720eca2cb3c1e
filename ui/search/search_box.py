"""The desk's search field (Ctrl+F): find a pipe, valve, hydrant, place, street, team, vehicle or repair.

It sits at the right end of the main toolbar. Typing lists the best matches
(:func:`gis.search.search`) in a popup; choosing one (or Enter for the first)
zooms the map to it and selects it. The entries come from the map's layers (a
:class:`gis.search.SearchTable` per layer, rebuilt only for a layer whose data
changed) and the store's teams and vehicles, rebuilt when the store changes.
Focusing the field builds them on a worker thread (a city's pipes: about a
second), so the first keystroke finds them ready.
"""

from __future__ import annotations

import threading
import weakref

from PySide6.QtCore import QCoreApplication, QStringListModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCompleter, QLineEdit, QMainWindow, QSizePolicy, QWidget

from gis.map_prep import FeatureData
from gis.search import SearchEntry, SearchTable, feature_table, point_entry, search, street_table

#: Layer name → (kind, code column, name column, Chinese name column, detail column).
LAYER_SOURCES = {
    "repairs": ("repair", "code", None, None, "address"),
    "venues": ("place", "code", "name", "name_zh", None),
    "residences": ("place", "code", "name", "name_zh", None),
    "key_units": ("place", "code", "name", "name_zh", None),
    "users": ("user", "code", "name", "name_zh", None),
    "valves": ("valve", "code", None, None, None),
    "pipes": ("pipe", "code", None, None, "street"),
    "routes": ("route", "code", "name", "name_zh", None),
    "key_roads": ("route", "code", "name", "name_zh", None),
    "key_areas": ("area", "code", "name", "name_zh", None),
    "sites": ("area", "code", "name", "name_zh", None),
    "hydrants": ("hydrant", "code", None, None, None),
    "patches": ("patch", "code", "name", None, None),
}
#: Half-size of the box shown around a point found (m).
POINT_HALF_M = 150.0


def kind_title(kind: str) -> str:
    """A kind of search result in the UI language."""
    return {"repair": QCoreApplication.translate("SearchBox", "Repair"), "vehicle": QCoreApplication.translate("SearchBox", "Vehicle"),
            "team": QCoreApplication.translate("SearchBox", "Team"), "place": QCoreApplication.translate("SearchBox", "Place"),
            "user": QCoreApplication.translate("SearchBox", "Important user"), "valve": QCoreApplication.translate("SearchBox", "Valve"),
            "pipe": QCoreApplication.translate("SearchBox", "Pipe"), "street": QCoreApplication.translate("SearchBox", "Street"),
            "route": QCoreApplication.translate("SearchBox", "Route"), "area": QCoreApplication.translate("SearchBox", "Area"),
            "hydrant": QCoreApplication.translate("SearchBox", "Hydrant"), "patch": QCoreApplication.translate("SearchBox", "Patrol patch")}.get(kind, kind)


class SearchBox(QLineEdit):
    """The search field and its popup of matches."""

    def __init__(self, window: QMainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.window = window
        self.zh = getattr(window, "lang", "en").startswith("zh")
        self.setObjectName("searchBox")
        self.setClearButtonEnabled(True)
        self.setPlaceholderText(self.tr("Find pipe, valve, street, place, team, vehicle… (Ctrl+F)"))
        self.setToolTip(self.tr("Find by code or name; Enter zooms the map to the first match"))
        self.setMinimumWidth(260)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._entries: list[SearchEntry | SearchTable] | None = None
        #: Each layer's table with (a weak reference to) the data it was built from.
        self._tables: dict[str, tuple[weakref.ref, SearchTable]] = {}
        self._lock = threading.Lock()
        self._prebuild: threading.Thread | None = None
        self._teams: list[dict] = []
        self._vehicles: list[dict] = []
        self.results: list[SearchEntry] = []
        self._by_text: dict[str, SearchEntry] = {}
        self.model = QStringListModel(self)
        self.completer = QCompleter(self.model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(14)
        self.completer.setWidget(self)
        self.completer.activated[str].connect(self.choose_text)
        self.textEdited.connect(self.update_results)
        self.returnPressed.connect(self.choose_first)
        self.shortcut = QShortcut(QKeySequence.StandardKey.Find, window)
        self.shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.shortcut.activated.connect(self.focus_search)

    # -- the index ------------------------------------------------------------------------
    def invalidate(self, *_args) -> None:
        """The store changed: rebuild the entries at the next search (a layer's table only if its data changed)."""
        self._entries = None

    def entries(self) -> list[SearchEntry | SearchTable]:
        """Everything findable: the layers (built once, then after each store change) and what moves."""
        with self._lock:  # a build started on focus finishes first (no second one)
            if self._entries is None:
                self._entries = self._build()
            entries = self._entries
        return entries + self._moving()

    def prebuild(self) -> None:
        """Build the entries on a worker thread now (the field got focus), unless they are there."""
        if self._entries is not None or (self._prebuild is not None and self._prebuild.is_alive()):
            return

        def work() -> None:
            with self._lock:
                if self._entries is None:
                    self._entries = self._build()

        self._prebuild = threading.Thread(target=work, name="search-index", daemon=True)
        self._prebuild.start()

    def focusInEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().focusInEvent(event)
        self.prebuild()

    def _table(self, name: str, layer, build) -> SearchTable:
        """The layer's table, built again only when its data object changed."""
        kept = self._tables.get(name)
        if kept is not None and kept[0]() is layer.data:
            return kept[1]
        table = build()
        self._tables[name] = (weakref.ref(layer.data), table)
        return table

    def _moving(self) -> list[SearchEntry]:
        """Vehicles where they are now; teams without a patch on the map where their last fix is."""
        out = []
        feed = getattr(getattr(self.window, "repairs", None), "feed", None)
        now = {v.code: (v.lon, v.lat) for v in (getattr(feed, "vehicles", {}) or {}).values()
               if v.lon is not None and v.lat is not None}
        projector = self.window.map.projector
        for v in self._vehicles:
            lon, lat = now.get(v["code"], (v["lon"], v["lat"]))  # live, else last stored / depot
            if lon is None or lat is None:
                continue
            x, y = projector.to_local(lon, lat)
            out.append(point_entry("vehicle", v["code"], v["name"], v["name_zh"], float(x), float(y),
                                   detail=" ".join(filter(None, (v["plate"], v["device_id"])))))
        live = self.window.map.layers.get("live")
        if live is None or not hasattr(live.data, "ids"):
            return out
        xy = {str(d): (float(x), float(y)) for d, x, y in zip(live.data.ids, live.data.x, live.data.y)}
        # A team whose patch is not on the map (no plan yet, or the plan made after the list was
        # read) is found where its last fix is, like a team without a patch.
        patches = self.window.map.layers.get("patches")
        drawn = {int(i) for i in patches.data.ids} if patches is not None and \
            isinstance(patches.data, FeatureData) else set()
        for t in self._teams:
            if (t["patch_id"] is None or int(t["patch_id"]) not in drawn) and t["device_id"] in xy:
                out.append(point_entry("team", t["code"], t["name"], t["name_zh"], *xy[t["device_id"]],
                                       detail=t["leader"]))
        return out

    def _build(self) -> list[SearchEntry | SearchTable]:
        """The findable objects (any thread: reads the layers' data and the store, never a widget)."""
        layers = self.window.map.layers
        out: list[SearchEntry | SearchTable] = []
        # A layer gone from the map (or emptied) takes its table with it.
        self._tables = {n: t for n, t in self._tables.items() if n in layers and t[0]() is layers[n].data}
        for name, (kind, code, nm, zh, detail) in LAYER_SOURCES.items():
            layer = layers.get(name)
            if layer is None or not isinstance(layer.data, FeatureData) or len(layer.data) == 0:
                continue
            d = layer.data
            out.append(self._table(name, layer, lambda: feature_table(kind, name, d.ids, d.geoms, d.attrs, code, nm,
                                                                        zh, detail)))
        streets = layers.get("basemap_streets")
        if streets is not None and isinstance(streets.data, FeatureData) and "name" in streets.data.attrs:
            d = streets.data
            out.append(self._table("basemap_streets", streets,
                                   lambda: street_table(d.attrs["name"].to_numpy(), d.geoms)))
        from services.search.movers import team_rows, vehicle_rows

        with self.window.store.session() as s:
            self._teams, self._vehicles = team_rows(s), vehicle_rows(s)
        patches = layers.get("patches")
        rows = {int(i): k for k, i in enumerate(patches.data.ids)} if patches is not None and \
            isinstance(patches.data, FeatureData) else {}
        for t in self._teams:
            k = rows.get(t["patch_id"]) if t["patch_id"] is not None else None
            if k is not None:
                b = patches.data.geoms[k].bounds
                out.append(SearchEntry("team", t["code"], t["name"], t["name_zh"], tuple(float(v) for v in b),
                                       "patches", int(patches.data.ids[k]), t["leader"]))
        return out

    # -- typing and choosing -----------------------------------------------------------------
    def label(self, e: SearchEntry) -> str:
        """How a match reads in the popup: kind, code, name, detail."""
        parts = [kind_title(e.kind), e.code]
        name = e.text(self.zh)
        if name and name != e.code:
            parts.append(name)
        if e.detail and e.kind in ("pipe", "repair", "vehicle", "team"):
            parts.append(f"({e.detail})")
        return " ".join(p for p in parts if p)

    def update_results(self, text: str) -> list[SearchEntry]:
        """Search for ``text`` and show the matches."""
        self.results = search(self.entries(), text)
        labels = []
        self._by_text = {}
        for e in self.results:
            label = self.label(e)
            while label in self._by_text:  # two streets' pieces, two pipes on one street…
                label += " "
            self._by_text[label] = e
            labels.append(label)
        self.model.setStringList(labels)
        if labels and self.hasFocus():
            self.completer.complete()
        return self.results

    def choose_text(self, text: str) -> None:
        """A match was chosen in the popup."""
        e = self._by_text.get(text)
        if e is not None:
            self.show_entry(e)

    def choose_first(self) -> None:
        """Enter: the match highlighted in the popup, else the best one (searching first if needed)."""
        popup = self.completer.popup()
        results = self.results or self.update_results(self.text())
        index = popup.currentIndex() if popup.isVisible() else None
        chosen = self._by_text.get(index.data()) if index is not None and index.isValid() else None
        chosen = chosen or (results[0] if results else None)
        popup.hide()
        if chosen is not None:
            self.show_entry(chosen)

    def show_entry(self, e: SearchEntry) -> None:
        """Zoom the map to a match and select it."""
        canvas = self.window.map.canvas
        xmin, ymin, xmax, ymax = e.bounds
        cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
        half = max(xmax - xmin, ymax - ymin, 2 * POINT_HALF_M) / 2
        canvas.set_extent(cx - half, cy - half, cx + half, cy + half, margin=0.15)
        layer = self.window.map.layers.get(e.layer) if e.layer else None
        if layer is not None and isinstance(layer.data, FeatureData) and e.fid is not None:
            import numpy as np

            rows = np.nonzero(layer.data.ids == e.fid)[0]
            canvas.selection = {e.layer: rows}
        else:
            canvas.selection = {}
        live = self.window.map.layers.get("live")
        if e.kind == "vehicle" and live is not None and hasattr(live.data, "selected"):
            feed = getattr(getattr(self.window, "repairs", None), "feed", None)
            vehicles = getattr(feed, "vehicles", {}) if feed is not None else {}
            device = next((d for d, r in vehicles.items() if getattr(r, "code", None) == e.code), None)
            if device is not None:
                live.data.selected = device
        canvas.update()
        self.window.statusBar().showMessage(self.tr("Found: {0}").format(self.label(e)), 8000)

    def focus_search(self) -> None:
        """Ctrl+F: into the field, its text selected (the toolbar shown if it was hidden)."""
        toolbar = getattr(self.window, "main_toolbar", None)
        if toolbar is not None and not toolbar.isVisible():
            toolbar.show()
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.selectAll()


def install_search(window: QMainWindow) -> SearchBox:
    """Put the search field at the right end of the main toolbar; rebuild its index on store changes."""
    box = SearchBox(window)
    toolbar = getattr(window, "main_toolbar", None)
    if toolbar is not None:
        spacer = QWidget(toolbar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        toolbar.addWidget(box)
    views = getattr(window, "store_views", None)
    if views is not None:
        views.add("search-index", None, box.invalidate)
    repairs = getattr(window, "repairs", None)
    if repairs is not None:
        repairs.desk.repairs_changed.connect(box.invalidate)
    return box
