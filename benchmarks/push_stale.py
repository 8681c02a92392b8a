"""What the stale ids cost the kernel's push, per cell, as a session grows to 200 cells.

One traced IPython shell runs a notebook-like session (cells re-run, so some nodes are stale); after each
cell the same change set is pushed three ways, timed in the same run:

- ``no_stale``: the push message as it was before stale ids (change set to JSON, serialized);
- ``push``: `GraphPush.push` as shipped (its `StaleIndex` fed the change set, the ids sorted, serialized);
- ``recompute``: the naive alternative, the rule over a freshly frozen whole graph each cell.

The comm is a stand-in that serializes what it is sent, as ipykernel's session does. Prints one JSON
document with the median and p95 per cell over the last ``--tail`` cells.

    PYTHONPATH=. .venv/bin/python benchmarks/push_stale.py [--cells 200] [--tail 50]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from typing import Any

from lineage_ext.ir import Graph, GraphChanges
from lineage_ext.ir.staleness import StaleIndex


class JsonComm:
    """An open comm that serializes each message, as the kernel's session would before sending it."""

    def __init__(self) -> None:
        self.messages = 0
        self.last: dict[str, Any] = {}

    def send(self, data: dict[str, Any]) -> None:
        json.dumps(data)
        self.messages += 1
        self.last = data

    def on_close(self, _callback: Callable[[Any], None]) -> None:
        return None

    def close(self) -> None:
        return None


class CommTargets:
    """The comm manager's target registry: opening a comm calls the registered callback."""

    def __init__(self) -> None:
        self.targets: dict[str, Callable[[Any, Any], None]] = {}

    def register_target(self, name: str, callback: Callable[[Any, Any], None]) -> None:
        self.targets[name] = callback

    def unregister_target(self, name: str, _callback: Any) -> None:
        self.targets.pop(name, None)


def cell_code(i: int) -> str:
    """Three statements reading the previous cell's list; 60 notebook cells, so later runs re-run them."""
    previous = (i - 1) % 40 if i else 0
    return f"v{i % 40} = [{i}] * 3\nw{i % 7} = len(v{previous}) + {i}\nz = w{i % 7} + len(v{i % 40})"


def run(cells: int, tail: int) -> dict[str, Any]:
    from types import SimpleNamespace

    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    from lineage_ext.kernel import extension
    from lineage_ext.kernel.push import PUSH_FORMAT

    config = Config()
    config.HistoryManager.enabled = False
    shell = InteractiveShell.instance(config=config)
    targets, comm = CommTargets(), JsonComm()
    shell.kernel = SimpleNamespace(comm_manager=targets)  # what ipykernel gives a shell: comms
    session = extension.load(shell, persist=False)
    targets.targets["lineage_ext.graph"](comm, None)  # the panel opens its comm
    push = session.on_change
    assert push is not None
    times: dict[str, list[float]] = {"no_stale": [], "push": [], "recompute": []}

    def measure(changes: GraphChanges, snapshot: Callable[[], Graph]) -> None:
        start = time.perf_counter()
        json.dumps({"format": PUSH_FORMAT, "type": "changes", "changes": changes.to_json()})
        middle = time.perf_counter()
        push(changes, snapshot)
        end = time.perf_counter()
        sorted(StaleIndex.of_graph(snapshot()).stale())
        times["no_stale"].append(middle - start)
        times["push"].append(end - middle)
        times["recompute"].append(time.perf_counter() - end)

    session.on_change = measure
    for i in range(cells):
        shell.run_cell(cell_code(i), store_history=True, cell_id=f"cell-{i % 60}")
    graph = session.graph()
    result: dict[str, Any] = {
        "benchmark": "push_stale",
        "cells": cells,
        "graph_nodes": len(graph),
        "graph_edges": len(graph.edges),
        "stale_nodes": len(comm.last.get("stale", [])),
        "messages": comm.messages,
    }
    for name, values in times.items():
        last = sorted(values[-tail:])
        result[f"{name}_median_ms"] = round(statistics.median(last) * 1000, 3)
        result[f"{name}_p95_ms"] = round(last[int(0.95 * (len(last) - 1))] * 1000, 3)
    result["stale_cost_median_ms"] = round(result["push_median_ms"] - result["no_stale_median_ms"], 3)
    extension.unload(shell)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--cells", type=int, default=200)
    parser.add_argument("--tail", type=int, default=50)
    args = parser.parse_args()
    print(json.dumps(run(args.cells, args.tail), indent=1))


if __name__ == "__main__":
    main()
