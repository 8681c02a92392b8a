"""Reading an exported pipeline folder for the runtime: its manifest, its task functions, its parameters.

Owns checking a folder before anything runs: ``lineage_pipeline.json`` (written by every exporter, see
``lineage_ext.export.manifest``) must be there and well formed, its tasks module must exist and define
every task function, upstream names must be tasks, and ``--param`` values must name declared parameters
and fit their types. A missing folder, manifest or tasks module raises ``FileNotFoundError`` (the CLI's
"not found"); anything else wrong raises ``RuntimeGraphError``. Nothing here imports or runs user code:
task sources are read with ``ast``, only to fingerprint them for the results cache.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from lineage_ext.errors import RuntimeGraphError
from lineage_ext.ir import EdgeIndex, Link, traverse

MANIFEST_FILE = "lineage_pipeline.json"  # the name lineage_ext.export.manifest writes
MANIFEST_FORMAT = "lineage_ext.pipeline"
SUPPORTED_VERSIONS = frozenset({1})
PARAMETER_TYPES: Mapping[str, type] = {"bool": bool, "int": int, "float": float, "str": str}
TRUE_WORDS, FALSE_WORDS = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


@dataclass(frozen=True)
class PipelineTaskInfo:
    name: str
    function: str
    upstream: tuple[str, ...]
    parameters: tuple[str, ...]
    saves: tuple[str, ...]
    source_hash: str  # sha256 of the task function's source: an edited task is not served from cache


@dataclass(frozen=True)
class PipelineManifest:
    folder: Path
    name: str
    framework: str
    tasks_module: Path
    defaults: dict[str, Any]  # parameter -> default, in declaration order
    types: dict[str, str]
    tasks: tuple[PipelineTaskInfo, ...]  # in the exported (topological) order

    def task_names(self) -> list[str]:
        return [task.name for task in self.tasks]

    def needed_for(self, targets: Iterable[str] | None) -> list[PipelineTaskInfo]:
        """The tasks ``targets`` need (themselves and everything upstream), in pipeline order."""
        by_name = {task.name: task for task in self.tasks}
        wanted = list(targets or [])
        if not wanted:
            return list(self.tasks)
        unknown = [name for name in wanted if name not in by_name]
        if unknown:
            raise RuntimeGraphError(f"no task named {unknown}; tasks are: {', '.join(self.task_names())}")
        links = EdgeIndex(Link(upstream, task.name) for task in self.tasks for upstream in task.upstream)
        needed = set(traverse(links, wanted, "upstream"))
        return [task for task in self.tasks if task.name in needed]

    def parameter_values(self, given: Mapping[str, Any] | None) -> dict[str, Any]:
        """Defaults overridden by ``given`` (typed values, or text as on a command line)."""
        values = dict(self.defaults)
        for key, value in (given or {}).items():
            if key not in self.types:
                known = ", ".join(self.types) or "none"
                raise RuntimeGraphError(
                    f"pipeline {self.name!r} has no parameter {key!r}; parameters: {known}"
                )
            values[key] = coerce_parameter(key, self.types[key], value)
        return values


def coerce_parameter(name: str, type_name: str, value: Any) -> Any:
    """``value`` as the parameter's declared type; text is parsed the way the generated CLI parses it."""
    if isinstance(value, str) and type_name != "str":
        return _parse_text(name, type_name, value)
    expected = PARAMETER_TYPES[type_name]
    if type(value) is expected:
        return value
    if expected is float and type(value) is int:
        return float(value)
    raise RuntimeGraphError(f"parameter {name!r} takes a {type_name}, not {value!r}")


def _parse_text(name: str, type_name: str, text: str) -> Any:
    if type_name == "bool":
        if text.strip().lower() in TRUE_WORDS:
            return True
        if text.strip().lower() in FALSE_WORDS:
            return False
        raise RuntimeGraphError(f"parameter {name!r} takes true or false, not {text!r}")
    try:
        return int(text) if type_name == "int" else float(text)
    except ValueError:
        raise RuntimeGraphError(f"parameter {name!r} takes a {type_name}, not {text!r}") from None


def read_manifest(folder: str | os.PathLike[str]) -> PipelineManifest:
    root = Path(folder).expanduser().absolute()
    if not root.is_dir():
        raise FileNotFoundError(f"pipeline folder {root} does not exist")
    path = root / MANIFEST_FILE
    if not path.is_file():
        raise FileNotFoundError(
            f"{root} is not an exported pipeline folder: it has no {MANIFEST_FILE} "
            "(export the artifacts again with `lineage-ext export` to write one)"
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RuntimeGraphError(f"{path} is not valid JSON: {exc}") from None
    return _parse(root, path, data)


def _parse(root: Path, path: Path, data: Any) -> PipelineManifest:
    if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT:
        raise RuntimeGraphError(f"{path} is not a lineage_ext pipeline manifest")
    if data.get("version") not in SUPPORTED_VERSIONS:
        raise RuntimeGraphError(f"{path} has manifest version {data.get('version')!r}; this runtime reads 1")
    try:
        module = root / _relative(str(data["tasks_module"]))
        defaults = {str(p["name"]): p["default"] for p in data["parameters"]}
        types = {str(p["name"]): str(p["type"]) for p in data["parameters"]}
        raw_tasks = list(data["tasks"])
        name, framework = str(data["pipeline"]), str(data["framework"])
    except (KeyError, TypeError) as exc:
        raise RuntimeGraphError(f"{path} is missing or mangles field {exc}") from None
    for key, type_name in types.items():
        if type_name not in PARAMETER_TYPES:
            raise RuntimeGraphError(f"{path}: parameter {key!r} has unknown type {type_name!r}")
        defaults[key] = coerce_parameter(key, type_name, defaults[key])
    tasks = _tasks(path, raw_tasks, _function_sources(module), set(types))
    return PipelineManifest(root, name, framework, module, defaults, types, tasks)


def _relative(text: str) -> str:
    relative = Path(text)
    if relative.is_absolute() or ".." in relative.parts or relative.suffix != ".py":
        raise RuntimeGraphError(f"tasks_module {text!r} must be a .py file inside the pipeline folder")
    return text


def _tasks(
    path: Path, raw: list[Any], sources: dict[str, str], parameters: set[str]
) -> tuple[PipelineTaskInfo, ...]:
    tasks: list[PipelineTaskInfo] = []
    seen: set[str] = set()
    for item in raw:
        try:
            task = PipelineTaskInfo(
                name=str(item["name"]),
                function=str(item["function"]),
                upstream=tuple(str(u) for u in item["upstream"]),
                parameters=tuple(str(p) for p in item["parameters"]),
                saves=tuple(str(s) for s in item.get("saves", [])),
                source_hash="",
            )
        except (KeyError, TypeError) as exc:
            raise RuntimeGraphError(f"{path}: a task entry is missing or mangles field {exc}") from None
        if task.function not in sources:
            raise RuntimeGraphError(f"{path}: the tasks module defines no function {task.function!r}")
        problems = [u for u in task.upstream if u not in seen] + [
            p for p in task.parameters if p not in parameters
        ]
        if problems or task.name in seen:
            raise RuntimeGraphError(f"{path}: task {task.name!r} refers to unknown or later names {problems}")
        digest = hashlib.sha256(sources[task.function].encode()).hexdigest()
        tasks.append(replace(task, source_hash=digest))
        seen.add(task.name)
    if not tasks:
        raise RuntimeGraphError(f"{path} lists no tasks")
    return tuple(tasks)


def _function_sources(module: Path) -> dict[str, str]:
    """Top-level function name -> its source text, read without importing the module."""
    try:
        text = module.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FileNotFoundError(f"the pipeline's tasks module {module} is missing") from None
    try:
        tree = ast.parse(text, filename=str(module))
    except SyntaxError as exc:
        raise RuntimeGraphError(f"the tasks module {module} does not parse: {exc}") from None
    return {
        node.name: ast.get_source_segment(text, node) or ""
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
    }
