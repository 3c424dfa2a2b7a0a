"""Committed actions (MODEL.md 10.3), hand-solved: fixed costs from the decided amounts, the
pair's potential they use, their harm apart from ``impact``, and the scenario's checks.
Every expected number is computed by hand in the docstring or comment above it.
"""

from __future__ import annotations

import numpy as np
import pytest
from click.testing import CliRunner

from optimizer.analysis.pipeline import solve
from optimizer.cli import main
from optimizer.scenario.inputs import InputError
from optimizer.scenario.load import load_scenario
from tests.test_financial_core import TOL, scenario

RAMPED = """\
tail_years: 0
name: committed-first-year
years: {base: 2024, first: 2025, last: 2026}
economy: {revenue: 0}
boards: [{id: B, cost0: 100, frame0: 70}]
actions: [{id: a, category: efficiency, weight: 1, ramp: [0.5, 1.0]}]
potentials: [{board: B, action: a, pot: 100}]
committed: [{board: B, action: a, start: 2025, amount: 40, realisation: 0.5}]
"""


def _rows(res, status: str):
    acts = res.actions
    return acts[acts["status"] == status].reset_index(drop=True)


def test_committed_in_the_first_plan_year_with_realisation_below_one(tmp_path):
    """Committed 40 from 2025 delivering half: 40*0.5*ramp = 10 in 2025, 20 in 2026, so the
    costs without new decisions are 90 and 80 against a frame of 70. New decisions of ``a``
    (pot 100 - 40 = 60 left, ramp 0.5, 1): 2025 needs 0.5 x = 20, so x = 40 from 2025, which
    gives 40 in 2026 (>= 10). Impact (new only) 0.5*40 + 40 = 60; committed harm 10 + 20 = 30.
    """
    res = solve(load_scenario(scenario(tmp_path, RAMPED)))
    new, committed = _rows(res, "new"), _rows(res, "committed")
    assert list(new["start_year"]) == [2025]
    assert float(new["amount"][0]) == pytest.approx(40.0, abs=TOL)
    assert float(committed["amount"][0]) == pytest.approx(40.0, abs=TOL)
    assert float(committed["expected"][0]) == pytest.approx(20.0, abs=TOL)
    assert res.summary["impact"] == pytest.approx(60.0, abs=TOL)
    assert res.summary["committed_impact"] == pytest.approx(30.0, abs=TOL)
    baseline = res.boards.set_index("year")["baseline"]
    assert baseline[2025] == pytest.approx(90.0, abs=TOL)
    assert baseline[2026] == pytest.approx(80.0, abs=TOL)
    assert res.summary["committed_savings_by_year"][2026] == pytest.approx(20.0, abs=TOL)


BASE_YEAR = """\
tail_years: 0
name: committed-base-year
years: {base: 2024, first: 2025, last: 2026}
economy: {revenue: 0}
drivers: {wage: 0, price: 0.1}
boards: [{id: B, cost0: 100, frame0: 80, pshare: 0}]
actions:
  - {id: a, category: efficiency, weight: 1, ramp: [0.5, 1.0]}
  - {id: b, category: efficiency, weight: 1}
potentials: [{board: B, action: a, pot: 40}, {board: B, action: b, pot: 100}]
committed: [{board: B, action: a, start: 2024, amount: 40}]
"""


def test_committed_in_the_base_year_counts_only_its_increment(tmp_path):
    """Costs grow 10 % a year: baseline 110, 121. The committed 40 from 2024 (ramp 0.5, 1)
    delivered 20 in the base year, which cost0 holds; the increment is
    40*(1 - 0.5)*idx[2024,t]: 22 in 2025, 24.2 in 2026, so the costs without new decisions are
    88 and 96.8 against a frame of 80: new effect 8 in 2025, 16.8 in 2026. ``a`` is used up
    (pot 40); ``b`` (ramp 1) from 2025 gives x25 in 2025 and 1.1 x25 in 2026: x25 = 8 (harm
    2.1 each), then x26 = 16.8 - 8.8 = 8 (harm 1 each): impact 8*2.1 + 8 = 24.8. The committed
    harm counts what it delivers in the plan years: 40*1.1 + 40*1.21 = 92.4.
    """
    res = solve(load_scenario(scenario(tmp_path, BASE_YEAR)))
    new = _rows(res, "new").set_index("start_year")["amount"]
    assert new[2025] == pytest.approx(8.0, abs=TOL)
    assert new[2026] == pytest.approx(8.0, abs=TOL)
    assert res.summary["impact"] == pytest.approx(24.8, abs=TOL)
    assert res.summary["committed_impact"] == pytest.approx(92.4, abs=TOL)
    baseline = res.boards.set_index("year")["baseline"]
    assert baseline[2025] == pytest.approx(88.0, abs=TOL)
    assert baseline[2026] == pytest.approx(96.8, abs=TOL)


EXACT = """\
tail_years: 0
name: committed-exact
years: {base: 2024, first: 2025, last: 2025}
economy: {revenue: 0}
boards: [{id: B, cost0: 100, frame0: 60}]
actions:
  - {id: a, category: efficiency, weight: 1}
  - {id: b, category: efficiency, weight: 3}
potentials: [{board: B, action: a, pot: 30}, {board: B, action: b, pot: 100}]
committed: [{board: B, action: a, start: 2025, amount: 30}]
"""


def test_a_committed_amount_that_uses_the_whole_potential(tmp_path):
    """``a`` (harm 1) is the cheaper action, but its potential 30 is all committed: the
    committed 30 brings the cost to 70, the frame of 60 needs 10 more, all from ``b`` (harm 3):
    impact 30, committed harm 30, and ``a`` has no column left (nothing new of it)."""
    inputs = load_scenario(scenario(tmp_path, EXACT))
    res = solve(inputs)
    new = _rows(res, "new")
    assert list(new["action"]) == ["b"]
    assert float(new["amount"][0]) == pytest.approx(10.0, abs=TOL)
    assert res.summary["impact"] == pytest.approx(30.0, abs=TOL)
    assert res.summary["committed_impact"] == pytest.approx(30.0, abs=TOL)
    assert "a" not in set(res.effects["action"])
    assert not any(key == ("B", "a") for key in res.duals.query("constraint == 'potential'")
                   [["board", "action"]].itertuples(index=False, name=None))  # fmt: skip


def test_without_committed_the_same_scenario_uses_the_cheaper_action(tmp_path):
    """The control: without the committed row, ``a`` takes 30 and ``b`` 10: impact 60."""
    res = solve(load_scenario(scenario(tmp_path, EXACT.replace("committed:", "# committed:"))))
    assert res.summary["impact"] == pytest.approx(60.0, abs=TOL)
    assert "committed_impact" not in res.summary


@pytest.mark.parametrize(
    ("change", "where", "expected"),
    [
        ({"amount": 31}, "committed row 1, column amount", "together at most its potential 30"),
        ({"board": "X"}, "committed row 1, column board", "a board with potentials (B)"),
        ({"action": "c"}, "committed row 1, column action", "an action with a potential in B (a, b)"),
        ({"start": 2026}, "committed row 1, column start", "at most the last plan year 2025"),
        ({"amount": -1}, "committed row 1, column amount", "a number >= 0"),
        ({"realisation": 2}, "committed row 1, column realisation", "in [0, 1.5]"),
    ],
)
def test_a_bad_committed_row_is_one_clear_message(tmp_path, change, where, expected):
    row = {"board": "B", "action": "a", "start": 2025, "amount": 30, **change}
    inline = ", ".join(f"{k}: {v}" for k, v in row.items())
    text = EXACT.replace(
        "committed: [{board: B, action: a, start: 2025, amount: 30}]",
        f"committed: [{{{inline}}}]",
    )
    folder = scenario(tmp_path, text)
    with pytest.raises(InputError) as err:
        load_scenario(folder)
    assert len(err.value.problems) == 1
    message = str(err.value)
    assert where in message and expected in message
    out = CliRunner().invoke(main, ["solve", str(folder), "--out", str(tmp_path / "out")])
    assert out.exit_code == 2
    assert "Traceback" not in out.output and expected in out.output
    assert not (tmp_path / "out").exists()


def test_committed_as_a_csv_file(tmp_path):
    """The same as the first test, the table in ``committed.csv`` (the realisation blank: the
    action's own, 1): 40 committed from 2025 delivers 20 in 2025, 40 in 2026; costs 80, 60
    against 70: 2025 needs 10 more, 0.5 x = 10 so x = 20 from 2025 (20 in 2026); impact
    10 + 20 = 30, committed harm 20 + 40 = 60."""
    text = RAMPED.replace(
        "committed: [{board: B, action: a, start: 2025, amount: 40, realisation: 0.5}]",
        "committed: committed.csv",
    )
    csv = "board,action,start,amount,realisation\nB,a,2025,40,\n"
    folder = scenario(tmp_path, text, committed=csv)
    res = solve(load_scenario(folder))
    assert float(_rows(res, "new")["amount"].sum()) == pytest.approx(20.0, abs=TOL)
    assert res.summary["impact"] == pytest.approx(30.0, abs=TOL)
    assert res.summary["committed_impact"] == pytest.approx(20.0 + 40.0, abs=TOL)


def test_reports_and_explain_show_the_committed_actions(tmp_path):
    """The terminal account, ``explain``, and the Markdown report in both languages list the
    committed action with its status beside the new decisions (the base-year case above)."""
    folder = scenario(tmp_path / "s", BASE_YEAR) if (tmp_path / "s").mkdir() is None else None
    out = tmp_path / "out"
    runner = CliRunner()
    solved = runner.invoke(main, ["solve", str(folder), "--out", str(out)])
    assert solved.exit_code == 0, solved.output
    assert "Committed actions (decided in earlier rounds, fixed): 1, 40.0 MSEK/yr" in solved.output
    explained = runner.invoke(main, ["explain", str(out), "--lang", "sv"])
    assert "Beslutade åtgärder från tidigare planeringsomgångar: 1, 40,0 mnkr/år" in explained.output
    for lang, head, status in (("en", "Committed actions", "| committed |"),
                               ("sv", "Beslutade åtgärder", "| beslutad |")):  # fmt: skip
        md = runner.invoke(main, ["report", str(out), "--format", "md", "--lang", lang, "--out", "-"])
        assert head in md.output and status in md.output
        assert "| a | 2024 | 40" in md.output.replace("\u00a0", " ")


def test_stress_holds_the_new_decisions_and_leaves_committed_to_the_scenario(tmp_path):
    """``stress`` reads the plan's decisions from actions.csv: the committed row (40 from 2025)
    is the scenario's, not a decision, so the plan vector holds only the new 40 from 2025."""
    from optimizer.batch.futures.stress import results_x
    from optimizer.model import build

    inputs = load_scenario(scenario(tmp_path, RAMPED))
    res = solve(inputs)
    model = build(inputs)
    x = results_x(model, res, "plan")
    decided = x[model.columns.x]
    assert decided.sum() == pytest.approx(40.0, abs=TOL)
    assert x[model.lp.cols["x"][("B", "a", 2025)]] == pytest.approx(40.0, abs=TOL)


def test_the_fast_path_computes_committed_numbers_as_a_full_build():
    """The batch fast path (``ParamCache`` + the held assembly) gives, for a scenario with
    committed actions, the arrays and the LP that ``params.compute`` and ``model.build`` give, bit
    for bit, without a new assembly when only the committed amounts and outcomes move; a
    committed amount that uses a pair up changes the columns and is built in full."""
    from dataclasses import fields, replace

    from optimizer.batch.fastpath.params import ParamCache
    from optimizer.batch.fastpath.solver import FastSolver
    from optimizer.model import build
    from optimizer.params import compute
    from optimizer.scenario.inputs import Committed
    from tests.test_fastpath import small

    def with_committed(amount: float, real: float = 1.0):
        return replace(small(), committed=(Committed("B1", "a", 2024, amount, real, 1.0),
                                           Committed("B2", "b", 2025, 2.0, 0.8)))  # fmt: skip

    base, inputs = with_committed(3.0), with_committed(4.5, 0.7)
    params, full = ParamCache(base).params(inputs), compute(inputs)
    for f in fields(full):
        x, y = getattr(params, f.name), getattr(full, f.name)
        if f.name == "committed":
            for g in fields(y):
                assert np.array_equal(np.asarray(getattr(x, g.name)),
                                      np.asarray(getattr(y, g.name))), g.name  # fmt: skip
        elif isinstance(y, np.ndarray):
            assert np.array_equal(x, y), f.name
        else:
            assert x == y, f.name
    assembly = build(base).assembly
    assert assembly.fits(inputs)
    made, built = assembly.lp(inputs, params), build(inputs).lp
    assert all(np.array_equal(a, b) for a, b in zip(made.bounds(), built.bounds(), strict=True))
    assert all(np.array_equal(a, b) for a, b in zip(made.csr(), built.csr(), strict=True))
    fast = FastSolver(base)
    got = fast.run(inputs)
    want = solve(inputs, verify=False).summary
    assert fast.counts["assemblies"] == 0
    assert got.status == want["status"]
    assert got.impact == pytest.approx(want["impact"], rel=1e-7, abs=1e-7)
    pot = float(small().potentials.set_index(["board", "action"]).at[("B1", "a"), "pot"])
    assert ParamCache(base).params(with_committed(pot)) is None  # the pair used up
