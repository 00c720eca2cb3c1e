"""Zone assignment sheets and exports on the real demo store with its stored plan.

The sheets PDF is read back with poppler (pdfinfo, pdftotext, pdftoppm), the
GeoPackage with pyogrio, the tables with openpyxl/pandas.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import numpy as np
import pandas as pd
import pyogrio
import pytest
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter
from sqlalchemy import func, select

from gis.map_styles import RULE_COLOURS
from models.bulk import write_track_points
from models.duty import ActionItem
from models.patrol import PatrolPatch, SegmentRequirement, Team
from models.repair import Repair
from models.store import open_store
from tests.support.cli import AppRun, run_app
from tests.support.stores import open_copy

KANGXI = re.compile("[\u2f00-\u2fdf]")
DAY = "2026-12-01"
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


def _app(*args: str) -> AppRun:
    return run_app(*args)


@pytest.fixture(scope="module")
def demo(tmp_path_factory, first_day_plan_template) -> str:
    """The demo store with a plan, a repair, an action item and one patrol track (Chinese text)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite'}"
    # what ``python app.py demo`` then ``plan --date DAY`` write (tests/cli/test_demo_cmd.py, test_demo_plan.py)
    open_copy(first_day_plan_template, url).dispose()
    store = open_store(url)
    try:
        with store.session() as s:
            s.add(Repair(code="R-大水-1", category="leak", level="IV", status="dispatched", address="大街 1 号",
                         description="水管爆裂，路面积水", lon=9.52, lat=47.14, reported_at=dt.datetime(2026, 12, 1, 9, tzinfo=dt.timezone.utc),
                         dispatched_at=dt.datetime(2026, 12, 1, 9, 5, tzinfo=dt.timezone.utc)))
            s.add(ActionItem(code="A-1", category="safety", problem="检查井盖松动", plan="焊接固定", owner="李大水",
                             status="open", deadline=dt.datetime(2026, 12, 2, 12, tzinfo=dt.timezone.utc)))
            s.commit()
        t0 = dt.datetime(2026, 12, 1, 9, tzinfo=dt.timezone.utc).timestamp()
        with store.engine.begin() as conn:
            write_track_points(conn, pd.DataFrame({"device": "patrol-07", "t": t0 + np.arange(20) * 30.0,
                                                   "lon": 9.52 + np.arange(20) * 1e-4, "lat": 47.14}))
    finally:
        store.dispose()
    return url


def _team(url: str, code: str) -> Team:
    store = open_store(url)
    try:
        with store.session() as s:
            return s.scalars(select(Team).where(Team.code == code)).one()
    finally:
        store.dispose()


@needs_poppler
def test_sheets_pdf_pages_chinese_text_and_pipe_colours(demo, tmp_path):
    out = tmp_path / "sheets.pdf"
    run = _app("--store", demo, "--lang", "zh_CN", "sheets", "--out", str(out), "--date", DAY,
               "--team", "T07", "T08", "--json")
    assert run.returncode == 0, run.stderr
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    # Two teams × their day and night shifts.
    assert re.search(r"Pages:\s+4\b", info), info
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert not KANGXI.findall(text), f"Kangxi radicals in the text layer: {set(KANGXI.findall(text))}"
    leader = _team(demo, "T07").leader
    for expected in ("巡检责任区任务单", "国际峰会", "白班", "夜班", "巡检轮次", "关键点", "应急联系人", "组长签字",
                     "管片巡检", leader, "王丽华"):
        assert expected in text, expected
    assert text.count("巡检责任区任务单") == 4

    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(out), str(tmp_path / "p")], check=True)
    image = QImage(str(next(tmp_path.glob("p-*.png"))))
    assert not image.isNull()
    ptr = image.convertToFormat(QImage.Format.Format_RGB888)
    rgb = np.frombuffer(ptr.constBits(), np.uint8).reshape(ptr.height(), ptr.bytesPerLine())[:, :ptr.width() * 3]
    rgb = rgb.reshape(ptr.height(), ptr.width(), 3).astype(int)
    map_area = rgb[int(0.12 * ptr.height()):int(0.62 * ptr.height())]

    def count(colour: str) -> int:
        c = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)])
        return int((np.abs(map_area - c).sum(axis=2) < 40).sum())

    assert count(RULE_COLOURS["patch"]) > 200  # the patch's pipes in green
    assert count(RULE_COLOURS["transmission"]) > 20  # its transmission main in blue


def test_sheets_without_a_plan_say_so(store, store_url, tmp_path):
    from models.event import Event

    with store.session() as s:
        s.add(Event(name="Summit", starts_at=dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc),
                    ends_at=dt.datetime(2026, 12, 2, tzinfo=dt.timezone.utc),
                    timezone="UTC", local_crs="EPSG:32632"))
        s.commit()
    run = _app("--store", store_url, "sheets", "--out", str(tmp_path / "x.pdf"))
    assert run.returncode == 2
    assert "python app.py plan" in run.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_unknown_team_is_named(demo, tmp_path):
    run = _app("--store", demo, "sheets", "--out", str(tmp_path / "x.pdf"), "--team", "T99")
    assert run.returncode == 2 and "T99" in run.stderr


def test_geopackage_layers_read_back(demo, tmp_path):
    out = tmp_path / "day.gpkg"
    run = _app("--store", demo, "export", "--out", str(out), "--date", DAY)
    assert run.returncode == 0, run.stderr
    layers = dict(pyogrio.list_layers(out))
    assert layers == {"patches": "Polygon", "segment_requirements": "LineString", "segment_coverage": "LineString",
                      "repairs": "Point", "tracks": "LineString"}
    store = open_store(demo)
    try:
        with store.engine.connect() as conn:
            n_req = conn.execute(select(func.count()).select_from(SegmentRequirement)).scalar()
            n_pairs = conn.execute(select(func.count()).select_from(
                select(SegmentRequirement.pipe_id, SegmentRequirement.requirement_id).distinct().subquery())).scalar()
    finally:
        store.dispose()
    patches = pyogrio.read_dataframe(out, layer="patches")
    store = open_store(demo)
    try:
        with store.session() as s:
            stored = s.scalar(select(func.count()).select_from(PatrolPatch))
    finally:
        store.dispose()
    assert stored > 0 and len(patches) == stored and "T07" in set(patches["teams"])
    assert len(pyogrio.read_dataframe(out, layer="segment_requirements")) == n_req
    cov = pyogrio.read_dataframe(out, layer="segment_coverage")
    assert len(cov) == n_pairs
    assert cov["ratio"].between(0, 1).all() and {"frac_w1", "frac_w6"} <= set(cov.columns)
    repairs = pyogrio.read_dataframe(out, layer="repairs")
    assert list(repairs["code"]) == ["R-大水-1"] and repairs["description"].iloc[0] == "水管爆裂，路面积水"
    tracks = pyogrio.read_dataframe(out, layer="tracks")
    assert list(tracks["device"]) == ["patrol-07"] and int(tracks["fixes"].iloc[0]) == 20
    assert 100 < tracks["length_m"].iloc[0] < 200  # 19 × ~7.6 m
    if shutil.which("ogrinfo"):
        so = subprocess.run(["ogrinfo", "-so", str(out), "segment_coverage"], capture_output=True, text=True)
        assert so.returncode == 0 and f"Feature Count: {n_pairs}" in so.stdout


def test_tables_to_csv_and_xlsx_keep_chinese(demo, tmp_path):
    import openpyxl

    csv = tmp_path / "repairs.csv"
    assert _app("--store", demo, "export", "--out", str(csv), "--table", "repairs").returncode == 0
    assert csv.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with a BOM
    frame = pd.read_csv(csv, encoding="utf-8-sig")
    assert frame.loc[0, "code"] == "R-大水-1" and frame.loc[0, "address"] == "大街 1 号"
    run = _app("--store", demo, "export", "--out", str(tmp_path / "x.csv"))
    assert run.returncode == 2 and "--table" in run.stderr

    xlsx = tmp_path / "tables.xlsx"
    assert _app("--store", demo, "export", "--out", str(xlsx)).returncode == 0
    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames == ["repairs", "action-items"]
    rows = list(book["action-items"].values)
    assert rows[0][:3] == ("code", "category", "problem")
    assert rows[1][2] == "检查井盖松动" and rows[1][4] == "李大水"
    assert rows[1][5] == dt.datetime(2026, 12, 2, 12)  # deadline, UTC (Excel has no time zones)
    repairs = list(book["repairs"].values)
    assert repairs[1][repairs[0].index("dispatched_at")] == dt.datetime(2026, 12, 1, 9, 5)


def test_print_preview_paints_the_sheets(demo, qtbot, tmp_path):
    from ui.printing.sheets_dialog import SheetOptions, SheetsDialog, SheetsPreview

    store = open_store(demo)
    try:
        dialog = SheetsDialog(store)
        qtbot.addWidget(dialog)
        opts = dialog.options()
        assert opts.date == dt.date(2026, 12, 1)
        assert opts.teams == ["T07", "T08", "T09", "T10", "T11", "T12"]  # the teams with a patch
        preview = SheetsPreview(store, SheetOptions(opts.date, ["T09"], "day", "A3", "landscape"))
        qtbot.addWidget(preview.dialog)
        assert len(preview.sheets) == 1
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "preview.pdf"))
        printer.setPageLayout(preview.printer.pageLayout())
        preview.dialog.paintRequested.emit(printer)  # what the preview and its Print button do
        preview.close()
    finally:
        store.dispose()
    pdf = (tmp_path / "preview.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and b"/Type /Page" in pdf
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(tmp_path / "preview.pdf")], capture_output=True, text=True).stdout
        assert re.search(r"Pages:\s+1\b", info), info
        assert re.search(r"Page size:\s+1191 x 842 pts \(A3\)", info), info  # landscape: wider than high


def test_the_desk_reads_the_sheets_on_a_worker_behind_a_busy_dialog(demo, qtbot, monkeypatch):
    import threading

    import ui.printing.sheets_dialog as sd
    from services.zone_sheets.sheets import SheetDataError

    seen: list[str] = []
    real = sd.read_sheets

    def spy(*args):
        seen.append(threading.current_thread().name)
        return real(*args)

    monkeypatch.setattr(sd, "read_sheets", spy)
    store = open_store(demo)
    try:
        sheets, (layers, _projector) = sd.read_sheets_in_background(
            store, sd.SheetOptions(dt.date(2026, 12, 1), ["T09"], "day"))
        with pytest.raises(SheetDataError, match="Unknown team"):
            sd.read_sheets_in_background(store, sd.SheetOptions(dt.date(2026, 12, 1), ["NOPE"], "day"))
    finally:
        store.dispose()
    assert seen == ["zone-sheets", "zone-sheets"]  # never the GUI thread
    assert [s.team_code for s in sheets] == ["T09"] and "pipes" in layers


def test_desk_export_writes_the_geopackage_from_a_worker(demo, qtbot, tmp_path, monkeypatch):
    import threading

    import services.export as se
    from ui.printing.export_dialog import export_file

    seen: list[str] = []
    real = se.export

    def spy(*args, **kwargs):
        seen.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(se, "export", spy)
    store = open_store(demo)
    try:
        assert export_file(None, store, str(tmp_path / "day.gpkg")) == 0
        assert export_file(None, store, str(tmp_path / "day.txt")) == 2  # the message names the suffixes
    finally:
        store.dispose()
    assert seen == ["export", "export"]
    assert dict(pyogrio.list_layers(tmp_path / "day.gpkg"))["segment_coverage"] == "LineString"
    assert len(pyogrio.read_dataframe(tmp_path / "day.gpkg", layer="segment_requirements")) > 0
