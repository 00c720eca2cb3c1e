"""The Simplified Chinese catalogue is complete, current, and used."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import i18n as catalogue  # noqa: E402


def _sources(ts: Path) -> set[str]:
    import xml.etree.ElementTree as ET

    return {m.findtext("source") for m in ET.parse(ts).iter("message")}


def test_catalogue_has_every_string_of_the_sources(tmp_path):
    fresh = tmp_path / "fresh.ts"
    catalogue.lupdate(fresh)
    missing = _sources(fresh) - _sources(catalogue.TS)
    assert not missing, f"run `python tools/i18n.py update` and translate: {sorted(missing)}"


def test_every_message_is_translated():
    assert catalogue.unfinished(catalogue.TS) == []


def test_compiled_catalogue_is_newer_than_its_source():
    assert catalogue.TS.with_suffix(".qm").stat().st_mtime >= catalogue.TS.stat().st_mtime - 1


@pytest.mark.parametrize(("lang", "expected"), [("zh_CN", "活动：无"), ("en", "Event: none")])
def test_subcommands_follow_lang(tmp_path, lang, expected):
    out = subprocess.run(
        [sys.executable, str(ROOT / "app.py"), "--lang", lang, "--store", f"sqlite:///{tmp_path / 's.sqlite'}", "status"],
        capture_output=True, text=True, check=True, cwd=ROOT,
    ).stdout
    assert expected in out


def test_language_defaults_to_chinese_on_a_zh_locale(monkeypatch):
    from PySide6.QtCore import QLocale

    from ui.common.i18n import default_language, normalise_language

    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("zh_CN")))
    assert default_language() == "zh_CN"
    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("de_DE")))
    assert default_language() == "en"
    assert normalise_language("zh-CN") == normalise_language("zh_CN.UTF-8") == "zh_CN"
