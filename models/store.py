"""Open a store: engine, sessions, and the schema brought up to date.

The default store is SQLite in WAL mode in the user's data folder (platformdirs);
any SQLAlchemy URL works (PostgreSQL for several desks on one event). Opening a
store applies the Alembic migrations, so a store written by an older WaterGuard
opens and upgrades in place.
"""

from __future__ import annotations

import os
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
SCHEMA_HEAD = "0003demo"
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


def make_engine(url: str) -> Engine:
    """Create an engine for ``url`` with WaterGuard's connection settings."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        # pysqlite's own transaction handling defers BEGIN; emit it ourselves
        # so a failed import rolls back everything it wrote (one transaction).
        event.listen(engine, "connect", lambda conn, _r: setattr(conn, "isolation_level", None))
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
        return engine
    return create_engine(url, pool_pre_ping=True)


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
    """An open store: the engine, a session factory and the URL it came from."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session] = field(init=False)

    def __post_init__(self) -> None:
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

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


def open_store(url: str | None = None, *, migrate: bool = True) -> Store:
    """Open (and by default migrate) the store at ``url``.

    Parameters
    ----------
    url
        Any SQLAlchemy URL; ``None`` means :func:`default_store_url`.
    migrate
        Apply pending Alembic migrations (the normal case).

    Raises
    ------
    StoreError
        When the database cannot be reached or its schema is newer than this code.
    """
    url = url or default_store_url()
    engine = make_engine(url)
    if _stored_revision(engine) == SCHEMA_HEAD:
        return Store(url=url, engine=engine)
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
            upgrade(engine)
    except StoreError:
        engine.dispose()
        raise
    except Exception as exc:  # connection refused, not a database, permissions …
        engine.dispose()
        raise StoreError(
            f"Cannot open the store {engine.url.render_as_string(hide_password=True)}: {exc}"
        ) from exc
    return Store(url=url, engine=engine)
