"""What an error looks like on the wire: its HTTP status and a short, safe message.

Owns the mapping from our exceptions to 4xx statuses (shared by the handlers and the snapshot worker
process) and the rule that a message echoed in a status line or an error body is one line of printable
ASCII of bounded length: user input inside a message (a 100 kB field, CR/LF, markup) never reaches the
status line as sent.
"""

from __future__ import annotations

import unicodedata

from lineage_ext.errors import (
    ArtifactNotFound,
    InvalidArtifactName,
    LineageError,
    OutputExists,
    StoreDamaged,
    StoreFull,
    TraceNotFound,
)

MAX_REASON = 200  # characters of a status line's reason phrase
MAX_MESSAGE = 2000  # characters of an error body's message


def safe_text(text: str, limit: int) -> str:
    """``text`` as one line of printable ASCII, at most ``limit`` characters (cut with ``...``)."""
    cleaned = "".join(" " if unicodedata.category(ch)[0] in "CZ" else ch for ch in text)
    ascii_text = (
        cleaned.encode("ascii", "backslashreplace").decode("ascii").replace("<", "(").replace(">", ")")
    )
    return ascii_text if len(ascii_text) <= limit else ascii_text[: limit - 3] + "..."


def status_of(error: BaseException) -> int | None:
    """The status of a known error (4xx; 503/507 for a damaged or full store), ``None`` for a 500."""
    if isinstance(error, StoreDamaged):
        return 503  # the store refuses to serve until `lineage-ext store rebuild`; the message says so
    if isinstance(error, StoreFull):
        return 507
    if isinstance(error, ArtifactNotFound | TraceNotFound):
        return 404
    if isinstance(error, OutputExists):
        return 409
    if isinstance(error, InvalidArtifactName | ValueError):
        return 400
    if isinstance(error, LineageError):
        return 409
    if isinstance(error, OSError) and error.errno is not None:
        return 409  # the disk refused (name too long, not a folder, read-only...): say so
    return None


def message_of(error: BaseException) -> str:
    if isinstance(error, OSError) and not isinstance(error, LineageError):
        return f"the file system refused: {error.strerror}"  # without paths outside the user's view
    return str(error)
