"""Planning: turning ``TaskSpec`` objects into the concrete graph of task instances that will run.

Each spec expands into one instance per grid config (``grid.expand_grid``) and per combination of its
predecessors' instances (Cartesian product), or, with ``reduce=True``, one instance per grid config that
depends on every predecessor instance. Every instance gets its unique config hash (``grid.config_hash``).
The plan also answers the questions the scheduler asks: order, width, and which instances ``force`` hits.

Pure: no processes, no stores.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from lineage_ext.errors import RuntimeGraphError
from lineage_ext.ir import Link, traverse

from .grid import config_hash, expand_grid
from .tasks import TaskCallable, TaskSpec


@dataclass(slots=True, eq=False)
class TaskInstance:
    """One runnable task: a spec with one config and fixed predecessor instances."""

    index: int
    name: str
    spec_name: str
    target: TaskCallable
    config: dict[str, Any]
    reduce: bool
    config_hash: str = ""
    predecessors: list[int] = field(default_factory=list)
    successors: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Plan:
    instances: list[TaskInstance]  # in a topological order (specs in dependency order, then grid order)
    by_spec: dict[str, list[int]]

    def max_width(self) -> int:
        """The largest number of instances that can run at once, by longest-path layering."""
        depth = [0] * len(self.instances)
        for instance in self.instances:
            for pred in instance.predecessors:
                depth[instance.index] = max(depth[instance.index], depth[pred] + 1)
        counts: dict[int, int] = {}
        for level in depth:
            counts[level] = counts.get(level, 0) + 1
        return max(counts.values(), default=0)

    # the plan is an `ir.Walkable` over instance indices, so it is walked with `ir.traverse`
    def in_edges(self, index: int) -> list[Link[int]]:
        return [Link(pred, index) for pred in self.instances[index].predecessors]

    def out_edges(self, index: int) -> list[Link[int]]:
        return [Link(index, succ) for succ in self.instances[index].successors]

    def descendants(self, roots: Iterable[int]) -> set[int]:
        """The roots and every instance downstream of them."""
        return set(traverse(self, roots, "downstream"))

    def forced(self, force: str | Sequence[str] | None) -> set[int]:
        """Instances ``force`` selects: ``"all"``, a spec or instance name, or ``"Name+"`` with successors."""
        if force is None:
            return set()
        selectors = [force] if isinstance(force, str) else list(force)
        selected: set[int] = set()
        for selector in selectors:
            if selector == "all":
                return set(range(len(self.instances)))
            with_successors = selector.endswith("+")
            name = selector[:-1] if with_successors else selector
            hits = self._named(name)
            selected |= self.descendants(hits) if with_successors else set(hits)
        return selected

    def _named(self, name: str) -> list[int]:
        if name in self.by_spec:
            return self.by_spec[name]
        hits = [instance.index for instance in self.instances if instance.name == name]
        if not hits:
            known = ", ".join(sorted(self.by_spec))
            raise RuntimeGraphError(f"force={name!r} names no task; tasks are: {known}")
        return hits


def build_plan(specs: Sequence[TaskSpec]) -> Plan:
    ordered = _spec_order(specs)
    instances: list[TaskInstance] = []
    by_spec: dict[str, list[int]] = {}
    for spec in ordered:
        _check_inputs_vs_config(spec)
        upstream = [by_spec[pred.name] for pred in spec.predecessors]
        if spec.reduce:
            combos: list[list[int]] = [[index for group in upstream for index in group]]
        else:
            combos = [list(combo) for combo in itertools.product(*upstream)]
        created: list[int] = []
        for config in expand_grid(spec.config):
            for combo in combos:
                instance = TaskInstance(len(instances), spec.name, spec.name, spec.task, config, spec.reduce)
                instance.predecessors = combo
                instance.config_hash = config_hash(
                    spec.name, config, [instances[pred].config_hash for pred in combo]
                )
                for pred in combo:
                    instances[pred].successors.append(instance.index)
                instances.append(instance)
                created.append(instance.index)
        if len(created) > 1:
            for number, index in enumerate(created):
                instances[index].name = f"{spec.name}[{number}]"
        by_spec[spec.name] = created
    return Plan(instances, by_spec)


def _check_inputs_vs_config(spec: TaskSpec) -> None:
    """A config key named like a predecessor would silently hide that predecessor's result."""
    keys = {key.partition(":")[2] if key.startswith("@") else key for key in spec.config}
    clashes = sorted(keys & {pred.name for pred in spec.predecessors})
    if clashes:
        raise RuntimeGraphError(
            f"task {spec.name!r} has config key(s) {clashes} named like the task(s) it requires; rename one"
        )


def _spec_order(specs: Sequence[TaskSpec]) -> list[TaskSpec]:
    """Every spec reachable from ``specs``, dependencies first; ties keep the order given (stable)."""
    known: dict[int, TaskSpec] = {}
    stack = list(specs)
    while stack:
        spec = stack.pop()
        if id(spec) not in known:
            known[id(spec)] = spec
            stack.extend(spec.predecessors)
            stack.extend(spec.successors)
    names: dict[str, TaskSpec] = {}
    for spec in known.values():
        if spec.name in names:
            raise RuntimeGraphError(
                f"two different tasks are named {spec.name!r}; pass name= to tell them apart"
            )
        names[spec.name] = spec
    position: dict[int, int] = {}
    for spec in [*specs, *known.values()]:  # the order given first, then discovered ones
        position.setdefault(id(spec), len(position))
    ordered: list[TaskSpec] = []
    state: dict[int, int] = {}  # 1 = on the current path, 2 = done
    for spec in sorted(known.values(), key=lambda s: position[id(s)]):
        _visit(spec, state, ordered, position)
    return ordered


def _visit(spec: TaskSpec, state: dict[int, int], ordered: list[TaskSpec], position: dict[int, int]) -> None:
    # iterative depth-first search: graphs of 10,000 tasks would overflow Python's recursion limit
    stack: list[tuple[TaskSpec, bool]] = [(spec, False)]
    while stack:
        current, expanded = stack.pop()
        key = id(current)
        if expanded:
            state[key] = 2
            ordered.append(current)
            continue
        if state.get(key) == 2:
            continue
        if state.get(key) == 1:
            raise RuntimeGraphError(f"the task graph has a cycle through {current.name!r}")
        state[key] = 1
        stack.append((current, True))
        for pred in sorted(current.predecessors, key=lambda s: position[id(s)], reverse=True):
            if state.get(id(pred)) == 1:
                raise RuntimeGraphError(f"the task graph has a cycle through {pred.name!r}")
            if state.get(id(pred)) != 2:
                stack.append((pred, False))


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
