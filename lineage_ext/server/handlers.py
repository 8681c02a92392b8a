"""HTTP handlers under ``/lineage/``: parse, call ``LineageService``, serialize.

Every handler derives from ``LineageHandler`` and decorates each verb with
``@tornado.web.authenticated`` and ``@authorized`` (a test enumerates all routes to
prove it). Errors are ``tornado.web.HTTPError`` rendered as JSON by ``APIHandler``.
"""

from __future__ import annotations

import json
from typing import Any

import tornado.web
from jupyter_server.auth.decorator import authorized
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join

from .service import LineageService

AUTH_RESOURCE = "lineage"


class LineageHandler(APIHandler):
    """Base of all ``/lineage`` handlers: one auth resource, JSON replies."""

    auth_resource = AUTH_RESOURCE

    @property
    def lineage(self) -> LineageService:
        service: LineageService = self.settings["lineage_ext.service"]
        return service

    def reply(self, payload: Any, status: int = 200) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(payload))


class StatusHandler(LineageHandler):
    """``GET /lineage/status``: version, store location, kernels traced."""

    @tornado.web.authenticated
    @authorized
    async def get(self) -> None:
        self.reply(self.lineage.status())


def route_table(base_url: str) -> list[tuple[str, type[LineageHandler]]]:
    """All ``/lineage`` routes, relative to the server's base URL."""
    routes: list[tuple[str, type[LineageHandler]]] = [
        ("status", StatusHandler),
    ]
    return [(url_path_join(base_url, "lineage", pattern), handler) for pattern, handler in routes]
