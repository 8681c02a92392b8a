"""When a pickle-based value may be loaded: unpickling runs code, so it needs a reason to trust the bytes.

Policy of ``ArtifactStore.load_value`` / ``Artifact.get_value`` for pickle-based versions (``cloudpickle``,
``pickle``, ``joblib``):

* ``allow_pickle=True`` loads; ``allow_pickle=False`` refuses.
* ``allow_pickle=None`` (the default) loads only when the store is listed in ``$LINEAGE_EXT_TRUSTED_STORES``
  (comma-separated store folders, ``postgresql://`` URIs or blob locations such as ``s3://bucket/prefix``),
  or when both hold:
    - the store is private: SQLite metadata and blobs in local folders owned by the current OS user that no
      one else can write (not world-writable; group-writable only for the user's own private group);
    - the version was written by this user: its writer header's MAC verifies with this user's key
      (``serializers.envelope``).
* Everything else (PostgreSQL, S3, a folder others can write, a version someone else wrote, a pickle without
  writer record) raises ``PickleRefused`` naming the reason and the two ways to opt in.

The server never calls this: it never loads values at all.
"""

from __future__ import annotations

import os
import stat
from typing import TYPE_CHECKING

from lineage_ext.errors import PickleRefused

from .config import local_path
from .serializers.envelope import Writer

if TYPE_CHECKING:
    from .core import ArtifactStore

TRUSTED_ENV = "LINEAGE_EXT_TRUSTED_STORES"


def check_pickle_load(
    store: ArtifactStore, name: str, version: int, writer: Writer, allow_pickle: bool | None
) -> None:
    """Return if loading this pickled version is allowed, else raise ``PickleRefused``."""
    if allow_pickle is True:
        return
    what = f"artifact {name!r} version {version} is stored with pickle, which runs code when loaded"
    if allow_pickle is False:
        raise PickleRefused(f"{what}; loading it was refused (allow_pickle=False)")
    if is_trusted_store(store):
        return
    reason = shared_reason(store)
    if reason is None and not (writer.verified and writer.uid == os.getuid()):
        reason = f"it was written by {writer.describe()}, not by you"
    if reason is None:
        return
    raise PickleRefused(
        f"{what}, and {reason}. Load it only if you trust whoever can write this store: pass "
        f"allow_pickle=True to get_value(), or list the store in ${TRUSTED_ENV}"
    )


def trusted_entries() -> list[str]:
    raw = os.environ.get(TRUSTED_ENV, "")
    return [_normalized(item.strip()) for item in raw.split(",") if item.strip()]


def _normalized(entry: str) -> str:
    if "://" in entry and not entry.startswith("file://"):
        return entry.rstrip("/")
    try:
        return os.path.realpath(local_path(entry))
    except Exception:  # an unusable entry matches nothing
        return entry


def store_names(store: ArtifactStore) -> set[str]:
    """How a configuration entry may name this store: its folder, metadata URI or blob location."""
    names: set[str] = set()
    metadata_path = getattr(store.metadata, "path", None)
    if store.metadata.kind == "sqlite" and isinstance(metadata_path, str):
        names |= {os.path.realpath(metadata_path), os.path.realpath(os.path.dirname(metadata_path))}
    uri = getattr(store.metadata, "uri", None)
    if isinstance(uri, str):
        names |= {uri.rstrip("/"), store.metadata.describe().rstrip("/")}
    root = getattr(store.blobs, "root", None)
    if isinstance(root, str):
        names.add(os.path.realpath(root))
    else:
        names.add(store.blobs.describe().rstrip("/"))
    return names


def is_trusted_store(store: ArtifactStore) -> bool:
    return bool(store_names(store) & set(trusted_entries()))


def shared_reason(store: ArtifactStore) -> str | None:
    """Why others could have written this store, or None when it is private to the current user."""
    if store.metadata.kind != "sqlite":
        return f"the store's metadata is shared ({store.metadata.kind}: {store.metadata.describe()})"
    root = getattr(store.blobs, "root", None)
    if not isinstance(root, str):
        return f"its values are in shared storage ({store.blobs.describe()})"
    metadata_path = str(getattr(store.metadata, "path", ""))
    for path in (os.path.dirname(metadata_path), metadata_path, root):
        problem = _not_private(path)
        if problem is not None:
            return problem
    return None


def _not_private(path: str) -> str | None:
    try:
        info = os.stat(path)
    except OSError:
        return None  # not created yet: nothing was written there, nothing to load either
    if info.st_uid != os.getuid():
        return f"{path} belongs to another user (uid {info.st_uid})"
    if info.st_mode & stat.S_IWOTH:
        return f"{path} can be written by every user"
    if info.st_mode & stat.S_IWGRP and not _private_group(info.st_gid):
        return f"{path} can be written by its group (gid {info.st_gid})"
    return None


def _private_group(gid: int) -> bool:
    """True for a user-private group (named like the user, no other members), as many systems use."""
    import grp
    import pwd

    try:
        group = grp.getgrgid(gid)
        user = pwd.getpwuid(os.getuid())
    except KeyError:
        return False
    return group.gr_name == user.pw_name and not [m for m in group.gr_mem if m != user.pw_name]
