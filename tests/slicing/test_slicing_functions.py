"""get_function / get_module_definition / build_pipeline_tasks / parameter_candidates on real sessions."""

from __future__ import annotations

import pytest

from lineage_ext.errors import AmbiguousParameter, ArtifactNotFound, CodeNotCaptured, VersionNotFound
from lineage_ext.slicing.entry_points import (
    build_pipeline_tasks,
    get_function,
    get_module_definition,
    parameter_candidates,
)

PIPELINE_CELLS = [
    "import pandas as pd\nn_rows = 5\nscale = 2.5\nunused = 'x'",
    "df = pd.DataFrame({'a': range(n_rows)})\ndf['b'] = df['a'] * scale",
    "def summarize(frame):\n    return float(frame['b'].sum())",
    "total = summarize(df)\nfeatures = df[['b']]",
    "counts = {'rows': len(df)}",
]


@pytest.fixture
def saved(notebook):
    for cell in PIPELINE_CELLS:
        notebook.run_cell(cell)
    for name in ("total", "features", "counts"):
        notebook.save(name)
    return notebook


def test_module_shares_code_once_in_dependency_order(saved):
    source = get_module_definition(["total", "features", "counts"], input_parameters=["n_rows"])
    assert source.count("df = pd.DataFrame({'a': range(n_rows)})") == 1
    assert source.count("import pandas as pd") == 1
    assert "unused" not in source
    assert "n_rows = 5" not in source
    order = [source.index(f"def get_{name}(") for name in ("common", "total", "features", "counts")]
    assert order == sorted(order)
    assert "def run_all(*, n_rows=5):" in source


def test_function_recomputes_saved_values_and_takes_parameters(saved):
    run = get_function(["total", "features", ("counts", 1)], input_parameters=["n_rows", "scale"])
    values = run()
    assert values["total"] == saved.ns["total"]
    assert values["counts"] == {"rows": 5}
    assert values["features"].equals(saved.ns["features"])
    changed = run(n_rows=3, scale=1.0)
    assert (changed["total"], changed["counts"]) == (3.0, {"rows": 3})


def test_reuse_pre_computed_artifact_drops_its_upstream(saved):
    source = get_module_definition(["counts"], reuse_pre_computed_artifacts=["features"])
    assert "pd.DataFrame" in source  # counts needs df, which features does not replace
    source = get_module_definition(["total"], reuse_pre_computed_artifacts=[("total", 1)])
    assert "total = lineage_ext.get('total', 1).get_value()" in source
    assert "pd.DataFrame" not in source
    assert get_function(["total"], reuse_pre_computed_artifacts=["total"])() == {"total": saved.ns["total"]}


def test_ambiguous_parameters(notebook):
    notebook.run_cell("k = 2\nk = 3\nbase = len('abc')\nlimit = 4")
    notebook.run_cell("out = k * base * limit")
    notebook.save("out")
    with pytest.raises(AmbiguousParameter, match="more than one statement"):
        get_function(["out"], input_parameters=["k"])
    with pytest.raises(AmbiguousParameter, match="not assigned by a literal"):
        get_function(["out"], input_parameters=["base"])
    with pytest.raises(AmbiguousParameter, match="not used"):
        get_function(["out"], input_parameters=["nothing"])
    assert get_function(["out"], input_parameters=["limit"])(limit=1) == {"out": 9}


def test_unknown_artifacts_and_versions(saved):
    with pytest.raises(ArtifactNotFound):
        get_function(["no_such_artifact"])
    with pytest.raises(VersionNotFound):
        get_module_definition([("total", 7)])


def test_value_saved_without_code(notebook, store_dir):
    from lineage_ext.store import open_store

    open_store(str(store_dir)).save_value([1, 2], "plain")
    with pytest.raises(CodeNotCaptured):
        get_function(["plain"])


def test_in_place_change_of_shared_value_keeps_each_version(notebook):
    notebook.run_cell("items = [3, 1, 2]")
    notebook.run_cell("first = items[0]")
    notebook.run_cell("items.sort()\nsmallest = items[0]")
    notebook.save("first")
    notebook.save("smallest")
    assert get_function(["first", "smallest"])() == {"first": 3, "smallest": 1}


def test_pipeline_tasks_match_the_exporter_contract(saved):
    from lineage_ext.export.to_pipeline import spec_from_task_code

    tasks = build_pipeline_tasks(["total", "features"], ["n_rows"], [], {})
    assert [t.name for t in tasks] == ["common", "total", "features"]
    common = tasks[0]
    assert (common.parameters, common.saves, common.artifact) == ({"n_rows": 5}, [("df", "common__df")], None)
    assert tasks[1].loads == [("df", "common__df", None)]
    assert tasks[1].upstream == ["common"]
    assert "pandas==" in " ".join(tasks[1].requirements)
    spec = spec_from_task_code("demo", tasks, {}, {}, False)
    assert [t.name for t in spec.tasks] == ["common", "total", "features"]


def test_parameter_candidates(saved):
    graph = saved.graph
    target = graph.latest_version("total").id
    found = parameter_candidates(graph.to_json(), [target])
    assert found == [
        {"name": "n_rows", "value": 5, "artifact": target, "line": 2},
        {"name": "scale", "value": 2.5, "artifact": target, "line": 3},
    ]
