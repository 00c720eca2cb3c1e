"""Keep PySide6's import hook from caching the source of every module the desk imports.

Once PySide6 is imported, its ``__feature__`` support asks of every module imported
after it whether the module's source mentions "PySide6" (``shibokensupport.feature.
_mod_uses_pyside``: ``"PySide6" in inspect.getsource(module)``). ``inspect.getsource``
goes through :mod:`linecache`, which keeps every file's lines for the life of the
process: on the desk that was 1,600 files and a million lines, ~90 MB of Python heap
(and ~0.4 s of start-up splitting them into lines), none of it ever read again.

:func:`install` swaps that check for one that answers the same question from the
file's bytes without caching them. Nothing in WaterGuard uses ``__feature__``; the
answer per module stays what PySide6 would have computed.
"""

from __future__ import annotations

import inspect
import sys


def _mod_uses_pyside(module) -> bool:
    """Whether ``module``'s source mentions PySide6 (as PySide6's own check), without linecache."""
    try:
        path = inspect.getsourcefile(module)
    except TypeError:  # a built-in module
        return False
    if not path:
        return _ORIGINAL(module) if _ORIGINAL is not None else False
    try:
        with open(path, "rb") as f:
            return b"PySide6" in f.read()
    except OSError:
        return False


_ORIGINAL = None


def install() -> bool:
    """Replace PySide6's source check (once); False when this PySide6 has none to replace."""
    global _ORIGINAL
    import PySide6  # noqa: F401  (loads shibokensupport and its import hook)

    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if original is None:
        return False
    if original is not _mod_uses_pyside:
        _ORIGINAL = original
        feature._mod_uses_pyside = _mod_uses_pyside
    return True
