"""The GDAL-free GeoPackage reader answers what pyogrio answers, and says when it cannot."""

from __future__ import annotations

import shutil
import sqlite3

import pandas as pd
import pyogrio
import pytest
import shapely

from gis import gpkg_lite
from models.paths import DEMO_FOLDER

DEMO_GPKG = DEMO_FOLDER / "demo_city.gpkg"


def test_every_plain_demo_table_reads_as_pyogrio_reads_it():
    assert gpkg_lite.list_layers(DEMO_GPKG) == list(pyogrio.list_layers(DEMO_GPKG)[:, 0])
    plain = 0
    for layer in gpkg_lite.list_layers(DEMO_GPKG):
        theirs = pyogrio.read_dataframe(DEMO_GPKG, layer=layer)
        try:
            ours = gpkg_lite.read_layer(DEMO_GPKG, layer)
        except gpkg_lite.NotPlainGpkg as exc:
            assert layer == "pipes" and "BOOLEAN" in str(exc)  # exposed: a BOOLEAN column
            continue
        plain += 1
        pd.testing.assert_frame_equal(ours, theirs, check_exact=True)
        assert ours.crs == theirs.crs
        assert (shapely.to_wkb(ours.geometry.values) == shapely.to_wkb(theirs.geometry.values)).all()
    assert plain >= 17  # the basemap and the event's layers


def test_what_it_cannot_read_exactly_it_refuses(tmp_path):
    with pytest.raises(gpkg_lite.NotPlainGpkg, match="not a GeoPackage"):
        gpkg_lite.read_layer(tmp_path / "absent.gpkg", "x")
    junk = tmp_path / "junk.gpkg"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(gpkg_lite.NotPlainGpkg):
        gpkg_lite.list_layers(junk)
    with pytest.raises(gpkg_lite.NotPlainGpkg, match="no feature table"):
        gpkg_lite.read_layer(DEMO_GPKG, "no_such_layer")
    copy = tmp_path / "copy.gpkg"
    shutil.copyfile(DEMO_GPKG, copy)
    with sqlite3.connect(copy) as con:  # a NULL in an INTEGER column: pyogrio would give floats
        con.execute("CREATE TABLE n (fid INTEGER PRIMARY KEY, geom POINT, k INTEGER)")
        con.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES ('n', 'features', 'n', 4326)")
        con.execute("INSERT INTO gpkg_geometry_columns VALUES ('n', 'geom', 'POINT', 4326, 0, 0)")
        con.execute("INSERT INTO n (geom, k) VALUES (NULL, NULL)")
    with pytest.raises(gpkg_lite.NotPlainGpkg, match="NULL"):
        gpkg_lite.read_layer(copy, "n")
