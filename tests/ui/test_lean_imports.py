"""The desk's start imports none of the heavy libraries it needs only on demand (issue 19: memory).

GDAL (pyogrio, ~45 MB) only when a file is read or written through it, scipy.signal
(~500 modules) never, pyqtgraph (~25 MB) when the patrol chart is first looked at.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ON_DEMAND = ("pyogrio", "scipy.signal", "scipy.stats", "pyqtgraph", "wntr", "networkx", "folium", "matplotlib",
             "openpyxl", "reportlab", "alembic")


def test_importing_the_desk_loads_no_on_demand_library():
    code = ("import json, sys\nfrom PySide6.QtWidgets import QApplication\napp = QApplication([])\n"
            "import ui.main_window\nimport linecache\n"
            "print(json.dumps({'loaded': sorted(m for m in sys.modules), 'linecache': len(linecache.cache)}))")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    found = json.loads(out.stdout.strip().splitlines()[-1])
    loaded = set(found["loaded"])
    assert [m for m in ON_DEMAND if m in loaded] == []
    # PySide6's import hook read every module's source into linecache (a million lines, ~85 MB)
    assert found["linecache"] < 400
