"""``import`` of a file already imported: skipped by default, or replaced, or added on purpose; cut files refused."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from models.bulk import read_features, read_track_points
from models.store import open_store
from tests.cli.test_import_cmd import dump, run_import, wntr_network


def _points(store_url: str) -> int:
    store = open_store(store_url)
    try:
        with store.engine.connect() as conn:
            return len(read_track_points(conn))
    finally:
        store.dispose()


def _pipe_codes(store_url: str) -> list[str]:
    store = open_store(store_url)
    try:
        with store.engine.connect() as conn:
            return read_features(conn, "pipes", columns=["code"])["code"].tolist()
    finally:
        store.dispose()


def test_gpx_imported_twice_is_not_doubled(fixtures: Path, tmp_path: Path, store_url: str, capsys) -> None:
    gpx = fixtures / "gps" / "around-visnjan-with-car.gpx"
    rc, first = run_import(store_url, "tracks", str(gpx), capsys=capsys)
    assert rc == 0 and first["ok"] and first["imported"] > 0
    n = first["imported"]
    # The same content under another name and folder is still a repeat.
    renamed = tmp_path / "copy" / "drive.gpx"
    renamed.parent.mkdir()
    shutil.copy(gpx, renamed)
    rc, again = run_import(store_url, "tracks", str(renamed), capsys=capsys)
    assert rc == 0 and again["skipped"] and again["imported"] == 0
    assert again["repeat_of"]["file_name"] == gpx.name and again["repeat_of"]["imported"] == n
    assert "already imported" in again["notes"][0] and "--on-repeat" in again["notes"][0]
    assert _points(store_url) == n
    rc, replaced = run_import(store_url, "tracks", str(renamed), "--on-repeat", "replace", capsys=capsys)
    assert rc == 0 and replaced["imported"] == n and replaced["replaced"] == {"track_points": n}
    assert _points(store_url) == n
    # The replacing import is now the one a repeat refers to.
    rc, again = run_import(store_url, "tracks", str(gpx), capsys=capsys)
    assert again["skipped"] and again["repeat_of"]["file_name"] == "drive.gpx"
    rc, added = run_import(store_url, "tracks", str(gpx), "--on-repeat", "add", capsys=capsys)
    assert rc == 0 and added["imported"] == n and _points(store_url) == 2 * n


def test_epanet_replace_leaves_one_network_without_renamed_codes(store_url: str, capsys) -> None:
    net = str(wntr_network("ky4.inp"))
    rc, first = run_import(store_url, "epanet", net, "--crs", "EPSG:3089", capsys=capsys)
    assert rc == 0
    codes_first = set(_pipe_codes(store_url))
    rc, again = run_import(store_url, "epanet", net, "--on-repeat", "replace", capsys=capsys)
    assert rc == 0 and again["counts"] == first["counts"]
    assert again["replaced"]["pipes"] == 1158 and again["replaced"]["nodes"] == 964
    codes = _pipe_codes(store_url)
    assert len(codes) == 1158 and set(codes) == codes_first  # no P-1-2 renamed doubles


def test_cut_epanet_file_fails_cleanly_from_the_shell(tmp_path: Path, store_url: str, capsys) -> None:
    rc, _ = run_import(store_url, "tracks", str(Path(__file__).parents[1] / "fixtures" / "gps" / "bt451.log"),
                       capsys=capsys)
    before = dump(store_url)
    text = wntr_network("ky4.inp").read_text()
    cut = tmp_path / "ky4.inp"
    cut.write_text(text[: text.index("[PIPES]") + 2000])
    proc = subprocess.run([sys.executable, str(Path(__file__).parents[2] / "app.py"), "--store", store_url,
                           "--lang", "en", "import", "epanet", str(cut), "--crs", "EPSG:3089"],
                          capture_output=True, text=True, timeout=300,
                          env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert proc.returncode == 2
    assert "the file ends inside [PIPES] at line" in proc.stderr and "nothing imported" in proc.stderr
    assert "AttributeError" not in proc.stderr + proc.stdout and "Traceback" not in proc.stderr
    assert dump(store_url) == before
