"""Every /lineage verb consults the authorizer: a server whose authorizer refuses all gives 403."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import pytest
from jupyter_server.auth.authorizer import Authorizer
from test_server_auth import concrete_url, implemented_verbs, lineage_routes
from tornado.httpclient import HTTPClientError


class DenyEverything(Authorizer):  # type: ignore[misc]
    """Refuses every authenticated request and records what it was asked."""

    seen: ClassVar[list[tuple[str, str]]] = []

    def is_authorized(self, handler: Any, user: Any, action: str, resource: str) -> bool:
        self.seen.append((action, resource))
        return False


@pytest.fixture
def jp_server_config(store_dir: Path) -> dict[str, Any]:
    return {
        "ServerApp": {"jpserver_extensions": {"lineage_ext": True}, "authorizer_class": DenyEverything},
        "LineageExt": {"store_uri": str(store_dir), "export_kernel_env": False},
    }


async def test_every_route_asks_the_authorizer(jp_web_app: Any, jp_fetch: Any) -> None:
    DenyEverything.seen.clear()
    base = jp_web_app.settings["base_url"]
    checked = 0
    for pattern, handler in lineage_routes(jp_web_app):
        for verb in implemented_verbs(handler):
            path = concrete_url(pattern)[len(base) :]
            body = "{}" if verb in ("post", "put", "patch") else None
            with pytest.raises(HTTPClientError) as info:
                await jp_fetch(path, method=verb.upper(), body=body)
            assert info.value.code == 403, (pattern, verb)
            checked += 1
    assert checked >= 1
    assert {resource for _, resource in DenyEverything.seen} == {"lineage"}
