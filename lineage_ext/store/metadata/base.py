"""The interface between the store and a SQL database, and the rows it gives back.

Every backend returns ``Row``s: a result row read by column name only. Reading by position let a
reader and its SELECT list drift apart silently (``row[16]`` meaning another column after an edit);
a ``Row`` has no positions, and unpacking one raises instead of handing out its column names.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol


class Row(dict[str, Any]):
    """One result row: ``row["column"]`` (the name as selected, or its ``AS`` alias)."""

    __slots__ = ()
    # a dict iterates its keys: a row unpacked like a tuple would give column names, not values
    __iter__ = None  # type: ignore[assignment]


class Cursor(Protocol):
    """The DB-API cursor methods both backends' cursors have."""

    @property
    def description(self) -> Sequence[Sequence[Any]] | None: ...

    def fetchone(self) -> Sequence[Any] | None: ...

    def fetchall(self) -> Sequence[Sequence[Any]]: ...


def fetch_all(cursor: Cursor) -> list[Row]:
    """Every remaining row of an executed query, by column name."""
    return _named(cursor, cursor.fetchall())


def fetch_one(cursor: Cursor) -> Row | None:
    """The next row of an executed query, by column name; None when there is none."""
    values = cursor.fetchone()
    return None if values is None else _named(cursor, (values,))[0]


def _named(cursor: Cursor, rows: Iterable[Sequence[Any]]) -> list[Row]:
    names = tuple(str(column[0]) for column in cursor.description or ())
    if len(set(names)) != len(names):
        # two columns of one name would silently keep only the last: alias one of them
        raise ValueError(f"a query selected a column name twice: {names}")
    # every row of one cursor has one value per described column (and strict zip costs a third)
    return [Row(zip(names, values)) for values in rows]  # noqa: B905


class Tx(Protocol):
    """A transaction (or read snapshot) on one connection."""

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None: ...

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...

    def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...

    def fetchone(self, sql: str, params: Sequence[Any] = ()) -> Row | None: ...


class MetadataDB(Protocol):
    """A metadata database. ``write()`` serializes writers (the version allocation point)."""

    kind: str

    def write(self, durable: bool = True) -> AbstractContextManager[Tx]:
        """A write transaction; ``durable=False`` lets SQLite skip the fsync (session graphs)."""
        ...

    def read(self) -> AbstractContextManager[Tx]:
        """A consistent read snapshot."""
        ...

    def describe(self) -> str: ...

    def close(self) -> None: ...


def iter_chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
