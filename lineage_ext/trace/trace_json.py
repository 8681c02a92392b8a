"""JSON shapes of call traces (``TraceResult.to_json()``), for the panel and the REST API.

Owns the wire contract only: TypedDicts made of str/int/float/bool/None/list/dict/Literal and each
other, so the server's TypeScript generator can translate them. Values are always summaries
(``ValueJSON``), never the values themselves. ``version`` changes when a field changes meaning.
"""

# No ``from __future__ import annotations`` here, on purpose: Python 3.11 computes
# ``__required_keys__`` from the annotations at class creation and cannot see ``NotRequired``
# inside a string, so every optional key would be reported as required.
from typing import Literal, NotRequired, TypedDict

__all__ = ["ExceptionJSON", "TraceCallJSON", "TraceResultJSON", "TraceStageJSON", "ValueJSON"]


class ValueJSON(TypedDict):
    """A captured value: its type, a short preview, and shape/dtype/length where they apply."""

    type: str
    preview: str
    shape: NotRequired[list[int]]
    dtype: NotRequired[str]
    length: NotRequired[int]


class ExceptionJSON(TypedDict):
    type: str
    message: str


class TraceCallJSON(TypedDict):
    index: int  # start order across the whole trace
    stage: str
    func_name: str
    display_name: str
    qualname: str
    module: str
    kind: Literal["function", "coroutine", "generator", "async_generator"]
    status: Literal["running", "ok", "error"]
    params: dict[str, ValueJSON]
    result: ValueJSON | None  # None while running or after an exception
    result_names: list[str]
    exception: ExceptionJSON | None
    duration_ns: int | None
    depth: int  # how many traced calls enclose this one
    thread: str
    yielded: NotRequired[list[ValueJSON]]  # generators only: the first items
    yield_count: NotRequired[int]


class TraceStageJSON(TypedDict):
    name: str
    calls: list[TraceCallJSON]
    dropped: dict[str, int]  # function name -> calls not recorded past the limit


class TraceResultJSON(TypedDict):
    version: Literal[1]
    trace_id: str
    started_at: float  # seconds since the epoch
    duration_ns: int | None
    limit: int | None
    finished: bool
    total_calls: int
    dropped_calls: int
    stages: list[TraceStageJSON]
