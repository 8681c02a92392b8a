"""A dependency-free progress bar for long CLI work (running notebooks, exporting, garbage collection).

Owns drawing one self-overwriting line on stderr. It is silent when stderr is not a terminal (logs and
pipes stay clean) or when the command prints ``--json``; stdout is never touched.
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import TextIO

BAR_WIDTH = 24
MIN_INTERVAL = 0.1  # seconds between redraws, so tight loops do not flood the terminal


class Progress:
    """``with Progress(total, "cells", json_output=args.json) as bar: bar.advance(detail="cell 3")``."""

    def __init__(
        self, total: int, label: str, json_output: bool = False, stream: TextIO | None = None
    ) -> None:
        self.total = max(total, 0)
        self.label = label
        self.done = 0
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = not json_output and _is_terminal(self.stream)
        self._last_draw = 0.0
        self._width = 0

    def advance(self, steps: int = 1, detail: str = "") -> None:
        self.done = min(self.done + steps, self.total) if self.total else self.done + steps
        now = time.monotonic()
        if self.done >= self.total or now - self._last_draw >= MIN_INTERVAL:
            self._draw(detail)
            self._last_draw = now

    def line(self, detail: str = "") -> str:
        """The text of the bar, e.g. ``cells [######......] 3/8 cell 3``."""
        if self.total:
            filled = round(BAR_WIDTH * self.done / self.total)
            bar = "#" * filled + "." * (BAR_WIDTH - filled)
            text = f"{self.label} [{bar}] {self.done}/{self.total}"
        else:
            text = f"{self.label} {self.done}"
        return f"{text} {detail}".rstrip()

    def _draw(self, detail: str) -> None:
        if not self.enabled:
            return
        text = self.line(detail)[:120]
        padding = " " * max(self._width - len(text), 0)  # wipe what a longer previous line left
        self.stream.write(f"\r{text}{padding}")
        self.stream.flush()
        self._width = len(text)

    def close(self) -> None:
        if self.enabled and self._width:
            self.stream.write("\n")
            self.stream.flush()
            self._width = 0

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed or unusual streams
        return False
