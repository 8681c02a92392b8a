"""The trace result model: ``TraceResult`` → ``TraceStage`` → ``TraceCall``.

Owns access (``trace["stage"]``/``trace.stage``, ``stage[0]``/``stage["func"]``,
``call["param"]``/``call.param``), tab completion (``__dir__``) and the display entry points.
It does not record anything: ``recorder.py`` fills these objects, ``display.py`` renders them,
``jsonify.py`` turns them into the wire shapes of `trace_json.py`.

Attribute access is a convenience on top of item access: real attributes (``call.params``,
``stage.calls``, ``trace.stages``...) win over a parameter, function or stage of the same name;
item access (``call["params"]``) always reaches the recorded name.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, cast, overload

if TYPE_CHECKING:
    from .trace_json import TraceResultJSON

__all__ = ["CallKind", "CallStatus", "TraceCall", "TraceResult", "TraceStage"]

CallStatus = Literal["running", "ok", "error"]
CallKind = Literal["function", "coroutine", "generator", "async_generator"]
DEFAULT_RESULT_KEY = "result"


def _missing_key(kind: str, key: object, valid: list[str]) -> KeyError:
    return KeyError(f"no {kind} {key!r}; valid keys: {', '.join(repr(k) for k in valid) or '(none)'}")


class _ItemsAsAttributes:
    """Attribute access and tab completion for the recorded names an object's items are keyed by.

    Real attributes win (Python only calls ``__getattr__`` when normal lookup fails); names in
    ``_fields`` are refused too, so an unset slot (e.g. while unpickling) never recurses into items.
    """

    __slots__ = ()
    _fields: frozenset[str] = frozenset()

    def _item_names(self) -> list[str]:
        raise NotImplementedError

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in type(self)._fields:
            raise AttributeError(name)
        try:
            return cast(Any, self)[name]
        except KeyError as exc:
            raise AttributeError(exc.args[0]) from None

    def __dir__(self) -> list[str]:
        return sorted({*object.__dir__(self), *(k for k in self._item_names() if k.isidentifier())})


@dataclass(eq=False, slots=True)
class TraceCall(_ItemsAsAttributes):
    """One recorded call: captured parameters, return value (or exception), duration in ns."""

    index: int
    stage: str
    func_name: str
    display_name: str
    qualname: str
    module: str
    kind: CallKind
    params: dict[str, Any]  # Any: captured values (or their summaries) have any type
    result_names: tuple[str, ...] = ()
    result: Any = None
    duration_ns: int | None = None
    exception: BaseException | None = None
    status: CallStatus = "running"
    depth: int = 0
    thread: str = ""
    yielded: list[Any] = field(default_factory=list)  # generators: first items only
    yield_count: int = 0

    @property
    def outputs(self) -> dict[str, object]:
        """Result name(s) -> captured value(s); empty while running or after an exception."""
        if self.status != "ok":
            return {}
        if len(self.result_names) > 1 and isinstance(self.result, tuple):
            return dict(zip(self.result_names, self.result, strict=False))
        return {(self.result_names or (DEFAULT_RESULT_KEY,))[0]: self.result}

    @property
    def retval(self) -> dict[str, object]:
        """hyrax's name for ``outputs``."""
        return self.outputs

    @property
    def disp_name(self) -> str:
        """hyrax's name for ``display_name``."""
        return self.display_name

    def keys(self) -> list[str]:
        """Valid item keys: captured parameter names, then the result name(s)."""
        return [*self.params, *(k for k in self.outputs if k not in self.params)]

    def __getitem__(self, key: str) -> Any:  # Any: captured values have any type (or are summaries)
        if key in self.params:
            return self.params[key]
        outputs = self.outputs
        if key in outputs:
            return outputs[key]
        raise _missing_key(f"parameter or result of {self.display_name}", key, self.keys())

    def _item_names(self) -> list[str]:
        return self.keys()

    def __repr__(self) -> str:
        from .display import call_line

        return call_line(self)

    def _repr_html_(self) -> str:
        from .display import calls_html

        return calls_html([self], title=self.display_name)


@dataclass(eq=False, slots=True)
class TraceStage(_ItemsAsAttributes):
    """The calls of one stage, in the order they started."""

    name: str
    calls: list[TraceCall] = field(default_factory=list)
    dropped: dict[str, int] = field(default_factory=dict)  # func_name -> calls past the limit

    @property
    def functions(self) -> list[str]:
        """Names of the functions seen in this stage, in first-call order."""
        return list(dict.fromkeys(call.func_name for call in self.calls))

    @property
    def func_dict(self) -> dict[str, list[TraceCall]]:
        """Function name -> its calls, in first-call order (hyrax's ``func_dict``)."""
        found: dict[str, list[TraceCall]] = {}
        for call in list(self.calls):
            found.setdefault(call.func_name, []).append(call)
        return found

    def append(self, call_record: TraceCall) -> None:
        """Add one call record at the end of this stage."""
        self.calls.append(call_record)

    @overload
    def __getitem__(self, key: int) -> TraceCall: ...
    @overload
    def __getitem__(self, key: slice) -> list[TraceCall]: ...
    @overload
    def __getitem__(self, key: str) -> list[TraceCall]: ...
    def __getitem__(self, key: int | slice | str) -> TraceCall | list[TraceCall]:
        if isinstance(key, str):
            found = [c for c in self.calls if key in (c.func_name, c.display_name, c.qualname)]
            if not found:
                raise _missing_key(f"function in stage {self.name!r}", key, self.functions)
            return found
        return self.calls[key]

    def _item_names(self) -> list[str]:
        return self.functions

    def __len__(self) -> int:
        return len(self.calls)

    def __iter__(self) -> Iterator[TraceCall]:
        return iter(list(self.calls))

    def __repr__(self) -> str:
        from .display import stage_text

        return stage_text(self)

    def _repr_html_(self) -> str:
        from .display import calls_html

        return calls_html(list(self.calls), title=f"stage {self.name}")


@dataclass(eq=False, slots=True)
class TraceResult(_ItemsAsAttributes):
    """Everything one ``TraceContext`` recorded: stages in the order they first ran."""

    trace_id: str
    limit: int | None
    started_at: float  # seconds since the epoch, for humans and the panel
    stages: dict[str, TraceStage] = field(default_factory=dict)
    duration_ns: int | None = None  # time inside the ``with`` block, set on exit
    finished: bool = False
    _next_index: int = 0
    _epoch: int = 0  # bumped by reset(), so recorders restart their per-function counts

    @property
    def trace_batch_size(self) -> int | None:
        """hyrax's name for ``limit``: calls kept per traced function."""
        return self.limit

    def reset(self) -> None:
        """Forget every recorded call; recording goes on, with fresh per-function limits."""
        self.stages.clear()
        self._next_index = 0
        self._epoch += 1

    @property
    def calls(self) -> list[TraceCall]:
        """All recorded calls of every stage, in start order."""
        return sorted((c for s in list(self.stages.values()) for c in list(s.calls)), key=lambda c: c.index)

    @property
    def stage_names(self) -> list[str]:
        return list(self.stages)

    @property
    def dropped_calls(self) -> int:
        """Calls that ran past ``limit`` and were not recorded."""
        return sum(n for s in list(self.stages.values()) for n in s.dropped.values())

    def __getitem__(self, key: str | int) -> TraceStage:
        if isinstance(key, int):
            return list(self.stages.values())[key]
        if key not in self.stages:
            raise _missing_key("stage", key, self.stage_names)
        return self.stages[key]

    def _item_names(self) -> list[str]:
        return self.stage_names

    def __len__(self) -> int:
        return len(self.stages)

    def __iter__(self) -> Iterator[TraceStage]:
        return iter(list(self.stages.values()))

    def __repr__(self) -> str:
        from .display import result_text

        return result_text(self)

    def _repr_html_(self) -> str:
        from .display import result_html

        return result_html(self)

    def to_json(self) -> TraceResultJSON:
        """JSON-safe summaries of every call (shape in ``trace_json.TraceResultJSON``)."""
        from .jsonify import result_to_json

        return result_to_json(self)


for _owner in (TraceCall, TraceStage, TraceResult):
    _owner._fields = frozenset(_owner.__slots__)
