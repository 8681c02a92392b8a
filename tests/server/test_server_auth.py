"""Every /lineage route refuses requests without credentials.

The routes are read from the running server's router, so a handler added later without
``@authenticated``/``@authorized`` fails here without anyone updating this file.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from tornado.httpclient import HTTPClientError

VERBS = ("get", "post", "put", "patch", "delete")


def lineage_routes(web_app: Any) -> list[tuple[str, type]]:
    """(regex, handler) of every /lineage route, from both tornado routers, nested or flat."""
    routes = []
    pending = [*web_app.default_router.rules, *web_app.wildcard_router.rules]
    while pending:
        rule = pending.pop()
        nested = getattr(rule.target, "rules", None)
        if nested is not None:
            pending.extend(nested)
            continue
        pattern = getattr(rule.matcher, "regex", None)
        if pattern is not None and "/lineage/" in pattern.pattern:
            routes.append((pattern.pattern, rule.target))
    return sorted(routes, key=lambda route: route[0])


def concrete_url(pattern: str) -> str:
    """Fill each regex group of a route with a plausible value."""
    url = pattern.rstrip("$")
    url = re.sub(r"\(\?P<version>[^)]*\)", "1", url)
    url = re.sub(r"\(\?P<[a-z_]+>[^)]*\)", "demo", url)
    return re.sub(r"\([^)]*\)", "demo", url)


def implemented_verbs(handler: type) -> list[str]:
    from jupyter_server.base.handlers import APIHandler

    return [v for v in VERBS if getattr(handler, v) is not getattr(APIHandler, v)]


def test_routes_are_registered(jp_web_app: Any) -> None:
    patterns = [pattern for pattern, _ in lineage_routes(jp_web_app)]
    assert any(p.endswith("/lineage/status$") for p in patterns), patterns


async def test_every_route_rejects_anonymous_requests(jp_web_app: Any, http_server_client: Any) -> None:
    routes = lineage_routes(jp_web_app)
    checked = 0
    for pattern, handler in routes:
        for verb in implemented_verbs(handler):
            body = b"{}" if verb in ("post", "put", "patch") else None
            with pytest.raises(HTTPClientError) as info:
                await http_server_client.fetch(concrete_url(pattern), method=verb.upper(), body=body)
            assert info.value.code in (401, 403), (pattern, verb, info.value.code)
            checked += 1
    assert checked >= len(routes) >= 1
