"""Splitting the slices of several artifacts of one session into blocks that share code once.

Owns the partition: a statement used by one artifact goes to that artifact's block; a statement used by
several goes to the block of the artifact all the others depend on, or else to a common block for that set
of artifacts. Definitions, imports and loads are copied into every block that uses them (functions cannot
travel through the artifact store). Blocks are ordered by data flow; then a name-level replay checks that
each block sees exactly the variable versions its statements read in the session. When it does not (an
in-place change of a shared value, a name rebound in between), every artifact gets its own full slice.
"""

from __future__ import annotations

import graphlib
from dataclasses import dataclass, field

from .lines import LineFacts, SessionLines
from .program import SliceLine
from .resolve import ArtifactRef


@dataclass
class Block:
    name: str
    artifact: int | None  # index of the artifact it computes; None for a common block
    lines: list[LineFacts] = field(default_factory=list)
    inputs: dict[str, str] = field(default_factory=dict)  # variable name -> version id from another block
    outputs: dict[str, str] = field(default_factory=dict)  # variable name -> version id others need
    parameters: set[str] = field(default_factory=set)  # parameter version ids read
    upstream: set[str] = field(default_factory=set)

    @property
    def slice_lines(self) -> list[SliceLine]:
        return [facts.line for facts in sorted(self.lines, key=lambda f: f.line.key)]


class Conflict(Exception):
    """The shared layout would not reproduce the session's versions; use independent blocks."""


def _owner_key(facts: LineFacts, closures: list[set[str]], targets: list[str]) -> int | frozenset[int]:
    owners = sorted(facts.owners)
    for candidate in owners:
        if all(targets[candidate] in closures[o] for o in owners if o != candidate):
            return candidate
    return frozenset(owners)


def partition(
    session: SessionLines,
    refs: list[ArtifactRef],
    names: list[str],
    parameter_versions: set[str],
    shared: bool,
) -> list[Block]:
    """Blocks in execution order; `shared=False` gives one self-contained block per artifact."""
    if not shared:
        return _independent(session, names, parameter_versions)
    try:
        return _shared(session, refs, names, parameter_versions, strict_mutation=True)
    except Conflict:
        return _independent(session, names, parameter_versions)


def _independent(session: SessionLines, names: list[str], parameter_versions: set[str]) -> list[Block]:
    blocks = []
    for index, name in enumerate(names):
        block = Block(name, index, [f for f in session.lines.values() if index in f.owners])
        block.parameters = {r for f in block.lines for r in f.reads if r in parameter_versions}
        block.outputs = {session.results[index][0]: session.results[index][1]}
        blocks.append(block)
    return blocks


def _shared(
    session: SessionLines,
    refs: list[ArtifactRef],
    names: list[str],
    parameter_versions: set[str],
    strict_mutation: bool,
) -> list[Block]:
    targets = [ref.node_id for ref in refs]
    blocks: dict[int | frozenset[int], Block] = {i: Block(name, i) for i, name in enumerate(names)}
    copies = [f for f in session.lines.values() if f.replicable]
    for facts in sorted(session.lines.values(), key=lambda f: f.line.key):
        if facts.replicable:
            continue
        key = _owner_key(facts, session.closures, targets)
        if key not in blocks:
            blocks[key] = Block(f"common_{sum(1 for k in blocks if not isinstance(k, int)) + 1}", None)
        blocks[key].lines.append(facts)
    for index, block in blocks.items():
        _add_copies(block, copies, session.results[index][1] if isinstance(index, int) else None)
    ordered = _order(list(blocks.values()), session, parameter_versions)
    for index, (variable, produced) in enumerate(session.results):
        blocks[index].outputs[variable] = produced
    _replay(ordered, session, strict_mutation)
    return ordered


def _add_copies(block: Block, copies: list[LineFacts], result: str | None) -> None:
    """Copy definitions/imports/loads that the block's lines (or its result) read, transitively."""
    produced_by = {p: facts for facts in copies for p in facts.produces}
    wanted = [r for facts in block.lines for r in facts.reads] + ([result] if result else [])
    have = {id(f) for f in block.lines}
    while wanted:
        facts = produced_by.get(wanted.pop())
        if facts is not None and id(facts) not in have:
            have.add(id(facts))
            block.lines.append(facts)
            wanted.extend(facts.reads)


def _order(blocks: list[Block], session: SessionLines, parameter_versions: set[str]) -> list[Block]:
    provider: dict[str, Block] = {}
    for block in blocks:
        for facts in block.lines:
            if not facts.replicable:
                for produced in [*facts.produces, *facts.writes_files]:
                    provider[produced] = block
    for block in blocks:
        local = {p for facts in block.lines for p in facts.produces}
        result = [session.results[block.artifact][1]] if block.artifact is not None else []
        for read in result + [r for facts in block.lines for r in [*facts.reads, *facts.reads_files]]:
            if read in parameter_versions:
                block.parameters.add(read)
            elif read not in local and read in provider and provider[read] is not block:
                source = provider[read]
                block.upstream.add(source.name)
                if read in session.names:
                    block.inputs[session.names[read]] = read
                    source.outputs[session.names[read]] = read
    sorter: graphlib.TopologicalSorter[str] = graphlib.TopologicalSorter()
    for block in blocks:
        sorter.add(block.name, *block.upstream)
    first = {b.name: min((f.line.key for f in b.lines), default=(1 << 30,)) for b in blocks}
    try:
        sorter.prepare()
    except graphlib.CycleError:
        raise Conflict from None
    by_name = {b.name: b for b in blocks}
    order: list[Block] = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready(), key=lambda n: first[n])
        order.extend(by_name[n] for n in ready)
        sorter.done(*ready)
    return [b for b in order if b.lines or b.artifact is not None]


def _replay(blocks: list[Block], session: SessionLines, strict_mutation: bool) -> None:
    """Each statement must see, under each name, the very version it read in the session."""
    consumers: dict[str, int] = {}
    for block in blocks:
        for version in block.inputs.values():
            consumers[version] = consumers.get(version, 0) + 1
    results = {produced for _, produced in session.results}
    for block in blocks:
        current = {session.names[v]: v for v in block.inputs.values()}
        current.update({session.names[v]: v for v in block.parameters})
        inputs = set(block.inputs.values())
        for facts in sorted(block.lines, key=lambda f: f.line.key):
            for read in facts.reads:
                if current.get(session.names.get(read, "")) != read:
                    raise Conflict
            for produced in facts.mutates:
                before = current.get(session.names.get(produced, ""))
                if strict_mutation and before in inputs and (consumers[before] > 1 or before in results):
                    raise Conflict
            for produced in facts.produces:
                current[session.names.get(produced, "")] = produced
        for name, version in block.outputs.items():
            if current.get(name) != version:
                raise Conflict
