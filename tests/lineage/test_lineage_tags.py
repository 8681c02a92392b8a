"""The stored tag layout and query rendering, without MLflow: they are a contract other tools read."""

from __future__ import annotations

import pytest

from lineage_ext.lineage import Inputs, Outputs, Query
from lineage_ext.lineage.spec import LineageSpec
from lineage_ext.lineage.tags import decode_key_part, encode_key_part, from_tags, to_tags


def test_tags_layout_is_one_tag_per_model_and_run_with_sorted_json_lists() -> None:
    spec = (
        LineageSpec()
        .with_input_model("raw", 3)
        .with_input_model("raw", "1")
        .with_input_artifact("abc123", "data/x.csv")
        .with_output_model("model")
        .with_output_artifact("abc123")
    )
    assert to_tags(spec.inputs, spec.outputs) == {
        "lineage.inputs.models.raw": '["1", "3"]',
        "lineage.inputs.runs.abc123": '["data/x.csv"]',
        "lineage.outputs.models.model": "[]",
        "lineage.outputs.runs.abc123": "[]",
        "lineage.layout": "1",
    }


@pytest.mark.parametrize("name", ["plain", "with space/and:colon", "ünï~cödé", "a`b'c\"d", "x.y-z_1"])
def test_model_names_round_trip_through_tag_keys(name: str) -> None:
    encoded = encode_key_part(name)
    assert decode_key_part(encoded) == name
    assert all(ch.isalnum() or ch in "_-./: ~" for ch in encoded)
    inputs, _ = from_tags(to_tags(Inputs(models={name: {"2"}}), Outputs()))
    assert inputs.models == {name: {"2"}}


def test_from_tags_ignores_foreign_and_malformed_tags() -> None:
    inputs, outputs = from_tags(
        {
            "mlflow.runName": "x",
            "lineage.inputs.models.ok": '["1"]',
            "lineage.inputs.models.bad": "not json",
            "lineage.outputs.runs.r1": "[1, 2]",
            "lineage.sideways.models.m": '["1"]',
        }
    )
    assert inputs.models == {"ok": {"1"}}
    assert inputs.runs == {}
    assert outputs.is_empty()


def test_runs_by_path_reverses_runs() -> None:
    info = Inputs(runs={"r1": {"a", "b"}, "r2": {"a"}})
    assert info.runs_by_path == {"a": {"r1", "r2"}, "b": {"r1"}}


def test_paths_must_be_plain_relative_paths() -> None:
    with pytest.raises(ValueError, match="relative path"):
        LineageSpec().with_input_artifact("r1", "/etc/passwd")
    with pytest.raises(ValueError, match="relative path"):
        LineageSpec().with_output_artifact("r1", "a/../../b")
    with pytest.raises(ValueError, match="non-empty name"):
        LineageSpec().with_input_model("")


def test_query_renders_wildcards_and_exact_items() -> None:
    query = Query().with_input_model("raw").with_output_artifact("r1", "model/a_b.pkl")
    assert query.render() == (
        "tags.`lineage.inputs.models.raw` LIKE '%' AND "
        "tags.`lineage.outputs.runs.r1` LIKE '%\"model/a_b.pkl\"%'"
    )
    assert Query().render() == ""


def test_query_matching_is_exact_where_like_patterns_over_match() -> None:
    query = Query().with_input_artifact("r1", "a_b")
    assert query.matches(to_tags(Inputs(runs={"r1": {"a_b"}}), Outputs()))
    assert not query.matches(to_tags(Inputs(runs={"r1": {"aXb"}}), Outputs()))  # LIKE's `_` would match
    assert Query().with_input_model("raw").matches(to_tags(Inputs(models={"raw": {"7"}}), Outputs()))
    assert not Query().with_input_model("raw", 8).matches(to_tags(Inputs(models={"raw": {"7"}}), Outputs()))
    assert not Query().with_output_model("raw").matches(to_tags(Inputs(models={"raw": {"7"}}), Outputs()))
