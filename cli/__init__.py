"""Headless subcommands of ``python app.py``.

Each command is a module with ``NAME``, ``HELP``, ``add_arguments(parser)`` and
``run(args, ctx) -> int``; listing it in :data:`COMMAND_MODULES` registers it.
A module may set ``NEEDS_GUI = True`` when it paints (PDF sheets, wall frames):
app.py then builds a QApplication (offscreen when there is no display).

Commands may use QtCore for translation (``ctx.tr``) but keep their logic in
``services`` (which runs ``gis`` on what ``models`` stores), so the desk runs the
very same code. ``cli`` never imports ``ui``: the two painting commands
(``wall``, ``sheets``) live in ``ui`` and app.py registers them.
"""

from __future__ import annotations

#: Module names under ``cli`` that provide a subcommand, in ``--help`` order.
COMMAND_MODULES = [
    "status",
    "event",
    "demo",
    "import_cmd",
    "templates",
    "export_map",
    "plan",
    "coverage",
    "meeting",
    "reports",
    "wall",  # paints: app.py loads it from ui.wall.command
    "sheets",  # paints: app.py loads it from ui.printing.sheets_command
    "export",
    "roles",
    "feed",
    "isolate",
    "network",
    "dispatch",
    "customers",
    "drill",
    "report",
    "field",
    "hazards",
]
