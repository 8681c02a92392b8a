"""The callable ``get_function`` returns: input parameters by keyword or, as LineaPy allows, by position.

Owns only argument mapping; the generated ``run_all`` (``modulegen.py``) takes keyword arguments, and
parameters that the slicing plan turned into dummies (only reused artifacts needed them) are dropped.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any


def positional_wrapper(
    run_all: Callable[..., dict[str, Any]], parameters: list[str]
) -> Callable[..., dict[str, Any]]:
    accepted = set(inspect.signature(run_all).parameters)

    @functools.wraps(run_all)
    def run(*args: Any, **kwargs: Any) -> dict[str, Any]:
        if len(args) > len(parameters):
            raise TypeError(
                f"takes at most {len(parameters)} positional argument(s) ({', '.join(parameters)})"
            )
        given = dict(zip(parameters, args, strict=False))
        twice = sorted(set(given) & set(kwargs))
        if twice:
            raise TypeError(f"got multiple values for argument(s) {', '.join(twice)}")
        given.update(kwargs)
        dummies = set(parameters) - accepted
        return run_all(**{key: value for key, value in given.items() if key not in dummies})

    defaults = inspect.signature(run_all).parameters
    run.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter(
                p,
                inspect.Parameter.POSITIONAL_OR_KEYWORD,
                default=defaults[p].default if p in defaults else None,
            )
            for p in parameters
        ]
    )
    return run
