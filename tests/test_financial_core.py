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
