"""scikit-learn models: skops by default (trusted types only), joblib as an explicit opt-in."""

from __future__ import annotations

import io
from typing import Any

from lineage_ext.errors import SerializationError
from lineage_ext.store.blobs import BlobWriter, Buffer

from . import Serializer, is_instance_of

# types from these packages are what a fitted scikit-learn pipeline is made of; anything else
# (user classes, arbitrary callables) would need code execution on load, so skops refuses it
TRUSTED_PREFIXES = ("sklearn.", "numpy.", "scipy.", "builtins.", "collections.", "joblib.")


def _is_estimator(value: Any) -> bool:
    return is_instance_of(value, "sklearn.base", "BaseEstimator")


def _untrusted(data: bytes) -> list[str]:
    from skops.io import get_untrusted_types

    return [name for name in get_untrusted_types(data=data) if not name.startswith(TRUSTED_PREFIXES)]


def _trusted(data: bytes) -> list[str]:
    from skops.io import get_untrusted_types

    return list(get_untrusted_types(data=data))


def _write_skops(value: Any, out: BlobWriter) -> None:
    try:
        import skops.io as sio
    except ImportError as exc:
        raise SerializationError("saving scikit-learn models needs skops (pip install skops)") from exc
    try:
        data = sio.dumps(value)
    except (TypeError, ValueError, AttributeError) as exc:
        raise SerializationError(f"skops cannot store this {type(value).__name__}: {exc}") from exc
    untrusted = _untrusted(data)
    if untrusted:
        raise SerializationError(
            f"this model contains types skops does not trust by default ({', '.join(untrusted)}); "
            "pass storage_backend='joblib' to opt in to pickle-based storage"
        )
    out.write(data)


def _read_skops(buffer: Buffer) -> Any:
    import skops.io as sio

    data = bytes(buffer)
    untrusted = _untrusted(data)
    if untrusted:  # only possible if the blob was not written by us
        raise SerializationError(f"refusing to load untrusted types from a skops blob: {untrusted}")
    return sio.loads(data, trusted=_trusted(data))


def _write_joblib(value: Any, out: BlobWriter) -> None:
    import joblib

    from .fallback import write_signed

    buffer = io.BytesIO()
    try:
        joblib.dump(value, buffer)
    except (TypeError, AttributeError) as exc:
        raise SerializationError(f"joblib cannot store this {type(value).__name__}: {exc}") from exc
    write_signed(buffer.getvalue(), out)  # the writer header the trust policy checks


def _read_joblib(data: Buffer) -> Any:
    from .fallback import read_joblib

    return read_joblib(data)  # the store's trust policy was checked before (store.trust)


SERIALIZERS = (
    Serializer("skops", _write_skops, _read_skops, matches=_is_estimator),
    Serializer("joblib", _write_joblib, _read_joblib, pickle_based=True),
)
