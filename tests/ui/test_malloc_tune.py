"""The desk caps glibc's malloc arenas before its threads start, unless the environment says otherwise."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CODE = "from ui.common.malloc_tune import limit_malloc_arenas\nprint(limit_malloc_arenas())\n"


def _capped(**extra) -> str:
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"}
    env.update(extra, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", CODE], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout.strip()


def test_arenas_are_capped_on_glibc_and_the_environment_wins():
    assert _capped() == ("True" if sys.platform.startswith("linux") else "False")
    assert _capped(MALLOC_ARENA_MAX="8") == "False"  # left to glibc, as the environment asks
