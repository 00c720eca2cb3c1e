"""Spreadsheet imports: templates round-trip, a bad row refuses the file with row/column/reason, nothing half-written."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select

from models.patrol import Person, Team
from services.event import EventFields, create_event
from services.sheets import import_sheet, write_templates


def test_templates_import_as_they_are(store, tmp_path):
    create_event(store, EventFields("E", "2026-05-21 06:00", "2026-05-22 06:00", "Europe/Monaco", crs="EPSG:32632"))
    for lang in ("zh_CN", "en"):
        paths = {p.stem: p for p in write_templates(tmp_path / lang, lang, "xlsx" if lang == "en" else "csv")}
        assert set(paths) == {"teams", "staff", "vehicles", "devices", "units", "contacts", "parts", "roster",
                              "leak-readings"}
        if lang == "zh_CN":
            assert pd.read_csv(paths["teams"]).columns[0] == "编号"
            for kind in ("teams", "staff", "vehicles", "devices", "units", "contacts", "parts", "roster"):
                report = import_sheet(store, kind, paths[kind])
                assert report["ok"], report


def test_bad_row_refuses_the_whole_file(store, tmp_path):
    (tmp_path / "teams.csv").write_text("code,name\nT1,One\n", encoding="utf-8")
    assert import_sheet(store, "teams", tmp_path / "teams.csv")["ok"]
    staff = tmp_path / "staff.xlsx"
    pd.DataFrame({"姓名": ["A", "B", "C"], "班组": ["T1", "T9", "T1"]}).to_excel(staff, index=False)
    report = import_sheet(store, "staff", staff)
    assert not report["ok"]
    assert report["errors"] == [{"file": "staff.xlsx", "row": 3, "column": "班组",
                                 "reason": "no team 'T9' (import teams first)"}]
    assert "row 3, column 班组" in report["error"] and "nothing written" in report["error"]
    with store.engine.connect() as c:
        assert c.execute(select(func.count()).select_from(Person.__table__)).scalar() == 0
        assert c.execute(select(func.count()).select_from(Team.__table__)).scalar() == 1
