"""The desk's build children (``services.child_build``) as a test sees them: forced on, and counted."""

from __future__ import annotations

import sys


def force_build_children(monkeypatch, module: str) -> list:
    """Send every cold build of ``module`` (``services.map.prepared``, ``services.patrol.data``) to a child
    process however few the pipes; returns the list the children's ``Popen`` objects are appended to
    (the desk's build children only, not the test's own processes)."""
    import services.child_build as child_build

    monkeypatch.setattr(f"{module}.BUILD_IN_CHILD", True)
    monkeypatch.setattr(f"{module}.CHILD_MIN_ROWS", 1)
    started = []
    real = child_build.subprocess.Popen

    def popen(args, *a, **k):
        p = real(args, *a, **k)
        if args[:2] == [sys.executable, "-c"] and "child_main()" in args[2]:
            started.append(p)
        return p

    monkeypatch.setattr(child_build.subprocess, "Popen", popen)
    return started


def dead_and_alive_temporaries(parent, name: str, file: str) -> tuple:
    """A writer's temporary folders as a ``kill -9`` leaves them (``.<name>.<pid>.<random>.tmp``, one
    ``file`` in each) in ``parent``: ``(dead, alive)``, of a process gone and of one still at work."""
    import os
    import subprocess

    gone = subprocess.Popen(["true"])
    gone.wait()
    dead = parent / f".{name}.{gone.pid}.0badcafe.tmp"
    alive = parent / f".{name}.{os.getppid()}.0badcafe.tmp"
    for folder in (dead, alive):
        folder.mkdir()
        (folder / file).write_bytes(b"x")
    return dead, alive
