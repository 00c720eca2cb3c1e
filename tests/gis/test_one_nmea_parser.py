"""One NMEA parser: the live feed and the track import read a log to the same fixes and refuse the same lines."""

from __future__ import annotations

import numpy as np
import pytest

from gis import nmea
from gis.feeds import Rejected
from gis.feeds.nmea import fixes_from_lines, parse_sentence
from gis.io import read_tracks


@pytest.mark.parametrize("name", ["bt451.log", "ublox-lea-4h.log"])
def test_feed_and_import_give_the_same_fixes(fixtures, name):
    path = fixtures / "gps" / name
    live = list(fixes_from_lines(path.read_text().splitlines(), "x"))
    imported = read_tracks(path).frame
    assert len(live) >= 5
    by_t = {round(t, 3): (lat, lon) for t, lat, lon in zip(imported["t"], imported["lat"], imported["lon"])}
    for fix in live:  # every RMC fix of the feed is a fix of the import, at the same place
        lat, lon = by_t[round(fix.t, 3)]
        assert np.isclose(lat, fix.lat, atol=1e-12) and np.isclose(lon, fix.lon, atol=1e-12)


def test_a_corrupted_sentence_is_refused_by_both_for_the_same_reason(fixtures, tmp_path):
    lines = (fixtures / "gps" / "bt451.log").read_text().splitlines()
    i = next(k for k, ln in enumerate(lines) if ln.startswith("$GPRMC") and ",A," in ln)
    bad = lines[i].replace(",A,", ",A,1", 1)
    with pytest.raises(nmea.NmeaError) as parsed:
        nmea.parse_sentence(bad)
    with pytest.raises(Rejected) as live:
        parse_sentence(bad)
    assert parsed.value.code == live.value.reason == "bad_checksum"
    path = tmp_path / "bad.log"
    path.write_text("\n".join(lines[:i] + [bad] + lines[i + 1:]) + "\n")
    refused = [r for r in read_tracks(path).rejected if r.feature == f"line {i + 1} (GPRMC)"]
    assert [r.reason for r in refused] == [parsed.value.message]


def test_fields_read_alike():
    assert nmea.coordinate("5547.82113", "N", 2) == pytest.approx(55 + 47.82113 / 60)
    assert nmea.coordinate("02334.14130", "W", 3) == pytest.approx(-(23 + 34.14130 / 60))
    assert nmea.rmc_date("091209").isoformat() == "2009-12-09"
    assert nmea.rmc_date("251286").isoformat() == "1986-12-25"  # before the first rollover: the caller decides
    for bad in (lambda: nmea.coordinate("5567.0", "N", 2), lambda: nmea.time_of_day("256000"),
                lambda: nmea.rmc_date("320109"), lambda: nmea.coordinate("5547.8", "Q", 2)):
        with pytest.raises(nmea.NmeaError) as info:
            bad()
        assert info.value.code == "bad_field"
