"""Plausibility checks of an EPANET file and of where its network lands.

An .inp file can be cut short (a copy that stopped, a mail attachment), and
its coordinates can be read in the wrong CRS. wntr parses much of both
without complaint: nodes missing from ``[COORDINATES]`` sit at 0,0, and a
network read in metres instead of feet is drawn a third of its size. These
checks compare the file with itself:

- :func:`truncation`: a file cut short, told by its content (many complete
  files lack the closing ``[END]``): the last line of a section is incomplete
  (too few fields for its section, or no line end), or nodes listed in the
  file have no ``[COORDINATES]`` line because the file stops before them;
- :func:`missing_coordinates`: nodes without a ``[COORDINATES]`` line;
- :func:`length_ratio`: the drawn pipe lengths against the file's own
  ``[PIPES]`` lengths (the median ratio; 1 when the CRS is right, for
  networks drawn to scale);
- :func:`far_nodes`: nodes far from the rest of the network.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

_SECTION = re.compile(r"^\s*\[([A-Za-z_]+)\]")
#: A drawn/declared median outside this range gets a warning with the numbers.
RATIO_RANGE = (0.5, 2.0)
#: A node further than this from the network's centre, and than FAR_FACTOR × the median distance, is misplaced.
FAR_KM = 100.0
FAR_FACTOR = 20.0


#: Fewest fields of a complete row per data section (EPANET 2.2 manual, appendix C).
MIN_FIELDS = {
    "JUNCTIONS": 2, "RESERVOIRS": 2, "TANKS": 7, "PIPES": 6, "PUMPS": 4, "VALVES": 6, "TAGS": 3,
    "DEMANDS": 2, "STATUS": 2, "PATTERNS": 2, "CURVES": 3, "EMITTERS": 2, "QUALITY": 2, "SOURCES": 3,
    "MIXING": 2, "COORDINATES": 3, "VERTICES": 3, "LABELS": 3,
}
#: Sections whose first field names a node.
NODE_SECTIONS = ("JUNCTIONS", "RESERVOIRS", "TANKS")


def truncation(text: str) -> tuple[str | None, int] | None:
    """None when the file is whole, else (the section it stops in, the number of lines).

    The closing ``[END]`` proves a file whole. Without it (many real files
    lack it) the file counts as cut when its last line stops without a line
    end (outside ``[TITLE]``), when the last row of a data section has fewer
    fields than a complete row, or when nodes of ``[JUNCTIONS]``,
    ``[RESERVOIRS]`` or ``[TANKS]`` have no line in ``[COORDINATES]`` (the
    file stops in or before that section).
    """
    section = None
    lines = text.splitlines()
    last: tuple[str | None, str] | None = None  # (section, the last row's body)
    nodes: set[str] = set()
    placed: set[str] = set()
    for line in lines:
        m = _SECTION.match(line)
        if m:
            section = m.group(1).upper()
            if section == "END":
                return None
            continue
        body = line.split(";", 1)[0].split()
        if not body:
            continue
        last = (section, line)
        if section in NODE_SECTIONS:
            nodes.add(body[0])
        elif section == "COORDINATES" and len(body) >= 3:
            placed.add(body[0])
    cut = (section, len(lines))
    if last is None:
        return cut if section is not None else None
    last_section, last_line = last
    if last_section is None:
        return cut
    stripped = text.rstrip(" \t")
    if last_section != "TITLE" and stripped and not stripped.endswith(("\n", "\r")) \
            and lines[-1].split(";", 1)[0].strip() and not _SECTION.match(lines[-1]):
        return cut
    fields = last_line.split(";", 1)[0].split()
    if len(fields) < MIN_FIELDS.get(last_section, 0):
        return cut
    if nodes - placed:
        return cut
    return None


def coordinate_names(text: str) -> set[str]:
    """The node ids listed in the ``[COORDINATES]`` section."""
    names: set[str] = set()
    inside = False
    for line in text.splitlines():
        m = _SECTION.match(line)
        if m:
            inside = m.group(1).upper() == "COORDINATES"
            continue
        if inside:
            body = line.split(";", 1)[0].split()
            if len(body) >= 3:
                names.add(body[0])
    return names


def missing_coordinates(node_names: Sequence[str], text: str) -> list[str]:
    """Nodes of the network that have no line in ``[COORDINATES]``, in file order."""
    listed = coordinate_names(text)
    return [n for n in node_names if n not in listed]


def length_ratio(drawn_m: np.ndarray, declared_m: np.ndarray) -> tuple[float, int] | None:
    """The median of drawn / declared length over pipes with both > 0, and how many pipes that is."""
    drawn = np.asarray(drawn_m, dtype=float)
    declared = np.asarray(declared_m, dtype=float)
    ok = np.isfinite(drawn) & np.isfinite(declared) & (drawn > 0) & (declared > 0)
    if ok.sum() < 3:
        return None
    return float(np.median(drawn[ok] / declared[ok])), int(ok.sum())


def _haversine_km(lon0: float, lat0: float, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    lon0, lat0, lon, lat = map(np.radians, (lon0, lat0, lon, lat))
    a = np.sin((lat - lat0) / 2) ** 2 + np.cos(lat0) * np.cos(lat) * np.sin((lon - lon0) / 2) ** 2
    return 2 * 6371.0088 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def far_nodes(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """Nodes far from the rest: (their indices, their distance from the centre in km, the median distance in km).

    The centre is the median longitude and latitude; a node is far when it is
    more than :data:`FAR_KM` and :data:`FAR_FACTOR` × the median distance away.
    """
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    if len(lon) < 3:
        return np.array([], dtype=int), np.array([]), 0.0
    dist = _haversine_km(float(np.median(lon)), float(np.median(lat)), lon, lat)
    median = float(np.median(dist))
    far = np.flatnonzero(dist > max(FAR_KM, FAR_FACTOR * median))
    return far, dist[far], median
