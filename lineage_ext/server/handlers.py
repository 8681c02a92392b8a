"""HTTP handlers under ``/lineage/``: parse, call ``LineageService``, serialize.

Every handler derives from ``LineageHandler`` and decorates each verb with
``@tornado.web.authenticated`` and ``@authorized`` (a test enumerates all routes to
prove it). Errors are ``tornado.web.HTTPError`` rendered as JSON by ``APIHandler``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import tornado.web
from jupyter_server.auth.decorator import authorized
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join

from lineage_ext.errors import ArtifactNotFound, InvalidArtifactName, LineageError, TraceNotFound

from . import exporting
from .requests import parse_artifact_ref, parse_export_request, parse_version
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

    def optional_argument(self, name: str) -> str | None:
        value = self.get_query_argument(name, default=None)
        return value or None

    def int_argument(self, name: str) -> int | None:
        value = self.optional_argument(name)
        if value is None:
            return None
        try:
            return int(value)
        except ValueError:
            raise tornado.web.HTTPError(400, reason=f"{name} must be an integer, not {value!r}") from None


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn our exceptions into 4xx replies with the exception's message."""
    try:
        yield
    except (ArtifactNotFound, TraceNotFound) as exc:
        raise tornado.web.HTTPError(404, reason=str(exc)) from exc
    except (InvalidArtifactName, ValueError) as exc:
        raise tornado.web.HTTPError(400, reason=str(exc)) from exc
    except LineageError as exc:
        raise tornado.web.HTTPError(409, reason=str(exc)) from exc


class StatusHandler(LineageHandler):
    """``GET /lineage/status``: version, store location, kernels traced."""

    @tornado.web.authenticated
    @authorized
    async def get(self) -> None:
        self.reply(self.lineage.status())


class GraphHandler(LineageHandler):
    """``GET /lineage/graph?path=&kernel_id=&since=``: the latest session graph of a notebook."""

    @tornado.web.authenticated
    @authorized
    async def get(self) -> None:
        with user_errors():
            self.reply(
                self.lineage.graph(
                    self.optional_argument("path"),
                    self.optional_argument("kernel_id"),
                    self.int_argument("since"),
                )
            )


class TraceHandler(LineageHandler):
    """``GET /lineage/traces/<trace_id>``: one call trace (the graph's ``trace`` nodes name them)."""

    @tornado.web.authenticated
    @authorized
    async def get(self, trace_id: str) -> None:
        with user_errors():
            self.reply(self.lineage.trace(trace_id))


class ArtifactListHandler(LineageHandler):
    """``GET /lineage/artifacts?q=&path=&latest=1``: artifact versions, newest first."""

    @tornado.web.authenticated
    @authorized
    async def get(self) -> None:
        latest = self.get_query_argument("latest", default="0") in ("1", "true")
        with user_errors():
            self.reply(
                self.lineage.list_artifacts(
                    self.optional_argument("q"), self.optional_argument("path"), latest
                )
            )


class ArtifactVersionsHandler(LineageHandler):
    """``GET /lineage/artifacts/<name>``: all versions of one artifact."""

    @tornado.web.authenticated
    @authorized
    async def get(self, name: str) -> None:
        with user_errors():
            self.reply(self.lineage.versions(name))


class ArtifactVersionHandler(LineageHandler):
    """``GET``/``DELETE /lineage/artifacts/<name>/<version>`` (version: n, latest, or all for DELETE)."""

    @tornado.web.authenticated
    @authorized
    async def get(self, name: str, version: str) -> None:
        parsed = parse_version(version, ("latest",))
        with user_errors():
            self.reply(self.lineage.artifact_detail(name, None if parsed == "latest" else int(parsed)))

    @tornado.web.authenticated
    @authorized
    async def delete(self, name: str, version: str) -> None:
        parsed = parse_version(version, ("latest", "all"))
        with user_errors():
            self.reply(self.lineage.delete(name, parsed))


class ExportHandler(LineageHandler):
    """``POST /lineage/export``: write a pipeline for the chosen artifacts into the Jupyter root."""

    @tornado.web.authenticated
    @authorized
    async def post(self) -> None:
        request = parse_export_request(self.get_json_body())
        with user_errors():
            self.reply(exporting.export_pipeline(self.lineage.store, self.lineage.root_dir, request), 201)


class FrameworksHandler(LineageHandler):
    """``GET /lineage/export/frameworks``: the export targets and what each produces."""

    @tornado.web.authenticated
    @authorized
    async def get(self) -> None:
        self.reply(exporting.frameworks())


class ParametersHandler(LineageHandler):
    """``GET /lineage/export/parameters?artifact=name:version``: literal assignments usable as parameters."""

    @tornado.web.authenticated
    @authorized
    async def get(self) -> None:
        refs = [parse_artifact_ref(text) for text in self.get_query_arguments("artifact")]
        with user_errors():
            self.reply(exporting.parameter_candidates(self.lineage.store, refs))


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
