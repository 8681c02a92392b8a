"""Parsing and checking REST request parts (path segments, query values, JSON bodies).

Anything malformed becomes a 400 ``HTTPError`` that names the offending field.
"""

from __future__ import annotations

import typing
from typing import Any

import tornado.web

from .schema import ExportRequest


def parse_version(text: str, allowed_words: tuple[str, ...]) -> int | str:
    """A version path segment: a positive integer or one of ``allowed_words``."""
    if text in allowed_words:
        return text
    if text.isdigit() and int(text) > 0:
        return int(text)
    words = " or ".join(repr(w) for w in allowed_words)
    raise tornado.web.HTTPError(400, reason=f"version must be a positive integer or {words}, not {text!r}")


def parse_artifact_ref(text: str) -> tuple[str, int | None]:
    name, _, version = text.partition(":")
    parsed = parse_version(version or "latest", ("latest",))
    return name, None if parsed == "latest" else int(parsed)


_EXPORT_FIELDS: dict[str, type | tuple[type, ...]] = {
    "artifacts": list,
    "framework": str,
    "pipeline_name": (str, type(None)),
    "output_dir": str,
    "input_parameters": list,
    "reuse_pre_computed_artifacts": list,
    "generate_test": bool,
    "overwrite": bool,
    "pipeline_dag_config": dict,
}
_EXPORT_DEFAULTS: dict[str, Any] = {
    "pipeline_name": None,
    "output_dir": "",
    "input_parameters": [],
    "reuse_pre_computed_artifacts": [],
    "generate_test": False,
    "overwrite": False,
    "pipeline_dag_config": {},
}


def parse_export_request(body: Any) -> ExportRequest:
    """Check an export request's shape; a wrong field is a 400 naming it."""
    if not isinstance(body, dict):
        raise tornado.web.HTTPError(400, reason="the request body must be a JSON object")
    request = {**_EXPORT_DEFAULTS, **body}
    for key, expected in _EXPORT_FIELDS.items():
        if key not in request or not isinstance(request[key], expected):
            raise tornado.web.HTTPError(
                400, reason=f"export request field {key!r} is missing or has the wrong type"
            )
    for ref in request["artifacts"]:
        if not isinstance(ref, dict) or not isinstance(ref.get("name"), str):
            raise tornado.web.HTTPError(400, reason="each artifact must be an object with a name")
        ref.setdefault("version", None)
    return typing.cast("ExportRequest", request)
