"""Use cases shared by the command line and the desk: read the store, run gis, write back.

No widgets here: the CLI and the GUI's worker threads call the same functions.
Only ``services.printing`` paints (QtGui's QPdfWriter/QTextDocument), so the
command line prints without importing ``ui``. Messages for people are passed through a ``tr`` callable
that the caller supplies (Qt's translator in the app, identity in tests).
"""


def no_translation(text: str) -> str:
    """The ``tr`` to use when no translator is wanted: the English source text."""
    return text
