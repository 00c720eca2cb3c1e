"""The Hazards dock (隐患): what patrollers reported from the field today, and what the desk does with it.

The list shows today's hazards and every earlier one still new, new first:
time, category in words, reporter, status, note. Selecting one shows its
photos (thumbnails, the chosen one large) and moves the map to it. Three
actions, on buttons and the list's context menu:

* "Make an emergency repair": one click; the repair's five limits run from the
  patroller's report time; the Repairs dock then shows it selected;
* "Action item for the meeting": asks for the problem text (prefilled with
  the category and the note) and raises it at today's meeting;
* "Close with reason…": the reason is required; an empty one is refused next
  to the field (no modal box).

The action item and the close are undoable through the desk's one undo stack.
A hazard another desk handled first is refused with a message saying so.
The list is read on a worker thread (:meth:`HazardsDock.refresh`).
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QPoint, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPixmap
from PySide6.QtWidgets import (
    QDockWidget, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMenu, QPushButton, QSizePolicy, QSplitter,
    QTableWidget, QTableWidgetItem, QToolButton, QVBoxLayout, QWidget,
)

from models.store import StoreError
from services.field.hazard_desk import HazardView, hazard_views, photo_data, reopen_hazard
from services.field.hazards import FieldRefusal, HazardConflict, close_hazard, hazard_to_action_item
from services.printing.labels import label
from ui.common.desk import DeskContext, bind_enter

#: Row colour of a hazard still waiting for the desk.
NEW_ROW = "#fff3cd"
THUMB = 84
ERROR_STYLE = "color: #d50000; font-weight: bold;"


def category_title(code: str) -> str:
    """A hazard category in the UI language (the one label table, :mod:`services.printing.labels`)."""
    return label("hazard_category", code)


def status_title(code: str) -> str:
    """A hazard's status in the UI language."""
    return label("hazard_status", code)


class HazardsDock(QDockWidget):
    """Today's hazards from the field, their photos, and the desk's three answers.

    Signals
    -------
    hazard_selected(int)
        A hazard was selected (its id).
    repair_requested(int, int)
        "Make an emergency repair" for (hazard id, version): the setup opens it through the repair desk.
    hazards_shown(list)
        The list was read again.
    """

    hazard_selected = Signal(int)
    repair_requested = Signal(int, int)
    #: The list was (re)read: the hazards shown (the map layer follows it).
    hazards_shown = Signal(object)
    _loaded = Signal(int, object)
    _photos_loaded = Signal(int, object)

    #: Tables the dock's edits write.
    WRITES = ("hazards", "action_items", "repairs")

    def __init__(self, desk: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Hazards"), parent)
        self.setObjectName("hazardsDock")
        self.desk = desk
        self.hazards: list[HazardView] = []
        self.read_only_reason = desk.refusal(list(self.WRITES))
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hazards")
        self._generation = 0
        self._lock = threading.Lock()
        self._closed = False
        self._photo_ids: tuple[int, ...] = ()
        self._photo_index = 0
        self._photo_cache: dict[int, QImage] = {}
        self._photo_generation = 0
        self._form_mode: str | None = None
        self._loaded.connect(self._on_loaded, Qt.ConnectionType.QueuedConnection)
        self._photos_loaded.connect(self._on_photos_loaded, Qt.ConnectionType.QueuedConnection)

        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        self.summary = QLabel(body)
        self.summary.setObjectName("hazardsSummary")
        layout.addWidget(self.summary)

        split = QSplitter(Qt.Orientation.Vertical, body)
        self.table = QTableWidget(0, 5, split)
        self.table.setObjectName("hazardsTable")
        self.table.setHorizontalHeaderLabels([self.tr("Time"), self.tr("Category"), self.tr("Reporter"),
                                              self.tr("Status"), self.tr("Note")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for c in range(4):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.itemSelectionChanged.connect(self._on_selection_change)

        detail = QWidget(split)
        dl = QVBoxLayout(detail)
        dl.setContentsMargins(0, 0, 0, 0)
        self.detail_label = QLabel(detail)
        self.detail_label.setObjectName("hazardDetail")
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        dl.addWidget(self.detail_label)
        photos = QHBoxLayout()
        self.thumbs: list[QToolButton] = []
        for i in range(3):
            thumb = QToolButton(detail)
            thumb.setObjectName(f"hazardThumb{i}")
            thumb.setIconSize(QSize(THUMB, THUMB))
            thumb.setToolTip(self.tr("Show this photo large"))
            thumb.clicked.connect(lambda _=False, n=i: self.show_photo(n))
            thumb.hide()
            photos.addWidget(thumb)
            self.thumbs.append(thumb)
        self.photo = QLabel(detail)
        self.photo.setObjectName("hazardPhoto")
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo.setMinimumHeight(120)
        self.photo.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
        photos.addWidget(self.photo, 1)
        dl.addLayout(photos, 1)
        split.addWidget(self.table)
        split.addWidget(detail)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        layout.addWidget(split, 1)

        buttons = QHBoxLayout()
        self.repair_button = QPushButton(self.tr("Make an emergency repair"), body)
        self.repair_button.setToolTip(self.tr("Open an emergency repair at the hazard; its time limits run "
                                              "from the patroller's report time"))
        self.item_button = QPushButton(self.tr("Action item for the meeting"), body)
        self.item_button.setToolTip(self.tr("Raise the hazard as an action item at today's meeting"))
        self.close_button = QPushButton(self.tr("Close with reason…"), body)
        self.close_button.setToolTip(self.tr("Close the hazard without action; a reason is required"))
        for b in (self.repair_button, self.item_button, self.close_button):
            buttons.addWidget(b)
        layout.addLayout(buttons)
        self.repair_button.clicked.connect(self.make_repair)
        self.item_button.clicked.connect(lambda: self.open_form("item"))
        self.close_button.clicked.connect(lambda: self.open_form("close"))

        # The one inline form: the action item's problem text, or the reason for closing.
        self.form = QWidget(body)
        form = QVBoxLayout(self.form)
        form.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.form_label = QLabel(self.form)
        self.form_edit = QLineEdit(self.form)
        self.form_edit.setObjectName("hazardFormText")
        self.form_label.setBuddy(self.form_edit)
        self.form_ok = QPushButton(self.form)
        self.form_cancel = QPushButton(self.tr("Cancel"), self.form)
        row.addWidget(self.form_label)
        row.addWidget(self.form_edit, 1)
        row.addWidget(self.form_ok)
        row.addWidget(self.form_cancel)
        form.addLayout(row)
        self.form_error = QLabel(self.form)
        self.form_error.setObjectName("hazardFormError")
        self.form_error.setStyleSheet(ERROR_STYLE)
        self.form_error.setWordWrap(True)
        self.form_error.hide()
        form.addWidget(self.form_error)
        self.form.hide()
        layout.addWidget(self.form)
        self.form_ok.clicked.connect(self.submit_form)
        self.form_cancel.clicked.connect(self.cancel_form)
        self.form_edit.textEdited.connect(lambda _t: self._form_problem(""))
        bind_enter(self.form_edit, self.submit_form)

        self.message = QLabel(body)
        self.message.setObjectName("hazardsMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.setWidget(body)
        self._update_buttons()

    # -- reading ---------------------------------------------------------------------------
    def _read(self) -> list[HazardView]:
        with self.desk.store.session() as s:
            return hazard_views(s, self.desk.today(), self.desk.tz)

    def refresh(self) -> None:
        """Read the list again on the worker thread; the view updates when it arrives."""
        with self._lock:
            if self._closed:
                return
            self._generation += 1
            generation = self._generation
        self._executor.submit(self._load, generation)

    def _load(self, generation: int) -> None:
        try:
            rows = self._read()
        except Exception as exc:  # noqa: BLE001 — a locked or vanished store: keep the last list, say so
            rows = exc
        if not self._closed:
            self._loaded.emit(generation, rows)

    def refresh_now(self) -> None:
        """Read the list in this thread (after this desk's own change; tests)."""
        with self._lock:
            self._generation += 1
        self.show_hazards(self._read())

    def _on_loaded(self, generation: int, rows) -> None:
        if self._closed or generation != self._generation:
            return
        if isinstance(rows, Exception):
            self.message.setText(self.tr("The hazards could not be read: {0}").format(rows))
            return
        self.show_hazards(rows)

    # -- showing ---------------------------------------------------------------------------
    def show_hazards(self, hazards: list[HazardView]) -> None:
        """Fill the list (keeping the selection) and tell the map."""
        keep = self.selected()
        self.hazards = list(hazards)
        table = self.table
        table.blockSignals(True)
        table.setRowCount(len(self.hazards))
        today = self.desk.today()
        bold = QFont(table.font())
        bold.setBold(True)
        for r, h in enumerate(self.hazards):
            local = h.reported_at.astimezone(self.desk.tz)
            when = local.strftime("%H:%M") if local.date() == today else local.strftime("%m-%d %H:%M")
            cells = [when, category_title(h.category), h.reporter, status_title(h.status),
                     h.note.replace("\n", " ")]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 0:
                    item.setData(Qt.ItemDataRole.UserRole, h.id)
                if h.status == "new":
                    item.setBackground(QBrush(QColor(NEW_ROW)))
                    item.setFont(bold)
                item.setToolTip(h.note or h.code)
                table.setItem(r, c, item)
        table.blockSignals(False)
        new = sum(h.status == "new" for h in self.hazards)
        today_n = sum(h.reported_at.astimezone(self.desk.tz).date() == today for h in self.hazards)
        self.summary.setText(self.tr("Today {0} reported, {1} waiting for the desk").format(today_n, new))
        self.hazards_shown.emit(self.hazards)
        if keep is not None and self.select_hazard(keep.id):
            return
        self._show_detail(None)

    def select_hazard(self, hazard_id: int) -> bool:
        """Select a hazard in the list (False when it is not listed)."""
        for r, h in enumerate(self.hazards):
            if h.id == hazard_id:
                self.table.selectRow(r)
                self._on_selection_change()
                return True
        return False

    def selected(self) -> HazardView | None:
        """The selected hazard, as last read."""
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.hazards):
            return None
        return self.hazards[rows[0].row()]

    def _on_selection_change(self) -> None:
        h = self.selected()
        self._show_detail(h)
        self.cancel_form()
        if h is not None:
            self.hazard_selected.emit(h.id)

    def _show_detail(self, h: HazardView | None) -> None:
        self._update_buttons()
        if h is None:
            self.detail_label.setText(self.tr("Select a hazard to see its photos and place."))
            self._set_photos(())
            return
        local = h.reported_at.astimezone(self.desk.tz)
        lines = [f"<b>{_esc(h.code)}</b> · {_esc(category_title(h.category))} · {_esc(status_title(h.status))}",
                 _esc(self.tr("Reported by {0} at {1}").format(h.reporter or self.tr("(unknown)"),
                                                               local.strftime("%Y-%m-%d %H:%M")))]
        if h.lon is None:
            lines.append(_esc(self.tr("No position was sent")))
        elif h.accuracy_m is not None:
            lines.append(_esc(self.tr("Position within {0:.0f} m").format(h.accuracy_m)))
        if h.note:
            lines.append(_esc(h.note))
        if h.status == "closed" and h.close_reason:
            lines.append(_esc(self.tr("Closed: {0}").format(h.close_reason)))
        if h.status != "new" and h.handled_by:
            lines.append(_esc(self.tr("Handled by {0}").format(h.handled_by)))
        self.detail_label.setText("<br/>".join(lines))
        self._set_photos(h.photo_ids)

    def _image(self, photo_id: int) -> QImage:
        """A photo from the cache (read here, on the GUI thread, only if the worker has not brought it)."""
        image = self._photo_cache.get(photo_id)
        if image is None:
            with self.desk.store.session() as s:
                data = photo_data(s, photo_id)
            image = self._keep_photo(photo_id, QImage.fromData(data or b""))
        return image

    def _keep_photo(self, photo_id: int, image: QImage) -> QImage:
        if len(self._photo_cache) > 60:
            self._photo_cache.clear()
        self._photo_cache[photo_id] = image
        return image

    def _set_photos(self, photo_ids: tuple[int, ...]) -> None:
        """Show the selected hazard's photos; the ones not yet read are read and decoded on the worker
        (a phone photo is ~0.3 MB of JPEG up to 1,600 px: tens of ms each on the GUI thread)."""
        self._photo_ids = tuple(photo_ids)
        self._photo_generation += 1
        missing = [pid for pid in photo_ids if pid not in self._photo_cache]
        if missing and not self._closed:
            for thumb in self.thumbs:
                thumb.hide()
            self.photo.clear()
            self.photo.setText(self.tr("Loading the photos…"))
            self._executor.submit(self._load_photos, self._photo_generation, missing)
            return
        self._show_photos()

    def _load_photos(self, generation: int, photo_ids: list[int]) -> None:
        try:
            with self.desk.store.session() as s:
                images = {pid: QImage.fromData(photo_data(s, pid) or b"") for pid in photo_ids}
        except Exception as exc:  # noqa: BLE001 — a locked or vanished store: say so where the photo would be
            images = exc
        if not self._closed:
            self._photos_loaded.emit(generation, images)

    def _on_photos_loaded(self, generation: int, images) -> None:
        if self._closed:
            return
        if isinstance(images, Exception):
            if generation == self._photo_generation:
                self.photo.setText(self.tr("The photos could not be read: {0}").format(images))
            return
        for pid, image in images.items():
            self._keep_photo(pid, image)
        if generation == self._photo_generation:
            self._show_photos()

    def photos_loading(self) -> bool:
        """Whether the selected hazard's photos are still being read (tests wait for it)."""
        return any(pid not in self._photo_cache for pid in self._photo_ids)

    def _show_photos(self) -> None:
        photo_ids = self._photo_ids
        for i, thumb in enumerate(self.thumbs):
            if i < len(photo_ids):
                image = self._image(photo_ids[i])
                thumb.setIcon(QPixmap.fromImage(image.scaled(THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                                                             Qt.TransformationMode.SmoothTransformation)))
                thumb.show()
            else:
                thumb.hide()
        if photo_ids:
            self.show_photo(0)
        else:
            self.photo.clear()
            self.photo.setText(self.tr("No photo") if self.selected() is not None else "")

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """The large photo follows the dock's size."""
        super().resizeEvent(event)
        if self._photo_ids:
            self.show_photo(self._photo_index)

    def show_photo(self, n: int) -> None:
        """Show photo ``n`` of the selected hazard large."""
        if n >= len(self._photo_ids) or self._photo_ids[n] not in self._photo_cache:
            return  # still being read: shown when it comes
        self._photo_index = n
        image = self._image(self._photo_ids[n])
        if image.isNull():
            self.photo.setText(self.tr("The photo cannot be shown"))
            return
        size = self.photo.size()
        w, h = max(size.width(), 160), max(size.height(), 120)
        self.photo.setPixmap(QPixmap.fromImage(image.scaled(w, h, Qt.AspectRatioMode.KeepAspectRatio,
                                                            Qt.TransformationMode.SmoothTransformation)))
        for i, thumb in enumerate(self.thumbs):
            thumb.setDown(False)
            thumb.setStyleSheet("border: 2px solid #ffab00;" if i == n else "")

    def _update_buttons(self) -> None:
        h = self.selected()
        ok = h is not None and h.status == "new" and self.read_only_reason is None
        for b in (self.repair_button, self.item_button, self.close_button):
            b.setEnabled(ok)
            if self.read_only_reason:
                b.setToolTip(self.read_only_reason)

    def _context_menu(self, pos: QPoint) -> None:
        item = self.table.itemAt(pos)
        if item is None:
            return
        self.table.selectRow(item.row())
        menu = self.context_menu()
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def context_menu(self) -> QMenu:
        """The list's context menu for the selected hazard (the three buttons' actions)."""
        menu = QMenu(self)
        for button, fn in ((self.repair_button, self.make_repair),
                           (self.item_button, lambda: self.open_form("item")),
                           (self.close_button, lambda: self.open_form("close"))):
            action = menu.addAction(button.text(), fn)
            action.setEnabled(button.isEnabled())
        return menu

    # -- acting ------------------------------------------------------------------------------
    def run(self, fn):
        """Run ``fn(session)`` and commit; (ok, result or message). Conflicts and refusals show here."""
        def commit_after(session):
            result = fn(session)
            session.commit()
            return result

        try:
            return True, self.desk.store.run(commit_after)
        except HazardConflict as exc:
            self.show_message(self.conflict_text(exc), error=True)
            self.refresh_now()
            return False, str(exc)
        except FieldRefusal as exc:
            return False, exc.code
        except (ValueError, KeyError, StoreError) as exc:
            self.show_message(str(exc.args[0]) if isinstance(exc, KeyError) and exc.args else str(exc), error=True)
            return False, str(exc)

    def conflict_text(self, exc: HazardConflict) -> str:
        """The conflict in words: who has it now, as the store says."""
        code = str(exc).split(" ", 1)[0]
        with self.desk.store.session() as s:
            from sqlalchemy import select

            from models.field import Hazard

            row = s.execute(select(Hazard.status, Hazard.handled_by).where(Hazard.code == code)).first()
        if row is None:
            return self.tr("{0} was changed at another desk.").format(code)
        status, by = row
        if status == "new":
            return self.tr("{0} was changed at another desk; the list is read again.").format(code)
        return self.tr("{0} was already handled at another desk ({1}, by {2}); nothing was changed here.").format(
            code, status_title(status), by or self.tr("(unknown)"))

    def show_message(self, text: str, error: bool = False) -> None:
        """The dock's message line (red for a refusal)."""
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setText(text)

    def make_repair(self) -> None:
        """One click: ask the repair desk to open an emergency repair for the selected hazard."""
        h = self.selected()
        if h is None or h.status != "new":
            return
        self.cancel_form()
        self.repair_requested.emit(h.id, h.version)

    def open_form(self, mode: str) -> None:
        """Show the inline form: ``item`` (the problem text) or ``close`` (the reason)."""
        h = self.selected()
        if h is None or h.status != "new":
            return
        self._form_mode = mode
        self._form_problem("")
        if mode == "item":
            self.form_label.setText(self.tr("&Problem:"))
            text = self.tr("{0}: {1}").format(category_title(h.category), h.note) if h.note else \
                category_title(h.category)
            self.form_edit.setText(self.tr("{0} ({1})").format(text, h.code))
            self.form_edit.setPlaceholderText(self.tr("What the meeting should settle"))
            self.form_ok.setText(self.tr("Raise"))
        else:
            self.form_label.setText(self.tr("&Reason:"))
            self.form_edit.clear()
            self.form_edit.setPlaceholderText(self.tr("Why nothing needs to be done"))
            self.form_ok.setText(self.tr("Close hazard"))
        self.form.show()
        self.form_edit.setFocus()
        self.form_edit.selectAll()

    def cancel_form(self) -> None:
        """Hide the inline form."""
        self._form_mode = None
        self._form_problem("")
        self.form.hide()

    def _form_problem(self, text: str) -> None:
        self.form_error.setText(text)
        self.form_error.setVisible(bool(text))
        self.form_edit.setStyleSheet("border: 2px solid #d50000; border-radius: 3px;" if text else "")

    def submit_form(self) -> bool:
        """Raise the action item or close the hazard from the inline form."""
        h = self.selected()
        if h is None or self._form_mode is None:
            return False
        text = self.form_edit.text().strip()
        if self._form_mode == "close":
            if not text:
                self._form_problem(self.tr("A reason is required to close a hazard."))
                self.form_edit.setFocus()
                return False
            done = self.close_hazard(h, text)
        else:
            if not text:
                self._form_problem(self.tr("Say what the meeting should settle."))
                self.form_edit.setFocus()
                return False
            done = self.raise_item(h, text)
        if done:
            self.cancel_form()
        return done

    def close_hazard(self, h: HazardView, reason: str) -> bool:
        """Close ``h`` with ``reason`` (undoable)."""
        user = self.desk.user
        hazard_id = h.id

        def do(s, version=h.version):
            return close_hazard(s, hazard_id, reason=reason, expected_version=version, user=user,
                                now=self.desk.now()).version

        ok, version = self.run(do)
        if not ok:
            if version == "reason_required":
                self._form_problem(self.tr("A reason is required to close a hazard."))
            return False
        self.desk.push(self.tr("Close hazard {0}").format(h.code), do,
                       lambda s, v: reopen_hazard(s, hazard_id, expected_status="closed", expected_version=v,
                                                  user=user, now=self.desk.now()).version,
                       version, redo=lambda s, v: do(s, v), run=self.run, after=self._after_change)
        self.show_message(self.tr("{0} closed.").format(h.code))
        self._after_change(None)
        return True

    def raise_item(self, h: HazardView, problem: str) -> bool:
        """Raise ``h`` as an action item at today's meeting (undoable)."""
        user = self.desk.user
        hazard_id = h.id

        def do(s, version=h.version):
            item = hazard_to_action_item(s, hazard_id, day=self.desk.today(), problem=problem,
                                         expected_version=version, tz=self.desk.tz, user=user, now=self.desk.now())
            return _hazard_version(s, hazard_id), item.code

        ok, result = self.run(do)
        if not ok:
            return False
        _version, code = result
        self.desk.push(self.tr("Action item for hazard {0}").format(h.code), do,
                       lambda s, r: reopen_hazard(s, hazard_id, expected_status="action_item", expected_version=r[0],
                                                  user=user, now=self.desk.now()).version,
                       result, redo=lambda s, v: do(s, v), run=self.run, after=self._after_change)
        self.show_message(self.tr("{0} raised as action item {1} for the meeting.").format(h.code, code))
        self._after_change(None)
        return True

    def _after_change(self, _result) -> None:
        self.refresh_now()
        self.desk.changed.emit()

    def close_dock(self) -> None:
        """Stop the worker (idempotent)."""
        with self._lock:
            self._closed = True
        self._executor.shutdown(wait=True)


def _hazard_version(session, hazard_id: int) -> int:
    from models.field import Hazard

    return session.get(Hazard, hazard_id).version


def _esc(text: str) -> str:
    import html

    return html.escape(text or "")
