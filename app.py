"""WaterGuard: composition root and command line.

``python app.py`` opens the command desk on the store (the demo event on first
run); ``python app.py SUBCOMMAND …`` runs the same core headless. See
``python app.py --help``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import signal
import sys

import ui  # noqa: F401  first: PySide6's import hook then caches no module's source (ui/pyside_imports.py)
from cli import COMMAND_MODULES


#: Subcommands that paint with the desk's map canvas live in ``ui`` (cli never imports ui).
PAINTING_COMMANDS = {"wall": "ui.wall.command", "sheets": "ui.printing.sheets_command"}


def add_global_options(parser: argparse.ArgumentParser, default=None) -> None:
    """--store, --lang, --role: accepted before the subcommand and after it.

    On a subcommand's parser the default is ``SUPPRESS``, so a value given before
    the subcommand is kept unless the same option follows it.
    """
    keep = {} if default is None else {"default": default}
    parser.add_argument("--store", help="SQLAlchemy URL of the store (default: $WATERGUARD_STORE or the user data folder)",
                        **keep)
    parser.add_argument("--lang", help="zh_CN or en (default: from the system locale)", **keep)
    parser.add_argument("--role", choices=("leader", "dispatcher", "viewer"),
                        **(keep or {"default": "leader"}),
                        help="what this desk may change, enforced by the store connection: leader (everything), "
                             "dispatcher (repairs, vehicles, notifications), viewer (read only; the wall)")


def build_parser() -> tuple[argparse.ArgumentParser, dict]:
    """The argument parser with every registered subcommand."""
    parser = argparse.ArgumentParser(
        prog="python app.py",
        description="WaterGuard — command-center GIS for water supply during a major event.",
    )
    add_global_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules = {}
    for name in COMMAND_MODULES:
        module = importlib.import_module(PAINTING_COMMANDS.get(name, f"cli.{name}"))
        p = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        p.add_argument("--json", action="store_true", help="print machine-readable JSON")
        add_global_options(p, default=argparse.SUPPRESS)
        module.add_arguments(p)
        modules[module.NAME] = module
    return parser, modules


def _qt_app(needs_gui: bool):
    """The Qt application object a run needs: widgets for the GUI, core for the CLI."""
    if needs_gui:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtWidgets import QApplication

        return QApplication.instance() or QApplication(sys.argv[:1])
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.instance() or QCoreApplication(sys.argv[:1])


def run_command(module, args: argparse.Namespace) -> int:
    """Run one subcommand with its translators and store, and clean up."""
    from cli.context import CommandContext
    from models.store import StoreError
    from ui.common.i18n import install_translators

    app = _qt_app(getattr(module, "NEEDS_GUI", False))
    lang = install_translators(app, args.lang)
    ctx = CommandContext(store_url=args.store, lang=lang, json_output=getattr(args, "json", False),
                         role=getattr(args, "role", "leader"))
    try:
        return module.run(args, ctx)
    except StoreError as exc:
        return ctx.fail(str(exc))
    finally:
        ctx.close()


def run_gui(args: argparse.Namespace) -> int:
    """Open the command desk."""
    from PySide6.QtWidgets import QApplication

    from ui.main_window import launch

    app = QApplication.instance() or QApplication(sys.argv[:1])
    # Ctrl-C in the terminal closes the window instead of being swallowed by Qt.
    signal.signal(signal.SIGINT, lambda *_: app.quit())
    return launch(app, store_url=args.store, lang=args.lang, role=args.role)


def main(argv: list[str] | None = None) -> int:
    """Entry point: a subcommand, or the GUI when none is given."""
    parser, modules = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        return run_gui(args)
    try:
        code = run_command(modules[args.command], args)
        sys.stdout.flush()  # inside the try: a closed pipe shows here for short outputs
        return code
    except BrokenPipeError:
        # The reader went away (``… --json | head``): not an error of ours, and no traceback.
        _silence_stdout()
        return 0


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not fail on the closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    sys.exit(main())
