"""Property-based test over every /lineage route and parameter: never a 500, never a file written
outside the Jupyter root, never a reply over a size bound.

Routes and verbs come from the running server's router (as in ``test_server_auth.py``), so a route added
later is covered without touching this file. Path segments, query values and JSON bodies are drawn by
hypothesis: unicode (digits such as ``²``), control characters, huge numbers, long strings, nested JSON
and mutations of a valid export request. A bounded number of examples runs by default; the ``slow``
variant runs many more (``make stress``).
"""

from __future__ import annotations

import json
import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_server_auth import implemented_verbs, lineage_routes
from tornado.httpclient import HTTPClientError, HTTPResponse

from lineage_ext.server.requests import QUERY_SCHEMAS

MAX_REPLY = 1 << 20  # bytes: lists are paged, graphs summarised, messages cut
GROUP = re.compile(r"\(\?P<(?P<name>[a-z_]+)>[^)]*\)")

texts = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        ["1", "latest", "all", "total", "²", "١", "0", "-1", "..", ".", "a/b", "%2F", "\r\n", "\x00"]
    ),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.text(alphabet="9", min_size=19, max_size=5000),
    st.text(min_size=200, max_size=2000),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70) | st.floats() | texts,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
VALID_EXPORT = {
    "artifacts": [{"name": "total", "version": None}],
    "framework": "SCRIPT",
    "pipeline_name": "p",
    "output_dir": "out",
}
EXPORT_FIELDS = [
    *VALID_EXPORT,
    "input_parameters",
    "reuse_pre_computed_artifacts",
    "generate_test",
    "overwrite",
]
mutated_exports = st.builds(
    lambda field, value: {**VALID_EXPORT, field: value}, st.sampled_from(EXPORT_FIELDS), json_values
)
bodies = st.one_of(
    mutated_exports.map(lambda b: json.dumps(b).encode()),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.binary(max_size=200),
)
# path segments by group name: mostly values that reach deep (an existing artifact, odd versions)
SEGMENTS = {
    "name": st.one_of(st.just("total"), texts),
    "version": st.one_of(st.sampled_from(["1", "2", "latest", "all", "²", "0", "9" * 20]), texts),
}
PARAM_NAMES = sorted({name for schema in QUERY_SCHEMAS.values() for name in schema} | {"x", "_"})
queries = st.dictionaries(st.sampled_from(PARAM_NAMES), texts, max_size=4)


def files_outside(tmp_path: Path, root: Path, store: Path) -> set[Path]:
    return {
        path
        for path in tmp_path.rglob("*")
        if root not in (path, *path.parents) and store not in (path, *path.parents)
    }


def request_strategy(web_app: Any) -> st.SearchStrategy[tuple[str, str, dict[str, Any], bytes | None]]:
    calls = [
        (pattern, verb) for pattern, handler in lineage_routes(web_app) for verb in implemented_verbs(handler)
    ]
    assert calls

    @st.composite
    def draw(data: st.DrawFn) -> tuple[str, str, dict[str, Any], bytes | None]:
        pattern, verb = data(st.sampled_from(calls))
        path = GROUP.sub(
            lambda group: urllib.parse.quote(data(SEGMENTS.get(group["name"], texts)), safe="") or "x",
            pattern.rstrip("$"),
        )
        body = data(bodies) if verb in ("post", "put", "patch") else None
        return verb.upper(), path, data(queries), body

    return draw()


@dataclass
class LiveServer:
    loop: Any
    client: Any
    auth: dict[str, str]
    web_app: Any
    tmp_path: Path
    root: Path
    store: Path


@pytest.fixture
def live(  # noqa: PLR0917 (pytest passes fixtures by name)
    jp_asyncio_loop: Any,
    http_server_client: Any,
    jp_auth_header: dict[str, str],
    jp_web_app: Any,
    tmp_path: Path,
    jp_root_dir: Path,
    store_dir: Path,
    traced_total: None,
) -> LiveServer:
    return LiveServer(
        jp_asyncio_loop, http_server_client, jp_auth_header, jp_web_app, tmp_path, jp_root_dir, store_dir
    )


def fetch(live: LiveServer, method: str, url: str, body: bytes | None) -> HTTPResponse:
    try:
        response: HTTPResponse = live.loop.run_until_complete(
            live.client.fetch(url, method=method, body=body, headers=dict(live.auth), request_timeout=60)
        )
    except HTTPClientError as error:
        if error.response is None:  # no HTTP reply at all (the connection broke): as bad as a 500
            raise
        response = error.response
    return response


def check_route_properties(live: LiveServer, examples: int) -> None:
    before = files_outside(live.tmp_path, live.root, live.store)

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(call=request_strategy(live.web_app))
    def one_request(call: tuple[str, str, dict[str, Any], bytes | None]) -> None:
        method, path, params, body = call
        url = path + ("?" + urllib.parse.urlencode(params) if params else "")
        response = fetch(live, method, url, body)
        assert response.code < 500, (method, url, body, response.code, response.reason)
        assert len(response.body or b"") <= MAX_REPLY, (method, url)
        assert len(response.reason or "") <= 200
        assert files_outside(live.tmp_path, live.root, live.store) == before, (method, url, body)

    one_request()


def test_no_route_answers_500_or_writes_outside_the_root(live: LiveServer) -> None:
    check_route_properties(live, 100)


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_no_route_answers_500_or_writes_outside_the_root_long(live: LiveServer) -> None:
    check_route_properties(live, 1500)
