"""Section 9 of MODEL.md, hand-solved: realisation, staff and attrition, minimum sizes (a MIP),
the example using every feature, the reports, and the evaluator's re-check of section 9.
Every expected number is computed by hand in the comment above it.
"""

from __future__ import annotations

import pytest

from optimizer.analysis.pipeline import solve
from optimizer.scenario.inputs import InputError
from optimizer.scenario.load import load_scenario
from tests.test_financial_core import TAX, TOL, _amount, scenario

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
    # (v3, MODEL.md 10.2) årsarbetare are never added to MSEK: total_shortfall is MSEK only
    assert res.summary["total_shortfall"] == pytest.approx(0.0, abs=TOL)
    assert res.summary["shortfall_by_unit"] == pytest.approx({"MSEK": 0.0, "FTE": 20.0})
    assert res.summary["shortfall_tier"] == "targets"
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
    from optimizer.report.terminal.plan import render  # start-up time: only this test renders

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
    from optimizer.report.html.plan import render_html  # start-up time: only these tests

    page = render_html(example, "sv")
    assert "Personal: förändring i årsarbetare" in page
    assert "Skattesatsen är oförändrad." in page
    assert "med heltalsbesluten fixerade" in page


def test_the_markdown_report_says_the_tax_in_words(tmp_path):
    from optimizer.report.markdown import render_markdown  # start-up time: only this test

    folder = scenario(tmp_path, TAX)
    text = render_markdown(solve(load_scenario(folder)))
    assert "The tax rises by 10 öre from 2025." in text


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


def test_compare_says_the_tax_change_in_words(tmp_path):
    # start-up time: only this test compares
    from optimizer.analysis.compare.folders import compare_dirs
    from optimizer.report.terminal.compare import render

    folder = scenario(tmp_path, TAX)
    solve(load_scenario(folder)).write(tmp_path / "cheap")
    solve(load_scenario(folder, sets=["economy.tax_rate.weight=2.1"])).write(tmp_path / "dear")
    text = render(compare_dirs([tmp_path / "dear", tmp_path / "cheap"]))
    assert "Tax rate (skattesats)" in text
    assert "the tax rises by 10 öre from 2025" in text
    assert "the tax rate stays unchanged" in text
