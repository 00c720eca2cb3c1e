"""Readers that turn utility files into store-ready frames (no store access, no Qt).

- :func:`read_vector` — GeoPackage, Shapefile, GeoJSON, KML, CSV via pyogrio;
- :func:`read_epanet` — EPANET ``.inp`` networks via wntr;
- :func:`read_tracks` — GPX files and NMEA 0183 logs.

Each returns an :class:`ImportResult` or raises :class:`ImportFailed`; writing
to the store is :mod:`models.importing`'s job, composed by ``cli.import_cmd``.
"""

from gis.io.common import ImportFailed, ImportResult, Rejected
from gis.io.epanet import read_epanet
from gis.io.tracks import read_gpx, read_nmea, read_tracks
from gis.io.vector import read_vector

__all__ = [
    "ImportFailed",
    "ImportResult",
    "Rejected",
    "read_epanet",
    "read_gpx",
    "read_nmea",
    "read_tracks",
    "read_vector",
]
