"""A city-sized network exports as a small situation map that real Chromium draws, event layers still clickable."""

from __future__ import annotations

import re
from pathlib import Path

import geopandas as gpd
import pytest

from demo.synthetic import random_pipes
from models import bulk
from tests.support.chromium import CHROMIUM, OfflineChromium
from tests.support.cli import run_app
from tests.support.stores import open_copy

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium")

N_PIPES = 50_000
MAX_MB = 25


@pytest.fixture(scope="module")
def city_html(tmp_path_factory, demo_template) -> Path:
    """The demo event with 50,000 generated pipes over the demo city, exported."""
    folder = tmp_path_factory.mktemp("citymap")
    url = f"sqlite:///{folder / 'city.sqlite'}"
    store = open_copy(demo_template, url)
    geoms, dn, klass = random_pipes(N_PIPES, size_m=8_000, origin=(535_500.0, 5_217_000.0), seed=3)
    frame = gpd.GeoDataFrame({"code": [f"GEN{i:05d}" for i in range(N_PIPES)], "diameter_mm": dn,
                              "pipe_class": klass}, geometry=geoms, crs="EPSG:32632").to_crs("EPSG:4326")
    with store.engine.begin() as conn:
        bulk.write_features(conn, "pipes", frame)
    store.dispose()
    out = folder / "situation.html"
    run = run_app("--store", url, "export-map", "--out", str(out))
    assert run.returncode == 0, run.stderr
    return out


def test_a_city_network_exports_under_the_size_cap_as_image_tiles(city_html):
    page = city_html.read_text(encoding="utf-8")
    assert city_html.stat().st_size < MAX_MB * 2**20
    assert "wg-network-tiles" in page
    tiles = re.findall(r'"(\d+)/(\d+)/(\d+)":"iVBORw0KGgo', page)  # PNG tiles in the page itself
    zooms = {int(z) for z, _, _ in tiles}
    assert len(tiles) > 20 and len(zooms) >= 3
    assert re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="?https?:', page) == []


def test_chromium_draws_the_tiles_and_the_event_layers_stay_interactive(city_html, tmp_path):
    browser = OfflineChromium()
    try:
        browser.open(city_html, timeout_s=60, ready=(
            "typeof L === 'object' && document.querySelectorAll('.wg-network-tiles img.leaflet-tile-loaded').length > 0"
            " && document.querySelectorAll('.leaflet-overlay-pane path, .leaflet-overlay-pane canvas').length > 0"))
        loaded = browser.evaluate("document.querySelectorAll('.wg-network-tiles img.leaflet-tile-loaded').length")
        assert loaded > 0, "no network tile was drawn"
        # Tiles are real images (decoded, 256 px), not broken placeholders.
        sizes = browser.evaluate("Array.from(document.querySelectorAll('.wg-network-tiles img.leaflet-tile-loaded'))"
                                 ".map(i => i.naturalWidth)")
        assert set(sizes) <= {1, 256} and 256 in sizes
        labels = browser.evaluate(
            "Array.from(document.querySelectorAll('.leaflet-control-layers-overlays label')).map(l => l.textContent.trim())")
        for name in ("Pipes by requirement", "Venues", "Residences", "Construction sites", "Motorcade routes",
                     "Vehicles"):
            assert name in labels
        # Clicking a venue, a site or a route opens its popup, as on the demo's vector map.
        texts = browser.evaluate("""(() => {
            const texts = [];
            for (const key in window) {
                const group = window[key];
                if (group && group instanceof L.GeoJSON && group.getPopup()) {
                    group.eachLayer(f => {
                        const at = f.getLatLng ? f.getLatLng() : f.getBounds().getCenter();
                        f.fire('click', {latlng: at}, true);
                        const el = group.getPopup().getElement();
                        if (el) texts.push(el.textContent);
                        group.closePopup();
                    });
                }
            }
            return texts;
        })()""")
        assert len(texts) > 10
        # The network toggles with its layer-control entry (the tiles go with their group).
        browser.evaluate("""(() => {
            const label = Array.from(document.querySelectorAll('.leaflet-control-layers-overlays label'))
                .find(l => l.textContent.trim() === 'Pipes by requirement');
            label.querySelector('input').click();
        })()""")
        assert browser.evaluate("document.querySelectorAll('.wg-network-tiles').length") == 0
        assert browser.failed_requests == []
        browser.screenshot(tmp_path / "city.png")
    finally:
        browser.close()
