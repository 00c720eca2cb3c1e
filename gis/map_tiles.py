"""A line network pre-rendered as web-map image tiles (Web Mercator z/x/y), for the offline HTML map.

A city's half a million pipes do not fit a browser as GeoJSON (215 MB, nothing
drawn after minutes); as 256-pixel PNG tiles of the zoom levels that fit a byte
budget they do. Lines are rasterised with numpy (each segment sampled at under a
pixel, the more important class painted last so it stays on top) into one
class grid per zoom level, cut into tiles and written as palette PNGs (a few
hundred bytes to a few tens of kB each). No Qt, no store: arrays in, bytes out.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import shapely

TILE = 256
#: Web Mercator half-width (m).
MERC = 20037508.342789244
#: The largest class grid (pixels) one zoom level may take (uint8): 8192² = 64 MB.
MAX_GRID_PX = 8192 * 8192


@dataclass
class TilePyramid:
    """PNG tiles by ``"z/x/y"`` for zoom levels ``zmin``…``zmax`` (``zmax`` the finest rendered)."""

    tiles: dict[str, bytes] = field(default_factory=dict)
    zmin: int = 0
    zmax: int = 0

    @property
    def nbytes(self) -> int:
        """Total PNG bytes."""
        return sum(len(b) for b in self.tiles.values())


def lonlat_to_world(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Web Mercator world coordinates in 0…1 (x east, y south), as Leaflet's tiles count them."""
    lat = np.clip(lat, -85.05112878, 85.05112878)
    x = (np.asarray(lon, dtype="float64") + 180.0) / 360.0
    s = np.sin(np.radians(lat))
    y = 0.5 - np.log((1 + s) / (1 - s)) / (4 * np.pi)
    return x, y


def fit_zoom(bounds: tuple[float, float, float, float], width_px: int = 1400, height_px: int = 900) -> int:
    """The zoom at which ``bounds`` (lon/lat) fits a ``width × height`` view, as Leaflet's fitBounds picks it."""
    x, y = lonlat_to_world(np.array([bounds[0], bounds[2]]), np.array([bounds[3], bounds[1]]))
    span = max((x[1] - x[0]) / width_px, (y[1] - y[0]) / height_px, 1e-12)
    return int(np.clip(np.floor(np.log2(1.0 / (span * TILE))), 0, 22))


def _segments(geoms: np.ndarray, classes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """World-coordinate segments ``(x0, y0, x1, y1)`` of lines (multi-lines too) and each one's class."""
    parts, owner = shapely.get_parts(geoms, return_index=True)
    xy, idx = shapely.get_coordinates(parts, return_index=True)
    if len(xy) < 2:
        return np.empty((0, 4)), np.empty(0, dtype=np.int64)
    wx, wy = lonlat_to_world(xy[:, 0], xy[:, 1])
    same = idx[1:] == idx[:-1]
    seg = np.column_stack([wx[:-1], wy[:-1], wx[1:], wy[1:]])[same]
    return seg, np.asarray(classes)[owner[idx[:-1][same]]]


def _rasterise(seg: np.ndarray, cls: np.ndarray, scale: float, x0: int, y0: int, w: int, h: int,
               thick: np.ndarray) -> np.ndarray:  # noqa: PLR0913
    """A ``h × w`` grid of 0 (empty) or 1 + class; ``seg`` in world units, ``scale`` pixels per world unit."""
    grid = np.zeros((h, w), dtype=np.uint8)
    px = seg * scale - np.array([x0, y0, x0, y0], dtype="float64")
    length = np.hypot(px[:, 2] - px[:, 0], px[:, 3] - px[:, 1])
    k = np.maximum(1, np.ceil(length)).astype(np.int64) + 1  # steps of at most a pixel: 8-connected
    order = np.argsort(cls, kind="stable")  # ascending: a more important class paints over
    for start in range(0, len(order), 200_000):
        ids = order[start:start + 200_000]
        s, kc = px[ids], k[ids]
        rep = np.repeat(np.arange(len(s)), kc)
        t = (np.arange(len(rep)) - np.repeat(np.cumsum(kc) - kc, kc)) / np.repeat(kc - 1, kc)
        col = (s[rep, 0] + (s[rep, 2] - s[rep, 0]) * t).astype(np.int32)
        row = (s[rep, 1] + (s[rep, 3] - s[rep, 1]) * t).astype(np.int32)
        del t
        value = (cls[ids] + 1).astype(np.uint8)[rep]
        ok = (col >= 0) & (col < w) & (row >= 0) & (row < h)
        grid[row[ok], col[ok]] = value[ok]
        fat = np.flatnonzero(thick[cls[ids]][rep])
        if len(fat):
            col, row, value = col[fat], row[fat], value[fat]
            for dx, dy in ((1, 0), (0, 1), (1, 1)):
                c, r = col + dx, row + dy
                ok = (c < w) & (r < h) & (c >= 0) & (r >= 0)
                grid[r[ok], c[ok]] = value[ok]
    return grid


def png_indexed(pixels: np.ndarray, palette: Sequence[tuple[int, int, int, int]]) -> bytes:
    """A palette PNG of ``pixels`` (uint8 indices into ``palette`` of RGBA): 4 bits a pixel up to 16 colours.

    Four bits and zlib level 1 keep a dense city tile near 12 kB in under a millisecond
    (level 6 saves a tenth for seven times the time; 8 bits at level 9 take a thousand times).
    """
    h, w = pixels.shape
    depth = 4 if len(palette) <= 16 and w % 2 == 0 else 8
    packed = (pixels[:, 0::2] << 4) | pixels[:, 1::2] if depth == 4 else pixels
    raw = np.zeros((h, packed.shape[1] + 1), dtype=np.uint8)  # filter byte 0 (None) before every row
    raw[:, 1:] = packed

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rgb = b"".join(bytes(c[:3]) for c in palette)
    alpha = bytes(c[3] for c in palette)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, 3, 0, 0, 0))
            + chunk(b"PLTE", rgb) + chunk(b"tRNS", alpha) + chunk(b"IDAT", zlib.compress(raw.tobytes(), 1))
            + chunk(b"IEND", b""))


def _rgba(colour: str) -> tuple[int, int, int, int]:
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16), 255


def line_tiles(geoms: np.ndarray, classes: np.ndarray, colours: Sequence[str], zmin: int, zmax: int,
               max_bytes: int, thick_classes: Sequence[int] = ()) -> TilePyramid:
    """Render lines (lon/lat) into PNG tiles from ``zmin`` up to ``zmax`` or until ``max_bytes`` would be passed.

    Parameters
    ----------
    geoms
        Line geometries in lon/lat.
    classes
        Per line: 0…len(colours)-1; a higher class is drawn over a lower one.
    colours
        CSS ``#rrggbb`` per class.
    zmin, zmax
        Zoom levels to try, coarsest first; a level whose tiles would pass the budget (or
        whose grid would pass :data:`MAX_GRID_PX`) ends the pyramid at the level below.
    max_bytes
        Budget for all PNG bytes.
    thick_classes
        Classes drawn two pixels wide (e.g. transmission mains).

    Returns
    -------
    TilePyramid
        Its ``zmax`` is the finest level kept (``zmin - 1`` when not even ``zmin`` fits).
    """
    seg, cls = _segments(np.asarray(geoms), np.asarray(classes, dtype=np.int64))
    out = TilePyramid(zmin=zmin, zmax=zmin - 1)
    if not len(seg):
        return out
    palette = [(0, 0, 0, 0)] + [_rgba(c) for c in colours]
    thick = np.zeros(len(colours), dtype=bool)
    thick[list(thick_classes)] = True
    # The extent of all but the farthest 0.05 % of points, plus a twentieth: a pipe
    # digitised in the wrong place (a far outlier) does not blow the grid up, it is left out.
    pts = seg.reshape(-1, 2)
    lo, hi = np.quantile(pts, 0.0005, axis=0), np.quantile(pts, 0.9995, axis=0)
    lo, hi = np.maximum(lo - (hi - lo) / 20, pts.min(axis=0)), np.minimum(hi + (hi - lo) / 20, pts.max(axis=0))

    def tile_range(z: int) -> tuple[int, int, int, int]:
        scale = float(TILE * 2 ** z)
        (tx0, ty0), (tx1, ty1) = (np.floor(lo * scale) // TILE).astype(int), (np.floor(hi * scale) // TILE).astype(int)
        return int(tx0), int(ty0), int(tx1) + 1, int(ty1) + 1

    # The finest level whose grid fits is rasterised once; each coarser one max-pools
    # 2×2 pixels of the one above (a more important class wins), so lines never vanish.
    top = zmin - 1
    for z in range(zmin, zmax + 1):
        tx0, ty0, tx1, ty1 = tile_range(z)
        if (tx1 - tx0) * (ty1 - ty0) * TILE * TILE > MAX_GRID_PX:
            break
        top = z
    if top < zmin:
        return out
    tx0, ty0, tx1, ty1 = tile_range(top)
    grid = _rasterise(seg, cls, float(TILE * 2 ** top), tx0 * TILE, ty0 * TILE,
                      (tx1 - tx0) * TILE, (ty1 - ty0) * TILE, thick)
    levels = {top: (grid, tx0, ty0)}
    for z in range(top - 1, zmin - 1, -1):
        g, ox, oy = levels[z + 1]
        left, up = ox % 2, oy % 2
        nx, ny = g.shape[1] // TILE + left, g.shape[0] // TILE + up
        pad = np.zeros(((ny + ny % 2) * TILE, (nx + nx % 2) * TILE), dtype=np.uint8)
        pad[up * TILE:up * TILE + g.shape[0], left * TILE:left * TILE + g.shape[1]] = g
        pooled = pad.reshape(pad.shape[0] // 2, 2, pad.shape[1] // 2, 2).max(axis=(1, 3))
        levels[z] = (pooled, (ox - left) // 2, (oy - up) // 2)
    for z in range(zmin, top + 1):
        grid, tx0, ty0 = levels[z]
        level: dict[str, bytes] = {}
        budget = max_bytes - out.nbytes
        used = 0
        for j in range(grid.shape[0] // TILE):
            band = grid[j * TILE:(j + 1) * TILE]
            filled = band.reshape(TILE, -1, TILE).any(axis=(0, 2))
            for i in np.flatnonzero(filled):
                data = png_indexed(band[:, i * TILE:(i + 1) * TILE], palette)
                level[f"{z}/{tx0 + i}/{ty0 + j}"] = data
                used += len(data)
            if used > budget:
                break
        if used > budget:
            break
        out.tiles.update(level)
        out.zmax = z
    return out
