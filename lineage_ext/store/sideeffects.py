"""Side-effect artifacts: the files a session wrote (``lineage_ext.file_system``) and its database writes
(``lineage_ext.db``), as values the store can keep.

* ``SideEffect``: the two references users pass to ``save`` (LineaPy's ``file_system`` and ``db``). In a
  traced session ``api.save`` turns one into ``WrittenFiles`` listing the files of that kind the session
  wrote (SQLite databases it connected to are ``db``; every other written file is ``file_system``).
* ``WrittenFiles``: paths of written files; the ``files`` serializer stores their *content* (databases
  through SQLite's backup API, so a database in WAL mode is stored whole and consistent). The slice of a
  side-effect artifact ends by building the same ``WrittenFiles``, so re-running it (verification, exported
  tasks) reproduces and re-saves the files.
* ``StoredFiles``: what loading gives back: ``{path: bytes}``, ``restore()`` writes them out again, and
  ``tables()`` reads a stored database's tables (for comparing database writes by content).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

EffectKind = Literal["file_system", "db"]
SQLITE_HEADER = b"SQLite format 3\x00"


class SideEffect:
    """``lineage_ext.file_system`` / ``lineage_ext.db``: save the session's side effects of that kind."""

    def __init__(self, kind: EffectKind) -> None:
        self.kind: EffectKind = kind

    def __repr__(self) -> str:
        return f"lineage_ext.{self.kind}"

    def __reduce__(self) -> str:
        return self.kind  # the module-level singletons below


file_system = SideEffect("file_system")
db = SideEffect("db")


@dataclass(frozen=True)
class WrittenFiles:
    """Files a session wrote, by path (relative paths resolve against the working directory)."""

    paths: tuple[str, ...]
    kind: EffectKind = "file_system"

    def __init__(self, paths: Iterable[str | os.PathLike[str]], kind: EffectKind = "file_system") -> None:
        object.__setattr__(self, "paths", tuple(os.fspath(p) for p in paths))
        object.__setattr__(self, "kind", kind)

    def read(self) -> dict[str, bytes]:
        """Each file's current content (a database as a consistent backup copy)."""
        return {
            path: database_bytes(path) if self.kind == "db" else Path(path).read_bytes()
            for path in self.paths
        }


@dataclass(frozen=True)
class StoredFiles:
    """The saved content of written files; ``restore()`` writes them back."""

    kind: EffectKind
    files: dict[str, bytes]

    def restore(self, folder: str | os.PathLike[str] | None = None) -> list[Path]:
        """Write every file at its path (relative paths under ``folder``, default the working directory)."""
        written = []
        for path, content in self.files.items():
            target = Path(path) if folder is None or os.path.isabs(path) else Path(folder) / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
            written.append(target)
        return written

    def tables(self, path: str) -> list[str]:
        """The SQL dump (schema and rows) of a stored database, line by line."""
        return database_dump(self.files[path])

    def __repr__(self) -> str:
        listed = ", ".join(f"{p} ({len(c)} bytes)" for p, c in self.files.items())
        return f"StoredFiles({self.kind}: {listed})"


def database_bytes(path: str) -> bytes:
    """A consistent copy of the SQLite database at ``path`` (committed data, WAL included).

    Copied into memory, never into a temp file: a traced session would see that file as a database too.
    """
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        target = sqlite3.connect(":memory:")
        try:
            source.backup(target)
            return bytes(target.serialize())
        finally:
            target.close()
    finally:
        source.close()


def database_dump(content: bytes) -> list[str]:
    """The SQL text of a database's schema and rows, given its bytes (compared instead of pages)."""
    if not content:
        return []
    connection = sqlite3.connect(":memory:")
    try:
        connection.deserialize(content)
        return list(connection.iterdump())
    finally:
        connection.close()
