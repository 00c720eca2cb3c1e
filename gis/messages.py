"""Messages that can be translated later: formatted English now, template and parameters kept.

Pure code (gis, services) has no Qt; it returns a :class:`Message`, which *is*
the English text (a ``str``), and the desk or the command line translates its
``template`` (Qt context ``ServiceMessages``) and formats it with ``params``.
"""

from __future__ import annotations


class Message(str):
    """English text that remembers its template and parameters."""

    template: str
    params: dict

    def __new__(cls, template: str, **params) -> Message:
        obj = super().__new__(cls, template.format(**params))
        obj.template = template
        obj.params = params
        return obj


def localise(text, translate) -> str:
    """``text`` translated with ``translate(template) -> str`` when it is a :class:`Message`."""
    if isinstance(text, Message):
        try:
            return translate(text.template).format(**text.params)
        except (KeyError, IndexError, ValueError):
            return str(text)
    return str(text)
