"""The shareable situation map: one self-contained HTML file (folium/Leaflet).

The file must open with no network at all (a laptop in a meeting room, a phone
on a closed intranet), so Leaflet's script and stylesheet are inlined from
``resources/vendor/leaflet`` and no tile layer is used: the basemap is the
city's own streets drawn as a vector layer.

Every attribute value shown in a popup or tooltip is HTML-escaped here, because
folium's GeoJSON popups insert property values with ``innerHTML``.
"""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
from branca.element import Element, MacroElement
from jinja2 import Template

from gis.io.output import replacing

LEAFLET_DIR = Path(__file__).resolve().parent.parent / "resources" / "vendor" / "leaflet"
WGS84 = "EPSG:4326"


@dataclass
class MapLayerSpec:
    """One layer of the situation map.

    Parameters
    ----------
    name
        Layer title shown in the layer control and legend (already translated).
    frame
        Features in any CRS (reprojected to WGS84 here).
    color
        Stroke (and fill) colour, CSS syntax.
    popup_fields
        ``{column: label}`` shown in the popup, values escaped.
    color_column
        Optional column whose values pick a colour from ``palette``.
    palette
        ``{value: colour}`` for ``color_column``; the legend lists it.
    weight
        Line width in pixels, or a column name giving it per feature.
    show
        Visible when the file opens.
    tiles_above
        Lines only: with more features than this, the layer is drawn as pre-rendered
        image tiles (:mod:`gis.map_tiles`) in ``color_column``/``palette`` colours (a
        ``weight`` of 3 px or more drawn two pixels wide), not as one vector each.
    vector_column
        With tiles: a boolean column naming the features also kept as vectors (with
        popups), e.g. the pipes under the event's own requirements.
    """

    name: str
    frame: gpd.GeoDataFrame
    color: str = "#3388ff"
    popup_fields: Mapping[str, str] = field(default_factory=dict)
    color_column: str | None = None
    palette: Mapping[str, str] = field(default_factory=dict)
    weight: float | str = 2.0
    fill_opacity: float = 0.25
    radius: float = 5.0
    show: bool = True
    #: The legend's rows ``(word, colour)`` for this layer (default: its name, or name · value per palette entry).
    legend: Sequence[tuple[str, str]] | None = None
    #: Above this many features the layer's lines are drawn as image tiles (a city's network).
    tiles_above: int | None = None
    #: A boolean column: features that stay vectors (clickable) on top of the tiles.
    vector_column: str | None = None


def _inline_leaflet() -> Element:
    """Leaflet's JS and CSS inlined for the page header (no CDN)."""
    css = (LEAFLET_DIR / "leaflet.css").read_text(encoding="utf-8")
    for image in ("layers.png", "layers-2x.png"):
        data = base64.b64encode((LEAFLET_DIR / image).read_bytes()).decode("ascii")
        css = css.replace(f"images/{image}", f"data:image/png;base64,{data}")
    # A literal "</script>" inside the inlined code would end the tag early.
    js = (LEAFLET_DIR / "leaflet.js").read_text(encoding="utf-8").replace("</script>", "<\\/script>")
    return Element(f"<style>{css}</style>\n<script>{js}</script>\n")


def _legend_html(title: str, entries: Sequence[tuple[str, str]]) -> str:
    rows = "".join(
        f'<div><span style="display:inline-block;width:14px;height:4px;margin:0 6px 3px 0;'
        f'background:{html.escape(color)}"></span>{html.escape(label)}</div>'
        for label, color in entries
    )
    return (
        '<div id="wg-legend" style="position:fixed;bottom:28px;right:12px;z-index:1000;background:white;'
        "padding:8px 10px;border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.4);"
        f'font:13px sans-serif;max-height:60%;overflow:auto"><b>{html.escape(title)}</b>{rows}</div>'
    )


def _escaped_properties(frame: gpd.GeoDataFrame, fields: Mapping[str, str]) -> gpd.GeoDataFrame:
    out = gpd.GeoDataFrame(geometry=frame.geometry.values, crs=frame.crs)
    for column in fields:
        values = frame[column].to_numpy(dtype=object) if column in frame.columns else np.full(len(frame), "")
        out[column] = [html.escape("" if v is None or v != v else str(v)) for v in values]
    return out


def _round_coordinates(geojson: str) -> str:
    # Six decimals is 0.1 m: plenty for a situation map, and halves the file.
    return re.sub(r"(-?\d+\.\d{6})\d+", r"\1", geojson)


def build_situation_map(
    layers: Sequence[MapLayerSpec],
    title: str,
    legend_title: str,
    attribution: str = "© OpenStreetMap contributors (ODbL)",
    max_tile_bytes: int = 14 * 2**20,
) -> folium.Map:
    """Build the folium map of the given layers, ready to ``save()``.

    Parameters
    ----------
    layers
        Bottom to top; empty layers are skipped.
    title
        The page title (already translated).
    legend_title
        Heading of the legend box.
    attribution
        Data credit shown in the corner.
    max_tile_bytes
        Budget of PNG bytes for every tiled layer together (the file holds them in
        base64, a third more): the finest zoom levels that do not fit are left out
        and the browser enlarges the finest one kept.
    """
    frames = [spec.frame.to_crs(WGS84) for spec in layers if len(spec.frame)]
    if frames:
        bounds = np.array([f.total_bounds for f in frames])
        minx, miny = bounds[:, 0].min(), bounds[:, 1].min()
        maxx, maxy = bounds[:, 2].max(), bounds[:, 3].max()
    else:
        minx, miny, maxx, maxy = -1.0, -1.0, 1.0, 1.0
    fmap = folium.Map(location=[(miny + maxy) / 2, (minx + maxx) / 2], tiles=None, prefer_canvas=True,
                      control_scale=True)
    # Drop folium's CDN scripts (jQuery, Bootstrap, awesome-markers, Leaflet):
    # nothing here needs them, and Leaflet comes inlined instead.
    fmap.default_js = []
    fmap.default_css = []
    fmap.get_root().header.add_child(_inline_leaflet(), name="inline_leaflet")
    fmap.get_root().header.add_child(Element(f"<title>{html.escape(title)}</title>"), name="title")
    fmap.fit_bounds([[miny, minx], [maxy, maxx]])

    legend: list[tuple[str, str]] = []
    for spec in layers:
        frame = spec.frame.to_crs(WGS84)
        if not len(frame):
            continue
        group = folium.FeatureGroup(name=html.escape(spec.name), show=spec.show)
        if spec.tiles_above is not None and len(frame) > spec.tiles_above:
            pyramid = _line_tiles(spec, frame, (minx, miny, maxx, maxy), max_tile_bytes)
            group.add_child(_Script(_tile_layer_script(pyramid, group.get_name())))
            keep = frame[spec.vector_column].fillna(False).to_numpy(dtype=bool) if spec.vector_column else None
            frame = frame[keep] if keep is not None and keep.sum() <= spec.tiles_above else frame.iloc[:0]
        if not len(frame):
            group.add_to(fmap)
            _legend_entries(spec, legend)
            continue
        props = _escaped_properties(frame, spec.popup_fields)
        style_cols = [c for c in (spec.color_column, spec.weight if isinstance(spec.weight, str) else None) if c]
        for column in style_cols:
            props[f"_style_{column}"] = frame[column].to_numpy(dtype=object)
        geojson = _round_coordinates(props.to_json(na="null", drop_id=True))
        palette = {str(k): v for k, v in spec.palette.items()}

        def style(feature, spec=spec, palette=palette):
            p = feature["properties"]
            color = palette.get(str(p.get(f"_style_{spec.color_column}")), spec.color) if spec.color_column else spec.color
            weight = float(p.get(f"_style_{spec.weight}") or 2) if isinstance(spec.weight, str) else spec.weight
            return {"color": color, "weight": weight, "fillColor": color, "fillOpacity": spec.fill_opacity}

        popup = (
            folium.GeoJsonPopup(fields=list(spec.popup_fields), aliases=[html.escape(a) for a in spec.popup_fields.values()])
            if spec.popup_fields
            else None
        )
        geometry_type = frame.geometry.geom_type.iloc[0]
        marker = folium.CircleMarker(radius=spec.radius, fill=True) if geometry_type == "Point" else None
        folium.GeoJson(
            json.loads(geojson), style_function=style, popup=popup, marker=marker, name=html.escape(spec.name),
            embed=True, control=False,
        ).add_to(group)
        group.add_to(fmap)
        _legend_entries(spec, legend)

    folium.LayerControl(collapsed=False).add_to(fmap)
    fmap.get_root().html.add_child(Element(_legend_html(legend_title, legend)), name="legend")
    fmap.get_root().html.add_child(
        Element(
            '<div style="position:fixed;bottom:4px;right:8px;z-index:1000;font:11px sans-serif;'
            f'background:rgba(255,255,255,.8);padding:1px 4px">{html.escape(attribution)}</div>'
        ),
        name="attribution",
    )
    return fmap


def _legend_entries(spec: MapLayerSpec, legend: list[tuple[str, str]]) -> None:
    if spec.legend is not None:
        legend += list(spec.legend)
    elif spec.color_column and spec.palette:
        legend += [(f"{spec.name} · {value}", color) for value, color in spec.palette.items()]
    else:
        legend.append((spec.name, spec.color))


def _line_tiles(spec: MapLayerSpec, frame: gpd.GeoDataFrame, bounds: tuple[float, float, float, float],
                max_bytes: int):
    """The layer's lines as a tile pyramid: one class per palette colour (thin, then wide), the default first."""
    from gis.map_tiles import fit_zoom, line_tiles

    colours = [spec.color, *spec.palette.values()]
    index = {str(v): i + 1 for i, v in enumerate(spec.palette)}
    values = frame[spec.color_column].to_numpy(dtype=object) if spec.color_column else np.full(len(frame), None)
    cls = np.array([index.get(str(v), 0) for v in values], dtype=np.int64)
    if isinstance(spec.weight, str) and spec.weight in frame.columns:
        wide = frame[spec.weight].to_numpy(dtype="float64") >= 3.0
    else:
        wide = np.full(len(frame), float(spec.weight) >= 3.0)
    n = len(colours)
    cls = np.where(wide, cls + n, cls)  # wide classes after every thin one: drawn on top
    zoom = fit_zoom(bounds)
    return line_tiles(frame.geometry.to_numpy(), cls, colours * 2, max(zoom - 1, 0), zoom + 6, max_bytes,
                      thick_classes=range(n, 2 * n))


class _Script(MacroElement):
    """Raw JS rendered in the page's script right after its parent element's own (e.g. its group's)."""

    _template = Template("{% macro script(this, kwargs) %}{{ this.js }}{% endmacro %}")

    def __init__(self, js: str) -> None:
        super().__init__()
        self._name = "WgScript"
        self.js = js


def _tile_layer_script(pyramid, group: str) -> str:
    """JS: a tile layer serving the pyramid's PNGs from the page itself, in the folium group ``group``."""
    tiles = {k: base64.b64encode(v).decode("ascii") for k, v in pyramid.tiles.items()}
    return (
        "(function () {\n"
        f"  var tiles = {json.dumps(tiles, separators=(',', ':'))};\n"
        "  var empty = 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';\n"
        "  var Layer = L.TileLayer.extend({getTileUrl: function (c) {\n"
        "    var d = tiles[c.z + '/' + c.x + '/' + c.y];\n"
        "    return d ? 'data:image/png;base64,' + d : empty;\n"
        "  }});\n"
        f"  new Layer('', {{minNativeZoom: {pyramid.zmin}, maxNativeZoom: {max(pyramid.zmax, pyramid.zmin)}, "
        f"maxZoom: 22, className: 'wg-network-tiles'}}).addTo({group});\n"
        "})();\n"
    )


def save_situation_map(fmap: folium.Map, path: str | Path) -> Path:
    """Write the map to ``path`` (UTF-8 HTML) and check it references nothing online."""
    path = Path(path)
    page = fmap.get_root().render()
    online = re.findall(r'<(?:script|link)[^>]+(?:src|href)="(https?:[^"]+)"', page)
    if online:
        raise RuntimeError(f"the situation map would load {online[0]} from the network")
    with replacing(path) as tmp:  # whole or not at all
        tmp.write_text(page, encoding="utf-8")
    return path
