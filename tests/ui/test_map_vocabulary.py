"""Issue 16 (10): a small legend on the map; the desk, the HTML map and the zone sheets use one vocabulary
and one set of colours for the things they all show (e.g. 未结抢修 levels, 施工工地, 车队路线, 会场范围)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from models.repair import Repair
from gis.map_styles import DEFAULT_STYLES, LEVEL_COLOURS, shared_colour
from services.printing.legend import level_word, shared_entry
from tests.support.cli import run_app
from tests.support.stores import open_copy
from tests.ui.desk_windows import demo_file, open_desk  # noqa: F401 (fixtures)
from ui.repairs.map import REPAIRS_STYLE

SHARED = ("venue", "residence", "site", "route")


def test_one_vocabulary_on_desk_html_map_and_sheets(open_desk, qtbot, planned_demo_template, tmp_path):
    window = open_desk("zh_CN")
    window.repairs.desk.create(pipe=883, caller="市民", description="路面冒水", address="体育场东门")
    words = {key: shared_entry(key)[0] for key in SHARED}
    assert words == {"venue": "会场范围", "residence": "驻地范围", "site": "施工工地", "route": "车队路线"}
    levels = [level_word(lv) for lv in LEVEL_COLOURS]
    assert levels[0] == "I级抢修"

    # Desk: the layers dock legend and the on-map legend.
    dock_words = {label.strip() for _, classes in window.legend.entries() for label, _, _ in classes}
    assert set(words.values()) <= dock_words and set(levels) <= dock_words
    on_map = window.map_legend.words()
    assert {"会场范围", "驻地范围", "施工工地", "车队路线", "未结抢修"} <= set(on_map), on_map
    # ... drawn on the map, bottom right, and gone when the layer is hidden or the legend switched off.
    window.map.layers["routes"].visible = False
    assert "车队路线" not in window.map_legend.words()
    window.map.layers["routes"].visible = True
    canvas = window.map.canvas
    canvas.wait_rendered()
    with_legend = canvas.grab().toImage()
    window.map_legend.action.setChecked(False)
    without = canvas.grab().toImage()
    corner = (canvas.width() - 40, canvas.height() - 60)
    assert with_legend.pixelColor(*corner) != without.pixelColor(*corner)
    window.map_legend.action.setChecked(True)
    # Desk colours are the shared table's.
    assert [c["color"] for c in REPAIRS_STYLE["classes"]] == list(LEVEL_COLOURS.values())

    # The HTML map's legend: the same words and colours.
    url = f"sqlite:///{tmp_path / 'planned.sqlite'}"
    store = open_copy(planned_demo_template, url)
    with store.session() as s:  # one open repair of each level: the HTML legend lists a layer with features
        for lv in LEVEL_COLOURS:
            s.add(Repair(code=f"R-{lv}", level=lv, status="dispatched", address="大街 1 号", lon=9.52, lat=47.14))
        s.commit()
    store.dispose()
    html_out = tmp_path / "map.html"
    run = run_app("--lang", "zh_CN", "--store", url, "export-map", "--out", str(html_out))
    assert run.returncode == 0, run.stderr
    page = html_out.read_text(encoding="utf-8")
    legend = page[page.index('id="wg-legend"'):]
    legend = legend[:legend.index("</div></div>") + 12] if "</div></div>" in legend else legend[:20000]
    rows = dict((label, colour) for colour, label in
                re.findall(r'background:(#[0-9a-fA-F]{6})"></span>([^<]+)</div>', legend))
    for key in SHARED:
        assert rows.get(words[key]) == shared_colour(key), (key, rows)
    for lv, word in zip(LEVEL_COLOURS, levels):
        assert rows.get(word) == LEVEL_COLOURS[lv]
    assert "未完成抢修" not in page and "施工现场" not in page

    # The zone sheet legend.
    if shutil.which("pdftotext") is None:
        pytest.skip("needs poppler-utils for the sheet")
    pdf = tmp_path / "sheets.pdf"
    run = run_app("--store", url, "--lang", "zh_CN", "sheets", "--out", str(pdf), "--team", "T07")
    assert run.returncode == 0, run.stderr
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for key in SHARED:
        assert words[key] in text, key
    assert "施工现场" not in text and "会场 / 驻地" not in text
    assert DEFAULT_STYLES["sites"]["classes"][0]["color"] == shared_colour("site")
