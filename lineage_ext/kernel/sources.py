"""The source text of each top-level statement of a cell, for statement nodes and slicing.

When the raw cell is plain Python (the common case), IPython's transformations leave it unchanged, so each
statement's exact text (comments inside it included) is cut from the raw cell by its ast positions. Cells
with magics, shell escapes or prompts are regenerated with `ast.unparse`, which gives runnable Python.
"""

from __future__ import annotations

import ast
import re

_IPYTHON_SYNTAX = re.compile(r"^\s*(%|!|\?|>>>|In \[)|\?\s*$", re.MULTILINE)


def _first_line(statement: ast.stmt) -> int:
    """A decorated definition starts at its first decorator, not at `def`/`class`: the decorators are
    part of the definition (the '@' sits in the statement's own column)."""
    decorators = getattr(statement, "decorator_list", None)
    return min(statement.lineno, *(d.lineno for d in decorators)) if decorators else statement.lineno


def statement_sources(raw_cell: str, statements: list[ast.stmt]) -> list[str]:
    if _IPYTHON_SYNTAX.search(raw_cell) or raw_cell[:1].isspace():
        return [ast.unparse(statement) for statement in statements]
    lines = raw_cell.splitlines(keepends=True)
    sources = []
    for statement in statements:
        start_line = _first_line(statement)
        end_line = statement.end_lineno or statement.lineno
        end_col = statement.end_col_offset
        if end_line > len(lines) or end_col is None:
            sources.append(ast.unparse(statement))
            continue
        chunk = lines[start_line - 1 : end_line]
        first = chunk[0].encode()[statement.col_offset :].decode(errors="replace")
        if len(chunk) == 1:
            sources.append(chunk[0].encode()[statement.col_offset : end_col].decode(errors="replace"))
            continue
        last = chunk[-1].encode()[:end_col].decode(errors="replace")
        sources.append("".join([first, *chunk[1:-1], last]))
    return sources
