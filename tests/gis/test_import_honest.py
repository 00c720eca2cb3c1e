"""Imports that would lie are refused or warned, with the numbers: cut, misplaced and mis-projected networks, impossible dates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gis.io import ImportFailed, read_epanet, read_tracks
from tests.gis.test_import_epanet import epyt_network, wntr_network


def _cut_inside(text: str, section: str, lines_in: int) -> tuple[str, int]:
    """The text cut ``lines_in`` lines after ``[section]``, and the number of lines left."""
    lines = text.splitlines(keepends=True)
    start = next(i for i, ln in enumerate(lines) if ln.strip().upper() == f"[{section}]")
    kept = lines[: start + 1 + lines_in]
    return "".join(kept), len(kept)


@pytest.mark.parametrize("section", ["PIPES", "COORDINATES"])
def test_file_cut_inside_a_section_names_the_section_and_line(tmp_path: Path, section: str) -> None:
    text, n = _cut_inside(wntr_network("ky4.inp").read_text(), section, 40)
    cut = tmp_path / "ky4_cut.inp"
    cut.write_text(text + "J-12   4", encoding="utf-8")  # and half a line: the copy stopped mid-line
    with pytest.raises(ImportFailed) as info:
        read_epanet(cut, "EPSG:3089")
    assert str(info.value) == (f"ky4_cut.inp: the file ends inside [{section}] at line {n + 1:,}, without EPANET's "
                               "closing [END]: it looks cut short; nothing imported")


def test_nodes_without_coordinates_are_refused(tmp_path: Path) -> None:
    # Lines lost from [COORDINATES] (the file still ends with [END]): wntr would put them at 0,0.
    text = wntr_network("ky4.inp").read_text()
    lines = text.splitlines(keepends=True)
    start = next(i for i, ln in enumerate(lines) if ln.strip().upper() == "[COORDINATES]")
    dropped = [ln.split()[0] for ln in lines[start + 2: start + 5]]
    path = tmp_path / "ky4_holes.inp"
    path.write_text("".join(lines[: start + 2] + lines[start + 5:]))
    with pytest.raises(ImportFailed, match=r"3 of 964 nodes have no line in \[COORDINATES\] \(" + re.escape(
            ", ".join(dropped)) + r"\): they would be placed at 0,0"):
        read_epanet(path, "EPSG:3089")


def test_nodes_far_from_the_network_are_refused_and_named(tmp_path: Path) -> None:
    text = wntr_network("ky4.inp").read_text()
    lines = text.splitlines(keepends=True)
    start = next(i for i, ln in enumerate(lines) if ln.strip().upper() == "[COORDINATES]")
    i = start + 2
    name = lines[i].split()[0]
    lines[i] = f" {name}  1000  1000\n"  # the state plane's corner: hundreds of km away
    path = tmp_path / "ky4_far.inp"
    path.write_text("".join(lines))
    with pytest.raises(ImportFailed) as info:
        read_epanet(path, "EPSG:3089")
    message = str(info.value)
    assert re.search(rf"1 of 964 nodes lie far from the rest of the network .*: {re.escape(name)} at lon -\d+\.\d+ "
                     r"lat \d+\.\d+ \([\d,]+ km\)", message), message


def test_wrong_crs_warns_with_drawn_and_declared_lengths() -> None:
    ok = read_epanet(epyt_network("ky12.inp"), "EPSG:3089")
    assert ok.warnings == []
    wrong = read_epanet(epyt_network("ky12.inp"), "EPSG:3857")
    (warning,) = wrong.warnings
    drawn, declared = map(float, re.search(r"drawn are ([\d.]+)× .* file's are ([\d.]+)× the drawn", warning).groups())
    assert 2.5 < drawn < 3.2 and declared == pytest.approx(1 / drawn, rel=0.01)  # ≈ 0.35
    assert "EPSG:3857" in warning and "pipes" in warning


def test_gpx_points_dated_1901_and_1970_are_refused_with_the_reason(fixtures: Path, tmp_path: Path) -> None:
    text = (fixtures / "gps" / "around-visnjan-with-car.gpx").read_text(encoding="utf-8")
    stamps = re.findall(r"<time>([^<]+)</time>", text)
    first_trkpt_time = text.index("<time>", text.index("<trkpt"))
    head, tail = text[:first_trkpt_time], text[first_trkpt_time:]
    tail = tail.replace(f"<time>{stamps[-1]}</time>", "<time>1901-12-13T20:45:52Z</time>", 1)
    tail = tail.replace(f"<time>{stamps[-2]}</time>", "<time>1970-01-01T00:00:00Z</time>", 1)
    path = tmp_path / "clock.gpx"
    path.write_text(head + tail, encoding="utf-8")
    good = read_tracks(fixtures / "gps" / "around-visnjan-with-car.gpx")
    res = read_tracks(path)
    assert len(res.frame) == len(good.frame) - 2
    reasons = [r.reason for r in res.rejected]
    assert any(r.startswith("dated 1901-12-13") and "before GPS time began" in r for r in reasons)
    assert any(r.startswith("dated 1970-01-01") for r in reasons)
    assert any("2 of" in n and "1901, 1970" in n and "refused, not stored" in n for n in res.notes)


def _without_end(path: Path, tmp_path: Path, drop_from: str = "[END]") -> Path:
    """A real network file with its closing [END] (and whatever follows ``drop_from``) removed."""
    text = path.read_text()
    cut = text[: text.index(drop_from)]
    assert "[END]" not in cut.upper()
    out = tmp_path / f"{path.stem}_no_end.inp"
    out.write_text(cut, encoding="utf-8")
    return out


@pytest.mark.parametrize("network, crs, drop_from", [
    (wntr_network("ky4.inp"), "EPSG:3089", "[END]"),          # ends in [BACKDROP]
    (epyt_network("ky12.inp"), "EPSG:3089", "[END]"),
    (wntr_network("ky4.inp"), "EPSG:3089", "[LABELS]"),       # ends in [COORDINATES], with every node placed
    (wntr_network("Net3.inp"), None, "[END]"),
])
def test_complete_file_without_end_imports(tmp_path: Path, network: Path, crs: str | None, drop_from: str) -> None:
    crs = crs or "EPSG:32632"  # Net3's coordinates are small numbers: any metric CRS places them
    whole = read_epanet(network, crs)
    no_end = read_epanet(_without_end(network, tmp_path, drop_from), crs)
    assert len(no_end.frame) == len(whole.frame) and len(no_end.extra["nodes"]) == len(whole.extra["nodes"])
    assert (no_end.frame["length_m"].to_numpy() == whole.frame["length_m"].to_numpy()).all()
    assert "the file has no closing [END]; every section is complete, so it was read whole" in no_end.notes


def test_file_cut_at_a_line_end_inside_coordinates_is_refused(tmp_path: Path) -> None:
    # Whole lines, the last with its line end: only the nodes left without coordinates tell the cut.
    text, n = _cut_inside(wntr_network("ky4.inp").read_text(), "COORDINATES", 40)
    assert text.endswith("\n")
    cut = tmp_path / "ky4_cut.inp"
    cut.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFailed, match=rf"ends inside \[COORDINATES\] at line {n:,}, .* cut short"):
        read_epanet(cut, "EPSG:3089")


def test_row_with_too_few_fields_at_the_end_is_a_cut(tmp_path: Path) -> None:
    text, n = _cut_inside(wntr_network("ky4.inp").read_text(), "PIPES", 30)
    last = text.splitlines()[-1].split()
    cut = tmp_path / "ky4_cut.inp"
    cut.write_text(text + " ".join(last[:3]) + "\n", encoding="utf-8")  # id, from, to: no length, diameter
    with pytest.raises(ImportFailed, match=rf"ends inside \[PIPES\] at line {n + 1:,}"):
        read_epanet(cut, "EPSG:3089")
