"""Delta debugging (Zeller's ddmin): the smallest subset of items for which a test still passes.

Pure and generic: `minimize(items, test)` calls `test(subset)` (True: the subset still reproduces) and
returns a 1-minimal subset, order kept (removing any single item of it makes the test fail). A test may
raise `OutOfBudget`; the search then stops and returns the smallest passing subset found so far, which is
still a passing one. Results are cached, so no subset is tested twice.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")


class OutOfBudget(Exception):
    """Raised by a test when the time budget is spent; `minimize` returns its best subset so far."""


def minimize(items: Sequence[T], test: Callable[[list[T]], bool]) -> list[T]:
    """A 1-minimal passing subset of `items`, which must pass `test` as a whole (not re-tested)."""
    cache: dict[tuple[int, ...], bool] = {}
    best = list(range(len(items)))

    def passes(subset: list[int]) -> bool:
        nonlocal best
        key = tuple(subset)
        if key not in cache:
            cache[key] = test([items[i] for i in subset])
            if cache[key] and len(subset) < len(best):
                best = subset
        return cache[key]

    with contextlib.suppress(OutOfBudget):  # then `best`, which only ever holds passing subsets
        best = _ddmin(best, passes)
    return [items[i] for i in best]


def _ddmin(indices: list[int], passes: Callable[[list[int]], bool]) -> list[int]:
    granularity = 2
    while len(indices) >= 2:
        chunks = _split(indices, granularity)
        reduced = _first_passing(chunks, passes)
        if reduced is not None:
            indices, granularity = reduced, 2
            continue
        complements = [[i for i in indices if i not in chunk] for chunk in chunks]
        reduced = _first_passing(complements, passes)
        if reduced is not None:
            indices, granularity = reduced, max(granularity - 1, 2)
            continue
        if granularity >= len(indices):
            break
        granularity = min(granularity * 2, len(indices))
    if len(indices) == 1 and passes([]):
        indices = []
    return indices


def _first_passing(subsets: list[list[int]], passes: Callable[[list[int]], bool]) -> list[int] | None:
    for subset in subsets:
        if subset and passes(subset):
            return subset
    return None


def _split(indices: list[int], parts: int) -> list[list[int]]:
    size, extra = divmod(len(indices), parts)
    chunks, start = [], 0
    for part in range(parts):
        end = start + size + (1 if part < extra else 0)
        chunks.append(indices[start:end])
        start = end
    return [chunk for chunk in chunks if chunk]
