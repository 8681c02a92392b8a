"""``TraceContext``: the block during which traced functions record, and the owner of its shims.

Semantics (tested in tests/trace/):
- **Scope.** A context records calls made by the thread or asyncio task that entered it and by work
  inheriting its ``contextvars`` context: tasks created inside the block, ``asyncio.to_thread``, and
  callables wrapped with ``trace.bind(fn)`` (use that for ``ThreadPoolExecutor.submit``). A plain
  ``threading.Thread`` starts with an empty context and is not recorded unless its target is bound.
  Concurrent calls from many threads into one trace are safe: no call is lost, ``limit`` holds exactly.
- **Nesting.** Contexts stack. A call is recorded in every active context, each applying its own
  limit and ``keep_values``: an inner trace is a subset of the outer one. Traced calls made inside
  traced calls are recorded too, with ``depth`` telling how many traced calls enclose them.
- **Limit.** ``limit=N`` keeps the first N calls of each traced function (per stage); later calls run
  untraced and are counted in ``stage.dropped``. ``limit=None`` keeps everything.
- **Exit.** Shims are removed first, always; calls starting after exit are not recorded; calls still
  running (in other threads) complete their record later. The finished result goes to the listener
  of ``hooks.set_result_listener``.

The ``as`` target is the context itself: it reads like the result (``trace["stage"]``, ``trace.stage``,
``len``, iteration, display) and also offers ``instrument`` and ``bind``; ``trace.result`` is the
plain ``TraceResult``.

hyrax's form ``with TraceContext(trace, config) as config:`` is accepted too: given a second argument,
the context is inert when ``trace`` is falsy (0, None, False), values are kept (not summarized) unless
``keep_values=False``, and the ``as`` target is that config, unchanged (we own no configuration to
rewrite); ``get_trace()`` reaches the result inside the block.
"""

from __future__ import annotations

import contextvars
import functools
import time
from collections.abc import Callable, Iterable, Iterator
from contextvars import Token
from types import TracebackType
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from lineage_ext.errors import TraceUsageError

from .hooks import notify_result
from .instrument import install_shim, remove_shims
from .recorder import ACTIVE, Recorder
from .results import TraceCall, TraceResult, TraceStage

if TYPE_CHECKING:
    from .trace_json import TraceResultJSON

__all__ = ["TraceContext"]

P = ParamSpec("P")
R = TypeVar("R")
DEFAULT_LIMIT = 10
_NO_CONFIG: Any = object()


class TraceContext:
    """``with TraceContext(limit=N) as trace:`` records traced calls inside the block.

    ``limit`` defaults to ``DEFAULT_LIMIT`` (10) calls kept per traced function; the printed result
    says how many calls were dropped past it. ``TraceContext(trace, config)`` is hyrax's form.
    """

    DEFAULT_LIMIT = DEFAULT_LIMIT

    def __init__(
        self, limit: int | None = DEFAULT_LIMIT, config: Any = _NO_CONFIG, *, keep_values: bool | None = None
    ) -> None:
        self.trace_arg = limit
        self._config = config
        self._inert = config is not _NO_CONFIG and limit in (0, None, False)
        if (
            not self._inert
            and limit is not None
            and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1)
        ):
            raise TraceUsageError(f"limit must be a positive int or None (no limit), got {limit!r}")
        if keep_values is None:  # hyrax's form keeps the values themselves, as hyrax does
            keep_values = config is not _NO_CONFIG
        if not isinstance(keep_values, bool):
            raise TraceUsageError(f"keep_values must be True or False, got {keep_values!r}")
        self._recorder = Recorder(None if self._inert else limit, keep_values)
        self._token: Token[tuple[Recorder, ...]] | None = None
        self._state = "new"  # new -> open -> closed; a context is used once
        self._start_ns = 0

    @property
    def result(self) -> TraceResult:
        return self._recorder.result

    @property
    def config(self) -> Any:
        """The config given as second argument (hyrax's form), else None."""
        return None if self._config is _NO_CONFIG else self._config

    # ---- the block ----

    def __enter__(self) -> Any:  # Any: the context itself, or hyrax's config
        if self._state != "new":
            raise TraceUsageError("a TraceContext can be entered once; create a new one for each block")
        self._state = "open"
        if not self._inert:
            self._token = ACTIVE.set((*ACTIVE.get(), self._recorder))
        self._start_ns = time.perf_counter_ns()
        return self if self._config is _NO_CONFIG else self._config

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            remove_shims(self._recorder)  # first: nothing below may leave a class shimmed
        finally:
            self._recorder.close()
            if not self._inert:
                self._deactivate()
            self._state = "closed"
            self.result.duration_ns = time.perf_counter_ns() - self._start_ns
            self.result.finished = True
        if not self._inert:
            notify_result(self.result)

    def _deactivate(self) -> None:
        assert self._token is not None
        try:
            ACTIVE.reset(self._token)
        except ValueError:  # exited from another Context than it was entered in: drop just ours
            ACTIVE.set(tuple(r for r in ACTIVE.get() if r is not self._recorder))

    async def __aenter__(self) -> Any:
        return self.__enter__()

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.__exit__(exc_type, exc, tb)

    # ---- inside the block ----

    def instrument(
        self,
        target: Any,
        *names: str,
        stage: str | None = None,
        params_to_capture: Iterable[str] | None = None,
        result_name: str | Iterable[str] | None = None,
        display_name: str | None = None,
        keep_values: bool | None = None,
    ) -> None:
        """Trace ``target.<name>`` for each name until this block exits (class, instance or module)."""
        if self._state != "open":
            raise TraceUsageError("instrument() works only inside the with block of its TraceContext")
        if not names:
            raise TraceUsageError("instrument() needs at least one method name")
        options = {
            "stage_name": stage,
            "params_to_capture": params_to_capture,
            "result_name": result_name,
            "display_name": display_name,
            "keep_values": keep_values,
        }
        for name in names:
            install_shim(self._recorder, target, name, options)

    def bind(self, fn: Callable[P, R]) -> Callable[P, R]:
        """``fn`` running in this block's context wherever it is called (e.g. in a worker thread)."""
        if self._state != "open":
            raise TraceUsageError("bind() works only inside the with block of its TraceContext")
        captured = contextvars.copy_context()

        @functools.wraps(fn)
        def bound(*args: P.args, **kwargs: P.kwargs) -> R:
            return captured.copy().run(fn, *args, **kwargs)  # a Context cannot be entered twice at once

        return bound

    # ---- reads like its result ----

    def __getitem__(self, key: str | int) -> TraceStage:
        return self.result[key]

    @property
    def stages(self) -> dict[str, TraceStage]:
        return self.result.stages

    @property
    def stage_names(self) -> list[str]:
        return self.result.stage_names

    @property
    def calls(self) -> list[TraceCall]:
        return self.result.calls

    @property
    def dropped_calls(self) -> int:
        return self.result.dropped_calls

    def __getattr__(self, name: str) -> TraceStage:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.result, name)  # type: ignore[no-any-return]

    def __dir__(self) -> list[str]:
        return sorted({*object.__dir__(self), *dir(self.result)} - {"_next_index"})

    def __len__(self) -> int:
        return len(self.result)

    def __iter__(self) -> Iterator[TraceStage]:
        return iter(self.result)

    def __repr__(self) -> str:
        return repr(self.result)

    def _repr_html_(self) -> str:
        return self.result._repr_html_()

    def to_json(self) -> TraceResultJSON:
        return self.result.to_json()
