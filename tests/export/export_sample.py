"""The 3-task pipeline every export test uses: scikit-learn's bundled wine data -> features -> model.

``sample_spec()`` is the PipelineSpec a slice of such a notebook yields (written by hand until
slicing lands); ``expected_values()`` computes the same artifacts directly, for comparisons.
"""

from __future__ import annotations

from typing import Any

from lineage_ext.export.spec import Parameter, PipelineSpec, TaskIO, TaskSpec

LOAD_CODE = """
from sklearn.datasets import load_wine

raw = load_wine(as_frame=True).frame.sample(n=n_rows, random_state=0)
"""

FEATURES_CODE = '''
features = raw.drop(columns=[drop_column])
if add_ratio:
    features["ratio"] = features["alcohol"] / features["malic_acid"]
note = """multi-line
  string kept as is"""
'''

TRAIN_CODE = """
from sklearn.model_selection import train_test_split
from sklearn.tree import DecisionTreeClassifier

X = features.drop(columns="target")
y = features["target"]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=test_size, random_state=0)
model = DecisionTreeClassifier(max_depth=max_depth, random_state=0).fit(X_train, y_train)
score = float(model.score(X_test, y_test))
"""

PARAMETERS = (
    Parameter("n_rows", 150),
    Parameter("drop_column", "proline"),
    Parameter("add_ratio", True),
    Parameter("test_size", 0.25),
    Parameter("max_depth", 3),
)

FINAL_ARTIFACTS = ("wine_raw", "wine_features", "wine_model", "wine_score")


def sample_tasks() -> list[TaskSpec]:
    return [
        TaskSpec(
            name="load_data",
            code=LOAD_CODE,
            saves=(TaskIO("raw", "wine_raw"),),
            parameters=("n_rows",),
            artifact="wine_raw",
            artifact_version=1,
        ),
        TaskSpec(
            name="make_features",
            code=FEATURES_CODE,
            loads=(TaskIO("raw", "wine_raw"),),
            saves=(TaskIO("features", "wine_features"),),
            upstream=("load_data",),
            parameters=("drop_column", "add_ratio"),
            artifact="wine_features",
            artifact_version=1,
        ),
        TaskSpec(
            name="train_model",
            code=TRAIN_CODE,
            loads=(TaskIO("features", "wine_features"),),
            saves=(TaskIO("model", "wine_model"), TaskIO("score", "wine_score")),
            upstream=("make_features",),
            parameters=("test_size", "max_depth"),
            artifact="wine_score",
            artifact_version=1,
        ),
    ]


def sample_spec(**overrides: Any) -> PipelineSpec:
    arguments: dict[str, Any] = {
        "name": "wine",
        "tasks": sample_tasks(),
        "parameters": PARAMETERS,
        "requirements": ("pandas==3.1.1", "scikit-learn==1.9.1"),
    }
    arguments.update(overrides)
    return PipelineSpec.create(**arguments)


def expected_values(n_rows: int = 150, max_depth: int = 3) -> dict[str, Any]:
    """The artifacts computed directly in this process, with the given parameters."""
    namespace: dict[str, Any] = {"n_rows": n_rows, "drop_column": "proline", "add_ratio": True}
    namespace.update({"test_size": 0.25, "max_depth": max_depth})
    for code in (LOAD_CODE, FEATURES_CODE, TRAIN_CODE):
        exec(compile(code, "<sample>", "exec"), namespace)
    return {
        "wine_raw": namespace["raw"],
        "wine_features": namespace["features"],
        "wine_model": namespace["model"],
        "wine_score": namespace["score"],
    }
