"""Argo manifests against Argo's own workflow JSON schema, as published and in a strict variant.

The schema is read from the product's shared folder (``../shared/schemas/`` beside the project),
never copied into the project; where that folder is absent the check is skipped with a message.
No Argo controller runs in tests: the engine tests run the manifest's task scripts in order.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from export_sample import sample_spec

from lineage_ext.export.registry import export_files
from lineage_ext.export.writer import write_files

CONFIG = {"store_uri": "postgresql://db/lineage", "task_io": "store", "service_account_name": "runner"}
ARGO_SCHEMA = Path(__file__).resolve().parents[3] / "shared" / "schemas" / "argo-workflow-v4.1.2.schema.json"
WORKFLOW_DEF = "io.argoproj.workflow.v1alpha1.Workflow"


def strict_workflow_schema() -> dict[str, Any]:
    """Argo's Workflow schema with ``additionalProperties: false`` on every object that lists its properties."""
    schema = json.loads(ARGO_SCHEMA.read_text())
    for definition in schema["definitions"].values():
        if "properties" in definition and "additionalProperties" not in definition:
            definition["additionalProperties"] = False
    return {"$ref": f"#/definitions/{WORKFLOW_DEF}", "definitions": schema["definitions"]}


def test_argo_manifest_validates_against_argo_schema_strictly(tmp_path: Path) -> None:
    import jsonschema
    import yaml

    if not ARGO_SCHEMA.exists():
        pytest.skip(f"Argo's workflow schema is not at {ARGO_SCHEMA} (the shared/ folder is absent here)")
    out = write_files(export_files(sample_spec(dag_config=CONFIG), "ARGO"), tmp_path / "out")
    manifest = yaml.safe_load((out / "wine_workflow.yaml").read_text())
    loose = json.loads(ARGO_SCHEMA.read_text())
    jsonschema.Draft202012Validator(loose).validate(manifest)
    strict = jsonschema.Draft202012Validator(strict_workflow_schema())
    strict.validate(manifest)
    # the strict variant really is strict: a misspelt key is refused
    manifest["spec"]["templates"][0]["dag"]["tasks"][1]["dependancies"] = ["load-data"]
    errors = list(strict.iter_errors(manifest))
    assert any("dependancies" in e.message for e in errors)
    jsonschema.Draft202012Validator(loose).validate(manifest)  # the published schema alone would not notice
