"""Open a store: engine, sessions, and the schema brought up to date.

The default store is SQLite in WAL mode in the user's data folder (platformdirs);
any SQLAlchemy URL works (PostgreSQL for several desks on one event). Opening a
store applies the Alembic migrations, so a store written by an older WaterGuard
opens and upgrades in place.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import platformdirs
from sqlalchemy import Engine, create_engine, event, exc, select
from sqlalchemy.orm import Session, sessionmaker

import models  # noqa: F401  (register tables)

ENV_VAR = "WATERGUARD_STORE"
#: The newest schema revision (tests check it is Alembic's head). A store already
#: there opens without importing Alembic at all: half a second off every start.
SCHEMA_HEAD = "0007_patrol_capacity"
APP_NAME = "WaterGuard"


class StoreError(RuntimeError):
    """A store cannot be opened or migrated; the message says which and why."""


def default_store_url() -> str:
    """The store URL to use when none is given: ``$WATERGUARD_STORE`` or the data folder."""
    url = os.environ.get(ENV_VAR)
    if url:
        return url
    folder = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'waterguard.sqlite'}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets the wall display and a desk read while the feed writes; NORMAL
    # sync is durable across application crashes (not power loss) and several
    # times faster for the bulk inserts of a live feed.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _sqlite_read_pragmas(dbapi_connection, _record) -> None:
    # A read-only connection cannot switch the journal mode; the writers did.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def default_desk_name(role: str) -> str:
    """How this process signs its change markers: ``role@host:pid`` (at most 64 characters)."""
    return f"{role}@{socket.gethostname()}:{os.getpid()}"[:64]


def make_engine(url: str, role: str | None = None, desk: str | None = None) -> Engine:
    """Create an engine for ``url`` with WaterGuard's connection settings.

    Parameters
    ----------
    url
        Any SQLAlchemy URL.
    role
        ``None`` for the login's own rights (migrations, set-up), or a desk role
        (``leader``, ``dispatcher``, ``viewer``) that every connection then
        enforces: see :mod:`models.roles`.
    desk
        The name this desk signs its change markers with (stored in each
        pooled connection's ``info["waterguard_desk"]``).
    """
    from models import roles

    if role is not None:
        roles.check_role(role)
    desk = desk or default_desk_name(role or "leader")
    if url.startswith("sqlite"):
        read_only = role == "viewer"
        engine = create_engine(
            roles.sqlite_read_only_url(url) if read_only else url, connect_args={"check_same_thread": False}
        )
        event.listen(engine, "connect", _sqlite_read_pragmas if read_only else _sqlite_pragmas)
        # pysqlite's own transaction handling defers BEGIN; emit it ourselves
        # so a failed import rolls back everything it wrote (one transaction).
        event.listen(engine, "connect", lambda conn, _r: setattr(conn, "isolation_level", None))
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
        if role is not None:
            roles.install_sqlite_role(engine, role)
    else:
        engine = create_engine(url, pool_pre_ping=True)
        if role is not None and engine.dialect.name == "postgresql":
            roles.install_pg_role(engine, role)
    event.listen(engine, "connect", lambda _conn, record: record.info.__setitem__("waterguard_desk", desk))
    if role is not None:
        roles.install_error_mapping(engine, role)
    return engine


def alembic_config():
    """An Alembic config pointing at the migrations shipped in ``models/migrations``."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("models") / "migrations"))
    return cfg


def head_revision() -> str:
    """The newest migration revision this code knows (from the migration scripts)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The revision a store's schema is at (None for an empty database)."""
    from alembic.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply migrations up to ``revision`` (all of them by default)."""
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


@dataclass
class Store:
    """An open store: the engine, a session factory and the URL it came from.

    ``role`` is what the connection enforces (see :mod:`models.roles`); ``desk``
    signs the change markers every ORM flush writes (see :mod:`models.changes`).
    """

    url: str
    engine: Engine
    role: str = "leader"
    desk: str = ""
    sessions: sessionmaker[Session] = field(init=False)

    def __post_init__(self) -> None:
        from models.changes import install_change_markers

        self.desk = self.desk or default_desk_name(self.role)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        install_change_markers(self.sessions)

    @property
    def is_sqlite(self) -> bool:
        """Whether the store is a SQLite file (single machine)."""
        return self.engine.dialect.name == "sqlite"

    def session(self) -> Session:
        """A new ORM session (one per thread; never share it across threads)."""
        return self.sessions()

    def current_event(self):
        """The event the store is about (the newest one), or None."""
        from models.event import Event

        with self.session() as s:
            return s.scalars(select(Event).order_by(Event.id.desc()).limit(1)).first()

    def run(self, fn, attempts: int = 8):
        """Run ``fn(session)`` in a fresh session and return its result, again when SQLite is busy.

        On SQLite (WAL) a transaction that read before another process or
        thread committed cannot then write: it fails at once with "database is
        locked" instead of waiting (busy_timeout does not cover it). The feed
        commits several times a second, so every desk action runs through here:
        the whole action is re-run from a fresh read, which is what the user
        meant. ``fn`` commits itself when it writes.
        """
        import time

        from sqlalchemy.exc import OperationalError

        for attempt in range(attempts):
            try:
                with self.session() as session:
                    return fn(session)
            except OperationalError as exc:
                if "locked" not in str(exc).lower() or attempt == attempts - 1:
                    raise
                time.sleep(0.02 * (attempt + 1))
        raise AssertionError("unreachable")

    def counts(self) -> dict[str, int]:
        """How many of each kind the store holds (the kinds ``status`` lists)."""
        from models.bulk import count_rows
        from models.kinds import STATUS_KINDS

        with self.engine.connect() as conn:
            return {name: count_rows(conn, table, fixed) for name, (table, fixed) in STATUS_KINDS.items()}

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def _stored_revision(engine: Engine) -> str | None:
    """The schema revision recorded in the store, without Alembic (None if unreadable)."""
    try:
        with engine.connect() as conn:
            return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    except exc.DBAPIError:
        return None


def _migrate_with_own_rights(url: str, role: str) -> None:
    """Apply pending migrations on a connection with the login's own rights.

    A desk's role never includes schema changes, so migrations run before the
    role applies; on PostgreSQL they need the owner of the tables, and the role
    grants are refreshed afterwards so new tables get them too.
    """
    from models.roles import grant_roles, roles_exist

    if role == "viewer":
        raise StoreError("the store's schema is older than this program and a viewer cannot upgrade it: "
                         "open it once from the leader's desk")
    engine = make_engine(url)
    try:
        upgrade(engine)
        if roles_exist(engine):
            grant_roles(engine)
    except Exception as exc:
        raise StoreError(f"cannot upgrade the store's schema with this login (the table owner must): {exc}") from exc
    finally:
        engine.dispose()


def open_store(url: str | None = None, *, migrate: bool = True, role: str = "leader",
               desk: str | None = None) -> Store:
    """Open (and by default migrate) the store at ``url`` as a desk of ``role``.

    Parameters
    ----------
    url
        Any SQLAlchemy URL; ``None`` means :func:`default_store_url`.
    migrate
        Apply pending Alembic migrations (the normal case).
    role
        ``leader`` (everything), ``dispatcher`` (repairs, vehicles,
        notifications) or ``viewer`` (read only); enforced by every connection,
        see :mod:`models.roles`.
    desk
        The name this desk signs its change markers with (default ``role@host:pid``).

    Raises
    ------
    StoreError
        When the database cannot be reached, its schema is newer than this code,
        or the role cannot be taken (not a member of the PostgreSQL role).
    """
    url = url or default_store_url()
    desk = desk or default_desk_name(role)
    engine = make_engine(url, role=role, desk=desk)
    if _stored_revision(engine) == SCHEMA_HEAD:
        return Store(url=url, engine=engine, role=role, desk=desk)
    try:
        from alembic.script import ScriptDirectory

        revision = current_revision(engine)
        known = {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
        if revision is not None and revision not in known:
            raise StoreError(
                f"The store {engine.url.render_as_string(hide_password=True)} was written by a newer "
                f"WaterGuard (schema {revision}); update the program to open it."
            )
        if migrate and revision != head_revision():
            _migrate_with_own_rights(url, role)
    except StoreError:
        engine.dispose()
        raise
    except Exception as exc:  # connection refused, not a database, permissions …
        engine.dispose()
        raise StoreError(
            f"Cannot open the store {engine.url.render_as_string(hide_password=True)}: {exc}"
        ) from exc
    return Store(url=url, engine=engine, role=role, desk=desk)
