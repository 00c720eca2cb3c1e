"""Optimistic concurrency: two desks editing the same repair or action item.

Repairs, action items and vehicles carry a ``version`` column that SQLAlchemy
checks on every UPDATE (``WHERE id = … AND version = <the version this desk
read>``). When another desk saved in between, the update matches no row and
SQLAlchemy raises ``StaleDataError``. :func:`save_with_version` turns that into
a :class:`ConflictError` that carries what this desk read, what it wanted to
save, and what the store holds now, so the desk can show "changed by another
desk: theirs vs yours" and let the user re-apply. Nothing is written and
nothing is lost silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

#: Bookkeeping columns that never count as a user's change.
IGNORED = frozenset({"version"})


def column_values(obj: Any) -> dict[str, Any]:
    """The mapped column attributes of ``obj`` as ``{name: value}``."""
    mapper = inspect(obj).mapper
    return {attr.key: getattr(obj, attr.key) for attr in mapper.column_attrs}


@dataclass(eq=False)
class ConflictError(Exception):
    """Another desk saved the same row first; this desk's save was refused.

    Attributes
    ----------
    table
        The table (``"repairs"`` …).
    row_id
        The row's id.
    base
        The values this desk had read (what it edited from).
    mine
        The changes this desk tried to save, ``{field: value}``.
    theirs
        The row as the store holds it now, or ``None`` when another desk deleted it.
    their_fields
        Fields the other desk changed (``theirs`` differs from ``base``).
    both_changed
        Fields both desks changed to different values: the real conflicts.
    """

    table: str
    row_id: Any
    base: dict[str, Any]
    mine: dict[str, Any]
    theirs: dict[str, Any] | None
    their_fields: list[str] = field(default_factory=list)
    both_changed: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.theirs is None:
            return f"{self.table} {self.label} was deleted by another desk; your changes were not saved"
        fields = ", ".join(self.both_changed) or "no field you changed"
        return f"{self.table} {self.label} was changed by another desk ({fields}); your changes were not saved"

    @property
    def label(self) -> str:
        """How people name the row: its code (``R-042``) when it has one, else its id."""
        return str(self.base.get("code") or self.row_id)

    @property
    def deleted(self) -> bool:
        """Whether the other desk deleted the row."""
        return self.theirs is None

    def reapply(self, keep_mine: set[str] | None = None) -> dict[str, Any]:
        """The changes to save on top of the current row to re-apply this desk's edit.

        Parameters
        ----------
        keep_mine
            Among :attr:`both_changed`, the fields where this desk's value wins;
            ``None`` keeps all of mine. Fields only this desk changed are always
            kept, fields only the other desk changed are already in the row.
        """
        keep = set(self.both_changed) if keep_mine is None else set(keep_mine)
        return {k: v for k, v in self.mine.items() if k not in self.both_changed or k in keep}


def _current_row(session: Session, cls: type, row_id: Any) -> dict[str, Any] | None:
    """The row as committed now, read past the session's identity map."""
    mapper = inspect(cls)
    pk = mapper.primary_key[0]
    row = session.execute(select(*[c for c in mapper.columns]).where(pk == row_id)).mappings().first()
    if row is None:
        return None
    by_column = {attr.columns[0].key: attr.key for attr in mapper.column_attrs}
    return {by_column.get(k, k): v for k, v in row.items()}


def _differs(a: Any, b: Any) -> bool:
    # Timestamps read back from SQLite lose their tzinfo; compare as naive UTC.
    if hasattr(a, "tzinfo") and hasattr(b, "tzinfo") and (a.tzinfo is None) != (b.tzinfo is None):
        a, b = a.replace(tzinfo=None), b.replace(tzinfo=None)
    return a != b


def conflict_error(session: Session, cls: type, row_id: Any, base: Mapping[str, Any],
                   changes: Mapping[str, Any]) -> ConflictError:
    """The :class:`ConflictError` for a save of ``changes`` refused because row ``row_id`` moved on.

    Reads the row as the store holds it now. Services that check a version
    themselves (``services.duty.desk``: the desk passes the version it
    showed) raise what this returns, so every "changed by another desk" is
    one kind of error with theirs and yours.

    Parameters
    ----------
    session
        A session that can read (not one whose flush just failed: roll it back first).
    cls
        The mapped class.
    row_id
        The row's primary key.
    base
        What the desk edited from. A field of ``changes`` missing here counts as
        changed by the other desk when theirs differs from mine (ask, don't guess).
    changes
        What the desk tried to save.
    """
    theirs = _current_row(session, cls, row_id)
    if theirs is None:
        their_fields: list[str] = []
    else:
        keys = list(dict.fromkeys([*base, *changes]))
        their_fields = [k for k in keys if k not in IGNORED and k in theirs
                        and _differs(theirs.get(k), base[k] if k in base else changes[k])]
    both = [k for k in changes if k in their_fields and _differs(theirs.get(k), changes[k])]
    table = inspect(cls).local_table.name
    return ConflictError(table, row_id, dict(base), dict(changes), theirs, their_fields, both)


def save_with_version(session: Session, obj: Any, changes: Mapping[str, Any]) -> Any:
    """Apply ``changes`` to ``obj`` and commit, refusing if another desk saved first.

    Parameters
    ----------
    session
        The session ``obj`` belongs to (or will be merged into); committed on
        success, rolled back on conflict.
    obj
        A versioned ORM object (Repair, ActionItem, Vehicle) as this desk read it:
        its current attribute values are the base of the edit.
    changes
        ``{field: new value}`` from the form.

    Returns
    -------
    object
        ``obj``, saved, with its new version.

    Raises
    ------
    ConflictError
        Another desk changed (or deleted) the row since ``obj`` was read. The
        store is unchanged by this call.
    """
    state = inspect(obj)
    if state.session is not session:
        obj = session.merge(obj, load=False) if state.detached else obj
    mapper = inspect(obj).mapper
    unknown = set(changes) - {attr.key for attr in mapper.column_attrs}
    if unknown:
        raise KeyError(f"{mapper.local_table.name} has no field(s) {', '.join(sorted(unknown))}")
    base = column_values(obj)
    if session.in_transaction() and not (session.new or session.dirty or session.deleted):
        # End the read transaction the object was loaded in: on SQLite (WAL) a
        # transaction whose snapshot predates another desk's commit cannot
        # become a writer ("database is locked"). Then put back the values this
        # desk read, so the UPDATE checks the version it edited from.
        session.commit()
        for key, value in base.items():
            set_committed_value(obj, key, value)
    for key, value in changes.items():
        setattr(obj, key, value)
    try:
        session.commit()
    except StaleDataError:
        session.rollback()
        row_id = base[mapper.get_property_by_column(mapper.primary_key[0]).key]
        conflict = conflict_error(session, type(obj), row_id, base, changes)
        session.rollback()  # end the read transaction
        raise conflict from None
    return obj


def load_fresh(session: Session, cls: type, row_id: Any) -> Any | None:
    """Load ``cls`` row ``row_id`` as the store holds it now (for a re-apply)."""
    return session.get(cls, row_id, populate_existing=True)
