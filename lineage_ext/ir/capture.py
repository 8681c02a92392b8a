"""`Capture`: what the kernel hands to the store when a value is saved (a frozen snapshot, no behaviour)."""

from __future__ import annotations

from dataclasses import dataclass

from .graph_json import GraphJSON


@dataclass(frozen=True)
class Capture:
    """Everything the store records about where a saved value came from.

    `target_node_id` is the variable-version node that holds the value; `graph_json` is the session graph at
    capture time; `input_artifacts` are (name, version) pairs and `input_files` (path, sha256) pairs found
    upstream of the target; `packages` maps distribution names to versions used upstream.
    """

    session_id: str
    kernel_id: str | None
    notebook_path: str | None
    target_node_id: str
    variable_name: str
    graph_json: GraphJSON
    session_code: str
    input_artifacts: list[tuple[str, int]]
    input_files: list[tuple[str, str]]
    packages: dict[str, str]
