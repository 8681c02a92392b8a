"""Grid expansion: exact config lists for product, zip groups and their mix, and the errors."""

from __future__ import annotations

import pytest

from lineage_ext.errors import RuntimeGraphError
from lineage_ext.runtime import Flow, TaskSpec, expand_grid
from lineage_ext.runtime.grid import config_hash


def test_no_lists_gives_the_config_itself() -> None:
    assert expand_grid({"a": 1, "b": "x"}) == [{"a": 1, "b": "x"}]
    assert expand_grid(None) == [{}]
    assert expand_grid({}) == [{}]


def test_lists_expand_by_product_last_key_fastest() -> None:
    assert expand_grid({"lr": [0.1, 0.01], "fixed": 3, "epochs": [1, 2, 3]}) == [
        {"lr": 0.1, "fixed": 3, "epochs": 1},
        {"lr": 0.1, "fixed": 3, "epochs": 2},
        {"lr": 0.1, "fixed": 3, "epochs": 3},
        {"lr": 0.01, "fixed": 3, "epochs": 1},
        {"lr": 0.01, "fixed": 3, "epochs": 2},
        {"lr": 0.01, "fixed": 3, "epochs": 3},
    ]


def test_group_prefix_zips_and_strips_the_prefix() -> None:
    assert expand_grid({"@x:lr": [0.1, 0.2, 0.3], "@x:epochs": [5, 10, 20]}) == [
        {"lr": 0.1, "epochs": 5},
        {"lr": 0.2, "epochs": 10},
        {"lr": 0.3, "epochs": 20},
    ]


def test_groups_and_plain_lists_combine_by_product_in_first_appearance_order() -> None:
    config = {"seed": [0, 1], "@x:lr": [0.1, 0.2], "model": "mlp", "@y:depth": [2, 4], "@x:epochs": [5, 10]}
    assert expand_grid(config) == [
        {"seed": 0, "lr": 0.1, "model": "mlp", "depth": 2, "epochs": 5},
        {"seed": 0, "lr": 0.1, "model": "mlp", "depth": 4, "epochs": 5},
        {"seed": 0, "lr": 0.2, "model": "mlp", "depth": 2, "epochs": 10},
        {"seed": 0, "lr": 0.2, "model": "mlp", "depth": 4, "epochs": 10},
        {"seed": 1, "lr": 0.1, "model": "mlp", "depth": 2, "epochs": 5},
        {"seed": 1, "lr": 0.1, "model": "mlp", "depth": 4, "epochs": 5},
        {"seed": 1, "lr": 0.2, "model": "mlp", "depth": 2, "epochs": 10},
        {"seed": 1, "lr": 0.2, "model": "mlp", "depth": 4, "epochs": 10},
    ]


def test_wrapped_list_is_a_value_and_dicts_tuples_are_untouched() -> None:
    assert expand_grid({"layers": [[64, 32]], "opts": {"a": [1, 2]}, "shape": (1, 2)}) == [
        {"layers": [64, 32], "opts": {"a": [1, 2]}, "shape": (1, 2)}
    ]


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"a": []}, "empty list"),
        ({"@x:a": [1, 2], "@x:b": [1]}, "different lengths"),
        ({"@x:a": 3}, "is not a list"),
        ({"@x": [1]}, "must look like"),
        ({"@:a": [1]}, "must look like"),
        ({"a": [1], "@x:a": [2]}, "both expand to 'a'"),
    ],
)
def test_bad_grids_are_refused_clearly(config: dict[str, object], message: str) -> None:
    with pytest.raises(RuntimeGraphError, match=message):
        expand_grid(config)


def test_successors_of_an_expanded_task_expand_too() -> None:
    def source(n: int) -> int:
        return n

    def sink(source: int, k: int) -> int:
        return source * k

    first = TaskSpec(source, {"n": [1, 2]})
    second = TaskSpec(sink, {"k": [10, 100]}).requires(first)
    flow = Flow([first, second])
    assert flow.configs("source") == [{"n": 1}, {"n": 2}]
    assert flow.configs("sink") == [{"k": 10}, {"k": 10}, {"k": 100}, {"k": 100}]
    results = flow.run(num_workers=0)
    assert results == {
        "source[0]": 1,
        "source[1]": 2,
        "sink[0]": 10,
        "sink[1]": 20,
        "sink[2]": 100,
        "sink[3]": 200,
    }
    assert flow.runs["sink[1]"].predecessors == ["source[1]"]


def test_reduce_collects_every_upstream_instance() -> None:
    def source(n: int) -> int:
        return n

    def gather(source: list[int]) -> list[int]:
        return source

    first = TaskSpec(source, {"n": [1, 2, 3]})
    last = TaskSpec(gather, reduce=True).requires(first)
    assert Flow([first, last]).run(num_workers=0)["gather"] == [1, 2, 3]


def test_config_hash_covers_upstream_configs_but_not_sibling_order() -> None:
    up_a = config_hash("a", {"x": 1}, [])
    up_b = config_hash("b", {"y": 2}, [])
    assert config_hash("c", {}, [up_a, up_b]) == config_hash("c", {}, [up_b, up_a])
    assert config_hash("c", {}, [up_a]) != config_hash("c", {}, [config_hash("a", {"x": 2}, [])])
    assert config_hash("c", {"k": (1, 2)}, []) == config_hash("c", {"k": [1, 2]}, [])
    with pytest.raises(RuntimeGraphError, match="JSON data"):
        config_hash("c", {"k": object()}, [])
    with pytest.raises(RuntimeGraphError, match="cannot be hashed"):
        config_hash("c", {"k": float("nan")}, [])
