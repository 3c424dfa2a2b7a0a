"""The independent evaluator: a hand-computed plan passes; each kind of error is named.

The hand scenario (2025..2027, one board B, cost0 100, pshare 1, wage 0.1, so g = 0.1):

- base = 110, 121, 133.1; frame0 108 uprated by index: 108, 118.8, then explicit 122 in 2027.
- action ``a`` (efficiency, ramp [0.5, 1.0], oneoff 0.2, capex 0.4, life 2, start 2025..2026,
  weight 2; w = 2 * board 1.5 * category 2 = 6), x[B,a,2025] = 10:
  E = 5, 10*1.1 = 11, 10*1.21 = 12.1; O = 2, 0, 0; D = 0, 2, 2 (0.4/2*10); capex paid 4 in 2025.
- C = 110-5+2 = 107, 121-11+2 = 112, 133.1-12.1+2 = 123; margin 1, 6.8, -1 (overrun 1 in 2027).
- R = 110+2-1-3-107 = 1, 115+2-1-3-112 = 1, 125+2-1-3-123 = 0; Bal = -5+1+1 = -3, -2, -2.
- cash = 50+1+3+0-5-4 = 45, 45+1+3+2-5 = 46, 46+0+3+2-5+2 = 48 (borrowing 2 in 2027);
  loans 10, 10, 12.
- impact = 6*(5+11+12.1) = 168.6; total shortfall 1 (the 2027 frame), status ``shortfall``.
- action ``h`` (hired_staff, pot 5) is a protected pair.
"""

from __future__ import annotations

import copy
import math

import numpy as np
import pandas as pd
import pytest

from optimizer.results.core import Results
from optimizer.results.evaluate.verify import (
    EvaluationError,
    Violation,
    evaluate,
    tables_for_plan,
    verify,
)
from optimizer.scenario.inputs import Liquidity, Priorities
from tests.factory import make_inputs

YEARS = [2025, 2026, 2027]


def scenario_kwargs() -> dict:
    """The ``make_inputs`` arguments of the hand scenario (a fresh dict each call)."""
    return {
        "first": 2025,
        "last": 2027,
        "boards": [{"id": "B", "cost0": 100.0, "pshare": 1.0, "frame0": 108.0, "uprate": "index"}],
        "actions": [
            {
                "id": "a",
                "category": "efficiency",
                "ramp": (0.5, 1.0),
                "oneoff": 0.2,
                "capex": 0.4,
                "life": 2,
                "earliest": 2025,
                "latest": 2026,
                "weight": 2.0,
            },
            {"id": "h", "category": "hired_staff"},
        ],  # fmt: skip
        "potentials": [("B", "a", 20.0), ("B", "h", 5.0)],
        "revenue": {2025: 110.0, 2026: 115.0, 2027: 125.0},
        "grants": 2.0,
        "financial": -1.0,
        "central": 3.0,
        "wage": 0.1,
        "frames": {("B", 2027): 122.0},
        "result_targets": {2025: 0.0, 2026: 1.0},
        "category_targets": {("efficiency", 2027): 12.0},
        "balance_opening": -5.0,
        "adjustments": {2025: 1.0},
        "milestones": {2027: -2.0},
        "pace": {"B": 0.1},
        "investment_room": {2025: 4.0},
        "liquidity": Liquidity(
            opening_cash=50.0,
            min_cash=40.0,
            opening_loans=10.0,
            loan_cap=20.0,
            investments=dict.fromkeys(YEARS, 5.0),
            depreciation=dict.fromkeys(YEARS, 3.0),
        ),  # fmt: skip
        "priorities": Priorities(
            board_weights={"B": 1.5},
            category_weights={"efficiency": 2.0},
            protected_actions=(("B", "h"),),
            floors={("B", 2025): 100.0},
        ),
    }


def hand_tables() -> dict[str, pd.DataFrame]:
    """The tables of the hand plan, every number computed by hand (see the module docstring)."""
    nan = np.nan
    boards = pd.DataFrame(
        {
            "board": ["B"] * 3, "year": YEARS, "baseline": [110.0, 121.0, 133.1],
            "effect": [5.0, 11.0, 12.1], "oneoff": [2.0, 0.0, 0.0],
            "depreciation": [0.0, 2.0, 2.0], "cost": [107.0, 112.0, 123.0],
            "frame": [108.0, 118.8, 122.0], "margin": [1.0, 6.8, -1.0],
            "overrun": [0.0, 0.0, 1.0], "frame_dual": [nan] * 3,
        }
    )  # fmt: skip
    region = pd.DataFrame(
        {
            "year": YEARS, "revenue": [110.0, 115.0, 125.0], "grants": [2.0] * 3,
            "financial": [-1.0] * 3, "central": [3.0] * 3, "cost": [107.0, 112.0, 123.0],
            "result": [1.0, 1.0, 0.0], "target": [0.0, 1.0, nan], "shortfall": [0.0] * 3,
            "result_dual": [nan] * 3, "balance": [-3.0, -2.0, -2.0],
            "milestone": [nan, nan, -2.0], "milestone_dual": [nan] * 3,
        }
    )  # fmt: skip
    return {
        "actions": pd.DataFrame(
            [("B", "a", "efficiency", 2025, 10.0, 6.0, 0.0)],
            columns=[
                "board",
                "action",
                "category",
                "start_year",
                "amount",
                "weight",
                "reduced_cost",
            ],
        ),  # fmt: skip
        "effects": pd.DataFrame(
            {"board": "B", "action": "a", "year": YEARS, "effect": [5.0, 11.0, 12.1]}
        ),
        "boards": boards,
        "region": region,
        "shortfall": pd.DataFrame(
            [("frame", "B", "", 2027, 122.0, 123.0, 1.0)],
            columns=["requirement", "board", "category", "year", "target", "value", "shortfall"],
        ),
        "liquidity": pd.DataFrame(
            {
                "year": YEARS,
                "cash": [45.0, 46.0, 48.0],
                "loans": [10.0, 10.0, 12.0],
                "borrowing": [0.0, 0.0, 2.0],
                "min_cash": [40.0] * 3,
                "shortfall": [0.0] * 3,
            }
        ),  # fmt: skip
        "protected": pd.DataFrame(
            [("B", "h", "hired_staff", 5.0, "action")],
            columns=["board", "action", "category", "pot", "reason"],
        ),
    }


def hand_results() -> Results:
    summary = {
        "status": "shortfall",
        "objective": 168.6,
        "impact": 168.6,
        "total_shortfall": 1.0,
        "savings_by_year": {2025: 5.0, 2026: 11.0, 2027: 12.1},
    }
    return Results(summary=summary, tables=hand_tables())


def checks(kwargs: dict, results: Results) -> set[str]:
    return {v.check for v in evaluate(make_inputs(**kwargs), results)}


def test_hand_plan_has_no_violation():
    assert evaluate(make_inputs(**scenario_kwargs()), hand_results()) == []


def test_tables_for_plan_matches_the_hand_numbers():
    inputs = make_inputs(**scenario_kwargs())
    hand = hand_tables()
    built = tables_for_plan(inputs, hand["actions"])
    for name in ("effects", "boards", "region", "shortfall"):
        pd.testing.assert_frame_equal(
            built[name].reset_index(drop=True), hand[name], check_dtype=False, atol=1e-9
        )


def test_tables_for_plan_without_indexation_and_with_a_fixed_uprate():
    kwargs = scenario_kwargs()
    kwargs["index_effects"] = False
    kwargs["boards"][0]["uprate"] = 0.05
    kwargs["frames"] = {}
    built = tables_for_plan(make_inputs(**kwargs), hand_tables()["actions"])
    assert built["effects"]["effect"].tolist() == pytest.approx([5.0, 10.0, 10.0])
    assert built["boards"]["frame"].tolist() == pytest.approx([108.0, 113.4, 119.07])
    assert built["boards"]["cost"].tolist() == pytest.approx([107.0, 113.0, 125.1])


def test_tables_for_plan_growth_from_wage_price_and_volume():
    kwargs = scenario_kwargs()
    kwargs["boards"][0]["pshare"] = 0.5
    kwargs.update(price=0.02, volume={("B", 2026): 0.05}, frames={("B", 2025): 100.0})
    built = tables_for_plan(make_inputs(**kwargs), hand_tables()["actions"])
    # g = 0.5*0.1 + 0.5*0.02 (+ 0.05 in 2026) = 0.06, 0.11, 0.06
    assert built["boards"]["baseline"].tolist() == pytest.approx([106.0, 117.66, 124.7196])
    assert built["effects"]["effect"].tolist() == pytest.approx([5.0, 11.1, 11.766])
    # an explicit first-year frame, then uprated by the board's growth
    assert built["boards"]["frame"].tolist() == pytest.approx([100.0, 111.0, 117.66])


def test_a_results_folder_round_trip_still_passes(tmp_path):
    folder = hand_results().write(tmp_path / "out")
    assert evaluate(make_inputs(**scenario_kwargs()), Results.read(folder)) == []


def _set(table: str, row: int, column: str, value: float):
    def mutate(kwargs: dict, results: Results) -> None:
        results.tables[table].loc[row, column] = value

    return mutate


def _summary(key: str, value: object):
    def mutate(kwargs: dict, results: Results) -> None:
        results.summary[key] = value

    return mutate


def _kw(key: str, value: object):
    def mutate(kwargs: dict, results: Results) -> None:
        kwargs[key] = value

    return mutate


def _priorities(**changes):
    def mutate(kwargs: dict, results: Results) -> None:
        prio = kwargs["priorities"]
        kwargs["priorities"] = Priorities(**{**prio.__dict__, **changes})

    return mutate


def _liquidity(**changes):
    def mutate(kwargs: dict, results: Results) -> None:
        kwargs["liquidity"] = Liquidity(**{**kwargs["liquidity"].__dict__, **changes})

    return mutate


def _both(*mutators):
    def mutate(kwargs: dict, results: Results) -> None:
        for m in mutators:
            m(kwargs, results)

    return mutate


PERTURBATIONS = {
    "effect cell": (_set("effects", 1, "effect", 11.5), "effects.effect"),
    "baseline": (_set("boards", 0, "baseline", 111.0), "boards.baseline"),
    "cost": (_set("boards", 1, "cost", 113.0), "boards.cost"),
    "depreciation": (_set("boards", 2, "depreciation", 1.0), "boards.depreciation"),
    "margin": (_set("boards", 0, "margin", 2.0), "boards.margin"),
    "frame value": (_set("boards", 1, "frame", 119.0), "boards.frame"),
    "result": (_set("region", 0, "result", 2.0), "region.result"),
    "balance": (_set("region", 2, "balance", -1.0), "region.balance"),
    "amount over potential": (_kw("potentials", [("B", "a", 8.0), ("B", "h", 5.0)]), "potential"),
    "pair without potential": (_kw("potentials", [("B", "h", 5.0)]), "pair"),
    "protected action": (_priorities(protected_categories={"B": ("efficiency",)}), "protected"),
    "start outside window": (
        _kw(
            "actions",
            [
                {**scenario_kwargs()["actions"][0], "earliest": 2026},
                {"id": "h", "category": "hired_staff"},
            ],
        ),
        "start_window",
    ),
    "wrong weight": (_set("actions", 0, "weight", 5.0), "weight"),
    "wrong category": (_set("actions", 0, "category", "structural"), "action_category"),
    "unknown action": (_set("actions", 0, "action", "zzz"), "unknown"),
    "frame violated without overrun": (_set("boards", 2, "overrun", 0.0), "frame"),
    "negative overrun": (_set("boards", 0, "overrun", -0.5), "frame"),
    "result target": (
        _both(_kw("result_targets", {2025: 0.0, 2026: 2.0}), _set("region", 1, "target", 2.0)),
        "result",
    ),
    "milestone": (
        _both(_kw("milestones", {2027: -1.0}), _set("region", 2, "milestone", -1.0)),
        "milestone",
    ),
    "wrong impact": (_summary("impact", 169.6), "summary.impact"),
    "wrong objective": (_summary("objective", 160.0), "summary.objective"),
    "wrong savings": (
        _summary("savings_by_year", {2025: 5.0, 2026: 11.0}),
        "summary.savings_by_year",
    ),
    "wrong total shortfall": (_summary("total_shortfall", 0.0), "summary.total_shortfall"),
    "optimal with a shortfall": (_summary("status", "optimal"), "summary.status"),
    "unknown status": (_summary("status", "solved"), "summary.status"),
    "strict with a shortfall": (_summary("strict", True), "strict"),
    "pace": (_kw("pace", {"B": 0.05}), "pace"),
    "invest": (_kw("investment_room", {2025: 3.0}), "invest"),
    "freeze": (_kw("cost_freeze", (2025,)), "freeze"),
    "floor": (_priorities(floors={("B", 2025): 108.0}), "floor"),
    "category": (_kw("category_targets", {("efficiency", 2027): 13.0}), "category"),
    "wrong cash": (_set("liquidity", 1, "cash", 47.0), "cash"),
    "wrong loans": (_set("liquidity", 2, "loans", 13.0), "loans"),
    "loan ceiling": (_liquidity(loan_cap=11.0), "loan_cap"),
    "least cash": (
        _both(_liquidity(min_cash=46.0), _set("liquidity", slice(None), "min_cash", 46.0)),
        "min_cash",
    ),
    "shortfall row lost": (_set("shortfall", 0, "shortfall", 0.5), "shortfall_table"),
    "protected table": (_set("protected", 0, "potential", 4.0), "protected_table"),
}

# perturbations whose error also shows in derived numbers; every other one is the only violation
SPREADING = {
    "pair without potential", "protected action", "unknown action",
    "frame violated without overrun", "negative overrun",
}  # fmt: skip


@pytest.mark.parametrize("name", list(PERTURBATIONS))
def test_each_perturbation_is_named(name):
    mutate, expected = PERTURBATIONS[name]
    kwargs, results = scenario_kwargs(), copy.deepcopy(hand_results())
    mutate(kwargs, results)
    found = checks(kwargs, results)
    assert expected in found
    if name not in SPREADING:
        assert found == {expected}


def test_a_milestone_shortfall_row_closes_the_gap():
    kwargs = scenario_kwargs()
    kwargs["milestones"] = {2026: -1.0, 2027: -2.0}
    results = hand_results()
    results.tables["region"].loc[1, "milestone"] = -1.0
    results.tables["shortfall"].loc[1] = ["milestone", "", "", 2026, -1.0, -2.0, 1.0]
    results.summary["total_shortfall"] = 2.0
    assert evaluate(make_inputs(**kwargs), results) == []
    results.summary["total_shortfall"] = 1.0
    assert checks(kwargs, results) == {"summary.total_shortfall"}


def test_a_category_shortfall_row_closes_the_gap():
    kwargs = scenario_kwargs()
    kwargs["category_targets"] = {("efficiency", 2027): 13.0}
    results = hand_results()
    results.tables["shortfall"].loc[1] = ["category", "", "efficiency", 2027, 13.0, 12.1, 0.9]
    results.summary["total_shortfall"] = 1.9
    assert evaluate(make_inputs(**kwargs), results) == []


def test_missing_and_extra_rows_are_named():
    results = hand_results()
    results.tables["effects"] = results.tables["effects"].iloc[:2]
    extra = results.tables["boards"].iloc[[0]].assign(year=2031)
    results.tables["boards"] = pd.concat([results.tables["boards"], extra], ignore_index=True)
    found = checks(scenario_kwargs(), results)
    assert {"effects.missing_row", "boards.extra_row"} <= found


def test_an_extra_effects_row_of_zeros_is_allowed():
    results = hand_results()
    zero = pd.DataFrame({"board": ["B"], "action": ["h"], "year": [2025], "effect": [0.0]})
    results.tables["effects"] = pd.concat([results.tables["effects"], zero], ignore_index=True)
    assert evaluate(make_inputs(**scenario_kwargs()), results) == []


@pytest.mark.parametrize(
    ("objective", "value"),
    [("min_savings", 28.1), ("min_max_share", 12.1 / 133.1), ("min_impact", 168.6)],
)
def test_the_objective_follows_the_chosen_objective(objective, value):
    kwargs = {**scenario_kwargs(), "objective": objective}
    results = hand_results()
    results.summary["objective"] = value
    assert evaluate(make_inputs(**kwargs), results) == []
    results.summary["objective"] = value * 1.01
    assert checks(kwargs, results) == {"summary.objective"}


def test_min_max_share_skips_protected_boards():
    kwargs = {**scenario_kwargs(), "objective": "min_max_share"}
    kwargs["priorities"] = Priorities(protected_boards=("B",))
    results = hand_results()
    results.summary["objective"] = 0.0
    found = checks(kwargs, results)
    assert "summary.objective" not in found
    assert "protected" in found


def test_tolerance_is_relative():
    inputs = make_inputs(**scenario_kwargs())
    results = hand_results()
    results.tables["boards"].loc[2, "cost"] = 123.0 * (1 + 5e-7)
    assert evaluate(inputs, results) == []
    results.tables["boards"].loc[2, "cost"] = 123.0 * (1 + 2e-6)
    assert {v.check for v in evaluate(inputs, results)} == {"boards.cost"}
    assert evaluate(inputs, results, tol=1e-5) == []


def test_no_plan_without_a_solution():
    inputs = make_inputs(**scenario_kwargs())
    assert evaluate(inputs, Results(summary={"status": "infeasible"})) == []
    assert evaluate(inputs, Results(summary={"status": "time_limit"})) == []
    timed_out = hand_results()
    timed_out.summary["status"] = "time_limit"
    timed_out.tables["boards"].loc[0, "cost"] = 0.0
    assert "boards.cost" in {v.check for v in evaluate(inputs, timed_out)}


def test_verify_raises_with_every_violation():
    inputs = make_inputs(**scenario_kwargs())
    verify(inputs, hand_results())
    bad = hand_results()
    bad.summary["impact"] = 1.0
    with pytest.raises(EvaluationError) as info:
        verify(inputs, bad)
    assert [v.check for v in info.value.violations] == ["summary.impact"]
    assert "summary.impact[impact]: expected 168.6, got 1" in str(info.value)


def test_violation_reads_as_one_line():
    text = str(Violation("frame", "B,2027", 122.0, 123.0))
    assert text == "frame[B,2027]: expected 122, got 123"
    assert "\n" not in text
    assert math.isnan(Violation("x", "y", float("nan"), 1.0).expected)
