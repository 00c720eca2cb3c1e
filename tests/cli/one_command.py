"""Run one subcommand as ``python app.py`` would: ``python tests/cli/one_command.py feed --store URL …``.

Uses app.py's parser when every registered command imports; on a branch where
some listed command modules have not landed yet, builds the same parser for
just the one command (same ``run_command`` path).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import app  # noqa: E402


def main(argv: list[str]) -> int:
    try:
        return app.main(argv)
    except ModuleNotFoundError as exc:
        if not (exc.name or "").startswith("cli."):
            raise
    from cli import COMMAND_MODULES

    name = next(a for a in argv if a in COMMAND_MODULES)
    module = importlib.import_module(f"cli.{name}")
    parser = argparse.ArgumentParser(prog="python app.py")
    parser.add_argument("--store")
    parser.add_argument("--lang")
    sub = parser.add_subparsers(dest="command")
    p = sub.add_parser(module.NAME)
    p.add_argument("--json", action="store_true")
    module.add_arguments(p)
    args = parser.parse_args(argv)
    return app.run_command(module, args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
