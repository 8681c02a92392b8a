"""Per-type serializers behind one registry, chosen by the value's type; safe formats by default.

Default choice, in order: pandas -> parquet, numpy -> npy (no pickle), scikit-learn -> skops
(trusted types only), matplotlib figures and artists -> PNG+SVG of their figure, PIL images -> PNG,
pyarrow/polars tables -> parquet, torch tensors -> safetensors, numpy scalars -> 0-d npy, dates,
times, decimals and pandas Timestamp/Timedelta -> tagged JSON, JSON-able -> JSON, bytes -> raw,
``pathlib.Path`` -> the file's content, side effects (``WrittenFiles``) -> their files, nested
builtins/dataclasses/attrs/pydantic/object arrays ->
tagged JSON (``tagged``), and for everything else cloudpickle (``cloudpickle``, pickle-based).

A serializer that would not give back an equal value raises ``NotLossless`` from ``write`` and the
store tries the next candidate (``candidate_serializers``), so a lossy format never stores something
different. ``pickle`` and ``joblib`` remain explicit opt-ins (``storage_backend=...``). Type checks never
import a heavy library: a value can only be a DataFrame if pandas is already in ``sys.modules``.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lineage_ext.errors import SerializationError
from lineage_ext.store.blobs import BlobWriter, Buffer


@dataclass(frozen=True)
class Serializer:
    """How one family of values becomes bytes and back.

    ``matches`` decides default selection (``None``: only by explicit ``storage_backend``).
    ``pickle_based`` serializers can run code on load; the server never loads them.
    """

    name: str
    write: Callable[..., None]  # write(value, out: BlobWriter, **options)
    read: Callable[[Buffer], Any]
    matches: Callable[[Any], bool] | None = None
    pickle_based: bool = False
    options: tuple[str, ...] = ()  # keyword options ``save(..., **kwargs)`` may pass to ``write``

    def write_value(self, value: Any, out: BlobWriter, options: dict[str, Any]) -> None:
        unknown = sorted(set(options) - set(self.options))
        if unknown:
            allowed = ", ".join(self.options) or "none"
            raise SerializationError(
                f"the {self.name!r} backend does not take option(s) {', '.join(unknown)} "
                f"(it takes: {allowed})"
            )
        self.write(value, out, **options)


class NotLossless(SerializationError):
    """This format would not give back an equal value; the store falls through to the next candidate."""


_REGISTRY: dict[str, Serializer] = {}
_DEFAULT_ORDER: list[str] = []


def register(serializer: Serializer) -> None:
    """Add a serializer; those with ``matches`` join the default choice after the built-in ones."""
    _REGISTRY[serializer.name] = serializer
    if serializer.matches is not None and serializer.name not in _DEFAULT_ORDER:
        _DEFAULT_ORDER.append(serializer.name)


def get_serializer(name: str) -> Serializer:
    _load_builtins()
    try:
        return _REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise SerializationError(f"unknown storage backend {name!r}; choose one of: {known}") from None


def choose_serializer(value: Any, storage_backend: str | None = None) -> Serializer:
    """The serializer for ``value``: the named one, or the first default that matches."""
    if storage_backend is not None:
        return get_serializer(storage_backend)
    _load_builtins()
    for name in _DEFAULT_ORDER:
        serializer = _REGISTRY[name]
        if serializer.matches is not None and serializer.matches(value):
            return serializer
    raise SerializationError(
        f"no safe serializer for a value of type {type_name(value)}; pass storage_backend='pickle' "
        "(or 'joblib') to opt in to pickle-based storage if you trust whoever loads it"
    )


def candidate_serializers(value: Any, storage_backend: str | None = None) -> list[Serializer]:
    """The serializers to try for ``value``, in order: the named one only, else every default that
    matches, ending with the pickle fallback (which matches anything)."""
    if storage_backend is not None:
        return [get_serializer(storage_backend)]
    _load_builtins()
    found = [_REGISTRY[name] for name in _DEFAULT_ORDER if _matches(_REGISTRY[name], value)]
    found += [_REGISTRY[name] for name in _FALLBACKS if _REGISTRY[name] not in found]
    return found


def _matches(serializer: Serializer, value: Any) -> bool:
    try:
        return serializer.matches is not None and bool(serializer.matches(value))
    except Exception:  # an odd value (a raising __eq__ or property) just does not match
        return False


def type_name(value: Any) -> str:
    cls = type(value)
    module = cls.__module__
    return cls.__qualname__ if module == "builtins" else f"{module}.{cls.__qualname__}"


def is_instance_of(value: Any, module_name: str, attribute_path: str) -> bool:
    """``isinstance(value, module.attr)`` without importing ``module`` when nothing loaded it yet."""
    module = sys.modules.get(module_name)
    if module is None:
        return False
    target: Any = module
    for part in attribute_path.split("."):
        target = getattr(target, part, None)
        if target is None:
            return False
    return isinstance(value, target)


_builtins_loaded = False
# two threads may ask at once (the verification runner loads the saved value while the slice loads its
# inputs): the second must wait for a complete registry, not see the flag of a half-done load
_builtins_lock = threading.Lock()
_FALLBACKS: list[str] = []  # tried after every matching default (the pickle fallback)


def _load_builtins() -> None:
    global _builtins_loaded
    if _builtins_loaded:
        return
    with _builtins_lock:
        if _builtins_loaded:
            return
        from . import basic, data, fallback, figures, files, images, models, scalars, tables, tagged, tensors

        builtins: tuple[Serializer, ...] = (*data.SERIALIZERS, *models.SERIALIZERS, *figures.SERIALIZERS)
        builtins += (*images.SERIALIZERS, *tables.SERIALIZERS, *tensors.SERIALIZERS, *scalars.SERIALIZERS)
        builtins += files.SERIALIZERS
        for serializer in (*builtins, *basic.SERIALIZERS, *tagged.SERIALIZERS, *fallback.SERIALIZERS):
            register(serializer)
        _FALLBACKS.extend(
            serializer.name for serializer in fallback.SERIALIZERS if serializer.matches is None
        )
        _builtins_loaded = True
