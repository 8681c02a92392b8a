"""The tables, written once for both SQLite and PostgreSQL (types differ only in the id column).

Each table is a ``Table``: its columns in order, from which both the ``CREATE TABLE`` statement and the
readers' SELECT lists (``Table.select``) are made, so a reader cannot ask for a column the table lacks.

artifacts        one row per (name, version); never updated except the verification columns
artifact_names   the last version handed out per name, so deleted versions are never reused
artifact_inputs  lineage: artifact/file inputs of each artifact version
sessions         each kernel session's graph snapshot and newest revision (upserted by revision)
session_changes  change sets appended after a session's snapshot (dropped when a newer snapshot lands)
traces           call traces recorded in traced sessions (``TraceResult.to_json()``), by trace id
artifact_links   runs in other systems (an MLflow run) an artifact version was saved or loaded in
artifact_repairs background slice repairs per artifact version (``store.repairs``)
pipeline_runs    one row per run of an exported pipeline (``store/runs.py``)
run_outputs      the artifact version each run produced (``produced=1``, hidden from the notebook's
                 latest and from listings) or reused from an earlier run's cache (``produced=0``)
"""

from __future__ import annotations

from dataclasses import dataclass

# 2: session_changes, traces; 3: artifact links, repairs, pipeline runs (older stores gain them on open)
SCHEMA_VERSION = 3

# column types per dialect: "{id}", "{integer}" and "{real}" in a column's type are replaced
_TYPES = {
    "sqlite": {"id": "INTEGER PRIMARY KEY AUTOINCREMENT", "integer": "INTEGER", "real": "REAL"},
    "postgresql": {"id": "BIGSERIAL PRIMARY KEY", "integer": "BIGINT", "real": "DOUBLE PRECISION"},
}


@dataclass(frozen=True)
class Table:
    """One table: ``(name, type)`` per column, in order, and its table constraints."""

    name: str
    columns: tuple[tuple[str, str], ...]
    constraints: tuple[str, ...] = ()

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column for column, _type in self.columns)

    def select(self, *columns: str, alias: str = "") -> str:
        """A SELECT list of ``columns`` (default: all, in table order), each checked to exist."""
        unknown = [column for column in columns if column not in self.column_names]
        if unknown:
            raise ValueError(f"table {self.name} has no column {', '.join(unknown)}")
        prefix = f"{alias}." if alias else ""
        return ", ".join(prefix + column for column in columns or self.column_names)

    def create(self, dialect: str) -> str:
        lines = [f"{column} {kind.format_map(_TYPES[dialect])}" for column, kind in self.columns]
        body = ",\n    ".join(lines + list(self.constraints))
        return f"CREATE TABLE IF NOT EXISTS {self.name} (\n    {body}\n)"


STORE_META = Table("store_meta", (("key", "TEXT PRIMARY KEY"), ("value", "TEXT NOT NULL")))
ARTIFACTS = Table(
    "artifacts",
    (
        ("id", "{id}"),
        ("name", "TEXT NOT NULL"),
        ("version", "{integer} NOT NULL"),
        ("created", "{real} NOT NULL"),
        ("type_name", "TEXT NOT NULL"),
        ("serializer", "TEXT NOT NULL"),
        ("blob_hash", "TEXT NOT NULL"),
        ("size_bytes", "{integer} NOT NULL"),
        ("preview", "TEXT NOT NULL"),
        ("code_captured", "{integer} NOT NULL"),
        ("session_code", "TEXT"),
        ("session_id", "TEXT"),
        ("kernel_id", "TEXT"),
        ("notebook_path", "TEXT"),
        ("node_id", "TEXT"),
        ("variable_name", "TEXT"),
        ("graph_hash", "TEXT"),
        ("packages", "TEXT NOT NULL"),
        ("verification_status", "TEXT NOT NULL"),
        ("verification_reason", "TEXT"),
    ),
    ("UNIQUE (name, version)",),
)
ARTIFACT_NAMES = Table(
    "artifact_names", (("name", "TEXT PRIMARY KEY"), ("last_version", "{integer} NOT NULL"))
)
ARTIFACT_INPUTS = Table(
    "artifact_inputs",
    (
        ("artifact_id", "{integer} NOT NULL"),
        ("kind", "TEXT NOT NULL"),
        ("ref_name", "TEXT NOT NULL"),
        ("ref_version", "{integer}"),
        ("sha256", "TEXT"),
    ),
)
SESSIONS = Table(
    "sessions",
    (
        ("session_id", "TEXT PRIMARY KEY"),
        ("kernel_id", "TEXT"),
        ("notebook_path", "TEXT"),
        ("revision", "{integer} NOT NULL"),
        ("graph_json", "TEXT NOT NULL"),
        ("updated", "{real} NOT NULL"),
    ),
)
SESSION_CHANGES = Table(
    "session_changes",
    (("session_id", "TEXT NOT NULL"), ("revision", "{integer} NOT NULL"), ("changes_json", "TEXT NOT NULL")),
    ("PRIMARY KEY (session_id, revision)",),
)
TRACES = Table(
    "traces",
    (
        ("trace_id", "TEXT PRIMARY KEY"),
        ("session_id", "TEXT NOT NULL"),
        ("created", "{real} NOT NULL"),
        ("trace_json", "TEXT NOT NULL"),
    ),
)
ARTIFACT_LINKS = Table(
    "artifact_links",
    (
        ("artifact_id", "{integer} NOT NULL"),
        ("system", "TEXT NOT NULL"),
        ("relation", "TEXT NOT NULL"),
        ("ref", "TEXT NOT NULL"),
        ("url", "TEXT"),
    ),
    ("PRIMARY KEY (artifact_id, system, relation, ref)",),
)
ARTIFACT_REPAIRS = Table(
    "artifact_repairs",
    (
        ("name", "TEXT NOT NULL"),
        ("version", "{integer} NOT NULL"),
        ("created", "{real} NOT NULL"),
        ("state", "TEXT NOT NULL"),
        ("code", "TEXT NOT NULL"),
        ("added_json", "TEXT NOT NULL"),
        ("pattern", "TEXT NOT NULL"),
        ("reason", "TEXT NOT NULL"),
        ("seconds", "{real} NOT NULL"),
    ),
    ("PRIMARY KEY (name, version)",),
)
PIPELINE_RUNS = Table(
    "pipeline_runs", (("run_id", "TEXT PRIMARY KEY"), ("pipeline", "TEXT"), ("started", "{real} NOT NULL"))
)
RUN_OUTPUTS = Table(
    "run_outputs",
    (
        ("run_id", "TEXT NOT NULL"),
        ("name", "TEXT NOT NULL"),
        ("version", "{integer} NOT NULL"),
        ("produced", "{integer} NOT NULL"),
    ),
    ("PRIMARY KEY (run_id, name)",),
)

# (table, index statements), in creation order
_LAYOUT: tuple[tuple[Table, tuple[str, ...]], ...] = (
    (STORE_META, ()),
    (
        ARTIFACTS,
        (
            "CREATE INDEX IF NOT EXISTS artifacts_created ON artifacts (created)",
            "CREATE INDEX IF NOT EXISTS artifacts_notebook ON artifacts (notebook_path)",
            "CREATE INDEX IF NOT EXISTS artifacts_blob ON artifacts (blob_hash)",
        ),
    ),
    (ARTIFACT_NAMES, ()),
    (
        ARTIFACT_INPUTS,
        (
            "CREATE INDEX IF NOT EXISTS inputs_artifact ON artifact_inputs (artifact_id)",
            "CREATE INDEX IF NOT EXISTS inputs_ref ON artifact_inputs (kind, ref_name, ref_version)",
        ),
    ),
    (
        SESSIONS,
        (
            "CREATE INDEX IF NOT EXISTS sessions_notebook ON sessions (notebook_path, updated)",
            "CREATE INDEX IF NOT EXISTS sessions_kernel ON sessions (kernel_id, updated)",
        ),
    ),
    (SESSION_CHANGES, ()),
    (TRACES, ("CREATE INDEX IF NOT EXISTS traces_session ON traces (session_id, created)",)),
    (ARTIFACT_LINKS, ()),
    (ARTIFACT_REPAIRS, ()),
    (PIPELINE_RUNS, ()),
    (
        RUN_OUTPUTS,
        ("CREATE INDEX IF NOT EXISTS run_outputs_version ON run_outputs (name, version, produced)",),
    ),
)
TABLES: tuple[Table, ...] = tuple(table for table, _indexes in _LAYOUT)


def schema_statements(dialect: str) -> list[str]:
    statements: list[str] = []
    for table, indexes in _LAYOUT:
        statements += [table.create(dialect), *indexes]
    return statements
