"""Putting an exporter's files on disk, without ever clobbering what the user has.

Owns the output-folder rule: a folder that exists and holds anything besides exactly the files
this export would write (with the same content) raises ``OutputExists`` unless ``overwrite=True``.
With ``overwrite=True`` the export's own files are replaced; unrelated files are left alone. Each
file is written to a temporary name and renamed, so a crash never leaves half a file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from lineage_ext.errors import ExportError, OutputExists


def check_relative(path: str) -> PurePosixPath:
    relative = PurePosixPath(path)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise ExportError(f"exporter produced an unsafe file path {path!r}")
    return relative


def conflicts(files: Mapping[str, str], output_dir: Path) -> list[str]:
    """Entries of ``output_dir`` an export would clash with: other files, or ours with other content."""
    if not output_dir.exists():
        return []
    if not output_dir.is_dir():
        return [str(output_dir)]
    ours = {str(check_relative(p)) for p in files}
    found = []
    for entry in sorted(output_dir.rglob("*")):
        relative = entry.relative_to(output_dir).as_posix()
        if entry.is_dir() and any(p.startswith(relative + "/") for p in ours):
            continue
        if relative not in ours or entry.read_text(encoding="utf-8", errors="replace") != files[relative]:
            found.append(relative)
    return found


def write_files(
    files: Mapping[str, str], output_dir: str | os.PathLike[str], overwrite: bool = False
) -> Path:
    """Write ``files`` (relative path -> text) under ``output_dir``; returns the folder's absolute path."""
    target = Path(output_dir).expanduser().absolute()
    clashes = conflicts(files, target)
    if clashes and not overwrite:
        shown = ", ".join(clashes[:5]) + (f" and {len(clashes) - 5} more" if len(clashes) > 5 else "")
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
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp"
    ) as f:
        f.write(text)
    os.replace(f.name, path)
