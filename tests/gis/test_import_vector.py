"""gis.io.vector on real files written by GDAL, and on broken ones."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely

from gis.io import ImportFailed, read_vector
from gis.io.fields import normalise_name, parse_map_options, unit_in_name
from models.kinds import FEATURE_KINDS

PIPES = FEATURE_KINDS["pipes"]
VENUES = FEATURE_KINDS["venues"]
VALVES = FEATURE_KINDS["valves"]
#: Vaduz, Liechtenstein in UTM 32N (metres).
X0, Y0 = 539_000.0, 5_221_000.0


def utility_pipes() -> gpd.GeoDataFrame:
    """Pipes as a Chinese utility delivers them: Chinese field names, DN strings, a metric CRS."""
    lines = [shapely.LineString([(X0 + 100 * i, Y0), (X0 + 100 * i + 80, Y0 + 60)]) for i in range(6)]
    return gpd.GeoDataFrame(
        {
            "管线编号": [f"GX-{i:03d}" for i in range(6)],
            "管径": ["DN300", "DN200", "Φ150", "100", "DN600", "DN800"],
            "材质": ["球墨铸铁", "PE", "PE", "钢", "球墨铸铁", "钢"],
            "所在道路": ["人民路", "解放路", None, "", "滨河路", "滨河路"],
        },
        geometry=lines,
        crs="EPSG:32632",
    )


def test_guessed_chinese_fields_and_reprojection(tmp_path: Path) -> None:
    path = tmp_path / "pipes.gpkg"
    utility_pipes().to_file(path, driver="GPKG")
    res = read_vector(path, PIPES)
    f = res.frame
    assert res.mapping == {
        "code": "管线编号", "diameter_mm": "管径", "material": "材质", "street": "所在道路",
    }
    assert f["code"].tolist() == [f"GX-{i:03d}" for i in range(6)]
    assert f["diameter_mm"].tolist() == [300, 200, 150, 100, 600, 800]
    assert f["material"][0] == "球墨铸铁" and f["street"][0] == "人民路" and f["street"][3] is None
    assert f.crs.to_epsg() == 4326 and res.crs == "EPSG:32632"
    x, y = shapely.get_coordinates(f.geometry.values).T
    assert 9.4 < x.min() < x.max() < 9.7 and 47.0 < y.min() < y.max() < 47.3
    # lengths measured on the ellipsoid: each pipe is 100 m long (80/60/100 triangle).
    assert np.allclose(f["length_m"], 100.0, rtol=2e-3)
    assert res.rejected == [] and res.repaired == 0


def test_explicit_map_with_inches_and_feet(tmp_path: Path) -> None:
    g = utility_pipes().rename(columns={"管径": "SIZE_IN"})
    g["SIZE_IN"] = [12, 8, 6, 4, 24, 30]
    g["LEN"] = [328.084] * 6
    path = tmp_path / "us.geojson"
    g.to_file(path, driver="GeoJSON")
    res = read_vector(path, PIPES, mapping=parse_map_options(["length_m=LEN:ft"]))
    # SIZE_IN: the unit in the field name converts inches without being asked.
    assert res.frame["diameter_mm"].tolist() == pytest.approx([304.8, 203.2, 152.4, 101.6, 609.6, 762.0])
    assert res.frame["length_m"].tolist() == pytest.approx([100.0] * 6, rel=1e-4)
    assert any("from ft" in n for n in res.notes) and any("from in" in n for n in res.notes)


def test_inch_like_diameters_are_pointed_out(tmp_path: Path) -> None:
    g = utility_pipes()
    g["管径"] = ["12", "8", "6", "4", "24", "30"]
    path = tmp_path / "inches.gpkg"
    g.to_file(path, driver="GPKG")
    res = read_vector(path, PIPES)
    assert any("look like inches" in n and "diameter_mm=管径:in" in n for n in res.notes)


def test_bad_map_fails_naming_field(tmp_path: Path) -> None:
    path = tmp_path / "pipes.gpkg"
    utility_pipes().to_file(path, driver="GPKG")
    with pytest.raises(ImportFailed, match="no field 'DIAM'"):
        read_vector(path, PIPES, mapping={"diameter_mm": "DIAM"})
    with pytest.raises(ValueError, match="target=source"):
        parse_map_options(["diameter_mm"])


def test_field_name_helpers() -> None:
    assert unit_in_name("DIAM_IN") == "in" and unit_in_name("管径(mm)") == "mm" and unit_in_name("DIAM") is None
    assert normalise_name("Pipe_Class") == "pipeclass" and normalise_name("管径(mm)") == "管径"


def test_gbk_shapefile_without_cpg(tmp_path: Path) -> None:
    path = tmp_path / "管线.shp"
    pyogrio.write_dataframe(utility_pipes(), path, encoding="GBK")
    path.with_suffix(".cpg").unlink()
    assert b"\xc7\xf2\xc4\xab" in path.with_suffix(".dbf").read_bytes()  # 球墨 in GBK
    res = read_vector(path, PIPES)
    assert res.frame["material"][0] == "球墨铸铁" and res.frame["street"][1] == "解放路"
    assert any("GB18030" in n for n in res.notes)


def test_shapefile_without_prj_needs_crs(tmp_path: Path) -> None:
    path = tmp_path / "noprj.shp"
    # DBF field names are 10 bytes: GBK fits 管线编号, UTF-8 would cut it mid-character.
    pyogrio.write_dataframe(utility_pipes(), path, encoding="GBK")
    path.with_suffix(".prj").unlink()
    with pytest.raises(ImportFailed, match=r"noprj.shp: .*no coordinate reference system.*--crs"):
        read_vector(path, PIPES)
    res = read_vector(path, PIPES, crs="EPSG:32632")
    assert len(res.frame) == 6 and res.crs == "EPSG:32632"


def test_metric_coordinates_declared_wgs84(tmp_path: Path) -> None:
    path = tmp_path / "wrong.geojson"
    utility_pipes().set_crs("EPSG:4326", allow_override=True).to_file(path, driver="GeoJSON")
    with pytest.raises(ImportFailed, match=r"wrong.geojson: coordinates .* are not lon/lat .*wrong CRS\?"):
        read_vector(path, PIPES)
    # Given the right CRS, the same file imports.
    assert len(read_vector(path, PIPES, crs="EPSG:32632").frame) == 6


def test_self_intersecting_polygon_repaired_and_wrong_geometry_rejected(tmp_path: Path) -> None:
    bowtie = shapely.Polygon([(9.52, 47.14), (9.53, 47.15), (9.53, 47.14), (9.52, 47.15)])
    square = shapely.box(9.50, 47.13, 9.51, 47.14)
    point = shapely.Point(9.5, 47.1)
    line = shapely.LineString([(9.5, 47.1), (9.51, 47.1)])
    path = tmp_path / "venues.geojson"
    gpd.GeoDataFrame({"名称": ["体育场", "会展中心", "点", "线"]}, geometry=[square, bowtie, point, line],
                     crs=4326).to_file(path, driver="GeoJSON")
    assert not bowtie.is_valid
    res = read_vector(path, VENUES)
    assert res.frame["name"].tolist() == ["体育场", "会展中心"]
    assert res.repaired == 1 and res.frame.geometry.is_valid.all()
    assert res.frame.geometry.iloc[1].area == pytest.approx(bowtie.buffer(0).area + 0.5 * 1e-4, rel=0.6)
    assert [(r.feature, r.reason) for r in res.rejected] == [
        ("feature 2", "point geometry, expected a polygon"),
        ("feature 3", "line geometry, expected a polygon"),
    ]


@pytest.mark.parametrize("suffix,driver", [(".gpkg", "GPKG"), (".shp", "ESRI Shapefile"), (".geojson", "GeoJSON")])
def test_truncated_files_fail_clearly(tmp_path: Path, suffix: str, driver: str) -> None:
    path = tmp_path / f"cut{suffix}"
    big = gpd.GeoDataFrame(geometry=[shapely.Point(9.5 + i * 1e-4, 47.1) for i in range(2000)], crs=4326)
    big.to_file(path, driver=driver)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ImportFailed) as info:
        read_vector(path, VALVES)
    assert str(info.value).startswith(f"cut{suffix}: ")


def test_empty_and_missing_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.gpkg"
    empty.write_bytes(b"")
    with pytest.raises(ImportFailed, match="empty.gpkg: the file is empty"):
        read_vector(empty, PIPES)
    with pytest.raises(ImportFailed, match="nothing.shp: no such file"):
        read_vector(tmp_path / "nothing.shp", PIPES)
    no_features = tmp_path / "none.geojson"
    no_features.write_text(json.dumps({"type": "FeatureCollection", "features": []}))
    with pytest.raises(ImportFailed, match="none.geojson: "):
        read_vector(no_features, PIPES)


def test_csv_with_wkt_and_with_lonlat(tmp_path: Path) -> None:
    wkt = tmp_path / "valves.csv"
    wkt.write_text("编号,WKT,状态,口径\nFM-1,POINT (9.52 47.14),关闭,DN300\nFM-2,POINT (9.53 47.15),开,200\n",
                   encoding="utf-8")
    with pytest.raises(ImportFailed, match="no coordinate reference system"):
        read_vector(wkt, VALVES)
    res = read_vector(wkt, VALVES, crs="EPSG:4326")
    assert res.frame["code"].tolist() == ["FM-1", "FM-2"]
    assert res.frame["status"].tolist() == ["closed", "open"]
    assert res.frame["diameter_mm"].tolist() == [300, 200]
    lonlat = tmp_path / "hydrants.csv"
    lonlat.write_text("name,lon,lat\nH1,9.52,47.14\nH2,9.53,47.15\n")
    res = read_vector(lonlat, FEATURE_KINDS["hydrants"])
    assert shapely.get_coordinates(res.frame.geometry.values).tolist() == [[9.52, 47.14], [9.53, 47.15]]
    assert any("lon/lat columns read as WGS84" in n for n in res.notes)


def test_gbk_csv(tmp_path: Path) -> None:
    path = tmp_path / "users.csv"
    path.write_bytes("名称,类别,lon,lat\n州立医院,医院,9.52,47.14\n".encode("gbk"))
    res = read_vector(path, FEATURE_KINDS["users"])
    assert res.frame["name"][0] == "州立医院" and res.frame["category"][0] == "hospital"
    assert any("GB18030" in n for n in res.notes)


def test_kml_lines(tmp_path: Path) -> None:
    path = tmp_path / "route.kml"
    gpd.GeoDataFrame({"Name": ["Motorcade A"]}, geometry=[shapely.LineString([(9.52, 47.14), (9.53, 47.16)])],
                     crs=4326).to_file(path, driver="KML")
    res = read_vector(path, FEATURE_KINDS["routes"])
    assert res.frame["name"].tolist() == ["Motorcade A"]


def test_gbk_shapefile_with_a_wrong_cpg(tmp_path: Path) -> None:
    path = tmp_path / "pipes.shp"
    pyogrio.write_dataframe(utility_pipes(), path, encoding="GBK")
    path.with_suffix(".cpg").write_text("UTF-8")
    res = read_vector(path, PIPES)
    assert res.frame["material"][0] == "球墨铸铁"
    assert any("does not decode as its declared encoding; decoded as GB18030" in n for n in res.notes)
