"""HTTP handlers under ``/lineage/``: parse, call ``LineageService``, serialize.

Every handler derives from ``LineageHandler`` and decorates each verb with
``@tornado.web.authenticated`` and ``@authorized`` (a test enumerates all routes to
prove it). Input is checked by ``requests.py`` before anything runs; blocking work runs off the
event loop (``workers.py``). Errors are ``tornado.web.HTTPError`` rendered as short JSON messages.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import tornado.web
from jupyter_server.auth.decorator import authorized
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join

from . import exporting
from .replies import MAX_MESSAGE, MAX_REASON, message_of, safe_text, status_of
from .requests import (
    bad_request,
    checked_text,
    parse_export_request,
    parse_json_body,
    parse_query,
    parse_version,
)
from .service import DEFAULT_PAGE, LineageService
from .workers import Offload, WorkerFailed

AUTH_RESOURCE = "lineage"


class LineageHandler(APIHandler):
    """Base of all ``/lineage`` handlers: one auth resource, checked input, bounded JSON replies.

    Blocking work never runs on the event loop: metadata reads go to ``offload.run`` (threads), snapshot
    work to ``offload.snapshot`` (worker processes). Errors leave as short, single-line messages.
    """

    auth_resource = AUTH_RESOURCE

    @property
    def lineage(self) -> LineageService:
        service: LineageService = self.settings["lineage_ext.service"]
        return service

    @property
    def offload(self) -> Offload:
        offload: Offload = self.settings["lineage_ext.offload"]
        return offload

    def reply(self, payload: Any, status: int = 200) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(payload))

    def query(self, route: str) -> dict[str, Any]:
        return parse_query(route, self.request.query_arguments)

    def set_status(self, status_code: int, reason: str | None = None) -> None:
        # every reason phrase is one short line of ASCII, whatever user input a message quotes
        super().set_status(status_code, None if reason is None else safe_text(reason, MAX_REASON))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        error = kwargs.get("exc_info", (None, None, None))[1]
        if isinstance(error, tornado.web.HTTPError):
            reason = safe_text(error.reason or "", MAX_REASON)
            # log_message is a %-format for tornado's log: ours always come as "%s" with the text as argument
            logged = error.log_message % error.args if error.log_message and error.args else error.log_message
            message = safe_text(logged or reason, MAX_MESSAGE)
            self.set_header("Content-Type", "application/json")
            self.finish(json.dumps({"message": message, "reason": reason or None}))
            return
        super().write_error(status_code, **kwargs)

    async def blocking(self, function: Callable[..., Any], *args: Any) -> Any:
        """Run a service method in a thread; our errors become 4xx replies."""
        with user_errors():
            return await self.offload.run(function, *args)

    async def snapshot(self, op: str, **args: Any) -> Any:
        """Run snapshot work in a worker process; its errors arrive already classified."""
        try:
            return await self.offload.snapshot(op, **args)
        except WorkerFailed as exc:
            message = str(exc)
            raise tornado.web.HTTPError(
                exc.status, "%s", safe_text(message, MAX_MESSAGE), reason=safe_text(message, MAX_REASON)
            ) from exc


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn our exceptions into 4xx replies with the exception's message."""
    try:
        yield
    except Exception as exc:
        status = status_of(exc)
        if status is None:
            raise
        message = message_of(exc)
        # the body carries the whole message (bounded); the status line a short cut of it
        raise tornado.web.HTTPError(
            status, "%s", safe_text(message, MAX_MESSAGE), reason=safe_text(message, MAX_REASON)
        ) from exc


class StatusHandler(LineageHandler):
    """``GET /lineage/status``: version, store location, kernels traced."""

    @tornado.web.authenticated
    @authorized
    async def get(self) -> None:
        self.reply(await self.blocking(self.lineage.status))


class GraphHandler(LineageHandler):
    """``GET /lineage/graph?path=&kernel_id=&since=&page=``: the latest session graph of a notebook."""

    @tornado.web.authenticated
    @authorized
    async def get(self) -> None:
        query = self.query("graph")
        self.reply(
            await self.snapshot(
                "graph",
                path=query.get("path"),
                kernel_id=query.get("kernel_id"),
                since=query.get("since"),
                page=query.get("page"),
            )
        )


class TraceHandler(LineageHandler):
    """``GET /lineage/traces/<trace_id>``: one call trace (the graph's ``trace`` nodes name them)."""

    @tornado.web.authenticated
    @authorized
    async def get(self, trace_id: str) -> None:
        self.reply(await self.blocking(self.lineage.trace, checked_text("trace id", trace_id)))


class ArtifactListHandler(LineageHandler):
    """``GET /lineage/artifacts?q=&path=&latest=1&offset=&limit=``: artifact versions, newest first."""

    @tornado.web.authenticated
    @authorized
    async def get(self) -> None:
        query = self.query("artifacts")
        self.reply(
            await self.blocking(
                self.lineage.list_artifacts,
                query.get("q"),
                query.get("path"),
                query.get("latest", False),
                query.get("offset", 0),
                query.get("limit", DEFAULT_PAGE),
            )
        )


class ArtifactVersionsHandler(LineageHandler):
    """``GET /lineage/artifacts/<name>?offset=&limit=``: versions of one artifact."""

    @tornado.web.authenticated
    @authorized
    async def get(self, name: str) -> None:
        query = self.query("versions")
        self.reply(
            await self.blocking(
                self.lineage.versions,
                checked_text("artifact name", name),
                query.get("offset", 0),
                query.get("limit", DEFAULT_PAGE),
            )
        )


class ArtifactVersionHandler(LineageHandler):
    """``GET``/``DELETE /lineage/artifacts/<name>/<version>`` (version: n, latest, or all for DELETE)."""

    @tornado.web.authenticated
    @authorized
    async def get(self, name: str, version: str) -> None:
        parsed = parse_version(version, ("latest",))
        self.reply(
            await self.snapshot(
                "artifact_detail",
                name=checked_text("artifact name", name),
                version=None if parsed == "latest" else parsed,
            )
        )

    @tornado.web.authenticated
    @authorized
    async def delete(self, name: str, version: str) -> None:
        parsed = parse_version(version, ("latest", "all"))
        self.reply(await self.blocking(self.lineage.delete, checked_text("artifact name", name), parsed))


class ExportHandler(LineageHandler):
    """``POST /lineage/export``: write a pipeline for the chosen artifacts into the Jupyter root."""

    @tornado.web.authenticated
    @authorized
    async def post(self) -> None:
        request = parse_export_request(parse_json_body(self.request.body))
        frameworks = await self.blocking(exporting.frameworks)
        if request["framework"].upper() not in {f["name"] for f in frameworks["frameworks"]}:
            raise bad_request(
                f"framework must be one of {', '.join(f['name'] for f in frameworks['frameworks'])}"
            )
        self.reply(await self.snapshot("export", request=request), 201)


class FrameworksHandler(LineageHandler):
    """``GET /lineage/export/frameworks``: the export targets and what each produces."""

    @tornado.web.authenticated
    @authorized
    async def get(self) -> None:
        self.reply(await self.blocking(exporting.frameworks))


class ParametersHandler(LineageHandler):
    """``GET /lineage/export/parameters?artifact=name:version``: literal assignments usable as parameters."""

    @tornado.web.authenticated
    @authorized
    async def get(self) -> None:
        refs = self.query("parameters")["artifact"]
        self.reply(await self.snapshot("parameters", refs=refs))


def route_table(base_url: str) -> list[tuple[str, type[LineageHandler]]]:
    """All ``/lineage`` routes, relative to the server's base URL."""
    routes: list[tuple[str, type[LineageHandler]]] = [
        ("status", StatusHandler),
        ("graph", GraphHandler),
        (r"traces/(?P<trace_id>[^/]+)", TraceHandler),
        ("artifacts", ArtifactListHandler),
        (r"artifacts/(?P<name>[^/]+)", ArtifactVersionsHandler),
        (r"artifacts/(?P<name>[^/]+)/(?P<version>[^/]+)", ArtifactVersionHandler),
        ("export", ExportHandler),
        ("export/frameworks", FrameworksHandler),
        ("export/parameters", ParametersHandler),
    ]
    return [(url_path_join(base_url, "lineage", pattern), handler) for pattern, handler in routes]
