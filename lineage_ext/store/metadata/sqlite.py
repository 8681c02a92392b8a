"""SQLite metadata: WAL mode, a busy timeout, and ``BEGIN IMMEDIATE`` for every write.

``BEGIN IMMEDIATE`` takes the write lock at the start of the transaction, so two processes
allocating a version for the same name queue up instead of failing on lock upgrade. One
connection per store object and process, guarded by a lock (the kernel may save from a thread).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from lineage_ext.errors import ConcurrentWriteError, StoreDamaged, StoreFull, StoreUnavailable

from .base import Row, fetch_all, fetch_one
from .schema import SCHEMA_VERSION, schema_statements

BUSY_TIMEOUT_MS = 60_000


class _SQLiteTx:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._connection.execute(sql, params)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self._connection.executemany(sql, rows)

    def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return fetch_all(self._connection.execute(sql, params))

    def fetchone(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        return fetch_one(self._connection.execute(sql, params))


class SQLiteDB:
    """Metadata in one SQLite file on a local filesystem."""

    kind = "sqlite"

    def __init__(self, path: str) -> None:
        self.path = path
        self._connection: sqlite3.Connection | None = None
        self._pid = 0
        self._lock = threading.RLock()

    def describe(self) -> str:
        return self.path

    def _connect(self) -> sqlite3.Connection:
        if self._connection is not None and self._pid == os.getpid():
            return self._connection
        from lineage_ext.store.filesystem import ensure_local_writable_folder

        ensure_local_writable_folder(os.path.dirname(self.path))
        try:
            connection = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
            )
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            _retry_locked(lambda: connection.execute("PRAGMA journal_mode = WAL"))
            connection.execute("PRAGMA synchronous = FULL")
            _create_schema(connection)
        except sqlite3.DatabaseError as exc:
            translated = _translated(exc, self.path)
            if type(translated) is StoreUnavailable:
                translated = StoreUnavailable(f"cannot open the SQLite store {self.path}: {exc}")
            raise translated from exc
        self._connection, self._pid = connection, os.getpid()
        return connection

    @contextmanager
    def write(self, durable: bool = True) -> Iterator[_SQLiteTx]:
        with self._lock:
            connection = self._connect()
            if not durable:  # WAL + NORMAL survives a process kill; only power loss can drop it
                connection.execute("PRAGMA synchronous = NORMAL")
            try:
                _begin_immediate(connection, self.path)
                try:
                    yield _SQLiteTx(connection)
                    connection.execute("COMMIT")
                except sqlite3.DatabaseError as exc:
                    _rollback(connection)
                    raise _translated(exc, self.path) from exc
                except BaseException:
                    _rollback(connection)
                    raise
            finally:
                if not durable:
                    connection.execute("PRAGMA synchronous = FULL")

    @contextmanager
    def read(self) -> Iterator[_SQLiteTx]:
        with self._lock:
            connection = self._connect()
            connection.execute("BEGIN")
            try:
                yield _SQLiteTx(connection)
            except sqlite3.DatabaseError as exc:
                raise _translated(exc, self.path) from exc
            finally:
                _end_read(connection)

    def close(self) -> None:
        with self._lock:
            if self._connection is not None and self._pid == os.getpid():
                self._connection.close()
            self._connection = None


def _create_schema(connection: sqlite3.Connection) -> None:
    def create() -> None:
        connection.execute("BEGIN IMMEDIATE")
        try:
            for statement in schema_statements("sqlite"):
                connection.execute(statement)
            connection.execute(
                "INSERT INTO store_meta (key, value) VALUES ('schema_version', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (str(SCHEMA_VERSION),),
            )
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise

    # the newest tables: stores made by an older version gain the tables added since
    newest = ("artifact_links", "artifact_repairs", "pipeline_runs", "run_outputs")
    found = fetch_one(
        connection.execute(
            f"SELECT COUNT(*) AS tables FROM sqlite_master WHERE name IN ({', '.join('?' * len(newest))})",
            newest,
        )
    )
    if found is None or found["tables"] < len(newest):
        _retry_locked(create)


def _retry_locked(action: Any) -> Any:
    # switching to WAL takes an exclusive lock that the busy handler does not always wait for
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            return action()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _begin_immediate(connection: sqlite3.Connection, path: str) -> None:
    try:
        connection.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise _translated(exc, path) from exc


def _rollback(connection: sqlite3.Connection) -> None:
    if connection.in_transaction:
        # a failed commit may already have ended the transaction
        with contextlib.suppress(sqlite3.DatabaseError):
            connection.execute("ROLLBACK")


def _end_read(connection: sqlite3.Connection) -> None:
    if connection.in_transaction:
        try:
            connection.execute("COMMIT")
        except sqlite3.DatabaseError:
            _rollback(connection)


def _translated(exc: sqlite3.DatabaseError, path: str) -> Exception:
    """Our error, with what to do, for a SQLite failure (the raw error stays as the cause)."""
    message = str(exc)
    if "disk is full" in message or ("disk I/O error" in message and _disk_full(path)):
        return StoreFull(
            f"the disk holding the SQLite store {path} is full; nothing was saved and every earlier "
            "version is still readable: free some space and save again"
        )
    if "malformed" in message or "not a database" in message or "corrupt" in message:
        return StoreDamaged(
            f"the SQLite store {path} is damaged ({message}); run `lineage-ext store check` to see "
            "what is wrong and `lineage-ext store rebuild` to rebuild it from the version manifests"
        )
    if "locked" in message or "busy" in message:
        return ConcurrentWriteError(f"the SQLite store {path} stayed locked by another writer: {message}")
    if "readonly" in message or "read-only" in message:
        return StoreUnavailable(f"the SQLite store {path} is read-only: {message}")
    return StoreUnavailable(f"the SQLite store {path} failed: {message}")


def _disk_full(path: str) -> bool:
    try:
        return os.statvfs(os.path.dirname(path) or ".").f_bavail == 0
    except OSError:
        return False
