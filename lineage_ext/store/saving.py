"""One save's parts before its commit: the value's blob, and the row the new version becomes.

``write_value`` writes the value with the first candidate serializer that gives it back unchanged (the last
candidate, the pickle fallback, always does) and returns the published blob. The new version's row is a
``records.NewArtifact``: ``with_capture`` adds what a traced session captured (code, origin, lineage),
``with_inputs`` the input versions a script named itself (checked by ``checked_inputs`` before anything is
written, and by ``require_inputs`` inside the commit). ``ArtifactStore.save_value`` runs them in order.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from lineage_ext.errors import ArtifactNotFound, LineageError, SerializationError

from . import records
from .blobs import BlobStore
from .diskerrors import store_write_error
from .metadata import Tx
from .names import validate_name
from .serializers import NotLossless, Serializer, candidate_serializers, get_serializer, type_name

if TYPE_CHECKING:
    from lineage_ext.ir.capture import Capture


def write_value(
    blobs: BlobStore, value: Any, storage_backend: str | None, options: dict[str, Any]
) -> tuple[Serializer, tuple[str, int]]:
    """Write with the first candidate serializer that gives back an equal value (``NotLossless``
    from a candidate means: try the next one; the last candidate is the pickle fallback)."""
    candidates = candidate_serializers(value, storage_backend)
    for serializer in candidates[:-1]:
        try:
            return serializer, _write_blob(blobs, value, serializer.name, options)
        except NotLossless:
            continue
    return candidates[-1], _write_blob(blobs, value, candidates[-1].name, options)


def _write_blob(
    blobs: BlobStore, value: Any, serializer_name: str, options: dict[str, Any]
) -> tuple[str, int]:
    serializer = get_serializer(serializer_name)
    writer = blobs.new_writer()
    try:
        serializer.write_value(value, writer, options)
        return blobs.publish(writer)
    except LineageError:
        writer.discard()
        raise
    except OSError as exc:  # the disk or the network, not the value
        writer.discard()
        raise store_write_error(exc, blobs.describe()) from exc
    except Exception as exc:  # a serializer library failing on an odd value
        writer.discard()
        raise SerializationError(
            f"could not store a {type_name(value)} with the {serializer_name!r} backend: {exc}"
        ) from exc
    except BaseException:
        writer.discard()
        raise


def with_capture(base: records.NewArtifact, capture: Capture | None) -> records.NewArtifact:
    """Add what the traced session captured (code, origin, lineage) to a new artifact row."""
    if capture is None:
        return dataclasses.replace(
            base,
            code_captured=False,
            verification_status="not_applicable",
            verification_reason="saved outside a traced session: no code was captured",
        )
    return dataclasses.replace(
        base,
        code_captured=True,
        session_code=capture.session_code,
        session_id=capture.session_id,
        kernel_id=capture.kernel_id,
        notebook_path=capture.notebook_path,
        node_id=capture.target_node_id,
        variable_name=capture.variable_name,
        packages_json=json.dumps(dict(capture.packages), sort_keys=True),
        verification_status="pending",
        input_artifacts=[(str(n), None if v is None else int(v)) for n, v in capture.input_artifacts],
        input_files=[(str(path), digest) for path, digest in capture.input_files],
    )


def checked_inputs(inputs: Sequence[tuple[str, int]]) -> list[tuple[str, int]]:
    """``inputs`` as a list of valid ``(name, version)`` pairs, duplicates dropped, order kept."""
    checked: list[tuple[str, int]] = []
    for item in inputs:
        if not (isinstance(item, tuple | list) and len(item) == 2):
            raise ValueError(f"each input must be a (name, version) pair, not {item!r}")
        input_name, input_version = item
        if not isinstance(input_name, str):
            raise ValueError(f"an input artifact name must be a str, not {input_name!r}")
        validate_name(input_name)
        if isinstance(input_version, bool) or not isinstance(input_version, int) or input_version < 1:
            raise ValueError(
                f"input artifact {input_name!r} needs a version number >= 1, not {input_version!r}"
            )
        if (input_name, input_version) not in checked:
            checked.append((input_name, input_version))
    return checked


def require_inputs(tx: Tx, inputs: Sequence[tuple[str, int]]) -> None:
    """Raise ArtifactNotFound/VersionNotFound, naming the input, unless every input version exists."""
    for input_name, input_version in inputs:
        try:
            records.find_row(tx, input_name, input_version)
        except ArtifactNotFound as exc:
            raise type(exc)(
                f"input {input_name!r} version {input_version} cannot be recorded: {exc}"
            ) from None


def with_inputs(new: records.NewArtifact, inputs: Sequence[tuple[str, int]]) -> records.NewArtifact:
    """Add explicit input artifacts to those captured, without duplicates."""
    merged = list(new.input_artifacts)
    merged += [item for item in inputs if item not in merged]
    return dataclasses.replace(new, input_artifacts=merged)
