"""Default map styles (plain dicts) and the classifiers that pick a style class per feature.

A style's ``classes`` are listed bottom to top: a feature of a higher class is
drawn over a lower one (transmission mains over service pipes). Colours are
``#rrggbb`` or ``#rrggbbaa``; widths and sizes are in screen pixels.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# Widths of 1 px use Qt's fast antialiased cosmetic stroker; 0.8 or 1.2 px go through the
# general stroker and made the settled 1 km view ~20 % slower (tests/bench/render.py).
PIPE_CLASSES = [
    {"key": "service", "label": "Service pipe", "color": "#8fc1e3", "width": 1.0},
    {"key": "distribution", "label": "Distribution main < DN300", "color": "#2e86c1", "width": 1.0},
    {"key": "distribution_large", "label": "Distribution main ≥ DN300", "color": "#1f5fa0", "width": 2.0},
    {"key": "transmission", "label": "Transmission main", "color": "#c0392b", "width": 3.2},
    {"key": "exposed", "label": "Exposed transmission segment", "color": "#e67e22", "width": 4.0},
]

#: Colours per requirement rule (the most demanding one a pipe is under), shared by
#: the situation map and the zone sheets.
RULE_COLOURS = {
    "venue_guard": "#d7191c",
    "stationed_post": "#7b3294",
    "key_places": "#fdae61",
    "transmission": "#2b83ba",
    "patch": "#1a9641",
    "none": "#9e9e9e",
}

#: Default style per layer name; ``max_m_per_px`` hides a layer when zoomed out further.
DEFAULT_STYLES: dict[str, dict] = {
    "basemap_green": {"classes": [{"key": "green", "label": "Park / green", "color": "#cfe8c4",
                                   "fill": "#dcefd2"}]},
    "basemap_water": {"classes": [{"key": "water", "label": "Water", "color": "#9cc3e6", "fill": "#b9d7f0"}]},
    "basemap_buildings": {"classes": [{"key": "building", "label": "Building", "color": "#c9c0b6",
                                       "fill": "#e4ddd4"}], "max_m_per_px": 6.0},
    "basemap_streets": {"classes": [{"key": "street", "label": "Street", "color": "#d6d6d6", "width": 2.0}],
                        "label_max_m_per_px": 2.5, "label_color": "#555555"},
    "patches": {"classes": [{"key": f"patch{i}", "label": "Patrol patch", "color": c, "fill": c + "22"}
                            for i, c in enumerate(("#8e44ad", "#16a085", "#d35400", "#2c3e50", "#27ae60",
                                                   "#c0392b"))], "palette": True},
    "key_areas": {"classes": [{"key": "key_area", "label": "Key area", "color": "#d68910", "fill": "#f5b04122",
                               "width": 1.5, "dash": True}]},
    "sites": {"classes": [{"key": "site", "label": "Construction site", "color": "#a04000",
                           "fill": "#e67e2240", "width": 1.5, "dash": True}]},
    "residences": {"classes": [{"key": "residence", "label": "Residence perimeter", "color": "#7d3c98",
                                "fill": "#a569bd30", "width": 2.0}]},
    "venues": {"classes": [{"key": "venue", "label": "Venue perimeter", "color": "#b03a2e",
                            "fill": "#e74c3c30", "width": 2.5}]},
    "key_units": {"classes": [{"key": "key_unit", "label": "Key unit", "color": "#1a5276",
                               "fill": "#2980b930", "width": 1.5}]},
    "key_roads": {"classes": [{"key": "key_road", "label": "Key road", "color": "#f4d03f99", "width": 7.0}]},
    "pipes": {"classes": PIPE_CLASSES},
    "routes": {"classes": [{"key": "route", "label": "Motorcade route", "color": "#e91e63", "width": 3.0}],
               "arrows": True},
    "valves": {"classes": [{"key": "open", "label": "Valve", "color": "#117a65", "size": 6.0},
                           {"key": "closed", "label": "Valve (closed)", "color": "#cb4335", "size": 7.0}],
               "max_m_per_px": 1.5, "shape": "square"},
    "hydrants": {"classes": [{"key": "hydrant", "label": "Hydrant", "color": "#e74c3c", "size": 6.0}],
                 "max_m_per_px": 1.5},
    "users": {"classes": [{"key": "user", "label": "Important user", "color": "#f1c40f", "size": 10.0},
                          {"key": "hospital", "label": "Hospital", "color": "#e74c3c", "size": 11.0}],
              "labels": True},
}

#: Drawing order (bottom first).
LAYER_ORDER = ["basemap_green", "basemap_water", "basemap_buildings", "basemap_streets", "patches",
               "key_areas", "sites", "residences", "venues", "key_units", "key_roads", "pipes", "routes",
               "valves", "hydrants", "users"]

TITLES = {
    "basemap_green": "Green", "basemap_water": "Water", "basemap_buildings": "Buildings",
    "basemap_streets": "Streets", "patches": "Patrol patches", "key_areas": "Key areas",
    "sites": "Construction sites", "residences": "Residences", "venues": "Venues", "key_units": "Key units",
    "key_roads": "Key roads", "pipes": "Pipes", "routes": "Motorcade routes", "valves": "Valves",
    "hydrants": "Hydrants", "users": "Important users",
}


def pipe_codes(attrs: pd.DataFrame) -> np.ndarray:
    """Style class index per pipe from ``pipe_class``, ``diameter_mm`` and ``exposed``.

    Parameters
    ----------
    attrs
        Pipe attributes (missing columns count as distribution, unknown DN, not exposed).
    """
    n = len(attrs)
    klass = attrs["pipe_class"].astype(str).to_numpy() if "pipe_class" in attrs else np.full(n, "distribution")
    dn = pd.to_numeric(attrs["diameter_mm"], errors="coerce").fillna(0).to_numpy() if "diameter_mm" in attrs \
        else np.zeros(n)
    exposed = attrs["exposed"].fillna(False).astype(bool).to_numpy() if "exposed" in attrs else np.zeros(n, bool)
    codes = np.where(klass == "transmission", 3,
                     np.where(klass == "service", 0, np.where(dn >= 300, 2, 1)))
    return np.where(exposed & (klass == "transmission"), 4, codes).astype(np.int32)


def feature_codes(name: str, attrs: pd.DataFrame) -> np.ndarray:
    """Style class index per feature for layer ``name`` (0 when the layer has one class)."""
    n = len(attrs)
    if name == "pipes":
        return pipe_codes(attrs)
    if name == "valves" and "status" in attrs:
        return (attrs["status"].astype(str).to_numpy() == "closed").astype(np.int32)
    if name == "users" and "category" in attrs:
        return (attrs["category"].astype(str).to_numpy() == "hospital").astype(np.int32)
    if name == "patches":
        return (np.arange(n) % len(DEFAULT_STYLES["patches"]["classes"])).astype(np.int32)
    return np.zeros(n, dtype=np.int32)


#: Pipes coloured by patrol coverage; the class index is the state code of
#: :meth:`gis.patrol_session.PatrolSession.segment_states` (overdue drawn on top).
COVERAGE_STYLE: dict = {"classes": [
    {"key": "not_required", "label": "Not under a patrol requirement", "color": "#b9c3cc", "width": 1.0},
    {"key": "covered", "label": "Covered this round", "color": "#1e8449", "width": 2.0},
    {"key": "due", "label": "Due this round", "color": "#f39c12", "width": 2.0},
    {"key": "overdue", "label": "Overdue", "color": "#d62c1a", "width": 3.0},
]}

#: Replayed patrol tracks, one class per team kind (see :func:`track_codes`).
TRACK_KINDS = ("patrol", "venue_guard", "stationed", "other")
TRACK_STYLE: dict = {"classes": [
    {"key": "patrol", "label": "Patrol team track", "color": "#1565c0", "width": 2.0},
    {"key": "venue_guard", "label": "Venue guard track", "color": "#8e24aa", "width": 2.0},
    {"key": "stationed", "label": "Stationed post track", "color": "#ef6c00", "width": 2.0},
    {"key": "other", "label": "Other track", "color": "#455a64", "width": 2.0},
]}


def track_codes(kinds: np.ndarray) -> np.ndarray:
    """Style class per track from its team kind (``guard`` counts as venue guard)."""
    k = np.asarray(kinds, dtype=object)
    k = np.where(k == "guard", "venue_guard", k)
    return np.array([TRACK_KINDS.index(v) if v in TRACK_KINDS[:-1] else 3 for v in k], dtype=np.int32)


#: Repair level colours: desk symbols, the HTML map and the papers use this one table.
LEVEL_COLOURS = {"I": "#7b0000", "II": "#d7191c", "III": "#f46d43", "IV": "#fdae61", "V": "#4575b4"}
#: Repair vehicles on every map.
VEHICLE_COLOUR = "#d35400"
#: The things every map (desk, HTML map, zone sheet) shows, in legend order: ``(key, layer, English word)``.
#: The word is the desk legend's class label (catalogue context "Legend"); the colour is the desk
#: style's first class (:func:`shared_colour`).
SHARED_LEGEND = (
    ("venue", "venues", "Venue perimeter"),
    ("residence", "residences", "Residence perimeter"),
    ("key_area", "key_areas", "Key area"),
    ("site", "sites", "Construction site"),
    ("route", "routes", "Motorcade route"),
    ("user", "users", "Important user"),
    ("vehicle", None, "Repair vehicle"),
) + tuple((f"level_{lv}", None, f"Level {lv} repair") for lv in LEVEL_COLOURS)


def shared_colour(key: str) -> str:
    """The colour of a :data:`SHARED_LEGEND` entry (``#rrggbb``)."""
    if key.startswith("level_"):
        return LEVEL_COLOURS[key[len("level_"):]]
    if key == "vehicle":
        return VEHICLE_COLOUR
    layer = next(name for k, name, _ in SHARED_LEGEND if k == key)
    return DEFAULT_STYLES[layer]["classes"][0]["color"][:7]


def shared_word(key: str) -> str:
    """The English legend word of a :data:`SHARED_LEGEND` entry."""
    return next(word for k, _, word in SHARED_LEGEND if k == key)

