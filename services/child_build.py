"""Cold builds of the caches kept beside a store, run in a process of their own.

On the first open of a city's store the desk builds its map cache (~10 s of
CPU, ~1 GB at its peak: :mod:`services.map.build_child`) and the patrol day's
pipes and samples (:func:`services.patrol.data.prepare_day_caches`). On threads
of the desk they held the interpreter lock for stretches of ~100-300 ms
(shapely geometry creation from WKB, sorts, pandas frames of a chunk): the GUI
thread waited for it, and the builds shared one interpreter. Here each build
runs in a child interpreter (``python -c`` importing its module: the desk's main
module is not imported again), which writes its cache beside the store exactly
as the thread did; the desk then maps the written files. So the desk never
waits for the lock of a build, the builds use the second core, and their peak
memory is the child's, not the desk's.

A child:

* gets its job as one JSON line on stdin (the function to run, as
  ``module:function``, and its keyword arguments) and answers one JSON line on
  stdout (``ok`` with the function's result, ``oserror`` or ``error`` with its
  message and traceback); its log goes to stderr, which the desk logs again at
  the same levels;
* ends with the desk: the kernel kills it when the desk's thread that started it
  ends (``PR_SET_PDEATHSIG``, so also on ``kill -9`` of the desk), and it checks
  its parent every half second (a platform without that call); the desk waits
  for it (no zombie) and kills it when the desk exits first;
* killed itself (``kill -9``), it leaves no cache: caches are written to a
  temporary folder renamed into place.
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

ROOT = Path(__file__).resolve().parents[1]

#: The children running now (killed when the desk exits first).
_RUNNING: set[subprocess.Popen] = set()
_RUNNING_LOCK = threading.Lock()
_EXITING = threading.Event()


class BuildCancelled(RuntimeError):
    """The desk is exiting: its build child was ended (nothing to report, nothing to fall back to)."""


class ChildBuildError(RuntimeError):
    """The build in the child failed (its own message), or the child ended without an answer;
    ``details`` is its traceback or the end of its log."""

    def __init__(self, message: str, details: str = "") -> None:
        super().__init__(message)
        self.details = details


def can_start() -> bool:
    """Whether a child interpreter can be started here: not inside a child already, not in a frozen
    program (whose executable is the desk itself)."""
    return os.environ.get("WG_BUILD_CHILD") != "1" and not getattr(sys, "frozen", False) and bool(sys.executable)


def _child_code() -> str:
    return (f"import sys; sys.path.insert(0, {str(ROOT)!r}); "
            "from services.child_build import child_main; child_main()")


def run_in_child(target: str, job: dict, label: str, nice: int = 0):
    """Run ``target`` (``"module:function"``) with the keyword arguments ``job`` in a child process;
    its (JSON) result.

    Parameters
    ----------
    label
        What the child does, for the log (``"map cache build"``).
    nice
        Scheduling priority of the child below the desk's (0: the same).

    Raises
    ------
    OSError
        The child's OSError (a full disk, a read-only folder), with its message; or the child could not be started.
    ChildBuildError
        Anything else failed in the child (its message), or it ended without an answer (killed).
    BuildCancelled
        The desk is exiting.
    """
    return ChildRun(target, job, label, nice).result()


class ChildRun:
    """A child started now (:func:`run_in_child`), its answer taken with :meth:`result` (or dropped with
    :meth:`close`): the caller does other work meanwhile."""

    def __init__(self, target: str, job: dict, label: str, nice: int = 0) -> None:
        self.label = label
        self._done = False
        with _RUNNING_LOCK:
            if _EXITING.is_set():
                raise BuildCancelled("the desk is closing")
            self.proc = subprocess.Popen(
                [sys.executable, "-c", _child_code()], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, cwd=str(ROOT), close_fds=True,
                env={**os.environ, "WG_BUILD_PARENT": str(os.getpid()), "WG_BUILD_CHILD": "1"})
            _RUNNING.add(self.proc)
        try:  # the job now (a line, far below a pipe's buffer): the child starts at once
            self.proc.stdin.write(json.dumps({"target": target, "nice": nice, "job": job}).encode() + b"\n")
            self.proc.stdin.flush()
        except OSError:
            pass  # it ended already: result() says how

    def result(self):
        """Wait for the child; its result (raises as :func:`run_in_child` says)."""
        proc = self.proc
        try:
            out, err = proc.communicate()
        finally:
            self._done = True
            with _RUNNING_LOCK:
                _RUNNING.discard(proc)
        label = self.label
        level = logging.INFO
        for line in err.decode(errors="replace").splitlines():  # the child's log, at its levels
            if line.strip():
                head = line.split(" ", 1)[0]
                level = getattr(logging, head) if head in ("INFO", "WARNING", "ERROR", "CRITICAL") else level
                log.log(level, "%s (process %d): %s", label, proc.pid, line)
        answer = None
        for line in reversed(out.decode(errors="replace").splitlines()):
            if line.startswith("{"):
                try:
                    answer = json.loads(line)
                except ValueError:
                    pass
                break
        if answer is None:
            if _EXITING.is_set():
                raise BuildCancelled("the desk is closing")
            how = f"signal {-proc.returncode}" if proc.returncode < 0 else f"exit status {proc.returncode}"
            raise ChildBuildError(f"the {label} process ended without an answer ({how})",
                                  err.decode(errors="replace")[-2000:])
        status = answer.get("status")
        if status == "ok":
            return answer.get("result")
        if status == "oserror":
            raise OSError(answer.get("message", f"the {label} could not write its files"))
        raise ChildBuildError(answer.get("message", f"the {label} failed"), answer.get("traceback", ""))

    def close(self) -> None:
        """Drop a child whose answer is no longer wanted: ended and reaped (no zombie)."""
        if self._done:
            return
        self._done = True
        try:
            self.proc.kill()
            self.proc.communicate()
        except (OSError, ValueError, subprocess.SubprocessError):
            pass
        with _RUNNING_LOCK:
            _RUNNING.discard(self.proc)


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
    """The child's side: read the job, run it, answer (one JSON line each way)."""
    _die_with_parent()
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    out = sys.stdout
    sys.stdout = sys.stderr  # nothing but the answer on stdout
    try:
        payload = json.loads(sys.stdin.readline())
        if payload.get("nice"):
            try:  # the desk's own work goes first; the build takes what is left
                os.nice(int(payload["nice"]))
            except (OSError, AttributeError):
                pass
        import importlib

        module, name = payload["target"].split(":")
        result = getattr(importlib.import_module(module), name)(**payload["job"])
        answer = {"status": "ok", "result": result}
    except OSError as exc:
        answer = {"status": "oserror", "message": str(exc)}
    except BaseException as exc:  # noqa: BLE001 (reported to the desk)
        import traceback

        answer = {"status": "error", "message": str(exc) or type(exc).__name__, "traceback": traceback.format_exc()}
    out.write(json.dumps(answer) + "\n")
    out.flush()
    sys.stderr.flush()
    os._exit(0)  # no interpreter teardown of a build's arrays
