"""Per-session bookkeeping of names: the current version node of each variable, function summaries, and
which variables were taken out of which containers. Owns the creation of variable, file and import nodes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from lineage_ext.ir import GraphEditor, Node
from lineage_ext.ir.graph_json import EdgeKind

from .analysis import FunctionSummary
from .files import FileHasher
from .packages import package_of
from .preview import preview


@dataclass(frozen=True)
class Origin:
    """Where a version came from: its statement node and the fields variable nodes copy from it."""

    statement_id: str
    cell_id: str | None
    execution_count: int | None
    line: int | None
    source_line: str


@dataclass
class NameState:
    builder: GraphEditor
    current: dict[str, str] = field(default_factory=dict)  # name -> current version node id
    object_ids: dict[str, int] = field(default_factory=dict)  # name -> id() of the value when recorded
    counters: dict[str, int] = field(default_factory=dict)
    functions: dict[str, FunctionSummary] = field(default_factory=dict)
    part_of: dict[str, str] = field(default_factory=dict)
    carried: dict[str, tuple[FunctionSummary, ...]] = field(default_factory=dict)  # see latebinding.py
    sql_pending: dict[str, set[str]] = field(default_factory=dict)  # database -> uncommitted tables
    file_versions: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # path -> (node, hash)
    hasher: FileHasher = field(default_factory=FileHasher)
    hidden: frozenset[str] = frozenset()  # IPython's own names (get_ipython, In, Out...): never external

    def version_of(self, name: str, namespace: dict[str, Any]) -> str | None:
        """The current version node of a name; values bound before tracing get an external node."""
        node_id = self.current.get(name)
        if node_id is None and name in namespace and name not in self.hidden and not name.startswith("__"):
            node_id = self._add_version(name, namespace[name], None, external=True)
        return node_id

    def stale_names(self, namespace: dict[str, Any]) -> list[str]:
        """Tracked names now bound to another object (or unbound) than when last recorded."""
        missing = object()
        return sorted(n for n, oid in self.object_ids.items() if id(namespace.get(n, missing)) != oid)

    def external_version(self, name: str, namespace: dict[str, Any]) -> str:
        """A version made outside traced statements (a silent cell, a widget callback): no statement."""
        missing = object()
        value = namespace.get(name, missing)
        return self._add_version(name, value, None, external=True, deleted=value is missing)

    def new_version(
        self, name: str, namespace: dict[str, Any], origin: Origin, kind: EdgeKind = "defines"
    ) -> str:
        missing = object()
        value = namespace.get(name, missing)
        node_id = self._add_version(name, value, origin, deleted=value is missing)
        self.builder.add_edge(origin.statement_id, node_id, kind)
        return node_id

    def _add_version(
        self, name: str, value: Any, origin: Origin | None, external: bool = False, deleted: bool = False
    ) -> str:
        version = self.counters.get(name, 0) + 1
        self.counters[name] = version
        node_id = f"var:{name}:{version}"
        type_name, text = (None, None) if deleted else preview(value)
        self.builder.add_node(
            Node(
                node_id,
                "variable",
                name,
                name=name,
                version=version,
                type_name=type_name,
                preview=text,
                deleted=deleted,
                external=external,
                cell_id=origin.cell_id if origin else None,
                execution_count=origin.execution_count if origin else None,
                line=origin.line if origin else None,
                source=origin.source_line if origin else None,
            )
        )
        if deleted:
            self.current.pop(name, None)
            self.object_ids.pop(name, None)
            self.functions.pop(name, None)
            self.part_of.pop(name, None)
            self.carried.pop(name, None)
        else:
            self.current[name] = node_id
            self.object_ids[name] = id(value)
        return node_id

    def import_node(self, module: str) -> str:
        node_id = f"import:{module}"
        if node_id not in self.builder:
            package, version = package_of(module)
            self.builder.add_node(
                Node(node_id, "import", module, module=module, package=package, package_version=version)
            )
        return node_id

    def file_node(self, path: str, is_write: bool) -> str | None:
        """The file version a read saw (new when the content changed) or a write produced (always new)."""
        digest = self.hasher.digest(path)
        latest = self.file_versions.get(path)
        if not is_write and latest is not None and latest[1] == digest:
            return latest[0]
        if not is_write and digest is None:
            return None
        node_id = f"file:{path}#{self._next_file_version(path)}"
        label = os.path.relpath(path) if path.startswith(os.getcwd() + os.sep) else path
        self.builder.add_node(Node(node_id, "file", label, path=path, content_hash=digest))
        self.file_versions[path] = (node_id, digest)
        return node_id

    def _next_file_version(self, path: str) -> int:
        key = "\0file:" + path
        self.counters[key] = self.counters.get(key, 0) + 1
        return self.counters[key]
