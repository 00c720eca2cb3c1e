"""gis.io.epanet on the real networks shipped by wntr and epyt."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest
import shapely

from gis.io import ImportFailed, read_epanet


def wntr_network(name: str) -> Path:
    """A network file shipped inside the installed wntr package."""
    return Path(importlib.util.find_spec("wntr").origin).parent / "library" / "networks" / name


def epyt_network(name: str) -> Path:
    """A network file shipped inside the installed epyt package (ASCE TF WDST collection)."""
    return Path(importlib.util.find_spec("epyt").origin).parent / "networks" / "asce-tf-wdst" / name


def test_ky4_curved_pipes_in_kentucky() -> None:
    res = read_epanet(wntr_network("ky4.inp"), "EPSG:3089")
    pipes, nodes = res.frame, res.extra["nodes"]
    assert len(nodes) == 964 and len(pipes) == 1156 + 2  # 2 pumps as connector links
    # ky4 lies south-east of Louisville, Kentucky.
    x, y = shapely.get_coordinates(nodes.geometry.values).T
    assert -85.7 < x.min() < x.max() < -85.4 and 37.9 < y.min() < y.max() < 38.2
    p1 = pipes.set_index("code").loc["P-1"]
    assert shapely.get_num_coordinates(p1.geometry) == 7  # 2 ends + 5 vertices
    assert p1.from_code == "J-1" and p1.to_code == "J-34"
    assert p1.diameter_mm == pytest.approx(152.4)  # 6 in
    assert p1.length_m == pytest.approx(536.49, abs=0.01)  # 1760.1 ft
    curved = shapely.get_num_coordinates(pipes.geometry.values) > 2
    assert curved.sum() == 683
    # The drawn curve of P-1 starts and ends on its nodes.
    n = nodes.set_index("code").geometry
    assert shapely.Point(p1.geometry.coords[0]).distance(n["J-1"]) < 1e-9
    assert shapely.Point(p1.geometry.coords[-1]).distance(n["J-34"]) < 1e-9
    src = res.extra["sources"].set_index("code")
    assert (src.kind == "tank").sum() == 4 and (src.kind == "reservoir").sum() == 1 and (src.kind == "pump").sum() == 2
    assert src.loc["~@Pump-1", "node_code"] == "O-Pump-1"


def test_micropolis_rule_times_and_valves() -> None:
    res = read_epanet(epyt_network("MICROPOLIS_v1.inp"), "EPSG:3089")
    valves = res.extra["valves"]
    assert len(valves) == 196
    assert set(valves["valve_type"]) <= {"prv", "psv", "pbv", "fcv", "tcv", "gpv"}
    assert any("'6 AM' read as '6:00 AM'" in n for n in res.notes)
    assert not any("controls and rules not read" in n for n in res.notes)
    v1 = valves.set_index("code").loc["V1"]
    assert v1.pipe_code == "V1" and v1.node_code == "VN1464" and v1.diameter_mm == pytest.approx(304.8)
    # The valve sits at the middle of its connector link, which joins its two nodes.
    link = res.frame.set_index("code").loc["V1"]
    assert (link.from_code, link.to_code) == ("VN1464", "VN1465")
    assert shapely.line_locate_point(link.geometry, v1.geometry, normalized=True) == pytest.approx(0.5)
    assert len(res.frame) == 1415 + 196 + 8


def test_net3_needs_a_crs_and_converts_units() -> None:
    path = wntr_network("Net3.inp")
    with pytest.raises(ImportFailed, match=r"Net3.inp: .*no coordinate reference system.*--crs EPSG:N"):
        read_epanet(path, None)
    res = read_epanet(path, "EPSG:32632")
    pipes = res.frame.set_index("code")
    assert pipes.loc["101", "diameter_mm"] == pytest.approx(18 * 25.4)
    assert pipes.loc["101", "length_m"] == pytest.approx(14200 * 0.3048)
    assert (res.extra["sources"]["kind"] == "tank").sum() == 3


def test_wrong_crs_is_refused() -> None:
    with pytest.raises(ImportFailed, match="do not fit EPSG:4326: wrong --crs"):
        read_epanet(wntr_network("ky4.inp"), "EPSG:4326")
    with pytest.raises(ImportFailed, match="unknown CRS 'EPSG:99999'"):
        read_epanet(wntr_network("ky4.inp"), "EPSG:99999")


def test_broken_inp_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.inp"
    empty.write_text("")
    with pytest.raises(ImportFailed, match="empty.inp: the file is empty"):
        read_epanet(empty, "EPSG:3089")
    text = wntr_network("ky4.inp").read_text()
    cut = tmp_path / "cut.inp"
    cut.write_text(text[: text.index("[PIPES]") + 2000])  # pipes to nodes never defined
    with pytest.raises(ImportFailed, match=r"cut.inp: the file ends inside \[PIPES\] at line [\d,]+, without "):
        read_epanet(cut, "EPSG:3089")
    other = tmp_path / "notes.inp"
    other.write_text("hello\n")
    with pytest.raises(ImportFailed, match="not an EPANET .inp file"):
        read_epanet(other, "EPSG:3089")


@pytest.mark.slow
def test_bwsn_network_2_size() -> None:
    res = read_epanet(epyt_network("BWSN_Network_2.inp"), "EPSG:3089")
    kinds = res.frame["source"].str.extract(r"\[(\w+)\]", expand=False).value_counts()
    assert kinds["PIPES"] == 14822 and kinds["VALVES"] == 5 and kinds["PUMPS"] == 4
    assert len(res.extra["nodes"]) == 12527
    assert np.isfinite(res.frame["length_m"]).all() and (res.frame["length_m"] >= 0).all()


def test_ky10_placeholder_valve_diameters_are_unknown_not_dn25400() -> None:
    """ky10 gives its 5 PRVs a diameter of 1000 in (25.4 m): no valve size, so the DN is unknown, with a note."""
    res = read_epanet(epyt_network("ky10.inp"), "EPSG:3089")
    valves = res.extra["valves"].set_index("code")
    assert len(valves) == 5 and set(valves["valve_type"]) == {"prv"}
    assert valves["diameter_mm"].isna().all()
    assert not (res.frame["diameter_mm"] > 5000).any()
    assert res.frame.set_index("code").loc["~@RV-1", "diameter_mm"] != res.frame.set_index("code").loc["~@RV-1", "diameter_mm"]
    note = next(n for n in res.notes if "1,000 in" in n)
    assert "~@RV-1" in note and "unknown" in note
    # Real pipe sizes are untouched (inches to mm once: the largest, 14 in, is 355.6 mm).
    pipes = res.frame[res.frame["source"].str.endswith("[PIPES]")]
    assert pipes["diameter_mm"].notna().all() and pipes["diameter_mm"].max() == pytest.approx(355.6)
