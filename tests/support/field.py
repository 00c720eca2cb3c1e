"""A store with a patroller and reporting units, their tokens, and a field listener on it (shared per module)."""

from __future__ import annotations

import datetime as dt
import io
import json
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import shapely

from models.duty import ReportingUnit
from models.streets import Street
from models.patrol import Person
from services.field.server import FieldServer, RateLimits
from services.field.tokens import issue_tokens

#: The listener's clock in the tests: a fixed afternoon (the slots before it are missing, after it pending).
NOW = dt.datetime(2026, 6, 12, 6, 10, tzinfo=dt.timezone.utc)


#: Two streets crossing at (9.5211, 47.1412), and one far away (outside a pin map around the crossing).
STREETS = {"Rheinstrasse": [(9.5171, 47.1412), (9.5251, 47.1412)],
           "Marktgasse": [(9.5211, 47.1382), (9.5211, 47.1442)],
           "Fernweg": [(9.60, 47.20), (9.61, 47.21)]}


@dataclass
class FieldSetup:
    store: object
    server: FieldServer
    person_token: str
    unit_token: str
    unit_id: int

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.port}"


def field_store(template: Path, folder: Path):
    """A copy of the migrated template with one patroller (张伟) and two reporting units."""
    from tests.support.stores import open_copy

    store = open_copy(template, f"sqlite:///{folder / 'field.sqlite'}")
    with store.session() as s:
        s.add(Person(name="张伟", role="patroller"))
        s.add_all([Street(name=name, highway="residential", geom=shapely.to_wkb(shapely.LineString(coords)))
                   for name, coords in STREETS.items()])
        s.add_all([ReportingUnit(code="U01", name="East works", name_zh="东区水厂", contact="李", phone="1"),
                   ReportingUnit(code="U02", name="West works", name_zh="西区水厂", contact="王", phone="2")])
        s.flush()
        issued = issue_tokens(s, user="test", now=NOW)
        s.commit()
    person = next(t for t in issued if t.kind == "person")
    unit = next(t for t in issued if t.kind == "unit" and t.team_code == "U01")
    return store, person.token, unit.token, unit.holder_id


def start_field(template: Path, folder: Path, *, limits: RateLimits | None = None, port: int = 0,
                clock=lambda: NOW, **kw) -> FieldSetup:
    """A field store and a listener on it; ``clock=None``: the real clock (a browser sends its own times)."""
    store, person, unit, unit_id = field_store(template, folder)
    server = FieldServer(store, "127.0.0.1", port, clock=clock, limits=limits, **kw).start()
    return FieldSetup(store, server, person, unit, unit_id)


def jpeg_bytes(size=(640, 480), color=(200, 30, 30), exif_gps: tuple[float, float] | None = None) -> bytes:
    """A real JPEG, optionally with a camera GPS position (lon, lat) and a camera make in EXIF."""
    from PIL import Image
    from PIL.TiffImagePlugin import IFDRational

    image = Image.new("RGB", size, color)
    exif = Image.Exif()
    exif[0x010F] = "TestCam"  # Make
    exif[0x0131] = "SecretSoftware 1.0"  # Software
    if exif_gps is not None:
        lon, lat = exif_gps

        def dms(x):
            x = abs(x)
            d = int(x)
            m = int((x - d) * 60)
            s = round(((x - d) * 60 - m) * 60 * 1000)
            return (IFDRational(d, 1), IFDRational(m, 1), IFDRational(s, 1000))
        gps = {1: "N" if lat >= 0 else "S", 2: dms(lat), 3: "E" if lon >= 0 else "W", 4: dms(lon)}
        exif[0x8825] = gps
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def multipart(fields: dict, files: list[tuple[str, str, str, bytes]] = ()) -> tuple[bytes, str]:
    """A multipart/form-data body and its Content-Type."""
    boundary = uuid.uuid4().hex
    parts = []
    for key, value in fields.items():
        if value is None:
            continue
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode())
    for name, filename, ctype, data in files:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     f'Content-Type: {ctype}\r\n\r\n'.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def call(method: str, url: str, body: bytes | None = None, ctype: str | None = None,
         headers: dict | None = None) -> tuple[int, dict, dict]:
    """(status, JSON body, headers) of one request; 4xx/5xx are answers, not exceptions."""
    request = urllib.request.Request(url, data=body, method=method, headers=dict(headers or {}))
    if ctype:
        request.add_header("Content-Type", ctype)
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            raw, status, head = r.read(), r.status, dict(r.headers)
    except urllib.error.HTTPError as exc:
        raw, status, head = exc.read(), exc.code, dict(exc.headers)
    try:
        payload = json.loads(raw or b"{}")
    except ValueError:
        payload = {"_raw": raw[:200].decode("utf-8", "replace")}
    return status, payload, head
