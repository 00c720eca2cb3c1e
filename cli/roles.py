"""``python app.py roles``: the desk roles, and their set-up on a PostgreSQL store.

``roles`` lists what each role may change; ``roles --setup`` (run once by the
database owner, and again after upgrades if you like: it is idempotent) brings
the schema up to date and creates and grants the PostgreSQL group roles
``waterguard_leader``, ``waterguard_dispatcher`` and ``waterguard_viewer``.
"""

from __future__ import annotations

import argparse

from cli.context import CommandContext
from models import metadata
from models.roles import PG_ROLE, ROLES, grant_roles, may_write, roles_exist
from models.store import StoreError, default_store_url, make_engine, upgrade

NAME = "roles"
HELP = "list the desk roles; --setup creates them on a PostgreSQL store (run as the database owner)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--setup``."""
    parser.add_argument("--setup", action="store_true",
                        help="migrate the PostgreSQL store and create/grant the waterguard_* roles (idempotent)")


def role_table() -> dict[str, list[str]]:
    """Per role, the tables it may change (``["*"]`` for all)."""
    tables = sorted(metadata.tables)
    out: dict[str, list[str]] = {}
    for role in ROLES:
        writable = [t for t in tables if may_write(role, t, "insert")]
        out[role] = ["*"] if len(writable) == len([t for t in tables if may_write("leader", t)]) else writable
    return out


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    """List the roles, or set them up."""
    tr = ctx.tr
    url = ctx.store_url or default_store_url()
    engine = make_engine(url)  # the login's own rights: set-up needs the owner, not a desk role
    try:
        postgres = engine.dialect.name == "postgresql"
        shown = engine.url.render_as_string(hide_password=True)
        if args.setup:
            if not postgres:
                return ctx.fail(tr("{0} is a SQLite store: it needs no set-up; each desk's --role is enforced "
                                   "when it opens the file (viewer read-only, dispatcher limited).").format(shown),
                                {"error": "not postgresql", "store": shown})
            try:
                upgrade(engine)
                tables = grant_roles(engine)
            except StoreError:
                raise
            except Exception as exc:
                return ctx.fail(tr("Cannot set up roles on {0} (run it as the owner of the database, with "
                                   "CREATEROLE): {1}").format(shown, exc), {"error": str(exc), "store": shown})
            payload = {"store": shown, "roles": PG_ROLE, "tables": len(tables), "writes": role_table()}
            ctx.emit(payload, tr("Roles ready on {0}: {1} ({2} tables granted).\n"
                                 "Create a login per desk, e.g.: CREATE ROLE desk1 LOGIN PASSWORD '…' "
                                 "IN ROLE waterguard_dispatcher;").format(shown, ", ".join(PG_ROLE.values()),
                                                                          len(tables)))
            return 0
        writes = role_table()
        ready = roles_exist(engine) if postgres else None
        payload = {"store": shown, "postgresql": postgres, "roles_set_up": ready, "writes": writes}
        lines = [tr("Store: {0}").format(shown)]
        if postgres:
            lines.append(tr("PostgreSQL roles set up: {0}").format(tr("yes") if ready else tr("no (run roles --setup)")))
        for role, tables in writes.items():
            lines.append(f"  {role:<10}  " + (tr("everything") if tables == ["*"] else
                                              ", ".join(tables) if tables else tr("nothing (read only)")))
        ctx.emit(payload, "\n".join(lines))
        return 0
    finally:
        engine.dispose()
