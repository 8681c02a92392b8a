"""The metadata database: artifact rows, version counters, lineage rows and session graphs.

``MetadataDB`` is the small interface the store needs (a write transaction, a read snapshot);
``SQLiteDB`` and ``PostgresDB`` implement it. SQL is written once with ``?`` placeholders
(see ``schema.py`` for the tables); rows come back as ``Row``s, read by column name.
"""

from __future__ import annotations

from .base import MetadataDB, Row, Tx


def open_metadata(kind: str, target: str) -> MetadataDB:
    """The metadata DB for a parsed location; nothing is connected until first use."""
    if kind == "postgresql":
        from .postgres import PostgresDB

        return PostgresDB(target)
    from .sqlite import SQLiteDB

    return SQLiteDB(target)


__all__ = ["MetadataDB", "Row", "Tx", "open_metadata"]
