"""The scopes of one statement's walk: which names are bound at each point, and which are hidden.

Block scopes (issue 14, class 6): which names are certainly bound at each point.

A name bound earlier in the same statement (`for row in rows:` then `row.append(...)`, `with open(b) as fh:`
then `fh.read()`, `frame = frame.copy()` then `frame["x"] = 1` inside a function) is a new object: reading or
changing it afterwards must not depend on, or change, the version the statement started with. Each
statement list (a branch, a loop body, a handler) is its own block; what a block binds is forgotten when it
ends, since a branch not taken or an empty loop binds nothing. Loop targets are bound for the body only.

Hidden scopes: a comprehension's targets and a lambda's parameters are not the statement's variables; a
comprehension variable stands for the items of what it iterates, so changing it changes that iterable.
"""

from __future__ import annotations

import ast

from .facts import StatementFacts
from .roots import iter_sources


class BlockScopes(ast.NodeVisitor):
    """The base of the statement collector: bindings per block, and fresh vs. prior in-place changes."""

    def __init__(self, facts: StatementFacts) -> None:
        self.facts = facts
        self.bound: list[set[str]] = [set()]

    def _is_bound(self, name: str) -> bool:
        return any(name in block for block in self.bound)

    def _bind(self, name: str) -> None:
        self.facts.writes.add(name)
        self.bound[-1].add(name)

    def _unbind(self, name: str) -> None:
        for block in self.bound:
            block.discard(name)

    def _mutate(self, root: str) -> None:
        """A change in place of `root`; a name re-bound earlier in the statement is a new object."""
        if self._is_bound(root):
            self.facts.fresh_mutations.add(root)
        else:
            self.facts.mutations.add(root)

    def _visit_block(self, statements: list[ast.stmt], bound: set[str] | None = None) -> None:
        self.bound.append(set(bound or ()))
        for statement in statements:
            self.visit(statement)
        self.bound.pop()

    def generic_visit(self, node: ast.AST) -> None:
        """As `ast.NodeVisitor`, but each statement list (a branch, a loop body) is its own block."""
        for _field, value in ast.iter_fields(node):
            if isinstance(value, list):
                if value and isinstance(value[0], ast.stmt):
                    self._visit_block(value)
                    continue
                for item in value:
                    if isinstance(item, ast.AST):
                        self.visit(item)
            elif isinstance(value, ast.AST):
                self.visit(value)


class NameScopes(BlockScopes):
    """Block scopes plus the hidden scopes of comprehensions and lambdas: what a name read or changed is."""

    def __init__(self, facts: StatementFacts) -> None:
        super().__init__(facts)
        self.hidden: list[set[str]] = []
        self.sources: list[dict[str, tuple[str, ...]]] = []  # per hidden scope: name -> iterated roots

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
        self.hidden.append({a.arg for a in all_args(node.args)})
        self.sources.append({})
        self.visit(node.body)
        self.hidden.pop()
        self.sources.pop()


def all_args(args: ast.arguments) -> list[ast.arg]:
    """Every parameter of a function or lambda, `*args` and `**kwargs` included."""
    extra = [a for a in (args.vararg, args.kwarg) if a is not None]
    return [*args.posonlyargs, *args.args, *args.kwonlyargs, *extra]
