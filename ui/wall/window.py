"""The command-room wall: a full-screen, read-only board that keeps itself current.

Left, the map tours the whole city, the venues, the residences and the
motorcade routes on a timer; right, the big figures (open repairs by level,
time limits overrun, missing zero reports, vehicles on duty and lost, action
items, patrol coverage per requirement). A new repair at level IV or above
(IV, III, II, I) jumps the map to it and raises a red banner that flashes until
the repair is dispatched.

All type is sized from the window height (figures ~5.5 % of it), so the same
layout reads at 1920×1080 and on a 4K wall at 3 m. Colours live in
``resources/styles/wall.qss``; red is for alarms only.

Refresh: a timer asks :class:`~ui.wall.feed.WallFeed` for figures every
few seconds (computed off the GUI thread). To follow other desks' writes at
once, connect their ``store_changed`` signal to :meth:`WallWindow.request_refresh`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QFont, QFontMetrics, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFrame, QGridLayout, QHBoxLayout, QLabel, QLayout, QProgressBar, QSizePolicy, QVBoxLayout, QWidget,
)

from models.clock import event_timezone
from ui.common.vocabulary import level_title
from models.repair import REPAIR_LEVELS
from models.store import Store
from services.wall.figures import SERIOUS_LEVELS, WallFigures, banner_state
from ui.map.layer_views.base import LABEL_FAMILIES
from ui.wall.canvas import TourStop, WallCanvas, tour_stops
from ui.wall.feed import Clock, WallFeed, utc_now

QSS = Path(__file__).resolve().parents[2] / "resources" / "styles" / "wall.qss"
OSM_CREDIT = "© OpenStreetMap contributors (ODbL)"

#: Font pixel sizes as a share of the window height.
FIGURE_H = 0.055
LEVEL_H = 0.048
CAPTION_H = 0.021
ROW_H = 0.024
TITLE_H = 0.030
CLOCK_H = 0.040
BANNER_H = 0.034
SMALL_H = 0.014


def wall_font(pixel_size: float, bold: bool = False) -> QFont:
    """A font that renders Chinese and Latin text, at a pixel size."""
    font = QFont()
    font.setFamilies(LABEL_FAMILIES)
    font.setPixelSize(max(int(round(pixel_size)), 6))
    font.setBold(bold)
    return font


class WallLabel(QLabel):
    """A label that never asks the layout for room: its text shrinks to fit the room it gets.

    The font goes down to 60 % of the design size; text still too wide is elided
    (:attr:`full_text` keeps the whole of it).
    """

    def __init__(self, text: str = "", role: str = "caption", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.full_text = text
        self.setProperty("role", role)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(0)
        self.base_px = 12.0
        #: Upper bound below the design size (rows that must share one size).
        self.cap_px: float | None = None
        self.bold = role in ("figure", "level", "title", "clock", "banner")

    def set_base(self, pixel_size: float) -> None:
        """Set the design size; the height follows it."""
        self.base_px = pixel_size
        # CJK fonts carry a tall line box (~1.45 em); digits need ~1 em and text with
        # descenders ~1.3 em, so the rows are cut to what the glyphs use.
        digits = self.property("role") in ("figure", "level", "clock")
        self.setFixedHeight(int(pixel_size * (1.08 if digits else 1.32)) + 2)
        self.fit()

    def setText(self, text: str) -> None:  # noqa: N802 (Qt override)
        """Set the text and fit it."""
        self.full_text = text
        self.fit()

    def fit(self) -> None:
        """Pick the largest font (60–100 % of the design size) that shows the whole text, else elide."""
        width = self.contentsRect().width()
        text = self.full_text
        px = self.base_px if self.cap_px is None else min(self.base_px, self.cap_px)
        font = wall_font(px, self.bold)
        if width > 0:
            while QFontMetrics(font).horizontalAdvance(text) > width and px > self.base_px * 0.6:
                px -= max(1.0, px * 0.05)
                font = wall_font(px, self.bold)
            if QFontMetrics(font).horizontalAdvance(text) > width:
                text = QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, width)
        if font != self.font():
            self.setFont(font)
        if text != super().text():
            super().setText(text)

    def text_fits(self) -> bool:
        """Whether the whole text shows at the current font (the layout checks use it)."""
        return QFontMetrics(self.font()).horizontalAdvance(self.full_text) <= self.contentsRect().width()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        """Re-fit to the new width."""
        super().resizeEvent(event)
        self.fit()


def set_alarm(widget: QWidget, on: bool) -> None:
    """Mark a widget as alarming (red in the QSS) and re-polish it."""
    if widget.property("alarm") == on:
        return
    widget.setProperty("alarm", on)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class FigureTile(QFrame):
    """A caption over one big number."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "tile")
        self.caption = WallLabel(caption, "caption", self)
        self.value = WallLabel("—", "figure", self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addStretch(1)

    def set_scale(self, h: float) -> None:
        """Size type and padding from the window height."""
        pad = int(h * 0.008)
        self.layout().setContentsMargins(pad * 2, pad, pad * 2, pad)
        self.layout().setSpacing(0)
        self.caption.set_base(h * CAPTION_H)
        self.value.set_base(h * FIGURE_H)

    def show_value(self, value: int | str, alarm: bool = False) -> None:
        """Show a figure; red when it is an alarm."""
        self.value.setText(str(value))
        set_alarm(self.value, alarm)
        set_alarm(self, alarm)


class WallWindow(QWidget):
    """The wall display on one store.

    Parameters
    ----------
    store
        The store to show (read only).
    lang
        ``zh_CN`` or ``en`` (event and requirement names follow it).
    tour_seconds
        Time on each stop of the map tour.
    refresh_seconds
        How often the figures are read from the store.
    focus_seconds
        How long the map stays on a new serious repair before the tour resumes.
    clock
        Returns the current aware datetime (tests move time).
    basemap
        The OpenStreetMap basemap GeoPackage (None: no basemap).
    """

    def __init__(self, store: Store, lang: str = "en", *, tour_seconds: float = 20.0,
                 refresh_seconds: float = 5.0, focus_seconds: float = 60.0, clock: Clock = utc_now,
                 basemap=None, coverage_every_s: float = 60.0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from ui.map.setup import load_layers

        self.setObjectName("wallWindow")
        self.setWindowTitle(self.tr("WaterGuard — wall display"))
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.store = store
        self.zh = lang.startswith("zh")
        self.clock = clock
        self.tour_seconds = tour_seconds
        self.focus_seconds = focus_seconds
        with store.session() as session:
            self.tz = event_timezone(session)
        event = store.current_event()
        self.event_name = "" if event is None else (event.name_zh if self.zh and event.name_zh else event.name)
        if QSS.exists():
            self.setStyleSheet(QSS.read_text(encoding="utf-8"))

        # defer: a city's pipes come from the map data prepared beside the store (memory-mapped), not read here.
        layers, projector = load_layers(store, defer=True) if basemap is None else load_layers(store, basemap, defer=True)
        self.canvas = WallCanvas(layers, projector, self)
        from ui.map.setup import watch_prepared_layers

        watch_prepared_layers(self, self.canvas, layers)  # a city's pipes still being prepared: drawn when ready
        self.stops: list[TourStop] = tour_stops(layers, self.zh)
        self.stop_index = -1
        self.figures: WallFigures | None = None
        self.banner_state: str | None = None
        self._seen_serious: set[int] = set()
        self._focus: TourStop | None = None
        self._updated_at: dt.datetime | None = None
        self._stale = False
        self._build()

        self.feed = WallFeed(store, clock, coverage_every_s, self)
        self.feed.figures_ready.connect(self._on_figures_change)
        self.feed.failed.connect(self._on_feed_failed)
        self.refresh_timer = QTimer(self, interval=int(refresh_seconds * 1000))
        self.refresh_timer.timeout.connect(self.request_refresh)
        self.tour_timer = QTimer(self, interval=int(tour_seconds * 1000))
        self.tour_timer.timeout.connect(self.next_stop)
        self.clock_timer = QTimer(self, interval=1000)
        self.clock_timer.timeout.connect(self._tick_clock)
        self.flash_timer = QTimer(self, interval=500)
        self.flash_timer.timeout.connect(self._flash)
        self._flash_on = True
        self.setCursor(Qt.CursorShape.BlankCursor)

    # -- construction -----------------------------------------------------------------------
    def _build(self) -> None:
        root = QVBoxLayout(self)
        # The window's size is the screen's: the layout must not push minimum sizes up to it.
        root.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.header = QWidget(self)
        self.header.setObjectName("wallHeader")
        head = QHBoxLayout(self.header)
        head.setContentsMargins(0, 0, 0, 0)
        self.title = WallLabel(self._title_text(), "title", self.header)
        self.updated = WallLabel("", "small", self.header)
        self.updated.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.clock_label = WallLabel("", "clock", self.header)
        self.clock_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        head.addWidget(self.title, 58)
        head.addWidget(self.updated, 24)
        head.addWidget(self.clock_label, 18)
        root.addWidget(self.header)

        self.banner = WallLabel("", "banner", self)
        self.banner.setObjectName("wallBanner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.hide()
        root.addWidget(self.banner)

        body = QHBoxLayout()
        body.addWidget(self.canvas, 62)
        self.panel = QWidget(self)
        self.panel.setObjectName("wallPanel")
        self.panel.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        body.addWidget(self.panel, 38)
        root.addLayout(body, 1)
        self._build_panel()

    def _build_panel(self) -> None:
        col = QVBoxLayout(self.panel)
        col.setContentsMargins(0, 0, 0, 0)
        # Open repairs by level: I (most severe) … V (routine).
        self.levels_box = QFrame(self.panel)
        self.levels_box.setProperty("role", "tile")
        lv = QVBoxLayout(self.levels_box)
        self.levels_caption = WallLabel(self.tr("Open repairs by level"), "caption", self.levels_box)
        lv.addWidget(self.levels_caption)
        row = QHBoxLayout()
        self.level_values: dict[str, WallLabel] = {}
        self.level_names: dict[str, WallLabel] = {}
        for level in REPAIR_LEVELS:
            cell = QVBoxLayout()
            value = WallLabel("0", "level", self.levels_box)
            name = WallLabel(level_title(level), "caption", self.levels_box)
            for w in (value, name):
                w.setAlignment(Qt.AlignmentFlag.AlignCenter)
                cell.addWidget(w)
            row.addLayout(cell, 1)
            self.level_values[level], self.level_names[level] = value, name
        lv.addLayout(row)
        col.addWidget(self.levels_box)

        grid = QGridLayout()
        self.tiles = {
            "overrun": FigureTile(self.tr("Time limits overrun"), self.panel),
            "reports": FigureTile(self.tr("Missing zero reports"), self.panel),
            "vehicles": FigureTile(self.tr("Vehicles on duty"), self.panel),
            "lost": FigureTile(self.tr("Vehicles lost"), self.panel),
            "items": FigureTile(self.tr("Open action items"), self.panel),
            "overdue": FigureTile(self.tr("Overdue action items"), self.panel),
            "hazards": FigureTile(self.tr("Hazards found by patrol today"), self.panel),
            "hazards_open": FigureTile(self.tr("Hazards handled / still new"), self.panel),
        }
        for i, tile in enumerate(self.tiles.values()):
            grid.addWidget(tile, i // 2, i % 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.grid = grid
        col.addLayout(grid)

        self.coverage_box = QFrame(self.panel)
        # It takes the height left over, whatever the number of requirements: rows shrink to fit it.
        self.coverage_box.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.coverage_box.setProperty("role", "tile")
        cv = QVBoxLayout(self.coverage_box)
        self.coverage_caption = WallLabel(self.tr("Patrol coverage, current round"), "caption", self.coverage_box)
        cv.addWidget(self.coverage_caption)
        self.coverage_grid = QGridLayout()
        self.coverage_grid.setColumnStretch(0, 54)
        self.coverage_grid.setColumnStretch(1, 20)
        self.coverage_grid.setColumnStretch(2, 26)
        cv.addLayout(self.coverage_grid)
        cv.addStretch(1)
        self.coverage_rows: list[tuple[WallLabel, QProgressBar, WallLabel]] = []
        self.no_coverage = WallLabel(self.tr("No patrol requirements"), "row", self.coverage_box)
        self.coverage_grid.addWidget(self.no_coverage, 0, 0, 1, 3)
        col.addWidget(self.coverage_box, 1)

        self.credit = WallLabel(OSM_CREDIT, "small", self.panel)
        self.credit.setAlignment(Qt.AlignmentFlag.AlignRight)
        col.addWidget(self.credit)

    def _title_text(self) -> str:
        drill = getattr(getattr(self, "figures", None), "drill", None)
        if drill:
            return self.tr("DRILL {0} — {1}").format(drill, self.event_name or self.tr("WaterGuard"))
        if self.event_name:
            return self.tr("{0} — command room").format(self.event_name)
        return self.tr("WaterGuard — command room")

    # -- sizing -----------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        """Size all type and spacing from the new height."""
        super().resizeEvent(event)
        self.apply_scale()

    def apply_scale(self) -> None:
        """Set fonts, margins and map line widths from the window height."""
        h = float(max(self.height(), 200))
        m = int(h * 0.012)
        self.layout().setContentsMargins(m, m, m, m)
        self.layout().setSpacing(m)
        self.panel.layout().setSpacing(m)
        self.grid.setSpacing(m)
        self.title.set_base(h * TITLE_H)
        self.clock_label.set_base(h * CLOCK_H)
        self.updated.set_base(h * SMALL_H * 1.3)
        self.banner.set_base(h * BANNER_H)
        self.banner.setFixedHeight(int(h * BANNER_H * 1.9))
        self.credit.set_base(h * SMALL_H)
        pad = int(h * 0.008)
        for box, caption in ((self.levels_box, self.levels_caption), (self.coverage_box, self.coverage_caption)):
            box.layout().setContentsMargins(pad * 2, pad, pad * 2, pad)
            box.layout().setSpacing(int(pad * 0.5))
            caption.set_base(h * CAPTION_H)
        for level in REPAIR_LEVELS:
            self.level_values[level].set_base(h * LEVEL_H)
            self.level_names[level].set_base(h * CAPTION_H * 0.9)
        for tile in self.tiles.values():
            tile.set_scale(h)
        self.coverage_grid.setHorizontalSpacing(pad * 2)
        self.coverage_grid.setVerticalSpacing(int(pad * 0.6))
        self.no_coverage.set_base(h * ROW_H)
        # Rows are sized to the coverage box once the layout has given it its new size.
        QTimer.singleShot(0, self, self._layout_rows)
        self.canvas.px_scale = h / 1080.0
        self.canvas.caption_px = h * CAPTION_H * 1.15

    def figure_labels(self) -> list[WallLabel]:
        """Every visible label of the wall (for the layout checks)."""
        return [w for w in self.findChildren(WallLabel) if w.isVisible()]

    # -- behaviour ---------------------------------------------------------------------------
    def start(self) -> None:
        """Start the timers and read the first figures."""
        self.request_refresh()
        self.next_stop()
        self._tick_clock()
        for timer in (self.refresh_timer, self.tour_timer, self.clock_timer):
            timer.start()

    def request_refresh(self, *_args) -> None:
        """Read fresh figures off the GUI thread (timer, or another desk's store change)."""
        self.feed.request()

    def refresh_now(self) -> None:
        """Read the figures in this thread and show them (one-frame screenshots)."""
        self._on_figures_change(self.feed.compute())

    def next_stop(self) -> None:
        """Move the map to the next stop of the tour (or stay on a focused repair)."""
        if self._focus is not None:
            self._focus = None
            self.tour_timer.setInterval(int(self.tour_seconds * 1000))
        if not self.stops:
            return
        self.stop_index = (self.stop_index + 1) % len(self.stops)
        self._show_stop(self.stops[self.stop_index])

    def _show_stop(self, stop: TourStop) -> None:
        self.canvas.caption = self._stop_caption(stop)
        self.canvas.set_extent(*stop.extent, margin=0.02)

    def _stop_caption(self, stop: TourStop) -> str:
        captions = {
            "city": self.tr("Whole city"),
            "venues": self.tr("Venue: {0}"),
            "residences": self.tr("Residence: {0}"),
            "routes": self.tr("Motorcade route: {0}"),
            "repair": self.tr("Repair {0}"),
        }
        return captions.get(stop.kind, "{0}").format(stop.title)

    def focus_repair(self, code: str, lon: float, lat: float, half_m: float = 350.0) -> None:
        """Jump the map to a repair and hold it there for ``focus_seconds``."""
        x, y = self.canvas.projector.to_local(lon, lat)
        x, y = float(x), float(y)
        self._focus = TourStop("repair", code, (x - half_m, y - half_m, x + half_m, y + half_m))
        self._show_stop(self._focus)
        if self.tour_timer.isActive() or self.refresh_timer.isActive():
            self.tour_timer.start(int(self.focus_seconds * 1000))

    def _on_figures_change(self, figures: WallFigures) -> None:
        self.figures = figures
        self._stale = False
        self._updated_at = figures.now
        self._show_figures(figures)
        new = set(figures.serious_ids) - self._seen_serious
        self._seen_serious |= set(figures.serious_ids)
        rep = figures.newest_serious
        if rep is not None and rep.id in new and rep.lon is not None and rep.lat is not None:
            self.focus_repair(rep.code, rep.lon, rep.lat)
        self._show_banner(figures)
        self._tick_clock()

    def _on_feed_failed(self, message: str) -> None:
        self._stale = True
        self._tick_clock()

    def _show_figures(self, f: WallFigures) -> None:
        self.title.setText(self._title_text())
        set_alarm(self.title, bool(f.drill))
        for level in REPAIR_LEVELS:
            n = f.repairs_by_level.get(level, 0)
            self.level_values[level].setText(str(n))
            set_alarm(self.level_values[level], n > 0 and level in SERIOUS_LEVELS)
        self.tiles["overrun"].show_value(f.repairs_overrun, f.repairs_overrun > 0)
        self.tiles["reports"].show_value(f.reports_missing, f.reports_missing > 0)
        self.tiles["vehicles"].show_value(f.vehicles_on_duty)
        self.tiles["lost"].show_value(f.vehicles_lost, f.vehicles_lost > 0)
        self.tiles["items"].show_value(f.items_open)
        self.tiles["overdue"].show_value(f.items_overdue, f.items_overdue > 0)
        hz = f.hazards
        self.tiles["hazards"].show_value("—" if hz is None else hz.found)
        self.tiles["hazards_open"].show_value("—" if hz is None else f"{hz.handled} / {hz.new}",
                                              hz is not None and hz.new > 0)
        self._show_coverage(f)
        self.canvas.set_repairs(f.repair_points, SERIOUS_LEVELS)
        self._show_vehicles()

    def _show_coverage(self, f: WallFigures) -> None:
        h = float(max(self.height(), 200))
        while len(self.coverage_rows) < len(f.coverage):
            r = len(self.coverage_rows)
            name = WallLabel("", "row", self.coverage_box)
            bar = QProgressBar(self.coverage_box)
            bar.setRange(0, 100)
            bar.setTextVisible(False)
            bar.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            pct = WallLabel("", "row", self.coverage_box)
            pct.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            name.set_base(h * ROW_H)
            pct.set_base(h * ROW_H)
            bar.setFixedHeight(int(h * ROW_H * 0.6))
            self.coverage_grid.addWidget(name, r + 1, 0)
            self.coverage_grid.addWidget(bar, r + 1, 1)
            self.coverage_grid.addWidget(pct, r + 1, 2)
            self.coverage_rows.append((name, bar, pct))
        self.no_coverage.setVisible(not f.coverage)
        for i, (name, bar, pct) in enumerate(self.coverage_rows):
            shown = i < len(f.coverage)
            for w in (name, bar, pct):
                w.setVisible(shown)
            if not shown:
                continue
            req = f.coverage[i]
            name.setText(req.name_zh if self.zh and req.name_zh else req.name)
            if req.due is not None:  # a counted requirement (the leak survey): points read / points due
                text = f"{req.read}/{req.due}"
                if req.overdue:  # points left unread when yesterday ended
                    text += " · " + self.tr("{0} overdue").format(req.overdue)
                pct.setText(text)
                set_alarm(pct, bool(req.overdue))
                bar.setValue(int(round(100 * (req.ratio or 0.0))))
            elif req.ratio is None:
                set_alarm(pct, False)
                pct.setText("—")
                bar.setValue(0)
            else:
                set_alarm(pct, False)
                pct.setText(f"{100 * req.ratio:.0f}%")
                bar.setValue(int(round(100 * min(max(req.ratio, 0.0), 1.0))))
        self._layout_rows()

    def _layout_rows(self) -> None:
        """Size the requirement rows to the room the coverage box has, one type size for all names."""
        h = float(max(self.height(), 200))
        shown = [row for row in self.coverage_rows if not row[0].isHidden()]
        px = h * ROW_H
        if shown:
            margins = self.coverage_box.layout().contentsMargins()
            spacing = self.coverage_grid.verticalSpacing()
            avail = (self.coverage_box.height() - margins.top() - margins.bottom() - self.coverage_caption.height()
                     - self.coverage_box.layout().spacing() - spacing * len(shown))
            # A row is 1.32 em + 2 px high (WallLabel.set_base); never below 45 % of the design size.
            px = max(min(px, (avail / len(shown) - 2) / 1.32), h * ROW_H * 0.45)
        for name, bar, pct in self.coverage_rows:
            name.cap_px = None
            if abs(name.base_px - px) > 0.5:
                name.set_base(px)
                pct.set_base(px)
                bar.setFixedHeight(int(px * 0.6))
        names = [row[0] for row in shown]
        for name in names:
            name.cap_px = None
            name.fit()
        if names:
            smallest = min(n.font().pixelSize() for n in names)
            for name in names:
                name.cap_px = smallest
                name.fit()

    def _show_vehicles(self) -> None:
        from models.queries import vehicles_frame

        with self.store.engine.connect() as conn:
            frame = vehicles_frame(conn)
        if self.figures is None or frame.empty:
            self.canvas.vehicles.set_positions([], [], [], [], [], [])
            self.vehicle_groups = []
            return
        x, y = self.canvas.projector.to_local(frame.geometry.x.to_numpy(), frame.geometry.y.to_numpy())
        now_s = self.figures.now.timestamp()
        last = frame["last_t"].astype(float).fillna(-1e18).to_numpy()
        on_duty = (frame["status"] != "off_duty").to_numpy()
        stale = (now_s - last > 120.0) | ~on_duty
        # Vehicles parked at one depot (within a few metres) are one symbol with their count.
        from gis.stacking import stacked_groups

        codes = frame["code"].astype(str).to_numpy()
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        groups = stacked_groups(x, y)
        self.vehicle_groups = [[str(codes[i]) for i in g] for g in groups]
        labels = [codes[g[0]] if len(g) == 1 else self.tr("{0} vehicles").format(len(g)) for g in groups]
        self.canvas.vehicles.set_positions([codes[g[0]] for g in groups], [float(x[g].mean()) for g in groups],
                                           [float(y[g].mean()) for g in groups], [float("nan")] * len(groups),
                                           [bool(stale[g].all()) for g in groups], labels,
                                           ["vehicle"] * len(groups))

    def _show_banner(self, f: WallFigures) -> None:
        state = banner_state(f.newest_serious, f.now)
        self.banner_state = state
        rep = f.newest_serious
        if state is None or rep is None:
            self.banner.hide()
            self.flash_timer.stop()
            self.canvas.set_highlight(None)
            return
        when = rep.reported_at.astimezone(self.tz).strftime("%H:%M")
        where = rep.address or rep.street or self.tr("location on the map")
        if rep.dispatched:
            text = self.tr("Level {0} repair {1} — {2} — reported {3}, crew dispatched")
        else:
            text = self.tr("LEVEL {0} REPAIR {1} — {2} — reported {3}, NOT YET DISPATCHED")
        text = text.format(rep.level, rep.code, where, when)
        if rep.overrun_min is not None and rep.overrun_min > 0:
            from ui.common.vocabulary import limit_title

            text += self.tr(" — {0} limit overrun by {1:.0f} min").format(limit_title(rep.overrun_limit),
                                                                         rep.overrun_min)
        self.banner.show()
        self.banner.setText(text)
        self.canvas.set_highlight((rep.lon, rep.lat) if rep.lon is not None and rep.lat is not None else None)
        if state == "flash":
            if not self.flash_timer.isActive():
                self.flash_timer.start()
        else:
            self.flash_timer.stop()
            self._set_flash(True)

    def freeze(self) -> None:
        """Stop every timer and show the banner in its bright phase (one-frame screenshots)."""
        for timer in (self.refresh_timer, self.tour_timer, self.clock_timer, self.flash_timer):
            timer.stop()
        self._set_flash(True)

    def _flash(self) -> None:
        self._set_flash(not self._flash_on)

    def _set_flash(self, on: bool) -> None:
        self._flash_on = on
        self.banner.setProperty("dim", not on)
        self.banner.style().unpolish(self.banner)
        self.banner.style().polish(self.banner)
        self.canvas.pulse_on = on
        self.canvas.update()

    def _tick_clock(self) -> None:
        now = self.clock().astimezone(self.tz)
        self.clock_label.setText(now.strftime("%H:%M:%S"))
        if self._updated_at is None:
            self.updated.setText(self.tr("Reading the store…"))
        elif self._stale:
            self.updated.setText(self.tr("Not updated since {0}").format(
                self._updated_at.astimezone(self.tz).strftime("%H:%M:%S")))
        else:
            self.updated.setText(self.tr("Updated {0}").format(
                self._updated_at.astimezone(self.tz).strftime("%H:%M:%S")))
        set_alarm(self.updated, self._stale)

    # -- Qt events ---------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        """Esc closes the wall (there is nothing to edit)."""
        if event.key() == Qt.Key.Key_Escape:
            self.close()
        else:
            super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        """Stop the timers and the worker, release the canvas."""
        for timer in (self.refresh_timer, self.tour_timer, self.clock_timer, self.flash_timer):
            timer.stop()
        self.feed.close()
        self.canvas.close_canvas()
        super().closeEvent(event)


def open_wall(store: Store, lang: str, screen_index: int | None = None) -> WallWindow:
    """Open a wall window (View → Wall display): on the last screen when there are several.

    The window deletes itself when closed (Esc).
    """
    from PySide6.QtGui import QGuiApplication

    window = WallWindow(store, lang)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    if screen_index is None:
        screen_index = len(QGuiApplication.screens()) - 1  # the wall is usually the extra output
    show_on_screen(window, screen_index)
    return window


def show_on_screen(window: WallWindow, screen_index: int | None) -> None:
    """Show ``window`` full screen on screen ``screen_index`` (default: the primary screen)."""
    from PySide6.QtGui import QGuiApplication

    screens = QGuiApplication.screens()
    if screen_index is not None and 0 <= screen_index < len(screens):
        screen = screens[screen_index]
        window.setScreen(screen)
        window.setGeometry(screen.geometry())
    window.showFullScreen()
    window.start()
