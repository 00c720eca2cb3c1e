"""``python app.py wall``: the command-room wall display, or one frame of it as a PNG.

``wall [--screen N]`` opens the wall full screen and runs until closed (Esc);
``wall --screenshot FILE.png --size 3840x2160`` renders one frame headless and
exits (documentation, tests, a check of the layout at wall size).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # app.py hands every command its context
    from cli.context import CommandContext

NAME = "wall"
HELP = "the command-room wall display (full screen, read-only), or one frame of it as a PNG"
NEEDS_GUI = True


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--screen``, ``--screenshot``, ``--size``, ``--tour-seconds``, ``--refresh-seconds``."""
    parser.add_argument("--screen", type=int, help="screen number to fill (default: the primary screen)")
    parser.add_argument("--screenshot", metavar="FILE.png", help="render one frame to this PNG and exit")
    parser.add_argument("--size", default="1920x1080", help="frame size for --screenshot, WxH (default 1920x1080)")
    parser.add_argument("--tour-seconds", type=float, default=20.0, help="seconds on each stop of the map tour")
    parser.add_argument("--refresh-seconds", type=float, default=5.0, help="seconds between reads of the store")


def parse_size(text: str) -> tuple[int, int] | None:
    """``"3840x2160"`` → (3840, 2160); None when malformed or out of range."""
    m = re.fullmatch(r"\s*(\d{2,5})\s*[xX×]\s*(\d{2,5})\s*", text or "")
    if not m:
        return None
    w, h = int(m.group(1)), int(m.group(2))
    return (w, h) if 320 <= w <= 16384 and 200 <= h <= 16384 else None


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    """Open the wall, or save one frame."""
    from PySide6.QtWidgets import QApplication

    from demo.load import ensure_demo
    from ui.wall.window import WallWindow, show_on_screen

    tr = ctx.tr
    size = parse_size(args.size)
    if size is None:
        return ctx.fail(tr("--size {0}: expected WIDTHxHEIGHT, e.g. 3840x2160").format(args.size))
    if args.tour_seconds <= 0 or args.refresh_seconds <= 0:
        return ctx.fail(tr("--tour-seconds and --refresh-seconds must be positive"))
    store = ctx.store
    ensure_demo(store)
    app = QApplication.instance()
    window = WallWindow(store, ctx.lang, tour_seconds=args.tour_seconds, refresh_seconds=args.refresh_seconds)
    if args.screenshot:
        out = Path(args.screenshot).resolve()
        try:
            window.resize(*size)
            window.show()
            window.apply_scale()
            window.next_stop()
            window.refresh_now()
            window.freeze()
            app.processEvents()
            window.canvas.wait_rendered(30_000)
            ok = window.grab().save(str(out))
        finally:
            window.close()
        if not ok:
            return ctx.fail(tr("Cannot write {0}").format(out), {"error": "cannot write", "file": str(out)})
        ctx.emit({"file": str(out), "width": size[0], "height": size[1]},
                 tr("Wall frame written to {0} ({1}×{2}).").format(out, *size))
        return 0
    from ui.common.store_watch import QtStoreWatch, Throttle

    # Other desks' writes reach the wall at once (at most every ~500 ms), besides its timer.
    watch = QtStoreWatch(store, parent=window)
    window.store_refresh = Throttle(window.request_refresh, 500, window)
    watch.store_changed.connect(window.store_refresh)
    watch.start()
    try:
        show_on_screen(window, args.screen)
        code = app.exec()
    finally:
        watch.stop()
    window.close()
    return code
