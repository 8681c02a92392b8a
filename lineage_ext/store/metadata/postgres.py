"""PostgreSQL metadata (psycopg 3), for stores shared by a team.

Versions are allocated by an upsert on ``artifact_names`` whose row lock serializes concurrent
savers of one name; schema creation runs under an advisory lock so two first openers do not race.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from lineage_ext.errors import StoreUnavailable

from .base import Row, fetch_all, fetch_one
from .schema import SCHEMA_VERSION, schema_statements

_SCHEMA_LOCK_KEY = 0x11E46E  # arbitrary constant shared by every lineage_ext process


def _sql(statement: str) -> str:
    # our SQL uses SQLite's "?" placeholders and contains no literal "?" or "%"
    return statement.replace("?", "%s")


class _PostgresTx:
    def __init__(self, connection: Any) -> None:
        self._connection = connection

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._connection.execute(_sql(sql), params)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            with self._connection.cursor() as cursor:
                cursor.executemany(_sql(sql), rows)

    def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return fetch_all(self._connection.execute(_sql(sql), params))

    def fetchone(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        return fetch_one(self._connection.execute(_sql(sql), params))


class PostgresDB:
    """Metadata in a PostgreSQL database given by a ``postgresql://`` URI."""

    kind = "postgresql"

    def __init__(self, uri: str) -> None:
        self.uri = uri
        self._connection: Any = None
        self._pid = 0
        self._lock = threading.RLock()

    def describe(self) -> str:
        # never echo a password into messages
        head, _, tail = self.uri.rpartition("@")
        return f"postgresql://***@{tail}" if head else self.uri

    def _connect(self) -> Any:
        if self._connection is not None and self._pid == os.getpid() and not self._connection.closed:
            return self._connection
        try:
            import psycopg
        except ImportError as exc:
            raise StoreUnavailable(
                "a PostgreSQL store needs psycopg (pip install 'psycopg[binary]')"
            ) from exc
        try:
            connection = psycopg.connect(self.uri, autocommit=True, connect_timeout=10)
            with connection.transaction():
                connection.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK_KEY,))
                for statement in schema_statements("postgresql"):
                    connection.execute(statement)
                connection.execute(
                    "INSERT INTO store_meta (key, value) VALUES ('schema_version', %s) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (str(SCHEMA_VERSION),),
                )
        except psycopg.Error as exc:
            raise StoreUnavailable(f"cannot open the PostgreSQL store {self.describe()}: {exc}") from exc
        self._connection, self._pid = connection, os.getpid()
        return connection

    @contextmanager
    def write(self, durable: bool = True) -> Iterator[_PostgresTx]:
        import psycopg

        with self._lock:
            connection = self._connect()
            try:
                with connection.transaction():
                    yield _PostgresTx(connection)
            except psycopg.OperationalError as exc:
                raise StoreUnavailable(f"the PostgreSQL store {self.describe()} failed: {exc}") from exc

    @contextmanager
    def read(self) -> Iterator[_PostgresTx]:
        with self._lock:
            connection = self._connect()
            with connection.transaction():
                yield _PostgresTx(connection)

    def close(self) -> None:
        with self._lock:
            if self._connection is not None and self._pid == os.getpid():
                self._connection.close()
            self._connection = None
