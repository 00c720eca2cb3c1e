"""``wall --screenshot``: one frame of the wall, headless, at the size asked for."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from ui.wall.command import parse_size

ROOT = Path(__file__).resolve().parents[2]


def _wall(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config")}
    return subprocess.run([sys.executable, str(ROOT / "app.py"), "--lang", "zh_CN", "--store",
                           f"sqlite:///{tmp_path / 's.sqlite'}", "wall", *args],
                          capture_output=True, text=True, env=env, timeout=300)


def test_screenshot_of_one_frame(tmp_path):
    out = tmp_path / "wall.png"
    run = _wall(tmp_path, "--screenshot", str(out), "--size", "1600x900")
    assert run.returncode == 0, run.stderr
    assert "1600×900" in run.stdout and "大屏画面已写入" in run.stdout
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1600, 900)
    # Dark wall: the corners are near black.
    assert image.pixelColor(3, 3).lightness() < 40 and image.pixelColor(1596, 896).lightness() < 40


def test_bad_size_is_refused(tmp_path):
    run = _wall(tmp_path, "--screenshot", str(tmp_path / "x.png"), "--size", "huge")
    assert run.returncode == 2
    assert "--size huge" in run.stderr
    assert not (tmp_path / "x.png").exists()


def test_parse_size():
    assert parse_size("3840x2160") == (3840, 2160)
    assert parse_size(" 1920 × 1080 ") == (1920, 1080)
    assert parse_size("10x10") is None and parse_size("abc") is None
