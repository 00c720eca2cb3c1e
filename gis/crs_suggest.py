"""Which metric CRS suits a data set: its UTM zone (pure, no store)."""

from __future__ import annotations

import numpy as np
from pyproj import CRS
from pyproj.exceptions import CRSError

from gis.messages import Message


def utm_epsg(lon: float, lat: float) -> str:
    """The WGS84 UTM zone of a lon/lat, as ``EPSG:326zz`` (north) or ``EPSG:327zz`` (south).

    Parameters
    ----------
    lon, lat
        A point in degrees (the centre of the data).
    """
    zone = int(np.clip(np.floor((lon + 180.0) / 6.0) + 1, 1, 60))
    return f"EPSG:{32600 + zone if lat >= 0 else 32700 + zone}"


def metric_crs_problem(text: str) -> Message | None:
    """Why ``text`` is not a usable metric working CRS, or None when it is.

    A working CRS must be projected with metre axes (a UTM zone, a national
    grid, CGCS2000 Gauss-Krüger); lon/lat degrees cannot measure buffers.
    """
    try:
        crs = CRS.from_user_input(text)
    except CRSError:
        return Message("unknown CRS '{value}' (give e.g. EPSG:32632)", value=text)
    if not crs.is_projected:
        return Message("{value} ({name}) is not projected: analysis needs metres (use a UTM zone, e.g. EPSG:32632)",
                       value=text, name=crs.name)
    units = {a.unit_name for a in crs.axis_info}
    if not units <= {"metre", "meter"}:
        return Message("{value} ({name}) measures in {units}, not metres", value=text, name=crs.name,
                       units=", ".join(sorted(units)))
    return None
