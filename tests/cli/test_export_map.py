"""The situation map opens in real Chromium with no network, shows its layers, and escapes text."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from demo.load import load_demo
from models.event import ConstructionSite
from models.repair import Repair
from tests.support.chromium import CHROMIUM, OfflineChromium

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium")


@pytest.fixture(scope="module")
def situation_html(tmp_path_factory) -> Path:
    from models.store import open_store

    folder = tmp_path_factory.mktemp("map")
    store = open_store(f"sqlite:///{folder / 'demo.sqlite'}")
    load_demo(store)
    with store.session() as s:
        site = s.scalars(select(ConstructionSite).limit(1)).one()
        site.name = HOSTILE
        s.add(Repair(code="R-1", level="II", status="dispatched", address=HOSTILE, description="漏水 leak",
                     lon=9.52, lat=47.14))
        s.commit()
    store.dispose()
    out = folder / "situation.html"
    subprocess.run([sys.executable, str(ROOT / "app.py"), "--lang", "zh_CN", "--store",
                    f"sqlite:///{folder / 'demo.sqlite'}", "export-map", "--out", str(out)], check=True, cwd=ROOT)
    return out


@pytest.fixture(scope="module")
def browser(situation_html):
    chromium = OfflineChromium()
    chromium.open(situation_html)
    yield chromium
    chromium.close()


def test_file_loads_nothing_online(situation_html):
    page = situation_html.read_text(encoding="utf-8")
    assert re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="?https?:', page) == []


def test_layers_draw_offline(browser, tmp_path):
    assert browser.evaluate("typeof L") == "object", "Leaflet did not load without network"
    drawn = browser.evaluate("document.querySelectorAll('.leaflet-overlay-pane path, .leaflet-overlay-pane canvas').length")
    assert drawn > 0
    labels = browser.evaluate(
        "Array.from(document.querySelectorAll('.leaflet-control-layers-overlays label')).map(l => l.textContent.trim())"
    )
    for name in ("管线（按巡检要求）", "会场", "驻地", "施工工地", "车队路线", "车辆", "未结抢修"):
        assert name in labels
    assert browser.failed_requests == []
    browser.screenshot(tmp_path / "situation.png")


def test_hostile_names_show_as_text(browser):
    shown = browser.evaluate(
        """(() => {
            const texts = [];
            for (const key in window) {
                const group = window[key];
                if (group && group instanceof L.GeoJSON && group.getPopup()) {
                    group.eachLayer(f => {
                        // What a click on the feature does: the group's popup opens for it.
                        const at = f.getLatLng ? f.getLatLng() : f.getBounds().getCenter();
                        f.fire('click', {latlng: at}, true);
                        // The group's own popup element: closed popups linger in the DOM while they fade.
                        const el = group.getPopup().getElement();
                        if (el) texts.push(el.textContent);
                        group.closePopup();
                    });
                }
            }
            return {texts, xss: window.__xss || 0};
        })()"""
    )
    assert shown["xss"] == 0
    assert any(HOSTILE in text for text in shown["texts"])
