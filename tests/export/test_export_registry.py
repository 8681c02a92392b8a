"""The registry and the generated text every target shares: names, config keys, README, test scaffold."""

from __future__ import annotations

import ast

import pytest
from export_sample import sample_spec

from lineage_ext.errors import ExportError, UnknownFramework
from lineage_ext.export.codegen import indent_code
from lineage_ext.export.registry import export_files, frameworks, get_target

ALL = ["SCRIPT", "AIRFLOW", "ARGO", "KUBEFLOW", "DVC", "RAY", "PREFECT", "DAGSTER"]


def test_every_framework_of_the_issue_is_registered() -> None:
    assert frameworks() == ALL
    assert get_target(" airflow ").name == "AIRFLOW"


@pytest.mark.parametrize("bad", ["LUIGI", "", "script.py", 3])
def test_unknown_frameworks_are_refused_with_the_list(bad: object) -> None:
    with pytest.raises(UnknownFramework, match="choose one of SCRIPT, AIRFLOW"):
        get_target(bad)  # type: ignore[arg-type]


def test_config_keys_a_target_does_not_understand_are_refused() -> None:
    with pytest.raises(
        ExportError, match=r"AIRFLOW does not understand pipeline_dag_config keys \['retrys'\]"
    ):
        export_files(sample_spec(dag_config={"retrys": 3}), "AIRFLOW")
    with pytest.raises(ExportError, match="start_date must be an ISO date"):
        export_files(sample_spec(dag_config={"start_date": "yesterday"}), "AIRFLOW")
    with pytest.raises(ExportError, match="retries must be int"):
        export_files(sample_spec(dag_config={"retries": "2"}), "AIRFLOW")


@pytest.mark.parametrize("framework", ALL)
def test_every_target_writes_readme_requirements_valid_python_and_optional_test(framework: str) -> None:
    files = export_files(sample_spec(generate_test=True), framework)
    assert "## How to run" in files["README.md"]
    assert "test_wine_pipeline.py" in files["README.md"]
    assert "test_wine_pipeline.py" in files
    for path, text in files.items():
        if path.endswith(".py"):
            ast.parse(text, filename=path)
    without = export_files(sample_spec(), framework)
    assert "test_wine_pipeline.py" not in without


def test_indent_keeps_multiline_string_content() -> None:
    code = 'x = """a\n  b\nc"""\nif x:\n    y = 1\n'
    assert indent_code(code) == '    x = """a\n  b\nc"""\n    if x:\n        y = 1'
    namespace: dict[str, object] = {}
    exec("def f():\n" + indent_code(code) + "\n    return x", namespace)
    assert namespace["f"]() == "a\n  b\nc"  # type: ignore[operator]


def test_code_that_does_not_tokenize_is_an_export_error() -> None:
    with pytest.raises(ExportError, match="does not tokenize"):
        indent_code('x = """unterminated\n')
