"""Comparing side effects by content: the files a re-run slice wrote against the saved ones.

A saved ``Path`` (``StoredFile``) is compared with the bytes now at the path the slice names; saved
``file_system`` files (``StoredFiles``) file by file; a saved database by its SQL dump (schema and rows),
since SQLite may lay out equal data in different pages.
"""

from __future__ import annotations

import os
import pathlib
from typing import Any

from lineage_ext.store.sideeffects import StoredFiles, WrittenFiles, database_dump


def files_difference(actual: Any, expected: Any, what: str) -> str | None:
    if isinstance(expected, StoredFiles):
        return _many_difference(actual, expected, what)
    if not isinstance(actual, str | os.PathLike):
        return f"{what}: the slice gives a {type(actual).__name__}, not the path of the saved file"
    try:
        content = pathlib.Path(actual).read_bytes()
    except OSError as exc:
        return f"{what}: the slice did not write {os.fspath(actual)!r} ({exc.strerror})"
    if content != expected.content:
        saved = len(expected.content)
        return f"{what}: {os.fspath(actual)!r} holds {len(content)} bytes, not the saved {saved}"
    return None


def _many_difference(actual: Any, expected: StoredFiles, what: str) -> str | None:
    if not isinstance(actual, WrittenFiles):
        return f"{what}: the slice gives a {type(actual).__name__}, not the written files"
    if sorted(actual.paths) != sorted(expected.files):
        return f"{what}: the slice names files {sorted(actual.paths)} != saved {sorted(expected.files)}"
    try:
        now = actual.read()
    except Exception as exc:  # a missing file, or a database that cannot be opened
        return f"{what}: the re-run files cannot be read: {exc}"
    for path, content in expected.files.items():
        if expected.kind == "db":
            if database_dump(now[path]) != database_dump(content):
                return f"{what}: the database {path!r} holds different tables or rows than saved"
        elif now[path] != content:
            return f"{what}: {path!r} differs from the saved content"
    return None
