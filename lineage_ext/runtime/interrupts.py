"""Ctrl-C during a flow that runs tasks elsewhere: deferred to points where the scheduler's books agree.

A ``KeyboardInterrupt`` raised between two bookkeeping steps (a worker started but not yet listed, a
task handed to a worker but not yet marked, a message read from a pipe but not yet recorded) leaves
task states that no longer match what happened. While a flow runs on worker processes or Ray, Ctrl-C
therefore only sets a flag; the scheduler calls ``check()`` between steps and raises there.

The handler is installed only in the main thread (the only one Python delivers signals to) and only
when SIGINT currently means ``KeyboardInterrupt``: a program that ignores SIGINT or handles it itself
keeps its behaviour. A Ctrl-C that arrives after the last ``check()`` is raised when the guard exits,
so it is never swallowed. A backend blocked waiting for its workers wraps the wait in ``interruptible()``:
there Ctrl-C raises at once (nothing is half-recorded while waiting), so the kill happens when the user
pressed Ctrl-C, not when the next worker message happens to wake the scheduler. Inline runs
(``num_workers=0``) use no guard: the user's task runs in this thread and Ctrl-C must stop it at once.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType, TracebackType
from typing import Any


class DeferredInterrupts:
    """``with DeferredInterrupts(enabled) as guard:`` ... ``guard.check()`` at safe points."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self.requested = False
        self.immediate = False  # inside ``interruptible()``: raise in the handler
        self._previous: Any = None
        self._installed = False

    def __enter__(self) -> DeferredInterrupts:
        if (
            self.enabled
            and threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGINT) is signal.default_int_handler
        ):
            self._previous = signal.signal(signal.SIGINT, self._note)
            self._installed = True
        return self

    def _note(self, signum: int, frame: FrameType | None) -> None:
        self.requested = True
        if self.immediate:
            self.check()

    def check(self) -> None:
        """Raise the deferred ``KeyboardInterrupt`` if Ctrl-C was pressed since the guard started."""
        if self.requested:
            self.requested = False
            raise KeyboardInterrupt

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._installed:
            signal.signal(signal.SIGINT, self._previous)
            self._installed = False
        if kind is None:
            self.check()


@contextmanager
def interruptible() -> Iterator[None]:
    """Let a pending or new Ctrl-C raise inside this block (a wait that has recorded nothing yet).

    The active guard is found through the SIGINT handler itself, the one process-wide place it lives;
    without a guard this does nothing (Ctrl-C raises anywhere, as usual).
    """
    handler = signal.getsignal(signal.SIGINT)
    guard = getattr(handler, "__self__", None)
    if not isinstance(guard, DeferredInterrupts):
        yield
        return
    guard.check()
    guard.immediate = True
    try:
        yield
    finally:
        guard.immediate = False
