"""`TracerSession`: the lineage graph of one kernel session and the cell-by-cell tracing state.

A cell is traced as a sequence of statement boundaries: `begin_cell` (pre_run_cell), `start_statements`
(from the AST transformer, which also plans statement 0), `boundary(run, i)` (between statements), and
`end_cell` (post_run_cell). Any internal error marks the cell untraced and is logged once; nothing raises
into user code. The session also serves `capture`/`record_artifact`/`record_artifact_load` for the store.
"""

from __future__ import annotations

import ast
import logging
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from lineage_ext.ir import Capture, CellRun, Graph, GraphChanges, GraphEditor, Node, SessionInfo

from .analysis import analyze
from .databases import DatabaseWatch
from .files import FileAccess, set_listener
from .planning import StatementPlan, plan_statement
from .sources import statement_sources
from .state import NameState, Origin
from .statement import add_artifact_node, record_statement

logger = logging.getLogger("lineage_ext")
ChangeListener = Callable[[GraphChanges, Callable[[], Graph]], None]  # (what changed, whole-graph snapshot)
TraceSink = Callable[[str, Mapping[str, Any]], None]  # (session id, TraceResultJSON)


@dataclass
class CellTrace:
    run: int
    cell_id: str | None
    execution_count: int | None
    raw_source: str
    statements: list[ast.stmt] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    pending: StatementPlan | None = None
    statement_ids: list[str] = field(default_factory=list)
    traced: bool = True


class TracerSession:
    def __init__(
        self,
        namespace: dict[str, Any],
        info: SessionInfo,
        on_change: ChangeListener | None = None,
        hidden: frozenset[str] = frozenset(),
        on_trace: TraceSink | None = None,
    ) -> None:
        self.namespace = namespace
        self.info = info
        self.builder = GraphEditor(info, track_changes=on_change is not None)
        self.state = NameState(self.builder, hidden=hidden)
        self.on_change = on_change
        self.on_trace = on_trace
        self.cell: CellTrace | None = None
        self.databases = DatabaseWatch()  # SQLite files connected to: their writes are side effects too
        self._runs = 0
        self._logged_error = False
        self._persisted_revision = -1

    # ---- cell lifecycle (called from hooks.py)
    def begin_cell(self, raw_cell: str, cell_id: str | None, execution_count: int | None) -> None:
        self._runs += 1
        self.cell = CellTrace(self._runs, cell_id, execution_count, raw_cell)
        try:
            for name in self.state.stale_names(self.namespace):  # changed outside traced cells
                self.state.external_version(name, self.namespace)
        except Exception as exc:
            self._fail(exc)

    def start_statements(self, statements: list[ast.stmt]) -> int | None:
        """Remember the cell's statements and plan the first one; returns the run id for the boundaries."""
        cell = self.cell
        if cell is None or cell.statements or not cell.traced:
            return None
        try:
            cell.statements = statements
            cell.sources = statement_sources(cell.raw_source, statements)
            if statements:
                self._plan(cell, 0)
            return cell.run
        except Exception as exc:
            self._fail(exc)
            return None

    def boundary(self, run: int, index: int) -> None:
        """Between two statements of the running cell: record statement index-1, plan statement index."""
        cell = self.cell
        if cell is None or cell.run != run or not cell.traced:
            return
        try:
            self._finish_pending(cell, failed=False)
            self._plan(cell, index)
        except Exception as exc:
            self._fail(exc)

    def end_cell(self, failed: bool, exception: str | None = None) -> None:
        cell, self.cell = self.cell, None
        if cell is None:
            return
        try:
            if cell.traced:
                self._finish_pending(cell, failed)
                if failed and exception and cell.statement_ids:  # the statement that raised ran last
                    self.builder.replace_node(cell.statement_ids[-1], exception=exception[:300])
                self._scan_namespace(cell)
            self._close_cell(cell, failed)
        except Exception as exc:
            self._fail(exc)
            self._close_cell(cell, failed)
        self._notify()

    # ---- internals
    def _plan(self, cell: CellTrace, index: int) -> None:
        facts = analyze(cell.statements[index])
        cell.pending = plan_statement(index, facts, self.state, self.namespace)
        events = cell.pending.file_events
        databases = self.databases

        def listen(path: str, access: FileAccess) -> None:
            if access == "db":  # sqlite3.connect: note the file's state before the statement writes
                databases.connected(path)
            else:
                events.append((path, access))

        set_listener(listen)

    def _finish_pending(self, cell: CellTrace, failed: bool) -> None:
        plan, cell.pending = cell.pending, None
        set_listener(None)
        if plan is None:
            return
        if self.databases:  # a changed database file is an in-place update by this statement
            plan.file_events.extend((path, "a") for path in self.databases.changed())
        node = self._statement_node(cell, plan, failed)
        record_statement(plan, node, self.state, self.namespace, failed)
        cell.statement_ids.append(node.id)

    def record_running_statement(self) -> str | None:
        """Add the running statement's node and reads now, so a capture or a trace can point at it.

        Returns the statement's node id, or None when no traced statement is running.
        """
        cell = self.cell
        if cell is None or cell.pending is None or not cell.traced:
            return None
        node = self._statement_node(cell, cell.pending, False)
        if node.id not in self.builder:
            self.builder.add_node(node)
            for node_id in cell.pending.reads.values():
                self.builder.add_edge(node_id, node.id, "reads")
        return node.id

    def _statement_node(self, cell: CellTrace, plan: StatementPlan, failed: bool) -> Node:
        statement = cell.statements[plan.index]
        source = cell.sources[plan.index]
        return Node(
            f"stmt:{cell.run}:{plan.index}",
            "statement",
            source.split("\n", 1)[0][:80],
            cell_id=cell.cell_id,
            execution_count=cell.execution_count,
            run=cell.run,
            line=statement.lineno,
            source=source,
            opaque=plan.facts.opaque,
            error=failed,
        )

    def _scan_namespace(self, cell: CellTrace) -> None:
        """Catch rebinding of tracked names that no statement showed (exec inside a function, silent cells).

        Only tracked names are checked, so the cost does not grow with IPython's `_iN` history entries;
        names created by opaque statements are found by their own before/after comparison.
        """
        if not cell.statement_ids:
            return
        stale = self.state.stale_names(self.namespace)
        if not stale:
            return
        last = self.builder.node(cell.statement_ids[-1])
        origin = Origin(last.id, last.cell_id, last.execution_count, last.line, (last.source or "")[:200])
        for name in stale:
            self.state.new_version(name, self.namespace, origin, "defines")

    def _close_cell(self, cell: CellTrace, failed: bool) -> None:
        if cell.cell_id is not None:
            for previous in self.builder.cells():
                if previous.cell_id == cell.cell_id:
                    for sid in previous.statement_ids:
                        if not self.builder.node(sid).superseded:
                            self.builder.replace_node(sid, superseded=True)
        order = len(self.builder.cells())
        self.builder.add_cell(
            CellRun(
                cell.run, cell.cell_id, cell.execution_count, cell.raw_source, order, cell.traced, failed,
                tuple(cell.statement_ids),
            )
        )  # fmt: skip

    def _fail(self, exc: BaseException) -> None:
        set_listener(None)
        if self.cell is not None:
            self.cell.traced = False
            self.cell.pending = None
        if not self._logged_error:
            self._logged_error = True
            logger.warning("lineage_ext: tracing failed, this cell is recorded as untraced", exc_info=exc)

    def _notify(self) -> None:
        if self.on_change is None or self.builder.revision == self._persisted_revision:
            return
        self._persisted_revision = self.builder.revision
        try:
            self.on_change(self.builder.take_changes(), self.builder.freeze)
        except Exception as exc:
            self._fail(exc)

    # ---- public API used by lineage_ext.api and lineage_ext.graph()
    @property
    def session_id(self) -> str:
        return self.info.session_id

    def graph(self) -> Graph:
        return self.builder.freeze()

    def capture(self, value: Any, name: str) -> Capture:
        from .capturing import build_capture

        return build_capture(self, value, name)

    def record_artifact(self, name: str, version: int, node_id: str) -> None:
        """Show a saved artifact in the graph, linked from the variable version (or statement) saved."""
        artifact_id = add_artifact_node(self.state, name, version)
        self.builder.add_edge(node_id, artifact_id, "saves")
        if self.cell is None:
            self._notify()

    def record_artifact_load(self, value: Any, name: str, version: int) -> None:
        """The running statement loaded an artifact: what it computes depends on that artifact."""
        cell = self.cell
        if cell is not None and cell.pending is not None:
            cell.pending.loaded_artifacts.append((name, version))
            return
        holders = [n for n in self.state.current if self.namespace.get(n) is value]
        if holders:
            artifact_id = add_artifact_node(self.state, name, version)
            self.builder.add_edge(artifact_id, self.state.current[holders[0]], "loads")
            self._notify()


def new_session_info(kernel_id: str | None, notebook_path: str | None) -> SessionInfo:
    return SessionInfo(str(uuid.uuid4()), kernel_id, notebook_path)
