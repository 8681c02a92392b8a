"""Evaluation of a lazy graph: which operations to run, in what order, and when to release values.

Kept apart from ``lazy.py`` (the graph model) so the memory rule is in one short place; see the
docstring of ``lazy.py`` for that rule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lineage_ext.errors import RuntimeGraphError

if TYPE_CHECKING:
    from .lazy import DataNode, GraphBuilder, OperationNode

from .lazy import _NO_VALUE, logger


def evaluate(graph: GraphBuilder, targets: list[DataNode]) -> list[Any]:
    for target in targets:
        if target.graph is not graph:
            raise RuntimeGraphError(f"{target!r} belongs to another GraphBuilder")
    order = _needed_operations(targets)
    needed = {id(op) for op in order}
    remaining = _pending_uses(order, needed)
    if graph.verbose:
        for op in order:
            logger.info("activate %s (%s)", op.id, op.label)
    wanted = {id(target) for target in targets}
    for op in order:
        _run_operation(graph, op)
        for node in op.inputs:
            remaining[id(node)] -= 1
            if remaining[id(node)] == 0 and id(node) not in wanted:
                _release(graph, node)
        for output in op.outputs:  # outputs nobody will ever consume are dropped at once
            if remaining.get(id(output), _future_uses(output)) == 0 and id(output) not in wanted:
                _release(graph, output)
    values = [target._value for target in targets]
    for target in targets:
        if remaining.get(id(target), _future_uses(target)) == 0:
            _release(graph, target)
    return values


def _needed_operations(targets: list[DataNode]) -> list[OperationNode]:
    """Operations to run, dependencies first: producers of every missing value the targets depend on."""
    order: list[OperationNode] = []
    state: dict[int, bool] = {}  # False: being visited, True: placed
    stack: list[tuple[OperationNode, bool]] = [
        (target.producer, False) for target in reversed(targets) if target.producer and not target.has_value
    ]
    while stack:
        op, expanded = stack.pop()
        if expanded:
            state[id(op)] = True
            order.append(op)
            continue
        if id(op) in state:
            continue
        state[id(op)] = False
        stack.append((op, True))
        for node in reversed(op.inputs):
            if node.producer is not None and not node.has_value and id(node.producer) not in state:
                stack.append((node.producer, False))
    return order


def _pending_uses(order: list[OperationNode], needed: set[int]) -> dict[int, int]:
    """For every value the run touches: consumers still to run (in this run, or never run yet)."""
    remaining: dict[int, int] = {}
    for op in order:
        for node in [*op.inputs, *op.outputs]:
            if id(node) not in remaining:
                remaining[id(node)] = sum(
                    1 for consumer in node.consumers if id(consumer) in needed or consumer.runs == 0
                )
    return remaining


def _future_uses(node: DataNode) -> int:
    return sum(1 for consumer in node.consumers if consumer.runs == 0)


def _run_operation(graph: GraphBuilder, op: OperationNode) -> None:
    if graph.verbose:
        logger.info("run %s (%s)", op.id, op.label)
    args = [node._value for node in op.args]
    kwargs = {key: node._value for key, node in op.kwargs.items()}
    result = op.func(*args, **kwargs)
    del args, kwargs  # no stray references: released values must be collectable
    op.runs += 1
    if len(op.outputs) == 1:
        op.outputs[0]._value = result
        return
    if not isinstance(result, tuple | list) or len(result) != len(op.outputs):
        raise RuntimeGraphError(
            f"{op.label} was added with n_out={len(op.outputs)} but returned {type(result).__name__}"
            + (f" of length {len(result)}" if isinstance(result, tuple | list) else "")
        )
    for output, value in zip(op.outputs, result, strict=True):
        output._value = value


def _release(graph: GraphBuilder, node: DataNode) -> None:
    if node.persist or node.is_input or node._value is _NO_VALUE:
        return
    node._value = _NO_VALUE
    if graph.verbose:
        logger.info("release %s (%s)", node.id, node.label)
