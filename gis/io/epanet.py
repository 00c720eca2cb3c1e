"""Read an EPANET ``.inp`` network (with wntr) as store-ready frames.

What becomes what:

- junctions, tanks and reservoirs → nodes (``kind`` junction / tank / reservoir);
- pipes → pipes between their two nodes, with the vertices of curved pipes,
  the file's length and diameter (wntr converts US units to SI, so inches and
  feet become millimetres and metres according to the file's flow units);
- valves → EPANET valves are *links*. Each becomes a short connector pipe
  between its two nodes (so the network stays connected for tracing and
  isolation) plus a valve at the connector's midpoint that names it
  (``pipe_code``) and sits on the upstream node (``node_code``);
- pumps → a connector pipe as for valves, plus a water source of kind
  ``pump`` on the discharge node;
- tanks and reservoirs → also water sources on their node (tanks with their
  full volume as capacity).

Controls and rules are not stored (WaterGuard keeps the network, not its
operation), but wntr still parses them: times such as ``6 AM`` (which EPANET
accepts and wntr does not) are rewritten ``6:00 AM`` first, and a file whose
controls still do not parse is read without them, with a note.

An .inp has no CRS: the caller must give the one its coordinates are in
(the Kentucky ky* networks are EPSG:3089, US survey feet).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS

from gis.io.common import (
    WGS84,
    ImportFailed,
    ImportResult,
    captured_warnings,
    geodesic_lengths,
    out_of_lonlat,
    parse_crs,
)
from gis.io.epanet_checks import RATIO_RANGE, far_nodes, length_ratio, missing_coordinates, truncation
from gis.messages import Message

#: ``CLOCKTIME >= 6 AM`` → ``6:00 AM`` (wntr only parses hh:mm[:ss] AM/PM).
_BARE_HOUR = re.compile(r"(CLOCKTIME\s*(?:[<>=!]+|IS|NOT|BELOW|ABOVE)?\s*)(\d{1,2})(\s+[AP]M\b)", re.IGNORECASE)
_SECTION = re.compile(r"^\s*\[([A-Z]+)\]", re.MULTILINE)


def _decode(path: Path, result: ImportResult) -> str:
    raw = path.read_bytes()
    if not raw.strip():
        raise ImportFailed(path, "the file is empty")
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        if enc != "utf-8-sig":
            result.notes.append(Message("the file is not UTF-8; read as {enc}", enc=enc.upper()))
        return text
    return raw.decode("latin-1")


_END = re.compile(r"^\s*\[END\]", re.MULTILINE | re.IGNORECASE)


def _without_sections(text: str, names: set[str]) -> str:
    """The .inp text with whole sections (``[RULES]``, ``[CONTROLS]``) left out."""
    out, skipping = [], False
    for line in text.splitlines(keepends=True):
        m = _SECTION.match(line)
        if m:
            skipping = m.group(1).upper() in names
        if not skipping:
            out.append(line)
    return "".join(out)


def _parse(text: str, path: Path, result: ImportResult):
    """A wntr WaterNetworkModel from .inp text (wntr reads files, so via a temporary one)."""
    import wntr  # heavy; only when an .inp is imported

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp) / path.name
        tmp_path.write_text(text, encoding="utf-8")
        notes: list[str] = []
        try:
            with captured_warnings(notes, prefix="wntr: "):
                return wntr.network.WaterNetworkModel(str(tmp_path))
        finally:
            # wntr names the temporary copy; the user knows the file by its own name.
            result.notes.extend(n.replace(f'"{tmp_path}"', path.name).replace(str(tmp_path), path.name)
                                for n in notes if n not in result.notes)


def _load(path: Path, result: ImportResult):
    text = _decode(path, result)
    if "[JUNCTIONS]" not in text.upper() and "[PIPES]" not in text.upper():
        raise ImportFailed(path, "not an EPANET .inp file (no [JUNCTIONS] or [PIPES] section)")
    cut = truncation(text)
    if cut is not None:
        section, lines = cut
        where = f"inside [{section}]" if section else "before any section"
        raise ImportFailed(path, f"the file ends {where} at line {lines:,}, without EPANET's closing [END]: "
                                 "it looks cut short; nothing imported")
    if not _END.search(text):
        result.notes.append(Message("the file has no closing [END]; every section is complete, so it was read whole"))
    result.extra["_text"] = text
    fixed, n = _BARE_HOUR.subn(r"\g<1>\g<2>:00\g<3>", text)
    if n:
        result.notes.append(Message("{n} clock time(s) like '6 AM' read as '6:00 AM'", n=n))
    try:
        return _parse(fixed, path, result), fixed
    except Exception as exc:  # noqa: BLE001 - wntr raises anything from its parsers
        first = exc
    stripped = _without_sections(fixed, {"CONTROLS", "RULES"})
    try:
        wn = _parse(stripped, path, result)
    except Exception as exc:  # noqa: BLE001
        raise ImportFailed(path, f"EPANET parser: {type(first).__name__}: {first}") from exc
    result.notes.append(Message("controls and rules not read ({error}); the network is complete",
                                error=f"{type(first).__name__}: {first}"))
    return wn, stripped


def _lines(starts: np.ndarray, ends: np.ndarray, vertices: list[list[tuple[float, float]]]) -> np.ndarray:
    """Linestrings start → vertices → end, built in one vectorised call."""
    counts = np.array([len(v) + 2 for v in vertices], dtype=np.int64)
    coords = np.empty((int(counts.sum()), 2), dtype=float)
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
    coords[offsets] = starts
    coords[offsets + counts - 1] = ends
    for off, verts in zip(offsets, vertices, strict=True):
        if verts:
            coords[off + 1 : off + 1 + len(verts)] = verts
    return shapely.linestrings(coords, indices=np.repeat(np.arange(len(counts)), counts))


def _reproject(geoms: np.ndarray, src: CRS, path: Path) -> np.ndarray:
    if src.equals(CRS(WGS84)):
        out = geoms
    else:
        out = np.asarray(gpd.GeoSeries(geoms, crs=src).to_crs(WGS84).values, dtype=object)
    b = shapely.bounds(out)
    if len(out) and (~np.isfinite(b).all(axis=1) | out_of_lonlat(out)).any():
        raise ImportFailed(path, f"the network's coordinates do not fit {src.to_string()}: wrong --crs?")
    return out


#: No water main or valve is wider than this (mm): a larger file diameter is a placeholder, not a size.
MAX_DIAMETER_MM = 5000.0


def _plausible_diameters(diam: np.ndarray, names: list[str], kinds: list[str], units: str,
                         result: ImportResult) -> np.ndarray:
    """``diam`` (mm) with placeholder sizes (above :data:`MAX_DIAMETER_MM`) left unknown, and a note saying so.

    The Kentucky ky* files give every PRV a diameter of 1000 (inches, in GPM
    files): 25,400 mm is no valve size, so the valve's DN is unknown rather
    than DN25400.
    """
    bad = np.nan_to_num(diam, nan=0.0) > MAX_DIAMETER_MM
    if not bad.any():
        return diam
    idx = np.nonzero(bad)[0]
    us = units.upper() in ("CFS", "GPM", "MGD", "IMGD", "AFD")
    given = sorted({f"{d / 25.4:,.0f} in" if us else f"{d:,.0f} mm" for d in diam[idx]})
    what = sorted({"valve" if k.endswith("Valve") else "pipe" if k == "Pipe" else "pump" for k in np.asarray(kinds)[idx]})
    result.notes.append(
        f"{len(idx)} {'/'.join(what)} link(s) give a diameter of {', '.join(given)} "
        f"({', '.join(names[i] for i in idx[:5])}{' …' if len(idx) > 5 else ''}): no real size "
        f"(a placeholder above {MAX_DIAMETER_MM:,.0f} mm); their DN is left unknown")
    out = diam.copy()
    out[bad] = np.nan
    return out


def read_epanet(path: str | Path, crs: str | None) -> ImportResult:
    """Read an EPANET network as frames of nodes, pipes, valves and water sources.

    Parameters
    ----------
    path
        The ``.inp`` file.
    crs
        The CRS of its coordinates (``EPSG:3089`` for the Kentucky networks).
        Required: an .inp carries none.

    Returns
    -------
    ImportResult
        ``frame`` is the pipes GeoDataFrame; ``extra`` holds ``nodes``,
        ``valves`` and ``sources`` GeoDataFrames (EPSG:4326). Links refer to
        nodes by ``from_code``/``to_code`` and valves and sources to their node
        and pipe by ``node_code``/``pipe_code``; the store turns codes into ids.

    Raises
    ------
    ImportFailed
        No CRS, an unreadable file, or coordinates that do not fit the CRS.
    """
    path = Path(path)
    result = ImportResult(frame=None)
    if not path.exists():
        raise ImportFailed(path, "no such file")
    if crs is None:
        raise ImportFailed(
            path,
            "an EPANET file has no coordinate reference system; give the one its coordinates are in "
            "with --crs EPSG:N (the Kentucky ky* networks: --crs EPSG:3089)",
        )
    src = parse_crs(crs, path)
    result.crs = src.to_string()
    wn, inp_text = _load(path, result)
    units = wn.options.hydraulic.inpfile_units
    if units.upper() in ("CFS", "GPM", "MGD", "IMGD", "AFD"):
        result.notes.append(Message("US units ({units}): diameters converted from inches, lengths and elevations "
                                    "from feet", units=units))

    # Nodes -----------------------------------------------------------------
    names = list(wn.node_name_list)
    xy = np.array([wn.get_node(n).coordinates for n in names], dtype=float).reshape(-1, 2)
    node_kind = {n: "junction" for n in wn.junction_name_list}
    node_kind.update({n: "tank" for n in wn.tank_name_list})
    node_kind.update({n: "reservoir" for n in wn.reservoir_name_list})
    elevation = [getattr(wn.get_node(n), "elevation", None) for n in names]
    # A reservoir's "elevation" in wntr is its base head; keep it, it is the water level.
    text = result.extra.pop("_text", "")
    missing = missing_coordinates(names, text)
    if missing:
        if len(missing) == len(names):
            raise ImportFailed(path, f"the file gives no [COORDINATES] for its {len(names):,} nodes: "
                                     "nothing to place on the map")
        raise ImportFailed(path, f"{len(missing):,} of {len(names):,} nodes have no line in [COORDINATES] "
                                 f"({', '.join(missing[:5])}{' …' if len(missing) > 5 else ''}): they would be "
                                 "placed at 0,0; nothing imported")
    node_geoms = _reproject(shapely.points(xy), src, path)
    far, far_km, median_km = far_nodes(shapely.get_x(node_geoms), shapely.get_y(node_geoms))
    if len(far):
        order = np.argsort(-far_km)[:5]
        where = "; ".join(
            f"{names[far[i]]} at lon {shapely.get_x(node_geoms[far[i]]):.4f} lat {shapely.get_y(node_geoms[far[i]]):.4f} "
            f"({far_km[i]:,.0f} km)" for i in order)
        raise ImportFailed(path, f"{len(far):,} of {len(names):,} nodes lie far from the rest of the network "
                                 f"(which is within {median_km:,.1f} km of its centre for half its nodes): {where}; "
                                 "wrong coordinates in the file? nothing imported")
    nodes = gpd.GeoDataFrame(
        {"code": names, "kind": [node_kind.get(n, "junction") for n in names], "elevation_m": elevation},
        geometry=node_geoms,
        crs=WGS84,
    )
    index = {n: i for i, n in enumerate(names)}

    # Links: pipes, then valves and pumps as connector pipes ------------------
    links = [(name, link) for name, link in wn.links()]
    starts = np.array([xy[index[lk.start_node_name]] for _, lk in links]).reshape(-1, 2)
    ends = np.array([xy[index[lk.end_node_name]] for _, lk in links]).reshape(-1, 2)
    vertices = [list(getattr(lk, "vertices", None) or []) for _, lk in links]
    link_geoms = _reproject(_lines(starts, ends, vertices), src, path)
    section = {"Pipe": "PIPES", "Pump": "PUMPS", "HeadPump": "PUMPS", "PowerPump": "PUMPS"}
    kinds = [type(lk).__name__ for _, lk in links]
    diam = np.array([getattr(lk, "diameter", np.nan) or np.nan for _, lk in links], dtype=float) * 1000.0
    diam = _plausible_diameters(diam, [n for n, _ in links], kinds, units, result)
    # A pipe keeps the file's (hydraulic) length; valves and pumps have none, so
    # their connectors get the length of their drawn line.
    length = np.array([lk.length if k == "Pipe" else np.nan for (_, lk), k in zip(links, kinds, strict=True)])
    drawn = geodesic_lengths(link_geoms)
    ratio = length_ratio(drawn, length)
    if ratio is not None and not RATIO_RANGE[0] <= ratio[0] <= RATIO_RANGE[1]:
        result.warnings.append(Message(
            "the pipes as drawn are {drawn}× the lengths the file gives them (the file's are "
            "{declared}× the drawn; median of {n} pipes): "
            "are the coordinates really in {crs}? (a drawing not to scale also does this); "
            "the file's lengths are kept",
            drawn=f"{ratio[0]:.3g}", declared=f"{1 / ratio[0]:.3g}", n=f"{ratio[1]:,}", crs=src.to_string()))
    length = np.where(np.isnan(length), drawn, length)
    pipes = gpd.GeoDataFrame(
        {
            "code": [n for n, _ in links],
            "diameter_mm": np.round(diam, 1),
            "length_m": length,
            "from_code": [lk.start_node_name for _, lk in links],
            "to_code": [lk.end_node_name for _, lk in links],
            "source": [f"{path.name} [{section.get(k, 'VALVES')}]" for k in kinds],
        },
        geometry=link_geoms,
        crs=WGS84,
    )
    closed = sum(
        1 for (_, lk), k in zip(links, kinds, strict=True) if k == "Pipe" and str(lk.initial_status) == "Closed"
    )
    if closed:
        result.notes.append(Message("{n} pipe(s) closed in the file's initial status (imported as pipes)", n=closed))

    # Valves at their connector's midpoint ------------------------------------
    is_valve = np.array([k.endswith("Valve") for k in kinds], dtype=bool)
    mid = shapely.line_interpolate_point(link_geoms[is_valve], 0.5, normalized=True)
    valve_links = [lk for (_, lk), v in zip(links, is_valve, strict=True) if v]
    valves = gpd.GeoDataFrame(
        {
            "code": [lk.name for lk in valve_links],
            "diameter_mm": diam[is_valve],
            "valve_type": [str(lk.valve_type).lower() for lk in valve_links],
            "status": ["closed" if str(lk.initial_status) == "Closed" else "open" for lk in valve_links],
            "node_code": [lk.start_node_name for lk in valve_links],
            "pipe_code": [lk.name for lk in valve_links],
        },
        geometry=mid,
        crs=WGS84,
    )

    # Water sources: reservoirs, tanks, pumps ----------------------------------
    rows = []
    for n in wn.reservoir_name_list:
        rows.append((n, n, "reservoir", n, None, node_geoms[index[n]]))
    for n in wn.tank_name_list:
        t = wn.get_node(n)
        volume = float(np.pi / 4 * t.diameter**2 * t.max_level) if t.diameter else None
        rows.append((n, n, "tank", n, volume, node_geoms[index[n]]))
    is_pump = np.array([k in ("Pump", "HeadPump", "PowerPump") for k in kinds], dtype=bool)
    pump_mid = shapely.line_interpolate_point(link_geoms[is_pump], 0.5, normalized=True)
    for (name, lk), g in zip([li for li, p in zip(links, is_pump, strict=True) if p], pump_mid, strict=True):
        rows.append((name, name, "pump", lk.end_node_name, None, g))
    sources = gpd.GeoDataFrame(
        pd.DataFrame(rows, columns=["code", "name", "kind", "node_code", "capacity_m3", "geometry"]),
        geometry="geometry",
        crs=WGS84,
    )
    result.frame = pipes
    # The hydraulic model as parsed, kept whole for the isolation's pressure step.
    result.extra = {"nodes": nodes, "valves": valves, "sources": sources, "inp_text": inp_text}
    result.notes.append(Message(
        "{pipes} pipes, {valves} valves and {pumps} pumps (valves and pumps also stored as connector pipes), "
        "{tanks} tanks, {reservoirs} reservoirs, {nodes} nodes",
        pipes=int((np.array(kinds) == "Pipe").sum()), valves=int(is_valve.sum()), pumps=int(is_pump.sum()),
        tanks=len(wn.tank_name_list), reservoirs=len(wn.reservoir_name_list), nodes=len(nodes)))
    return result
