"""Fixtures for tracer tests: one real IPython InteractiveShell, reset and traced fresh for every test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from IPython.core.interactiveshell import InteractiveShell
from traitlets.config import Config

from lineage_ext.ir import Graph, Node
from lineage_ext.kernel import extension
from lineage_ext.kernel.session import TracerSession


@pytest.fixture(scope="session")
def ipython() -> InteractiveShell:
    config = Config()
    config.HistoryManager.enabled = False
    return InteractiveShell.instance(config=config)


class Notebook:
    """`run_cell` like a notebook user, then look at the graph."""

    def __init__(self, shell: InteractiveShell, session: TracerSession) -> None:
        self.shell = shell
        self.session = session

    def run_cell(self, code: str, *, cell_id: str | None = None, expect_error: bool = False) -> Any:
        result = self.shell.run_cell(code, store_history=True, cell_id=cell_id)
        error = result.error_in_exec or result.error_before_exec
        if expect_error:
            assert error is not None, f"cell should have failed: {code!r}"
        else:
            assert error is None, f"cell failed: {code!r}: {error!r}"
        return result.result

    @property
    def ns(self) -> dict[str, Any]:
        return self.shell.user_ns

    @property
    def graph(self) -> Graph:
        return self.session.graph()

    def latest(self, name: str) -> Node:
        node = self.graph.latest_version(name)
        assert node is not None, f"no version of {name}"
        return node

    def producer_source(self, name: str) -> str | None:
        """Source of the statement that produced the current version of `name`."""
        statement = self.graph.defining_statement(self.latest(name).id)
        return None if statement is None else statement.source

    def upstream_sources(self, name: str) -> list[str]:
        return [n.source or "" for n in self.graph.upstream([self.latest(name).id]) if n.kind == "statement"]


@pytest.fixture
def notebook(ipython: InteractiveShell) -> Iterator[Notebook]:
    ipython.reset(new_session=False)
    session = extension.load(ipython, persist=False)
    yield Notebook(ipython, session)
    extension.unload(ipython)


@pytest.fixture
def untraced(ipython: InteractiveShell) -> Callable[[str], Any]:
    def run(code: str) -> Any:
        return ipython.run_cell(code, store_history=True)

    return run
