"""Maintain the Simplified Chinese catalogue.

``python tools/i18n.py update``  re-scan the sources (pyside6-lupdate) into
resources/i18n/waterguard_zh_CN.ts and compile the .qm (pyside6-lrelease).
``python tools/i18n.py fill FILE.json``  set translations of unfinished
messages from a JSON object {source: translation} (for bulk edits; Qt
Linguist, ``pyside6-linguist``, edits the .ts interactively).
``python tools/i18n.py merge OTHER.ts``  take the finished translations of
another copy of the catalogue (e.g. a branch's, after a merge conflict).
``python tools/i18n.py check``  exit 1 when a message is untranslated.
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "i18n" / "waterguard_zh_CN.ts"
BIN = Path(sys.executable).parent


def sources() -> list[str]:
    """Every Python file that may hold user-visible strings."""
    files = [ROOT / "app.py", *(f for pkg in ("ui", "cli", "services", "demo") for f in sorted((ROOT / pkg).rglob("*.py")))]
    return [str(f.relative_to(ROOT)) for f in files]


def lupdate(ts: Path) -> None:
    """Scan the sources into ``ts`` (obsolete messages dropped)."""
    subprocess.run([str(BIN / "pyside6-lupdate"), "-no-obsolete", "-locations", "none", *sources(), "-ts", str(ts)],
                   cwd=ROOT, check=True, capture_output=True)


def lrelease() -> None:
    """Compile the .ts into the .qm the app loads."""
    subprocess.run([str(BIN / "pyside6-lrelease"), str(TS), "-qm", str(TS.with_suffix(".qm"))],
                   cwd=ROOT, check=True, capture_output=True)


def unfinished(ts: Path) -> list[str]:
    """Sources of messages without a finished translation."""
    tree = ET.parse(ts)
    return [m.findtext("source") for m in tree.iter("message")
            if m.find("translation").get("type") == "unfinished" or not (m.findtext("translation") or "")]


def fill(mapping: dict[str, str]) -> int:
    """Apply translations for unfinished messages; returns how many were set."""
    tree = ET.parse(TS)
    n = 0
    for message in tree.iter("message"):
        tr = message.find("translation")
        src = message.findtext("source")
        if src in mapping and (tr.get("type") == "unfinished" or not tr.text):
            tr.text = mapping[src]
            tr.attrib.pop("type", None)
            n += 1
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    return n


def finished(ts: Path) -> dict[tuple[str, str], str]:
    """(context, source) → translation of every finished message of a catalogue.

    Keyed by context too: one English word can need two Chinese words ("Location":
    位置 on a ticket, 存放地点 for spare parts), so a merge must not cross contexts.
    """
    out = {}
    for ctx in ET.parse(ts).iter("context"):
        name = ctx.findtext("name") or ""
        for m in ctx.iter("message"):
            tr = m.find("translation")
            if tr.get("type") is None and tr.text:
                out[(name, m.findtext("source"))] = tr.text
    return out


def fill_from(other: dict[tuple[str, str], str]) -> int:
    """Set unfinished messages from another catalogue, matching context and source."""
    tree = ET.parse(TS)
    n = 0
    for ctx in tree.iter("context"):
        name = ctx.findtext("name") or ""
        for message in ctx.iter("message"):
            tr = message.find("translation")
            key = (name, message.findtext("source"))
            if key in other and (tr.get("type") == "unfinished" or not tr.text):
                tr.text = other[key]
                tr.attrib.pop("type", None)
                n += 1
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    return n


def main(argv: list[str]) -> int:
    """Command-line entry."""
    if not argv or argv[0] not in {"update", "fill", "check", "merge"}:
        print(__doc__)
        return 2
    if argv[0] == "update":
        lupdate(TS)
        lrelease()
    elif argv[0] == "merge":
        lupdate(TS)
        print(fill_from(finished(Path(argv[1]))), "set")
        lrelease()
    elif argv[0] == "fill":
        print(fill(json.loads(Path(argv[1]).read_text(encoding="utf-8"))), "set")
        lrelease()
    missing = unfinished(TS)
    for src in missing:
        print("untranslated:", src)
    return 1 if (argv[0] == "check" and missing) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
