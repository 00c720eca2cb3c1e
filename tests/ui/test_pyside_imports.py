"""PySide6's import hook answers "does this module use PySide6?" without caching the module's source."""

from __future__ import annotations

import linecache
import sys

import ui  # noqa: F401  (installs the check)
from ui import pyside_imports


def _import_from(tmp_path, monkeypatch, name: str, text: str):
    path = tmp_path / f"{name}.py"
    path.write_text(text, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    module = __import__(name)  # an import statement: PySide6 hooks __import__, not importlib
    monkeypatch.delitem(sys.modules, name)
    return path, module


def test_new_modules_get_pyside_s_answer_and_leave_no_lines_cached(tmp_path, monkeypatch):
    feature = sys.modules["shibokensupport.feature"]
    assert pyside_imports.install()
    assert feature._mod_uses_pyside is pyside_imports._mod_uses_pyside
    uses, uses_mod = _import_from(tmp_path, monkeypatch, "wg_uses_qt_probe", "from PySide6 import QtCore\nX = 1\n")
    plain, plain_mod = _import_from(tmp_path, monkeypatch, "wg_plain_probe", "Y = 2\n")
    assert feature.pyside_feature_dict["wg_uses_qt_probe"] == 0  # PySide6's "uses PySide6, no feature"
    assert feature.pyside_feature_dict["wg_plain_probe"] == -1  # "ignore this module"
    assert str(uses) not in linecache.cache and str(plain) not in linecache.cache
    # the same answers PySide6's own check gives (which reads the source through linecache)
    assert pyside_imports._ORIGINAL(uses_mod) is True and pyside_imports._ORIGINAL(plain_mod) is False


def test_install_twice_keeps_pyside_s_own_check_as_the_fallback():
    assert pyside_imports.install() and pyside_imports.install()
    assert pyside_imports._ORIGINAL is not pyside_imports._mod_uses_pyside
    assert pyside_imports._mod_uses_pyside(sys) is False  # built-in: no source
