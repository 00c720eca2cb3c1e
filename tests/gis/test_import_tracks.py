"""gis.io.tracks on the real GPX files and NMEA logs in tests/fixtures/gps."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from gis.io import ImportFailed, read_tracks
from gis.io.tracks import nmea_checksum


def utc(ts: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(ts, dt.timezone.utc)


def test_gpx_car_drive(fixtures: Path) -> None:
    res = read_tracks(fixtures / "gps" / "around-visnjan-with-car.gpx")
    f = res.frame
    assert len(f) == 104 and res.rejected == []
    assert (f["device"] == "around-visnjan-with-car").all()
    assert utc(f["t"].min()).date() == dt.date(2020, 12, 18)
    assert 13.7 < f["lon"].min() and f["lon"].max() < 13.73 and 45.27 < f["lat"].min()


def test_gpx_without_times_counts_every_point(fixtures: Path) -> None:
    res = read_tracks(fixtures / "gps" / "cerknicko-without-times.gpx", device="team-3")
    assert len(res.frame) + len(res.rejected) == 296
    assert {r.reason for r in res.rejected} == {"no time"}
    assert (res.frame["device"] == "team-3").all()


def test_gpx_bom_waypoint_and_empty_segment(fixtures: Path) -> None:
    res = read_tracks(fixtures / "gps" / "unicode_with_bom.gpx")
    assert len(res.frame) == 1 and res.frame["accuracy_m"][0] == pytest.approx(16.2 * 5)
    assert any("waypoints used" in n for n in res.notes)
    res = read_tracks(fixtures / "gps" / "track-with-empty-segment.gpx")
    assert len(res.frame) > 0 and res.rejected == []


def test_truncated_gpx_keeps_points_before_the_cut(fixtures: Path, tmp_path: Path) -> None:
    data = (fixtures / "gps" / "cerknicko-jezero.gpx").read_bytes()
    cut = tmp_path / "cut.gpx"
    cut.write_bytes(data[: len(data) // 2])
    res = read_tracks(cut)
    assert 100 < len(res.frame) < 296
    assert res.rejected[-1].reason.startswith("XML error (file truncated?)")


def test_nmea_car_drive(fixtures: Path) -> None:
    res = read_tracks(fixtures / "gps" / "bt451.log")
    f = res.frame
    assert len(f) == 14
    # The RMC dates say 091209 and the ZDA sentences 2009: no rollover to undo.
    assert {utc(t).date() for t in f["t"]} == {dt.date(2009, 12, 9)}
    assert not any("rollover" in n for n in res.notes)
    assert 55.78 < f["lat"].min() and f["lat"].max() < 55.8 and 23.56 < f["lon"].min() < 23.58
    moving = f[f["speed_mps"] > 10]
    assert len(moving) and moving["speed_mps"].max() < 20  # about 60 km/h in the car
    assert np.isfinite(f["accuracy_m"][:-1]).all()  # every RMC fix but the last has its GGA HDOP
    assert all(r.reason.startswith("no fix") for r in res.rejected)


def test_nmea_checksums_and_rollover(fixtures: Path, tmp_path: Path) -> None:
    lines = (fixtures / "gps" / "ublox-lea-4h.log").read_text().splitlines()
    good = read_tracks(fixtures / "gps" / "ublox-lea-4h.log")
    assert len(good.frame) == 9 and utc(good.frame["t"].min()).date() == dt.date(2006, 8, 10)
    # Corrupt one fix; move every date back 1024 weeks as a receiver with the rollover bug would.
    out = []
    for ln in lines:
        if ln.startswith("$GPRMC") and ",100806," in ln:
            body = ln[1 : ln.index("*")].replace(",100806,", ",251286,")  # 2006-08-10 − 1024 weeks
            ln = f"${body}*{nmea_checksum(body):02X}"
        out.append(ln)
    i = next(k for k, ln in enumerate(out) if ",A," in ln and "RMC" in ln)
    out[i] = out[i].replace("4907.85331", "4907.85339")
    path = tmp_path / "old-receiver.nmea"
    path.write_text("\n".join(out) + "\n")
    res = read_tracks(path)
    assert any(r.reason.startswith("checksum mismatch") and r.feature == f"line {i + 1} (GPRMC)" for r in res.rejected)
    assert any("rollover" in n for n in res.notes)
    assert utc(res.frame["t"].min()).date() == dt.date(2006, 8, 10)
    assert len(res.frame) == 9  # the corrupted RMC's GGA still gives the fix


def test_broken_track_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.log"
    empty.write_bytes(b"")
    with pytest.raises(ImportFailed, match="empty.log: the file is empty"):
        read_tracks(empty)
    junk = tmp_path / "junk.nmea"
    junk.write_text("hello\nworld\n")
    with pytest.raises(ImportFailed, match="junk.nmea: not an NMEA log"):
        read_tracks(junk)
    bad_gpx = tmp_path / "bad.gpx"
    bad_gpx.write_text("<gpx><trk>")
    with pytest.raises(ImportFailed, match="bad.gpx: "):
        read_tracks(bad_gpx)


def test_future_dates_are_noted_not_changed(fixtures: Path, tmp_path: Path) -> None:
    """A log whose dates decode to 2029 keeps them, with a note (no silent 'fix')."""
    out = []
    for ln in (fixtures / "gps" / "bt451.log").read_text().splitlines():
        if ln.startswith("$GPRMC") and ",091209," in ln:
            body = ln[1 : ln.index("*")].replace(",091209,", ",091229,")
            ln = f"${body}*{nmea_checksum(body):02X}"
        out.append(ln)
    path = tmp_path / "future.log"
    path.write_text("\n".join(out) + "\n")
    res = read_tracks(path)
    assert {utc(t).year for t in res.frame["t"]} <= {2009, 2029}
    assert utc(res.frame["t"].max()).year == 2029
    assert any("dates in the future" in n and "kept as recorded" in n for n in res.notes)
