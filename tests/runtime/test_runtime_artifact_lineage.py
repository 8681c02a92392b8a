"""ArtifactResultsStore records lineage: each task's artifact lists its predecessors' result artifacts."""

from __future__ import annotations

from pathlib import Path

from lineage_ext.api import Query
from lineage_ext.runtime import Flow, TaskSpec
from lineage_ext.runtime.artifact_store import ArtifactResultsStore
from lineage_ext.store import LineageRef, open_store


def chain() -> list[TaskSpec]:
    def load(n: int) -> list[int]:
        return list(range(n))

    def clean(load: list[int]) -> list[int]:
        return [x for x in load if x % 2 == 0]

    def report(clean: list[int], load: list[int]) -> dict[str, int]:
        return {"kept": len(clean), "seen": len(load)}

    first = TaskSpec(load, {"n": 6})
    second = TaskSpec(clean).requires(first)
    return [first, second, TaskSpec(report).requires([second, first])]


def artifact(flow: Flow, task: str) -> str:
    return f"flow.{task}.{flow.runs[task].config_hash[:16]}"


def test_downstream_results_list_their_upstream_result_artifacts(tmp_path: Path) -> None:
    uri = str(tmp_path / "store")
    flow = Flow(chain())
    assert flow.run(num_workers=0, results_store=ArtifactResultsStore(uri))["report"] == {
        "kept": 3,
        "seen": 6,
    }
    store = open_store(uri)
    load, clean, report = artifact(flow, "load"), artifact(flow, "clean"), artifact(flow, "report")
    lineage = store.info(report).lineage
    assert lineage is not None
    assert lineage.inputs == (LineageRef("artifact", clean, 1), LineageRef("artifact", load, 1))
    clean_lineage = store.info(clean).lineage
    assert clean_lineage is not None
    assert clean_lineage.inputs == (LineageRef("artifact", load, 1),)
    assert clean_lineage.outputs == (LineageRef("artifact", report, 1),)
    root = store.info(load).lineage
    assert root is not None
    assert root.inputs == ()

    found = Query(store).with_input_artifact(clean).infos()
    assert [(info.name, info.version) for info in found] == [(report, 1)]
    from_load = Query(store).with_input_artifact(load, 1).infos()
    assert sorted(info.name for info in from_load) == sorted([clean, report])


def test_a_forced_rerun_points_at_the_versions_it_consumed(tmp_path: Path) -> None:
    uri = str(tmp_path / "store")
    Flow(chain()).run(num_workers=0, results_store=ArtifactResultsStore(uri))
    flow = Flow(chain())
    flow.run(num_workers=0, results_store=ArtifactResultsStore(uri), force="clean+")
    store = open_store(uri)
    load, clean, report = artifact(flow, "load"), artifact(flow, "clean"), artifact(flow, "report")
    # "load" came from the store (version 1); "clean" was re-run (version 2) and "report" used it
    assert store.info(report, 2).lineage.inputs == (  # type: ignore[union-attr]
        LineageRef("artifact", clean, 2),
        LineageRef("artifact", load, 1),
    )
    assert [(i.name, i.version) for i in Query(store).with_input_artifact(clean, 2).infos()] == [(report, 2)]
    assert [(i.name, i.version) for i in Query(store).with_input_artifact(clean, 1).infos()] == [(report, 1)]


def test_worker_processes_record_the_same_lineage(tmp_path: Path) -> None:
    uri = str(tmp_path / "store")
    flow = Flow(chain())
    flow.run(num_workers=2, results_store=ArtifactResultsStore(uri))
    lineage = open_store(uri).info(artifact(flow, "report")).lineage
    assert lineage is not None
    assert [ref.name for ref in lineage.inputs] == [artifact(flow, "clean"), artifact(flow, "load")]
