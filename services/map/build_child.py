"""The first (cold) build of a city's map cache, in a process of its own.

Building the map cache of 500,000 pipes (:func:`services.map.prepared.prepare_lean`:
reading, tiling, simplifying, rasterising) takes ~10 s of CPU and ~1 GB at its
peak. On a thread of the desk it held the interpreter lock for stretches of
~130 ms (shapely geometry creation, sorts, pandas takes): the GUI thread waited
for it (start-up frames of 130-170 ms), and the patrol day's own start shared
one interpreter with it. Here the build runs in a child interpreter
(``python -c`` importing this module: no re-import of the desk's main module),
which writes the cache beside the store exactly as the thread did; the desk
then maps the written files. So the desk never contends for the lock with the
build, the second core does it, and the build's peak memory is the child's, not
the desk's.

The child:

* gets its job as one JSON line on stdin (the store URL, the layer, the local
  CRS, the cache folder and key, the pipe classes) and answers one JSON line on
  stdout (``ok``, ``flat-unfit``, ``oserror`` or ``error`` with its message and
  traceback), its log on stderr;
* ends with the desk: the kernel kills it when the desk's thread that started it
  ends (``PR_SET_PDEATHSIG``, so also on ``kill -9`` of the desk), and it checks
  its parent every half second (a platform without that call); the desk waits
  for it (no zombie) and kills it when it exits first;
* killed itself (``kill -9``), it leaves no cache: the cache is written to a
  temporary folder renamed into place (:func:`gis.map_cache.save_line_levels`),
  and its spill and temporary folders are removed by the next build.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]

#: The build's scheduling priority below the desk's (``nice``).
CHILD_NICE = 10
#: The children running now (killed when the desk exits first).
_RUNNING: set[subprocess.Popen] = set()
_RUNNING_LOCK = threading.Lock()
_EXITING = threading.Event()


class BuildCancelled(RuntimeError):
    """The desk is exiting: its build child was ended (nothing to report, nothing to fall back to)."""


class ChildBuildError(RuntimeError):
    """The build in the child failed; ``message`` is the child's own error text, ``details`` its traceback."""

    def __init__(self, message: str, details: str = "") -> None:
        super().__init__(message)
        self.details = details


def _child_code() -> str:
    return (f"import sys; sys.path.insert(0, {str(ROOT)!r}); "
            "from services.map.build_child import child_main; child_main()")


def build_in_child(url: str, name: str, local_crs: str, folder: Path, key: dict, n_classes: int,
                   on_start=None) -> bool:
    """Build layer ``name``'s map cache into ``folder`` in a child process; True when written, False when the
    layer's attributes cannot be kept flat (nothing written).

    Raises
    ------
    OSError
        The child could not write the cache (a full disk, a read-only folder), with its message;
        or the child could not be started.
    ChildBuildError
        Anything else failed in the child (its message), or it ended without an answer (killed).
    """
    job = {"url": url, "name": name, "crs": local_crs, "folder": str(folder), "key": key, "n_classes": n_classes}
    with _RUNNING_LOCK:
        if _EXITING.is_set():
            raise BuildCancelled("the desk is closing")
        proc = subprocess.Popen([sys.executable, "-c", _child_code()], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, cwd=str(ROOT), close_fds=True,
                                env={**os.environ, "WG_BUILD_PARENT": str(os.getpid())})
        _RUNNING.add(proc)
    try:
        if on_start is not None:
            on_start(proc)
        out, err = proc.communicate(json.dumps(job).encode() + b"\n")
    finally:
        with _RUNNING_LOCK:
            _RUNNING.discard(proc)
    level = logging.INFO
    for line in err.decode(errors="replace").splitlines():  # the child's log, at its levels
        if line.strip():
            head = line.split(" ", 1)[0]
            level = getattr(logging, head) if head in ("INFO", "WARNING", "ERROR", "CRITICAL") else level
            log.log(level, "map cache build (process %d): %s", proc.pid, line)
    answer = None
    for line in reversed(out.decode(errors="replace").splitlines()):
        if line.startswith("{"):
            try:
                answer = json.loads(line)
            except ValueError:
                pass
            break
    if answer is None and _EXITING.is_set():
        raise BuildCancelled("the desk is closing")
    if answer is None:
        from services.map.prepared import clean_dead_builds

        clean_dead_builds(folder)  # what a killed child left: its spill and temporary folders
        how = f"signal {-proc.returncode}" if proc.returncode < 0 else f"exit status {proc.returncode}"
        raise ChildBuildError(f"the map cache build process ended without an answer ({how})",
                              err.decode(errors="replace")[-2000:])
    status = answer.get("status")
    if status == "ok":
        return True
    if status == "flat-unfit":
        return False
    if status == "oserror":
        raise OSError(answer.get("message", "the map cache could not be written"))
    raise ChildBuildError(answer.get("message", "the map cache build failed"), answer.get("traceback", ""))


def can_start() -> bool:
    """Whether a child interpreter can be started (not in a frozen program, whose executable is the desk)."""
    return not getattr(sys, "frozen", False) and bool(sys.executable)


def _kill_running() -> None:
    """At the desk's exit: end the builds still running (the desk will not use them)."""
    with _RUNNING_LOCK:
        _EXITING.set()
        procs = list(_RUNNING)
    for proc in procs:
        try:
            proc.kill()
            proc.wait(5)
        except (OSError, subprocess.SubprocessError):
            pass


atexit.register(_kill_running)


# -- the child -------------------------------------------------------------------------------------
def _die_with_parent() -> None:
    """End this process when the desk ends, however it ends."""
    parent = int(os.environ.get("WG_BUILD_PARENT") or os.getppid())
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            import signal

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the desk ended before the call above
        os._exit(3)

    def watch() -> None:
        import time

        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(3)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def child_main() -> None:
    """The child's side: read the job, build, answer (one JSON line each way)."""
    _die_with_parent()
    try:  # the desk's own work (its GUI, the patrol day) goes first; the build takes what is left
        os.nice(CHILD_NICE)
    except (OSError, AttributeError):
        pass
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    out = sys.stdout
    sys.stdout = sys.stderr  # nothing but the answer on stdout
    try:
        job = json.loads(sys.stdin.readline())
        answer = _build(job)
    except OSError as exc:
        answer = {"status": "oserror", "message": str(exc)}
    except BaseException as exc:  # noqa: BLE001 (reported to the desk)
        import traceback

        answer = {"status": "error", "message": str(exc) or type(exc).__name__, "traceback": traceback.format_exc()}
    out.write(json.dumps(answer) + "\n")
    out.flush()
    sys.stderr.flush()
    os._exit(0)  # no interpreter teardown of 1 GB of arrays


def _build(job: dict) -> dict:
    from gis.coords import Projector
    from models.store import make_engine
    from services.map.prepared import prepare_lean

    engine = make_engine(job["url"], role="viewer")
    try:
        got = prepare_lean(engine, job["name"], Projector(job["crs"]), Path(job["folder"]), job["key"],
                           int(job["n_classes"]), reopen=False)
    finally:
        engine.dispose()
    return {"status": "ok" if got else "flat-unfit"}
