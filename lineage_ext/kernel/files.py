"""File events: a process-wide audit hook for `open`, path filtering, and cached content hashes.

Audit hooks cannot be removed once added, so exactly one hook is installed per process and forwards to
whichever listener is active (`set_listener`); with none active it returns after one comparison. The hook
must stay tiny: it runs for every audit event in the process.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
import sysconfig
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Literal

# (absolute path, access): "r" reads, "w" writes anew, "a" appends or updates in place (reads the old
# content and writes a new version), "db" connects to an SQLite database (see `databases`)
FileAccess = Literal["r", "w", "a", "db"]
FileListener = Callable[[str, FileAccess], None]

_listener: list[FileListener | None] = [None]  # the one slot the installed hook reads
_installed = [False]
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_SKIPPED_SUFFIXES = (".py", ".pyc", ".so", ".pyi", ".pth", ".json.lock")
MAX_FULL_HASH_BYTES = 256 * 1024 * 1024


def _ignored_roots() -> tuple[str, ...]:
    roots = {sys.prefix, sys.base_prefix, sys.exec_prefix, "/proc", "/dev", "/sys", "/usr", "/etc"}
    roots.update(p for p in sysconfig.get_paths().values() if p)
    home = Path.home()
    roots.update(
        str(home / d) for d in (".cache", ".ipython", ".config", ".matplotlib", ".local/share/jupyter")
    )
    roots.add(os.path.join(tempfile.gettempdir(), "ipykernel_"))
    return tuple(sorted(roots))


_IGNORED = _ignored_roots()


def _audit(event: str, args: tuple[object, ...]) -> None:
    if event != "open":
        if _listener[0] is not None and event in _SIDE_EVENTS:
            _side_event(event, args)
        return
    listener = _listener[0]
    if listener is None:
        return
    path, mode, flags = args[0], args[1], args[2]
    if isinstance(path, int):
        return
    access = _mode_access(mode) if isinstance(mode, str) else _flags_access(flags)  # type: ignore[arg-type]
    try:  # noqa: SIM105  plain try is cheapest in this hot path
        listener(os.path.abspath(os.fsdecode(path)), access)  # type: ignore[arg-type]
    except Exception:
        pass


_SIDE_EVENTS = frozenset({"sqlite3.connect", "os.mkdir"})


def _side_event(event: str, args: tuple[object, ...]) -> None:
    """A database connection ("db") or a created folder (written, so a file inside it can be recreated)."""
    try:
        if event == "os.mkdir":
            path: str | None = os.path.abspath(os.fsdecode(args[0]))  # type: ignore[arg-type]
            access: FileAccess = "w"
        else:
            from .databases import database_path

            path, access = database_path(args[0]) if args else None, "db"
        listener = _listener[0]
        # a folder is checked with a trailing separator: the store's own root is a folder too
        checked = os.path.join(path, "") if access == "w" and path is not None else path
        if listener is not None and checked is not None and is_user_file(checked):
            listener(checked.rstrip(os.sep) or checked, access)
    except Exception:  # same as the open path: never raise into user code
        pass


def _mode_access(mode: str) -> FileAccess:
    if "a" in mode or ("+" in mode and "r" in mode):
        return "a"  # the old content stays part of the file
    return "w" if ("w" in mode or "x" in mode or "+" in mode) else "r"


def _flags_access(flags: int) -> FileAccess:
    if flags & os.O_APPEND or (flags & os.O_RDWR and not flags & os.O_TRUNC):
        return "a"
    return "w" if flags & _WRITE_FLAGS else "r"


def install_hook() -> None:
    if not _installed[0]:
        sys.addaudithook(_audit)
        _installed[0] = True


def set_listener(listener: FileListener | None) -> None:
    _listener[0] = listener


def is_user_file(path: str) -> bool:
    """False for the interpreter's own files, package data, caches, source files and the artifact store."""
    if path.startswith(_IGNORED) or path.endswith(_SKIPPED_SUFFIXES):
        return False
    return not path.startswith(
        _store_roots(os.environ.get("LINEAGE_EXT_STORE"), os.environ.get("LINEAGE_EXT_BLOBS"))
    )


@functools.lru_cache(maxsize=8)
def _store_roots(store_env: str | None, blobs_env: str | None) -> tuple[str, ...]:
    """The local folders of the store in use: saving an artifact is not the session writing files.

    Keyed by the two environment variables so a store switched mid-session is followed.
    """
    try:
        from lineage_ext.store.config import parse_location

        location = parse_location()
    except Exception:  # an unusable store location is reported by the store itself, not here
        return ()
    roots = [str(Path(location.metadata_target).parent)] if location.metadata_kind == "sqlite" else []
    if location.blob_kind == "local":
        roots.append(location.blob_target)
    spellings = {os.path.abspath(root) for root in roots} | {os.path.realpath(root) for root in roots}
    return tuple(os.path.join(root, "") for root in sorted(spellings))


class FileHasher:
    """sha256 of file contents, cached by (path, size, mtime) so re-reads of an unchanged file cost a stat."""

    def __init__(self) -> None:
        self._cache: dict[str, tuple[int, int, str]] = {}

    def digest(self, path: str) -> str | None:
        try:
            stat = os.stat(path)
        except OSError:
            return None
        cached = self._cache.get(path)
        if cached is not None and cached[:2] == (stat.st_size, stat.st_mtime_ns):
            return cached[2]
        if stat.st_size > MAX_FULL_HASH_BYTES:  # huge files: size+mtime stand in, prefixed so it shows
            digest = f"stat:{stat.st_size}:{stat.st_mtime_ns}"
        else:
            try:
                with open(path, "rb") as handle:
                    digest = hashlib.file_digest(handle, "sha256").hexdigest()
            except OSError:
                return None
        self._cache[path] = (stat.st_size, stat.st_mtime_ns, digest)
        return digest
