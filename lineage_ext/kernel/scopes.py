"""Block scopes of one statement's walk: which names are certainly bound at each point (issue 14, class 6).

A name bound earlier in the same statement (`for row in rows:` then `row.append(...)`, `with open(b) as fh:`
then `fh.read()`, `frame = frame.copy()` then `frame["x"] = 1` inside a function) is a new object: reading or
changing it afterwards must not depend on, or change, the version the statement started with. Each
statement list (a branch, a loop body, a handler) is its own block; what a block binds is forgotten when it
ends, since a branch not taken or an empty loop binds nothing. Loop targets are bound for the body only.
"""

from __future__ import annotations

import ast

from .facts import StatementFacts


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
