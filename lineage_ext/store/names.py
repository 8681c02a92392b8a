"""Artifact name validation: the one rule every entry point (API, CLI, REST) shares.

A name is refused when it is empty or blank, longer than ``MAX_NAME_LENGTH`` characters,
contains a path separator or a control character, or is ``.``/``..`` or contains ``..``.
"""

from __future__ import annotations

import unicodedata

from lineage_ext.errors import InvalidArtifactName

MAX_NAME_LENGTH = 200


def validate_name(name: object) -> str:
    """Return ``name`` unchanged if the store accepts it, else raise ``InvalidArtifactName``."""
    if not isinstance(name, str):
        raise InvalidArtifactName(f"artifact name must be a string, not {type(name).__name__}")
    if not name.strip():
        raise InvalidArtifactName("artifact name must not be empty")
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidArtifactName(
            f"artifact name is {len(name)} characters long; the limit is {MAX_NAME_LENGTH}"
        )
    if "/" in name or "\\" in name:
        raise InvalidArtifactName(f"artifact name {name!r} must not contain a path separator")
    if ".." in name or name == ".":
        raise InvalidArtifactName(f"artifact name {name!r} must not contain '..' or be '.'")
    bad = [ch for ch in name if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")]
    if bad:
        raise InvalidArtifactName(f"artifact name {name!r} contains control character {bad[0]!r}")
    if name != name.strip():
        raise InvalidArtifactName(f"artifact name {name!r} must not start or end with whitespace")
    return name
