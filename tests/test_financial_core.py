"""Section 9 of MODEL.md, hand-solved: revenue tied to wages, interest, overlap groups, the tax
lever, realisation. Every expected number is computed by hand in the comment above it.
"""

from __future__ import annotations

import textwrap

import pytest

from optimizer.analysis.pipeline import solve
from optimizer.scenario.inputs import InputError
from optimizer.scenario.load import load_scenario

TOL = 1e-6


def scenario(tmp_path, text: str, **csv: str):
    """Write ``scenario.yaml`` (and CSV files) into ``tmp_path``; return the folder."""
    (tmp_path / "scenario.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    for name, body in csv.items():
        (tmp_path / f"{name}.csv").write_text(textwrap.dedent(body).lstrip(), encoding="utf-8")
    return tmp_path


BASE = """\
tail_years: 0  # version 1's harm: the plan years only (hand-computed)
name: t
years: {base: 2024, first: 2025, last: 2026}
economy:
  revenue: {base: 1000, real_growth: 0.01, wage_elasticity: 0.5}
drivers: {wage: 0.04}
boards: [{id: B, cost0: 900, frame0: 1000000}]
actions: [{id: a, category: efficiency}]
potentials: [{board: B, action: a, pot: 50}]
"""


# --------------------------------------------------------------------------- revenue


def test_revenue_grows_with_the_wage_sum(tmp_path):
    # growth = 0.01 + 0.5 * 0.04 = 0.03: rev 2025 = 1030, 2026 = 1060.9
    inputs = load_scenario(scenario(tmp_path, BASE))
    assert inputs.revenue[2025] == pytest.approx(1030.0)
    assert inputs.revenue[2026] == pytest.approx(1060.9)
    # a wage of 0.06 moves revenue too: growth 0.04, rev 2026 = 1000 * 1.04^2 = 1081.6
    higher = load_scenario(tmp_path, sets=["drivers.wage=0.06"])
    assert higher.revenue[2026] == pytest.approx(1081.6)


def test_growth_wins_where_given(tmp_path):
    # growth 0.10 given for 2026 only: 2025 follows wages (1030), 2026 = 1030 * 1.1 = 1133
    inputs = load_scenario(scenario(tmp_path, BASE), sets=["economy.revenue.growth.2026=0.1"])
    assert inputs.revenue[2025] == pytest.approx(1030.0)
    assert inputs.revenue[2026] == pytest.approx(1133.0)


def test_revenue_elasticity_must_be_a_number(tmp_path):
    folder = scenario(tmp_path, BASE)
    with pytest.raises(InputError) as err:
        load_scenario(folder, sets=["economy.revenue.wage_elasticity=much"])
    assert "economy.revenue.wage_elasticity" in str(err.value)
    assert "much" in str(err.value)


def test_example_high_wages_moves_both_sides():
    base = load_scenario(None)
    high = load_scenario(None, use=["high-wages"])
    # the example: growth = 0.002 + 0.8 * wage, so +1 point of wages is +0.8 point of revenue
    assert base.revenue[2025] == pytest.approx(6600 * 1.03)
    assert high.revenue[2025] == pytest.approx(6600 * (1.002 + 0.8 * 0.045))


# --------------------------------------------------------------------------- interest

LOANS = """\
tail_years: 0  # version 1's harm: the plan years only (hand-computed)
name: loans
years: {base: 2024, first: 2025, last: 2026}
economy: {revenue: 0}
boards: [{id: B, cost0: 0, frame0: 1000}]
actions: [{id: a, category: efficiency, weight: 1}]
potentials: [{board: B, action: a, pot: 100}]
targets: {result: {2026: 0}}
limits:
  liquidity: {opening_cash: 150, min_cash: 100, opening_loans: 100, loan_cap: 100}
"""


def _liquidity(res, year: int, column: str) -> float:
    frame = res.liquidity
    return float(frame.loc[frame["year"] == year, column].iloc[0])


def _region(res, year: int, column: str) -> float:
    frame = res.region
    return float(frame.loc[frame["year"] == year, column].iloc[0])


def test_a_loan_is_repaid_once_it_costs_interest(tmp_path):
    # Without interest nothing needs saving (impact 0). With 10 %: 2025 pays 0.1 * 100 = 10 on
    # the opening loans (R = -10), so cash 2025 = 150 - 10 + dl >= 100 gives dl >= -40: at most
    # 40 repaid, loans 2025 >= 60. 2026 pays 0.1 * loans 2025; its target R >= 0 needs a saving
    # x of 0.1 * loans 2025 started in 2026 (impact x, one year). Repaying all that cash allows
    # (40) gives loans 60 and x = 6 (a saving started in 2025 to repay more costs 2 years per
    # MSEK: 1.1 e >= 6 gives e = 5.45, impact 10.9 > 6). Impact 6, loans 60.
    folder = scenario(tmp_path, LOANS)
    free = solve(load_scenario(folder))
    assert free.summary["impact"] == pytest.approx(0.0, abs=TOL)
    costly = solve(load_scenario(folder, sets=["limits.liquidity.interest=0.1"]))
    assert costly.status == "optimal"
    assert costly.summary["impact"] == pytest.approx(6.0, abs=TOL)
    assert _liquidity(costly, 2025, "loans") == pytest.approx(60.0, abs=TOL)
    assert _liquidity(costly, 2025, "borrowing") == pytest.approx(-40.0, abs=TOL)
    assert _region(costly, 2025, "interest") == pytest.approx(-10.0, abs=TOL)
    assert _region(costly, 2026, "interest") == pytest.approx(-6.0, abs=TOL)
    assert _region(costly, 2026, "financial") == pytest.approx(-6.0, abs=TOL)
    assert _region(costly, 2026, "result") == pytest.approx(0.0, abs=TOL)


def test_loans_follow_need_when_nothing_binds(tmp_path):
    # No target at all: with interest the plan borrows nothing it does not need (the tie-break
    # prefers fewer loans among equal plans). Cash 2025 = 150 - 10 (interest) + dl >= 100:
    # dl = -40, loans 60; 2026: cash = 100 - 0.1 * 60 + dl >= 100 needs dl = 6: loans 66, and
    # cash stays at its least level 100.
    folder = scenario(tmp_path, LOANS.replace("targets: {result: {2026: 0}}", ""))
    res = solve(load_scenario(folder, sets=["limits.liquidity.interest=0.1"]))
    assert res.summary["impact"] == pytest.approx(0.0, abs=TOL)
    assert _liquidity(res, 2025, "loans") == pytest.approx(60.0, abs=TOL)
    assert _liquidity(res, 2026, "loans") == pytest.approx(66.0, abs=TOL)
    assert _liquidity(res, 2026, "cash") == pytest.approx(100.0, abs=TOL)


def test_cash_interest_is_income(tmp_path):
    # cash interest 2 % on the opening cash 150: 2025 interest = -0.1*100 + 0.02*150 = -7
    folder = scenario(tmp_path, LOANS)
    sets = ["limits.liquidity.interest=0.1", "limits.liquidity.cash_interest=0.02"]
    res = solve(load_scenario(folder, sets=sets))
    assert _region(res, 2025, "interest") == pytest.approx(-7.0, abs=TOL)


def test_interest_must_not_be_negative(tmp_path):
    folder = scenario(tmp_path, LOANS)
    with pytest.raises(InputError) as err:
        load_scenario(folder, sets=["limits.liquidity.interest=-0.01"])
    assert "limits.liquidity.interest" in str(err.value) and ">= 0" in str(err.value)


# --------------------------------------------------------------------------- overlap groups

GROUPS = """\
tail_years: 0  # version 1's harm: the plan years only (hand-computed)
name: groups
years: {base: 2024, first: 2025, last: 2025}
economy: {revenue: 0}
boards: [{id: B, cost0: 100, frame0: 70}]
actions:
  - {id: a, category: hired_staff, weight: 1}
  - {id: b, category: hired_staff, weight: 2}
  - {id: c, category: structural, weight: 3}
potentials:
  - {board: B, action: a, pot: 20}
  - {board: B, action: b, pot: 20}
  - {board: B, action: c, pot: 50}
"""


def _amount(res, action: str) -> float:
    acts = res.actions
    return float(acts.loc[acts["action"] == action, "amount"].sum())


def test_a_group_binds_where_the_separate_potentials_would_not(tmp_path):
    # The frame needs 30. Without the group: a = 20, b = 10 (both within their own 20),
    # impact 20 + 2*10 = 40. With a and b sharing one cost base of 25: a = 20, b = 5, c = 5,
    # impact 20 + 10 + 15 = 45; no separate potential binds b (5 < 20), the group does, and
    # one more MSEK of it moves 1 from c to b: dual 3 - 2 = 1.
    folder = scenario(tmp_path, GROUPS)
    alone = solve(load_scenario(folder))
    assert alone.summary["impact"] == pytest.approx(40.0, abs=TOL)
    assert _amount(alone, "b") == pytest.approx(10.0, abs=TOL)
    grouped = "groups=[{group: staff, board: B, actions: [a, b], pot: 25}]"
    res = solve(load_scenario(folder, sets=[grouped]))
    assert res.status == "optimal"
    assert res.summary["impact"] == pytest.approx(45.0, abs=TOL)
    assert (_amount(res, "a"), _amount(res, "b"), _amount(res, "c")) == pytest.approx(
        (20.0, 5.0, 5.0), abs=TOL
    )
    duals = res.duals
    row = duals[duals["constraint"] == "group"].iloc[0]
    assert (row["board"], row["action"]) == ("B", "staff")
    assert float(row["dual"]) == pytest.approx(1.0, abs=TOL)
    assert bool(row["binding"])


def test_groups_from_a_csv_with_semicolons(tmp_path):
    folder = scenario(
        tmp_path,
        GROUPS + "groups: groups.csv\n",
        groups="""
        group,board,actions,pot
        staff,B,a;b,25
        """,
    )
    res = solve(load_scenario(folder))
    assert res.summary["impact"] == pytest.approx(45.0, abs=TOL)
    # a --set edits a group's pot by its name: 40 no longer binds (impact back to 40)
    res = solve(load_scenario(folder, sets=["groups.staff.pot=40"]))
    assert res.summary["impact"] == pytest.approx(40.0, abs=TOL)


def test_a_group_with_an_unknown_action_is_an_input_error(tmp_path):
    folder = scenario(
        tmp_path, GROUPS + "groups: [{group: g, board: B, actions: [a, zz], pot: 5}]\n"
    )
    with pytest.raises(InputError) as err:
        load_scenario(folder)
    text = str(err.value)
    assert "column actions" in text and "zz" in text and "known action ids" in text


# --------------------------------------------------------------------------- the tax lever

TAX = """\
tail_years: 0  # version 1's harm: the plan years only (hand-computed)
name: tax
years: {base: 2024, first: 2025, last: 2025}
economy:
  revenue: 100
  tax_rate: {per_ore: 1, max_ore: 100, weight: 1.9}
boards: [{id: B, cost0: 100, frame0: 1000}]
actions:
  - {id: a, category: efficiency, weight: 1}
  - {id: b, category: efficiency, weight: 2}
potentials:
  - {board: B, action: a, pot: 20}
  - {board: B, action: b, pot: 50}
targets: {result: {2025: 30}}
"""


def _tax_rows(res):
    acts = res.actions
    return acts[(acts["board"] == "region") & (acts["action"] == "tax_rate")]


def test_the_tax_enters_exactly_when_its_weight_falls_below_the_marginal_actions(tmp_path):
    # The result needs 30. a (weight 1, 20) first; the next 10 come from b (weight 2) or from
    # the tax (1 MSEK per öre). Weight 1.9 < 2: 10 öre, impact 20 + 1.9*10 = 39, and the
    # result's dual is the lever's weight 1.9. Weight 2.1 > 2: b = 10, impact 40, no tax.
    folder = scenario(tmp_path, TAX)
    res = solve(load_scenario(folder))
    assert res.status == "optimal"
    tax = _tax_rows(res)
    assert float(tax["amount"].sum()) == pytest.approx(10.0, abs=TOL)
    assert _amount(res, "b") == pytest.approx(0.0, abs=TOL)
    assert res.summary["impact"] == pytest.approx(39.0, abs=TOL)
    assert res.summary["tax_rate"]["text"] == "the tax rises by 10 öre from 2025"
    assert _region(res, 2025, "tax_revenue") == pytest.approx(10.0, abs=TOL)
    assert _region(res, 2025, "result") == pytest.approx(30.0, abs=TOL)
    assert float(res.region["result_dual"].iloc[0]) == pytest.approx(1.9, abs=TOL)
    effects = res.effects
    lever = effects[effects["action"] == "tax_rate"]
    assert float(lever["effect"].iloc[0]) == pytest.approx(10.0, abs=TOL)
    dearer = solve(load_scenario(folder, sets=["economy.tax_rate.weight=2.1"]))
    assert _tax_rows(dearer).empty
    assert _amount(dearer, "b") == pytest.approx(10.0, abs=TOL)
    assert dearer.summary["impact"] == pytest.approx(40.0, abs=TOL)
    assert dearer.summary["tax_rate"]["text"] == "the tax rate stays unchanged"


def test_max_ore_bounds_the_lever(tmp_path):
    # at most 4 öre: tax 4, b 6; impact 20 + 1.9*4 + 2*6 = 39.6; tax_max binds with dual 0.1
    folder = scenario(tmp_path, TAX)
    res = solve(load_scenario(folder, sets=["economy.tax_rate.max_ore=4"]))
    assert float(_tax_rows(res)["amount"].sum()) == pytest.approx(4.0, abs=TOL)
    assert res.summary["impact"] == pytest.approx(39.6, abs=TOL)
    duals = res.duals
    assert float(duals.loc[duals["constraint"] == "tax_max", "dual"].iloc[0]) == pytest.approx(
        0.1, abs=TOL
    )


def test_a_priority_set_may_forbid_the_lever(tmp_path):
    folder = scenario(tmp_path, TAX + "priorities: {protected: {tax_rate: true}}\n")
    res = solve(load_scenario(folder))
    assert _tax_rows(res).empty
    assert res.summary["impact"] == pytest.approx(40.0, abs=TOL)


def test_per_ore_grows_with_revenue(tmp_path):
    text = TAX.replace(
        "years: {base: 2024, first: 2025, last: 2025}",
        "years: {base: 2024, first: 2025, last: 2026}",
    )
    text = text.replace("revenue: 100", "revenue: {base: 100, growth: 0.1}")
    inputs = load_scenario(scenario(tmp_path, text))
    # per_ore 1 is the first plan year's; 2026 grows with revenue: 1 * 121 / 110 = 1.1
    assert inputs.core.tax.per_ore == pytest.approx({2025: 1.0, 2026: 1.1})


def test_tax_rate_needs_max_ore(tmp_path):
    folder = scenario(tmp_path, TAX.replace(", max_ore: 100", ""))
    with pytest.raises(InputError) as err:
        load_scenario(folder)
    assert "economy.tax_rate.max_ore" in str(err.value)


# --------------------------------------------------------------------------- realisation

REAL = """\
tail_years: 0  # version 1's harm: the plan years only (hand-computed)
name: real
years: {base: 2024, first: 2025, last: 2025}
economy: {revenue: 0}
boards: [{id: B, cost0: 100, frame0: 70}]
actions: [{id: a, category: efficiency, weight: 1, realisation: 0.75}]
potentials: [{board: B, action: a, pot: 100}]
"""


def test_realisation_decides_more_than_it_expects(tmp_path):
    # The frame needs 30 delivered: x = 30 / 0.75 = 40 decided, 30 expected; impact counts the
    # delivered effect: 30.
    folder = scenario(tmp_path, REAL)
    res = solve(load_scenario(folder))
    row = res.actions.iloc[0]
    assert float(row["amount"]) == pytest.approx(40.0, abs=TOL)
    assert float(row["expected"]) == pytest.approx(30.0, abs=TOL)
    assert res.summary["impact"] == pytest.approx(30.0, abs=TOL)


def test_one_off_costs_are_paid_on_the_decision(tmp_path):
    # one-off 0.1 per decided MSEK: C = 100 - 0.75 x + 0.1 x <= 70, so x = 30 / 0.65 = 46.1538,
    # expected 0.75 x = 34.6154 (the impact), one-off 4.6154
    folder = scenario(tmp_path, REAL)
    res = solve(load_scenario(folder, sets=["actions.a.oneoff=0.1"]))
    assert float(res.actions["amount"].iloc[0]) == pytest.approx(30 / 0.65, abs=TOL)
    assert float(res.actions["expected"].iloc[0]) == pytest.approx(0.75 * 30 / 0.65, abs=TOL)
    assert float(res.boards["oneoff"].iloc[0]) == pytest.approx(0.1 * 30 / 0.65, abs=TOL)


def test_realisation_above_one_is_an_input_error(tmp_path):
    folder = scenario(tmp_path, REAL)
    with pytest.raises(InputError) as err:
        load_scenario(folder, sets=["actions.a.realisation=1.2"])
    assert "actions.a.realisation: got 1.2" in str(err.value) and "[0, 1]" in str(err.value)


def test_realisation_can_be_sampled(tmp_path):
    # start-up time: only this test samples
    from optimizer.batch.sampling import draw, uncertainty_of, value_text
    from optimizer.scenario.load import read_base

    text = REAL + "uncertainty:\n  actions.a.realisation: {dist: uniform, low: 0.6, high: 0.9}\n"
    folder = scenario(tmp_path, text)
    unc = uncertainty_of(read_base(folder))
    assert [d.key for d in unc.inputs] == ["actions.a.realisation"]
    samples = draw(unc, 3, seed=1)[:, 0]
    values = [
        load_scenario(folder, sets=[f"actions.a.realisation={value_text(v)}"]).core.realisation["a"]
        for v in samples
    ]
    assert values == pytest.approx(list(samples)) and all(0.6 <= v <= 0.9 for v in values)


# --------------------------------------------------------------------------- staff

STAFF = """\
tail_years: 0  # version 1's harm: the plan years only (hand-computed)
name: staff
years: {base: 2024, first: 2025, last: 2026}
economy: {revenue: 0}
drivers: {wage: 0.0}
boards: [{id: B, cost0: 100, frame0: 70, fte0: 100, cost_per_fte: 0.5}]
actions: [{id: a, category: efficiency, weight: 1, staff_share: 0.5}]
potentials: [{board: B, action: a, pot: 100}]
index_effects: false
"""


def _staff(res, year: int, column: str) -> float:
    frame = res.staff
    return float(frame.loc[frame["year"] == year, column].iloc[0])


def test_staff_change_in_arsarbetare(tmp_path):
    # 30 MSEK from 2025, half staff cost, 0.5 MSEK per årsarbetare: 30 fewer from 2025
    res = solve(load_scenario(scenario(tmp_path, STAFF)))
    assert _staff(res, 2025, "fte_change") == pytest.approx(-30.0, abs=TOL)
    assert _staff(res, 2025, "fte") == pytest.approx(70.0, abs=TOL)
    assert _staff(res, 2025, "reduction") == pytest.approx(30.0, abs=TOL)
    assert _staff(res, 2026, "reduction") == pytest.approx(0.0, abs=TOL)


def test_attrition_shows_what_would_need_notices(tmp_path):
    # attrition 10 % of 100 = 10 a year; the frame needs 30 MSEK = 30 fewer at once in 2025.
    # Each MSEK of x is 1 årsarbetare: x in [10, 30] trades frame overrun (30 - x) against
    # staff beyond attrition (x - 10). In one stage (version 1's [[law, targets, frames]]),
    # weighted 0.5 per årsarbetare, x = 30: 20 beyond attrition, a shortfall of 20
    # (årsarbetare), shown, not hidden; weighted 2, x = 10 and the frame is overrun by 20.
    folder = scenario(tmp_path, STAFF + "requirements: [[law, targets, frames]]\n")
    sets = ["limits.attrition=0.1", "shortfall_weights.attrition=0.5"]
    res = solve(load_scenario(folder, sets=sets))
    assert res.status == "shortfall"
    assert _staff(res, 2025, "beyond_attrition") == pytest.approx(20.0, abs=TOL)
    assert _staff(res, 2025, "attrition") == pytest.approx(10.0, abs=TOL)
    short = res.shortfall
    row = short[short["requirement"] == "attrition"].iloc[0]
    assert (row["board"], int(row["year"])) == ("B", 2025)
    assert float(row["shortfall"]) == pytest.approx(20.0, abs=TOL)
    assert res.summary["total_shortfall"] == pytest.approx(20.0, abs=TOL)
    frame_first = solve(load_scenario(folder, sets=[sets[0], "shortfall_weights.attrition=2"]))
    assert _staff(frame_first, 2025, "beyond_attrition") == pytest.approx(0.0, abs=TOL)
    assert float(frame_first.boards["overrun"].iloc[0]) == pytest.approx(20.0, abs=TOL)


def test_attrition_is_a_target_before_the_frames(tmp_path):
    # tiers in order (the default [law, targets, frames]): attrition is a target, so it holds
    # first (10 fewer a year, none beyond attrition) and the frame, a later tier, is overrun:
    # by 20 in 2025 (10 of the 30 fewer) and by 10 in 2026 (20 of 30), 30 in the frames tier
    folder = scenario(tmp_path, STAFF)
    res = solve(load_scenario(folder, sets=["limits.attrition=0.1"]))
    assert _staff(res, 2025, "beyond_attrition") == pytest.approx(0.0, abs=TOL)
    assert float(res.boards["overrun"].iloc[0]) == pytest.approx(20.0, abs=TOL)
    assert res.summary["shortfall_by_tier"]["targets"] == pytest.approx(0.0, abs=TOL)
    assert res.summary["shortfall_by_tier"]["frames"] == pytest.approx(30.0, abs=TOL)
    assert _staff(res, 2026, "reduction") == pytest.approx(10.0, abs=TOL)
    # with 30 % attrition (30 a year) the reduction fits: optimal
    ok = solve(load_scenario(folder, sets=["limits.attrition=0.3"]))
    assert ok.status == "optimal" and _staff(ok, 2025, "beyond_attrition") == 0.0


def test_attrition_needs_staff_data(tmp_path):
    folder = scenario(tmp_path, STAFF.replace(", fte0: 100, cost_per_fte: 0.5", ""))
    with pytest.raises(InputError) as err:
        load_scenario(folder, sets=["limits.attrition.B=0.1"])
    assert "limits.attrition.B" in str(err.value) and "fte0 and cost_per_fte" in str(err.value)


# --------------------------------------------------------------------------- minimum sizes

MIN = """\
tail_years: 0  # version 1's harm: the plan years only (hand-computed)
name: min
years: {base: 2024, first: 2025, last: 2025}
economy: {revenue: 0}
boards: [{id: B, cost0: 100, frame0: 70}]
actions:
  - {id: a, category: efficiency, weight: 1}
  - {id: b, category: efficiency, weight: 2}
  - {id: c, category: structural, weight: 3}
potentials:
  - {board: B, action: a, pot: 20}
  - {board: B, action: b, pot: 50}
  - {board: B, action: c, pot: 50}
"""


def test_a_minimum_size_removes_a_fractional_action(tmp_path):
    # LP: a = 20, b = 10, impact 20 + 20 = 40. b at least 25 or nothing: b = 25 (a = 5) costs
    # 5 + 50 = 55, b = 0 (a = 20, c = 10) costs 20 + 30 = 50: b leaves, c enters, and the
    # impact rises by 10 = 10 * (3 - 2). The frame's dual, from the LP with b's decision fixed
    # at "not taken", is c's weight 3.
    folder = scenario(tmp_path, MIN)
    lp = solve(load_scenario(folder))
    assert lp.summary["impact"] == pytest.approx(40.0, abs=TOL)
    assert "mip" not in lp.summary
    res = solve(load_scenario(folder, sets=["actions.b.min_size=25"]))
    assert res.status == "optimal"
    assert res.summary["impact"] == pytest.approx(50.0, abs=TOL)
    assert (_amount(res, "a"), _amount(res, "b"), _amount(res, "c")) == pytest.approx(
        (20.0, 0.0, 10.0), abs=TOL
    )
    assert res.summary["impact"] - lp.summary["impact"] == pytest.approx(10.0, abs=TOL)
    mip = res.summary["mip"]
    assert mip["integer_decisions"] == 1 and mip["taken"] == 0
    assert "LP with the integer decisions fixed" in mip["note"]
    assert float(res.boards["frame_dual"].iloc[0]) == pytest.approx(3.0, abs=TOL)


def test_a_binding_minimum_size_has_a_dual(tmp_path):
    # b at least 15: b = 15, a = 15 costs 15 + 30 = 45 (b = 0 costs 50). The minimum binds: one
    # MSEK less of it moves 1 from b to a, so its dual (fixed LP) is 2 - 1 = 1.
    folder = scenario(tmp_path, MIN)
    res = solve(load_scenario(folder, sets=["actions.b.min_size=15"]))
    assert res.summary["impact"] == pytest.approx(45.0, abs=TOL)
    assert _amount(res, "b") == pytest.approx(15.0, abs=TOL)
    assert res.summary["mip"]["taken"] == 1
    duals = res.duals
    row = duals[duals["constraint"] == "min_size"].iloc[0]
    assert (row["board"], row["action"]) == ("B", "b")
    assert float(row["dual"]) == pytest.approx(1.0, abs=TOL)


def test_a_minimum_above_the_potential_never_takes_the_action(tmp_path):
    folder = scenario(tmp_path, MIN)
    res = solve(load_scenario(folder, sets=["actions.b.min_size=60"]))
    assert _amount(res, "b") == 0.0 and res.summary["impact"] == pytest.approx(50.0, abs=TOL)


def test_min_size_must_not_be_negative(tmp_path):
    folder = scenario(tmp_path, MIN)
    with pytest.raises(InputError) as err:
        load_scenario(folder, sets=["actions.b.min_size=-1"])
    assert "actions.b.min_size" in str(err.value) and ">= 0" in str(err.value)


def test_the_terminal_says_the_duals_come_from_the_fixed_lp(tmp_path):
    from optimizer.report.text import render  # start-up time: only this test renders

    folder = scenario(tmp_path, MIN)
    text = render(solve(load_scenario(folder, sets=["actions.b.min_size=25"])))
    assert "a MIP with 1 take-or-leave decisions (0 taken)" in text
    assert "from the LP with the integer decisions fixed" in text


def test_the_evaluator_catches_a_plan_below_a_minimum_size(tmp_path):
    from optimizer.results.evaluate.verify import evaluate  # start-up time: only this test

    folder = scenario(tmp_path, MIN)
    res = solve(load_scenario(folder))  # the LP: b = 10
    found = evaluate(load_scenario(folder, sets=["actions.b.min_size=25"]), res)
    assert any(v.check == "min_size" for v in found)


# --------------------------------------------------------------------------- the example


@pytest.fixture(scope="module")
def example():
    return solve(load_scenario(None))


def test_the_example_uses_every_feature_and_stays_optimal(example):
    s = example.summary
    assert s["status"] == "optimal"
    assert s["mip"]["integer_decisions"] > 0  # minimum sizes
    assert s["tax_rate"]["text"] == "the tax rate stays unchanged"  # weight 2.5: not used
    region = example.region
    assert (region["interest"] != 0).all()  # interest on loans and cash
    actions = example.actions
    hyr = actions[actions["action"] == "hyr-min"]
    assert list(hyr["expected"]) == pytest.approx(list(0.8 * hyr["amount"]))  # realisation
    assert not example.staff.empty and (example.staff["beyond_attrition"] <= 1e-6).all()
    duals = example.duals
    assert set(duals["constraint"]) >= {"group", "min_size", "min_size_on", "attrition"}
    # the loans follow need: no longer at the ceiling every year
    assert (example.liquidity["loans"] < 700 - 1e-6).any()


def test_the_html_report_shows_staff_tax_and_the_mip_note(example):
    from optimizer.report.html import render_html  # start-up time: only these tests

    page = render_html(example, "sv")
    assert "Personal (årsarbetare)" in page
    assert "Skattesats: the tax rate stays unchanged" in page
    assert "med heltalsbesluten fixerade" in page


def test_the_markdown_report_says_the_tax_in_words(tmp_path):
    from optimizer.report.markdown import render_markdown  # start-up time: only this test

    folder = scenario(tmp_path, TAX)
    text = render_markdown(solve(load_scenario(folder)))
    assert "Tax rate: the tax rises by 10 öre from 2025" in text


# --------------------------------------------------------------------------- the evaluator


def _violations(inputs, res) -> set[str]:
    from optimizer.results.evaluate.verify import evaluate  # start-up time: only these tests

    return {v.check for v in evaluate(inputs, res)}


def test_the_evaluator_rechecks_section_9(tmp_path, example):
    inputs = load_scenario(None)
    assert _violations(inputs, example) == set()
    staff = example.tables["staff"].copy()
    staff.loc[0, "fte_change"] += 1.0
    bad = type(example)(example.summary, {**example.tables, "staff": staff})
    assert "staff.fte_change" in _violations(inputs, bad)
    region = example.tables["region"].copy()
    region.loc[1, "interest"] -= 1.0
    bad = type(example)(example.summary, {**example.tables, "region": region})
    assert "region.interest" in _violations(inputs, bad)
    actions = example.tables["actions"].copy()
    actions.loc[0, "expected"] += 1.0
    bad = type(example)(example.summary, {**example.tables, "actions": actions})
    assert "actions.expected" in _violations(inputs, bad)
    # the tax lever: more öre than max_ore, and a result that does not hold its revenue
    folder = scenario(tmp_path, TAX)
    tax_inputs = load_scenario(folder)
    res = solve(tax_inputs)
    actions = res.tables["actions"].copy()
    actions.loc[actions["action"] == "tax_rate", "amount"] = 200.0
    bad = type(res)(res.summary, {**res.tables, "actions": actions})
    found = _violations(tax_inputs, bad)
    assert {"tax_max", "summary.tax_rate", "region.result"} <= found
