"""Flow runs in process: result forwarding, task kinds, skip/force semantics, failures, stores."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from runtime_helpers import Total, numbers, power

from lineage_ext.errors import RuntimeGraphError, TaskFailed
from lineage_ext.runtime import Flow, InMemoryResultsStore, LocalFolderResultsStore, Task, TaskSpec, TaskState


def pipeline() -> tuple[Flow, list[TaskSpec]]:
    first = TaskSpec(numbers, {"n": 4})
    second = TaskSpec(power, {"p": [1, 2]}).requires(first)
    third = TaskSpec(Total, {"offset": 1000}).required_by([]).requires(second)
    return Flow([first, second, third]), [first, second, third]


def test_results_are_forwarded_by_spec_name_for_functions_and_classes() -> None:
    flow, _ = pipeline()
    results = flow.run(num_workers=0)
    assert results == {
        "numbers": [0, 1, 2, 3],
        "power[0]": [0, 1, 2, 3],
        "power[1]": [0, 1, 4, 9],
        "Total[0]": 1006,
        "Total[1]": 1014,
    }
    assert set(flow.states.values()) == {TaskState.FINISHED}
    assert flow.runs["Total[1]"].config == {"offset": 1000}


def test_return_results_latest_and_none() -> None:
    flow, _ = pipeline()
    assert flow.run(num_workers=0, return_results="latest") == {"Total[0]": 1006, "Total[1]": 1014}
    assert flow.run(num_workers=0, return_results="none", force="all") == {}
    with pytest.raises(RuntimeGraphError, match="return_results"):
        flow.run(num_workers=0, return_results="some")  # type: ignore[arg-type]


def test_required_by_and_task_context() -> None:
    seen: dict[str, Any] = {}

    def produce() -> int:
        return 7

    def consume(produce: int, scale: int, task: Task) -> int:
        seen.update(name=task.name, config=task.config, resource=task.resource, hash=task.config_hash)
        return produce * scale

    producer = TaskSpec(produce)
    consumer = TaskSpec(consume, {"scale": 3})
    producer.required_by(consumer)
    flow = Flow([producer])
    assert flow.run(num_workers=0, resources=["gpu:0"])["consume"] == 21
    assert seen == {
        "name": "consume",
        "config": {"scale": 3},
        "resource": "gpu:0",
        "hash": flow.runs["consume"].config_hash,
    }


class Counted:
    """In-process call counter for skip/force tests (num_workers=0 shares this process)."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()

    def specs(self) -> list[TaskSpec]:
        calls = self.calls

        def a(x: int) -> int:
            calls["a"] += 1
            return x

        def b(a: int) -> int:
            calls["b"] += 1
            return a + 1

        def c(b: int) -> int:
            calls["c"] += 1
            return b + 1

        def side() -> int:
            calls["side"] += 1
            return 0

        spec_a = TaskSpec(a, {"x": 1})
        spec_b = TaskSpec(b).requires(spec_a)
        spec_c = TaskSpec(c).requires(spec_b)
        return [spec_a, spec_b, spec_c, TaskSpec(side)]


def test_second_run_skips_everything_and_loads_cached_results() -> None:
    counted = Counted()
    flow = Flow(counted.specs())
    first = flow.run(num_workers=0)
    second = flow.run(num_workers=0)
    assert first == second == {"a": 1, "b": 2, "c": 3, "side": 0}
    assert counted.calls == {"a": 1, "b": 1, "c": 1, "side": 1}
    assert all(run.cached for run in flow.runs.values())


@pytest.mark.parametrize(
    ("force", "rerun"),
    [
        ("all", {"a", "b", "c", "side"}),
        ("b", {"b"}),
        ("b+", {"b", "c"}),
        (["a", "side"], {"a", "side"}),
    ],
)
def test_force_reruns_exactly_the_selected_tasks(force: str | list[str], rerun: set[str]) -> None:
    counted = Counted()
    flow = Flow(counted.specs())
    flow.run(num_workers=0)
    counted.calls.clear()
    flow.run(num_workers=0, force=force)
    assert set(counted.calls) == rerun
    assert {name for name, run in flow.runs.items() if not run.cached} == rerun


def test_force_with_an_unknown_name_is_a_clear_error() -> None:
    flow = Flow(Counted().specs())
    with pytest.raises(RuntimeGraphError, match="force='nope' names no task"):
        flow.run(num_workers=0, force="nope+")


def test_changed_upstream_config_reruns_downstream_only_through_the_hash() -> None:
    counted = Counted()
    store = InMemoryResultsStore()
    Flow(counted.specs()).run(num_workers=0, results_store=store)
    specs = counted.specs()
    specs[0].config = {"x": 5}
    counted.calls.clear()
    results = Flow(specs).run(num_workers=0, results_store=store)
    assert results == {"a": 5, "b": 6, "c": 7, "side": 0}
    assert counted.calls == {"a": 1, "b": 1, "c": 1}  # side has the same hash: skipped


def failing_flow() -> list[TaskSpec]:
    from runtime_helpers import after_boom, boom, independent

    broken = TaskSpec(boom, {"x": 3})
    after = TaskSpec(after_boom).requires(broken)
    after_after = TaskSpec(independent, {"y": 1}, name="after_after").requires(after)
    alone = TaskSpec(independent, {"y": 2})
    return [broken, after, after_after, alone]


def test_failure_marks_descendants_upstream_failed_and_raises() -> None:
    flow = Flow(failing_flow())
    with pytest.raises(TaskFailed, match="task 'boom' failed: ValueError: boom 3") as caught:
        flow.run(num_workers=0)
    assert "Traceback" in caught.value.task_traceback
    assert flow.states["boom"] is TaskState.FAILED
    assert flow.states["after_boom"] is TaskState.UPSTREAM_FAILED
    assert flow.states["after_after"] is TaskState.UPSTREAM_FAILED
    # exit_on_error: nothing new starts after the failure, so the unrelated task did not run
    assert flow.states["independent"] is TaskState.PENDING
    assert "ValueError: boom 3" in (flow.runs["boom"].error or "")


def test_without_exit_on_error_independent_tasks_still_run() -> None:
    flow = Flow(failing_flow())
    results = flow.run(num_workers=0, exit_on_error=False)
    assert results == {"independent": 20}
    assert flow.states == {
        "boom": TaskState.FAILED,
        "after_boom": TaskState.UPSTREAM_FAILED,
        "after_after": TaskState.UPSTREAM_FAILED,
        "independent": TaskState.FINISHED,
    }


def test_bad_graphs_are_refused() -> None:
    def f() -> None:
        return None

    one, two = TaskSpec(f, name="one"), TaskSpec(f, name="two")
    one.requires(two)
    two.requires(one)
    with pytest.raises(RuntimeGraphError, match="cycle"):
        Flow([one])
    with pytest.raises(RuntimeGraphError, match="two different tasks are named 'f'"):
        Flow([TaskSpec(f), TaskSpec(f)])
    with pytest.raises(RuntimeGraphError, match="must subclass"):
        TaskSpec(dict)
    with pytest.raises(RuntimeGraphError, match="at least one"):
        Flow([])
    with pytest.raises(RuntimeGraphError, match="cannot require itself"):
        one.requires(one)
    three = TaskSpec(f, name="three")
    with pytest.raises(RuntimeGraphError, match=r"config key\(s\) \['three'\] named like"):
        Flow([TaskSpec(f, {"three": 1}, name="four").requires(three)])


@pytest.mark.parametrize("fmt", ["pickle", "json"])
def test_local_folder_store_survives_the_flow_and_is_reused(tmp_path: Path, fmt: str) -> None:
    counted = Counted()
    store = LocalFolderResultsStore(tmp_path / "results", format=fmt)  # type: ignore[arg-type]
    Flow(counted.specs()).run(num_workers=0, results_store=store)
    flow = Flow(counted.specs())
    results = flow.run(num_workers=0, results_store=LocalFolderResultsStore(tmp_path / "results", format=fmt))  # type: ignore[arg-type]
    assert results == {"a": 1, "b": 2, "c": 3, "side": 0}
    assert counted.calls == {"a": 1, "b": 1, "c": 1, "side": 1}
    folder = tmp_path / "results" / "b" / flow.runs["b"].config_hash
    saved = json.loads((folder / "config.json").read_text())
    assert saved == {
        "task": "b",
        "config": {},
        "hash": flow.runs["b"].config_hash,
        "requires": {"a": flow.runs["a"].config_hash},
    }
    assert not list((tmp_path / "results").rglob("*.tmp"))


def test_json_folder_store_refuses_non_json_results(tmp_path: Path) -> None:
    def make_set() -> set[int]:
        return {1}

    flow = Flow([TaskSpec(make_set)])
    with pytest.raises(RuntimeGraphError, match="not JSON data"):
        flow.run(num_workers=0, results_store=LocalFolderResultsStore(tmp_path, format="json"))
    assert not list(tmp_path.rglob("result.json"))


def test_interrupt_in_process_marks_the_running_task_killed() -> None:
    def first() -> int:
        return 1

    def interrupted(first: int) -> int:
        raise KeyboardInterrupt  # what Ctrl-C does to code running in this process

    def later(interrupted: int) -> int:
        return interrupted

    def other() -> int:
        return 2

    a = TaskSpec(first)
    b = TaskSpec(interrupted).requires(a)
    TaskSpec(later).requires(b)
    flow = Flow([a, TaskSpec(other)])
    with pytest.raises(KeyboardInterrupt):
        flow.run(num_workers=0)
    assert flow.states == {
        "first": TaskState.FINISHED,
        "interrupted": TaskState.KILLED,
        "later": TaskState.PENDING,
        "other": TaskState.FINISHED,  # a source listed before "interrupted": it ran first
    }


def test_a_results_store_that_breaks_leaves_no_task_running() -> None:
    class BrokenStore(InMemoryResultsStore):
        def load(self, task_name: str, config_hash: str) -> Any:
            if task_name == "b":
                raise OSError("disk gone")
            return super().load(task_name, config_hash)

    flow = Flow(Counted().specs())
    with pytest.raises(OSError, match="disk gone"):
        flow.run(num_workers=0, results_store=BrokenStore())
    assert TaskState.RUNNING not in flow.states.values()
    assert TaskState.SCHEDULED not in flow.states.values()
    assert flow.states["a"] is TaskState.FINISHED
