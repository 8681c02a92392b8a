"""The export endpoints against a real server, with artifacts saved by a really traced script."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tornado.httpclient import HTTPClientError

SCRIPT = textwrap.dedent(
    """
    import lineage_ext
    rows = 5
    data = [i * i for i in range(rows)]
    total = sum(data)
    unrelated = "not part of any slice"
    lineage_ext.save(total, "total")
    """
)


@pytest.fixture
def traced_artifact(traced_script: Callable[[str], None]) -> None:
    traced_script(SCRIPT)


def export_body(**overrides: Any) -> str:
    body = {
        "artifacts": [{"name": "total", "version": None}],
        "framework": "SCRIPT",
        "pipeline_name": "squares",
    }
    return json.dumps({**body, **overrides})


async def test_frameworks_lists_every_target(jp_fetch: Any) -> None:
    response = await jp_fetch("lineage", "export", "frameworks")
    names = [f["name"] for f in json.loads(response.body)["frameworks"]]
    assert names == ["SCRIPT", "AIRFLOW", "ARGO", "KUBEFLOW", "DVC", "RAY", "PREFECT", "DAGSTER"]


@pytest.mark.usefixtures("traced_artifact")
async def test_export_writes_a_runnable_script_into_the_root(jp_fetch: Any, jp_root_dir: Path) -> None:
    response = await jp_fetch("lineage", "export", method="POST", body=export_body(output_dir="out/squares"))
    assert response.code == 201
    reply = json.loads(response.body)
    assert reply["output_dir"] == "out/squares"
    assert "README.md" in reply["files"]
    assert "requirements.txt" in reply["files"]
    folder = jp_root_dir / "out" / "squares"
    sources = [folder / f for f in reply["files"] if f.endswith(".py")]
    assert sources
    code = "\n".join(path.read_text() for path in sources)
    assert "i * i" in code
    assert "not part of any slice" not in code


@pytest.mark.usefixtures("traced_artifact")
async def test_export_refuses_paths_outside_the_root_and_existing_folders(
    jp_fetch: Any, jp_root_dir: Path
) -> None:
    with pytest.raises(HTTPClientError) as info:
        await jp_fetch("lineage", "export", method="POST", body=export_body(output_dir="../escape"))
    assert info.value.code == 400
    assert not (jp_root_dir.parent / "escape").exists()
    (jp_root_dir / "busy").mkdir()
    (jp_root_dir / "busy" / "notes.txt").write_text("keep me")
    with pytest.raises(HTTPClientError) as info:
        await jp_fetch("lineage", "export", method="POST", body=export_body(output_dir="busy"))
    assert info.value.code == 409
    assert (jp_root_dir / "busy" / "notes.txt").read_text() == "keep me"


@pytest.mark.usefixtures("traced_artifact")
@pytest.mark.parametrize(
    ("body", "code"),
    [
        (export_body(framework="NOPE"), 400),
        (export_body(artifacts=[{"name": "missing"}]), 404),
        (json.dumps({"framework": "SCRIPT"}), 400),
        (json.dumps([1, 2]), 400),
    ],
)
async def test_bad_export_requests(jp_fetch: Any, body: str, code: int) -> None:
    with pytest.raises(HTTPClientError) as info:
        await jp_fetch("lineage", "export", method="POST", body=body)
    assert info.value.code == code


@pytest.mark.usefixtures("traced_artifact")
async def test_parameter_candidates_are_literal_assignments(jp_fetch: Any) -> None:
    response = await jp_fetch("lineage", "export", "parameters", params={"artifact": "total:1"})
    candidates = json.loads(response.body)["candidates"]
    assert [(c["name"], c["value"], c["artifact"]) for c in candidates] == [("rows", "5", "total")]
