"""Fixtures for call-tracing tests: every test must leave no shim installed and no listener set."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from lineage_ext.trace import hooks, instrument
from lineage_ext.trace.recorder import ACTIVE


@pytest.fixture(autouse=True)
def _no_leftovers() -> Iterator[None]:
    previous = hooks.set_result_listener(None)
    yield
    assert instrument._SHIMS == {}, "a shim outlived its TraceContext"
    assert ACTIVE.get() == (), "a TraceContext stayed active after its block"
    hooks.set_result_listener(previous)
