"""Value summaries taken at capture time: small, immutable, display-ready.

Owns how a trace shows each kind of value; what a value is (frame, array, container...) comes from
``values.describe``, which never imports pandas or numpy. ``summarize`` is a
``functools.singledispatch`` for overrides: third parties add handlers with
``register_summarizer(SomeType)`` or, without importing their library,
``register_lazy("polars", registrar)``.

A summary must never hold the value itself and never cost more than a few kilobytes: that is
what lets a trace of a million-row frame stay small. Only tiny immutable scalars are kept as
they are (see ``capture_value``).
"""

from __future__ import annotations

import functools
import reprlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from lineage_ext.values.describe import Description, Kind, WhenLoaded, describe

__all__ = [
    "ValueSummary",
    "capture_value",
    "register_lazy",
    "register_summarizer",
    "summarize",
]

PREVIEW_CHARS = 200  # longest text a summary keeps
PREVIEW_ITEMS = 5  # first items shown for sequences, mappings and frames
_KEEP_STR_CHARS = 200  # strings/bytes up to this length are kept as values

_T = TypeVar("_T")

_short_repr = reprlib.Repr()
_short_repr.maxstring = 60
_short_repr.maxother = 60
_short_repr.maxlist = _short_repr.maxtuple = _short_repr.maxdict = PREVIEW_ITEMS
_short_repr.maxset = _short_repr.maxfrozenset = PREVIEW_ITEMS
_short_repr.maxlevel = 2


@dataclass(frozen=True, slots=True)
class ValueSummary:
    """What the trace remembers of a value that was too big or too mutable to keep."""

    type: str
    preview: str
    shape: tuple[int, ...] | None = None
    dtype: str | None = None
    length: int | None = None

    def describe(self) -> str:
        """One line: type, shape/length, dtype (no preview)."""
        parts = [self.type]
        if self.shape is not None:
            parts.append("shape=" + "x".join(str(n) for n in self.shape))
        elif self.length is not None:
            parts.append(f"len={self.length}")
        if self.dtype is not None:
            parts.append(f"dtype={self.dtype}")
        return " ".join(parts)

    def __repr__(self) -> str:
        return f"<{self.describe()}: {self.preview}>"


def _clip(text: str, limit: int = PREVIEW_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def type_name(value: object) -> str:
    cls = type(value)
    module = cls.__module__
    name = cls.__qualname__.replace("<locals>.", "")
    return name if module == "builtins" else f"{module.split('.')[0]}.{name}"


def _safe_repr(value: object) -> str:
    try:
        return _clip(_short_repr.repr(value))
    except Exception as exc:  # a broken __repr__ must not break the traced call
        return f"<unrepresentable {type_name(value)}: {type(exc).__name__}>"


def exception_message(exc: BaseException) -> str:
    """``str(exc)``, clipped, and safe against a broken ``__str__``."""
    try:
        return _clip(str(exc), 2 * PREVIEW_CHARS)
    except Exception:
        return f"<unprintable {type_name(exc)}>"


_LAZY = WhenLoaded()


@functools.singledispatch
def summarize(value: object) -> ValueSummary:
    """Summarize ``value``; dispatches on its type (see module docstring)."""
    if _LAZY.run_due() and summarize.dispatch(type(value)) is not _default_impl:
        return summarize(value)
    return _summarize_known(value)


_default_impl = summarize.dispatch(object)


def _summarize_known(value: object) -> ValueSummary:
    """The kinds ``values.describe`` knows that have a summary of their own; the rest by duck typing."""
    if isinstance(value, str | bytes):  # numpy's str_ and bytes_ too: shown as the text they are
        return _summarize_text(value)
    facts = describe(value)
    build = _BY_KIND.get(facts.kind)
    return _summarize_duck(value) if build is None else build(value, facts)


def _summarize_duck(value: object) -> ValueSummary:
    """Fallback: array-likes (torch, jax, xarray...) expose shape and dtype; others get a repr."""
    shape = _as_shape(getattr(value, "shape", None))
    dtype = getattr(value, "dtype", None)
    length: int | None = None
    if shape is None:
        try:
            length = len(value)  # type: ignore[arg-type]
        except Exception:
            length = None
    return ValueSummary(
        type_name(value), _safe_repr(value), shape, None if dtype is None else str(dtype), length
    )


def _as_shape(shape: object) -> tuple[int, ...] | None:
    try:
        return tuple(int(n) for n in shape) if shape is not None else None  # type: ignore[attr-defined]
    except Exception:
        return None


def register_summarizer(
    cls: type[_T],
) -> Callable[[Callable[[_T], ValueSummary]], Callable[[_T], ValueSummary]]:
    """Decorator registering a summary function for ``cls`` (and its subclasses)."""
    return summarize.register(cls)


def register_lazy(top_level_module: str, registrar: Callable[[], None]) -> None:
    """Run ``registrar`` (which calls ``register_summarizer``) once that module has been imported."""
    _LAZY.add(top_level_module, registrar)


def _summarize_text(value: str | bytes) -> ValueSummary:
    return ValueSummary(type(value).__name__, _safe_repr(value[:PREVIEW_CHARS]), length=len(value))


def _container(value: Any, facts: Description) -> ValueSummary:
    return ValueSummary(type_name(value), _safe_repr(value), length=facts.length)


def _array(value: Any, facts: Description) -> ValueSummary:
    flat = value.reshape(-1)[:PREVIEW_ITEMS] if value.size else value.reshape(-1)
    preview = _clip(
        f"[{', '.join(repr(x) for x in flat.tolist())}{', …' if value.size > PREVIEW_ITEMS else ''}]"
    )
    return ValueSummary("numpy.ndarray", preview, facts.shape, str(facts.dtype))


def _scalar(value: Any, facts: Description) -> ValueSummary:
    return ValueSummary(type_name(value), _safe_repr(value.item()), dtype=str(facts.dtype))


def _frame(value: Any, facts: Description) -> ValueSummary:
    dtypes = ", ".join(f"{col}: {dtype}" for col, dtype in list(value.dtypes.items())[:PREVIEW_ITEMS])
    more = ", …" if value.shape[1] > PREVIEW_ITEMS else ""
    head = value.iloc[:PREVIEW_ITEMS, :PREVIEW_ITEMS].to_string(max_colwidth=20)
    return ValueSummary("pandas.DataFrame", _clip(head, 4 * PREVIEW_CHARS), facts.shape, dtypes + more)


def _series(value: Any, facts: Description) -> ValueSummary:
    items = ", ".join(repr(x) for x in value[:PREVIEW_ITEMS].tolist())
    preview = _clip(f"[{items}{', …' if len(value) > PREVIEW_ITEMS else ''}]")
    return ValueSummary(type_name(value), preview, facts.shape, str(facts.dtype))


_BY_KIND: dict[Kind, Callable[[Any, Description], ValueSummary]] = {
    "collection": _container,
    "ndarray": _array,
    "numpy_scalar": _scalar,
    "dataframe": _frame,
    "series": _series,
    "index": _series,
}

_KEPT_SCALARS = (type(None), bool, int, float, complex)


def capture_value(value: object, keep_values: bool) -> object:
    """What the trace keeps of ``value``: itself if asked or if tiny and immutable, else a summary."""
    if keep_values or type(value) in _KEPT_SCALARS or type(value) is ValueSummary:
        return value
    if type(value) in (str, bytes) and len(value) <= _KEEP_STR_CHARS:  # type: ignore[arg-type]
        return value
    try:
        return summarize(value)
    except Exception as exc:  # a summarizer bug must not break the traced call
        return ValueSummary(type_name(value), f"<summary failed: {type(exc).__name__}: {exc}>")


def capture_mapping(values: Mapping[str, object], keep_values: bool) -> dict[str, object]:
    return {name: capture_value(value, keep_values) for name, value in values.items()}
