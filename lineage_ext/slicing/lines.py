"""The lines of several slices of one session, with what each reads and produces (for splitting them up).

Owns `LineFacts` (a slice line plus the variable versions and files it reads and produces, and whether it
may be copied into every block that needs it: definitions, imports and loads of pre-computed artifacts)
and `collect_lines`, which slices every requested artifact of a session once. Pure graph work.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from lineage_ext.ir import ReadableGraph

from .closure import closure, execution_key, producer
from .program import SliceLine, build_slice
from .resolve import ArtifactRef

LOAD_PREFIX = "load:"
_REPLICABLE = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)


@dataclass
class LineFacts:
    line: SliceLine
    reads: list[str] = field(default_factory=list)  # variable version ids
    produces: list[str] = field(default_factory=list)  # variable version ids (or a result pseudo id)
    mutates: list[str] = field(default_factory=list)
    reads_files: list[str] = field(default_factory=list)  # file version ids
    writes_files: list[str] = field(default_factory=list)
    replicable: bool = False
    load: ArtifactRef | None = None  # a pre-computed artifact loaded instead of recomputed
    owners: set[int] = field(default_factory=set)  # indexes of the artifacts whose slice holds it


@dataclass
class SessionLines:
    lines: dict[str, LineFacts]  # by line id (a statement id, or load:<version id>)
    closures: list[set[str]]  # per artifact: every node its value depends on
    results: list[tuple[str, str]]  # per artifact: (result variable, produced id)
    names: dict[str, str]  # produced/read id -> variable name


def _is_replicable(source: str) -> bool:
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return False
    return len(body) == 1 and isinstance(body[0], _REPLICABLE)


def _statement_facts(graph: ReadableGraph, line: SliceLine) -> LineFacts:
    facts = LineFacts(line, replicable=_is_replicable(line.text))
    for edge in graph.in_edges(line.node_id):
        if edge.kind == "reads":
            facts.reads.append(edge.source)
        elif edge.kind == "reads_file":
            facts.reads_files.append(edge.source)
    for edge in graph.out_edges(line.node_id):
        if edge.kind in ("defines", "mutates"):
            facts.produces.append(edge.target)
            if edge.kind == "mutates":
                facts.mutates.append(edge.target)
        elif edge.kind == "writes_file":
            facts.writes_files.append(edge.target)
    return facts


def _load_facts(graph: ReadableGraph, ref: ArtifactRef) -> LineFacts:
    statement = producer(graph, ref.node_id)
    key = (*execution_key(statement), 1) if statement is not None else (0, 0, 1)
    name = graph.node(ref.node_id).name or ref.name
    text = f"{name} = lineage_ext.get({ref.name!r}, {ref.version}).get_value()"
    line = SliceLine(key, LOAD_PREFIX + ref.node_id, text)
    return LineFacts(line, produces=[ref.node_id], replicable=True, load=ref)


def collect_lines(
    graph: ReadableGraph, artifacts: list[ArtifactRef], reused: list[ArtifactRef]
) -> SessionLines:
    reuse = {r.node_id: r for r in reused if r.node_id in graph}
    stops = frozenset(reuse)
    result = SessionLines({}, [], [], {n.id: n.name or "" for n in graph.nodes_of_kind("variable")})
    for index, ref in enumerate(artifacts):
        program = build_slice(graph, ref.node_id, stops)
        ids = closure(graph, [ref.node_id], stops)
        result.closures.append(ids)
        for line in program.lines:
            facts = result.lines.get(line.node_id)
            if facts is None:
                facts = result.lines[line.node_id] = _statement_facts(graph, line)
            facts.owners.add(index)
        produced = ref.node_id
        # an expression save or a side effect: the slice's last line binds the result itself
        if program.target_node_id == ref.node_id and graph.node(ref.node_id).kind in ("statement", "file"):
            produced = "result:" + ref.node_id
            expression = result.lines[ref.node_id]
            expression.produces, expression.mutates, expression.replicable = [produced], [], False
            expression.reads = [
                r for r in expression.reads if result.names.get(r, "") in _names(expression.line.text)
            ]
        result.names[produced] = program.result_variable
        result.results.append((program.result_variable, produced))
        for node_id in sorted(ids & stops):
            facts = result.lines.setdefault(LOAD_PREFIX + node_id, _load_facts(graph, reuse[node_id]))
            facts.owners.add(index)
    return result


def _names(text: str) -> set[str]:
    try:
        return {n.id for n in ast.walk(ast.parse(text)) if isinstance(n, ast.Name)}
    except SyntaxError:
        return set()
