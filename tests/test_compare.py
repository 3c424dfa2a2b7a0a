"""Comparing priority sets (``optimizer.compare``, ``balansplan compare``), and priority sets that
set the objective.

Hand-made scenarios, every number worked out by hand:

*Three actions* (``tiny``): one year, board B with cost0 100 and frame0 90 (no growth), so the
plan must save E >= 10. Actions a1 (weight 1, pot 6), a2 (weight 3, pot 6), a3 (weight 5,
pot 10). Reference set ``Ref`` (nothing protected): a1 6 + a2 4, impact 6*1 + 4*3 = 18, the
frame's dual 3 (a2 is marginal). ``Protect a1``: a2 6 + a3 4, impact 6*3 + 4*5 = 38, so the
priority's price is +20 impact-years at unchanged savings (10); a1 leaves (6 -> 0), a2 grows
(4 -> 6), a3 enters (0 -> 4), the frame's dual 5. ``Double B`` (board weight 2): the same plan at
twice the weights, impact 36, extra +18, weights differ, no action changes.

*Two boards* (``pair``): B1 (cost0 100, frame0 90) must save >= 10; B2 (cost0 100, frame0 1000)
need not; revenue 200 and result target 20, so ``R = E1 + E2 >= 20``. Action ``a`` (weight 1,
pot 30 in each), board weight B2: 2. ``min_impact``: E1 = 20, E2 = 0, impact 20, largest share
0.2 (B1). ``Equal`` (``objective: min_max_share``): least ``max(E1, E2)/100`` with E1 >= 10,
E1 + E2 >= 20 is 0.1 at E1 = E2 = 10, then impact 10*1 + 10*2 = 30: price +10, B2/a enters.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import optimizer.report
from optimizer import compare
from optimizer.analysis.compare import (
    CompareError,
    Comparison,
    compare_dirs,
    compare_results,
    run_labels,
)
from optimizer.cli import main
from optimizer.report.terminal.compare import render
from optimizer.results.core import Results, ResultsDirExists
from optimizer.scenario.inputs import InputError
from optimizer.scenario.load import list_priority_sets, load_scenario

TOL = 1e-6

TINY = """\
name: Tiny
years: {base: 2024, first: 2025, last: 2025}
economy: {revenue: 0}
boards: [{id: B, cost0: 100, frame0: 90}]
actions:
  - {id: a1, category: efficiency, weight: 1}
  - {id: a2, category: structural, weight: 3}
  - {id: a3, category: collaboration, weight: 5}
potentials:
  - {board: B, action: a1, pot: 6}
  - {board: B, action: a2, pot: 6}
  - {board: B, action: a3, pot: 10}
priorities: ref.yaml
tail_years: 0
"""

PAIR = """\
name: Pair
years: {base: 2024, first: 2025, last: 2025}
economy: {revenue: 200}
boards: [{id: B1, cost0: 100, frame0: 90}, {id: B2, cost0: 100, frame0: 1000}]
actions: [{id: a, category: efficiency, weight: 1}]
potentials: [{board: B1, action: a, pot: 30}, {board: B2, action: a, pot: 30}]
targets: {result: {2025: 20}}
priorities: {name: Lean, board_weights: {B2: 2}}
tail_years: 0
"""


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def tiny(tmp_path) -> Path:
    """The three-action scenario and its priority sets, in ``tmp_path``."""
    write(tmp_path / "ref.yaml", "name: Ref\n")
    write(tmp_path / "protect-a1.yaml", "name: Protect a1\nprotected: {actions: [[B, a1]]}\n")
    write(tmp_path / "double-b.yaml", "name: Double B\nboard_weights: {B: 2}\n")
    return write(tmp_path / "tiny.yaml", TINY)


@pytest.fixture
def pair(tmp_path) -> Path:
    write(
        tmp_path / "equal.yaml",
        "name: Equal\nobjective: min_max_share\nboard_weights: {B2: 2}\n",
    )
    return write(tmp_path / "pair.yaml", PAIR)


def row(frame: pd.DataFrame, **keys) -> pd.Series:
    mask = pd.Series(True, index=frame.index)
    for column, value in keys.items():
        mask &= frame[column] == value
    rows = frame[mask]
    assert len(rows) == 1, f"expected one row {keys}, got\n{rows}"
    return rows.iloc[0]


def close(value, expected) -> bool:
    return math.isclose(float(value), expected, rel_tol=TOL, abs_tol=TOL)


# --------------------------------------------------------------------------- the price by hand


def test_protecting_the_cheap_action_costs_twenty_and_swaps_actions(tiny):
    comp = compare(tiny, [str(tiny.parent / "protect-a1.yaml")])
    assert comp.meta["runs"] == ["Ref", "Protect a1"] and comp.meta["reference"] == "Ref"
    ref, run = row(comp.summary, run="Ref"), row(comp.summary, run="Protect a1")
    assert bool(ref["reference"]) and not bool(run["reference"])
    assert close(ref["impact"], 18) and close(run["impact"], 38)
    assert close(run["extra_impact"], 20) and close(ref["extra_impact"], 0)
    assert close(run["savings_2025"], 10) and close(run["extra_savings_2025"], 0)
    assert run["status"] == "optimal" and close(run["extra_shortfall"], 0)
    assert (run["actions_entering"], run["actions_leaving"]) == (1, 1)
    assert (run["entering"], run["leaving"]) == ("B/a3", "B/a1")
    assert not bool(run["weights_differ"])
    delta = comp.actions_delta.set_index("action")
    assert list(delta["run"].unique()) == ["Protect a1"]
    assert delta.loc["a1", "change"] == "leaves" and close(delta.loc["a1", "delta"], -6)
    assert delta.loc["a2", "change"] == "more" and close(delta.loc["a2", "delta"], 2)
    assert delta.loc["a3", "change"] == "enters" and close(delta.loc["a3", "amount"], 4)
    frame = comp.binding[comp.binding["constraint"] == "frame"].set_index("run")
    assert close(frame.loc["Ref", "dual"], 3) and close(frame.loc["Protect a1", "dual"], 5)
    assert close(frame.loc["Protect a1", "reference_dual"], 3)


def test_savings_by_board_and_category_against_the_reference(tiny):
    comp = compare(tiny, [str(tiny.parent / "protect-a1.yaml")])
    board = row(comp.savings_by_board, run="Protect a1", board="B", year=2025)
    assert close(board["savings"], 10) and close(board["share"], 0.1) and close(board["delta"], 0)
    cats = comp.savings_by_category
    # the reference saves 6 (efficiency) + 4 (structural); protect-a1 6 (structural) + 4
    expected = {
        ("Ref", "efficiency"): (6, 0),
        ("Ref", "collaboration"): (0, 0),
        ("Protect a1", "efficiency"): (0, -6),
        ("Protect a1", "structural"): (6, 2),
        ("Protect a1", "collaboration"): (4, 4),
    }
    for (run, category), (savings, delta) in expected.items():
        found = row(cats, run=run, category=category, year=2025)
        assert close(found["savings"], savings) and close(found["delta"], delta)
    region = row(comp.region, run="Protect a1", year=2025)
    # R = 0 - (100 - 10) = -90 in both plans
    assert close(region["result"], -90) and close(region["result_delta"], 0)


def test_reweighting_is_flagged_and_costs_what_the_weights_say(tiny):
    comp = compare(tiny, [str(tiny.parent / "double-b.yaml")])
    run = row(comp.summary, run="Double B")
    assert close(run["impact"], 36) and close(run["extra_impact"], 18)
    assert bool(run["weights_differ"]) and run["actions_entering"] == 0
    assert comp.actions_delta.empty


def test_reference_option_and_duplicates_solved_once(tiny):
    protect = str(tiny.parent / "protect-a1.yaml")
    comp = compare(tiny, [str(tiny.parent / "ref.yaml"), protect], reference=protect)
    assert comp.meta["runs"] == ["Protect a1", "Ref"]
    back = row(comp.summary, run="Ref")  # ref.yaml is the scenario's own set: solved once
    assert close(back["extra_impact"], -20)
    assert (back["entering"], back["leaving"]) == ("B/a1", "B/a3")


def test_equal_burden_objective_from_the_priority_set(pair):
    comp = compare(pair, [str(pair.parent / "equal.yaml")])
    lean, equal = row(comp.summary, run="Lean"), row(comp.summary, run="Equal")
    assert lean["objective_name"] == "min_impact" and equal["objective_name"] == "min_max_share"
    assert close(lean["impact"], 20) and close(equal["impact"], 30)
    assert close(equal["extra_impact"], 10) and close(equal["objective"], 0.1)
    assert close(lean["largest_share"], 0.2) and lean["largest_share_board"] == "B1"
    assert close(equal["largest_share"], 0.1)
    assert equal["entering"] == "B2/a"
    b1 = row(comp.actions_delta, board="B1")
    assert b1["change"] == "less" and close(b1["delta"], -10)


# --------------------------------------------------------------------------- loader: objective


def test_priority_set_objective_replaces_the_scenarios_and_set_wins(pair):
    equal = str(pair.parent / "equal.yaml")
    assert load_scenario(pair).objective == "min_impact"
    assert load_scenario(pair, priorities=equal).objective == "min_max_share"
    forced = load_scenario(pair, priorities=equal, sets=["objective=min_savings"])
    assert forced.objective == "min_savings"
    tuned = load_scenario(pair, sets=["priorities.objective=min_savings"])
    assert tuned.objective == "min_savings"


def test_bad_objective_in_a_priority_set_names_the_set(pair):
    bad = write(pair.parent / "bad.yaml", "name: Bad\nobjective: fairest\n")
    with pytest.raises(InputError) as err:
        load_scenario(pair, priorities=str(bad))
    (problem,) = err.value.problems
    assert problem.file.endswith("bad.yaml") and problem.where == "objective"
    assert problem.value == "fairest" and "min_max_share" in problem.expected


# --------------------------------------------------------------------------- the shipped sets


def test_shipped_sets_compose_and_solve_on_the_example():
    names = {s["name"] for s in list_priority_sets()}
    assert {"balanced", "protect-care", "protect-regional-development", "equal-burden"} <= names
    inputs = load_scenario(None, use=["high-wages", "protect-care"])
    assert inputs.priorities.name == "Protect care" and inputs.wage[2025] == pytest.approx(0.045)
    assert inputs.overrides == ("high-wages", "protect-care")
    assert load_scenario(None, use=["equal-burden"]).objective == "min_max_share"
    sets = ["protect-care", "protect-regional-development", "equal-burden"]
    comp = compare(None, sets, use=["version-1"])  # version 1's literal frames
    summary = comp.summary.set_index("run")
    assert list(summary.index) == ["Balanced", "Protect care", "Protect regional development",
                                   "Equal burden"]  # fmt: skip
    # the honest consequence of protecting care: HSN cannot hold its frame; the others can
    assert list(summary["status"]) == ["optimal", "shortfall", "optimal", "optimal"]
    short = summary.loc["Protect care", "total_shortfall"]
    assert short > 1 and close(summary.loc["Protect care", "extra_shortfall"], short)
    # protection never lowers the least impact of a plan that meets every requirement
    assert summary.loc["Protect regional development", "extra_impact"] > 0
    board = comp.savings_by_board
    protected = board[(board["run"] == "Protect regional development")]
    assert protected[protected["board"].isin(["RUN", "KTN"])]["savings"].abs().max() < TOL
    assert summary.loc["Equal burden", "objective_name"] == "min_max_share"
    assert summary.loc["Equal burden", "largest_share"] < summary.loc["Balanced", "largest_share"]
    assert not summary["weights_differ"].any()


# --------------------------------------------------------------------------- labels, no plan


def test_labels_say_what_tells_runs_apart():
    a = {"priorities": "Balanced", "overrides": [], "scenario": "S"}
    b = {"priorities": "Balanced", "overrides": ["high-wages"], "scenario": "S"}
    assert run_labels([a, b], ["x", "y"]) == ["Balanced", "Balanced [high-wages]"]
    assert run_labels([a, a], ["runs/a", "runs/b"]) == ["Balanced (runs/a)", "Balanced (runs/b)"]
    assert run_labels([a, a], ["same", "same"]) == ["Balanced (same)", "Balanced (same) #2"]
    c = dict(a, scenario="T")
    assert run_labels([a, c], ["x", "y"]) == ["S: Balanced", "T: Balanced"]


def test_a_run_without_a_plan_is_listed_with_no_price(tiny):
    solved = compare(tiny, [str(tiny.parent / "protect-a1.yaml")]).results
    ref = solved["Ref"]
    failed = Results({"status": "infeasible", "priorities": "Hard", "scenario": "Tiny"}, {})
    comp = compare_results([("a", "a", ref), ("b", "b", failed)])
    hard = row(comp.summary, run="Hard")
    assert hard["status"] == "infeasible"
    assert math.isnan(hard["impact"]) and math.isnan(hard["extra_impact"])
    assert math.isnan(hard["actions_entering"]) and hard["entering"] == ""
    assert set(comp.savings_by_board["run"]) == {"Ref"} and comp.actions_delta.empty
    assert "infeasible" in render(comp)


# --------------------------------------------------------------------------- results folders


def _solve(runner: CliRunner, *args: str) -> None:
    result = runner.invoke(main, ["solve", *args])
    assert result.exit_code == 0, result.output


def test_results_folders_give_the_same_comparison_as_solving(tiny, tmp_path):
    runner = CliRunner()
    protect = str(tiny.parent / "protect-a1.yaml")
    _solve(runner, str(tiny), "--out", str(tmp_path / "ref"))
    _solve(runner, str(tiny), "--priorities", protect, "--out", str(tmp_path / "p"))
    solved = compare(tiny, [protect])
    read = compare_dirs([tmp_path / "ref", tmp_path / "p"])
    for name, frame in solved.tables.items():
        pd.testing.assert_frame_equal(frame, read.tables[name], check_exact=False, rtol=1e-9)
    same = ("runs", "reference", "years", "tool_version")
    assert {k: solved.meta[k] for k in same} == {k: read.meta[k] for k in same}
    by_label = compare_dirs([tmp_path / "ref", tmp_path / "p"], reference="protect-a1")
    assert by_label.meta["runs"] == ["Protect a1", "Ref"]
    by_path = compare_dirs([tmp_path / "ref", tmp_path / "p"], reference=str(tmp_path / "p"))
    assert by_path.meta["runs"] == ["Protect a1", "Ref"]
    with pytest.raises(CompareError, match="Protect a1"):
        compare_dirs([tmp_path / "ref", tmp_path / "p"], reference="nobody")
    with pytest.raises(CompareError, match="not a results folder"):
        compare_dirs([tmp_path / "ref", tmp_path])


def test_write_is_complete_and_refuses_an_existing_folder(tiny, tmp_path):
    comp = compare(tiny, [str(tiny.parent / "protect-a1.yaml")])
    out = comp.write(tmp_path / "cmp")
    files = {p.name for p in out.iterdir()} - {".balansplan"}  # the marker of a tool's folder
    assert (out / ".balansplan").is_file()
    assert files == {
        "compare.csv", "savings_by_board.csv", "savings_by_category.csv", "region.csv",
        "binding.csv", "actions_delta.csv", "meta.json",
    }  # fmt: skip
    table = pd.read_csv(out / "compare.csv")
    assert list(table["run"]) == ["Ref", "Protect a1"]
    assert table["extra_impact"].tolist() == pytest.approx([0, 20])
    assert json.loads((out / "meta.json").read_text())["reference"] == "Ref"
    with pytest.raises(ResultsDirExists):
        comp.write(out)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".cmp")]


def test_render_shows_the_price_and_the_swaps(tiny):
    """The price in money first (by hand: the reference uses a1 6 + a2 4; protecting a1 uses
    a2 6 + a3 4: efficiency -6, collaboration +4, structural +2; B saves 10 either way), the
    harm score (+20) only in the appendix at the end."""
    text = render(compare(tiny, [str(tiny.parent / "protect-a1.yaml")]))
    assert "[1] Ref (reference)" in text and "[2] Protect a1" in text
    money = text.index("What [2] Protect a1 moves against the reference")
    appendix = text.index("Appendix: harm score")
    assert money < text.index("Headline") < appendix
    said = text[money : text.index("Headline")]
    assert (
        "Between kinds of action: Efficiency -6.0 MSEK/yr, Collaboration +4.0 MSEK/yr and "
        "Structural change +2.0 MSEK/yr." in said
    )
    assert "move between boards" not in said  # B carries 10 in both
    assert "Actions used more: a2 (B, +2.0 MSEK/yr)." in said
    assert "Actions that enter the plan: a3 (B, 4.0 MSEK/yr)." in said
    assert "Actions that leave the plan: a1 (B, 6.0 MSEK/yr)." in said
    assert "harm" not in text[:appendix]
    assert text[appendix:].split("\n")[-1].split()[-1] == "+20"
    assert "leaves  B     a1" in text and "enters  B     a3" in text
    assert "frame B 2025" in text


# --------------------------------------------------------------------------- the command


def test_cli_compare_scenario_and_folders(tiny, tmp_path):
    runner = CliRunner()
    protect = str(tiny.parent / "protect-a1.yaml")
    out = tmp_path / "cmp"
    result = runner.invoke(main, ["compare", str(tiny), "--priorities", protect, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert " +20\n" in result.output and (out / "compare.csv").is_file()
    again = runner.invoke(main, ["compare", str(tiny), "--priorities", protect, "--out", str(out)])
    assert again.exit_code == 2 and "--force" in again.output
    _solve(runner, str(tiny), "--out", str(tmp_path / "ref"))
    _solve(runner, str(tiny), "--priorities", protect, "--out", str(tmp_path / "p"))
    folders = runner.invoke(main, ["compare", str(tmp_path / "ref"), str(tmp_path / "p")])
    assert folders.exit_code == 0, folders.output
    assert " +20\n" in folders.output and "Actions that leave the plan: a1" in folders.output
    mixed = runner.invoke(main, ["compare", str(tmp_path / "ref"), "--priorities", protect])
    assert mixed.exit_code == 2


def test_cli_unknown_priority_set_lists_the_known_ones(tiny):
    result = CliRunner().invoke(main, ["compare", str(tiny), "--priorities", "no-such-set"])
    assert result.exit_code == 2
    assert "no-such-set" in result.output and "protect-care" in result.output
    assert "Traceback" not in result.output
    empty = CliRunner().invoke(main, ["compare", str(tiny)])
    assert empty.exit_code == 2 and "--priorities" in empty.output


def test_cli_report_option(tiny, tmp_path, monkeypatch):
    protect = str(tiny.parent / "protect-a1.yaml")
    args = ["compare", str(tiny), "--priorities", protect, "--out", str(tmp_path / "cmp")]
    calls = []
    monkeypatch.setattr(optimizer.report, "check_format", lambda *a, **k: None, raising=False)
    monkeypatch.setattr(
        optimizer.report, "render_compare",
        lambda c, fmt, path, lang: calls.append((c, fmt, path, lang)), raising=False,
    )  # fmt: skip
    done = CliRunner().invoke(main, [*args, "--report", "xlsx"])
    assert done.exit_code == 0, done.output
    ((comparison, fmt, path, lang),) = calls
    assert isinstance(comparison, Comparison) and fmt == "xlsx" and lang == "en"
    assert Path(path) == tmp_path / "cmp" / "compare.xlsx"


def _report_words(path: Path) -> str:
    """The HTML, or every text cell of the workbook's first sheet and its sheet names."""
    if path.suffix == ".html":
        return path.read_text(encoding="utf-8")
    import openpyxl

    wb = openpyxl.load_workbook(path)
    cells = [c for row in wb.worksheets[0].iter_rows(values_only=True) for c in row]
    return "\n".join([*wb.sheetnames, *(c for c in cells if isinstance(c, str))])


@pytest.mark.parametrize("fmt", ["html", "xlsx"])
def test_cli_compare_report_in_each_language(tiny, tmp_path, fmt):
    protect = str(tiny.parent / "protect-a1.yaml")
    words = {}
    for lang in ("en", "sv"):
        out = tmp_path / lang
        args = ["compare", str(tiny), "--priorities", protect, "--out", str(out), "--report", fmt]
        done = CliRunner().invoke(main, [*args, "--lang", lang])
        assert done.exit_code == 0, done.output
        words[lang] = _report_words(out / f"compare.{fmt}")
    english = ["Comparison of savings plans", "Harm score", "Savings per year"]
    swedish = ["Jämförelse av åtgärdsplaner", "Skadepoäng", "Besparing per år"]
    for en, sv in zip(english, swedish, strict=True):
        assert en in words["en"] and en not in words["sv"]
        assert sv in words["sv"] and sv not in words["en"]
