"""Issue 21, item 7: ``solve()`` checks the inputs it is given, so the Python API cannot bypass
validation, and the results carry the hash of what was solved, not of what was loaded.

Before: ``solve(replace(load_scenario(), tail_years=-1e6))`` was ``optimal`` with an impact of
-2.5e9 and the loaded hash; ``tail_years=nan`` hung; an edit in place kept the old hash;
``load_scenario({...})`` raised ``TypeError``.
"""

from __future__ import annotations

import dataclasses

import pytest

from optimizer import InputError, load_scenario, solve
from optimizer.scenario.checks.given import check_given
from optimizer.scenario.load import inputs_hash


@pytest.fixture(scope="module")
def example():
    return load_scenario()


@pytest.mark.parametrize(
    "change, where",
    [
        ({"tail_years": -1e6}, "inputs.tail_years"),
        ({"tail_years": float("nan")}, "inputs.tail_years"),
        ({"shortfall_weights": {"deadline": -1.0}}, "inputs.shortfall_weights.deadline"),
        ({"objective": "max_joy"}, "inputs.objective"),
    ],
)
def test_a_replaced_field_is_checked_again(example, change, where):
    with pytest.raises(InputError) as caught:
        solve(dataclasses.replace(example, **change))
    assert any(where in line for line in caught.value.lines())


def test_an_edit_in_place_is_solved_with_its_own_hash(example):
    edited = load_scenario()
    edited.exempt[2025] = 250.0
    results = solve(edited, sensitivity=False)
    assert results.summary["inputs_sha256"] == inputs_hash(edited)
    assert results.summary["inputs_sha256"] != example.inputs_sha256
    edited.wage[2026] = float("inf")
    with pytest.raises(InputError, match=r"inputs\.wage\.2026"):
        solve(edited)


def test_loaded_inputs_pass_unchanged_with_their_hash(example):
    assert check_given(example) == []
    results = solve(example, sensitivity=False)
    assert results.summary["inputs_sha256"] == example.inputs_sha256


@pytest.mark.parametrize("given", [{"name": "x"}, 42, None.__class__])
def test_load_scenario_of_a_non_path_is_an_input_error(given):
    with pytest.raises(InputError, match="expected a scenario folder"):
        load_scenario(given)


def test_solve_of_something_else_is_an_input_error():
    with pytest.raises(InputError, match="Inputs, from load_scenario"):
        solve({"name": "x"})
