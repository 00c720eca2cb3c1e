"""Run ``python app.py …`` in the test process, as the command line does, and capture what it prints.

A subprocess costs a fresh interpreter and the imports of Qt, geopandas and
SQLAlchemy (1.5–2 s each on the CI machine); the commands themselves are the same
code either way. Tests that are about the process itself (signals, a listener,
another desk's process) keep using real subprocesses.

:func:`run_app` goes through ``app.main`` (argument parsing, translators, the
store, the exit code), with ``sys.stdout``/``sys.stderr`` captured, environment
variables set for the run only, and the translators and default locale put back
afterwards so a ``--lang zh_CN`` run does not leak into the next test.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass
class AppRun:
    """What one command printed and returned (the fields of ``subprocess.CompletedProcess`` the tests use)."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str


@contextlib.contextmanager
def _environment(env: Mapping[str, str | None] | None):
    """Set (str) or remove (None) environment variables for the block."""
    saved = {name: os.environ.get(name) for name in (env or {})}
    try:
        for name, value in (env or {}).items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextlib.contextmanager
def _translators_kept():
    """Put the application's translators and default locale back as they were."""
    from PySide6.QtCore import QCoreApplication, QLocale

    from ui.common import i18n

    app = QCoreApplication.instance()
    before = list(i18n._installed)
    locale = QLocale()
    try:
        yield
    finally:
        app = QCoreApplication.instance() or app
        for translator in i18n._installed:
            app.removeTranslator(translator)
        i18n._installed[:] = before
        for translator in before:
            app.installTranslator(translator)
        QLocale.setDefault(locale)


def run_app(*args: str, env: Mapping[str, str | None] | None = None) -> AppRun:
    """Run ``python app.py ARGS…`` in-process; returns its exit code and printout.

    ``env`` sets environment variables for the run (``None`` removes one), e.g.
    ``{"WATERGUARD_STORE": url}``. ``WATERGUARD_STORE`` is removed unless given,
    as the subprocess tests did, so the developer's own store is never touched.
    """
    import app

    argv = [str(a) for a in args]
    out, err = io.StringIO(), io.StringIO()
    env = {"WATERGUARD_STORE": None, **(env or {})}
    with _environment(env), _translators_kept(), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = app.main(argv)
        except SystemExit as exc:  # argparse's usage errors, --help
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            if isinstance(exc.code, str):
                print(exc.code, file=err)
    return AppRun(argv, int(code or 0), out.getvalue(), err.getvalue())
