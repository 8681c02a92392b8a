"""Static facts about one top-level statement: the names it reads, binds, deletes and changes in place.

This module owns the ast side of tracing: ``analyze`` walks one statement with the statement collector
below. It never looks at runtime values (that is `planning.py`), so its results can be computed once per
statement before it runs. The collector's parts live beside it: `scopes.py` (which names are bound or
hidden at each point), `calls.py` (what calls do), `roots.py` (which variable an expression stands on).
Function and class bodies are summarised once, when defined (`summaries.py`), so calling them later costs
a dictionary lookup.
"""

from __future__ import annotations

import ast

from .calls import CallFacts
from .facts import CallSite, FunctionSummary, MethodCall, StatementFacts
from .magic_effects import magic_effects
from .magics import magic_call, merge_magic
from .roots import iter_sources, root_name
from .scopes import all_args
from .summaries import merge, summary_of

_COMPOUND = (
    ast.If,
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.Try,
    ast.TryStar,
    ast.With,
    ast.AsyncWith,
    ast.Match,
)


class _Collector(CallFacts):
    """Walks one scope; nested function/class bodies become summaries, comprehensions hide their targets."""

    def __init__(self, facts: StatementFacts) -> None:
        super().__init__(facts)
        self.global_decls: set[str] = set()

    def _store_target(self, target: ast.expr) -> None:
        if isinstance(target, ast.Name):
            self._bind(target.id)
        elif isinstance(target, ast.Tuple | ast.List):
            for element in target.elts:
                self._store_target(element)
        elif isinstance(target, ast.Starred):
            self._store_target(target.value)
        elif isinstance(target, ast.Attribute | ast.Subscript):
            root = root_name(target)
            if root is not None:
                for changed in self._changed_roots(root):
                    self._mutate(changed)
                self._load(root)
            self.visit(target.value)
            if isinstance(target, ast.Subscript):
                self.visit(target.slice)

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Load):
            self._load(node.id)
        elif isinstance(node.ctx, ast.Store):
            self._bind(node.id)
        else:
            self.facts.deletes.add(node.id)
            self._unbind(node.id)

    def visit_Assign(self, node: ast.Assign) -> None:
        if isinstance(node.value, ast.Lambda) and all(isinstance(t, ast.Name) for t in node.targets):
            self._named_lambda(node.value, [t.id for t in node.targets if isinstance(t, ast.Name)])
            return
        self.visit(node.value)
        for target in node.targets:
            self._store_target(target)
        source = root_name(node.value)
        if source is not None and isinstance(node.value, ast.Attribute | ast.Subscript):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    self.facts.part_of[target.id] = source

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.visit(node.value)
            self._store_target(node.target)
        self.visit(node.annotation)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self.visit(node.value)
        if isinstance(node.target, ast.Name):
            self._load(node.target.id)
            self._bind(node.target.id)
            self.facts.aug_names.add(node.target.id)
        else:
            self._store_target(node.target)

    def visit_Delete(self, node: ast.Delete) -> None:
        for target in node.targets:
            if isinstance(target, ast.Name):
                self.visit_Name(target)
            else:
                self._store_target(target)

    def visit_For(self, node: ast.For | ast.AsyncFor) -> None:
        self.visit(node.iter)
        self.facts.iterated.update(iter_sources(node.iter))
        outer = set(self.bound[-1])
        self._store_target(node.target)
        targets = self.bound[-1] - outer
        self.bound[-1] = outer  # bound for the body only: an empty loop binds nothing
        source = root_name(node.iter)
        if source is not None and isinstance(node.iter, ast.Name | ast.Attribute | ast.Subscript):
            for target in ast.walk(node.target):
                if isinstance(target, ast.Name):
                    self.facts.part_of[target.id] = source
        self._visit_block(node.body, targets)
        self._visit_block(node.orelse)

    visit_AsyncFor = visit_For

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self.visit(node.value)
        self._bind(node.target.id)

    def _named_lambda(self, node: ast.Lambda, names: list[str]) -> None:
        """`f = lambda x: x * rate`: like a `def`, its body reads globals when called, not now."""
        for default in [*node.args.defaults, *node.args.kw_defaults]:
            if default is not None:
                self.visit(default)
        summary = summarize_function(node)
        for name in names:
            self._bind(name)
            self.facts.functions[name] = summary

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for expr in [*node.decorator_list, *node.args.defaults, *node.args.kw_defaults]:
            if expr is not None:
                self.visit(expr)
        self._bind(node.name)
        self.facts.functions[node.name] = summarize_function(node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for expr in [*node.decorator_list, *node.bases, *(k.value for k in node.keywords)]:
            self.visit(expr)
        summary = FunctionSummary(node.name)
        for item in node.body:
            if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                for part in [*item.decorator_list, *item.args.defaults, *item.args.kw_defaults]:
                    if part is not None:  # method decorators and defaults run with the class body
                        self.visit(part)
                merge(summary, summarize_function(item))
            else:  # the class body runs now: its reads are the statement's reads
                body_facts = StatementFacts()
                _Collector(body_facts).visit(item)
                self.facts.reads |= body_facts.reads
        self._bind(node.name)
        self.facts.functions[node.name] = summary

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            bound = alias.asname or alias.name.split(".")[0]
            self.facts.imports.append((alias.name, bound))
            self._bind(bound)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = "." * node.level + (node.module or "")
        for alias in node.names:
            if alias.name == "*":
                self.facts.opaque = True
                self.facts.imports.append((module, "*"))
                continue
            bound = alias.asname or alias.name
            self.facts.imports.append((module, bound))
            self._bind(bound)

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.name:
            self.facts.writes.add(node.name)
        self.generic_visit(node)

    def visit_MatchAs(self, node: ast.MatchAs) -> None:
        if node.name:
            self.facts.writes.add(node.name)
        self.generic_visit(node)

    def visit_MatchStar(self, node: ast.MatchStar) -> None:
        if node.name:
            self.facts.writes.add(node.name)

    def visit_MatchMapping(self, node: ast.MatchMapping) -> None:
        if node.rest:
            self.facts.writes.add(node.rest)
        self.generic_visit(node)

    def visit_Global(self, node: ast.Global) -> None:
        self.global_decls.update(node.names)

    def visit_Nonlocal(self, node: ast.Nonlocal) -> None:
        self.global_decls.update(node.names)


def summarize_function(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> FunctionSummary:
    """Globals a function reads, rebinds (`global`) and mutates, and which parameters it mutates."""
    facts = StatementFacts()
    collector = _Collector(facts)
    body = node.body if isinstance(node.body, list) else [ast.Expr(node.body)]
    for statement in body:
        collector.visit(statement)
    params = tuple(a.arg for a in all_args(node.args))
    return summary_of(getattr(node, "name", "<lambda>"), params, facts, collector.global_decls)


def analyze(statement: ast.stmt) -> StatementFacts:
    """Static facts of one top-level statement; IPython magics get parsed when their code is Python."""
    facts = StatementFacts()
    _Collector(facts).visit(statement)
    facts.may_write = isinstance(statement, _COMPOUND)
    magic = magic_call(statement)
    if magic is not None:
        facts.magic = True
        merge_magic(facts, *magic, analyze=analyze)
        effects = magic_effects(statement)
        if effects is not None:
            facts.reads |= effects.reads
            facts.writes |= effects.writes
            facts.magic_effects = effects
    return facts


__all__ = [
    "CallSite",
    "FunctionSummary",
    "MethodCall",
    "StatementFacts",
    "analyze",
    "root_name",
    "summarize_function",
]
