"""(v2) Hand-solved cases of the law's balance rows, the requirement tiers and ``tail_years``.

Every expected number is worked out by hand in the comment above its assertion (docs/model.md
sections 4-6; duals as in section 8: the fall in the objective per MSEK the row is loosened).
A neutral region: board ``B`` with ``cost0`` 100 and no growth, so ``C = 100 - E`` and with
revenue ``K`` the result is ``R = K - 100 + E``.
"""

from __future__ import annotations

import pytest

from optimizer.analysis.pipeline import solve
from optimizer.results.balance_law import Rules, reconciliation
from optimizer.results.evaluate.verify import evaluate
from tests.factory import make_inputs

TOL = 1e-6


def dual(res, constraint: str, year: int) -> float:
    d = res.duals
    row = d[(d["constraint"] == constraint) & (d["year"] == year)]
    assert len(row) == 1, (constraint, year)
    return float(row["dual"].iloc[0])


def amount(res, action: str, start: int | None = None) -> float:
    a = res.actions
    rows = a[a["action"] == action]
    if start is not None:
        rows = rows[rows["start_year"] == start]
    return float(rows["amount"].sum())


def two_deficits():
    """2025-2027, K = 100 (R = E). Opening deficits: 2023 -10 by 2025, 2024 -20 by 2027.
    ``early``: one-year measure (ramp 1, 0) only in 2025, weight 3; ``late``: the same only in
    2026-2027, weight 1."""
    return make_inputs(
        first=2025,
        last=2027,
        revenue=100.0,
        actions=[
            {"id": "early", "category": "efficiency", "ramp": (1.0, 0.0), "weight": 3.0,
             "earliest": 2025, "latest": 2025},
            {"id": "late", "category": "efficiency", "ramp": (1.0, 0.0), "weight": 1.0,
             "earliest": 2026, "latest": 2027},
        ],  # fmt: skip
        deficits=((2023, -10.0, 2025), (2024, -20.0, 2027)),
    )


def test_deadline_two_opening_deficits_oldest_first():
    res = solve(two_deficits())
    assert res.status == "optimal"
    # deadline 2025: R2025 = early >= 10; deadline 2027: early + late >= 30, so late = 20;
    # impact 3*10 + 1*20 = 50
    assert amount(res, "early") == pytest.approx(10.0, abs=TOL)
    assert amount(res, "late") == pytest.approx(20.0, abs=TOL)
    assert res.summary["impact"] == pytest.approx(50.0, abs=TOL)
    # loosening deadline 2027 by 1 saves one MSEK of late (weight 1); loosening deadline
    # 2025 by 1 trades one MSEK of early (3) for one of late (1): a fall of 2
    assert dual(res, "deadline", 2027) == pytest.approx(1.0, abs=TOL)
    assert dual(res, "deadline", 2025) == pytest.approx(2.0, abs=TOL)
    rec = res.reconciliation.set_index("year")
    # 2025's surplus of 10 restores 2023's deficit (the oldest) fully: 20 left, due 2027
    assert rec.loc[2025, "restored"] == pytest.approx(10.0, abs=TOL)
    assert rec.loc[2025, "deficit_left"] == pytest.approx(20.0, abs=TOL)
    assert int(rec.loc[2025, "deadline"]) == 2027
    assert rec.loc[2027, "deficit_left"] == pytest.approx(0.0, abs=TOL)
    assert rec["deficit_due"].abs().max() <= TOL
    assert evaluate(two_deficits(), res) == []


def test_deadline_shortfall_names_the_law():
    # without the late measure nothing restores 2024's deficit after 2025: early's one-year
    # effect of 10 (pot 10) meets 2025's deadline, 2027's falls short by 20
    inp = two_deficits()
    pots = inp.potentials.copy()
    pots.loc[pots["action"] == "late", "pot"] = 0.0
    pots.loc[pots["action"] == "early", "pot"] = 10.0
    from dataclasses import replace

    res = solve(replace(inp, potentials=pots))
    assert res.status == "shortfall"
    assert res.summary["shortfall_tier"] == "law"
    assert res.summary["shortfall_by_tier"]["law"] == pytest.approx(20.0, abs=TOL)
    short = res.shortfall.set_index("requirement")
    assert short.loc["deadline", "shortfall"] == pytest.approx(20.0, abs=TOL)
    assert int(short.loc["deadline", "year"]) == 2027


def one_year_deficit(exempt=None, deficits=(), last=2025):
    """K = 90 (R = -10 + E); a permanent action of weight 1 (tail 0)."""
    return make_inputs(
        first=2025,
        last=last,
        revenue=90.0,
        exempt=exempt,
        deficits=deficits,
        balance_law=True,
    )


def test_no_deficit_without_exemption():
    res = solve(one_year_deficit())
    # R2025 = -10 + E >= 0: E = 10, impact 10; one MSEK looser saves one MSEK of effect
    assert res.summary["impact"] == pytest.approx(10.0, abs=TOL)
    assert dual(res, "no_deficit", 2025) == pytest.approx(1.0, abs=TOL)
    rec = res.reconciliation.iloc[0]
    assert rec["bkr"] == pytest.approx(0.0, abs=TOL) and rec["new_deficit"] == 0.0


def test_no_deficit_with_an_exemption():
    res = solve(one_year_deficit(exempt={2025: 4.0}))
    # R + 4 >= 0: E = 6 (impact 6), dual 1; the exemption covers the year's deficit of 4
    assert res.summary["impact"] == pytest.approx(6.0, abs=TOL)
    assert dual(res, "no_deficit", 2025) == pytest.approx(1.0, abs=TOL)
    rec = res.reconciliation.iloc[0]
    assert rec["exempt_used"] == pytest.approx(4.0, abs=TOL)
    assert rec["new_deficit"] == pytest.approx(0.0, abs=TOL)


def test_an_exemption_larger_than_the_deficit_never_over_credits():
    # 2025-2026, K = 90; opening deficit -5 by 2026; exemption 30 in 2025.
    # 2025: E = 0 is allowed (R = -10, exempt 30 covers it); its contribution is
    # min(-10 + 30, 0) = 0, not +20. So 2026 must restore the 5 by itself: R2026 = -10 + E26
    # >= 5, E26 = 15 from an action started in 2026 (impact 15; started in 2025 it would
    # count twice). Deadline 2026's dual 1; no_deficit 2025's dual 0 (not binding).
    inp = one_year_deficit(exempt={2025: 30.0}, deficits=((2024, -5.0, 2026),), last=2026)
    res = solve(inp)
    assert res.status == "optimal"
    assert res.summary["impact"] == pytest.approx(15.0, abs=TOL)
    assert amount(res, "a", 2026) == pytest.approx(15.0, abs=TOL)
    assert dual(res, "deadline", 2026) == pytest.approx(1.0, abs=TOL)
    assert dual(res, "no_deficit", 2025) == pytest.approx(0.0, abs=TOL)
    rec = res.reconciliation.set_index("year")
    assert rec.loc[2025, "exempt_used"] == pytest.approx(10.0, abs=TOL)  # at most the deficit
    assert rec.loc[2026, "restored"] == pytest.approx(5.0, abs=TOL)
    assert rec.loc[2026, "surplus_after_restoration"] == pytest.approx(0.0, abs=TOL)
    assert evaluate(inp, res) == []
    # version 1's running sum reads the exemption as an adjustment of +30 and credits 20
    # of it: milestone Bal2026 = -5 + (-10 + 30) + R2026 >= 0 needs no saving at all
    v1 = make_inputs(first=2025, last=2026, revenue=90.0, balance_opening=-5.0,
                     adjustments={2025: 30.0}, milestones={2026: 0.0})  # fmt: skip
    assert solve(v1).summary["impact"] == pytest.approx(0.0, abs=TOL)


def test_the_law_rule_restores_oldest_first_and_starts_new_deficits():
    rules = Rules(((2023, -10.0, 2025), (2024, -20.0, 2027)), {}, {}, {}, 3)
    table = reconciliation(rules, {2025: 5.0, 2026: -4.0, 2027: 12.0, 2028: 20.0})
    rows = table.set_index("year")
    # 2025: 5 of 2023's 10 restored; 5 of it overdue at the end of 2025
    assert rows.loc[2025, "deficit_due"] == pytest.approx(5.0)
    # 2026: a new deficit of 4, due 2029; 2027: 12 restores 2023's 5 then 7 of 2024's
    assert rows.loc[2026, "new_deficit"] == pytest.approx(4.0)
    assert rows.loc[2027, "deficit_left"] == pytest.approx(13.0 + 4.0)
    assert rows.loc[2027, "deficit_due"] == pytest.approx(13.0)
    # 2028: 20 restores 2024's 13 and 2026's 4; 3 is the surplus after restoration
    assert rows.loc[2028, "deficit_left"] == pytest.approx(0.0)
    assert rows.loc[2028, "surplus_after_restoration"] == pytest.approx(3.0)


def tiers_case(requirements):
    """One year; board B with frame 100; action a (hired_staff) whose one-off cost of 2 per
    MSEK outweighs its effect: a category target of 10 (targets) forces cost up over the frame
    (frames)."""
    return make_inputs(
        boards=[{"id": "B", "cost0": 100.0, "frame0": 100.0}],
        actions=[{"id": "a", "category": "hired_staff", "oneoff": 2.0}],
        potentials=[("B", "a", 50.0)],
        revenue=200.0,
        category_targets={("hired_staff", 2025): 10.0},
        requirements=requirements,
    )


def test_a_tier_order_changes_the_plan():
    first = solve(tiers_case((("law",), ("targets",), ("frames",))))
    # targets first: x = 10, cost 100 - 10 + 20 = 110: the frame is overrun by 10
    assert amount(first, "a") == pytest.approx(10.0, abs=TOL)
    assert first.summary["shortfall_tier"] == "frames"
    assert first.summary["shortfall_by_tier"]["frames"] == pytest.approx(10.0, abs=TOL)
    assert first.summary["shortfall_by_tier"]["targets"] == pytest.approx(0.0, abs=TOL)
    frames_first = solve(tiers_case((("frames",), ("law",), ("targets",))))
    # frames first: x = 0, the category target is 10 short
    assert amount(frames_first, "a") == pytest.approx(0.0, abs=TOL)
    assert frames_first.summary["shortfall_tier"] == "targets"
    assert frames_first.summary["shortfall_by_tier"]["targets"] == pytest.approx(10.0, abs=TOL)


def test_a_zero_weight_is_informational_even_when_strict():
    # the frame row of weight 0 is no requirement: x = 10, no shortfall, overrun still shown
    inp = make_inputs(
        boards=[{"id": "B", "cost0": 100.0, "frame0": 100.0}],
        actions=[{"id": "a", "category": "hired_staff", "oneoff": 2.0}],
        potentials=[("B", "a", 50.0)],
        revenue=200.0,
        category_targets={("hired_staff", 2025): 10.0},
        shortfall_weights={"frame": 0.0},
    )
    for strict in (False, True):
        res = solve(inp, strict=strict)
        assert res.status == "optimal"
        assert res.summary["total_shortfall"] == 0.0
        assert res.shortfall.empty
        assert float(res.boards["overrun"].iloc[0]) == pytest.approx(10.0, abs=TOL)
        assert float(res.boards["frame_dual"].iloc[0]) == pytest.approx(0.0, abs=TOL)


def tail_case(tail):
    """2025-2027, K = 100 (R = E), result 2027 >= 10. ``early`` (weight 0.5) may start only in
    2025, ``late`` (weight 1) only in 2027; both permanent."""
    return make_inputs(
        first=2025,
        last=2027,
        revenue=100.0,
        actions=[
            {"id": "early", "category": "efficiency", "weight": 0.5, "earliest": 2025,
             "latest": 2025},
            {"id": "late", "category": "efficiency", "weight": 1.0, "earliest": 2027,
             "latest": 2027},
        ],  # fmt: skip
        result_targets={2027: 10.0},
        tail_years=tail,
    )


def test_tail_years_changes_the_choice():
    # tail 0: early costs 0.5 * 3 = 1.5 per MSEK, late 1 * 1 = 1: late = 10, impact 10
    v1 = solve(tail_case(0))
    assert amount(v1, "late") == pytest.approx(10.0, abs=TOL)
    assert v1.summary["impact"] == pytest.approx(10.0, abs=TOL)
    # tail 5: early 0.5 * (3 + 5) = 4, late 1 * (1 + 5) = 6: early = 10, impact 40
    v2 = solve(tail_case(5))
    assert amount(v2, "early") == pytest.approx(10.0, abs=TOL)
    assert v2.summary["impact"] == pytest.approx(40.0, abs=TOL)
    assert dual(v2, "result", 2027) == pytest.approx(4.0, abs=TOL)
    assert evaluate(tail_case(5), v2) == []
