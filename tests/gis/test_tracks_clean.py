"""Track readers on the real GPX/NMEA fixtures, and the cleaning rules."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gis.io.common import ImportFailed
from gis.io.tracks import read_csv_track, read_tracks
from gis.tracks_clean import CleanParams, clean_fixes

CRS = "EPSG:32633"  # UTM 33N: Slovenia, Croatia, Lithuania are near enough for the checks


def test_gpx_car_drive_reads_all_points_in_time_order(fixtures):
    df = read_tracks(fixtures / "gps" / "around-visnjan-with-car.gpx").frame
    assert len(df) == 104
    assert (df["device"] == "around-visnjan-with-car").all()
    assert df["lat"].between(45.2, 45.3).all() and df["lon"].between(13.6, 13.8).all()
    tracks, rep = clean_fixes(df, CRS)
    length = np.hypot(np.diff(tracks.x), np.diff(tracks.y))[tracks.part[1:] == tracks.part[:-1]].sum()
    assert 2300 < length < 3200  # the file is a 2.7 km drive
    assert rep.n_out == len(tracks)


def test_gpx_lake_track_and_an_empty_segment(fixtures):
    assert len(read_tracks(fixtures / "gps" / "cerknicko-jezero.gpx").frame) == 296
    df = read_tracks(fixtures / "gps" / "track-with-empty-segment.gpx").frame
    assert len(df) > 0 and df["t"].is_monotonic_increasing


def test_nmea_logs_give_valid_fixes_only(fixtures):
    bt = read_tracks(fixtures / "gps" / "bt451.log").frame
    # Lithuania, 9 Dec 2009 (the log's RMC dates); the indoor no-fix lines are skipped.
    assert len(bt) > 0
    assert bt["lat"].between(55.7, 55.9).all() and bt["lon"].between(23.5, 23.7).all()
    assert pd.Timestamp(bt["t"].iloc[0], unit="s").year == 2009
    assert bt["accuracy_m"].notna().mean() > 0.9  # HDOP × 5 m from the GGA of the same second
    ub = read_tracks(fixtures / "gps" / "ublox-lea-4h.log").frame
    assert ub["lat"].between(49.1, 49.2).all() and (ub["lon"] < -122).all()
    assert ub["t"].is_monotonic_increasing


def test_csv_reader_names_the_bad_row(tmp_path):
    with pytest.raises(ImportFailed, match="t.csv: no 'lat' column"):
        (tmp_path / "t.csv").write_text("time,lon\n1,9.5\n")
        read_csv_track(tmp_path / "t.csv")
    p = tmp_path / "t.csv"
    p.write_text("device,time,lat,lon,accuracy\nA,2025-06-01T10:00:00Z,47.1,9.5,5\nA,2025-06-01T10:00:10Z,,9.5,5\n")
    result = read_csv_track(p)
    assert [(r.feature, r.reason) for r in result.rejected] == [("line 3", "missing or invalid time/lon/lat")]
    df = result.frame
    assert len(df) == 1
    assert df["t"].iloc[0] == pd.Timestamp("2025-06-01T10:00:00Z").timestamp()
    assert df["accuracy_m"].iloc[0] == 5.0


def _frame(ts, lons, lats, acc=None, device="d"):
    f = pd.DataFrame({"device": device, "t": ts, "lon": lons, "lat": lats})
    if acc is not None:
        f["accuracy_m"] = acc
    return f


def test_cleaning_sorts_dedupes_and_drops_jumps_and_poor_fixes():
    t = np.arange(10) * 10.0
    lon = 9.5 + np.arange(10) * 0.0001  # ~7.6 m per 10 s
    lat = np.full(10, 47.1)
    lat[4] = 47.2  # an 11 km jump: multipath
    acc = np.full(10, 5.0)
    acc[7] = 200.0
    f = _frame(t, lon, lat, acc)
    f = pd.concat([f, f.iloc[[2]]]).iloc[::-1]  # reversed, one duplicate
    tracks, rep = clean_fixes(f, "EPSG:32632")
    assert rep.duplicates == 1
    assert rep.out_of_order > 0
    assert rep.impossible_speed == 1
    assert rep.poor_accuracy == 1
    assert len(tracks) == 8
    assert np.all(np.diff(tracks.t) > 0)
    assert 4 * 10.0 not in tracks.t and 7 * 10.0 not in tracks.t


def test_gaps_split_parts_and_devices_never_join():
    f = pd.concat([
        _frame([0, 10, 20, 1000, 1010], [9.5] * 5, [47.1, 47.1001, 47.1002, 47.1003, 47.1004], device="a"),
        _frame([5, 15], [9.6, 9.6], [47.1, 47.1001], device="b"),
    ])
    tracks, rep = clean_fixes(f, "EPSG:32632", CleanParams(max_gap_s=300))
    assert rep.gaps == 1
    a, b = tracks.pieces()
    joined = {(tracks.device[i], tracks.t[i], tracks.t[j]) for i, j in zip(a, b)}
    assert joined == {("a", 0, 10), ("a", 10, 20), ("a", 1000, 1010), ("b", 5, 15)}


def test_a_lone_fix_is_a_degenerate_piece():
    tracks, _ = clean_fixes(_frame([0, 1000], [9.5, 9.5], [47.1, 47.1]), "EPSG:32632")
    a, b = tracks.pieces()
    assert list(zip(a, b)) == [(0, 0), (1, 1)]
