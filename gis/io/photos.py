"""Photos sent from a phone: checked by their content, re-encoded without metadata.

What a phone uploads is untrusted bytes. :func:`check_photo` opens them with
Pillow (never trusting the file name or the declared type), accepts only JPEG,
PNG and — when ``pillow-heif`` is installed — HEIC/HEIF, refuses anything too
large in bytes or pixels, reads the camera's GPS position from EXIF, turns the
picture upright (EXIF orientation), downscales it to ``max_side`` pixels and
writes a fresh JPEG (PNG stays PNG when it has transparency) that carries no
metadata at all: no EXIF, no GPS, no camera serial, no XMP, no ICC comments.

Pure: no Qt, no session. Raises :class:`PhotoRefused` with a stable code.
"""

from __future__ import annotations

import io
import math
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

try:  # HEIC (iPhone photos) only when the plugin is installed
    import pillow_heif

    pillow_heif.register_heif_opener()
    HEIC_SUPPORTED = True
except ImportError:  # pragma: no cover - depends on the installation
    HEIC_SUPPORTED = False

#: One photo at most this many bytes as uploaded.
MAX_PHOTO_BYTES = 8 * 1024 * 1024
#: The stored photo's longer side, pixels.
MAX_SIDE = 1600
#: Refuse pictures with more pixels than this before decoding them (decompression bombs).
MAX_PIXELS = 60_000_000
JPEG_QUALITY = 85

_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "HEIF": "image/heic"}
_GPS_IFD = 0x8825


class PhotoRefused(ValueError):
    """A file that is not stored as a photo; ``code`` is stable (``too_large``, ``not_an_image``,
    ``unsupported_image``, ``heic_unsupported``, ``too_many_pixels``)."""

    def __init__(self, code: str, detail: str):
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class CheckedPhoto:
    """A photo as it is stored: re-encoded, no metadata; the EXIF position read before stripping."""

    mime: str
    width: int
    height: int
    data: bytes
    exif_lon: float | None = None
    exif_lat: float | None = None
    #: The format the upload really was (JPEG, PNG, HEIF).
    source_format: str = ""


def _looks_like_heic(data: bytes) -> bool:
    return len(data) >= 12 and data[4:8] == b"ftyp" and data[8:12] in (
        b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1")


def _rational(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError, ZeroDivisionError):
        num, den = value
        return float(num) / float(den)


def _dms(values, ref) -> float | None:
    try:
        d, m, s = (_rational(v) for v in values)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    x = d + m / 60.0 + s / 3600.0
    if isinstance(ref, bytes):
        ref = ref.decode("ascii", "replace")
    if str(ref).strip().upper() in ("S", "W"):
        x = -x
    return x if math.isfinite(x) else None


def exif_position(image: Image.Image) -> tuple[float | None, float | None]:
    """The (lon, lat) the camera wrote into the photo's EXIF GPS block, or (None, None)."""
    try:
        gps = image.getexif().get_ifd(_GPS_IFD)
    except Exception:  # noqa: BLE001 - a broken EXIF block is no position, not a refusal
        return None, None
    if not gps or 2 not in gps or 4 not in gps:
        return None, None
    lat = _dms(gps[2], gps.get(1, "N"))
    lon = _dms(gps[4], gps.get(3, "E"))
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat == 0 and lon == 0):
        return None, None
    return lon, lat


def check_photo(data: bytes, *, max_bytes: int = MAX_PHOTO_BYTES, max_side: int = MAX_SIDE) -> CheckedPhoto:
    """Check an uploaded photo by its content and re-encode it without metadata.

    Raises
    ------
    PhotoRefused
        Too many bytes, not an image, an image type other than JPEG/PNG/HEIC,
        HEIC without the plugin, too many pixels, or a picture that does not decode.
    """
    if len(data) > max_bytes:
        raise PhotoRefused("too_large", f"{len(data)} bytes, at most {max_bytes}")
    if not data:
        raise PhotoRefused("not_an_image", "the file is empty")
    if not HEIC_SUPPORTED and _looks_like_heic(data):
        raise PhotoRefused("heic_unsupported", "HEIC photos cannot be read here (pillow-heif is not installed); "
                                               "set the camera to JPEG (\"Most compatible\")")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            fmt = image.format or ""
            if fmt not in _FORMATS:
                raise PhotoRefused("unsupported_image", f"a {fmt or 'unknown'} image; JPEG, PNG or HEIC only")
            width, height = image.size
            if width * height > MAX_PIXELS or width < 1 or height < 1:
                raise PhotoRefused("too_many_pixels", f"{width}×{height} pixels")
            lon, lat = exif_position(image)
            image.load()
    except PhotoRefused:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PhotoRefused("not_an_image", f"the file is not a picture ({type(exc).__name__})") from None
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise PhotoRefused("not_an_image", f"the picture does not decode: {exc}") from None
    try:
        image = ImageOps.exif_transpose(image)
    except Exception:  # noqa: BLE001 - a broken orientation tag: keep the picture as it is
        pass
    keep_png = fmt == "PNG" and ("A" in image.getbands() or image.mode == "P" and "transparency" in image.info)
    image = image.convert("RGBA" if keep_png else "RGB")
    if max(image.size) > max_side:
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    # A fresh image with only the pixels: nothing of the upload's metadata survives.
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    out = io.BytesIO()
    if keep_png:
        clean.save(out, format="PNG", optimize=True)
        mime = "image/png"
    else:
        clean.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
        mime = "image/jpeg"
    return CheckedPhoto(mime, clean.width, clean.height, out.getvalue(), lon, lat, fmt)
