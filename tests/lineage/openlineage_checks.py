"""Checks that an emitted event is a valid OpenLineage RunEvent.

Always: the RunEvent structure the OpenLineage 2.0 spec requires (written out here from the spec's
field list) and that every facet carries ``_producer`` and ``_schemaURL``. In addition, when the
spec's own JSON Schema file is available (``$LINEAGE_EXT_OPENLINEAGE_SPEC`` or
``../shared/schemas/OpenLineage.json``; no package registry ships it), the event is validated
against it with jsonschema.
"""

from __future__ import annotations

import os
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

EVENT_TYPES = {"START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER"}


def spec_file() -> Path | None:
    candidates = [os.environ.get("LINEAGE_EXT_OPENLINEAGE_SPEC", "")]
    candidates.append(str(Path(__file__).resolve().parents[3] / "shared" / "schemas" / "OpenLineage.json"))
    return next((Path(item) for item in candidates if item and Path(item).is_file()), None)


def assert_valid_event(event: dict[str, Any]) -> None:
    assert set(event) >= {"eventTime", "producer", "schemaURL", "run", "job"}
    datetime.fromisoformat(event["eventTime"])
    assert _is_uri(event["producer"])
    assert _is_uri(event["schemaURL"])
    assert event.get("eventType") in EVENT_TYPES
    uuid.UUID(event["run"]["runId"])
    assert isinstance(event["job"]["namespace"], str)
    assert event["job"]["namespace"]
    assert isinstance(event["job"]["name"], str)
    assert event["job"]["name"]
    _check_facets(event["run"].get("facets", {}))
    _check_facets(event["job"].get("facets", {}))
    for key in ("inputs", "outputs"):
        for dataset in event.get(key, []):
            assert isinstance(dataset["namespace"], str)
            assert dataset["namespace"]
            assert isinstance(dataset["name"], str)
            assert dataset["name"]
            _check_facets(dataset.get("facets", {}))
    spec = spec_file()
    if spec is not None:
        import json

        import jsonschema

        jsonschema.validate(event, json.loads(spec.read_text()))


def _check_facets(facets: dict[str, Any]) -> None:
    for name, facet in facets.items():
        assert _is_uri(facet.get("_producer", "")), f"facet {name} lacks a _producer URI"
        assert _is_uri(facet.get("_schemaURL", "")), f"facet {name} lacks a _schemaURL URI"


def _is_uri(text: str) -> bool:
    return bool(text) and bool(urlparse(text).scheme)
