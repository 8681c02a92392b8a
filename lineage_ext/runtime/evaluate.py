"""Evaluation of a lazy graph: which operations to run, in what order, and when to release values.

Kept apart from ``lazy.py`` (the graph model) so the memory rule is in one short place; see the
docstring of ``lazy.py`` for that rule. The walk is pyflow's (depth first, inputs in argument order),
so ``verbose=True`` prints pyflow's messages in pyflow's order.
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
    steps, activated = _walk(targets)
    order = [item for kind, item in steps if kind == "run"]
    needed = {id(op) for op in order}
    remaining = _pending_uses(order, needed)
    if graph.verbose:
        _announce(targets, activated)
    wanted = {id(target) for target in targets}
    done: set[int] = set()
    for kind, item in steps:
        if kind == "compute":
            _say(graph, f"computing for {item.uid}")
            continue
        _run_operation(graph, item)
        done.add(id(item))
        _release_inputs(graph, item, remaining, wanted, (needed, done))
        for output in item.outputs:  # outputs nobody will ever consume are dropped at once
            if remaining.get(id(output), _future_uses(output)) == 0 and id(output) not in wanted:
                _release(graph, output)
        _say(graph, f"{item.uid} deactivated!")
    values = [target._value for target in targets]
    for target in targets:
        if remaining.get(id(target), _future_uses(target)) == 0:
            _release(graph, target)
    return values


Step = tuple[str, Any]  # ("compute", DataNode) or ("run", OperationNode)


def _walk(targets: list[DataNode]) -> tuple[list[Step], list[OperationNode]]:
    """pyflow's recursive evaluation, without recursion: the steps in order, and the operations in
    activation (pre-)order. Each operation runs once, after everything its inputs need."""
    steps: list[Step] = []
    activated: list[OperationNode] = []
    seen: set[int] = set()
    top = {id(target) for target in targets}
    stack: list[Step] = [("visit", target) for target in reversed(targets)]
    while stack:
        kind, item = stack.pop()
        if kind == "run":
            steps.append(("run", item))
            continue
        op = item.producer
        if op is None or item.has_value or id(op) in seen:
            continue
        seen.add(id(op))
        activated.append(op)
        if id(item) not in top:  # the targets are announced before the activations
            steps.append(("compute", item))
        stack.append(("run", op))
        stack.extend(("visit", node) for node in reversed(op.inputs))
    return steps, activated


def _announce(targets: list[DataNode], activated: list[OperationNode]) -> None:
    for target in targets:
        if target.producer is not None and not target.has_value:
            _say(target.graph, f"computing for {target.uid}")
    for op in activated:
        logger.info("activate %s (%s)", op.id, op.label)
        print(f"{op.uid} activated!")


def _say(graph: GraphBuilder, message: str) -> None:
    if graph.verbose:
        print(message)


def _release_inputs(
    graph: GraphBuilder,
    op: OperationNode,
    remaining: dict[int, int],
    wanted: set[int],
    progress: tuple[set[int], set[int]],
) -> None:
    """After ``op`` ran: release each input no pending operation needs (pyflow says which still do)."""
    for node in dict.fromkeys(op.inputs):
        remaining[id(node)] -= op.inputs.count(node)
        if remaining[id(node)] == 0 and id(node) not in wanted:
            if _release(graph, node):
                _say(graph, f"{node.uid} released!")
        elif graph.verbose and not node.is_input and remaining[id(node)] > 0:
            waiting = [c.uid for c in dict.fromkeys(node.consumers) if _pending(c, *progress)]
            _say(graph, f"{node.uid} still needed at {', '.join(waiting)}")


def _pending(consumer: OperationNode, needed: set[int], done: set[int]) -> bool:
    """A consumer that still has to run: in this evaluation and not done yet, or never run at all."""
    if id(consumer) in needed:
        return id(consumer) not in done
    return consumer.runs == 0


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
        print(f"running {op.uid}")
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


def _release(graph: GraphBuilder, node: DataNode) -> bool:
    """Drop the value unless it must be kept; True when something was released."""
    if node.persist or node.is_input or node._value is _NO_VALUE:
        return False
    node._value = _NO_VALUE
    if graph.verbose:
        logger.info("release %s (%s)", node.id, node.label)
    return True
