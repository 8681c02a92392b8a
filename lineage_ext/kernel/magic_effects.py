"""What IPython magics do outside the Python names their code binds (issue 14, class 7).

`%%capture out` binds `out`; `%%writefile path` writes a file and `%run path` reads one (often a `.py`
file, which the audit-hook filter skips as a source file, so these events are added here, exactly);
`%store x` reads `x` and writes IPython's store entry for it, `%store -r x` reads that entry back. The
store entry is a real file of the IPython profile (`db/autorestore/<name>`), so the restore depends on
the statement that stored it through an ordinary file version.
"""

from __future__ import annotations

import ast
import os
import shlex
from dataclasses import dataclass, field

from .files import FileAccess
from .magics import is_ipython_call


@dataclass
class MagicEffects:
    reads: set[str] = field(default_factory=set)
    writes: set[str] = field(default_factory=set)
    files: list[tuple[str, FileAccess]] = field(default_factory=list)  # (path as written, access)
    stored: list[tuple[str, FileAccess]] = field(default_factory=list)  # (%store name, access)


def magic_arguments(statement: ast.stmt) -> tuple[str, str, str | None] | None:
    """(magic name, line, cell or None) of a `get_ipython().run_line_magic/run_cell_magic(...)` call."""
    for node in ast.walk(statement):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and is_ipython_call(node.func):
            strings = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if len(strings) != len(node.args):
                return None
            if node.func.attr == "run_line_magic" and len(strings) == 2:
                return strings[0], strings[1], None
            if node.func.attr == "run_cell_magic" and len(strings) == 3:
                return strings[0], strings[1], strings[2]
            return None
    return None


def split_line(line: str) -> list[str] | None:
    try:
        return shlex.split(line)
    except ValueError:
        return None


def capture_name(line: str) -> str | None:
    words = [w for w in split_line(line) or [] if not w.startswith("-")]
    return words[0] if words and words[0].isidentifier() else None


def writefile_target(line: str) -> tuple[str, bool] | None:
    """(path, append) of `%%writefile [-a] path`."""
    words = split_line(line) or []
    append = any(w in ("-a", "--append") for w in words)
    paths = [w for w in words if not w.startswith("-")]
    return (os.path.expanduser(paths[0]), append) if len(paths) == 1 else None


def run_target(line: str) -> tuple[str, bool, list[str]] | None:
    """(script path, `-i`, script arguments) of `%run [-i] path args...`; other options: None."""
    words = split_line(line) or []
    interactive = False
    while words and words[0].startswith("-"):
        if words.pop(0) != "-i":
            return None
        interactive = True
    return (words[0], interactive, words[1:]) if words else None


def store_names(line: str) -> tuple[str, list[str]] | None:
    """("store" | "restore", names) of `%store a b` / `%store -r a b`; anything else: None."""
    words = split_line(line) or []
    restore = bool(words) and words[0] == "-r"
    names = words[1:] if restore else words
    if not names or not all(n.isidentifier() for n in names):
        return None
    return ("restore" if restore else "store"), names


def magic_effects(statement: ast.stmt) -> MagicEffects | None:
    found = magic_arguments(statement)
    if found is None:
        return None
    magic, line, _cell = found
    effects = MagicEffects()
    if magic == "capture" and (name := capture_name(line)) is not None:
        effects.writes.add(name)
    elif magic == "writefile" and (target := writefile_target(line)) is not None:
        effects.files.append((target[0], "a" if target[1] else "w"))
    elif magic == "run" and (script := run_target(line)) is not None:
        effects.files.append((script[0], "r"))
    elif magic == "store" and (stored := store_names(line)) is not None:
        kind, names = stored
        if kind == "store":
            effects.reads.update(names)
        effects.stored += [(n, "w" if kind == "store" else "r") for n in names]
    return effects


def store_entry_path(name: str) -> str | None:
    """The file IPython's `%store` keeps `name` in, for the running shell's profile."""
    try:
        from IPython import get_ipython

        shell = get_ipython()
        location = shell.profile_dir.location if shell is not None else None
    except Exception:  # no shell, or one without a profile: no store entry to link
        return None
    return os.path.join(location, "db", "autorestore", name) if location else None


def resolved_files(effects: MagicEffects) -> list[tuple[str, FileAccess]]:
    """Absolute paths of the files a magic touches, resolved when the statement runs."""
    files = [(os.path.abspath(path), access) for path, access in effects.files]
    for name, access in effects.stored:
        path = store_entry_path(name)
        if path is not None:
            files.append((path, access))
    return files
