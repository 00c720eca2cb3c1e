"""Shared fixtures: a fresh migrated (or demo) store per test, copied from a session template; the fixture folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _own_user_folders() -> None:
    """Give this test process user folders of its own, before Qt or platformdirs read them.

    Qt fixes the QSettings path of the process at the first QSettings made, and the
    default store lives in platformdirs' user data folder: without this, every test
    process (two xdist workers, other runs on the machine) would read and write the
    developer's own ~/.config/WaterGuard/WaterGuard.conf, e.g. one test's basemap
    choice reaching another process's desk. Caches (fontconfig, matplotlib) stay shared.
    """
    import atexit
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="wg-test-user-"))
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        folder = base / name.split("_")[1].lower()
        folder.mkdir()
        os.environ[name] = str(folder)
    atexit.register(shutil.rmtree, base, True)


_own_user_folders()

# A desk on the demo store plays the demo's patrollers from the demo clock, which starts at
# the wall-clock time of day: at 18:00 a test desk would first write and count ~100,000
# back-filled fixes (seconds of work per desk, more the later the run). Test desks start at
# 00:30 instead (about a thousand fixes back-filled), the same at any hour of the run.
os.environ.setdefault("WATERGUARD_DEMO_TIME", "00:30")

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def fixtures() -> Path:
    """The folder of real test files (see tests/fixtures/README.md for provenance)."""
    return FIXTURES


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    """URL of a new SQLite store file in the test's temporary folder."""
    return f"sqlite:///{tmp_path / 'store.sqlite'}"


# -- stores: built once per session, copied per test ------------------------------
# Migrating a new file and loading the demo city cost a fraction of a second to
# a second each; hundreds of tests want one. The session builds each kind once
# (tests/support/stores.py) and every test gets its own copy of the file.

@pytest.fixture(scope="session")
def store_template(tmp_path_factory) -> Path:
    """A migrated, empty SQLite store file (a template: copy it, never open it)."""
    from tests.support.stores import build_template

    return build_template(tmp_path_factory.mktemp("template") / "migrated.sqlite")


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """A migrated store file with the bundled demo city and event loaded (``load_demo``)."""
    from demo.load import load_demo
    from tests.support.stores import build_template

    return build_template(tmp_path_factory.mktemp("template") / "demo.sqlite", load_demo)


@pytest.fixture(scope="session")
def planned_demo_template(tmp_path_factory, demo_template) -> Path:
    """The demo store with the patrol plan the desk makes (``make_plan`` with the defaults)."""
    from services.patrol.plan import make_plan
    from tests.support.stores import build_template

    path = tmp_path_factory.mktemp("template") / "planned_demo.sqlite"
    shutil.copyfile(demo_template, path)  # load_demo's store, then the plan
    return build_template(path, lambda store: make_plan(store, None, None))


FIRST_DAY = "2026-12-01"  # the demo event's first day


@pytest.fixture(scope="session")
def first_day_plan_template(tmp_path_factory, demo_template) -> Path:
    """The demo store with the patrol plan for the event's first day (``python app.py plan --date 2026-12-01``)."""
    from services.patrol.plan import make_plan
    from tests.support.stores import build_template

    path = tmp_path_factory.mktemp("template") / "first_day_plan.sqlite"
    shutil.copyfile(demo_template, path)  # load_demo's store, then the plan
    return build_template(path, lambda store: make_plan(store, None, FIRST_DAY))


@pytest.fixture
def store(store_url: str, store_template: Path):
    """A freshly migrated store of the test's own (a copy of the session's template), disposed after the test."""
    from tests.support.stores import open_copy

    s = open_copy(store_template, store_url)
    yield s
    s.dispose()


@pytest.fixture
def demo_store(store_url: str, demo_template: Path):
    """The test's own store with the demo city and event loaded, at ``store_url``."""
    from tests.support.stores import open_copy

    s = open_copy(demo_template, store_url)
    yield s
    s.dispose()


@pytest.fixture
def planned_demo_store(store_url: str, planned_demo_template: Path):
    """The test's own demo store with the default patrol plan stored, at ``store_url``."""
    from tests.support.stores import open_copy

    s = open_copy(planned_demo_template, store_url)
    yield s
    s.dispose()


@pytest.fixture(scope="session", autouse=True)
def _one_qapplication(qapp):
    """Create the QApplication first: commands run in-process reuse it instead of making a QCoreApplication."""
    return qapp


# -- several desks: PostgreSQL as well as SQLite ----------------------------------

@pytest.fixture(scope="session")
def postgres_server():
    """A throwaway PostgreSQL cluster for the whole session (Debian's binaries; see tests/support/postgres.py)."""
    from tests.support.postgres import TempPostgres, postgres_bin_dir

    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        pytest.skip("no PostgreSQL binaries: apt-get install postgresql (./dev test and .ci/run do)")
    server = TempPostgres(bin_dir)
    yield server
    server.stop()


def _database_name(request) -> str:
    import re
    import uuid

    return re.sub(r"\W", "_", request.node.name.lower())[:40] + "_" + uuid.uuid4().hex[:6]


@pytest.fixture
def postgres_url(postgres_server, request) -> str:
    """URL of a new, empty PostgreSQL database (as the superuser) for this test."""
    return postgres_server.create_database(_database_name(request))


@pytest.fixture(scope="session")
def postgres_template(postgres_server) -> str:
    """Name of a migrated PostgreSQL database with the desk roles granted, copied per test (CREATE DATABASE … TEMPLATE)."""
    from models.roles import grant_roles
    from models.store import open_store

    name = "wg_template_migrated"
    store = open_store(postgres_server.create_database(name))
    try:
        grant_roles(store.engine)
    finally:
        store.dispose()  # a template database must have no connections when it is copied
    return name


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def shared_store_url(request, tmp_path: Path, store_template: Path) -> str:
    """A migrated store several desks share: a SQLite file, then a PostgreSQL database (copies of the session's templates)."""
    if request.param == "sqlite":
        import shutil

        shutil.copyfile(store_template, tmp_path / "shared.sqlite")
        return f"sqlite:///{tmp_path / 'shared.sqlite'}"
    server = request.getfixturevalue("postgres_server")
    return server.create_database(_database_name(request), template=request.getfixturevalue("postgres_template"))


@pytest.fixture
def desk_urls(shared_store_url: str, request) -> dict[str, str]:
    """The migrated shared store's URL per desk role.

    SQLite: the same file for every role (the role is enforced as each desk opens
    it). PostgreSQL: roles set up by the owner, and one login per role that is a
    member of that group role only.
    """
    from sqlalchemy.engine import make_url

    from models.roles import ROLES, grant_roles
    from models.store import open_store

    owner = open_store(shared_store_url)
    try:
        if owner.is_sqlite:
            return {role: shared_store_url for role in ROLES}
        grant_roles(owner.engine)
    finally:
        owner.dispose()
    server = request.getfixturevalue("postgres_server")
    database = make_url(shared_store_url).database
    return {role: server.url(database, server.login(role)) for role in ROLES}


@pytest.fixture(autouse=True)
def _english_between_tests():
    """Every test starts with the English UI: one that ran a command or a desk in Chinese and did
    not put the translators back would turn the next test's texts Chinese (seen when xdist
    gave a file another neighbour)."""
    yield
    import sys

    i18n = sys.modules.get("ui.common.i18n")
    if i18n is not None and i18n._installed:
        from PySide6.QtCore import QCoreApplication

        i18n.install_translators(QCoreApplication.instance(), "en")


@pytest.fixture(scope="session", autouse=True)
def _desks_do_not_freeze_their_start():
    """A desk opened by a test freezes only what is alive when it opens (ui/common/gc_tune.py): the
    tests' desks are opened and closed by the hundred, and the between-tests collection below
    freezes what survives a test."""
    from ui.common import gc_tune

    gc_tune.START_S = 0.0


@pytest.fixture(autouse=True)
def _collect_between_tests(request):
    """Collect Python garbage between tests, with Qt's queued deletions done first.

    A garbage collection that ran inside a test, while a map render job of an earlier
    test's window was still finishing on its pool thread, crashed the process once (CI,
    test_repair_badges). Collecting here, after the windows of the test are closed and
    their deferred deletions processed, keeps that work out of the next test.
    """
    yield
    if "qtbot" not in request.fixturenames:  # only tests with Qt windows leave render jobs behind
        return
    import gc

    from PySide6.QtCore import QCoreApplication, QEvent, QThreadPool

    app = QCoreApplication.instance()
    if app is not None:
        QThreadPool.globalInstance().waitForDone(2000)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        app.processEvents()
    gc.collect()
    gc.freeze()  # what survived is long-lived (modules, caches): later collections skip it


# -- order: the longest modules first ----------------------------------------------
# With two worker processes (./dev test) each file's tests stay on one worker, handed out
# in collection order (--no-loadscope-reorder); a long file handed out last would keep one
# worker busy while the other idles. These modules hold the longest tests (a drill played
# in real time, end-to-end runs, feed subprocesses, the new-event wizard), slowest first;
# the rest keep their order. A name missing here costs only balance, never a result.
LONG_MODULES = (
    "tests/cli/test_feed_hardening.py",
    "tests/cli/test_own_event.py",
    "tests/services/test_drill.py",
    "tests/ui/event/test_new_event_wizard.py",
    "tests/cli/test_feed_isolate_cli.py",
    "tests/ui/test_desk_drill.py",
    "tests/cli/test_isolate_cli.py",
    "tests/ui/network/test_network_check_dock.py",
    "tests/ui/test_search_follow.py",
    "tests/ui/wall/test_wall.py",
    "tests/ui/repairs/test_dispatch_basis.py",
    "tests/services/customers/test_city.py",
    "tests/ui/feed/test_feed_routing.py",
    "tests/ui/repairs/test_repair_location.py",
    "tests/cli/test_export_map.py",
)


def pytest_collection_modifyitems(config, items) -> None:
    rank = {name: i for i, name in enumerate(LONG_MODULES)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::", 1)[0], len(LONG_MODULES)))
