"""Coordinate conversions: WGS84 ↔ the local metric CRS, WGS84 ↔ GCJ-02, Web Mercator tiles.

Chinese web map tiles (Tianditu's commercial cousins, AMap, Tencent) are drawn
in GCJ-02, an obfuscated datum offset from WGS84 by up to a few hundred
metres. The conversion here is the widely published one (eviltransform); the
inverse is iterated to centimetre accuracy. Outside China the offset is zero.
"""

from __future__ import annotations

import threading

import numpy as np
from pyproj import Transformer

_A = 6378245.0
_EE = 0.00669342162296594323


def _out_of_china(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    return (lon < 72.004) | (lon > 137.8347) | (lat < 0.8293) | (lat > 55.8271)


def _delta(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x, y = lon - 105.0, lat - 35.0
    dlat = (-100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
            + (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
            + (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
            + (160.0 * np.sin(y / 12.0 * np.pi) + 320 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0)
    dlon = (300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
            + (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
            + (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
            + (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0)
    rad = lat / 180.0 * np.pi
    magic = 1 - _EE * np.sin(rad) ** 2
    sqrt_magic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * np.pi)
    dlon = (dlon * 180.0) / (_A / sqrt_magic * np.cos(rad) * np.pi)
    outside = _out_of_china(lon, lat)
    return np.where(outside, 0.0, dlon), np.where(outside, 0.0, dlat)


def wgs84_to_gcj02(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """Shift WGS84 lon/lat (arrays or scalars) to GCJ-02; unchanged outside China."""
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    dlon, dlat = _delta(lon, lat)
    return lon + dlon, lat + dlat


def gcj02_to_wgs84(lon, lat, iterations: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """Invert :func:`wgs84_to_gcj02` by fixed-point iteration (≈1 cm after 4 steps)."""
    glon, glat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    wlon, wlat = glon.copy(), glat.copy()
    for _ in range(iterations):
        tlon, tlat = wgs84_to_gcj02(wlon, wlat)
        wlon, wlat = wlon - (tlon - glon), wlat - (tlat - glat)
    return wlon, wlat


_local = threading.local()


def _transformer(src: str, dst: str) -> Transformer:
    # pyproj Transformers must not be shared between threads (PROJ contexts are
    # per thread; sharing one crashed the render thread): one per thread and pair.
    cache = getattr(_local, "cache", None)
    if cache is None:
        cache = _local.cache = {}
    key = (src, dst)
    if key not in cache:
        cache[key] = Transformer.from_crs(src, dst, always_xy=True)
    return cache[key]


class Projector:
    """Converts between lon/lat WGS84 and one local metric CRS (arrays in, arrays out).

    Parameters
    ----------
    local_crs
        The analysis CRS, e.g. ``"EPSG:32632"``.
    """

    def __init__(self, local_crs: str) -> None:
        self.local_crs = local_crs
        _transformer("EPSG:4326", local_crs)  # fail early on an unknown CRS

    def to_local(self, lon, lat) -> tuple[np.ndarray, np.ndarray]:
        """WGS84 lon/lat → local x/y metres (safe from any thread)."""
        fwd = _transformer("EPSG:4326", self.local_crs)
        return fwd.transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))

    def to_wgs84(self, x, y) -> tuple[np.ndarray, np.ndarray]:
        """Local x/y metres → WGS84 lon/lat (safe from any thread)."""
        inv = _transformer(self.local_crs, "EPSG:4326")
        return inv.transform(np.asarray(x, dtype=float), np.asarray(y, dtype=float))


# -- Web Mercator (XYZ) tiles ------------------------------------------------------

def tile_bounds_lonlat(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """``(west, south, east, north)`` of XYZ tile ``z/x/y`` in degrees."""
    n = 2.0 ** z
    west, east = x / n * 360.0 - 180.0, (x + 1) / n * 360.0 - 180.0
    north = np.degrees(np.arctan(np.sinh(np.pi * (1 - 2 * y / n))))
    south = np.degrees(np.arctan(np.sinh(np.pi * (1 - 2 * (y + 1) / n))))
    return float(west), float(south), float(east), float(north)


def lonlat_to_tile(lon: float, lat: float, z: int) -> tuple[float, float]:
    """Fractional XYZ tile coordinates of a lon/lat at zoom ``z``."""
    n = 2.0 ** z
    lat_r = np.radians(np.clip(lat, -85.05112878, 85.05112878))
    return (lon + 180.0) / 360.0 * n, (1.0 - np.arcsinh(np.tan(lat_r)) / np.pi) / 2.0 * n


def zoom_for_resolution(m_per_px: float, lat: float, tile_size: int = 256, max_zoom: int = 19) -> int:
    """The XYZ zoom whose pixels are closest to (not coarser than) ``m_per_px`` at ``lat``."""
    equator = 2 * np.pi * 6378137.0 / tile_size
    z = np.log2(equator * np.cos(np.radians(lat)) / max(m_per_px, 1e-6))
    return int(np.clip(np.ceil(z - 0.3), 0, max_zoom))


class PolynomialProjector:
    """A cubic polynomial fit of a :class:`Projector` over a city-sized area, in pure numpy.

    PROJ crashed when called from Qt's render thread; over tens of kilometres the
    projection is smooth enough that a cubic fit is exact to millimetres, and
    numpy is safe from any thread. Use it where rendering needs lon/lat.

    Parameters
    ----------
    projector
        The exact projector (called once here, on the constructing thread).
    bounds
        ``(xmin, ymin, xmax, ymax)`` of the area, local metres; the fit is
        made over it plus half its size on each side.
    """

    def __init__(self, projector: Projector, bounds: tuple[float, float, float, float], n: int = 21) -> None:
        xmin, ymin, xmax, ymax = bounds
        pad = max(xmax - xmin, ymax - ymin, 2000.0) / 2
        gx, gy = np.meshgrid(np.linspace(xmin - pad, xmax + pad, n), np.linspace(ymin - pad, ymax + pad, n))
        x, y = gx.ravel(), gy.ravel()
        lon, lat = projector.to_wgs84(x, y)
        self.local_crs = projector.local_crs
        self._x0, self._y0, self._s = float(x.mean()), float(y.mean()), float(pad * 2)
        self._lon0, self._lat0 = float(lon.mean()), float(lat.mean())
        u, v = (x - self._x0) / self._s, (y - self._y0) / self._s
        a, b = lon - self._lon0, lat - self._lat0
        self._to_ll = np.linalg.lstsq(self._terms(u, v), np.column_stack([a, b]), rcond=None)[0]
        self._to_xy = np.linalg.lstsq(self._terms(a, b), np.column_stack([u, v]), rcond=None)[0]
        #: Largest fit error at the sample points, metres (checked in tests).
        self.max_error_m = float(np.max(np.hypot(*(np.array(self.to_local(lon, lat)) - np.array([x, y])))))

    @staticmethod
    def _terms(u: np.ndarray, v: np.ndarray) -> np.ndarray:
        return np.column_stack([np.ones_like(u), u, v, u * u, u * v, v * v, u ** 3, u * u * v, u * v * v, v ** 3])

    def to_wgs84(self, x, y) -> tuple[np.ndarray, np.ndarray]:
        """Local metres → lon/lat (thread-safe)."""
        u = (np.asarray(x, dtype=float) - self._x0) / self._s
        v = (np.asarray(y, dtype=float) - self._y0) / self._s
        ab = self._terms(np.atleast_1d(u), np.atleast_1d(v)) @ self._to_ll
        return ab[:, 0] + self._lon0, ab[:, 1] + self._lat0

    def to_local(self, lon, lat) -> tuple[np.ndarray, np.ndarray]:
        """Lon/lat → local metres (thread-safe)."""
        a = np.atleast_1d(np.asarray(lon, dtype=float)) - self._lon0
        b = np.atleast_1d(np.asarray(lat, dtype=float)) - self._lat0
        uv = self._terms(a, b) @ self._to_xy
        return uv[:, 0] * self._s + self._x0, uv[:, 1] * self._s + self._y0
