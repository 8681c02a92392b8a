"""Temporary shims: trace a method of a class, an instance or a module for one ``TraceContext``.

Owns installing and removing shims. Guarantees, proved by tests:
- after the owning context exits (normally, by exception or by KeyboardInterrupt) the target is
  exactly as before: the same attribute objects in the class ``__dict__``, an instance ``__dict__``
  with the same keys, values and order; attributes only inherited before stay inherited;
- two contexts (in different threads) may shim the same attribute: one shim is installed, shared,
  and the original comes back when the last of them exits, whatever the exit order. The shim
  records in every trace active in the calling context, as long as one of its owners is among them
  (so a shim never leaks calls into an unrelated trace); the first owner's stage is used.

Writes go straight to ``__dict__`` (``type.__setattr__`` for classes), bypassing custom
``__setattr__`` of frozen dataclasses and the like, so restoring never fails on them.
"""

from __future__ import annotations

import logging
import threading
import types
from dataclasses import dataclass, field
from typing import Any

from lineage_ext.errors import TraceUsageError

from .decorators import make_spec, untraced
from .recorder import Recorder
from .wrappers import build_wrapper, is_tracer_wrapper

__all__ = ["install_shim", "remove_shims"]

_log = logging.getLogger(__name__)
_MISSING: Any = object()


@dataclass(eq=False)
class _Shim:
    target: Any  # strong reference: the key below uses id(target)
    name: str
    original: Any  # the raw __dict__ entry before, or _MISSING if the attribute was inherited/absent
    owners: set[Recorder] = field(default_factory=set)


_SHIMS: dict[tuple[int, str], _Shim] = {}
_LOCK = threading.Lock()


def _own_dict(target: Any) -> Any:
    if isinstance(target, type):
        return target.__dict__
    try:
        return object.__getattribute__(target, "__dict__")
    except AttributeError:
        raise TraceUsageError(
            f"cannot shim {type(target).__name__} instances: they have no __dict__ (__slots__); "
            "instrument the class instead"
        ) from None


def _raw_class_attr(cls: type, name: str) -> Any:
    for klass in cls.__mro__:
        if name in klass.__dict__:
            return klass.__dict__[name]
    raise TraceUsageError(f"{cls.__qualname__} has no attribute {name!r} to trace")


def _class_shim(raw: Any, options: dict[str, Any], owners: set[Recorder]) -> Any:
    """The object to put in the class __dict__: same descriptor kind as ``raw``, traced."""
    if isinstance(raw, (staticmethod, classmethod)):
        fn = untraced(raw.__func__)
        return type(raw)(build_wrapper(fn, make_spec(fn, owners=owners, **options)))
    if isinstance(raw, types.FunctionType):
        fn = untraced(raw)
        return build_wrapper(fn, make_spec(fn, owners=owners, **options))
    if callable(raw) and not hasattr(type(raw), "__get__"):  # builtins, partials: they never bind
        return staticmethod(build_wrapper(raw, make_spec(raw, owners=owners, **options)))
    raise TraceUsageError(
        f"cannot trace a {type(raw).__name__} attribute: not a function, staticmethod or classmethod"
    )


def _instance_shim(target: Any, name: str, options: dict[str, Any], owners: set[Recorder]) -> Any:
    try:
        current = getattr(target, name)
    except AttributeError:
        raise TraceUsageError(f"{type(target).__name__} object has no attribute {name!r} to trace") from None
    if not callable(current):
        raise TraceUsageError(f"cannot trace {name!r}: {type(current).__name__} is not callable")
    if isinstance(current, types.MethodType) and is_tracer_wrapper(current.__func__):
        current = types.MethodType(untraced(current.__func__), current.__self__)
    else:
        current = untraced(current)
    return build_wrapper(current, make_spec(current, owners=owners, **options))


def install_shim(owner: Recorder, target: Any, name: str, options: dict[str, Any]) -> None:
    """Trace ``target.name`` while ``owner`` records; idempotent per owner."""
    if not isinstance(name, str) or not name:
        raise TraceUsageError(f"method name must be a non-empty string, got {name!r}")
    own = _own_dict(target)
    with _LOCK:
        shim = _SHIMS.get((id(target), name))
        if shim is not None:
            shim.owners.add(owner)  # already shimmed by a live context: share it
            return
        owners = {owner}
        if isinstance(target, type):
            replacement = _class_shim(_raw_class_attr(target, name), options, owners)
        else:
            replacement = _instance_shim(target, name, options, owners)
        shim = _Shim(target, name, own.get(name, _MISSING), owners)
        _SHIMS[(id(target), name)] = shim  # registered first: an interrupt after this still restores
        try:
            _write(target, name, replacement)
        except (TypeError, AttributeError) as exc:  # built-in or extension types refuse new attributes
            del _SHIMS[(id(target), name)]
            raise TraceUsageError(f"cannot shim {name!r} on {target!r}: {exc}") from exc


def remove_shims(owner: Recorder) -> None:
    """Drop ``owner`` from every shim; restore the attributes no live context uses any more."""
    with _LOCK:
        for key, shim in list(_SHIMS.items())[::-1]:
            if owner not in shim.owners:
                continue
            shim.owners.discard(owner)
            if shim.owners:
                continue
            del _SHIMS[key]
            try:
                _write(shim.target, shim.name, shim.original)
            except Exception:  # keep restoring the others; a class that refuses writes is reported
                _log.exception("could not restore %r.%s", shim.target, shim.name)


def _write(target: Any, name: str, value: Any) -> None:
    if isinstance(target, type):
        if value is _MISSING:
            type.__delattr__(target, name)
        else:
            type.__setattr__(target, name, value)
        return
    own = object.__getattribute__(target, "__dict__")
    if value is _MISSING:
        own.pop(name, None)
    else:
        own[name] = value
