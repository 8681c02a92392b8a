"""SQL for listing and lineage queries over artifact rows (no values are loaded)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .info import ArtifactInfo
from .metadata import Tx
from .records import info_columns, info_from_row, not_run_output

ArtifactSpec = tuple[str, int | None]  # (name, version or None for any version)


def list_infos(  # noqa: PLR0917 - keyword-compatible with the store method
    tx: Tx,
    name_contains: str | None = None,
    notebook_path: str | None = None,
    latest_only: bool = False,
    name: str | None = None,
    include_runs: bool = False,
) -> list[ArtifactInfo]:
    """Versions newest first; versions produced by pipeline runs only with ``include_runs``."""
    clauses, params = _filters(name_contains, notebook_path, latest_only, name)
    if not include_runs:
        clauses.append(not_run_output("a"))
    return _select(tx, clauses, params)


def query_infos(
    tx: Tx,
    input_artifacts: Sequence[ArtifactSpec] = (),
    output_artifacts: Sequence[ArtifactSpec] = (),
    input_files: Sequence[str] = (),
    name_contains: str | None = None,
) -> list[ArtifactInfo]:
    """Artifacts computed from every given input, and that every given output was computed from."""
    clauses, params = _filters(name_contains, None, False, None)
    clauses.append(not_run_output("a"))
    for input_name, input_version in input_artifacts:
        clause = (
            "EXISTS (SELECT 1 FROM artifact_inputs i WHERE i.artifact_id = a.id AND i.kind = 'artifact' "
            "AND i.ref_name = ?"
        )
        params.append(input_name)
        if input_version is not None:
            clause += " AND i.ref_version = ?"
            params.append(input_version)
        clauses.append(clause + ")")
    for output_name, output_version in output_artifacts:
        clause = (
            "EXISTS (SELECT 1 FROM artifact_inputs i JOIN artifacts o ON o.id = i.artifact_id "
            "WHERE i.kind = 'artifact' AND i.ref_name = a.name AND i.ref_version = a.version AND o.name = ?"
        )
        params.append(output_name)
        if output_version is not None:
            clause += " AND o.version = ?"
            params.append(output_version)
        clauses.append(clause + ")")
    for path in input_files:
        clauses.append(
            "EXISTS (SELECT 1 FROM artifact_inputs i WHERE i.artifact_id = a.id AND i.kind = 'file' "
            "AND i.ref_name = ?)"
        )
        params.append(path)
    return _select(tx, clauses, params)


def _filters(
    name_contains: str | None, notebook_path: str | None, latest_only: bool, name: str | None
) -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if name is not None:
        clauses.append("a.name = ?")
        params.append(name)
    if name_contains:
        clauses.append("LOWER(a.name) LIKE ? ESCAPE '!'")
        escaped = name_contains.lower().replace("!", "!!").replace("%", "!%").replace("_", "!_")
        params.append(f"%{escaped}%")
    if notebook_path is not None:
        clauses.append("a.notebook_path = ?")
        params.append(notebook_path)
    if latest_only:
        clauses.append(
            "a.version = (SELECT MAX(b.version) FROM artifacts b "
            f"WHERE b.name = a.name AND {not_run_output('b')})"
        )
    return clauses, params


def _select(tx: Tx, clauses: list[str], params: list[Any]) -> list[ArtifactInfo]:
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = tx.fetchall(
        f"SELECT {info_columns('a')} FROM artifacts a {where} ORDER BY a.created DESC, a.id DESC", params
    )
    return [info_from_row(row) for row in rows]
