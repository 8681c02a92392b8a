"""Putting an exporter's files on disk, without ever clobbering what the user has.

Owns the output-folder rule: a folder that exists and holds anything besides exactly the files
this export would write (with the same content) raises ``OutputExists`` unless ``overwrite=True``.
With ``overwrite=True`` the export's own files are replaced; unrelated files are left alone. Each
file is written to a temporary name and renamed, so a crash never leaves half a file. Files get the
modes the umask allows. An existing path of ours that is not a regular file (FIFO, device, symlink)
is refused even with ``overwrite=True``, and checking conflicts never reads more than our own sizes.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from lineage_ext.errors import ExportError, OutputExists


def check_relative(path: str) -> PurePosixPath:
    relative = PurePosixPath(path)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise ExportError(f"exporter produced an unsafe file path {path!r}")
    return relative


MAX_LISTED = 6  # conflicts are reported by a few names; the scan stops there


def conflicts(files: Mapping[str, str], output_dir: Path) -> list[str]:
    """Entries of ``output_dir`` an export would clash with: other files, or ours with other content.

    Never opens anything but a regular file of exactly our size (so a 1 GiB file costs a ``stat``,
    and a FIFO or device is never opened), follows no symlink, and stops after ``MAX_LISTED`` clashes.
    """
    if not output_dir.exists():
        return []
    if not output_dir.is_dir():
        return [str(output_dir)]
    ours = {str(check_relative(p)): text.encode("utf-8") for p, text in files.items()}
    found: list[str] = []
    for folder, subfolders, names in os.walk(output_dir):
        base = Path(folder)
        subfolders.sort()
        for name in sorted(names) + [d for d in subfolders if (base / d).is_symlink()]:
            relative = (base / name).relative_to(output_dir).as_posix()
            if relative not in ours or not _same_regular_file(base / name, ours[relative]):
                found.append(relative)
                if len(found) >= MAX_LISTED:
                    return found
        if base != output_dir and not any(
            p.startswith(base.relative_to(output_dir).as_posix() + "/") for p in ours
        ):
            found.append(base.relative_to(output_dir).as_posix())  # a folder of its own, not ours
            subfolders.clear()
    return found


def _same_regular_file(path: Path, content: bytes) -> bool:
    info = path.lstat()
    if not stat.S_ISREG(info.st_mode) or info.st_size != len(content):
        return False
    with path.open("rb") as f:
        return f.read(len(content) + 1) == content


def not_regular(files: Mapping[str, str], output_dir: Path) -> list[str]:
    """Our paths that exist but are not regular files (FIFO, socket, device, symlink, folder)."""
    found = []
    for path in files:
        target = output_dir / check_relative(path)
        try:
            mode = target.lstat().st_mode
        except (FileNotFoundError, NotADirectoryError):
            continue
        if not stat.S_ISREG(mode):
            found.append(path)
    return found


def write_files(
    files: Mapping[str, str], output_dir: str | os.PathLike[str], overwrite: bool = False
) -> Path:
    """Write ``files`` (relative path -> text) under ``output_dir``; returns the folder's absolute path."""
    target = Path(output_dir).expanduser().absolute()
    odd = not_regular(files, target) if target.is_dir() else []
    if odd:  # never replaced, not even with overwrite: the user put something special there
        raise OutputExists(
            f"output folder {target} has {', '.join(odd[:5])} which is not a regular file (a FIFO, "
            "device, symlink or folder); remove it or choose another folder"
        )
    clashes = conflicts(files, target)
    if clashes and not overwrite:
        shown = ", ".join(clashes[:5]) + (" and more" if len(clashes) > 5 else "")
        raise OutputExists(
            f"output folder {target} already holds other files ({shown}); choose an empty or new "
            "folder, or pass overwrite=True to replace the exported files (other files are kept)"
        )
    if target.exists() and not target.is_dir():
        raise OutputExists(f"output path {target} is a file, not a folder")
    for path, text in files.items():
        _write_atomically(target / check_relative(path), text)
    return target


def _write_atomically(path: Path, text: str) -> None:
    """Write a temp file beside ``path``, then rename it over ``path``.

    The temp file is created with mode 0666 filtered by the umask (as ``open()`` would create the file),
    not the 0600 of ``tempfile``: an exported pipeline is meant to be read by others the umask allows.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
    descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
