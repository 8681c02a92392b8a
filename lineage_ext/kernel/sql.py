"""SQL tables as resources: writers and readers of a database meet through table versions (issue 14, class 8).

SQLite writes its files from C, so the audit hook never sees them. Calls that run SQL are recognised in the
statement (`df.to_sql`, `pd.read_sql*`, `execute*`/`commit` on a connection or cursor), the database is
found from the connection object when the statement runs (sqlite3 connections by `PRAGMA database_list`,
SQLAlchemy engines by their URL, `sqlite3.connect("literal")` in place), and the tables from the SQL text.
Each table is a file-like resource `<database>::<table>`, so a reader depends on the last writer of that
table only, not on writers of other tables or databases. Data changes made by `execute` wait for the
connection's `commit` (pending per database); DDL and `to_sql` count at once. SQL that cannot be read
statically reads and updates every table of its database seen so far: conservative, never silent.
"""

from __future__ import annotations

import ast
import os
import re
from typing import Any

from .files import FileAccess

SQL_CALLS = frozenset(
    {"to_sql", "read_sql", "read_sql_query", "read_sql_table", "execute", "executemany", "executescript",
     "commit"}
)  # fmt: skip
# methods of a sqlite3 connection whose effect is on the database (tracked here), not on the object
_CONNECTION_METHODS = SQL_CALLS | {"cursor", "rollback", "fetchall", "fetchone", "fetchmany"}
_NAME = r"[`\"\[]?([\w.]+)"
_DDL = re.compile(
    r"\b(?:CREATE\s+(?:TEMP(?:ORARY)?\s+)?(?:TABLE|VIEW)(?:\s+IF\s+NOT\s+EXISTS)?|DROP\s+(?:TABLE|VIEW)"
    r"(?:\s+IF\s+EXISTS)?|ALTER\s+TABLE)\s+" + _NAME,
    re.IGNORECASE,
)
_DML = re.compile(
    r"\b(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+" + _NAME,
    re.IGNORECASE,
)
_READ = re.compile(r"\b(?:FROM|JOIN)\s+" + _NAME, re.IGNORECASE)
Event = tuple[str, FileAccess]


def _argument(call: ast.Call, position: int, keyword: str) -> ast.expr | None:
    if len(call.args) > position:
        return call.args[position]
    return next((k.value for k in call.keywords if k.arg == keyword), None)


def _string(expr: ast.expr | None, namespace: dict[str, Any]) -> str | None:
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return expr.value
    if isinstance(expr, ast.Name) and isinstance(namespace.get(expr.id), str):
        return str(namespace[expr.id])
    return None


def database_of(value: Any) -> str | None:
    """A key for the database a connection, cursor or engine talks to; None when unknown."""
    kind = type(value)
    if kind.__module__ == "sqlite3":
        connection = value.connection if kind.__name__ == "Cursor" else value
        try:
            cursor = connection.cursor()
            cursor.row_factory = None  # plain tuples, whatever the notebook set on its connection
            cursor.execute("PRAGMA database_list")
            columns = [column[0] for column in cursor.description]
            rows = [dict(zip(columns, values, strict=True)) for values in cursor.fetchall()]
        except Exception:  # closed, or busy in another thread: no database to name
            return None
        path = next((row["file"] for row in rows if row["name"] == "main"), "")
        return os.path.abspath(path) if path else f"sqlite-memory-{id(connection)}"
    url = getattr(value, "url", None) or getattr(getattr(value, "engine", None), "url", None)
    if url is None or not hasattr(url, "get_backend_name"):
        return None
    if url.get_backend_name() == "sqlite":
        return os.path.abspath(url.database) if url.database else None
    return repr(url)  # SQLAlchemy's repr hides the password


def _connection(expr: ast.expr | None, namespace: dict[str, Any]) -> str | None:
    if isinstance(expr, ast.Name):
        return database_of(namespace.get(expr.id)) if expr.id in namespace else None
    if isinstance(expr, ast.Call) and getattr(expr.func, "attr", getattr(expr.func, "id", "")) == "connect":
        path = _string(_argument(expr, 0, "database"), namespace)
        return os.path.abspath(path) if path and path != ":memory:" else None
    return None


def _tables(sql: str) -> tuple[set[str], set[str], set[str]]:
    """(tables read, tables changed by data statements, tables created/dropped/altered)."""

    def names(pattern: re.Pattern[str]) -> set[str]:
        return {m.group(1).lower() for m in pattern.finditer(sql)}

    return names(_READ), names(_DML), names(_DDL)


def _known_tables(database: str, file_versions: dict[str, Any]) -> set[str]:
    prefix = database + "::"
    return {path[len(prefix) :] for path in file_versions if path.startswith(prefix)}


def sql_events(
    calls: list[ast.Call],
    namespace: dict[str, Any],
    pending: dict[str, set[str]],
    file_versions: dict[str, Any],
) -> list[Event]:
    """Table read/write events of a statement's SQL calls; `pending` (database -> uncommitted tables)
    is updated in place."""
    events: list[Event] = []
    for call in calls:
        method = getattr(call.func, "attr", getattr(call.func, "id", ""))
        receiver = call.func.value if isinstance(call.func, ast.Attribute) else None
        if method == "to_sql":
            database = _connection(_argument(call, 1, "con"), namespace)
            table = _string(_argument(call, 0, "name"), namespace)
            append = _string(next((k.value for k in call.keywords if k.arg == "if_exists"), None), namespace)
            if database and table:
                events.append((f"{database}::{table.lower()}", "a" if append == "append" else "w"))
        elif method in ("read_sql", "read_sql_query", "read_sql_table"):
            database = _connection(_argument(call, 1, "con"), namespace)
            text = _string(
                _argument(call, 0, "table_name" if method == "read_sql_table" else "sql"), namespace
            )
            if database:
                if method == "read_sql_table" or (text and " " not in text.strip()):
                    tables = {text.lower()} if text else None
                else:
                    tables = _tables(text)[0] if text else None
                events += _reads(database, tables, file_versions)
        elif method == "commit" and (database := _connection(receiver, namespace)):
            events += [(f"{database}::{t}", "a") for t in sorted(pending.pop(database, set()))]
        elif method in ("execute", "executemany", "executescript"):
            database = _connection(receiver, namespace)
            if database:
                text = _string(
                    _argument(call, 0, "sql_script" if method == "executescript" else "sql"), namespace
                )
                events += _executed(database, text, pending, file_versions)
    return events


def _reads(database: str, tables: set[str] | None, file_versions: dict[str, Any]) -> list[Event]:
    if tables is None:  # unknown SQL: any table of this database may be read
        tables = _known_tables(database, file_versions)
    return [(f"{database}::{t}", "r") for t in sorted(tables)]


def _executed(
    database: str, text: str | None, pending: dict[str, set[str]], file_versions: dict[str, Any]
) -> list[Event]:
    if text is None:
        known = _known_tables(database, file_versions)
        pending.setdefault(database, set()).update(known)
        return [(f"{database}::{t}", "a") for t in sorted(known)]
    read, changed, defined = _tables(text)
    pending.setdefault(database, set()).update(changed)
    events: list[Event] = [(f"{database}::{t}", "r") for t in sorted(read - changed - defined)]
    events += [(f"{database}::{t}", "a") for t in sorted(changed - defined)]
    events += [(f"{database}::{t}", "w" if t not in read else "a") for t in sorted(defined)]
    return events


def unchanged_connections(method_calls: list[Any], namespace: dict[str, Any]) -> set[str]:
    """Variables holding a sqlite3 connection whose method calls here only run SQL: the connection
    object does not change (the tables do, tracked as resources), so readers of it stay independent."""
    by_root: dict[str, bool] = {}
    for call in method_calls:
        value = namespace.get(call.root)
        is_connection = type(value).__module__ == "sqlite3" and type(value).__name__ == "Connection"
        ok = is_connection and call.method in _CONNECTION_METHODS
        by_root[call.root] = by_root.get(call.root, True) and ok
    return {root for root, ok in by_root.items() if ok}
