"""``roll`` (MODEL.md 10.3): the next round as a scenario that loads and solves; the round trip
(the continuation of an optimal plan stays optimal); delivery short of plan; bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from optimizer.cli import main
from optimizer.params import compute
from optimizer.results.core import Results
from optimizer.scenario.load import load_scenario

# Growth on (wage, price, volume), ramps, one-offs, an investment, a realisation, the law's keys
# (deficits, an exemption), frames decided through 2026, result and category targets, liquidity
# with interest: everything the round trip must carry. No pace, cost freeze or staff
# (docs/model.md: they refer to the base year, which moves).
ROUND = """\
name: Round 2025–2028
years: {base: 2024, first: 2025, last: 2028}
economy:
  revenue: {base: 1000, growth: 0.03}
  grants: 20
  financial: {2025: -10, 2027: -8}
  central: 5
drivers: {wage: 0.035, price: 0.02}
boards:
  - {id: A, cost0: 700, pshare: 0.6, frame0: 690, uprate: 0, volume: 0.01}
  - {id: B, cost0: 300, pshare: 0.3, frame0: 300, uprate: index}
actions:
  - {id: eff, category: efficiency, ramp: [0.5, 1.0], oneoff: 0.2, weight: 1}
  - {id: dig, category: digitalisation, ramp: [0.3, 1.0], capex: 1.5, life: 3, weight: 0.8,
     realisation: 0.9}
  - {id: hyr, category: hired_staff, ramp: [1.0], weight: 1.5}
  - {id: tmp, category: efficiency, ramp: [1.0, 0], weight: 2.5}
potentials:
  - {board: A, action: eff, pot: 40}
  - {board: A, action: dig, pot: 30}
  - {board: A, action: hyr, pot: 50}
  - {board: A, action: tmp, pot: 30}
  - {board: B, action: eff, pot: 15}
  - {board: B, action: hyr, pot: 20}
targets:
  result: {2025: -40, 2026: -5}
  result_share: {2027: 0.01, 2028: 0.01}
  categories: {hired_staff: {2026: 20}}
balance:
  deficits:
    - {year: 2023, amount: -60, restore_by: 2026}
    - {year: 2024, amount: -50, restore_by: 2028, decision: "RF 2024-11-26 § 180"}
  exempt: {2025: 40}
frames_decided_through: 2026
tail_years: 5
limits:
  liquidity: {opening_cash: 80, min_cash: 20, opening_loans: 100, loan_cap: 300, interest: 0.03,
              investments: {2025: 60}, depreciation: {2025: 50}}
"""


def _solve(folder: Path, out: Path) -> dict:
    res = CliRunner().invoke(main, ["solve", str(folder), "--out", str(out)])
    assert res.exit_code == 0, res.output
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))


def _roll(results: Path, outcomes: dict, out: Path, *extra: str):
    file = results.parent / f"outcomes-{out.name}.yaml"
    file.write_text(yaml.safe_dump({"outcomes": outcomes}), encoding="utf-8")
    return CliRunner().invoke(
        main, ["roll", str(results), "--outcomes", str(file), "--out", str(out), *extra]
    )


@pytest.fixture(scope="module")
def planned(tmp_path_factory) -> tuple[Path, Path, dict]:
    """The 2025–2028 plan: its scenario folder, results folder and summary."""
    root = tmp_path_factory.mktemp("round")
    folder = root / "scenario"
    folder.mkdir()
    (folder / "scenario.yaml").write_text(ROUND, encoding="utf-8")
    out = root / "plan"
    summary = _solve(folder, out)
    assert summary["status"] == "optimal"
    return folder, out, summary


def _harm_started_in(folder: Path, results: Path, years: set[int]) -> float:
    """``sum w[b,a] * horizon[j] * x_j`` of the plan's decisions started in ``years``: the
    harm the old plan's ``impact`` counts for them (params' own numbers)."""
    p = compute(load_scenario(folder))
    column = {
        (p.boards[b], p.actions[a], int(p.years[s])): j
        for j, (b, a, s) in enumerate(zip(p.col_board, p.col_action, p.col_start, strict=True))
    }
    acts = Results.read(results).actions
    return sum(
        float(r.amount) * float(p.impact[column[(r.board, r.action, int(r.start_year))]])
        for r in acts.itertuples()
        if int(r.start_year) in years and r.status == "new"
    )


@pytest.mark.parametrize("closed", [[2025], [2025, 2026]])
def test_rolled_as_planned_the_plan_continues_at_its_harm(planned, tmp_path, closed):
    """Outcomes exactly as planned (every share 1, results and costs as planned): the new plan's
    impact is the old one less the harm of the decisions started in the closed years, within
    1e-6: the continuation of an optimal plan is optimal for the rest (docs/model.md)."""
    folder, results, summary = planned
    out = tmp_path / "next"
    rolled = _roll(results, {t: {} for t in closed}, out)
    assert rolled.exit_code == 0, rolled.output
    data = yaml.safe_load((out / "scenario.yaml").read_text(encoding="utf-8"))
    assert data["years"] == {"base": closed[-1], "first": closed[-1] + 1, "last": 2028}
    new = _solve(out, tmp_path / "next-plan")
    expected = summary["impact"] - _harm_started_in(folder, results, set(closed))
    assert new["status"] == "optimal"
    assert new["impact"] == pytest.approx(expected, abs=1e-6)
    # the new plan's costs are the old plan's in the years left
    old_b = Results.read(results).boards.set_index(["board", "year"])["cost"]
    new_b = Results.read(tmp_path / "next-plan").boards.set_index(["board", "year"])["cost"]
    for key, cost in new_b.items():
        assert cost == pytest.approx(old_b[key], abs=1e-5)


def test_delivered_short_of_plan_the_next_round_saves_more(planned, tmp_path):
    """Half of every planned effect of ``eff`` in A delivered in 2025: the costs are higher
    than planned from then on, so the new round must save more than the as-planned roll does."""
    _, results, _ = planned
    acts = Results.read(results).actions
    assert ((acts["action"] == "eff") & (acts["start_year"] == 2025)).any()
    short = {2025: {"realised": [{"board": "A", "action": "eff", "share": 0.5}]}}
    assert _roll(results, short, tmp_path / "short").exit_code == 0
    assert _roll(results, {2025: {}}, tmp_path / "full").exit_code == 0
    s_short = _solve(tmp_path / "short", tmp_path / "short-plan")
    s_full = _solve(tmp_path / "full", tmp_path / "full-plan")
    more = [s_short["savings_by_year"][t] - s_full["savings_by_year"][t] for t in s_full["savings_by_year"]]
    assert all(d >= -1e-6 for d in more) and sum(more) > 1.0
    committed = Results.read(tmp_path / "short-plan").actions.query("status == 'committed'")
    row = committed[(committed["board"] == "A") & (committed["action"] == "eff")]
    assert float(row["expected"].iloc[0]) == pytest.approx(0.5 * float(row["amount"].iloc[0]))


def test_a_result_worse_than_its_exemption_becomes_a_deficit(planned, tmp_path):
    """2025's balanskravsresultat -70 against an exemption of 40 (not to be restored): 30 is a
    new deficit, due by 2025 + 3 = 2028; the opening deficits stay as they were (nothing
    restored in a year in deficit)."""
    _, results, _ = planned
    assert _roll(results, {2025: {"result": -70}}, tmp_path / "r").exit_code == 0
    data = yaml.safe_load((tmp_path / "r" / "scenario.yaml").read_text(encoding="utf-8"))
    assert data["balance"]["deficits"] == [
        {"year": 2023, "amount": -60.0, "restore_by": 2026},
        {"year": 2024, "amount": -50.0, "restore_by": 2028, "decision": "RF 2024-11-26 § 180"},
        {"year": 2025, "amount": -30.0, "restore_by": 2028},
    ]
    assert "exempt" not in data["balance"]


def test_a_surplus_restores_the_oldest_deficit_first(planned, tmp_path):
    """2025 with +80: the 2023 deficit (60) is restored and 20 of 2024's (50 left 30)."""
    _, results, _ = planned
    assert _roll(results, {2025: {"result": 80}}, tmp_path / "r").exit_code == 0
    data = yaml.safe_load((tmp_path / "r" / "scenario.yaml").read_text(encoding="utf-8"))
    assert data["balance"]["deficits"] == [
        {"year": 2024, "amount": -30.0, "restore_by": 2028, "decision": "RF 2024-11-26 § 180"}
    ]


@pytest.mark.parametrize(
    ("outcomes", "expected"),
    [
        ({2028: {}}, "a plan year the plan closes (2025..2027"),
        ({2026: {}}, "every year from 2025 on (missing [2025])"),
        ({2025: {"costs": {"X": 1}}}, "a board of the plan (A, B)"),
        ({2025: {"realised": [{"board": "A", "action": "zzz", "share": 1}]}},
         "an action with a planned effect in A"),
        ({2025: {"realised": [{"board": "A", "action": "eff", "share": 1.6}]}}, "in [0, 1.5]"),
        ({2025: {"result": "bad"}}, "a number (MSEK, the balanskravsresultat)"),
        ({2025: {"colour": 1}}, "one of the keys result, costs, realised"),
    ],
)
def test_bad_outcomes_exit_2_with_one_message_and_nothing_written(planned, tmp_path, outcomes,
                                                                   expected):  # fmt: skip
    _, results, _ = planned
    out = tmp_path / "next"
    res = _roll(results, outcomes, out)
    assert res.exit_code == 2, res.output
    assert expected in res.output and "Traceback" not in res.output
    assert res.output.count("  - ") == 1
    assert not out.exists()


def test_roll_refuses_what_it_may_not_overwrite_or_read(planned, tmp_path):
    """An --out that exists (without --force), a folder the tool did not write (even with
    --force), a results folder whose scenario is gone: exit 2, one message, nothing written."""
    folder, results, _ = planned
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "mine.txt").write_text("keep", encoding="utf-8")
    res = _roll(results, {2025: {}}, taken)
    assert res.exit_code == 2 and "exists; give --force" in res.output
    res = _roll(results, {2025: {}}, taken, "--force")
    assert res.exit_code == 2 and "was not written by balansplan" in res.output
    assert sorted(p.name for p in taken.iterdir()) == ["mine.txt"]
    ok = tmp_path / "ok"
    assert _roll(results, {2025: {}}, ok).exit_code == 0
    assert _roll(results, {2025: {}}, ok, "--force").exit_code == 0  # ours: replaced
    copy = tmp_path / "copy"
    copy.mkdir()
    for f in results.iterdir():
        (copy / f.name).write_bytes(f.read_bytes())
    summary = json.loads((copy / "summary.json").read_text(encoding="utf-8"))
    summary["scenario_file"] = str(tmp_path / "gone" / "scenario.yaml")
    (copy / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    res = _roll(copy, {2025: {}}, tmp_path / "x")
    assert res.exit_code == 2 and "the plan's scenario" in res.output
    assert not (tmp_path / "x").exists()
    res = _roll(copy, {2025: {}}, tmp_path / "x", "--scenario", str(folder))
    assert res.exit_code == 0, res.output


def test_compare_two_rounds(planned, tmp_path):
    """The 2025 plan against the 2026 round rolled with ``eff`` in A half delivered: compare
    sees two rounds; per shared year B's committed + new savings are B's own totals
    (``committed_savings_by_year + savings_by_year``), A's are A's savings that year; the
    decisions sentence: B's committed deliver in 2026 what A planned of them less the half of
    ``eff`` not delivered (A's 2026 effect of its 2025 ``eff`` times 0.5)."""
    _, results, summary_a = planned
    short = {2025: {"realised": [{"board": "A", "action": "eff", "share": 0.5}]}}
    assert _roll(results, short, tmp_path / "b").exit_code == 0
    summary_b = _solve(tmp_path / "b", tmp_path / "b-plan")
    out = tmp_path / "cmp"
    done = CliRunner().invoke(main, ["compare", str(results), str(tmp_path / "b-plan"),
                                     "--out", str(out)])  # fmt: skip
    assert done.exit_code == 0, done.output
    assert "Two planning rounds: A 2025–2028" in done.output and "Why" in done.output
    req = pd.read_csv(out / "rounds_requirement.csv").set_index("year")
    for t in (2026, 2027, 2028):
        key = str(t)
        total_b = summary_b["savings_by_year"][key] + summary_b["committed_savings_by_year"][key]
        assert req.at[t, "committed_b"] + req.at[t, "new_b"] == pytest.approx(total_b, abs=1e-6)
        assert req.at[t, "savings_a"] == pytest.approx(summary_a["savings_by_year"][key], abs=1e-6)
    effects = Results.read(results).effects
    eff_2026 = float(effects.query("board == 'A' and action == 'eff' and year == 2026")["effect"].sum())
    acts = Results.read(results).actions
    assert set(acts.query("action == 'eff' and board == 'A'")["start_year"]) == {2025}
    why = (out / "rounds_why.txt").read_text(encoding="utf-8")
    assert f"({-0.5 * eff_2026:+.1f})" in why.splitlines()[2]


def test_a_rolled_round_rolls_on_at_its_harm(planned, tmp_path):
    """Round 2 (2026–2028, committed 2025) rolled again after 2026 as planned: round 3's
    impact is round 2's less the harm of round 2's 2026 decisions (1e-6); the committed rows of
    2025 carry on with ``index_to_base = idx[2025, 2026]`` and round 2's 2026 decisions join
    them; the costs of 2027–2028 are the first plan's."""
    _, results, _ = planned
    assert _roll(results, {2025: {}}, tmp_path / "r2").exit_code == 0
    s2 = _solve(tmp_path / "r2", tmp_path / "p2")
    assert _roll(tmp_path / "p2", {2026: {}}, tmp_path / "r3").exit_code == 0
    s3 = _solve(tmp_path / "r3", tmp_path / "p3")
    expected = s2["impact"] - _harm_started_in(tmp_path / "r2", tmp_path / "p2", {2026})
    assert s3["impact"] == pytest.approx(expected, abs=1e-6)
    committed = pd.read_csv(tmp_path / "r3" / "committed.csv")
    assert set(committed["start"]) <= {2025, 2026}
    old = committed[committed["start"] == 2025]
    assert (old["index_to_base"] > 1.0).all()  # costs grow: idx[2025, 2026] > 1
    first = Results.read(results).boards.set_index(["board", "year"])["cost"]
    third = Results.read(tmp_path / "p3").boards.set_index(["board", "year"])["cost"]
    for key, cost in third.items():
        assert cost == pytest.approx(first[key], abs=1e-5)


def test_last_moves_the_horizon(planned, tmp_path):
    """--last 2030: the new round plans 2026–2030, says the new years need their targets, and
    loads (carried per-year values reach the new years)."""
    _, results, _ = planned
    done = _roll(results, {2025: {}}, tmp_path / "r", "--last", "2030")
    assert done.exit_code == 0, done.output
    text = (tmp_path / "r" / "scenario.yaml").read_text(encoding="utf-8")
    assert "2029–2030 are new plan years" in text
    inputs = load_scenario(tmp_path / "r")
    assert (inputs.first, inputs.last) == (2026, 2030)
    bad = _roll(results, {2025: {}}, tmp_path / "bad", "--last", "2025")
    assert bad.exit_code == 2 and "a year from 2026 on" in bad.output
    assert not (tmp_path / "bad").exists()
