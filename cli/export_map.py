"""``python app.py export-map --out FILE.html``: the shareable situation map."""

from __future__ import annotations

import argparse
from pathlib import Path

from cli.context import CommandContext
from gis.map_styles import LEVEL_COLOURS, RULE_COLOURS, shared_colour
from gis.situation_map import MapLayerSpec, build_situation_map, save_situation_map
from models import bulk
from models.queries import open_repairs_frame, pipe_requirements, vehicles_frame
from services.printing.legend import level_word, rule_word, shared_entry

NAME = "export-map"
HELP = "write the situation map as one HTML file that opens offline"

#: Above this many pipes the network is drawn as pre-rendered image tiles (a city's 500k
#: pipes as GeoJSON are 215 MB that no browser draws).
VECTOR_PIPES_MAX = 30_000
#: Requirement rules whose pipes stay vectors (with popups) on a tiled network.
VECTOR_RULES = ("venue_guard", "stationed_post", "key_places")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--out`` is required."""
    parser.add_argument("--out", required=True, type=Path, help="the HTML file to write")


def rule_labels(tr=None) -> dict[str, str]:
    """Names of the requirement rules, for legends (the desk's and the sheets' words)."""
    return {rule: rule_word(rule) for rule in RULE_COLOURS}


def situation_layers(ctx: CommandContext) -> list[MapLayerSpec]:
    """Read the store into the map's layers, bottom to top, with translated names."""
    tr = ctx.tr
    with ctx.store.engine.connect() as conn:
        read = lambda kind, cols=None: bulk.read_features(conn, kind, columns=cols)  # noqa: E731
        pipes = read("pipes", ["code", "diameter_mm", "pipe_class", "street", "exposed"])
        reqs = pipe_requirements(conn)
        pipes = pipes.join(reqs[["rule", "requirement"]], how="left")
        pipes["rule"] = pipes["rule"].fillna("none")
        rule_names = rule_labels(tr)
        pipes["requirement_class"] = pipes["rule"].map(rule_names)
        pipes["width"] = 1.5 + (pipes["pipe_class"] == "transmission") * 2.5
        # A city's network is drawn as image tiles; the pipes under the event's own
        # requirements stay clickable vectors on top.
        pipes["_vector"] = pipes["rule"].isin(VECTOR_RULES)
        layers = [
            MapLayerSpec(tr("Patrol patches"), read("patches", ["code", "name"]), color="#636363",
                         popup_fields={"code": tr("Code"), "name": tr("Name")}, fill_opacity=0.03, weight=1),
            MapLayerSpec(tr("Key areas"), read("key_areas", ["name"]), color=shared_colour("key_area"),
                         popup_fields={"name": tr("Name")}, fill_opacity=0.08, legend=[shared_entry("key_area")]),
            MapLayerSpec(tr("Construction sites"), read("sites", ["code", "name", "contractor", "status"]),
                         color=shared_colour("site"), popup_fields={"code": tr("Code"), "name": tr("Name"),
                                                                   "contractor": tr("Contractor"),
                                                                   "status": tr("Status")},
                         legend=[shared_entry("site")]),
            MapLayerSpec(tr("Venues"), read("venues", ["code", "name"]), color=shared_colour("venue"),
                         popup_fields={"name": tr("Name")}, fill_opacity=0.2, legend=[shared_entry("venue")]),
            MapLayerSpec(tr("Residences"), read("residences", ["code", "name"]), color=shared_colour("residence"),
                         popup_fields={"name": tr("Name")}, fill_opacity=0.2, legend=[shared_entry("residence")]),
            MapLayerSpec(tr("Key units"), read("key_units", ["code", "name"]), color="#6a3d9a",
                         popup_fields={"name": tr("Name")}, fill_opacity=0.2),
            MapLayerSpec(
                tr("Pipes by requirement"), pipes, color=RULE_COLOURS["none"], color_column="requirement_class",
                palette={rule_names[rule]: colour for rule, colour in RULE_COLOURS.items()},
                weight="width",
                popup_fields={"code": tr("Code"), "diameter_mm": tr("DN (mm)"), "pipe_class": tr("Class"),
                              "street": tr("Street"), "requirement": tr("Requirement")},
                tiles_above=VECTOR_PIPES_MAX, vector_column="_vector",
            ),
            MapLayerSpec(tr("Motorcade routes"), read("routes", ["code", "name"]), color=shared_colour("route"), weight=4,
                         popup_fields={"name": tr("Name")}, legend=[shared_entry("route")]),
            MapLayerSpec(tr("Important users"), read("users", ["name", "category", "phone"]), color=shared_colour("user"),
                         popup_fields={"name": tr("Name"), "category": tr("Category"), "phone": tr("Phone")},
                         radius=4, legend=[shared_entry("user")]),
            MapLayerSpec(tr("Vehicles"), vehicles_frame(conn), color=shared_colour("vehicle"), radius=6,
                         popup_fields={"code": tr("Code"), "name": tr("Name"), "status": tr("Status"),
                                       "crew": tr("Crew")}, legend=[shared_entry("vehicle")]),
            MapLayerSpec(tr("Open repairs"), open_repairs_frame(conn), color=LEVEL_COLOURS["II"], radius=8,
                         color_column="level", palette=LEVEL_COLOURS,
                         legend=[(level_word(lv), colour) for lv, colour in LEVEL_COLOURS.items()],
                         popup_fields={"code": tr("Code"), "level": tr("Level"), "status": tr("Status"),
                                       "address": tr("Address"), "description": tr("Description"),
                                       "level_reason": tr("Why this level")}),
        ]
    return layers


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    """Write the HTML file."""
    tr = ctx.tr
    event = ctx.store.current_event()
    name = (event.name_zh if ctx.lang.startswith("zh") and event.name_zh else event.name) if event else ""
    layers = situation_layers(ctx)
    fmap = build_situation_map(layers, title=tr("Situation map — {0}").format(name), legend_title=tr("Legend"))
    try:
        path = save_situation_map(fmap, args.out)
    except OSError as exc:
        return ctx.fail(tr("Cannot write {0}: {1}").format(args.out, exc.strerror or exc))
    counts = {spec.name: len(spec.frame) for spec in layers}
    ctx.emit({"out": str(path), "layers": counts, "bytes": path.stat().st_size},
             tr("Wrote {0} ({1:,} bytes)").format(path, path.stat().st_size))
    return 0

