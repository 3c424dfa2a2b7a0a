"""Hand-computed micro cases of the savings LP (docs/model.md).

Every expected number is worked out by hand in the comment above its assertion. Notation:
``x[b,a,s]`` full annual effect of action ``a`` in board ``b`` started in year ``s``;
impact = sum over b,a,t of w[b,a] * E_a[b,t] (impact-years). Duals follow docs/model.md, "Outputs":
the fall in the stage-2 objective per MSEK by which the row is loosened.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from optimizer.scenario.inputs import Priorities
from tests.factory import make_inputs

solve_module = pytest.importorskip("optimizer.analysis.pipeline")
solve = solve_module.solve

TOL = 1e-6


# --------------------------------------------------------------------------- helpers


def _matches(frame: pd.DataFrame, column: str, value: object) -> pd.Series:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return pd.to_numeric(frame[column], errors="coerce") == value
    return frame[column].astype(str) == str(value)


def amount(res, board: str, action: str, start_year: int | None = None) -> float:
    """Total x[board, action, s] over start years (or one start year); 0 when absent."""
    acts = res.actions
    mask = _matches(acts, "board", board) & _matches(acts, "action", action)
    if start_year is not None:
        mask &= _matches(acts, "start_year", start_year)
    return float(acts.loc[mask, "amount"].sum())


def dual(res, constraint: str, **keys: object) -> float:
    """The reported dual of the single row of family ``constraint`` with the given keys."""
    duals = res.duals
    mask = duals["constraint"].astype(str) == constraint
    for column, value in keys.items():
        mask &= _matches(duals, column, value)
    rows = duals.loc[mask]
    assert len(rows) == 1, f"expected one {constraint}{keys} row, got {len(rows)}:\n{rows}"
    return float(rows["dual"].iloc[0])


def board_row(res, board: str, year: int) -> pd.Series:
    rows = res.boards.loc[_matches(res.boards, "board", board) & _matches(res.boards, "year", year)]
    assert len(rows) == 1
    return rows.iloc[0]


def region_row(res, year: int) -> pd.Series:
    rows = res.region.loc[_matches(res.region, "year", year)]
    assert len(rows) == 1
    return rows.iloc[0]


def close(value: float, expected: float, tol: float = TOL) -> bool:
    return math.isclose(float(value), expected, rel_tol=tol, abs_tol=tol)


# --------------------------------------------------------------------------- 1. one binding frame


def case_one_frame(**kwargs):
    """One year, board B (cost0 100, frame0 90), cheap a1 (w 1, pot 6), dear a2 (w 3, pot 10)."""
    return make_inputs(
        boards=[{"id": "B", "cost0": 100.0, "frame0": 90.0}],
        actions=[
            {"id": "a1", "category": "efficiency", "weight": 1.0},
            {"id": "a2", "category": "structural", "weight": 3.0},
        ],
        potentials=[("B", "a1", 6.0), ("B", "a2", 10.0)],
        **kwargs,
    )


def test_one_binding_frame_allocation_objective_and_duals():
    res = solve(case_one_frame())
    assert res.status == "optimal"
    # C = 100 - x1 - x2 <= 90 -> x1 + x2 >= 10; cheap first: x1 = pot 6, x2 = 10 - 6 = 4
    assert close(amount(res, "B", "a1", 2025), 6.0)
    assert close(amount(res, "B", "a2", 2025), 4.0)
    # impact = 6*1 + 4*3 = 18; objective min_impact = impact
    assert close(res.summary["impact"], 18.0)
    assert close(res.summary["objective"], 18.0)
    assert close(res.summary["total_shortfall"], 0.0)
    # frame +1 MSEK -> 1 MSEK less of the marginal a2 -> impact falls by 3
    assert close(dual(res, "frame", board="B", year=2025), 3.0)
    assert close(board_row(res, "B", 2025)["frame_dual"], 3.0)
    # pot(a1) +1 -> 1 more a1 (w 1) replaces 1 a2 (w 3) -> falls by 3 - 1 = 2
    assert close(dual(res, "potential", board="B", action="a1"), 2.0)
    # pot(a2) is not binding (4 < 10) -> dual 0
    assert close(dual(res, "potential", board="B", action="a2"), 0.0)
    # boards table: baseline 100, effect 10, cost 90, margin 0, overrun 0
    row = board_row(res, "B", 2025)
    assert close(row["baseline"], 100.0)
    assert close(row["effect"], 10.0)
    assert close(row["cost"], 90.0)
    assert close(row["margin"], 0.0)
    assert close(row["overrun"], 0.0)
    # actions weights are w[b,a]
    weights = dict(zip(res.actions["action"], res.actions["weight"], strict=True))
    assert close(weights["a1"], 1.0) and close(weights["a2"], 3.0)


# --------------------------------------------------------------------------- 2. result target


def test_binding_result_target():
    inputs = make_inputs(
        boards=[{"id": "B", "cost0": 100.0}],  # no frame (1e9)
        actions=[
            {"id": "a1", "category": "efficiency", "weight": 2.0},
            {"id": "a2", "category": "efficiency", "weight": 5.0},
        ],
        potentials=[("B", "a1", 3.0), ("B", "a2", 10.0)],
        revenue=90.0,
        grants=10.0,
        financial=-3.0,
        central=2.0,
        result_targets={2025: 1.0},
    )
    res = solve(inputs)
    assert res.status == "optimal"
    # R = 90 + 10 - 3 - 2 - (100 - E) = E - 5 >= 1 -> E >= 6: a1 = pot 3, a2 = 6 - 3 = 3
    assert close(amount(res, "B", "a1"), 3.0)
    assert close(amount(res, "B", "a2"), 3.0)
    # impact = 3*2 + 3*5 = 21
    assert close(res.summary["impact"], 21.0)
    assert close(res.summary["objective"], 21.0)
    # target -1 -> 1 MSEK less of a2 -> falls by 5
    assert close(dual(res, "result", year=2025), 5.0)
    assert close(region_row(res, 2025)["result_dual"], 5.0)
    # pot(a1) +1 -> replaces one a2: falls by 5 - 2 = 3
    assert close(dual(res, "potential", board="B", action="a1"), 3.0)
    # frame (1e9) is loose -> dual 0
    assert close(dual(res, "frame", board="B", year=2025), 0.0)
    row = region_row(res, 2025)
    # cost = 100 - 6 = 94; result = 100 + 0 ... = 95 - 94 = 1
    assert close(row["cost"], 94.0)
    assert close(row["result"], 1.0)
    assert close(row["target"], 1.0)
    assert close(row["shortfall"], 0.0)


# --------------------------------------------------------------------------- 3. milestone


def test_milestone_counts_effect_in_every_year_up_to_it():
    # Years 2025-2027, revenue 100 = cost0, no growth: R[t] = E[t]. bal0 -10, milestone 2026: 0
    # -> Bal[2026] = -10 + E[2025] + E[2026] >= 0.
    # Start 2025: +2 to Bal[2026] per MSEK/yr, lasts 3 plan years -> impact 3w (1.5w per MSEK).
    # Start 2026: +1, lasts 2 years -> 2w per MSEK. Start 2027: +0. So start 2025.
    inputs = make_inputs(
        first=2025,
        last=2027,
        boards=[{"id": "B", "cost0": 100.0}],
        actions=[{"id": "a", "category": "efficiency", "weight": 2.0}],
        potentials=[("B", "a", 100.0)],
        revenue=100.0,
        balance_opening=-10.0,
        milestones={2026: 0.0},
    )
    res = solve(inputs)
    assert res.status == "optimal"
    # 2 * x = 10 -> x[2025] = 5
    assert close(amount(res, "B", "a", 2025), 5.0)
    assert close(amount(res, "B", "a"), 5.0)
    # impact = w * 5 * 3 years = 2 * 15 = 30
    assert close(res.summary["impact"], 30.0)
    # milestone -1 -> x falls by 0.5 -> impact falls by 0.5 * 3 * 2 = 3
    assert close(dual(res, "milestone", year=2026), 3.0)
    assert close(region_row(res, 2026)["milestone_dual"], 3.0)
    # balance: 2025: -10 + 5 = -5; 2026: -5 + 5 = 0; 2027: 0 + 5 = 5
    assert close(region_row(res, 2025)["balance"], -5.0)
    assert close(region_row(res, 2026)["balance"], 0.0)
    assert close(region_row(res, 2027)["balance"], 5.0)


def test_milestone_with_ramp_and_potential_cap():
    # As above, two actions. a: ramp [0.5, 1.0], w 1, pot 4; b: ramp [1], w 1.2, pot 100.
    # a from 2025: effects 0.5, 1, 1 -> +1.5 to Bal[2026], impact 2.5 -> 1.667 per MSEK of balance
    # a from 2026: effects 0, 0.5, 1 -> +0.5, impact 1.5 -> 3 per MSEK
    # b from 2025: +2, impact 3*1.2 = 3.6 -> 1.8 per MSEK; b from 2026: +1, impact 2.4 -> 2.4
    # Order: a@2025 (to pot 4: balance 6), then b@2025 for the remaining 4: x = 2.
    inputs = make_inputs(
        first=2025,
        last=2027,
        boards=[{"id": "B", "cost0": 100.0}],
        actions=[
            {"id": "a", "category": "efficiency", "weight": 1.0, "ramp": [0.5, 1.0]},
            {"id": "b", "category": "efficiency", "weight": 1.2},
        ],
        potentials=[("B", "a", 4.0), ("B", "b", 100.0)],
        revenue=100.0,
        balance_opening=-10.0,
        milestones={2026: 0.0},
    )
    res = solve(inputs)
    assert res.status == "optimal"
    assert close(amount(res, "B", "a", 2025), 4.0)
    assert close(amount(res, "B", "a"), 4.0)
    assert close(amount(res, "B", "b", 2025), 2.0)
    assert close(amount(res, "B", "b"), 2.0)
    # impact = 4 * 2.5 + 2 * 3.6 = 10 + 7.2 = 17.2
    assert close(res.summary["impact"], 17.2)
    # milestone -1: b falls by 0.5 -> impact falls by 0.5 * 3.6 = 1.8
    assert close(dual(res, "milestone", year=2026), 1.8)
    # pot(a) +1: +1.5 balance at impact 2.5, replaces 0.75 of b (0.75 * 3.6 = 2.7) -> 0.2
    assert close(dual(res, "potential", board="B", action="a"), 0.2)
    # effects of a: 2025: 0.5*4 = 2, 2026: 4, 2027: 4
    eff = res.effects
    a_eff = eff.loc[eff["action"] == "a"].set_index("year")["effect"]
    assert close(a_eff.loc[2025], 2.0) and close(a_eff.loc[2026], 4.0)
    assert close(a_eff.loc[2027], 4.0)


# --------------------------------------------------------------------------- 4. shortfall


def case_shortfall():
    """cost0 100, frame0 90, one action with pot 6: 4 MSEK short."""
    return make_inputs(
        boards=[{"id": "B", "cost0": 100.0, "frame0": 90.0}],
        actions=[{"id": "a", "category": "efficiency", "weight": 1.0}],
        potentials=[("B", "a", 6.0)],
    )


def test_shortfall_is_reported():
    res = solve(case_shortfall())
    assert res.status == "shortfall"
    # least shortfall: x = pot 6 -> C = 94 -> overrun 94 - 90 = 4
    assert close(res.summary["total_shortfall"], 4.0)
    assert close(amount(res, "B", "a"), 6.0)
    # impact = 6 * 1
    assert close(res.summary["impact"], 6.0)
    row = board_row(res, "B", 2025)
    assert close(row["overrun"], 4.0)
    assert close(row["cost"], 94.0)
    # margin = frame - cost = 90 - 94
    assert close(row["margin"], -4.0)
    sf = res.shortfall
    frame_rows = sf.loc[sf["requirement"].astype(str) == "frame"]
    assert len(frame_rows) == 1
    sf_row = frame_rows.iloc[0]
    assert str(sf_row["board"]) == "B"
    assert int(sf_row["year"]) == 2025
    assert close(sf_row["target"], 90.0)
    assert close(sf_row["value"], 94.0)
    assert close(sf_row["shortfall"], 4.0)
    # only the one requirement falls short
    assert close(sf["shortfall"].sum(), 4.0)


def test_shortfall_strict_is_infeasible():
    res = solve(case_shortfall(), strict=True)
    assert res.status == "infeasible"


def test_no_shortfall_table_rows_when_optimal():
    res = solve(case_one_frame())
    assert len(res.shortfall) == 0


# --------------------------------------------------------------------------- 5. protected areas


def test_protected_action_is_never_used():
    prio = Priorities(protected_actions=(("B", "a1"),))
    res = solve(case_one_frame(priorities=prio))
    assert res.status == "optimal"
    # a1 protected: all 10 from a2 (pot 10) -> impact 10 * 3 = 30
    assert close(amount(res, "B", "a1"), 0.0)
    assert not (res.actions["action"].astype(str) == "a1").any()
    assert close(amount(res, "B", "a2"), 10.0)
    assert close(res.summary["impact"], 30.0)
    # frame +1 -> 1 less a2 -> falls by 3
    assert close(dual(res, "frame", board="B", year=2025), 3.0)
    prot = res.protected
    assert len(prot) == 1
    row = prot.iloc[0]
    assert (str(row["board"]), str(row["action"]), str(row["reason"])) == ("B", "a1", "action")
    assert str(row["category"]) == "efficiency"
    assert close(row["potential"], 6.0)


def test_protected_category_is_never_used():
    # a2 has category structural; protecting it leaves only a1 (pot 6) for a gap of 10 -> short 4
    prio = Priorities(protected_categories={"B": ("structural",)})
    res = solve(case_one_frame(priorities=prio))
    assert res.status == "shortfall"
    assert close(res.summary["total_shortfall"], 4.0)
    assert close(amount(res, "B", "a1"), 6.0)
    assert close(amount(res, "B", "a2"), 0.0)
    prot = res.protected
    assert len(prot) == 1
    assert (str(prot.iloc[0]["action"]), str(prot.iloc[0]["reason"])) == ("a2", "category")


def test_protected_board_moves_savings_to_other_board():
    # Two boards, cost0 100 each, revenue 190, target 0 -> E_B1 + E_B2 >= 10.
    # Action a weight 1; board weight of B2 is 2, so without protection B1 carries it all.
    inputs_kwargs = {
        "boards": [{"id": "B1", "cost0": 100.0}, {"id": "B2", "cost0": 100.0}],
        "actions": [{"id": "a", "category": "efficiency", "weight": 1.0}],
        "potentials": [("B1", "a", 50.0), ("B2", "a", 50.0)],
        "revenue": 190.0,
        "result_targets": {2025: 0.0},
    }
    free = solve(make_inputs(**inputs_kwargs, priorities=Priorities(board_weights={"B2": 2.0})))
    # unprotected: x[B1] = 10, impact 10 * 1
    assert close(amount(free, "B1", "a"), 10.0)
    assert close(free.summary["impact"], 10.0)
    prio = Priorities(board_weights={"B2": 2.0}, protected_boards=("B1",))
    res = solve(make_inputs(**inputs_kwargs, priorities=prio))
    assert res.status == "optimal"
    # B1 protected: x[B2] = 10 at w = 1 * 2 -> impact 20; result dual 2
    assert close(amount(res, "B1", "a"), 0.0)
    assert close(amount(res, "B2", "a"), 10.0)
    assert close(res.summary["impact"], 20.0)
    assert close(dual(res, "result", year=2025), 2.0)
    prot = res.protected
    assert len(prot) == 1
    assert (str(prot.iloc[0]["board"]), str(prot.iloc[0]["reason"])) == ("B1", "board")


# --------------------------------------------------------------------------- 6. cost growth + ramp


def case_growth(index_effects: bool):
    # pshare 1, wage 2025 0.1, 2026 0.2: g = 0.1, 0.2; base 2025 = 110, base 2026 = 110*1.2 = 132.
    # frame0 100, uprate 0 -> frame 100 both years. Need E[2025] >= 10, E[2026] >= 32.
    # one action, weight 2, ramp [0.5, 1.0].
    return make_inputs(
        first=2025,
        last=2026,
        boards=[{"id": "B", "cost0": 100.0, "pshare": 1.0, "frame0": 100.0}],
        actions=[{"id": "a", "category": "efficiency", "weight": 2.0, "ramp": [0.5, 1.0]}],
        potentials=[("B", "a", 1000.0)],
        wage={2025: 0.1, 2026: 0.2},
        index_effects=index_effects,
    )


def test_cost_growth_with_ramp_and_indexation():
    res = solve(case_growth(index_effects=True))
    assert res.status == "optimal"
    assert close(board_row(res, "B", 2025)["baseline"], 110.0)
    assert close(board_row(res, "B", 2026)["baseline"], 132.0)
    # 2025: E = 0.5 * x25 >= 10 -> x25 = 20 (only x25 acts in 2025, more of it costs more)
    assert close(amount(res, "B", "a", 2025), 20.0)
    # 2026: x25 gives ramp 1.0 * idx 1.2 * 20 = 24; per MSEK of 2026 effect x25 costs
    # (0.5 + 1.2) * 2 / 1.2 = 2.83 vs x26: 0.5 * 2 / 0.5 = 2 -> rest from x26: 0.5 x26 = 32 - 24 = 8
    assert close(amount(res, "B", "a", 2026), 16.0)
    # impact = 2 * (E25 + E26) = 2 * (10 + 32) = 84
    assert close(res.summary["impact"], 84.0)
    # frame 2026 +1: x26 falls by 2 -> impact falls by 2 * 0.5 * 2 = 2
    assert close(dual(res, "frame", board="B", year=2026), 2.0)
    # frame 2025 +1: x25 falls by 2 (saves 2 * 1.7 * 2 = 6.8) but 2.4 of 2026 effect lost, made up
    # by x26 += 4.8 (costs 4.8 * 0.5 * 2 = 4.8) -> net fall 2.0
    assert close(dual(res, "frame", board="B", year=2025), 2.0)
    eff = res.effects.set_index("year")["effect"]
    assert close(eff.loc[2025], 10.0) and close(eff.loc[2026], 32.0)


def test_cost_growth_without_indexation():
    res = solve(case_growth(index_effects=False))
    assert res.status == "optimal"
    # 2025: x25 = 20 as before; 2026: x25 gives 1.0 * 20 = 20, need 12 more: 0.5 x26 = 12 -> 24
    assert close(amount(res, "B", "a", 2025), 20.0)
    assert close(amount(res, "B", "a", 2026), 24.0)
    # impact = 2 * (10 + 32) = 84
    assert close(res.summary["impact"], 84.0)


# --------------------------------------------------------------------------- 7. one-off and capex


def test_oneoff_cost_raises_needed_amount():
    inputs = make_inputs(
        boards=[{"id": "B", "cost0": 100.0, "frame0": 90.0}],
        actions=[{"id": "a", "category": "efficiency", "weight": 1.0, "oneoff": 0.25}],
        potentials=[("B", "a", 100.0)],
    )
    res = solve(inputs)
    assert res.status == "optimal"
    # C = 100 - x + 0.25 x <= 90 -> x = 10 / 0.75 = 13.333...
    assert close(amount(res, "B", "a"), 40.0 / 3.0)
    # impact = 1 * 13.333 (one year)
    assert close(res.summary["impact"], 40.0 / 3.0)
    row = board_row(res, "B", 2025)
    # oneoff = 0.25 * 13.333 = 3.333; cost = 100 - 13.333 + 3.333 = 90
    assert close(row["oneoff"], 10.0 / 3.0)
    assert close(row["cost"], 90.0)
    # frame +1 -> x falls by 1/0.75 -> impact falls by 1.333
    assert close(dual(res, "frame", board="B", year=2025), 4.0 / 3.0)


def test_capex_depreciation_raises_needed_amount():
    # 2025-2026, frame 100 in 2025 (loose), 90 in 2026. Action only startable in 2025,
    # capex 1.5, life 3 -> depreciation 0.5 per MSEK in 2026..2028.
    inputs = make_inputs(
        first=2025,
        last=2026,
        boards=[{"id": "B", "cost0": 100.0}],
        frames={("B", 2025): 100.0, ("B", 2026): 90.0},
        actions=[
            {
                "id": "a",
                "category": "digitalisation",
                "weight": 1.0,
                "capex": 1.5,
                "life": 3,
                "earliest": 2025,
                "latest": 2025,
            }
        ],
        potentials=[("B", "a", 100.0)],
    )
    res = solve(inputs)
    assert res.status == "optimal"
    # 2026: C = 100 - x + 0.5 x <= 90 -> x = 20
    assert close(amount(res, "B", "a", 2025), 20.0)
    # impact = 1 * (20 + 20) = 40
    assert close(res.summary["impact"], 40.0)
    r25, r26 = board_row(res, "B", 2025), board_row(res, "B", 2026)
    # no depreciation in the start year; 0.5 * 20 = 10 in 2026
    assert close(r25["depreciation"], 0.0)
    assert close(r26["depreciation"], 10.0)
    assert close(r25["cost"], 80.0) and close(r26["cost"], 90.0)
    # frame 2026 +1 -> x falls by 2 -> impact falls by 2 * 2 years = 4
    assert close(dual(res, "frame", board="B", year=2026), 4.0)
    assert close(dual(res, "frame", board="B", year=2025), 0.0)


# --------------------------------------------------------------------------- 8. other objectives


def case_objectives(objective: str):
    # frame requires net 10. a1: w 1, oneoff 0.5 (net 0.5 per MSEK), pot 30; a2: w 3, pot 20.
    return make_inputs(
        boards=[{"id": "B", "cost0": 100.0, "frame0": 90.0}],
        actions=[
            {"id": "a1", "category": "efficiency", "weight": 1.0, "oneoff": 0.5},
            {"id": "a2", "category": "efficiency", "weight": 3.0},
        ],
        potentials=[("B", "a1", 30.0), ("B", "a2", 20.0)],
        objective=objective,
    )


def test_min_impact_vs_min_savings():
    res = solve(case_objectives("min_impact"))
    # impact per MSEK net: a1 1/0.5 = 2, a2 3 -> a1: 0.5 x1 = 10 -> x1 = 20; impact 20
    assert close(amount(res, "B", "a1"), 20.0)
    assert close(amount(res, "B", "a2"), 0.0)
    assert close(res.summary["objective"], 20.0)
    assert close(res.summary["impact"], 20.0)
    res = solve(case_objectives("min_savings"))
    assert res.status == "optimal"
    # savings per MSEK net: a1 1/0.5 = 2, a2 1 -> x2 = 10; objective = 10 effect-years
    assert close(amount(res, "B", "a1"), 0.0)
    assert close(amount(res, "B", "a2"), 10.0)
    assert close(res.summary["objective"], 10.0)
    # impact of that plan: 10 * 3 = 30
    assert close(res.summary["impact"], 30.0)


def case_fairness(objective: str, pot_b1: float = 1000.0):
    # B1 cost0 100, B2 cost0 300, revenue 360, target 0 -> E1 + E2 >= 40. Board weight B2: 2.
    return make_inputs(
        boards=[{"id": "B1", "cost0": 100.0}, {"id": "B2", "cost0": 300.0}],
        actions=[{"id": "a", "category": "efficiency", "weight": 1.0}],
        potentials=[("B1", "a", pot_b1), ("B2", "a", 1000.0)],
        revenue=360.0,
        result_targets={2025: 0.0},
        priorities=Priorities(board_weights={"B2": 2.0}),
        objective=objective,
    )


def test_min_max_share_spreads_savings():
    impact_plan = solve(case_fairness("min_impact"))
    # min_impact: everything on B1 (w 1): E1 = 40, impact 40
    assert close(amount(impact_plan, "B1", "a"), 40.0)
    assert close(impact_plan.summary["impact"], 40.0)
    res = solve(case_fairness("min_max_share"))
    assert res.status == "optimal"
    # equal shares s: 100 s + 300 s = 40 -> s = 0.1: E1 = 10, E2 = 30
    assert close(res.summary["objective"], 0.1)
    assert close(amount(res, "B1", "a"), 10.0)
    assert close(amount(res, "B2", "a"), 30.0)
    # impact = 10 * 1 + 30 * 2 = 70
    assert close(res.summary["impact"], 70.0)


def test_min_max_share_with_capped_board():
    res = solve(case_fairness("min_max_share", pot_b1=5.0))
    assert res.status == "optimal"
    # E1 <= 5 -> E2 >= 35: largest share 35/300 = 0.11667 (B1: 5/100 = 0.05)
    assert close(res.summary["objective"], 35.0 / 300.0)
    # with that share held, min impact: E2 <= 35 so E1 = 5, E2 = 35; impact 5 + 70 = 75
    assert close(amount(res, "B1", "a"), 5.0)
    assert close(amount(res, "B2", "a"), 35.0)
    assert close(res.summary["impact"], 75.0)


# --------------------------------------------------------------------------- 9. tie-break


def case_ties():
    # two identical actions (w 1, pot 6) over two years, frame 90 both years: any split of
    # E[t] = 10 is optimal.
    return make_inputs(
        first=2025,
        last=2026,
        boards=[{"id": "B", "cost0": 100.0, "frame0": 90.0}],
        actions=[
            {"id": "a1", "category": "efficiency", "weight": 1.0},
            {"id": "a2", "category": "efficiency", "weight": 1.0},
        ],
        potentials=[("B", "a1", 6.0), ("B", "a2", 6.0)],
    )


def _plan(res) -> list[tuple]:
    acts = res.actions.sort_values(["board", "action", "start_year"])
    return [
        (str(r.board), str(r.action), int(r.start_year), round(float(r.amount), 6))
        for r in acts.itertuples()
    ]


def test_tie_break_is_reproducible():
    first = solve(case_ties())
    second = solve(case_ties())
    assert first.status == second.status == "optimal"
    assert _plan(first) == _plan(second)
    # E = 10 in both years, weight 1 -> impact 20 (both years are covered by 2025 starts)
    assert close(first.summary["impact"], 20.0)
    # the started amounts cover the gap of 10: 2025 starts sum to 10 (nothing else acts in 2025)
    assert close(amount(first, "B", "a1", 2025) + amount(first, "B", "a2", 2025), 10.0)
    assert close(amount(first, "B", "a1") + amount(first, "B", "a2"), 10.0)


# --------------------------------------------------------------------------- 10. CBC agrees


def _cbc_available() -> bool:
    """A ``cbc`` program that ``--solver cbc`` runs (COIN_CMD): ``pulp[cbc]`` in the test extra."""
    from optimizer.solver.backends import cbc_path

    return cbc_path() is not None


@pytest.mark.skipif(not _cbc_available(), reason="CBC not available")
def test_cbc_agrees_with_highs():
    highs = solve(case_one_frame(), solver="highs")
    cbc = solve(case_one_frame(), solver="cbc")
    assert cbc.status == "optimal"
    assert close(cbc.summary["impact"], highs.summary["impact"])
    assert close(cbc.summary["objective"], 18.0)
    assert _plan(cbc) == _plan(highs)
    assert close(dual(cbc, "frame", board="B", year=2025), 3.0)
    assert close(dual(cbc, "potential", board="B", action="a1"), 2.0)
    assert close(dual(cbc, "potential", board="B", action="a2"), 0.0)
