"""Flow runs in worker processes: parallelism (timestamps + worker ids), resources, crashes, pickling."""

from __future__ import annotations

import os
from itertools import combinations

import pytest
from runtime_helpers import die_hard, independent, numbers, power, sleeper, whoami

from lineage_ext.errors import TaskFailed
from lineage_ext.runtime import Flow, TaskSpec, TaskState


def test_independent_tasks_run_in_parallel_on_two_workers() -> None:
    flow = Flow([TaskSpec(sleeper, {"seconds": 0.6, "tag": [0, 1, 2, 3]})])
    results = flow.run(num_workers=2)
    reports = list(results.values())
    assert {r["worker"] for r in reports} == {0, 1}
    assert os.getpid() not in {r["pid"] for r in reports}
    assert sorted(r["worker"] for r in reports) == [0, 0, 1, 1]  # each worker took two
    overlapping = [
        (a["tag"], b["tag"])
        for a, b in combinations(reports, 2)
        if a["worker"] != b["worker"] and a["start"] < b["end"] and b["start"] < a["end"]
    ]
    assert overlapping, f"no two tasks on different workers overlapped in time: {reports}"
    for name, report in results.items():  # the flow's own record agrees with what the task saw
        run = flow.runs[name]
        assert (run.worker_id, run.pid) == (report["worker"], report["pid"])
        assert run.started is not None
        assert run.ended is not None
        assert run.started <= report["start"]


def test_dependencies_order_runs_across_workers() -> None:
    first = TaskSpec(numbers, {"n": 3})
    second = TaskSpec(power, {"p": [2, 3]}).requires(first)
    flow = Flow([first, second])
    assert flow.run(num_workers=2) == {"numbers": [0, 1, 2], "power[0]": [0, 1, 4], "power[1]": [0, 1, 8]}
    assert flow.runs["numbers"].ended is not None
    assert all(flow.runs["numbers"].ended <= flow.runs[f"power[{i}]"].started for i in (0, 1))  # type: ignore[operator]


def test_resources_are_assigned_to_workers_round_robin() -> None:
    flow = Flow([TaskSpec(whoami, {"tag": list(range(6))})])
    results = flow.run(num_workers=2, resources=["gpu:0", "gpu:1"])
    assert {r["resource"] for r in results.values()} == {"gpu:0", "gpu:1"}
    assert all(r["resource"] == f"gpu:{r['worker']}" for r in results.values())


def test_optimal_worker_count_is_graph_width_capped_by_cpus() -> None:
    chain_first = TaskSpec(numbers, {"n": 2})
    chain = Flow([chain_first, TaskSpec(power, {"p": 1}).requires(chain_first)])
    assert chain.optimal_num_workers() == 1
    wide = Flow([TaskSpec(whoami, {"tag": list(range(5))})])
    assert wide.optimal_num_workers() == min(5, len(os.sched_getaffinity(0)))
    wide.run()
    assert wide.num_workers == wide.optimal_num_workers()


def test_a_dying_worker_fails_its_task_and_is_replaced() -> None:
    crash = TaskSpec(die_hard)
    after = TaskSpec(independent, {"y": [1, 2, 3]})
    flow = Flow([crash, after])
    results = flow.run(num_workers=1, exit_on_error=False)
    assert results == {"independent[0]": 10, "independent[1]": 20, "independent[2]": 30}
    assert flow.states["die_hard"] is TaskState.FAILED
    assert "died with exit code 7" in (flow.runs["die_hard"].error or "")


def test_failure_in_a_worker_raises_with_its_traceback() -> None:
    from runtime_helpers import boom

    flow = Flow([TaskSpec(boom, {"x": 1})])
    with pytest.raises(TaskFailed, match="ValueError: boom 1") as caught:
        flow.run(num_workers=1)
    assert "runtime_helpers.py" in caught.value.task_traceback


def test_closures_travel_to_workers_by_value() -> None:
    factor = 7

    def scaled(y: int) -> int:  # defined in a test: not importable by a worker, cloudpickle carries it
        return y * factor

    flow = Flow([TaskSpec(scaled, {"y": [1, 2]})])
    assert flow.run(num_workers=2) == {"scaled[0]": 7, "scaled[1]": 14}


def test_forkserver_start_method_works_too() -> None:
    flow = Flow([TaskSpec(independent, {"y": [1, 2]})])
    assert flow.run(num_workers=2, start_method="forkserver") == {"independent[0]": 10, "independent[1]": 20}
