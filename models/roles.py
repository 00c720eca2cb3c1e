"""Desk roles, enforced by the store connection rather than by hidden buttons.

Three roles share one event:

============  ==========================================================
leader        the duty leader's desk: may change everything
dispatcher    a dispatcher's desk: repairs, vehicles, positions,
              notifications (and the change markers and audit lines those
              writes produce); reads everything else
viewer        the map wall: reads only
============  ==========================================================

How each backend enforces them:

* PostgreSQL: :func:`grant_roles` creates the group roles ``waterguard_leader``,
  ``waterguard_dispatcher`` and ``waterguard_viewer`` with exactly those
  privileges; login users are made members of one of them, and every pooled
  connection of a desk runs ``SET ROLE waterguard_<role>``, so the server itself
  refuses a write the role lacks.
* SQLite has no users. A viewer opens the file read-only (``mode=ro`` URI), so
  the driver refuses any write; a dispatcher's connections carry an SQLite
  authorizer callback that denies INSERT/UPDATE/DELETE outside its tables and
  any schema change.

Either way a refused write surfaces as :class:`PermissionDenied` naming the role
and the table ("the viewer role cannot change repairs").
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from urllib.parse import quote

from sqlalchemy import Engine, event, text
from sqlalchemy.engine import make_url

from models.store import StoreError

ROLES = ("leader", "dispatcher", "viewer")
#: PostgreSQL group role of each desk role.
PG_ROLE = {role: f"waterguard_{role}" for role in ROLES}
#: Tables a dispatcher may insert into, update and delete from.
DISPATCHER_TABLES = frozenset({"repairs", "vehicles", "positions", "notifications", "store_changes"})
#: Tables a dispatcher may only append to (its own audit lines).
DISPATCHER_APPEND_ONLY = frozenset({"audit_log"})
#: Never written by a desk at all: only migrations touch it.
SCHEMA_TABLES = frozenset({"alembic_version"})


class PermissionDenied(StoreError):
    """A desk tried a write its role does not allow.

    Attributes
    ----------
    role
        The desk's role (``"viewer"`` …).
    table
        The table it tried to change, when known.
    """

    def __init__(self, role: str, table: str | None, detail: str = "") -> None:
        self.role = role
        self.table = table
        what = f"change {table}" if table else "change the store"
        message = f"the {role} role cannot {what}"
        super().__init__(message + (f" ({detail})" if detail else ""))


def check_role(role: str) -> str:
    """Return ``role`` if it is one of :data:`ROLES`, else raise ``ValueError``."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}: choose one of {', '.join(ROLES)}")
    return role


def may_write(role: str, table: str, action: str = "update") -> bool:
    """Whether ``role`` may ``action`` (insert, update, delete) rows of ``table``.

    This mirrors what the connection enforces; the UI may use it to grey out
    buttons, but the store refuses the write either way.
    """
    check_role(role)
    if table in SCHEMA_TABLES or role == "viewer":
        return False
    if role == "leader":
        return True
    return table in DISPATCHER_TABLES or (table in DISPATCHER_APPEND_ONLY and action == "insert")


# -- SQLite ------------------------------------------------------------------

def sqlite_read_only_url(url: str) -> str:
    """The URL that opens the SQLite file of ``url`` read-only at the driver.

    ``mode=ro`` makes SQLite itself refuse every write ("attempt to write a
    readonly database"), whatever SQL the program sends.
    """
    parsed = make_url(url)
    path = parsed.database or ""
    if path.startswith("file:"):
        path = path.removeprefix("file:").split("?", 1)[0]
    if not path or path == ":memory:":
        raise StoreError("a viewer needs a store file to read; an in-memory store has nothing to share")
    return f"sqlite:///file:{quote(path, safe='/')}?mode=ro&uri=true"


def _sqlite_authorizer(role: str):
    """An authorizer callback denying what ``role`` may not write."""
    writes = {sqlite3.SQLITE_INSERT: "insert", sqlite3.SQLITE_UPDATE: "update", sqlite3.SQLITE_DELETE: "delete"}
    # Schema changes (CREATE/DROP/ALTER) are migrations' business, not a desk's.
    schema_actions = {
        getattr(sqlite3, name) for name in dir(sqlite3)
        if name.startswith(("SQLITE_CREATE_", "SQLITE_DROP_")) or name == "SQLITE_ALTER_TABLE"
    }

    def authorize(action: int, arg1: str | None, _arg2: str | None, _db: str | None, _source: str | None) -> int:
        if action in writes:
            # SQLite reports its own bookkeeping under sqlite_* names.
            if arg1 and (arg1.startswith("sqlite_") or may_write(role, arg1, writes[action])):
                return sqlite3.SQLITE_OK
            return sqlite3.SQLITE_DENY
        if action in schema_actions and not (arg1 or "").startswith("sqlite_autoindex"):
            return sqlite3.SQLITE_DENY
        return sqlite3.SQLITE_OK

    return authorize


def install_sqlite_role(engine: Engine, role: str) -> None:
    """Install the authorizer for ``role`` on every connection ``engine`` makes.

    The leader needs none; the viewer is read-only by its URL (see
    :func:`sqlite_read_only_url`) and gets no authorizer, so the driver itself is
    what refuses.
    """
    if role != "dispatcher":
        return
    authorize = _sqlite_authorizer(role)
    event.listen(engine, "connect", lambda dbapi_conn, _rec: dbapi_conn.set_authorizer(authorize))


# -- PostgreSQL ----------------------------------------------------------------

def install_pg_role(engine: Engine, role: str) -> None:
    """Make every connection of ``engine`` act as ``waterguard_<role>``.

    ``SET ROLE`` succeeds only when the login user is a member of that group
    role, so a dispatcher's login cannot open a leader's desk. The leader's desk
    keeps the login's own rights when the login owns the tables (or is a
    superuser) without being a member, or when no roles are set up (a
    single-desk store); any other login must be a member.
    """
    group = PG_ROLE[role]

    def set_role(dbapi_conn, _record) -> None:
        with dbapi_conn.cursor() as cur:
            cur.execute(
                "SELECT pg_has_role(current_user, r.oid, 'MEMBER'), "
                "       u.rolsuper OR EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = current_schema() "
                "                             AND tablename = 'alembic_version' AND tableowner = current_user) "
                "FROM pg_roles u LEFT JOIN pg_roles r ON r.rolname = %s WHERE u.rolname = current_user",
                (group,),
            )
            member, owner = cur.fetchone()
            dbapi_conn.rollback()
            if not member:
                if role == "leader" and (owner or member is None):
                    # The owner (who migrates and sets up roles), or a store
                    # without roles: a single-desk store keeps its own rights.
                    return
                if member is None:
                    raise StoreError(
                        f"the store has no {group} role: run `python app.py --store URL roles --setup` "
                        "as the database owner first"
                    )
                raise StoreError(
                    f"this database login cannot act as {role}: it is not a member of {group} "
                    f"(GRANT {group} TO <login>)"
                )
            cur.execute(f'SET ROLE "{group}"')
        dbapi_conn.commit()

    event.listen(engine, "connect", set_role)


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def grant_statements(tables: Iterable[str]) -> list[str]:
    """The GRANT/REVOKE statements giving each group role its rights on ``tables``.

    Parameters
    ----------
    tables
        Every WaterGuard table name in the database (sequences are granted
        through ``pg_get_serial_sequence`` at run time by :func:`grant_roles`).

    Returns
    -------
    list of str
        Statements safe to run again (GRANT and REVOKE are idempotent).
    """
    leader, dispatcher, viewer = PG_ROLE["leader"], PG_ROLE["dispatcher"], PG_ROLE["viewer"]
    out = []
    for table in sorted(tables):
        q = _quote_ident(table)
        out.append(f"REVOKE ALL ON {q} FROM {leader}, {dispatcher}, {viewer}")
        out.append(f"GRANT SELECT ON {q} TO {leader}, {dispatcher}, {viewer}")
        if table in SCHEMA_TABLES:
            continue
        out.append(f"GRANT INSERT, UPDATE, DELETE ON {q} TO {leader}")
        if table in DISPATCHER_TABLES:
            out.append(f"GRANT INSERT, UPDATE, DELETE ON {q} TO {dispatcher}")
        elif table in DISPATCHER_APPEND_ONLY:
            out.append(f"GRANT INSERT ON {q} TO {dispatcher}")
    return out


def grant_roles(engine: Engine) -> list[str]:
    """Create the three group roles (if missing) and grant their rights. Idempotent.

    Run it as the database owner after the schema is migrated (``python app.py
    --store URL roles --setup`` does both); :func:`models.store.open_store` runs
    it again after every later migration so new tables get their grants.

    Parameters
    ----------
    engine
        A PostgreSQL engine connected as the owner of the WaterGuard tables (or a
        superuser), with the CREATEROLE right when the roles do not exist yet.

    Returns
    -------
    list of str
        The tables granted on.

    Raises
    ------
    StoreError
        When the engine is not PostgreSQL or the user lacks the rights.
    """
    if engine.dialect.name != "postgresql":
        raise StoreError("roles are PostgreSQL roles; a SQLite store enforces them per desk (see --role)")
    with engine.begin() as conn:
        for group in PG_ROLE.values():
            exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": group}).first()
            if not exists:
                conn.execute(text(f"CREATE ROLE {group} NOLOGIN"))
        schema = conn.execute(text("SELECT current_schema()")).scalar_one()
        tables = conn.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
        ).scalars().all()
        roles = ", ".join(PG_ROLE.values())
        conn.execute(text(f"GRANT USAGE ON SCHEMA {_quote_ident(schema)} TO {roles}"))
        for statement in grant_statements(tables):
            conn.execute(text(statement))
        # Serial ids: inserting needs USAGE on the table's sequence.
        with_id = conn.execute(text(
            "SELECT table_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND column_name = 'id'"
        )).scalars().all()
        for table in sorted(with_id):
            seq = conn.execute(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table}).scalar()
            if seq is None:
                continue
            conn.execute(text(f"REVOKE ALL ON SEQUENCE {seq} FROM {roles}"))
            conn.execute(text(f"GRANT SELECT ON SEQUENCE {seq} TO {roles}"))
            writers = [PG_ROLE["leader"]]
            if table in DISPATCHER_TABLES | DISPATCHER_APPEND_ONLY:
                writers.append(PG_ROLE["dispatcher"])
            # UPDATE: bulk writers give explicit ids and move the sequence with setval().
            conn.execute(text(f"GRANT USAGE, UPDATE ON SEQUENCE {seq} TO {', '.join(writers)}"))
    return list(tables)


def roles_exist(engine: Engine) -> bool:
    """Whether the WaterGuard group roles exist on this PostgreSQL server."""
    if engine.dialect.name != "postgresql":
        return False
    with engine.connect() as conn:
        found = conn.execute(
            text("SELECT count(*) FROM pg_roles WHERE rolname = ANY(:names)"), {"names": list(PG_ROLE.values())}
        ).scalar_one()
    return found == len(PG_ROLE)


# -- refused writes → PermissionDenied -------------------------------------------

_TABLE_IN_SQL = re.compile(r"^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)", re.IGNORECASE)
_TABLE_IN_PG_MESSAGE = re.compile(r"permission denied for (?:table|relation|sequence) (\w+)")
_REFUSALS = ("readonly database", "not authorized", "permission denied", "insufficientprivilege")


def install_error_mapping(engine: Engine, role: str) -> None:
    """Turn the driver's refusal of a write into :class:`PermissionDenied`."""

    def on_error(ctx) -> Exception | None:
        original = ctx.original_exception
        message = str(original)
        lowered = message.lower() + " " + type(original).__name__.lower()
        if not any(marker in lowered for marker in _REFUSALS):
            return None
        table = None
        found = _TABLE_IN_PG_MESSAGE.search(message)
        if found:
            table = found.group(1)
            if table.endswith("_id_seq"):
                table = table.removesuffix("_id_seq")
        if table is None and ctx.statement:
            found = _TABLE_IN_SQL.search(ctx.statement)
            table = found.group(1) if found else None
        return PermissionDenied(role, table, message.strip().splitlines()[0])

    event.listen(engine, "handle_error", on_error)
