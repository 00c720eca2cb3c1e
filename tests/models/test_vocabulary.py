"""One vocabulary: codes and the titles of repair states and limits defined once, used by gis and the desk."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import models.vocabulary as vocabulary
from gis import notify, repair_level


def test_vocabulary_imports_nothing_so_gis_may_read_it():
    tree = ast.parse(Path(vocabulary.__file__).read_text(encoding="utf-8"))
    imports = [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))]
    assert [getattr(n, "module", None) for n in imports] == ["__future__"]


def test_levels_and_titles_are_the_vocabulary_s():
    assert repair_level.LEVELS is vocabulary.REPAIR_LEVELS
    assert notify.STATUS_NAMES is vocabulary.REPAIR_STATE_TITLES
    assert notify.LIMIT_NAMES is vocabulary.LIMIT_TITLES
    assert set(vocabulary.REPAIR_STATE_TITLES) == set(vocabulary.REPAIR_STATES)


def test_notification_status_is_the_vocabulary_title():
    repair = SimpleNamespace(code="R-1", level="III", category="leak", address="Quai Antoine 1er",
                             lat=None, lon=None, reported_at=dt.datetime(2026, 5, 21, 8, 0, tzinfo=dt.timezone.utc),
                             caller=None, phone=None, description=None, status="on_site", level_reason=None)
    _, zh = notify.render(repair, "zh_CN")
    _, en = notify.render(repair, "en")
    assert "已到场" in zh and "crew on site" not in zh
    assert "crew on site" in en


def test_desk_titles_come_from_the_same_table(qapp):
    from PySide6.QtCore import QLocale

    from ui.common.vocabulary import limit_title, milestone_title, repair_status_title

    old = QLocale()
    try:
        QLocale.setDefault(QLocale("zh_CN"))
        assert milestone_title("arrived_at") == "已到场" == repair_status_title("on_site")
        assert limit_title("isolation") == "关阀止水"
        assert repair_status_title("cancelled") == "已取消"
        QLocale.setDefault(QLocale("en"))
        assert milestone_title("reported") == "reported" and limit_title("repair") == "repair"
        assert milestone_title("unknown_at") == "unknown_at"
    finally:
        QLocale.setDefault(old)
