"""What every reader returns, and how a reader says a whole file failed.

Readers never touch the store: they turn a file into frames (lon/lat WGS84)
plus the features they refused, each with a reason, and notes on what they
did to the data (repairs, unit conversions, encodings, CRS decisions). The
caller writes the frames in one transaction, so a failed file writes nothing.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError

WGS84 = "EPSG:4326"


@dataclass
class Rejected:
    """One feature (or sentence, or row) left out, and why."""

    feature: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        """The JSON shape of ``import --json``: ``{"feature", "reason"}``."""
        return {"feature": self.feature, "reason": self.reason}


class ImportFailed(Exception):
    """A whole file cannot be imported; the message names the file and the reason."""

    def __init__(self, path: str | Path, reason: str, rejected: list[Rejected] | None = None) -> None:
        self.path = str(path)
        self.reason = reason
        #: Per-feature refusals found before the file as a whole failed.
        self.rejected = list(rejected or [])
        super().__init__(f"{Path(path).name}: {reason}")


@dataclass
class ImportResult:
    """A file read for import.

    Attributes
    ----------
    frame
        The features (a GeoDataFrame in EPSG:4326 with store column names) or,
        for tracks, a DataFrame of fixes.
    rejected
        Features left out, each with its reason.
    notes
        What the reader decided or changed (CRS, repairs, units, encoding).
    repaired
        How many geometries were made valid rather than rejected.
    mapping
        The field mapping used, target column → source field (with ``:unit``).
    crs
        The source CRS the coordinates were read in (``EPSG:3089`` …), if any.
    extra
        Reader-specific frames (EPANET: nodes, valves, sources …).
    warnings
        What looks wrong in the data without making the import impossible
        (e.g. drawn lengths far from the file's own), with the numbers.
    """

    frame: Any
    rejected: list[Rejected] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    repaired: int = 0
    mapping: dict[str, str] = field(default_factory=dict)
    crs: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def reject(self, feature: object, reason: str) -> None:
        """Record one refused feature."""
        self.rejected.append(Rejected(str(feature), reason))


@contextmanager
def captured_warnings(notes: list[str], prefix: str = "") -> Iterator[None]:
    """Turn third-party warnings raised while reading into notes.

    GDAL and wntr warn about things in the user's file (unused curves,
    unknown encodings); those belong in the import report, not on stderr,
    and must not become errors under ``-W error``.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    for w in caught:
        text = " ".join(str(w.message).split())
        note = f"{prefix}{text}"
        if note not in notes:
            notes.append(note)


def parse_crs(text: str, path: str | Path) -> CRS:
    """A CRS from ``--crs`` text (``EPSG:3089``, ``4326``, a WKT or PROJ string)."""
    try:
        return CRS.from_user_input(text)
    except CRSError as exc:
        raise ImportFailed(path, f"unknown CRS {text!r}: {exc}") from exc


def out_of_lonlat(geoms: np.ndarray) -> np.ndarray:
    """A mask of geometries not inside lon −180…180, lat −90…90 (or not finite)."""
    b = shapely.bounds(geoms)
    with np.errstate(invalid="ignore"):
        return ~((b[:, 0] >= -180) & (b[:, 2] <= 180) & (b[:, 1] >= -90) & (b[:, 3] <= 90))


def geodesic_lengths(geoms: np.ndarray) -> np.ndarray:
    """Lengths in metres of lon/lat lines on the WGS84 ellipsoid, in one vectorised pass.

    Every segment of every line goes through one ``Geod.inv`` call; the
    segments are then summed per line (``bincount``). Segments that would join
    two parts of a multi-line are left out.
    """
    from pyproj import Geod

    geoms = np.asarray(geoms, dtype=object)
    parts, owner = shapely.get_parts(geoms, return_index=True)
    coords, part = shapely.get_coordinates(parts, return_index=True)
    if len(coords) < 2:
        return np.zeros(len(geoms))
    same = part[1:] == part[:-1]
    _, _, dist = Geod(ellps="WGS84").inv(coords[:-1, 0], coords[:-1, 1], coords[1:, 0], coords[1:, 1])
    per_part = np.bincount(part[:-1][same], weights=np.asarray(dist)[same], minlength=len(parts))
    return np.bincount(owner, weights=per_part, minlength=len(geoms))
