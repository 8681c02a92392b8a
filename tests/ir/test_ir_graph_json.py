"""The graph JSON module only uses types the TypeScript generator understands."""

from __future__ import annotations

import typing

from lineage_ext.ir import graph_json as wire

ALLOWED = {str, int, float, bool, type(None), list, dict}


def _check(tp: object, where: str) -> None:
    origin = typing.get_origin(tp)
    if origin in (typing.Literal,):
        assert all(isinstance(a, str | int | bool) for a in typing.get_args(tp)), where
    elif origin in (typing.Union, __import__("types").UnionType, list, dict, typing.NotRequired):
        if origin is dict:
            assert typing.get_args(tp)[0] is str, where
        for arg in typing.get_args(tp):
            _check(arg, where)
    elif typing.is_typeddict(tp):
        pass
    else:
        assert tp in ALLOWED, f"{where}: {tp!r}"


def test_wire_types_are_plain():
    typeddicts = [v for v in vars(wire).values() if typing.is_typeddict(v)]
    assert {t.__name__ for t in typeddicts} >= {"NodeJSON", "EdgeJSON", "CellJSON", "GraphJSON", "DagreJSON"}
    for typed in typeddicts:
        for name, tp in typing.get_type_hints(typed, include_extras=True).items():
            _check(tp, f"{typed.__name__}.{name}")
