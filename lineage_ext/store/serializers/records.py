"""Record-like objects for the ``tagged`` encoding: dataclasses, attrs classes, pydantic models, enums.

What makes them safe to store without pickle: their whole state is a set of named fields, so an
instance is ``(class path, {field: value})``, and the field values go through the tagged encoding too.

What makes loading safe: the class is looked up by ``module:qualname`` and *must* be a dataclass, an
attrs class, a pydantic model or an Enum (whatever else a tampered blob names is refused). Its module is
imported like any library (top-level code of an installed module only; ``__main__`` is never imported,
its classes must already be defined in the loading process). The instance is then built without calling
user code: ``object.__new__`` plus ``object.__setattr__`` for dataclasses and attrs (no ``__init__``,
no ``__post_init__``, validators or converters), ``model_construct`` for pydantic (no validators),
member lookup by name for enums.

An instance whose state is more than its declared fields (attributes added later, pydantic private
attributes) is not described here, so it falls through to the next serializer.
"""

from __future__ import annotations

import dataclasses
import enum
import importlib
import sys
from typing import Any

from lineage_ext.errors import SerializationError

from . import is_instance_of

KINDS = ("dataclass", "attrs", "pydantic", "enum")


def describe_kind(value: Any) -> str | None:
    """Which record kind ``value`` is an instance of, or None."""
    cls = type(value)
    if isinstance(value, enum.Enum):
        return "enum"
    if dataclasses.is_dataclass(cls):
        return "dataclass"
    if "attr" in sys.modules and _is_attrs_class(cls):
        return "attrs"
    if is_instance_of(value, "pydantic", "BaseModel"):
        return "pydantic"
    return None


def describe(value: Any) -> tuple[str, str, Any] | None:
    """``(kind, "module:qualname", state)`` of a record whose state is exactly its fields, else None."""
    kind = describe_kind(value)
    if kind is None:
        return None
    cls = type(value)
    if "<locals>" in cls.__qualname__:
        return None  # a class defined inside a function cannot be found by name again
    path = f"{cls.__module__}:{cls.__qualname__}"
    if kind == "enum":
        return kind, path, value.name
    if kind == "pydantic":
        state = _pydantic_state(value)
    else:
        names = [f.name for f in _fields(cls, kind)]
        state = {name: getattr(value, name) for name in names}
        extra = set(getattr(value, "__dict__", {})) - set(names)
        if extra:  # attributes set outside the declared fields would be lost
            return None
    return (kind, path, state) if state is not None else None


def _is_attrs_class(cls: type) -> bool:
    import attr

    return bool(attr.has(cls))


def _fields(cls: type, kind: str) -> tuple[Any, ...]:
    if kind == "dataclass":
        return dataclasses.fields(cls)
    import attr

    return tuple(attr.fields(cls))


def _pydantic_state(value: Any) -> dict[str, Any] | None:
    if getattr(value, "__pydantic_private__", None):
        return None
    fields = {name: getattr(value, name) for name in type(value).model_fields}
    extra = getattr(value, "__pydantic_extra__", None) or {}
    return {"fields": fields, "extra": dict(extra), "set": sorted(value.model_fields_set)}


def rebuild(kind: str, path: str, state: Any) -> Any:
    """An instance of the class at ``path`` with ``state``, without running the class's own code."""
    cls = _find_class(path)
    if kind == "enum":
        if not (isinstance(cls, type) and issubclass(cls, enum.Enum)):
            raise SerializationError(f"refusing to load {path}: it is not an Enum")
        return cls[state]
    if describe_kind_of_class(cls) != kind:
        raise SerializationError(f"refusing to load {path}: it is not a {kind} class")
    if kind == "pydantic":
        fields = {**state["fields"], **state["extra"]}
        return cls.model_construct(_fields_set=set(state["set"]), **fields)
    instance = object.__new__(cls)
    declared = {f.name for f in _fields(cls, kind)}
    for name, item in state.items():
        if name not in declared:
            raise SerializationError(f"refusing to load {path}: it has no field {name!r}")
        object.__setattr__(instance, name, item)  # also works for frozen and slotted classes
    return instance


def describe_kind_of_class(cls: Any) -> str | None:
    if not isinstance(cls, type):
        return None
    if dataclasses.is_dataclass(cls):
        return "dataclass"
    if "attr" in sys.modules and _is_attrs_class(cls):
        return "attrs"
    pydantic = sys.modules.get("pydantic")
    if pydantic is not None and issubclass(cls, pydantic.BaseModel):
        return "pydantic"
    return None


def _find_class(path: str) -> Any:
    module_name, _, qualname = path.partition(":")
    module = sys.modules.get(module_name)
    if module is None:
        if module_name == "__main__" or not module_name:
            raise SerializationError(f"the class {qualname} is not defined in this process")
        try:  # by name: the user's module that defines the stored class, known only from the stored data
            module = importlib.import_module(module_name)
        except ImportError as exc:
            raise SerializationError(f"cannot load a {path}: its module cannot be imported ({exc})") from exc
    target: Any = module
    for part in qualname.split("."):
        target = getattr(target, part, None)
        if target is None:
            raise SerializationError(
                f"the class {qualname} is not defined in {module_name}; define it (run the cell that "
                "defines it) before loading this value"
            )
    return target
