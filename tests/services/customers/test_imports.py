"""Customer imports: Chinese headers in GBK and UTF-8 CSV and in XLSX, remembered mappings, bad rows, geocoding."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from sqlalchemy import func, select

from models.customers import CustomerAccount, Meter
from models.importing import store_features
from services.customers.importing import CustomerImportError, import_customers, read_table

ROWS = pd.DataFrame({
    "户号": ["H001", "H002", "H003", "H004"],
    "户名": ["张三", "李四", "人民医院", "王五"],
    "地址": ["Landstrasse 12", "Austrasse 3号", "Landesspital", "无名路 8"],
    "用户类别": ["居民", "非居民", "重要用户", "居民"],
    "表号": ["M1", "M2", "M3", "M4"],
    "口径": ["DN20", "40", "DN100", "15"],
    "安装日期": ["2019-03-01", "2021-05-06", "2024-01-10", "2020-02-29"],
    "检定日期": ["2019-02-20", "2021-05-01", "2024-01-05", "2020-02-29"],
    "应急联系人": ["", "", "院办", ""],
    "应急电话": ["", "", "0423-2355", ""],
})


def _city_streets(store) -> None:
    """Two named streets (pipes) and a named important user: what the geocoder matches against."""
    with store.engine.begin() as conn:
        pipes = gpd.GeoDataFrame({"code": ["P1", "P2", "P3"], "street": ["Landstrasse", "Landstrasse", "Austrasse"]},
                                 geometry=[shapely.LineString([(9.52, 47.14), (9.53, 47.14)]),
                                           shapely.LineString([(9.53, 47.14), (9.54, 47.15)]),
                                           shapely.LineString([(9.50, 47.16), (9.50, 47.17)])], crs="EPSG:4326")
        store_features(conn, "pipes", pipes)
        users = gpd.GeoDataFrame({"code": ["U1"], "name": ["Landesspital"], "category": ["hospital"]},
                                 geometry=[shapely.Point(9.515, 47.135)], crs="EPSG:4326")
        store_features(conn, "users", users)


@pytest.mark.parametrize(("suffix", "encoding"), [(".csv", "gbk"), (".csv", "utf-8"), (".xlsx", None)])
def test_chinese_headers_in_every_encoding(store, tmp_path, suffix, encoding):
    path = tmp_path / f"用户{suffix}"
    if suffix == ".xlsx":
        ROWS.to_excel(path, index=False)
    else:
        path.write_bytes(ROWS.to_csv(index=False).encode(encoding))
    _city_streets(store)
    with store.engine.begin() as conn:
        result = import_customers(conn, "accounts", path)
    assert result.inserted == 4
    assert result.mapping["account_name"] == "户名" and result.mapping["meter_code"] == "表号"
    assert result.unmatched == ["H004"]
    with store.session() as s:
        acc = {a.code: a for a in s.scalars(select(CustomerAccount))}
        assert acc["H001"].name == "张三" and acc["H001"].located_by == "street"
        assert acc["H003"].located_by == "place" and acc["H003"].lon == pytest.approx(9.515)
        assert acc["H003"].category == "important" and acc["H003"].emergency_phone == "0423-2355"
        assert acc["H004"].lon is None
        meters = {m.code: m for m in s.scalars(select(Meter))}
        assert meters["M1"].diameter_mm == 20 and str(meters["M4"].first_verified_on) == "2020-02-29"


def test_mapping_is_remembered(store, tmp_path):
    path = tmp_path / "export.csv"
    ROWS.rename(columns={"户号": "客户代码X"}).to_csv(path, index=False, encoding="gbk")
    with store.engine.begin() as conn, pytest.raises(CustomerImportError, match="account_code"):
        import_customers(conn, "accounts", path)
    with store.engine.begin() as conn:
        import_customers(conn, "accounts", path, {"account_code": "客户代码X"})
    with store.engine.begin() as conn:  # the same file again: the mapping is recalled
        again = import_customers(conn, "accounts", path)
    assert again.mapping["account_code"] == "客户代码X" and again.updated == 4


def test_bad_row_names_row_and_writes_nothing(store, tmp_path):
    bad = ROWS.copy()
    bad.loc[2, "户号"] = ""
    path = tmp_path / "bad.csv"
    bad.to_csv(path, index=False, encoding="gbk")
    with pytest.raises(CustomerImportError, match=r"bad\.csv: row\(s\) 4: no account number"):
        with store.engine.begin() as conn:
            import_customers(conn, "accounts", path)
    dup = ROWS.copy()
    dup.loc[3, "户号"] = "H001"
    path2 = tmp_path / "dup.csv"
    dup.to_csv(path2, index=False)
    with pytest.raises(CustomerImportError, match=r"row\(s\) 2, 5: the same account number appears twice"):
        with store.engine.begin() as conn:
            import_customers(conn, "accounts", path2)
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(CustomerAccount)) == 0


def test_reads_with_unknown_account_fail_whole_file(store, tmp_path):
    acc = tmp_path / "a.csv"
    ROWS.to_csv(acc, index=False)
    with store.engine.begin() as conn:
        import_customers(conn, "accounts", acc)
    reads = tmp_path / "抄表.csv"
    pd.DataFrame({"户号": ["H001", "H999"], "抄表月份": ["2026年07月", "2026-07"], "用水量": ["3", "0"]}).to_csv(
        reads, index=False, encoding="gbk")
    with pytest.raises(CustomerImportError, match=r"row\(s\) 3: unknown account \(H999\)"):
        with store.engine.begin() as conn:
            import_customers(conn, "reads", reads)


def test_not_a_table(tmp_path):
    p = tmp_path / "x.pdf"
    p.write_bytes(b"%PDF")
    with pytest.raises(CustomerImportError, match="not a CSV or XLSX"):
        read_table(p)
