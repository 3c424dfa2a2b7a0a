"""Ranging and why-not tables (issue 3, items 1 and 2) on hand-computed micro cases.

Notation as in tests/test_micro.py: ``x[b,a,s]`` full annual effect; impact = sum of
w[b,a] * E_a[b,t]; duals in docs/model.md's sign (the fall in impact per MSEK loosened). A range is
checked twice: by hand, and by re-solving with the value moved just inside (the plan and the
dual stay) and just outside (they change).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from optimizer.analysis.pipeline import solve
from optimizer.results.core import COLUMNS, Results
from optimizer.scenario.inputs import Priorities
from optimizer.scenario.load import load_scenario
from optimizer.solver.backends import cbc_path
from tests.factory import make_inputs
from tests.test_micro import amount, dual

TOL = 1e-6


def close(value: float, expected: float, tol: float = TOL) -> bool:
    return math.isclose(float(value), expected, rel_tol=tol, abs_tol=tol)


def ranging_row(res, kind: str, constraint: str | None = None, **keys: object) -> pd.Series:
    """The single ranging row of ``kind`` (and family ``constraint``) with the given keys."""
    table = res.ranging
    mask = table["kind"] == kind
    if constraint is not None:
        mask &= table["constraint"] == constraint
    for column, value in keys.items():
        if isinstance(value, int):
            mask &= pd.to_numeric(table[column], errors="coerce") == value
        else:
            mask &= table[column].astype(str) == str(value)
    rows = table.loc[mask]
    assert len(rows) == 1, f"expected one {kind} {constraint}{keys} row, got:\n{rows}"
    return rows.iloc[0]


def act(ident: str, weight: float, category: str = "efficiency", **more) -> dict:
    """An action record for ``make_inputs``."""
    return {"id": ident, "category": category, "weight": weight, **more}


def why(res, board: str, action: str) -> pd.Series | None:
    rows = res.why_not.loc[(res.why_not["board"] == board) & (res.why_not["action"] == action)]
    assert len(rows) <= 1
    return None if rows.empty else rows.iloc[0]


# --------------------------------------------------------------------------- the frame case


def case_one_frame(frame0: float = 90.0, w1: float = 1.0, w2: float = 3.0, pot1: float = 6.0):
    """One year, board B (cost0 100, frame0 90): cheap a1 (w 1, pot 6), dear a2 (w 3, pot 10).

    C = 100 - x1 - x2 <= 90 needs x1 + x2 >= 10: a1 = 6 (full), a2 = 4 (the marginal action).
    """
    return make_inputs(
        boards=[{"id": "B", "cost0": 100.0, "frame0": frame0}],
        actions=[act("a1", w1), act("a2", w2, "structural")],
        potentials=[("B", "a1", pot1), ("B", "a2", 10.0)],
    )


def test_frame_range_by_hand():
    res = solve(case_one_frame())
    row = ranging_row(res, "rhs", "frame", board="B", year=2025)
    # a2 (w 3) stays the marginal action while 0 <= x2 = 100 - 6 - frame <= 10: frame in [84, 94]
    assert close(row["value"], 90.0) and close(row["dual"], 3.0)
    assert close(row["lower"], 84.0) and close(row["upper"], 94.0)
    assert not row["degenerate"]
    # pot(a1) +1 replaces one a2 by one a1 (3 - 1 = 2) while 0 <= x2 = 10 - pot1 <= 10
    pot = ranging_row(res, "rhs", "potential", board="B", action="a1")
    assert close(pot["dual"], 2.0) and close(pot["lower"], 0.0) and close(pot["upper"], 10.0)
    assert pot["category"] == "efficiency"
    # pot(a2) has slack (x2 = 4): its price 0 holds down to the amount used, 4, and above
    slack = ranging_row(res, "rhs", "potential", board="B", action="a2")
    assert close(slack["dual"], 0.0) and close(slack["lower"], 4.0) and slack["upper"] == np.inf
    assert not slack["degenerate"]


@pytest.mark.parametrize("frame0", [84.01, 93.99])
def test_frame_just_inside_its_range_keeps_the_dual(frame0):
    res = solve(case_one_frame(frame0=frame0))
    assert res.status == "optimal"
    assert close(dual(res, "frame", board="B", year=2025), 3.0)
    assert close(amount(res, "B", "a1"), 6.0)
    assert close(amount(res, "B", "a2"), 100.0 - 6.0 - frame0)


def test_frame_just_outside_its_range_changes_the_dual():
    # above 94 less than 6 is needed: a1 becomes the marginal action, the price falls to 1
    res = solve(case_one_frame(frame0=94.01))
    assert close(dual(res, "frame", board="B", year=2025), 1.0)
    assert close(amount(res, "B", "a2"), 0.0)
    # below 84 even both full potentials (16) fall short: the basis is gone
    res = solve(case_one_frame(frame0=83.99))
    assert res.status == "shortfall"
    assert close(amount(res, "B", "a2"), 10.0)


def test_weight_ranges_by_hand():
    res = solve(case_one_frame())
    cheap = ranging_row(res, "weight", board="B", action="a1")
    dear = ranging_row(res, "weight", board="B", action="a2")
    # a1 stays in first while w1 <= w2 = 3; any lower weight keeps it full
    assert close(cheap["value"], 1.0) and cheap["lower"] == -np.inf and close(cheap["upper"], 3.0)
    # a2 stays the marginal action while w2 >= w1 = 1; any higher weight keeps it
    assert close(dear["value"], 3.0) and close(dear["lower"], 1.0) and dear["upper"] == np.inf
    # dual = d impact / d(-w) = MSEK-years of the pair: 6 and 4 (one year)
    assert close(cheap["dual"], 6.0) and close(dear["dual"], 4.0)
    assert cheap["category"] == "efficiency" and pd.isna(cheap["year"])
    assert not cheap["degenerate"] and not dear["degenerate"]


@pytest.mark.parametrize(
    ("w1", "w2", "x1", "x2"),
    [
        (2.99, 3.0, 6.0, 4.0),  # cheap weight just inside its range: same plan
        (3.01, 3.0, 0.0, 10.0),  # just outside: a2 is now cheaper and fills first
        (1.0, 1.01, 6.0, 4.0),  # dear weight just inside
        (1.0, 0.99, 0.0, 10.0),  # just outside
    ],
)
def test_weights_just_inside_and_outside_their_ranges(w1, w2, x1, x2):
    res = solve(case_one_frame(w1=w1, w2=w2))
    # 1e-5: the tie-break stage may move a few 1e-6 MSEK within its hold tolerance
    assert close(amount(res, "B", "a1"), x1, 1e-5) and close(amount(res, "B", "a2"), x2, 1e-5)


# --------------------------------------------------------------------------- shifted rows


@pytest.mark.parametrize("family", ["result", "milestone"])
def test_result_and_milestone_ranges_are_in_the_users_terms(family):
    # K = 100, cost0 100, no frame: R = Bal = x1 + x2 >= target 10 -> a1 6, a2 4 (marginal).
    # The LP row's bound is target - K = -90; the range is reported for the target itself.
    kwargs = (
        {"result_targets": {2025: 10.0}} if family == "result" else {"milestones": {2025: 10.0}}
    )
    inputs = make_inputs(
        boards=[{"id": "B", "cost0": 100.0}],
        actions=[act("a1", 1.0), act("a2", 3.0, "structural")],
        potentials=[("B", "a1", 6.0), ("B", "a2", 10.0)],
        revenue=100.0,
        **kwargs,
    )
    res = solve(inputs)
    row = ranging_row(res, "rhs", family, year=2025)
    # a2 is marginal while 0 <= x2 = target - 6 <= 10: target in [6, 16], price 3
    assert close(row["value"], 10.0) and close(row["dual"], 3.0)
    assert close(row["lower"], 6.0) and close(row["upper"], 16.0)


# --------------------------------------------------------------------------- degenerate


def test_frame_met_exactly_by_a_full_potential_is_degenerate():
    # pot(a1) = 10 meets the frame exactly: frame and potential(a1) both bind. Loosening the
    # frame saves a1 (price 1); tightening needs a2 (price 3): any dual in [1, 3] is valid.
    res = solve(case_one_frame(pot1=10.0))
    frame = ranging_row(res, "rhs", "frame", board="B", year=2025)
    assert frame["degenerate"]
    assert 1.0 - TOL <= frame["dual"] <= 3.0 + TOL
    assert close(frame["lower"], 90.0) or close(frame["upper"], 90.0)
    pot = ranging_row(res, "rhs", "potential", board="B", action="a1")
    assert pot["degenerate"]
    assert -TOL <= pot["dual"] <= 2.0 + TOL
    # a2 is unused with slack: its row is not degenerate
    assert not ranging_row(res, "rhs", "potential", board="B", action="a2")["degenerate"]


def test_a_binding_row_with_zero_price_is_degenerate():
    # frame 100 = cost0: the frame binds with nothing to save. Loosening costs 0, tightening
    # needs a1 (price 1): 0 is only the one-sided price.
    res = solve(case_one_frame(frame0=100.0))
    frame = ranging_row(res, "rhs", "frame", board="B", year=2025)
    assert close(frame["dual"], 0.0) and frame["degenerate"]
    assert close(frame["lower"], 100.0) and frame["upper"] == np.inf


# --------------------------------------------------------------------------- why not


def case_region(revenue: float, pace: dict | None = None):
    """Boards B and C (cost0 100 each, no frames), result target 0, K = revenue.

    B: b1 (w 1, pot 10); C: c1 (w 3, pot 10), c2 (w 4, pot 10). Savings needed: 200 - revenue.
    """
    return make_inputs(
        boards=[{"id": "B", "cost0": 100.0}, {"id": "C", "cost0": 100.0}],
        actions=[act("b1", 1.0), act("c1", 3.0), act("c2", 4.0)],
        potentials=[("B", "b1", 10.0), ("C", "c1", 10.0), ("C", "c2", 10.0)],
        revenue=revenue,
        result_targets={2025: 0.0},
        pace=pace,
    )


def test_pace_limited_and_displaced_by():
    # need 10; pace(B) = 0.08 * 100 = 8 caps b1 at 8; c1 (w 3) supplies 2 and is marginal
    res = solve(case_region(190.0, pace={"B": 0.08}))
    assert close(amount(res, "B", "b1"), 8.0) and close(amount(res, "C", "c1"), 2.0)
    # the pace row costs 3 - 1 = 2 per MSEK; b1 would pay its way without it
    assert close(dual(res, "pace", board="B", year=2025), 2.0)
    b1 = why(res, "B", "b1")
    assert b1["reason"] == "pace_limited" and b1["detail"] == "pace[B,2025]"
    assert close(b1["amount"], 8.0) and close(b1["potential"], 10.0)
    # c2 (w 4) is out because the cheaper c1 in the same board serves the same requirement
    c2 = why(res, "C", "c2")
    assert c2["reason"] == "displaced_by" and c2["detail"] == "c1"
    # c1 is the marginal action: the target is met exactly, more of it is not needed
    assert why(res, "C", "c1")["reason"] == "not_needed"
    assert why(res, "C", "c1")["detail"] == "marginal"
    # result target range: c1 = 2 + target in [0, 10] -> target in [-2, 8], price 3
    row = ranging_row(res, "rhs", "result", year=2025)
    assert close(row["lower"], -2.0) and close(row["upper"], 8.0) and close(row["dual"], 3.0)


def test_too_costly_names_the_weight_it_would_need():
    # need 5: b1 (w 1) supplies it; C's actions are in another board. The result's price is
    # 1, so c1 (w 3) earns 1 per MSEK-year: reduced cost 3 - 1 = 2, it would enter below w 1.
    res = solve(case_region(195.0))
    assert close(amount(res, "B", "b1"), 5.0)
    c1 = why(res, "C", "c1")
    assert c1["reason"] == "too_costly" and close(float(c1["detail"]), 1.0)
    assert close(float(why(res, "C", "c2")["detail"]), 1.0)
    # the same number is the lower end of its weight range
    assert close(ranging_row(res, "weight", board="C", action="c1")["lower"], 1.0)
    acts = res.actions
    assert acts.loc[acts["action"] == "b1", "reduced_cost"].abs().max() < TOL


def test_not_needed_where_nothing_binds():
    # board D has no frame and the region no target: nothing prices D's costs
    inputs = make_inputs(
        boards=[{"id": "B", "cost0": 100.0, "frame0": 90.0}, {"id": "D", "cost0": 50.0}],
        actions=[act("a1", 1.0), act("a2", 3.0, "structural")],
        potentials=[("B", "a1", 6.0), ("B", "a2", 10.0), ("D", "a1", 5.0)],
    )
    res = solve(inputs)
    d = why(res, "D", "a1")
    assert d["reason"] == "not_needed" and d["detail"] == "nothing binds"
    assert close(d["amount"], 0.0) and close(d["potential"], 5.0)
    assert why(res, "B", "a2")["detail"] == "marginal"
    assert why(res, "B", "a1") is None  # full, whole window: not listed


def test_protected_outside_window_and_potential_reached():
    # 2025..2026, frame only in 2026 (90): a1 may start 2026 only (full 6, window cut),
    # a2 fills 4 (cheapest started 2026: 3 impact-years, vs 6 from 2025), a3 starts 2027
    # (outside the plan), a4 is protected.
    inputs = make_inputs(
        first=2025,
        last=2026,
        boards=[{"id": "B", "cost0": 100.0}],
        frames={("B", 2026): 90.0},
        actions=[
            act("a1", 1.0, earliest=2026),
            act("a2", 3.0, "structural"),
            act("a3", 0.5, earliest=2027, latest=2027),
            act("a4", 0.1),
        ],
        potentials=[("B", "a1", 6.0), ("B", "a2", 10.0), ("B", "a3", 9.0), ("B", "a4", 7.0)],
        priorities=Priorities(protected_actions=(("B", "a4"),)),
    )
    res = solve(inputs)
    assert close(amount(res, "B", "a1", 2026), 6.0) and close(amount(res, "B", "a2", 2026), 4.0)
    reasons = dict(zip(res.why_not["action"], res.why_not["reason"], strict=True))
    details = dict(zip(res.why_not["action"], res.why_not["detail"], strict=True))
    expected = ("potential_reached", "not_needed", "outside_window", "protected")
    assert reasons == dict(zip(("a1", "a2", "a3", "a4"), expected, strict=True))
    assert details["a1"] == "starts 2026..2026"
    assert details["a3"] == "starts 2027..2027, plan 2025..2026"
    assert details["a4"] == "action"
    # the potential-reached pair: pot(a1) +1 saves 3 - 1 = 2 impact-years
    assert close(dual(res, "potential", board="B", action="a1"), 2.0)


def test_every_reason_is_documented():
    from optimizer.analysis import why_not

    reasons = "protected no_effect outside_window min_size potential_reached pace_limited"
    reasons += " not_needed"
    reasons += " displaced_by"
    for reason in [*reasons.split(), "too_costly"]:
        assert f"``{reason}``" in why_not.__doc__


# --------------------------------------------------------------------------- several start years


def case_three_years(frames, pots, weights, factors=None):
    """One board B (cost0 100), 2025..2027, three actions a0..a2 (ramps 0.5/1, 1, 0.3/0.7/1),
    each with three start columns; ``factors`` scale the weights (priority action_weights)."""
    ramps = [(0.5, 1.0), (1.0,), (0.3, 0.7, 1.0)]
    return make_inputs(
        first=2025,
        last=2027,
        boards=[{"id": "B", "cost0": 100.0}],
        frames={("B", 2025 + k): float(f) for k, f in enumerate(frames)},
        actions=[act(f"a{i}", float(w), ramp=ramps[i]) for i, w in enumerate(weights)],
        potentials=[("B", f"a{i}", float(pot)) for i, pot in enumerate(pots)],
        priorities=Priorities(action_weights=factors or {}),
    )


def holds_at(args, action: str, w: float, w_new: float, base) -> bool:
    """True where the base plan is still optimal with ``w[B,action] = w_new``:
    impact(w_new) = impact + (w_new - w) * (the pair's MSEK-years), to 1e-7."""
    row = ranging_row(base, "weight", board="B", action=action)
    res = solve(case_three_years(*args, factors={action: w_new / w}))
    expected = base.summary["impact"] + (w_new - w) * row["dual"]
    return close(res.summary["impact"], expected, 1e-7)


def test_weight_ranges_over_several_start_years_hold_when_re_solved():
    # a fixed sample of three-year cases: inside every reported (non-degenerate) weight
    # range the plan must stay optimal when re-solved at 0.999 of the way to each end
    rng = np.random.default_rng(1)
    checked = 0
    for _ in range(6):
        frames = np.round(100 - np.cumsum(rng.uniform(1, 6, 3)), 1)
        args = (frames, np.round(rng.uniform(3, 15, 3), 1), np.round(rng.uniform(0.5, 3, 3), 2))
        base = solve(case_three_years(*args))
        for _, row in base.ranging[base.ranging["kind"] == "weight"].iterrows():
            if row["degenerate"]:
                continue
            for end in (row["lower"], row["upper"]):
                if np.isfinite(end):
                    w = row["value"]
                    assert holds_at(args, row["action"], w, w + 0.999 * (end - w), base)
                    checked += 1
    assert checked >= 20


def test_pair_range_is_safe_where_the_per_column_intersection_is_not():
    # Found by a randomised search: a1 is used from 2025 and 2026. HiGHS ranges each start
    # column's cost alone; intersecting those (in weight units) would claim the plan holds
    # for w[B,a1] in [2.7956, 3.6756]. Moving both columns together it does not: re-solving
    # at either end changes the plan. The reported range is inside the true one.
    args = ((95.3, 89.8, 88.1), (5.2, 12.6, 10.7), (2.3, 2.99, 2.85))
    base = solve(case_three_years(*args))
    row = ranging_row(base, "weight", board="B", action="a1")
    assert 2.7956 < row["lower"] < 2.99 < row["upper"] < 3.6756
    assert holds_at(args, "a1", 2.99, 2.99 + 0.999 * (row["upper"] - 2.99), base)
    assert holds_at(args, "a1", 2.99, 2.99 + 0.999 * (row["lower"] - 2.99), base)
    assert not holds_at(args, "a1", 2.99, 3.6756 * 0.999 + 2.99 * 0.001, base)
    assert not holds_at(args, "a1", 2.99, 2.7956 * 0.999 + 2.99 * 0.001, base)


# --------------------------------------------------------------------------- other solvers, files


@pytest.mark.skipif(cbc_path() is None, reason="CBC not installed (pip install 'pulp[cbc]')")
def test_without_highs_ranging_the_ranges_are_nan():
    res = solve(case_one_frame(), solver="cbc")
    row = ranging_row(res, "rhs", "frame", board="B", year=2025)
    assert np.isnan(row["lower"]) and np.isnan(row["upper"]) and pd.isna(row["degenerate"])
    assert close(row["dual"], 3.0)
    assert why(res, "B", "a2")["reason"] == "not_needed"


def test_tables_are_written_and_read_back(tmp_path):
    res = solve(case_one_frame())
    back = Results.read(res.write(tmp_path / "out"))
    for name in ("ranging", "why_not"):
        assert list(back.tables[name].columns) == COLUMNS[name]
        assert len(back.tables[name]) == len(res.tables[name])
    row = ranging_row(back, "rhs", "frame", board="B", year=2025)
    assert close(row["lower"], 84.0) and row["degenerate"] in (False, "False")


def test_no_tables_without_a_plan(tmp_path):
    # strict and unreachable: no plan; the files are written with their headers only
    res = solve(case_one_frame(frame0=50.0), strict=True)
    assert res.status == "infeasible" and "ranging" not in res.tables
    back = Results.read(res.write(tmp_path / "out"))
    assert list(back.tables["why_not"].columns) == COLUMNS["why_not"] and back.why_not.empty


# --------------------------------------------------------------------------- the example


@pytest.fixture(scope="module")
def example():
    return solve(load_scenario(None))


def test_example_ranges_contain_their_values(example):
    table = example.ranging
    assert set(table["kind"]) == {"rhs", "weight"}
    assert (table["lower"] <= table["value"] + 1e-9).all()
    assert (table["upper"] >= table["value"] - 1e-9).all()
    tol = 1e-9 * np.maximum(1.0, table["value"].abs())
    zero_side = ((table["value"] - table["lower"]) <= tol) | (
        (table["upper"] - table["value"]) <= tol
    )
    assert (table["degenerate"].astype(bool) == zero_side).all()
    # one rhs row per requirement row of duals.csv (cost, loans, max_share excluded)
    rows = example.duals[~example.duals["constraint"].isin(["loans", "max_share"])]
    assert (table["kind"] == "rhs").sum() == len(rows)
    rhs = table[table["kind"] == "rhs"].reset_index(drop=True)
    assert np.allclose(rhs["dual"], rows["dual"].to_numpy())


def test_example_too_costly_weights_match_the_weight_ranges(example):
    costly = example.why_not[example.why_not["reason"] == "too_costly"]
    assert len(costly) > 0
    for _, row in costly.iterrows():
        weight = ranging_row(example, "weight", board=row["board"], action=row["action"])
        assert close(float(row["detail"]), weight["lower"], 1e-5)
        assert float(row["detail"]) < weight["value"]
