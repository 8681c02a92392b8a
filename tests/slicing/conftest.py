"""Fixtures for slicing tests: a real traced IPython shell per test and a private artifact store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from IPython.core.interactiveshell import InteractiveShell
from traitlets.config import Config

from lineage_ext import api
from lineage_ext.artifacts import Artifact
from lineage_ext.ir import Graph
from lineage_ext.kernel import extension
from lineage_ext.kernel.session import TracerSession
from lineage_ext.slicing.verify import Verification, verify_artifact


@pytest.fixture(scope="session")
def ipython() -> InteractiveShell:
    config = Config()
    config.HistoryManager.enabled = False
    return InteractiveShell.instance(config=config)


class Notebook:
    """`run_cell` like a notebook user, `save` like one, then slice and verify."""

    def __init__(self, shell: InteractiveShell, session: TracerSession, folder: Path) -> None:
        self.shell = shell
        self.session = session
        self.folder = folder

    def run_cell(self, code: str, *, cell_id: str | None = None, expect_error: bool = False) -> Any:
        result = self.shell.run_cell(code, store_history=True, cell_id=cell_id)
        error = result.error_in_exec or result.error_before_exec
        assert (error is not None) == expect_error, f"cell {code!r}: {error!r}"
        return result.result

    @property
    def ns(self) -> dict[str, Any]:
        return self.shell.user_ns

    @property
    def graph(self) -> Graph:
        return self.session.graph()

    def save(self, variable: str, name: str | None = None) -> Artifact:
        return api.save(self.ns[variable], name or variable)

    def verify(self, artifact: Artifact) -> Verification:
        return verify_artifact(artifact.store, artifact.name, artifact.version, cwd=self.folder)

    def code_and_verification(self, variable: str) -> tuple[str, Verification]:
        artifact = self.save(variable)
        return artifact.get_code(), self.verify(artifact)

    def verified_code(self, variable: str, *needed: str) -> str:
        """Save `variable` and re-run its slice in a fresh interpreter: it must reproduce the value and
        contain each of `needed`; returns the slice."""
        code, verification = self.code_and_verification(variable)
        assert (verification.status, verification.reason) == ("verified", None), code
        for line in needed:
            assert line in code, code
        return code


@pytest.fixture
def notebook(
    ipython: InteractiveShell, store_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Notebook]:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    ipython.reset(new_session=False)
    session = extension.load(ipython, persist=False)
    yield Notebook(ipython, session, work)
    extension.unload(ipython)
