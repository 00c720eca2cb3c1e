"""Feed fixtures: a store with known vehicles and a running sink."""

from __future__ import annotations

import pytest

from services.feed.sink import PositionSink
from models.repair import Vehicle

DEVICES = ("123456", "bt451", "car-7")


@pytest.fixture
def fleet_store(store):
    """A store whose vehicles report as DEVICES."""
    with store.session() as s:
        for i, device in enumerate(DEVICES, 1):
            s.add(Vehicle(code=f"V{i:02d}", name=f"Vehicle {i}", device_id=device))
        s.commit()
    return store


@pytest.fixture
def sink(fleet_store):
    """A started sink on the fleet store, stopped (flushed) after the test."""
    s = PositionSink(fleet_store.engine).start()
    yield s
    s.stop()
