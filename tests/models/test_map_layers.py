"""Layer models emit their changes and keep the drawing order."""

from __future__ import annotations

import pytest

from models.map_layers import STYLE_PRESETS, LayerList, LiveLayerData, MapLayer, apply_preset


def test_layer_emits_changes_and_clamps_opacity():
    layer = MapLayer("pipes", "Pipes", "lines")
    seen = []
    layer.events.connect("opacity", lambda layer, value: seen.append(value))
    layer.opacity = 1.7
    layer.opacity = 1.0  # unchanged: no event
    assert seen == [1.0] or seen == []
    layer.opacity = 0.4
    assert seen[-1] == pytest.approx(0.4)


def test_layer_list_order_and_forwarding():
    layers = LayerList([MapLayer("a", "A", "lines", z=0), MapLayer("b", "B", "lines", z=1),
                        MapLayer("c", "C", "points", z=2)])
    changes = []
    layers.events.connect("changed", lambda layer, field: changes.append((layer.name, field)))
    layers["a"].visible = False
    assert changes == [("a", "visible")]
    layers.move("a", 2)
    assert [layer.name for layer in layers] == ["b", "c", "a"]
    with pytest.raises(ValueError, match="unknown kind"):
        MapLayer("x", "X", "voxels")


def test_live_positions_batch_and_bad_lengths():
    live = LiveLayerData()
    got = []
    live.events.connect("positions", lambda data: got.append(len(data)))
    live.set_positions(["a", "b"], [0, 1], [0, 1], [0, 90], [False, True], ["A", "B"])
    assert got == [2]
    with pytest.raises(ValueError, match="2 entries"):
        live.set_positions(["a", "b"], [0], [0, 1], [0, 90], [False, True], ["A", "B"])


def test_preset_restyles_layers():
    layers = LayerList([MapLayer("basemap_water", "Water", "polygons", style={"classes": [{"color": "#0000ff"}]})])
    base = {"basemap_water": dict(layers["basemap_water"].style)}
    apply_preset(layers, "night", base)
    assert layers["basemap_water"].style["classes"][0]["color"] == \
        STYLE_PRESETS["night"]["basemap_water"]["classes"][0]["color"]
    apply_preset(layers, "day", base)
    assert layers["basemap_water"].style["classes"][0]["color"] == "#0000ff"
