"""PipelineSpec: validation, stable ordering and artifact-level dependencies."""

from __future__ import annotations

from dataclasses import replace

import pytest
from export_sample import PARAMETERS, sample_spec, sample_tasks

from lineage_ext.errors import ExportError
from lineage_ext.export.spec import Parameter, PipelineSpec, TaskIO, TaskSpec


def test_tasks_come_out_in_dependency_order_whatever_the_input_order() -> None:
    spec = sample_spec(tasks=list(reversed(sample_tasks())))
    assert [t.name for t in spec.tasks] == ["load_data", "make_features", "train_model"]
    assert spec.parameter("max_depth") == Parameter("max_depth", 3, "int")
    assert [p.name for p in spec.task_parameters(spec.task("make_features"))] == ["drop_column", "add_ratio"]


def test_independent_tasks_keep_declaration_order() -> None:
    tasks = [TaskSpec(name=n, code="x = 1", saves=(TaskIO("x", n),), artifact=n) for n in ("c", "a", "b")]
    assert [t.name for t in PipelineSpec.create("p", tasks).tasks] == ["c", "a", "b"]


def test_artifact_dependencies_become_task_edges() -> None:
    tasks = [
        TaskSpec(name=n, code="x = 1", saves=(TaskIO("x", f"art_{n}"),), artifact=f"art_{n}") for n in "ab"
    ]
    spec = PipelineSpec.create("p", tasks, dependencies={"art_a": {"art_b"}})
    assert [t.name for t in spec.tasks] == ["b", "a"]
    assert spec.task("a").upstream == ("b",)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": "load data"}, "task name 'load data' must be a Python identifier"),
        ({"upstream": ("nowhere",)}, "depends on unknown task 'nowhere'"),
        ({"parameters": ("n_rows", "missing")}, "undeclared parameter 'missing'"),
        ({"code": "   \n"}, "has no code"),
        ({"loads": (TaskIO("x", "never_saved"),)}, "loads 'never_saved', which no upstream task saves"),
        ({"saves": (TaskIO("class", "wine_raw"),)}, "variable name 'class'"),
    ],
)
def test_bad_tasks_are_refused_with_a_clear_message(change: dict[str, object], message: str) -> None:
    tasks = sample_tasks()
    tasks[0] = replace(tasks[0], **change)  # type: ignore[arg-type]
    with pytest.raises(ExportError, match=message.replace("(", r"\(").replace(")", r"\)")):
        sample_spec(tasks=tasks)


def test_cycles_duplicates_and_unknown_dependencies_are_refused() -> None:
    tasks = sample_tasks()
    tasks[0] = replace(tasks[0], upstream=("train_model",))
    with pytest.raises(ExportError, match="cycle"):
        sample_spec(tasks=tasks)
    with pytest.raises(ExportError, match="two tasks are named 'load_data'"):
        sample_spec(tasks=[*sample_tasks(), sample_tasks()[0]])
    with pytest.raises(ExportError, match="artifact 'ghost'"):
        sample_spec(dependencies={"wine_score": {"ghost"}})
    with pytest.raises(ExportError, match="at least one task"):
        sample_spec(tasks=[])


def test_a_pinned_load_needs_no_upstream_task() -> None:
    task = TaskSpec(
        name="t", code="y = x + 1", loads=(TaskIO("x", "precomputed", 3),), saves=(TaskIO("y", "y"),)
    )
    assert PipelineSpec.create("p", [task]).tasks == (task,)


@pytest.mark.parametrize(
    ("name", "default", "type_name"), [("p", [1], ""), ("p", 1, "float"), ("p", None, ""), ("for", 1, "")]
)
def test_parameters_must_be_typed_literals_with_identifier_names(
    name: str, default: object, type_name: str
) -> None:
    with pytest.raises(ExportError):
        Parameter(name, default, type_name)  # type: ignore[arg-type]


def test_parameter_types_are_inferred() -> None:
    assert [p.type_name for p in PARAMETERS] == ["int", "str", "bool", "float", "int"]


def test_names_reserved_by_the_generated_code_are_refused() -> None:
    tasks = sample_tasks()
    tasks[0] = replace(tasks[0], name="run_all")
    with pytest.raises(ExportError, match="'run_all' is reserved"):
        sample_spec(tasks=tasks)
    with pytest.raises(ExportError, match="'receipt' is reserved"):
        Parameter("receipt", 1)
