"""Static facts about one top-level statement: the names it reads, binds, deletes and changes in place.

This module owns the ast side of tracing. It never looks at runtime values (that is `resolve.py`), so its
results can be computed once per statement before it runs. Function and class bodies are summarised here
once, when defined (`FunctionSummary`), so calling them later costs a dictionary lookup.
"""

from __future__ import annotations

import ast

from .dynamic import literal_code
from .facts import CallSite, FunctionSummary, MethodCall, StatementFacts
from .magic_effects import magic_effects
from .magics import is_ipython_call, magic_call, merge_magic
from .purity import name_is_pure_method
from .scopes import BlockScopes
from .sql import SQL_CALLS

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
_OPAQUE_CALLS = frozenset({"exec", "eval", "globals", "locals", "vars", "__import__", "compile"})


def root_name(node: ast.expr) -> str | None:
    """`a` for `a`, `a.b`, `a[0].c`, `a.b()`: the variable an expression hangs off."""
    while True:
        if isinstance(node, ast.Name):
            return node.id
        if isinstance(node, ast.Attribute | ast.Subscript | ast.Starred):
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        else:
            return None


_ARTIFACT_APIS = frozenset({"lineage_ext", "lineapy"})


def _dotted(node: ast.expr) -> tuple[str, ...] | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return (node.id, *reversed(parts))
    return None


# builtins whose result yields the very items of their arguments (`enumerate(rows)` yields rows' rows)
_ITEM_PASSING = frozenset({"enumerate", "zip", "reversed", "sorted", "iter", "list", "tuple", "filter"})


def iter_sources(node: ast.expr) -> tuple[str, ...]:
    """Variables whose items a loop over `node` visits: `rows`, `d.items()`, `enumerate(rows)`."""
    if isinstance(node, ast.Call):
        if isinstance(node.func, ast.Name) and node.func.id in _ITEM_PASSING:
            return tuple(r for arg in node.args for r in iter_sources(arg))
        if isinstance(node.func, ast.Attribute) and node.func.attr in ("items", "values"):
            return iter_sources(node.func.value)
        return ()
    root = root_name(node)
    return (root,) if root is not None else ()


_FILE_CALLS = frozenset(
    {
        "open", "read_csv", "read_parquet", "read_json", "read_excel", "read_pickle", "read_feather",
        "read_table", "load", "loadtxt", "genfromtxt", "to_csv", "to_parquet", "to_json", "to_excel",
        "to_pickle", "to_feather", "savefig", "save", "savez", "savetxt", "imread", "imsave",
    }
)  # fmt: skip


class _Collector(BlockScopes):
    """Walks one scope; nested function/class bodies become summaries, comprehensions hide their targets."""

    def __init__(self, facts: StatementFacts) -> None:
        super().__init__(facts)
        self.hidden: list[set[str]] = []
        self.sources: list[dict[str, tuple[str, ...]]] = []  # per hidden scope: name -> iterated roots
        self.global_decls: set[str] = set()

    def _changed_roots(self, root: str, seen: frozenset[str] = frozenset()) -> tuple[str, ...]:
        """What changing `root` changes: a comprehension variable stands for the iterable's items."""
        if root in seen:  # `[x for x in x]`: the iterable is the enclosing scope's `x`
            return (root,)
        for names, sources in zip(reversed(self.hidden), reversed(self.sources), strict=True):
            if root in names:
                inner = seen | {root}
                return tuple(
                    r for source in sources.get(root, ()) for r in self._changed_roots(source, inner)
                )
        return (root,)

    def _load(self, name: str) -> None:
        if not any(name in scope for scope in self.hidden) and not self._is_bound(name):
            self.facts.reads.add(name)

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

    def visit_Call(self, node: ast.Call) -> None:
        self.generic_visit(node)
        func = node.func
        if isinstance(func, ast.Name) and func.id in _OPAQUE_CALLS:
            self.facts.opaque = True
            self._dynamic_code(func.id, node)
        if isinstance(func, ast.Name) and func.id in ("setattr", "delattr") and node.args:
            root = root_name(node.args[0])
            if root is not None:
                self._mutate(root)
        callee = _dotted(func)
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in SQL_CALLS:
            self.facts.sql_calls.append(node)
        # lineage_ext.save(path, ...) stores the file's content: it reads the file, never writes it
        if name in _FILE_CALLS and not (
            name == "save" and callee is not None and callee[0] in _ARTIFACT_APIS
        ):
            path = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg), None)
            if path is not None:
                self.facts.file_args.append((name, path))
        if isinstance(func, ast.Attribute):
            root = root_name(func)
            if root is not None and not is_ipython_call(func):
                inplace = any(
                    k.arg == "inplace" and not (isinstance(k.value, ast.Constant) and not k.value.value)
                    for k in node.keywords
                )
                direct = isinstance(func.value, ast.Name)
                changed = self._changed_roots(root)
                if changed != (root,) or not self._is_bound(root):
                    direct = direct and changed == (root,)
                    for name in changed:
                        self.facts.method_calls.append(MethodCall(name, func.attr, direct, inplace))
                elif inplace or not name_is_pure_method(func.attr):  # its receiver is the new object
                    self.facts.fresh_mutations.add(root)
        if callee is not None:
            args = tuple(root_name(a) for a in node.args)
            kwargs = tuple((k.arg, r) for k in node.keywords if k.arg and (r := root_name(k.value)))
            self.facts.calls.append(CallSite(callee, args, kwargs))

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self.visit(node.value)
        self._bind(node.target.id)

    def _dynamic_code(self, called: str, node: ast.Call) -> None:
        """`exec("...")`/`eval("...")` of a literal are analysed as the code they run; any other code
        string (or a bare `globals()`/`locals()`/`vars()`) may reach every name: `dynamic_code`."""
        if called in ("exec", "eval"):
            code = literal_code(node, called)
            if code is None:
                self.facts.dynamic_code = True
            for statement in code or ():
                self.visit(statement)
        elif called in ("globals", "locals", "vars") and not node.args:
            self.facts.dynamic_code = True

    def _named_lambda(self, node: ast.Lambda, names: list[str]) -> None:
        """`f = lambda x: x * rate`: like a `def`, its body reads globals when called, not now."""
        for default in [*node.args.defaults, *node.args.kw_defaults]:
            if default is not None:
                self.visit(default)
        summary = summarize_function(node)
        for name in names:
            self._bind(name)
            self.facts.functions[name] = summary

    def _comprehension(self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp) -> None:
        targets = {n.id for gen in node.generators for n in ast.walk(gen.target) if isinstance(n, ast.Name)}
        self.visit(node.generators[0].iter)
        self.hidden.append(targets)
        self.sources.append({})
        for index, gen in enumerate(node.generators):
            if index:
                self.visit(gen.iter)
            roots = iter_sources(gen.iter)
            self.facts.iterated.update(r for r in roots if not any(r in scope for scope in self.hidden))
            for target in ast.walk(gen.target):
                if isinstance(target, ast.Name):
                    self.sources[-1][target.id] = roots
            for condition in gen.ifs:
                self.visit(condition)
        for child in (node.key, node.value) if isinstance(node, ast.DictComp) else (node.elt,):
            self.visit(child)
        self.hidden.pop()
        self.sources.pop()

    visit_ListComp = visit_SetComp = visit_GeneratorExp = visit_DictComp = _comprehension

    def visit_Lambda(self, node: ast.Lambda) -> None:
        for default in [*node.args.defaults, *node.args.kw_defaults]:
            if default is not None:
                self.visit(default)
        self.hidden.append({a.arg for a in _all_args(node.args)})
        self.sources.append({})
        self.visit(node.body)
        self.hidden.pop()
        self.sources.pop()

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
                _merge(summary, summarize_function(item))
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


def _all_args(args: ast.arguments) -> list[ast.arg]:
    extra = [a for a in (args.vararg, args.kwarg) if a is not None]
    return [*args.posonlyargs, *args.args, *args.kwonlyargs, *extra]


def _merge(into: FunctionSummary, other: FunctionSummary) -> None:
    into.global_reads |= other.global_reads
    into.global_writes |= other.global_writes
    into.global_mutations |= other.global_mutations
    _merge_methods(into, other)


def _merge_methods(into: FunctionSummary, other: FunctionSummary) -> None:
    for root, methods in other.methods_on.items():
        into.methods_on.setdefault(root, set()).update(methods)


def summarize_function(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> FunctionSummary:
    """Globals a function reads, rebinds (`global`) and mutates, and which parameters it mutates."""
    params = tuple(a.arg for a in _all_args(node.args))
    facts = StatementFacts()
    collector = _Collector(facts)
    body = node.body if isinstance(node.body, list) else [ast.Expr(node.body)]
    for statement in body:
        collector.visit(statement)
    declared = collector.global_decls
    local = (facts.writes | facts.deletes | set(params)) - declared
    mutated = set(facts.mutations)
    summary = FunctionSummary(getattr(node, "name", "<lambda>"), params)
    for call in facts.method_calls:
        if not name_is_pure_method(call.method) or call.inplace:
            mutated.add(call.root)
            summary.methods_on.setdefault(call.root, set()).add(call.method)
    mutated |= {n for n in facts.aug_names if n in declared}
    summary.global_reads = facts.reads - local
    summary.global_writes = (facts.writes | facts.deletes) & declared
    summary.global_mutations = mutated - local
    summary.mutated_params = mutated & set(params)
    for inner in facts.functions.values():  # closures read and change globals when called
        summary.global_reads |= inner.global_reads - local
        summary.global_mutations |= (inner.global_mutations | inner.global_writes) - local
        _merge_methods(summary, inner)
    return summary


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
