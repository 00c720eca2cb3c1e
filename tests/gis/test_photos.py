"""Photos from phones: checked by content, re-encoded without metadata, the camera's position read first."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from gis.io.photos import HEIC_SUPPORTED, PhotoRefused, check_photo
from tests.support.field import jpeg_bytes


def test_a_jpeg_is_downscaled_and_loses_its_metadata_but_not_its_position():
    checked = check_photo(jpeg_bytes((3000, 1000), exif_gps=(-73.9857, 40.7484)), max_side=1200)
    assert (checked.mime, checked.width, checked.height, checked.source_format) == ("image/jpeg", 1200, 400, "JPEG")
    assert checked.exif_lon == pytest.approx(-73.9857, abs=1e-4) and checked.exif_lat == pytest.approx(40.7484, abs=1e-4)
    image = Image.open(io.BytesIO(checked.data))
    assert image.format == "JPEG" and not image.getexif() and not image.info.get("exif")
    assert b"TestCam" not in checked.data


def test_orientation_is_applied_before_stripping():
    image = Image.new("RGB", (300, 100), (10, 200, 10))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° to show
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    checked = check_photo(out.getvalue())
    assert (checked.width, checked.height) == (100, 300)


def test_transparent_png_stays_png():
    out = io.BytesIO()
    Image.new("RGBA", (40, 30), (0, 0, 255, 100)).save(out, format="PNG")
    checked = check_photo(out.getvalue())
    assert checked.mime == "image/png" and (checked.width, checked.height) == (40, 30)


@pytest.mark.parametrize("data, code", [
    (b"", "not_an_image"),
    (b"<html><script>alert(1)</script></html>", "not_an_image"),
    (jpeg_bytes()[:300], "not_an_image"),  # a cut-off JPEG does not decode
    (b"\xff" * 2000, "too_large"),
])
def test_refusals(data, code):
    with pytest.raises(PhotoRefused) as caught:
        check_photo(data, max_bytes=1000)
    assert caught.value.code == code


def test_other_image_types_are_refused():
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="BMP")
    with pytest.raises(PhotoRefused) as caught:
        check_photo(out.getvalue())
    assert caught.value.code == "unsupported_image" and "BMP" in caught.value.detail


def test_heic_from_an_iphone_is_read_when_the_plugin_is_installed():
    if not HEIC_SUPPORTED:
        pytest.skip("pillow-heif is not installed: HEIC is refused with heic_unsupported")
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 100, 0)).save(out, format="HEIF")
    checked = check_photo(out.getvalue())
    assert (checked.mime, checked.source_format, checked.width, checked.height) == ("image/jpeg", "HEIF", 64, 48)
