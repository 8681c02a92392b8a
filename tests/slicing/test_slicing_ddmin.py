"""Delta debugging finds a 1-minimal subset, and stops with a passing subset when out of budget."""

from __future__ import annotations

from lineage_ext.slicing.ddmin import OutOfBudget, minimize


def test_minimize_finds_the_needed_items_in_order():
    tried: list[list[int]] = []

    def needs_2_5_7(subset: list[int]) -> bool:
        tried.append(subset)
        return {2, 5, 7} <= set(subset)

    assert minimize(list(range(12)), needs_2_5_7) == [2, 5, 7]
    assert len(tried) == len({tuple(s) for s in tried})  # no subset is tried twice


def test_minimize_can_remove_everything():
    assert minimize(["a", "b"], lambda subset: True) == []


def test_out_of_budget_returns_the_best_passing_subset():
    calls = 0

    def test(subset: list[int]) -> bool:
        nonlocal calls
        calls += 1
        if calls > 3:
            raise OutOfBudget
        return 0 in subset

    result = minimize(list(range(8)), test)
    assert 0 in result
    assert len(result) < 8
