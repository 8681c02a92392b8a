"""Checking every REST request part at the edge: path segments, query values, JSON bodies.

One schema per route: ``QUERY_SCHEMAS`` names each route's query parameters and their checks, and the
export body is checked against the ``ExportRequest`` TypedDict itself (``schema.py``, the source of the
generated TypeScript types) plus the limits in ``EXPORT_LIMITS``. Anything malformed is a 400 naming the
offending field; nothing unchecked reaches the service. Unknown query parameters are ignored (browsers
and proxies add some); unknown body fields are refused.
"""

from __future__ import annotations

import json
import typing
import unicodedata
from collections.abc import Callable
from typing import Any, get_args, get_origin, get_type_hints, is_typeddict

import tornado.web

from .replies import MAX_REASON, safe_text
from .schema import ExportRequest

MAX_NAME = 255  # artifact names (the store allows 200), trace ids, kernel ids
MAX_PATH = 1024  # notebook paths and output folders
MAX_SEGMENT = 255  # one folder name, in bytes (the usual file system limit)
MAX_DIGITS = 18  # every integer we accept fits in a signed 64-bit column
MAX_LIST = 100  # artifacts per export or parameter request
MAX_BODY = 1 << 20  # bytes of a JSON body


def bad_request(message: str) -> tornado.web.HTTPError:
    return tornado.web.HTTPError(400, reason=safe_text(message, MAX_REASON))


def checked_text(field: str, value: str, limit: int = MAX_NAME, *, allow_empty: bool = False) -> str:
    """A single-line text field: no control characters, at most ``limit`` characters."""
    if not value and not allow_empty:
        raise bad_request(f"{field} must not be empty")
    if len(value) > limit:
        raise bad_request(f"{field} is {len(value)} characters long; the limit is {limit}")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") for ch in value):
        raise bad_request(f"{field} must not contain control characters or line breaks")
    return value


def checked_int(field: str, text: str, minimum: int) -> int:
    """A decimal integer written with ASCII digits only (``²`` or ``١`` are not digits here)."""
    if not (text.isascii() and text.isdigit()) or len(text) > MAX_DIGITS or int(text) < minimum:
        raise bad_request(f"{field} must be an integer >= {minimum} of at most {MAX_DIGITS} digits")
    return int(text)


def parse_version(text: str, allowed_words: tuple[str, ...]) -> int | str:
    """A version path segment: a positive integer or one of ``allowed_words``."""
    if text in allowed_words:
        return text
    if text.isascii() and text.isdigit() and len(text) <= MAX_DIGITS and int(text) > 0:
        return int(text)
    words = " or ".join(repr(w) for w in allowed_words)
    raise bad_request(f"version must be a positive integer or {words}, not {safe_text(text, 40)!r}")


def parse_artifact_ref(text: str) -> tuple[str, int | None]:
    name, _, version = text.partition(":")
    parsed = parse_version(version or "latest", ("latest",))
    return checked_text("artifact name", name), None if parsed == "latest" else int(parsed)


def output_folder(text: str) -> str:
    """A folder relative to the Jupyter root: each part a valid file name (the root check is later)."""
    checked_text("output_dir", text, MAX_PATH, allow_empty=True)
    for part in text.replace("\\", "/").split("/"):
        if len(part.encode("utf-8")) > MAX_SEGMENT:
            raise bad_request(f"output_dir has a folder name longer than {MAX_SEGMENT} bytes")
    return text


Check = Callable[[str], Any]

QUERY_SCHEMAS: dict[str, dict[str, Check]] = {
    "graph": {
        "path": lambda v: checked_text("path", v, MAX_PATH),
        "kernel_id": lambda v: checked_text("kernel_id", v),
        "since": lambda v: checked_int("since", v, 0),
        "page": lambda v: checked_int("page", v, 0),
    },
    "artifacts": {
        "q": lambda v: checked_text("q", v),
        "path": lambda v: checked_text("path", v, MAX_PATH),
        "latest": lambda v: _flag("latest", v),
        "offset": lambda v: checked_int("offset", v, 0),
        "limit": lambda v: checked_int("limit", v, 1),
    },
    "versions": {
        "offset": lambda v: checked_int("offset", v, 0),
        "limit": lambda v: checked_int("limit", v, 1),
    },
    "parameters": {"artifact": parse_artifact_ref},
}
REPEATABLE = {"artifact"}


def _flag(field: str, text: str) -> bool:
    if text not in ("0", "1", "true", "false"):
        raise bad_request(f"{field} must be 0, 1, true or false")
    return text in ("1", "true")


def parse_query(route: str, arguments: dict[str, list[bytes]]) -> dict[str, Any]:
    """The route's query parameters, checked; empty values count as absent (as the client sends)."""
    parsed: dict[str, Any] = {}
    for name, check in QUERY_SCHEMAS[route].items():
        raw = [_decoded(name, value) for value in arguments.get(name, [])]
        values = [value for value in raw if value]
        if len(values) > (MAX_LIST if name in REPEATABLE else 1):
            raise bad_request(f"too many {name!r} parameters")
        checked = [check(value) for value in values]
        if name in REPEATABLE:
            parsed[name] = checked
        elif checked:
            parsed[name] = checked[0]
    return parsed


def _decoded(name: str, value: bytes) -> str:
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        raise bad_request(f"{name} is not valid UTF-8") from None


def parse_json_body(body: bytes) -> Any:
    if len(body) > MAX_BODY:
        raise bad_request(f"the request body is larger than {MAX_BODY} bytes")
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise bad_request("the request body is not valid UTF-8 JSON") from None


EXPORT_LIMITS: dict[str, Check] = {
    "framework": lambda v: checked_text("framework", v, 40),
    "pipeline_name": lambda v: checked_text("pipeline_name", v, 100),
    "output_dir": output_folder,
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
    """Check an export request against ``ExportRequest``; a wrong field is a 400 naming it."""
    if not isinstance(body, dict):
        raise bad_request("the request body must be a JSON object")
    request = {**_EXPORT_DEFAULTS, **body}
    refs = request.get("artifacts")
    for ref in refs if isinstance(refs, list) else []:
        if isinstance(ref, dict):
            ref.setdefault("version", None)  # "the latest", as older clients meant by leaving it out
    _check_typed("export request", request, ExportRequest)
    for key, check in EXPORT_LIMITS.items():
        if request[key] is not None:
            check(request[key])
    for name in request["input_parameters"] + request["reuse_pre_computed_artifacts"]:
        checked_text("a name in the export request", name)
    if len(json.dumps(request["pipeline_dag_config"])) > 10_000:
        raise bad_request("pipeline_dag_config is larger than 10,000 characters")
    for ref in request["artifacts"]:
        checked_text("artifact name", ref["name"])
    return typing.cast("ExportRequest", request)


def _check_typed(where: str, value: dict[str, Any], shape: Any) -> None:
    """``value`` has exactly the keys of the TypedDict ``shape``, each of the annotated JSON type."""
    hints = get_type_hints(shape)
    unknown = sorted(set(value) - set(hints))
    if unknown:
        raise bad_request(f"{where} has unknown field {safe_text(unknown[0], 40)!r}")
    for key, annotation in hints.items():
        if key not in value or not _matches(value[key], annotation):
            raise bad_request(f"{where} field {key!r} is missing or has the wrong type")


def _matches(value: Any, annotation: Any) -> bool:
    origin = get_origin(annotation)
    if annotation is type(None):
        return value is None
    if annotation is bool:
        return isinstance(value, bool)
    if annotation is int:  # a version or count: a non-negative 64-bit integer, not a bool
        return type(value) is int and 0 <= value < 2**63
    if annotation is str:
        return isinstance(value, str)
    if annotation is Any:
        return True
    if origin is list:
        (item,) = get_args(annotation)
        return isinstance(value, list) and len(value) <= MAX_LIST and all(_matches(v, item) for v in value)
    if origin is dict:
        return isinstance(value, dict) and all(isinstance(k, str) for k in value)
    if is_typeddict(annotation):
        if not isinstance(value, dict):
            return False
        _check_typed(annotation.__name__, value, annotation)
        return True
    args = get_args(annotation)
    if args:  # a union such as ``int | None``
        return any(_matches(value, arg) for arg in args)
    return False
