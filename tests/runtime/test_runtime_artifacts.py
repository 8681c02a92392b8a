"""ArtifactResultsStore: task results become artifacts of a real (SQLite + local blobs) store."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from lineage_ext.errors import TaskFailed
from lineage_ext.runtime import Flow, TaskSpec
from lineage_ext.runtime.artifact_store import ArtifactResultsStore
from lineage_ext.store import open_store


def specs(calls: Counter[str]) -> list[TaskSpec]:
    def prepare(n: int) -> list[int]:
        calls["prepare"] += 1
        return list(range(n))

    def score(prepare: list[int], weight: float) -> dict[str, float]:
        calls["score"] += 1
        return {"score": sum(prepare) * weight}

    first = TaskSpec(prepare, {"n": 4})
    return [first, TaskSpec(score, {"weight": [0.5, 2.0]}).requires(first)]


def test_results_are_saved_as_artifacts_and_reused(tmp_path: Path) -> None:
    uri = str(tmp_path / "store")
    calls: Counter[str] = Counter()
    flow = Flow(specs(calls))
    results = flow.run(num_workers=0, results_store=ArtifactResultsStore(uri))
    assert results["score[1]"] == {"score": 12.0}
    store = open_store(uri)
    names = sorted(info.name for info in store.list_artifacts())
    expected = sorted(f"flow.{run.spec_name}.{run.config_hash[:16]}" for run in flow.runs.values())
    assert names == expected
    assert store.load_value(f"flow.score.{flow.runs['score[0]'].config_hash[:16]}") == {"score": 3.0}

    again = Flow(specs(calls))
    assert again.run(num_workers=0, results_store=ArtifactResultsStore(uri)) == results
    assert calls == {"prepare": 1, "score": 2}  # nothing ran the second time
    again.run(num_workers=0, results_store=ArtifactResultsStore(uri), force="score")
    assert [
        info.version for info in store.versions(f"flow.score.{flow.runs['score[0]'].config_hash[:16]}")
    ] == [1, 2]


def test_a_result_the_store_cannot_serialize_fails_that_task_only(tmp_path: Path) -> None:
    def odd() -> object:
        # a generator: no serializer, not even the pickle fallback, can store it
        return (n for n in range(3))

    flow = Flow([TaskSpec(odd)])
    with pytest.raises(TaskFailed, match="SerializationError"):
        flow.run(num_workers=0, results_store=ArtifactResultsStore(str(tmp_path / "store")))
    assert str(flow.states["odd"]) == "failed"
    assert "could not be saved" in (flow.runs["odd"].error or "")
