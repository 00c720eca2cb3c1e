"""The wall's map tour does not keep what it rendered (issue 15: memory flat over the day)."""

from __future__ import annotations

import gc

from ui.map.renderer import RenderJob
from ui.wall.window import WallWindow


def _alive_jobs() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, RenderJob))


def test_touring_the_map_does_not_keep_every_render(qtbot, demo_store):
    """Each tour stop renders the map on the canvas's pool; a finished render job (its context,
    label board and closures) must be let go, not kept by the pool for the rest of the day."""
    wall = WallWindow(demo_store, "en", tour_seconds=3600, refresh_seconds=3600)
    qtbot.addWidget(wall)
    wall.resize(640, 360)
    wall.show()
    qtbot.waitExposed(wall)
    before = _alive_jobs()
    renders = wall.canvas.render_count
    for _ in range(8):
        wall.next_stop()
        assert wall.canvas.wait_rendered(30_000)
    assert wall.canvas.render_count - renders >= 8
    assert _alive_jobs() - before <= 1  # the latest job only
