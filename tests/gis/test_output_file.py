"""An output file is written whole or not at all: a failing writer leaves the previous copy as it was."""

from __future__ import annotations

import pytest

from gis.io.output import replacing


def test_the_target_is_replaced_only_when_the_writer_finishes(tmp_path):
    target = tmp_path / "out" / "sheet.pdf"
    with replacing(target) as tmp:
        assert tmp.parent == target.parent and tmp.suffix == ".pdf" and tmp != target
        tmp.write_bytes(b"first")
    assert target.read_bytes() == b"first"
    with pytest.raises(RuntimeError):
        with replacing(target) as tmp:
            tmp.write_bytes(b"half a sec")
            raise RuntimeError("the printer died")
    assert target.read_bytes() == b"first" and not tmp.exists()


def test_what_a_killed_writer_left_is_cleared_by_the_next(tmp_path):
    target = tmp_path / "day.gpkg"
    left = tmp_path / ".day.part.gpkg"  # what a writer killed mid-write (kill -9) leaves behind
    left.write_bytes(b"partial")
    with replacing(target) as tmp:
        assert tmp == left and not tmp.exists()  # cleared before the new write starts
        tmp.write_bytes(b"whole")
    assert target.read_bytes() == b"whole" and not left.exists()


def test_the_small_tables_are_written_whole_too(tmp_path, monkeypatch):
    # The customer list, the import templates and the after-action workbook: a writer that fails
    # half-way leaves the file the user already has (filled-in templates among them) as it was.
    import pandas as pd

    import services.after_action as after_action
    from services.customers.export import write_xlsx
    from services.sheets.sheets import write_templates

    customers = tmp_path / "customers.xlsx"
    write_xlsx(pd.DataFrame({"账户": ["A-1"], "地址": ["长安街 1 号"]}), customers)
    before = customers.read_bytes()

    def broken(frame):
        yield ("A-2", "北京")
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "itertuples", lambda self, index=False: broken(self))
    with pytest.raises(OSError):
        write_xlsx(pd.DataFrame({"账户": ["A-2"], "地址": ["北京"]}), customers)
    monkeypatch.undo()
    assert customers.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["customers.xlsx"]

    folder = tmp_path / "templates"
    written = write_templates(folder, "zh_CN")
    filled = written[0]
    filled.write_text(filled.read_text(encoding="utf-8-sig") + "我填的一行\n", encoding="utf-8-sig")
    kept = filled.read_bytes()
    import csv

    class DyingWriter:
        def __init__(self, fh):
            self.fh = fh

        def writerow(self, row):
            self.fh.write("half")
            raise OSError("disk full")

    monkeypatch.setattr(csv, "writer", DyingWriter)
    with pytest.raises(OSError):
        write_templates(folder, "zh_CN")
    monkeypatch.undo()
    assert filled.read_bytes() == kept and not list(folder.glob(".*part*"))

    report = tmp_path / "after_action.xlsx"
    report.write_bytes(b"yesterday's report")

    class DyingTables:
        def items(self):
            yield "Repairs", pd.DataFrame({"a": [1]})
            raise RuntimeError("a table could not be built")

    monkeypatch.setattr(after_action, "report_tables", lambda data, tr: DyingTables())
    with pytest.raises(RuntimeError):
        after_action.write_report_xlsx({}, report)
    assert report.read_bytes() == b"yesterday's report" and not list(tmp_path.glob(".*part*"))
