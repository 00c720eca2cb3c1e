"""Drill scenario files: the demo's ships and loads; bad ones are refused naming file, field and reason."""

from __future__ import annotations

import json

import pytest

from demo.drill.scenario import ScenarioError, load_scenario


def test_the_demo_scenario_is_the_real_scale_day():
    s = load_scenario()
    assert (s.scale.venue_squads, s.scale.guards, s.scale.vehicles) == (7, 128, 52)
    assert s.scale.vehicles * s.scale.crew_per_vehicle > 90
    kinds = {i.kind: i for i in s.incidents}
    assert set(kinds) == {"burst", "post_departure", "patch_skip", "missing_zero_report", "vehicle_silent",
                          "construction_dig"}
    assert kinds["burst"].at == "14:10" and kinds["missing_zero_report"].at == "16:00"


def test_json_works_like_yaml(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"name": "x", "start": "9:00", "end": "10:30",
                                "incidents": [{"kind": "vehicle_silent", "at": "9:30", "vehicle": 1}]}),
                    encoding="utf-8")
    s = load_scenario(path)
    assert (s.start, s.end) == ("09:00", "10:30") and s.incidents[0].fields["minutes"] == 30.0


@pytest.mark.parametrize(("text", "message"), [
    ("name: x\nincidents:\n  - kind: flood\n    at: '10:00'\n", r"incidents\[1\]\.kind: 'flood' is not one of"),
    ("incidents:\n  - kind: burst\n    at: '25:00'\n    place: RES01\n", r"incidents\[1\]\.at: '25:00' is not a time"),
    ("incidents:\n  - kind: burst\n    at: '10:00'\n", r"incidents\[1\]: a burst needs 'place'"),
    ("incidents:\n  - kind: burst\n    at: '10:00'\n    place: R\n    colour: red\n", r"colour: unknown field"),
    ("scale:\n  vehicles: -1\n", r"scale\.vehicles: must be at least 0"),
    ("start: '12:00'\nend: '08:00'\n", r"end 08:00 is not after start 12:00"),
    ("name: [unclosed\n", r"line 2: not valid YAML"),
])
def test_bad_scenarios_are_refused_with_file_field_and_reason(tmp_path, text, message):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError, match=message) as info:
        load_scenario(path)
    assert str(path) in str(info.value)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(ScenarioError, match="cannot read the scenario"):
        load_scenario(tmp_path / "nope.yaml")
