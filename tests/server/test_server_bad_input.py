"""Malformed input gets a 4xx with a short message, never a 500 (each case was a 500 or worse before).

Unicode digits and over-long numbers in URLs, non-integer versions in an export body, over-long folder
and pipeline names, a huge ``framework`` that used to be echoed into the status line, and line breaks in
folder names, which used to be created.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tornado.httpclient import HTTPClientError


def body(**overrides: Any) -> str:
    request = {"artifacts": [{"name": "total", "version": None}], "framework": "SCRIPT", "pipeline_name": "p"}
    return json.dumps({**request, **overrides})


async def expect_4xx(jp_fetch: Any, *parts: str, **kwargs: Any) -> HTTPClientError:
    with pytest.raises(HTTPClientError) as info:
        await jp_fetch(*parts, **kwargs)
    error = info.value
    assert error.code is not None
    assert 400 <= error.code < 500, (parts, error.code)
    assert error.response is not None
    reply = json.loads(error.response.body)
    assert reply["message"]
    assert len(error.response.reason or "") <= 200
    assert "\n" not in (error.response.reason or "")
    return error


@pytest.mark.parametrize("version", ["²", "١", "1" * 20, "9" * 5000, "0", "-1"])
async def test_odd_versions_in_urls(jp_fetch: Any, version: str) -> None:
    await expect_4xx(jp_fetch, "lineage", "artifacts", "total", version)
    await expect_4xx(jp_fetch, "lineage", "artifacts", "total", version, method="DELETE")
    await expect_4xx(jp_fetch, "lineage", "export", "parameters", params={"artifact": f"total:{version}"})


@pytest.mark.parametrize("since", ["²", "1" * 20, "9" * 5000, "-3"])
async def test_odd_revisions_in_graph_queries(jp_fetch: Any, since: str) -> None:
    await expect_4xx(jp_fetch, "lineage", "graph", params={"path": "nb.ipynb", "since": since})


@pytest.mark.usefixtures("traced_total")
async def test_non_integer_versions_in_an_export_body(jp_fetch: Any, jp_root_dir: Path) -> None:
    for version in ([], {}, 2**63, -1, "1", 1.5, True):
        request = body(artifacts=[{"name": "total", "version": version}], output_dir="out")
        await expect_4xx(jp_fetch, "lineage", "export", method="POST", body=request)
        assert not (jp_root_dir / "out").exists()


ODD_FIELDS: list[dict[str, Any]] = [
    {"output_dir": "x" * 256},
    {"output_dir": "a/" + "y" * 300},
    {"pipeline_name": "p" * 256},
    {"framework": "F" * 100_000},
    {"framework": "SCRIPT\r\nX-Injected: 1"},
    {"artifacts": [{"name": "n" * 5000, "version": None}]},
    {"input_parameters": ["rows"] * 1000},
    {"unexpected": 1},
]


@pytest.mark.usefixtures("traced_total")
async def test_over_long_or_odd_export_fields(jp_fetch: Any, jp_root_dir: Path) -> None:
    for overrides in ODD_FIELDS:
        error = await expect_4xx(jp_fetch, "lineage", "export", method="POST", body=body(**overrides))
        assert error.response is not None
        assert "X-Injected" not in error.response.headers
        assert sorted(p.name for p in jp_root_dir.iterdir()) == []


@pytest.mark.usefixtures("traced_total")
async def test_control_characters_in_folder_names_are_refused_not_created(
    jp_fetch: Any, jp_root_dir: Path
) -> None:
    for folder in ("bad\r\nname", "bad\nname", "tab\tname", "nul\x00name", "bell\x07"):
        await expect_4xx(jp_fetch, "lineage", "export", method="POST", body=body(output_dir=folder))
    assert sorted(p.name for p in jp_root_dir.iterdir()) == []


@pytest.mark.parametrize("raw", [b"\xff\xfe", b"[" * 100_000, b"{", b"x" * (2 << 20)])
async def test_unreadable_bodies(jp_fetch: Any, raw: bytes) -> None:
    await expect_4xx(jp_fetch, "lineage", "export", method="POST", body=raw)


@pytest.mark.parametrize(
    ("route", "params"),
    [
        (("artifacts",), {"q": "a\nb"}),
        (("artifacts",), {"limit": "0"}),
        (("artifacts",), {"offset": "²"}),
        (("artifacts",), {"latest": "maybe"}),
        (("graph",), {"path": "x" * 5000}),
        (("graph",), {"kernel_id": "k\r\n"}),
        (("export", "parameters"), {"artifact": "a" * 300}),
    ],
)
async def test_odd_query_values(jp_fetch: Any, route: tuple[str, ...], params: dict[str, str]) -> None:
    await expect_4xx(jp_fetch, "lineage", *route, params=params)
