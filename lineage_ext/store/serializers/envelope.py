"""Who wrote a pickle-based blob: a small signed header in front of the pickled bytes.

Layout: ``LXPICKLE1\\n`` + one JSON line ``{"user", "uid", "host", "mac"}`` + the payload. ``mac`` is
HMAC-SHA256 of the payload under a per-user secret key (``$XDG_CONFIG_HOME/lineage_ext/writer.key``,
else ``~/.config/lineage_ext/writer.key``, created mode 0600 on first use). The trust policy
(``store.trust``) only counts a version as "written by you" when the MAC verifies with your key, so a
header naming you cannot be forged by whoever else can write the store, and a store folder copied from
someone else (a cloned project) does not count as yours. Blobs without the header (pickles saved
before it existed) have an unknown writer.

This module reads and writes headers; it never unpickles.
"""

from __future__ import annotations

import getpass
import hashlib
import hmac
import json
import os
import secrets
import socket
from dataclasses import dataclass
from pathlib import Path

from lineage_ext.store.blobs import BlobWriter, Buffer

MAGIC = b"LXPICKLE1\n"
KEY_ENV = "XDG_CONFIG_HOME"
_MAX_HEADER = 4096


@dataclass(frozen=True)
class Writer:
    """The writer a blob's header names, and whether its MAC verifies with this user's key."""

    user: str | None
    uid: int | None
    host: str | None
    verified: bool

    def describe(self) -> str:
        if self.user is None:
            return "an unknown writer (no writer record)"
        return f"{self.user} (uid {self.uid}) on {self.host}"


def key_path() -> Path:
    base = os.environ.get(KEY_ENV) or str(Path.home() / ".config")
    return Path(base) / "lineage_ext" / "writer.key"


def _key(create: bool) -> bytes | None:
    path = key_path()
    try:
        return path.read_bytes()
    except FileNotFoundError:
        if not create:
            return None
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it meanwhile
        return path.read_bytes()
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(secrets.token_bytes(32))
    return path.read_bytes()


def _identity() -> tuple[str, int, str]:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = str(os.getuid())
    return user, os.getuid(), socket.gethostname()


def write_header(out: BlobWriter, payload: bytes) -> None:
    """Write the signed header for ``payload`` (the caller writes the payload right after)."""
    key = _key(create=True)
    assert key is not None
    user, uid, host = _identity()
    mac = hmac.new(key, payload, hashlib.sha256).hexdigest()
    header = json.dumps({"user": user, "uid": uid, "host": host, "mac": mac}, sort_keys=True)
    out.write(MAGIC + header.encode("utf-8") + b"\n")


def split(data: Buffer, check_mac: bool = True) -> tuple[Writer, memoryview]:
    """The writer named in ``data``'s header (MAC checked unless ``check_mac=False``: the loader has
    already asked the trust policy, which checked it) and the payload after it."""
    view = memoryview(data)
    if bytes(view[: len(MAGIC)]) != MAGIC:
        return Writer(None, None, None, False), view
    end = bytes(view[: len(MAGIC) + _MAX_HEADER]).find(b"\n", len(MAGIC))
    if end < 0:
        return Writer(None, None, None, False), view
    try:
        fields = json.loads(bytes(view[len(MAGIC) : end]).decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return Writer(None, None, None, False), view
    payload = view[end + 1 :]
    key = _key(create=False) if check_mac else None
    mac = str(fields.get("mac", ""))
    verified = key is not None and hmac.compare_digest(
        hmac.new(key, payload, hashlib.sha256).hexdigest(), mac
    )
    uid = fields.get("uid")
    writer = Writer(
        str(fields.get("user")), uid if isinstance(uid, int) else None, str(fields.get("host")), verified
    )
    return writer, payload
