"""Scheduling overhead of the local runtime: a 10,000-task graph of no-op tasks, run in-process.

Baseline (same run): calling the same 10,000 functions directly, in the same dependency order, with the
same inputs. Overhead per task = (flow time - baseline time) / tasks, where flow time includes planning
(``Flow(...)``, grid expansion, config hashes) and the run itself. Target: < 1 ms per task.

    PYTHONPATH=. .venv/bin/python benchmarks/runtime_scheduling.py [--tasks 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from typing import Any

from lineage_ext.runtime import Flow, TaskSpec

TARGET_MS_PER_TASK = 1.0


def noop(**inputs: Any) -> int:
    return len(inputs)


def random_dag(tasks: int, seed: int = 0) -> list[list[int]]:
    """Predecessors of each task: up to two earlier tasks (a sparse, wide-and-deep DAG)."""
    rng = random.Random(seed)
    return [sorted(set(rng.sample(range(i), min(i, rng.randint(0, 2))))) for i in range(tasks)]


def run_direct(dag: list[list[int]]) -> float:
    started = time.perf_counter()
    results: list[int] = []
    for preds in dag:
        results.append(noop(**{f"t{p}": results[p] for p in preds}))
    return time.perf_counter() - started


def run_flow(dag: list[list[int]]) -> tuple[float, float, int]:
    started = time.perf_counter()
    specs = [TaskSpec(noop, name=f"t{i}") for i in range(len(dag))]
    for spec, preds in zip(specs, dag, strict=True):
        spec.requires([specs[p] for p in preds])
    flow = Flow(specs)
    planned = time.perf_counter()
    results = flow.run(num_workers=0, return_results="latest")
    ended = time.perf_counter()
    assert all(str(state) == "finished" for state in flow.states.values())
    return ended - started, planned - started, len(results)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    dag = random_dag(args.tasks)
    direct = min(run_direct(dag) for _ in range(args.repeat))
    flows = [run_flow(dag) for _ in range(args.repeat)]
    flow_total, planning, sinks = min(flows)
    per_task_ms = (flow_total - direct) / args.tasks * 1000
    report = {
        "benchmark": "runtime_scheduling_overhead",
        "tasks": args.tasks,
        "edges": sum(len(p) for p in dag),
        "sink_tasks": sinks,
        "baseline_direct_calls_s": round(direct, 4),
        "flow_total_s": round(flow_total, 4),
        "flow_planning_s": round(planning, 4),
        "overhead_ms_per_task": round(per_task_ms, 4),
        "target_ms_per_task": TARGET_MS_PER_TASK,
        "passed": per_task_ms < TARGET_MS_PER_TASK,
    }
    print(json.dumps(report, indent=2))
    return 0 if report["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
