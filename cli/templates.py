"""``python app.py templates --out DIR``: an empty spreadsheet per kind, ready to fill."""

from __future__ import annotations

import argparse

from cli.context import CommandContext

NAME = "templates"
HELP = "write an empty spreadsheet template per import kind (teams, staff, vehicles, devices …)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--out DIR`` and ``--format``; the headers follow ``--lang``."""
    parser.add_argument("--out", required=True, metavar="DIR", help="folder to write the templates into")
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv", help="file format (default csv)")


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    """Write the templates and list them."""
    from services.sheets import write_templates

    tr = ctx.tr
    try:
        paths = write_templates(args.out, ctx.lang, args.format)
    except OSError as exc:
        return ctx.fail(tr("Cannot write the templates: {0}").format(exc), {"error": str(exc)})
    lines = [tr("Templates written to {0}:").format(args.out)] + [f"  {p.name}" for p in paths]
    lines.append(tr("Fill one row per line, then: python app.py import KIND FILE"))
    ctx.emit({"folder": str(args.out), "files": [str(p) for p in paths]}, "\n".join(lines))
    return 0
