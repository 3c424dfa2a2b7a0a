"""Section 9 of MODEL.md, hand-solved: revenue tied to wages, interest, overlap groups, the tax
lever. Every expected number is computed by hand in the comment above it.
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
    # the example (v3): the tax part grows 0.002 + 0.8 * wage a year later (2025 still at the
    # past 3.5 %), the general grants 3 % whatever the wage; +1 point of wages is +0.8 point
    # of the tax from 2026 and nothing in 2025
    assert base.revenue[2025] == pytest.approx(6600 * 1.03)
    assert high.revenue[2025] == pytest.approx(6600 * 1.03)
    assert high.tax_revenue[2026] == pytest.approx(4417.5 * 1.03 * (1.002 + 0.8 * 0.045))
    assert high.revenue[2026] - high.tax_revenue[2026] == pytest.approx(2182.5 * 1.03**2)


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
