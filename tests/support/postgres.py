"""A throwaway PostgreSQL cluster from Debian's binaries, for tests.

``postgresql`` (Debian) ships ``initdb`` and ``pg_ctl`` under
``/usr/lib/postgresql/<major>/bin``; nothing needs to be running beforehand.
The cluster lives in a temporary folder, listens on a free port on 127.0.0.1
only, trusts local connections and is removed afterwards. PostgreSQL refuses
to run as root, so under root the server runs as the ``postgres`` system user
(created by the Debian package) with ``runuser``.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def postgres_bin_dir() -> Path | None:
    """The newest ``/usr/lib/postgresql/*/bin`` holding initdb and pg_ctl, or None."""
    candidates = []
    for folder in glob.glob("/usr/lib/postgresql/*/bin"):
        if os.access(os.path.join(folder, "initdb"), os.X_OK) and os.access(os.path.join(folder, "pg_ctl"), os.X_OK):
            try:
                candidates.append((float(Path(folder).parent.name), folder))
            except ValueError:
                continue
    if not candidates:
        found = shutil.which("initdb") and shutil.which("pg_ctl")
        return Path(found).parent if found else None
    return Path(max(candidates)[1])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cluster_parent() -> str | None:
    """Where the throwaway cluster goes: RAM (/dev/shm) when it has room, else the temporary folder.

    A session's cluster writes, then deletes, some 10,000 files (one database per
    test); on a disk mounted with ``discard`` each delete waits for the device, which
    made stopping the server take 15 s.
    """
    shm = "/dev/shm"
    try:
        free = os.statvfs(shm)
    except OSError:
        return None
    if os.access(shm, os.W_OK) and free.f_bavail * free.f_frsize >= 2 * 1024 ** 3:
        return shm
    return None


class TempPostgres:
    """One PostgreSQL server in a temporary folder; ``url(db)`` names a database on it."""

    superuser = "waterguard_test"

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.port = _free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="wg-pg-", dir=_cluster_parent()))
        self.data = self.folder / "data"
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            # initdb and postgres refuse to run as root.
            try:
                shutil.chown(self.folder, "postgres", "postgres")
            except LookupError as exc:
                raise RuntimeError("running as root needs the 'postgres' system user (Debian's postgresql "
                                   "package creates it) to run a test server") from exc
            self._as_user = ["runuser", "-u", "postgres", "--"]
        self._run(
            [str(bin_dir / "initdb"), "-D", str(self.data), "-U", self.superuser, "--auth=trust",
             "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"]
        )
        options = (f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories='' "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60")
        self._run([str(bin_dir / "pg_ctl"), "-D", str(self.data), "-o", options,
                   "-l", str(self.folder / "server.log"), "-w", "-t", "60", "start"])
        self._wait_ready()

    def _run(self, argv: list[str]) -> None:
        result = subprocess.run(self._as_user + argv, capture_output=True, text=True, cwd=self.folder)
        if result.returncode != 0:
            log = self.folder / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{' '.join(argv[:1])} failed ({result.returncode}): {result.stderr}{result.stdout}\n{tail}")

    def _wait_ready(self, timeout: float = 30.0) -> None:
        import psycopg

        deadline = time.monotonic() + timeout
        while True:
            try:
                psycopg.connect(self.dsn("postgres"), connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def dsn(self, database: str, user: str | None = None) -> str:
        """A libpq connection string for ``database`` as ``user`` (the superuser by default)."""
        return f"host=127.0.0.1 port={self.port} dbname={database} user={user or self.superuser}"

    def url(self, database: str, user: str | None = None) -> str:
        """A SQLAlchemy URL (psycopg 3 driver) for ``database`` as ``user``."""
        return f"postgresql+psycopg://{user or self.superuser}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str, template: str | None = None) -> str:
        """Create a database (empty, or a copy of the database ``template``) and return its SQLAlchemy URL."""
        import psycopg

        with psycopg.connect(self.dsn("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.url(name)

    def execute(self, database: str, sql: str) -> None:
        """Run one SQL statement as the superuser (role and login set-up in tests)."""
        import psycopg

        with psycopg.connect(self.dsn(database), autocommit=True) as conn:
            conn.execute(sql)

    def login(self, role: str) -> str:
        """A login user that is a member of ``waterguard_<role>`` only (created once per server)."""
        import psycopg

        name = f"wg_{role}_login"
        with psycopg.connect(self.dsn("postgres"), autocommit=True) as conn:
            if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone() is None:
                conn.execute(f"CREATE ROLE {name} LOGIN")
            group = f"waterguard_{role}"
            if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (group,)).fetchone() is None:
                conn.execute(f"CREATE ROLE {group} NOLOGIN")
            conn.execute(f"GRANT {group} TO {name}")
        return name

    def stop(self) -> None:
        """Stop the server and delete its folder."""
        try:
            self._run([str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"])
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
