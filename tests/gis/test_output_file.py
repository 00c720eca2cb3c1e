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
