"""The interface between the store and a SQL database."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

Row = tuple[Any, ...]


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
