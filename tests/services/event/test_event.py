"""The event's fields: validation messages, the CRS suggested from the data, edit; no demo into a store with data."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from models.bulk import write_features
from demo.load import ensure_demo, store_is_empty
from services.event import EventError, EventFields, create_event, edit_event, event_summary, suggest_crs


def _fields(**kw):
    base = dict(name="Summit", start="2026-09-01 08:00", end="2026-09-03 20:00", tz="Asia/Shanghai", crs="EPSG:32650")
    return EventFields(**{**base, **kw})


@pytest.mark.parametrize("kw, words", [
    ({"end": "2026-08-31 08:00"}, "is not after the start"),
    ({"tz": "Asia/Shangai"}, "unknown time zone 'Asia/Shangai'"),
    ({"crs": "EPSG:4326"}, "is not projected"),
    ({"crs": "EPSG:2263"}, "not metres"),  # NY State Plane, US feet
    ({"crs": "EPSG:99999999"}, "unknown CRS"),
    ({"start": "next tuesday"}, "is not a date and time"),
    ({"name": "  "}, "needs a name"),
])
def test_invalid_fields_say_why(store, kw, words):
    with pytest.raises(EventError, match=words):
        create_event(store, _fields(**kw))
    assert store.current_event() is None


def test_create_show_edit(store):
    ev = create_event(store, _fields(name_zh="峰会", guard_buffer_m=120))
    assert ev["start_utc"] == "2026-09-01T00:00:00+00:00" and ev["start_local"] == "2026-09-01 08:00"
    ev = edit_event(store, end="2026-09-04 20:00", guard_buffer_m=80)
    assert ev["end_local"] == "2026-09-04 20:00" and ev["guard_buffer_m"] == 80 and ev["name_zh"] == "峰会"
    with pytest.raises(EventError, match="is not after"):
        edit_event(store, end="2026-08-01 00:00")
    assert event_summary(store)["end_local"] == "2026-09-04 20:00"


def test_crs_suggested_from_the_data_and_no_demo_into_it(store):
    assert suggest_crs(store) is None and store_is_empty(store)
    pipes = gpd.GeoDataFrame({"code": ["P1"]}, geometry=[shapely.LineString([(116.39, 39.90), (116.40, 39.90)])],
                             crs=4326)
    with store.engine.begin() as conn:
        write_features(conn, "pipes", pipes)
    assert suggest_crs(store) == "EPSG:32650"  # Beijing
    assert not store_is_empty(store)
    assert ensure_demo(store) is None
    assert store.current_event() is None
    ev = create_event(store, _fields(crs=None))
    assert ev["crs"] == "EPSG:32650"
