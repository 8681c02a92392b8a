"""Build a `Capture` for a value being saved: find the variable holding it, snapshot the graph, and collect
the artifacts, files and packages upstream of it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lineage_ext.errors import TracerError
from lineage_ext.ir import Capture, Graph

if TYPE_CHECKING:
    from .session import TracerSession


def _target_node(session: TracerSession, value: Any, name: str) -> tuple[str, str]:
    """(node id, variable name) of the value: by identity, preferring `name`, else the newest binding.

    Side effects (a written `Path`, `WrittenFiles`) target the file versions instead (`effects`)."""
    from .effects import effect_target

    effect = effect_target(session, value)
    if effect is not None:
        return effect
    state = session.state
    namespace = session.namespace
    holders = [n for n in state.current if namespace.get(n) is value]
    if name in holders:
        return state.current[name], name
    if holders:
        position = {node.id: index for index, node in enumerate(session.builder.freeze().nodes)}
        newest = max(holders, key=lambda n: position[state.current[n]])
        return state.current[newest], newest
    cell = session.cell
    if cell is not None and cell.pending is not None:
        # an expression value (`save(df.head(), ...)`): the running statement is where it comes from
        session.record_running_statement()
        return f"stmt:{cell.run}:{cell.pending.index}", name
    raise TracerError(f"no variable of this session holds the value saved as {name!r}")


def build_capture(session: TracerSession, value: Any, name: str) -> Capture:
    target, variable = _target_node(session, value, name)
    graph = session.builder.freeze()
    upstream = graph.upstream([target])
    return Capture(
        session_id=session.info.session_id,
        kernel_id=session.info.kernel_id,
        notebook_path=session.info.notebook_path,
        target_node_id=target,
        variable_name=variable,
        graph_json=graph.to_json(),
        session_code=session_code(graph),
        input_artifacts=[
            (n.artifact_name, n.artifact_version)
            for n in upstream
            if n.kind == "artifact" and n.artifact_name is not None and n.artifact_version is not None
        ],
        input_files=[
            (n.path, n.content_hash)
            for n in upstream
            if n.kind == "file" and n.path and n.content_hash and _is_read(graph, n.id)
        ],
        packages={
            n.package: n.package_version
            for n in upstream
            if n.kind == "import" and n.package and n.package_version and n.package != "python"
        },
    )


def _is_read(graph: Graph, node_id: str) -> bool:
    return any(edge.kind == "reads_file" for edge in graph.out_edges(node_id))


def session_code(graph: Graph) -> str:
    """Every traced cell's source in execution order."""
    return "\n\n".join(
        cell.source.rstrip("\n") for cell in graph.cells if cell.traced and cell.source.strip()
    )
