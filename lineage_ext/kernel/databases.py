"""Database writes of a traced session: SQLite files it connected to, and which statements changed them.

SQLite writes its files from C, so no ``open`` audit event shows them. ``sqlite3.connect`` does raise an
audit event: the file hook forwards it as a ``"db"`` access, and ``DatabaseWatch.connected`` notes the
file's state (size and mtime of the database and its ``-wal`` file) right then. After each statement,
``changed()`` stats the known databases only (a few stat calls) and reports those whose state moved as
in-place updates, so the graph records the statement (a ``commit()``, ``to_sql``...) as writing a new
version of the database file, built on the previous one.
"""

from __future__ import annotations

import os

_State = tuple[int, int, int, int]


def database_path(target: object) -> str | None:
    """The file behind a ``sqlite3.connect`` argument, or None for in-memory and unusable targets."""
    try:
        text = os.fsdecode(target)  # type: ignore[arg-type]
    except TypeError:
        return None
    if text.startswith("file:"):
        text = text[len("file:") :].split("?", 1)[0]
        if text.startswith("//"):
            text = text[2:]
    if not text or text == ":memory:" or "mode=memory" in text:
        return None
    return os.path.abspath(text)


def _state(path: str) -> _State:
    def one(name: str) -> tuple[int, int]:
        try:
            info = os.stat(name)
        except OSError:
            return (-1, -1)
        return (info.st_size, info.st_mtime_ns)

    return (*one(path), *one(path + "-wal"))


class DatabaseWatch:
    """The SQLite files of one session and their last seen state."""

    def __init__(self) -> None:
        self._states: dict[str, _State] = {}

    @property
    def paths(self) -> frozenset[str]:
        return frozenset(self._states)

    def __len__(self) -> int:
        return len(self._states)

    def connected(self, path: str) -> None:
        if path not in self._states:
            self._states[path] = _state(path)

    def changed(self) -> list[str]:
        """Databases whose files changed since the last call (or since they were connected)."""
        moved = []
        for path, before in self._states.items():
            now = _state(path)
            if now != before:
                self._states[path] = now
                moved.append(path)
        return moved
