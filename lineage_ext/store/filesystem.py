"""Checks on the local folder of a store: refuse network filesystems and read-only folders.

SQLite's locking is unreliable on network filesystems (NFS, SMB, sshfs), and renames there are
not guaranteed atomic, so the integrity promises of the store would silently break. We find the
filesystem type of the folder from ``/proc/mounts`` and refuse those with a clear error.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from lineage_ext.errors import StoreUnavailable

NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smb2",
        "smb3",
        "smbfs",
        "sshfs",
        "fuse.sshfs",
        "afs",
        "9p",
        "ncpfs",
        "fuse.s3fs",
        "fuse.rclone",
        "fuse.gcsfuse",
        "glusterfs",
        "fuse.glusterfs",
        "ceph",
        "fuse.ceph",
        "lustre",
        "davfs",
        "fuse.davfs2",
    }
)
_MOUNTS_FILE = "/proc/mounts"


def filesystem_type(path: str, mounts_text: str | None = None) -> str | None:
    """Filesystem type of the mount holding ``path`` (longest mount-point prefix), or None if unknown."""
    if mounts_text is None:
        try:
            mounts_text = Path(_MOUNTS_FILE).read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    target = _resolved(path)
    best_point, best_type = "", None
    for line in mounts_text.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = _unescape_mount_point(fields[1])
        if _is_under(target, point) and len(point) >= len(best_point):
            best_point, best_type = point, fields[2]
    return best_type


def ensure_local_writable_folder(path: str, mounts_text: str | None = None) -> None:
    """Create ``path`` if needed; raise ``StoreUnavailable`` for network filesystems or no write access."""
    fs_type = filesystem_type(path, mounts_text)
    if fs_type is not None and fs_type.lower() in NETWORK_FILESYSTEMS:
        raise StoreUnavailable(
            f"the store folder {path} is on a network filesystem ({fs_type}); SQLite locking and atomic "
            "renames are not reliable there. Use a local folder, or PostgreSQL + S3 for a shared store"
        )
    try:
        os.makedirs(path, exist_ok=True)
        probe = os.path.join(path, f".write-probe-{uuid.uuid4().hex}")
        with open(probe, "wb"):
            pass
        os.unlink(probe)
    except OSError as exc:
        raise StoreUnavailable(
            f"the store folder {path} is not writable ({exc.strerror or exc}); choose another folder with "
            "$LINEAGE_EXT_STORE or fix its permissions"
        ) from exc


def _resolved(path: str) -> str:
    """``realpath`` of the part of ``path`` that exists, plus the part still to be created."""
    absolute = os.path.abspath(path)
    existing = _nearest_existing(absolute)
    rest = os.path.relpath(absolute, existing)
    real = os.path.realpath(existing)
    return real if rest == "." else os.path.join(real, rest)


def _nearest_existing(path: str) -> str:
    current = os.path.abspath(path)
    while not os.path.exists(current):
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    return current


def _is_under(path: str, mount_point: str) -> bool:
    if mount_point == "/":
        return True
    return path == mount_point or path.startswith(mount_point.rstrip("/") + "/")


def _unescape_mount_point(raw: str) -> str:
    # /proc/mounts escapes space, tab, newline and backslash as octal (\040 ...)
    return raw.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\")
