"""Lines pre-rendered as Web Mercator PNG tiles: right tiles, right pixels, within the byte budget."""

from __future__ import annotations

import struct
import zlib

import numpy as np
import shapely

from gis.map_tiles import TILE, line_tiles, lonlat_to_world, png_indexed


def _decode(png: bytes) -> tuple[np.ndarray, list[tuple[int, int, int]]]:
    """Pixels (palette indices) and palette of a 4- or 8-bit palette PNG written by :func:`png_indexed`."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks = 8, {}
    while pos < len(png):
        (n,) = struct.unpack(">I", png[pos:pos + 4])
        kind, data = png[pos + 4:pos + 8], png[pos + 8:pos + 8 + n]
        assert struct.unpack(">I", png[pos + 8 + n:pos + 12 + n])[0] == zlib.crc32(kind + data) & 0xFFFFFFFF
        chunks[kind] = data
        pos += 12 + n
    w, h, depth, colour_type = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert colour_type == 3
    raw = np.frombuffer(zlib.decompress(chunks[b"IDAT"]), dtype=np.uint8).reshape(h, -1)
    assert (raw[:, 0] == 0).all()
    rows = raw[:, 1:]
    px = np.stack([rows >> 4, rows & 15], axis=2).reshape(h, -1)[:, :w] if depth == 4 else rows
    pal = chunks[b"PLTE"]
    return px, [tuple(pal[i:i + 3]) for i in range(0, len(pal), 3)]


def test_png_round_trip():
    pixels = np.zeros((TILE, TILE), dtype=np.uint8)
    pixels[10, 20:40] = 2
    pixels[100, 7] = 1
    png = png_indexed(pixels, [(0, 0, 0, 0), (255, 0, 0, 255), (0, 128, 0, 255)])
    back, palette = _decode(png)
    assert (back == pixels).all()
    assert palette[2] == (0, 128, 0)


def test_a_line_lands_in_its_tiles_with_its_class_colour_on_top():
    # Two crossing lines near Vaduz; the second (class 1) is drawn over the first (class 0).
    a = shapely.LineString([(9.50, 47.14), (9.54, 47.14)])
    b = shapely.LineString([(9.52, 47.12), (9.52, 47.16)])
    pyr = line_tiles(np.array([a, b]), np.array([0, 1]), ["#9e9e9e", "#d7191c"], 12, 15, 10**7)
    assert (pyr.zmin, pyr.zmax) == (12, 15)
    x, y = lonlat_to_world(np.array([9.52]), np.array([47.14]))
    for z in range(12, 16):
        px, py = x[0] * TILE * 2 ** z, y[0] * TILE * 2 ** z
        key = f"{z}/{int(px // TILE)}/{int(py // TILE)}"
        pixels, palette = _decode(pyr.tiles[key])
        # The crossing pixel (within a pixel of it) is the top class's colour.
        c, r = int(px % TILE), int(py % TILE)
        window = pixels[max(r - 1, 0):r + 2, max(c - 1, 0):c + 2]
        assert 2 in window and palette[2] == (0xD7, 0x19, 0x1C)
    # Only tiles a line passes through are written.
    assert all(_decode(t)[0].any() for t in pyr.tiles.values())


def test_the_byte_budget_drops_the_finest_levels():
    rng = np.random.default_rng(0)
    lines = [shapely.LineString(rng.uniform([9.50, 47.10], [9.58, 47.16], (5, 2))) for _ in range(400)]
    full = line_tiles(np.array(lines), np.zeros(400, dtype=int), ["#1a9641"], 11, 16, 10**9)
    small = line_tiles(np.array(lines), np.zeros(400, dtype=int), ["#1a9641"], 11, 16, full.nbytes // 3)
    assert full.zmax == 16 and small.zmax < 16
    assert small.nbytes <= full.nbytes // 3
    assert set(small.tiles) == {k for k in full.tiles if int(k.split("/")[0]) <= small.zmax}
