"""The patrol day on the map: coverage colours, track replay, live patrollers, patch editing.

Colours: the pipes layer gets a copy of its data whose style class per pipe is
the coverage state (covered / due / overdue), so the existing line view draws
it; the copy is rebuilt only when some pipe's state changed, and at most every
:data:`RECOLOUR_MS`, never per batch. Replay: a ``patrol_tracks`` line layer
holds the tracks up to the slider time. Patch edits go through the desk's
shared undo stack, one transaction each.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
from PySide6.QtCore import QObject, QTimer, Signal

from gis.coords import Projector
from services.map.data import make_layer, to_wgs84_geometry
from gis.map_prep import FeatureData
from gis.map_styles import COVERAGE_STYLE, TRACK_STYLE, track_codes
from gis.patrol_session import PatrolSession
from gis.plan import patch_polygons
from models.map_layers import LayerList, LiveLayerData
from services.patrol.edit import set_patch_outlines, set_pipe_patches
from ui.common.desk import DeskContext
from ui.patrol.live import PatrolLive

#: Coverage colours are recomputed at most this often (ms).
RECOLOUR_MS = 3000
TRACKS_LAYER = "patrol_tracks"
#: The patrollers where they were at the replay time (a live layer shown only while replaying).
REPLAY_LAYER = "patrol_replay"


class PatrolMapController(QObject):
    """Drives the pipes' coverage colours, the replay layer and the live patrollers from a :class:`PatrolLive`.

    Signals
    -------
    colours_changed()
        The pipes layer was recoloured.
    patches_changed()
        Pipes moved between patches (after do, undo or redo).
    """

    colours_changed = Signal()
    patches_changed = Signal()

    def __init__(self, live: PatrolLive, layers: LayerList, projector: Projector, desk: DeskContext | None,
                 canvas=None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.live = live
        self.canvas = canvas
        self.layers = layers
        self.projector = projector
        self.desk = desk
        self.mode = "network"
        self.replay_time: float | None = None
        pipes = layers.get("pipes")
        self._network = (pipes.data, pipes.style) if pipes is not None else (None, None)
        self._codes: np.ndarray | None = None
        self._positions: np.ndarray | None = None
        self._recolour = QTimer(self, interval=RECOLOUR_MS)
        self._recolour.timeout.connect(self.recolour)
        if TRACKS_LAYER not in layers:
            z = pipes.z + 0.5 if pipes is not None else 50.0
            layers.append(make_layer(TRACKS_LAYER, "lines", None, z, title="Patrol tracks", style=TRACK_STYLE))
            layers[TRACKS_LAYER].visible = False
        if REPLAY_LAYER not in layers:
            layers.append(make_layer(REPLAY_LAYER, "live", LiveLayerData(), 1001.0, title="Patrol replay"))
            layers[REPLAY_LAYER].visible = False
        #: The live layers' visibility before the replay (restored after it); None when not replaying.
        self._live_visibility: dict[str, bool] | None = None
        live.session_ready.connect(self._on_session_ready)
        live.fixes_added.connect(self._on_fixes_added)

    @property
    def session(self) -> PatrolSession | None:
        return self.live.session

    # -- coverage colours -------------------------------------------------------------------
    def set_mode(self, mode: str) -> None:
        """``"network"`` (pipe classes) or ``"coverage"`` (covered / due / overdue)."""
        if mode == self.mode:
            return
        self.mode = mode
        pipes = self.layers.get("pipes")
        if pipes is None:
            return
        if mode == "coverage":
            self._codes = None
            self.recolour()
            self._recolour.start()
        else:
            self._recolour.stop()
            data, style = self._network
            pipes.data, pipes.style = data, style
            self._codes = None
            self.colours_changed.emit()

    def pipe_states(self) -> np.ndarray | None:
        """Coverage state per feature of the pipes layer (None before the session is loaded)."""
        data = self._network[0]
        if self.session is None or data is None:
            return None
        if self._positions is None:
            self._positions = self.session.positions_of_ids(data.ids)
        states = self.session.segment_states(self.live.now())
        out = np.zeros(len(data.ids), dtype=np.int32)
        ok = self._positions >= 0
        out[ok] = states[self._positions[ok]]
        return out

    def recolour(self) -> bool:
        """Recolour the pipes if any state changed; True when the layer was replaced."""
        pipes = self.layers.get("pipes")
        codes = self.pipe_states()
        if self.mode != "coverage" or pipes is None or codes is None:
            return False
        if self._codes is not None and np.array_equal(codes, self._codes):
            return False
        base: FeatureData = self._network[0]
        if hasattr(base, "with_codes"):  # the same features in other classes, sharing the hit-test index
            data = base.with_codes(codes, len(COVERAGE_STYLE["classes"]))
        else:
            data = FeatureData(base.geoms, base.ids, base.attrs, codes, len(COVERAGE_STYLE["classes"]), base.label_field)
            data._cache["tree"] = base.tree()  # same geometries: share the hit-test index
        self._codes = codes
        pipes.style = COVERAGE_STYLE
        pipes.data = data  # the canvas coalesces both changes into one render
        self.colours_changed.emit()
        return True

    # -- live patrollers and replay ------------------------------------------------------
    def _on_session_ready(self) -> None:
        self._positions = None
        self.update_positions()
        if self.mode == "coverage":
            self._codes = None
            self.recolour()

    def _on_fixes_added(self, changed) -> None:
        if self.replay_time is None:
            self.update_positions()

    def update_positions(self) -> None:
        """Show the patrollers where they are on the live layer (or were, at the replay time, on the replay layer)."""
        live_layer = self.layers.get(REPLAY_LAYER if self.replay_time is not None else "live")
        if self.session is None or live_layer is None or not isinstance(live_layer.data, LiveLayerData):
            return
        t = self.replay_time if self.replay_time is not None else self.live.now()
        pos = self.session.positions_at(t)
        data: LiveLayerData = live_layer.data
        # Keep other feeds' icons (repair vehicles): replace only the patrollers.
        keep = data.kinds != "patroller" if len(data) else np.zeros(0, bool)
        data.set_positions(
            np.r_[data.ids[keep], pos["device"].to_numpy(dtype=object)],
            np.r_[data.x[keep], pos["x"].to_numpy(dtype=float)], np.r_[data.y[keep], pos["y"].to_numpy(dtype=float)],
            np.r_[data.heading[keep], pos["heading"].to_numpy(dtype=float)],
            np.r_[data.stale[keep], pos["stale"].to_numpy(dtype=bool)],
            np.r_[data.labels[keep], pos["team"].to_numpy(dtype=object)],
            np.r_[data.kinds[keep], np.full(len(pos), "patroller", dtype=object)])

    def _hide_live(self, hide: bool) -> None:
        """While replaying, the live layers (vehicles and patrollers now) are hidden; after it they come back."""
        names = [layer.name for layer in self.layers if layer.kind == "live" and layer.name != REPLAY_LAYER]
        if hide and self._live_visibility is None:
            self._live_visibility = {n: self.layers[n].visible for n in names}
            for n in names:
                self.layers[n].visible = False
        elif not hide and self._live_visibility is not None:
            saved, self._live_visibility = self._live_visibility, None
            for n, visible in saved.items():
                if n in self.layers:
                    self.layers[n].visible = visible
        if REPLAY_LAYER in self.layers:
            self.layers[REPLAY_LAYER].visible = hide

    @property
    def replaying(self) -> bool:
        return self._live_visibility is not None

    def set_replay(self, t: float | None) -> None:
        """Show the tracks up to ``t`` (unix s) and the patrollers as they were then; None ends the replay.

        The live layers are hidden during the replay and restored after it.
        """
        self.replay_time = t
        layer = self.layers[TRACKS_LAYER]
        if t is None or self.session is None:
            layer.visible = False
            self._hide_live(False)
            self.update_positions()
            return
        self._hide_live(True)
        with self.live.lock:  # the day's fixes: not while a batch goes in
            geoms, devices = self.session.tracks_until(t)
        kinds = {d: k for d, k in zip(self.session.teams["device_id"], self.session.teams["kind"])}
        codes = track_codes(np.array([kinds.get(d, "other") for d in devices], dtype=object))
        attrs = pd.DataFrame({"device": devices, "team": [self.session.device_team.get(d, d) for d in devices]})
        layer.data = FeatureData(geoms, np.arange(len(geoms), dtype=np.int64), attrs, codes,
                                 len(TRACK_STYLE["classes"]))
        layer.visible = True
        self.update_positions()

    # -- patch editing -----------------------------------------------------------------------
    def selected_pipe_rows(self) -> np.ndarray:
        """Rows of the pipes layer selected on the map (rectangle select tool)."""
        if self.canvas is None:
            return np.empty(0, np.int64)
        return np.asarray(self.canvas.selection.get("pipes", np.empty(0, np.int64)), dtype=np.int64)

    def pipe_ids_of_rows(self, rows: np.ndarray) -> np.ndarray:
        """Store ids of pipes-layer rows (as selected on the map)."""
        base = self._network[0]
        return np.asarray(base.ids, dtype=np.int64)[np.asarray(rows, dtype=np.int64)] if base is not None \
            else np.empty(0, np.int64)

    def move_pipes(self, pipe_ids: np.ndarray, patch_id: int, text: str) -> bool:
        """Move pipes to a patch in one transaction, on the shared undo stack."""
        if self.session is None or self.desk is None or len(pipe_ids) == 0:
            return False
        pos = self.session.positions_of_ids(pipe_ids)
        ok = pos >= 0
        pipe_ids, pos = np.asarray(pipe_ids)[ok], pos[ok]
        old = {int(p): (None if self.session.pipe_patch[q] < 0 else int(self.session.pipe_patch[q]))
               for p, q in zip(pipe_ids, pos)}
        new = {p: int(patch_id) for p in old}
        ok, stored = self.desk.run(lambda db: self._store_assignment(db, new))
        if not ok:
            return False
        self._show_assignment(stored)
        # Undo puts each pipe back into its old patch (each way one transaction).
        self.desk.push(text, lambda db: self._store_assignment(db, new),
                       lambda db, _stored: self._store_assignment(db, old), stored, after=self._show_assignment)
        return True

    def apply_assignment(self, assignment: dict[int, int | None]) -> bool:
        """Store pipe → patch and the affected patches' outlines; update the session and the map."""
        ok, stored = self.desk.run(lambda db: self._store_assignment(db, assignment))
        if ok:
            self._show_assignment(stored)
        return ok

    def _store_assignment(self, db, assignment: dict[int, int | None]) -> tuple:
        """Write pipe → patch and the affected patches' outlines (in the caller's transaction); what the map shows next."""
        s = self.session
        ids = np.array(list(assignment), dtype=np.int64)
        pos = s.positions_of_ids(ids)
        labels = s.pipe_patch.copy()
        affected = {int(p) for p in labels[pos] if p >= 0}
        for q, p in zip(pos, assignment.values()):
            labels[q] = -1 if p is None else int(p)
            if p is not None:
                affected.add(int(p))
        outlines_local, outlines, work = self._outlines(labels, affected)
        set_pipe_patches(db, assignment)
        set_patch_outlines(db, outlines, work)
        return assignment, pos, outlines_local

    def _show_assignment(self, stored: tuple) -> None:
        """Update the session and the map after :meth:`_store_assignment` was committed."""
        assignment, pos, outlines_local = stored
        s = self.session
        with self.live.lock:  # the Patrol dock's figures may be reading the session
            for p in {v for v in assignment.values()}:
                s.set_patch(np.array([q for q, v in zip(pos, assignment.values()) if v == p], dtype=np.int64), p)
        self._update_patch_layer(outlines_local)
        self.patches_changed.emit()
        if self.mode == "coverage":
            self._codes = None

    def _outlines(self, labels: np.ndarray, affected: set[int]) -> tuple[dict, dict, dict]:
        """New outlines (local and lon/lat) and workloads of the affected patches."""
        s = self.session
        sel = labels >= 0
        ids, index = np.unique(labels[sel], return_inverse=True)
        polys = patch_polygons(gpd.GeoDataFrame(geometry=s.geoms[sel], crs=s.crs), index)
        work = np.bincount(index, weights=s.workload_km()[sel], minlength=len(ids))
        local, wgs, wk = {}, {}, {}
        for i, pid in enumerate(ids.tolist()):
            if pid in affected:
                local[pid] = polys[i]
                wgs[pid] = to_wgs84_geometry(polys[i], self.projector)
                wk[pid] = float(work[i])
        return local, wgs, wk

    def _update_patch_layer(self, outlines: dict) -> None:
        layer = self.layers.get("patches")
        if layer is None or not isinstance(layer.data, FeatureData) or not outlines:
            return
        d: FeatureData = layer.data
        geoms = d.geoms.copy()
        for row, pid in enumerate(d.ids.tolist()):
            if pid in outlines:
                geoms[row] = outlines[pid]
        layer.data = FeatureData(geoms, d.ids, d.attrs, d.codes, d.n_classes, d.label_field)
