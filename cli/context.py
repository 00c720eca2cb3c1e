"""What every subcommand gets: the store URL, the language and output helpers."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication

from models.store import Store, open_store


@dataclass
class CommandContext:
    """Shared options of all subcommands."""

    store_url: str | None
    lang: str
    json_output: bool = False
    #: The desk role every store connection enforces (leader, dispatcher, viewer).
    role: str = "leader"
    _store: Store | None = field(default=None, repr=False)

    @property
    def store(self) -> Store:
        """The store, opened (and migrated) on first use."""
        if self._store is None:
            self._store = open_store(self.store_url, role=self.role)
        return self._store

    @staticmethod
    def tr(text: str, context: str = "") -> str:
        """Translate a user-visible CLI string (lupdate files `x.tr("…")` calls outside classes under the empty context)."""
        return QCoreApplication.translate(context, text)

    def emit(self, payload: Any, human: str, indent: int | None = 2) -> None:
        """Print ``payload`` as JSON with ``--json`` (``indent=None``: compact, for a city's rows), otherwise the human text."""
        if self.json_output:
            print(json.dumps(payload, ensure_ascii=False, indent=indent, default=str))
        else:
            print(human)

    def fail(self, message: str, payload: Any | None = None) -> int:
        """Report an error (JSON on stdout with ``--json``, text on stderr) and return exit code 2."""
        if self.json_output:
            print(json.dumps(payload if payload is not None else {"error": message}, ensure_ascii=False, indent=2))
        print(message, file=sys.stderr)
        return 2

    def close(self) -> None:
        """Release the store's connections."""
        if self._store is not None:
            self._store.dispose()
