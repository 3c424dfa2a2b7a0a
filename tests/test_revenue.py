"""(v3, MODEL.md 10.2) Revenue in two parts (tax follows the wage sum with a lag, general
grants their own growth), ``per_ore`` derived from the rate, a rise that may be reversed
(``min_ore``), and the change in öre, MSEK and kronor per inhabitant by year."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cli import main
from optimizer.analysis.pipeline import solve
from optimizer.results.evaluate.verify import evaluate
from optimizer.scenario.financial_core import FinancialCore, TaxRate
from optimizer.scenario.inputs import InputError
from optimizer.scenario.load import load_scenario
from tests.factory import make_inputs

TOL = 1e-6
DATA = Path(__file__).resolve().parent / "data"
TWO_PART = {
    "tax": {"base": 100, "real_growth": 0, "wage_elasticity": 1, "lag": 1, "past_wage": 0.02},
    "grants": {"base": 50, "growth": 0.01},
}


@pytest.fixture()
def folder(tmp_path) -> Path:
    shutil.copytree(DATA / "minimal", tmp_path / "minimal")
    return tmp_path / "minimal"


def with_economy(folder: Path, **keys) -> None:
    file = folder / "scenario.yaml"
    data = yaml.safe_load(file.read_text())
    data["economy"].update(keys)
    file.write_text(yaml.safe_dump(data, sort_keys=False))


def test_tax_follows_the_wage_a_year_later_and_grants_their_own_growth(folder):
    """Wage 4 % a year (the minimal scenario), lag 1, the year before the plan 2 %:
    tax 2025 = 100 * 1.02 = 102, 2026 = 102 * 1.04 = 106.08, 2027 = 106.08 * 1.04 = 110.3232;
    grants 50 * 1.01 = 50.5, 51.005, 51.51505; revenue their sum. Rate 10 kr: 1 öre is
    tax / 1000: 0.102, 0.10608, 0.1103232 MSEK."""
    with_economy(folder, revenue=TWO_PART,
                 tax_rate={"rate": 10, "max_ore": 5, "weight": 1}, population=1000)  # fmt: skip
    inp = load_scenario(folder)
    tax = {2025: 102.0, 2026: 106.08, 2027: 110.3232}
    grants = {2025: 50.5, 2026: 51.005, 2027: 51.51505}
    assert inp.tax_revenue == pytest.approx(tax)
    assert inp.revenue == pytest.approx({t: tax[t] + grants[t] for t in tax})
    assert inp.core.tax.per_ore == pytest.approx({t: v / 1000 for t, v in tax.items()})
    assert inp.population == {2025: 1000.0, 2026: 1000.0, 2027: 1000.0}


def test_a_higher_wage_leaves_this_years_revenue_and_grants_alone(folder):
    """With lag 1 a wage of 5 % instead of 4 % from 2025 moves the tax from 2026 only
    (102 * 1.05 = 107.1), and never the grants: costs rise at once, revenue a year later, so
    the result worsens in the short run."""
    with_economy(folder, revenue=TWO_PART)
    base = load_scenario(folder)
    high = load_scenario(folder, sets=["drivers.wage=0.05"])
    assert high.revenue[2025] == pytest.approx(base.revenue[2025])
    assert high.tax_revenue[2026] == pytest.approx(107.1)
    assert high.revenue[2026] - high.tax_revenue[2026] == pytest.approx(51.005)


def reversible(min_ore: float):
    """2025-2027, K = 100 (R = E + tax), result target 10 in 2025 only; a permanent action
    ``a`` of weight 1 (tail 0); the lever 1 MSEK per öre, at most 20 öre, harm 0.5 per MSEK-year,
    from 2025; 1 000 inhabitants."""
    inp = make_inputs(first=2025, last=2027, revenue=100.0, result_targets={2025: 10.0})
    tax = TaxRate({2025: 1.0, 2026: 1.0, 2027: 1.0}, 20.0, 2025, 0.5, min_ore)
    return replace(inp, core=FinancialCore(tax=tax), population=dict.fromkeys(inp.years, 1000.0))


def test_a_rise_reversed_when_it_may_be():
    """Version 2 (min_ore 0): 10 öre from 2025 meet the target and stay to 2027: harm
    0.5 * 30 = 15 (the action would cost 1 * 30). With min_ore -20 the rise is reversed from
    2026: harm 0.5 * 10 = 5; in force 10 öre (10 MSEK, 10 000 kr per inhabitant) in 2025, 0
    after."""
    kept = solve(reversible(0.0))
    assert kept.summary["impact"] == pytest.approx(15.0, abs=TOL)
    assert kept.summary["tax_rate"]["by_year"] == pytest.approx({2025: 10.0})
    res = solve(reversible(-20.0))
    assert res.status == "optimal"
    assert res.summary["impact"] == pytest.approx(5.0, abs=TOL)
    tax = res.summary["tax_rate"]
    assert tax["by_year"] == pytest.approx({2025: 10.0, 2026: -10.0})
    assert tax["in_force"][2025] == pytest.approx(
        {"ore": 10.0, "msek": 10.0, "kr_per_inhabitant": 10000.0})
    assert tax["in_force"][2027]["ore"] == pytest.approx(0.0, abs=TOL)
    assert "falls by 10 öre from 2026" in tax["text"]
    assert evaluate(reversible(-20.0), res) == []
    assert evaluate(reversible(0.0), kept) == []


def test_the_evaluator_catches_a_level_below_todays_rate():
    res = solve(reversible(-20.0))
    actions = res.tables["actions"].copy()
    actions.loc[(actions["action"] == "tax_rate") & (actions["start_year"] == 2026),
                "amount"] = -15.0  # fmt: skip
    res.tables["actions"] = actions
    assert "tax_level" in {v.check for v in evaluate(reversible(-20.0), res)}


# fmt: off
BAD = [
    ("tax part not a mapping", {"revenue": {"tax": 5, "grants": {"base": 1}}},
     "economy.revenue.tax", 5),
    ("lag a fraction", {"revenue": {**TWO_PART, "tax": {**TWO_PART["tax"], "lag": 0.5}}},
     "economy.revenue.tax.lag", 0.5),
    ("lag negative", {"revenue": {**TWO_PART, "tax": {**TWO_PART["tax"], "lag": -1}}},
     "economy.revenue.tax.lag", -1),
    ("unknown key in the tax part",
     {"revenue": {**TWO_PART, "tax": {**TWO_PART["tax"], "elasticity": 1}}},
     "economy.revenue.tax.elasticity", "elasticity"),
    ("grants without a base", {"revenue": {**TWO_PART, "grants": {"growth": 0.01}}},
     "economy.revenue.grants.base", None),
    ("past wage not a number",
     {"revenue": {**TWO_PART, "tax": {**TWO_PART["tax"], "past_wage": "x"}}},
     "economy.revenue.tax.past_wage", "x"),
    ("min_ore positive", {"tax_rate": {"per_ore": 1, "max_ore": 5, "min_ore": 3}},
     "economy.tax_rate.min_ore", 3),
    ("rate zero", {"tax_rate": {"rate": 0, "max_ore": 5}}, "economy.tax_rate.rate", 0),
    ("neither per_ore nor rate", {"tax_rate": {"max_ore": 5}}, "economy.tax_rate.per_ore", None),
    ("population zero", {"population": 0}, "economy.population", 0),
]
# fmt: on


@pytest.mark.parametrize(("keys", "where", "value"), [c[1:] for c in BAD],
                         ids=[c[0] for c in BAD])  # fmt: skip
def test_a_bad_revenue_key_is_one_message(folder, keys, where, value):
    with_economy(folder, **keys)
    with pytest.raises(InputError) as err:
        load_scenario(folder)
    found = err.value.problems
    assert len(found) == 1, found
    assert found[0].where == where and found[0].value == value and found[0].expected
    result = CliRunner().invoke(main, ["solve", str(folder), "--out", str(folder / "out")])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert where in result.output and not (folder / "out").exists()
