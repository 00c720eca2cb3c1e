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


class Codes(str):
    """A list of stored codes in a message (the allowed values of a refusal): ``a, b, c`` now.

    ``table`` names the label table (:mod:`services.printing.labels`) that
    gives the codes' words, so a translated message lists words, not codes.
    """

    codes: tuple[str, ...]
    table: str | None

    def __new__(cls, codes, table: str | None = None) -> Codes:
        obj = super().__new__(cls, ", ".join(str(c) for c in codes))
        obj.codes = tuple(str(c) for c in codes)
        obj.table = table
        return obj


def localise(text, translate, codes=None) -> str:
    """``text`` translated with ``translate(template) -> str`` when it is a :class:`Message`.

    ``codes(Codes) -> str`` words a :class:`Codes` parameter (by default it stays a list of codes).
    """
    if isinstance(text, Message):
        params = text.params
        if codes is not None:
            params = {k: codes(v) if isinstance(v, Codes) else v for k, v in params.items()}
        try:
            return translate(text.template).format(**params)
        except (KeyError, IndexError, ValueError):
            return str(text)
    return str(text)
