"""The committed TypeScript wire types match the Python definitions."""

from __future__ import annotations

from typing import Literal, NotRequired, TypedDict

from lineage_ext.server import gen_ts


class Inner(TypedDict):
    a: int


class Outer(TypedDict):
    name: str
    tags: list[str]
    counts: dict[str, float]
    kind: Literal["x", "y"]
    inner: Inner | None
    maybe: NotRequired[bool]


def test_committed_typescript_types_are_current() -> None:
    assert gen_ts.TARGET.read_text() == gen_ts.render(), "run: python -m lineage_ext.server.gen_ts"


def test_typescript_mapping_of_json_annotations() -> None:
    text = gen_ts._interface(Outer)
    assert text.splitlines() == [
        "export interface Outer {",
        "  name: string;",
        "  tags: Array<string>;",
        "  counts: Record<string, number>;",
        '  kind: "x" | "y";',
        "  inner: Inner | null;",
        "  maybe?: boolean;",
        "}",
    ]
