"""Where the GUI thread was when its event loop stalled (the drill bench's ``--stalls``).

A sampler thread looks at every thread's Python stack every few milliseconds
(``sys._current_frames``) and keeps the last seconds of samples. The bench's
20 ms probe calls :meth:`StallProbe.tick` on the GUI thread; when a tick comes
late by more than ``threshold_ms``, the samples taken since the previous tick
are summarised: the GUI thread's most frequent stacks (innermost frames first),
the other threads seen running Python meanwhile, and the garbage collector's
time in that interval (``gc.callbacks``). Prints nothing; :meth:`report`
returns the slowest stalls as JSON-ready dicts.

The GUI thread's CPU time in the interval (``busy_ms``) tells a stall of the
GUI's own work (busy ≈ lateness) from one where it waited: for the GIL held
by a worker, for a lock, or for a CPU on a loaded machine (busy ≪ lateness).
"""

from __future__ import annotations

import collections
import gc
import sys
import threading
import time
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[2])

#: Frames kept per sample of the GUI thread (innermost first).
DEPTH = 14
#: Directories whose frames say nothing about who caused the stall.
NOISE = ("/threading.py", "/queue.py", "/selectors.py", "stall_probe.py")
#: Innermost frames of a thread waiting for work (a worker's queue).
IDLE_SPOTS = ("ui/common/worker.py:68 ", "thread.py:81 ")


def _where(frame, depth: int = DEPTH) -> tuple[str, ...]:
    out = []
    while frame is not None and len(out) < depth:
        code = frame.f_code
        name = code.co_filename
        if not name.endswith(NOISE):
            short = name[len(ROOT) + 1:] if name.startswith(ROOT) else name.rsplit("/", 2)[-1]
            out.append(f"{short}:{frame.f_lineno} {code.co_name}")
        frame = frame.f_back
    return tuple(out)


def _idle(frame) -> bool:
    """A thread waiting on a queue, a lock or a sleep (not running Python)."""
    return frame is not None and frame.f_code.co_name in ("wait", "get", "_wait_for_tstate_lock", "select",
                                                          "_worker", "sleep", "poll", "recv_into", "accept")


class StallProbe:
    """Samples stacks on a thread; :meth:`tick` (GUI thread) records the late intervals."""

    def __init__(self, threshold_ms: float = 100.0, every_s: float = 0.004, keep: int = 40) -> None:
        self.threshold_ms = threshold_ms
        self.every_s = every_s
        self.keep = keep
        self.gui = threading.get_ident()
        self.samples: collections.deque = collections.deque(maxlen=int(5.0 / every_s))
        self.gc_spans: collections.deque = collections.deque(maxlen=2000)
        self.stalls: list[dict] = []
        self._pending: list[dict] = []
        self._gc_start: float | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, name="stall-probe", daemon=True)
        self._last = time.perf_counter()
        self._last_cpu = time.thread_time()
        self._last_proc = time.process_time()

    def start(self) -> None:
        gc.callbacks.append(self._on_gc)
        self._last = time.perf_counter()
        self._last_cpu = time.thread_time()
        self._last_proc = time.process_time()
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(2.0)
        if self._on_gc in gc.callbacks:
            gc.callbacks.remove(self._on_gc)

    def _on_gc(self, phase: str, info: dict) -> None:
        if threading.get_ident() != self.gui:
            return
        if phase == "start":
            self._gc_start = time.perf_counter()
        elif self._gc_start is not None:
            self.gc_spans.append((self._gc_start, time.perf_counter(), info.get("generation")))
            self._gc_start = None

    def _sample(self) -> None:
        names: dict[int, str] = {}
        clocks: dict[int, int] = {}
        while not self._stop.wait(self.every_s):
            now = time.perf_counter()
            frames = sys._current_frames()
            gui = _where(frames.get(self.gui))
            others = []
            cpu = {}
            for ident, frame in frames.items():
                if ident not in names:
                    names = {t.ident: t.name for t in threading.enumerate()}
                name = "GUI" if ident == self.gui else names.get(ident, str(ident))
                try:
                    if ident not in clocks:
                        clocks[ident] = time.pthread_getcpuclockid(ident)
                    cpu[name] = cpu.get(name, 0.0) + time.clock_gettime(clocks[ident])
                except OSError:  # ended
                    clocks.pop(ident, None)
                if ident in (self.gui, threading.get_ident()) or _idle(frame):
                    continue
                where = _where(frame, 10)
                if where and where[0].startswith(IDLE_SPOTS):
                    continue
                others.append(f"{name}: {' < '.join(where) if where else '?'}")
            self.samples.append((now, gui, tuple(others), cpu))

    def tick(self, late_ms: float) -> None:
        """Called by the probe timer on the GUI thread with how late this tick came."""
        now, cpu, proc = time.perf_counter(), time.thread_time(), time.process_time()
        start, start_cpu, start_proc = self._last, self._last_cpu, self._last_proc
        self._last, self._last_cpu, self._last_proc = now, cpu, proc
        self._settle()
        if late_ms < self.threshold_ms:
            return
        gc_ms = sum((min(b, now) - max(a, start)) * 1000.0 for a, b, _g in list(self.gc_spans) if b > start and a < now)
        self._pending.append({
            "late_ms": round(late_ms, 1), "busy_ms": round((cpu - start_cpu) * 1000.0, 1),
            "process_cpu_ms": round((proc - start_proc) * 1000.0, 1), "gc_ms": round(gc_ms, 1),
            "at_s": round(start, 3), "_span": (start, now)})

    def _settle(self, final: bool = False) -> None:
        """Summarise the stalls the sampler has caught up with (a sample after their end)."""
        every = list(self.samples)
        if not every:
            return
        keep = []
        for stall in self._pending:
            start, end = stall["_span"]
            if every[-1][0] <= end and not final:
                keep.append(stall)
                continue
            del stall["_span"]
            inside = [s for s in every if start <= s[0] <= end]
            before = [s for s in every if s[0] < start]
            after = [s for s in every if s[0] > end]
            threads_ms: dict[str, float] = {}
            first = before[-1] if before else (inside[0] if inside else None)
            last = after[0] if after else (inside[-1] if inside else None)
            if first is not None and last is not None:
                threads_ms = {k: round((v - first[3].get(k, v)) * 1000.0, 1) for k, v in last[3].items()}
                threads_ms = dict(sorted(((k, v) for k, v in threads_ms.items() if v >= 1.0), key=lambda kv: -kv[1]))
            stacks = collections.Counter(s[1][:6] for s in inside)
            others = collections.Counter(o for s in inside for o in s[2])
            stall.update({
                "threads_cpu_ms": threads_ms, "samples": len(inside),
                "gui_stacks": [{"n": n, "stack": list(k)} for k, n in stacks.most_common(3)],
                "other_threads": [f"{n} {o}" for o, n in others.most_common(6)],
                # where the busy threads were just before and just after (a C call holding the GIL leaves no
                # sample inside)
                "others_before": list(first[2]) if first is not None else [],
                "others_after": list(last[2]) if last is not None else [],
            })
            self.stalls.append(stall)
        self._pending = keep
        self.stalls.sort(key=lambda s: -s["late_ms"])
        del self.stalls[self.keep:]

    def report(self, n: int = 8) -> list[dict]:
        self._settle(final=True)
        return self.stalls[:n]
