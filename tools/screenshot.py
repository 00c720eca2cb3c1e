"""Grab the main window (offscreen) to a PNG: ``python tools/screenshot.py OUT.png [--lang zh_CN] [--store URL]``.

Used for the README screenshot and to look at what the desk shows.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# A clean settings folder: the screenshot shows the default layout, not the last session's.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="wg-shot-")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def main() -> int:
    """Open the desk, wait for it to settle, save a PNG."""
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--lang", default="zh_CN")
    parser.add_argument("--store")
    parser.add_argument("--size", default="1600x1000")
    parser.add_argument("--wait-ms", type=int, default=1500)
    args = parser.parse_args()
    from models.store import open_store
    from ui.i18n import install_translators
    from ui.main_window import MainWindow, _ensure_demo

    app = QApplication(sys.argv[:1])
    lang = install_translators(app, args.lang)
    store = open_store(args.store)
    _ensure_demo(store)
    window = MainWindow(store, lang)
    w, h = (int(v) for v in args.size.split("x"))
    window.resize(w, h)
    window.show()

    def grab() -> None:
        if not window.grab().save(str(Path(args.out).resolve())):
            print(f"could not write {args.out}", file=sys.stderr)
        app.quit()

    QTimer.singleShot(args.wait_ms, grab)
    app.exec()
    store.dispose()
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
