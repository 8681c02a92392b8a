"""The data the static analysis produces: statement facts and function summaries (no logic)."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .magic_effects import MagicEffects


@dataclass(frozen=True)
class MethodCall:
    """`root.<...>.method(...)`: `direct` when the receiver is the variable itself (`root.method`)."""

    root: str
    method: str
    direct: bool
    inplace: bool


@dataclass(frozen=True)
class CallSite:
    """A call whose callee is a name or an attribute of a name; `args` are the root names passed."""

    callee: tuple[str, ...]
    args: tuple[str | None, ...]
    kwargs: tuple[tuple[str, str], ...]


@dataclass
class FunctionSummary:
    """What calling a user function may do to module state, found from its AST once at definition."""

    name: str
    params: tuple[str, ...] = ()
    global_reads: set[str] = field(default_factory=set)
    global_writes: set[str] = field(default_factory=set)
    global_mutations: set[str] = field(default_factory=set)
    mutated_params: set[str] = field(default_factory=set)
    # global name -> methods called on it: decides at call time whether a global module really changes
    methods_on: dict[str, set[str]] = field(default_factory=dict)


@dataclass
class StatementFacts:
    reads: set[str] = field(default_factory=set)
    writes: set[str] = field(default_factory=set)
    may_write: bool = False  # compound statement: its bindings depend on the branch taken
    deletes: set[str] = field(default_factory=set)
    mutations: set[str] = field(default_factory=set)
    fresh_mutations: set[str] = field(default_factory=set)  # changed after being re-bound in the statement
    aug_names: set[str] = field(default_factory=set)
    method_calls: list[MethodCall] = field(default_factory=list)
    calls: list[CallSite] = field(default_factory=list)
    imports: list[tuple[str, str]] = field(default_factory=list)  # (module, bound name)
    functions: dict[str, FunctionSummary] = field(default_factory=dict)
    part_of: dict[str, str] = field(default_factory=dict)  # name -> container it was taken from
    iterated: set[str] = field(default_factory=set)  # roots of `for`/comprehension iterables
    file_args: list[tuple[str, ast.expr]] = field(default_factory=list)  # (call name, path expression)
    opaque: bool = False
    dynamic_code: bool = False  # runs code it builds at runtime: may read and change any name
    magic_effects: MagicEffects | None = None  # what a magic does besides its Python code
    sql_calls: list[ast.Call] = field(default_factory=list)  # calls that may run SQL (kernel/sql.py)
    magic: bool = False
