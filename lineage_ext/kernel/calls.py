"""What a call in a statement tells the tracer: the ast side of calls.

A call may run code the ast cannot see (`exec`, `eval`, `globals()`: ``opaque``/``dynamic_code``), change
its receiver or an argument in place (`df.drop(..., inplace=True)`, `setattr(obj, ...)`), run SQL, read or
write a file named by its first argument, or call a function whose summary says what it reads and changes
(``CallSite``). ``CallFacts`` records these while the statement collector (`analysis.py`) walks the rest.
"""

from __future__ import annotations

import ast

from .dynamic import literal_code
from .facts import CallSite, MethodCall
from .magics import is_ipython_call
from .purity import name_is_pure_method
from .roots import dotted, root_name
from .scopes import NameScopes
from .sql import SQL_CALLS

_OPAQUE_CALLS = frozenset({"exec", "eval", "globals", "locals", "vars", "__import__", "compile"})
_ARTIFACT_APIS = frozenset({"lineage_ext", "lineapy"})
_FILE_CALLS = frozenset(
    {
        "open", "read_csv", "read_parquet", "read_json", "read_excel", "read_pickle", "read_feather",
        "read_table", "load", "loadtxt", "genfromtxt", "to_csv", "to_parquet", "to_json", "to_excel",
        "to_pickle", "to_feather", "savefig", "save", "savez", "savetxt", "imread", "imsave",
    }
)  # fmt: skip


class CallFacts(NameScopes):
    """The call visitor of the statement collector (see the module docstring)."""

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
        callee = dotted(func)
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
            self._method_call(func, node)
        if callee is not None:
            args = tuple(root_name(a) for a in node.args)
            kwargs = tuple((k.arg, r) for k in node.keywords if k.arg and (r := root_name(k.value)))
            self.facts.calls.append(CallSite(callee, args, kwargs))

    def _method_call(self, func: ast.Attribute, node: ast.Call) -> None:
        """`x.method(...)`: a call on a prior object, or a change of an object made in this statement."""
        root = root_name(func)
        if root is None or is_ipython_call(func):
            return
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
