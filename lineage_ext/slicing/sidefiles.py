"""Keeping the user's files safe while a side-effect slice is verified.

Verifying the slice of a saved file, ``file_system`` or ``db`` re-runs the code that wrote them, in the
notebook's folder. ``files_set_aside`` moves the files and folders the slice writes (and SQLite's
``-wal``/``-journal`` companions)
into a temporary folder first, so the slice writes them from scratch exactly as the session did (a
database is created anew rather than appended to), and puts the originals back afterwards, whatever the
slice wrote or however it failed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence

_COMPANIONS = ("", "-wal", "-journal", "-shm")


@contextlib.contextmanager
def files_set_aside(paths: Sequence[str], cwd: str | os.PathLike[str] | None = None) -> Iterator[None]:
    if not paths:
        yield
        return
    base = os.fspath(cwd) if cwd is not None else os.getcwd()
    targets = [os.path.join(base, path) + suffix for path in paths for suffix in _COMPANIONS]
    with tempfile.TemporaryDirectory(prefix="lineage_ext_aside_") as aside:
        moved: list[tuple[str, str]] = []
        try:
            for index, target in enumerate(targets):
                if os.path.lexists(target):
                    kept = os.path.join(aside, str(index))
                    shutil.move(target, kept)
                    moved.append((target, kept))
            yield
        finally:
            for target in targets:  # whatever the slice wrote goes; the originals come back
                if os.path.isdir(target) and not os.path.islink(target):
                    shutil.rmtree(target)
                elif os.path.lexists(target):
                    os.remove(target)
            for target, kept in reversed(moved):  # a folder comes back before the files it held
                shutil.move(kept, target)
