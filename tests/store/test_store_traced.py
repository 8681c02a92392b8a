"""``save``/``get`` inside a real traced IPython shell: code, graph snapshot and lineage are recorded."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lineage_ext.store import LineageRef, open_store

IPython = pytest.importorskip("IPython")


@pytest.fixture
def run_cell(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    from lineage_ext.kernel import extension

    monkeypatch.setenv("LINEAGE_EXT_STORE", str(tmp_path / "store"))
    config = Config()
    config.HistoryManager.enabled = False
    shell = InteractiveShell.instance(config=config)
    shell.reset(new_session=False)
    extension.load(shell, persist=False)

    def run(code: str) -> Any:
        result = shell.run_cell(code, store_history=True)
        assert result.error_in_exec is None, code
        assert result.error_before_exec is None, code
        return result.result

    yield run
    extension.unload(shell)


def test_artifacts_saved_in_a_traced_session_carry_code_and_lineage(run_cell: Any, tmp_path: Path) -> None:
    run_cell("import lineage_ext")
    run_cell("raw = [1, 2, 3]")
    run_cell("first = lineage_ext.save(raw, 'raw')")
    run_cell("total = sum(lineage_ext.get('raw').get_value()) * 10")
    run_cell("second = lineage_ext.save(total, 'total')")
    assert run_cell("second.get_value()") == 60

    store = open_store(str(tmp_path / "store"))
    info = store.info("total")
    assert info.code_captured
    assert info.variable_name == "total"
    assert info.node_id is not None
    assert info.verification_status == "pending"
    assert info.lineage is not None
    assert LineageRef("artifact", "raw", 1) in info.lineage.inputs
    raw_info = store.info("raw")
    assert raw_info.lineage is not None
    assert raw_info.lineage.outputs == (LineageRef("artifact", "total", 1),)
    code = store.get_session_code("total")
    assert code is not None
    assert "total = sum(lineage_ext.get('raw').get_value()) * 10" in code
    snapshot = store.get_graph_snapshot("total")
    assert snapshot is not None
    assert any(node["id"] == info.node_id for node in snapshot["nodes"])
    graph_artifacts = run_cell(
        "[(n.artifact_name, n.artifact_version) for n in lineage_ext.graph().nodes if n.kind == 'artifact']"
    )
    assert ("total", 1) in graph_artifacts
    artifact = run_cell("second")
    assert "total = sum(lineage_ext.get('raw').get_value()) * 10" in artifact.get_code()
