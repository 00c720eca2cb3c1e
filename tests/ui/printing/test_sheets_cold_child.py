"""``sheets`` on a store without a map cache: the cache is built by the child process, the sheets print from it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from tests.support.build_children import force_build_children
from tests.support.cli import run_app
from tests.support.stores import open_copy

needs_poppler = pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="needs poppler-utils")


@needs_poppler
def test_sheets_on_a_cold_store_build_the_map_cache_in_a_child(first_day_plan_template, tmp_path, monkeypatch):
    monkeypatch.setattr("services.map.prepared.DEFER_MIN_ROWS", 1)  # the demo's pipes count as a city's
    started = force_build_children(monkeypatch, "services.map.prepared")
    path = tmp_path / "demo.sqlite"
    url = f"sqlite:///{path}"
    open_copy(first_day_plan_template, url).dispose()
    out = tmp_path / "sheets.pdf"
    run = run_app("--store", url, "sheets", "--out", str(out), "--date", "2026-12-01", "--team", "T07")
    assert run.returncode == 0, run.stderr
    assert len(started) == 1 and started[0].returncode == 0  # one build, in its own process, reaped
    meta = json.loads((path.parent / "demo.sqlite.mapcache" / "pipes" / "meta.json").read_text())
    assert meta["key"]["rows"] > 0 and meta["info"]["lean"]
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Pages:\s+2\b", info), info  # T07's day and night shifts

    again = run_app("--store", url, "sheets", "--out", str(tmp_path / "again.pdf"), "--date", "2026-12-01",
                    "--team", "T07")
    assert again.returncode == 0 and len(started) == 1  # the second run maps the cache: no build
