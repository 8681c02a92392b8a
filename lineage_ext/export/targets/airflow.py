"""AIRFLOW target: a DAG file that loads on Airflow 3 (``airflow.sdk``) and on Airflow 2.x.

Each task is a ``PythonOperator`` calling the shared tasks module that sits next to the DAG
file (Airflow puts the DAGs folder on ``sys.path``). Pipeline parameters become DAG ``params``
(typed ``Param``s, so a manual run can change them); ``pipeline_dag_config`` sets the schedule,
start date, retries and the other keys in ``CONFIG_KEYS``.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from lineage_ext.errors import ExportError
from lineage_ext.export.codegen import HEADER, requirements_txt, tasks_module, tasks_module_name
from lineage_ext.export.docs import readme
from lineage_ext.export.registry import Target
from lineage_ext.export.spec import PipelineSpec

CONFIG_KEYS = frozenset(
    {"schedule", "start_date", "catchup", "retries", "retry_delay", "owner", "tags", "max_active_runs"}
    | {"schedule_interval"}  # LineaPy's (and Airflow 2's) name for ``schedule``
)
JSON_TYPES = {"int": "integer", "float": "number", "str": "string", "bool": "boolean"}
IMPORTS = """try:  # Airflow 3
    from airflow.providers.standard.operators.python import PythonOperator
    from airflow.sdk import DAG, Param
except ImportError:  # Airflow 2.x
    from airflow import DAG
    from airflow.models.param import Param
    from airflow.operators.python import PythonOperator
"""


def _start_date(config: Mapping[str, Any]) -> str:
    raw = config.get("start_date", "2024-01-01")
    try:
        when = datetime.date.fromisoformat(str(raw))
    except ValueError:
        raise ExportError(
            f"pipeline_dag_config start_date must be an ISO date like 2024-01-01, not {raw!r}"
        ) from None
    return f"datetime.datetime({when.year}, {when.month}, {when.day}, tzinfo=datetime.timezone.utc)"


def _checked(config: Mapping[str, Any], key: str, kinds: tuple[type, ...], default: Any) -> Any:
    value = config.get(key, default)
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        names = " or ".join(k.__name__ for k in kinds)
        raise ExportError(f"pipeline_dag_config {key} must be {names}, not {value!r}")
    return value


def _schedule(config: Mapping[str, Any]) -> str | None:
    if "schedule_interval" in config:
        if "schedule" in config:
            raise ExportError("pipeline_dag_config has both schedule and schedule_interval; keep one")
        return _checked(config, "schedule_interval", (str, type(None)), None)  # type: ignore[no-any-return]
    return _checked(config, "schedule", (str, type(None)), None)  # type: ignore[no-any-return]


def _default_args(config: Mapping[str, Any]) -> str:
    retries = _checked(config, "retries", (int,), 0)
    delay = _checked(config, "retry_delay", (int, float), 300)
    owner = _checked(config, "owner", (str,), "lineage_ext")
    delta = f"datetime.timedelta(seconds={delay!r})"
    return f"{{'owner': {owner!r}, 'retries': {retries!r}, 'retry_delay': {delta}}}"


def dag_file(spec: PipelineSpec) -> str:
    config = spec.dag_config
    params = ", ".join(
        f"{p.name!r}: Param({p.default!r}, type={JSON_TYPES[p.type_name]!r})" for p in spec.parameters
    )
    operators = "\n".join(
        f"    {t.name} = PythonOperator(task_id={t.name!r}, python_callable=_run, "
        f"op_kwargs={{'task_name': {t.name!r}}})"
        for t in spec.tasks
    )
    edges = "\n".join(f"    {u} >> {t.name}" for t in spec.tasks for u in t.upstream)
    return f'''{HEADER}"""Airflow DAG {spec.name!r}; loads on Airflow 3 and Airflow 2.x."""

from __future__ import annotations

import datetime
import os
import sys

# the tasks module sits next to this file; not every Airflow process puts the DAGs folder on sys.path
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import {tasks_module_name(spec)} as tasks

{IMPORTS}

def _run(task_name: str, **context: object) -> dict[str, int]:
    """Call one task with the run's params; data moves through the artifact store, not XCom."""
    params = context["params"]
    kwargs = {{key: params[key] for key in tasks.PARAMETERS[task_name]}}
    return getattr(tasks, task_name)(**kwargs)


with DAG(
    dag_id={spec.name!r},
    schedule={_schedule(config)!r},
    start_date={_start_date(config)},
    catchup={_checked(config, "catchup", (bool,), False)!r},
    max_active_runs={_checked(config, "max_active_runs", (int,), 1)!r},
    default_args={_default_args(config)},
    params={{{params}}},
    tags={list(_checked(config, "tags", (list, tuple), ["lineage_ext"]))!r},
) as dag:
{operators}
{edges}
'''


def render(spec: PipelineSpec) -> dict[str, str]:
    dag_name, module = f"{spec.name}_dag.py", f"{tasks_module_name(spec)}.py"
    how = f"""
Copy both Python files into the same Airflow DAGs folder (Airflow 3, or Airflow 2.x), then:
```
pip install -r requirements.txt     # into the Airflow workers' environment
airflow dags test {spec.name}                   # one local run
airflow tasks test {spec.name} {spec.tasks[0].name}    # one task
```
Trigger with other parameter values from the UI ("Trigger DAG w/ config") or
`airflow dags trigger {spec.name} --conf '{{"<param>": <value>}}'`.
`airflow tasks test` can exit 0 when the task failed: read its log.
"""
    files = {dag_name: dag_file(spec), module: tasks_module(spec), "requirements.txt": requirements_txt(spec)}
    purposes = {dag_name: "the DAG", module: "the task code the DAG calls", "requirements.txt": "packages"}
    files["README.md"] = readme(spec, "Airflow", purposes, how)
    return files


TARGET = Target("AIRFLOW", render, CONFIG_KEYS, "an Airflow DAG (Airflow 3, loads on 2.x)")
