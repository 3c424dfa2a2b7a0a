"""Near-optimal alternatives (``optimizer.alternatives``): hand cases, checks, files, CLI.

Two equally cheap boards: A and B (cost0 100 each, one action ``a``, weight 1, potential 10 in
each), revenue 200 and a result target of 10 in the one plan year: the region must save 10 MSEK,
and any split between A and B costs the same impact 10. The optimum puts it in one board (the
tie-break's choice); the alternative farthest from it moves it all to the other board: distance
``|10 - 0| + |0 - 10| = 20``, impact 10, 0 % above the optimum. The next one farthest from both
(max of the least distance) splits it 5 and 5: distance 10 from each. (Saving more than 10 would
cost impact above the optimum but is allowed up to 10.5; it brings no plan farther from both.)

A unique optimum: one board B (cost0 100, frame 90), a1 (efficiency, weight 1, potential 6) and
a2 (structural, weight 3, potential 10): the only least-impact plan is a1 = 6, a2 = 4 (impact 18).
Within 0 % no other plan exists, so the alternative equals the optimum (distance 0).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from click.testing import CliRunner

from optimizer.analysis.alternatives import (
    LONG_COLUMNS,
    SUMMARY_COLUMNS,
    alternatives,
    parse_within,
)
from optimizer.cli import main
from optimizer.results.evaluate.verify import evaluate
from optimizer.scenario.inputs import InputError
from tests.factory import make_inputs


def close(a: float, b: float, tol: float = 1e-6) -> bool:
    return math.isclose(float(a), float(b), rel_tol=tol, abs_tol=tol)


def two_boards():
    return make_inputs(
        boards=[{"id": "A", "cost0": 100.0}, {"id": "B", "cost0": 100.0}],
        actions=[{"id": "a", "category": "efficiency", "weight": 1.0}],
        potentials=[("A", "a", 10.0), ("B", "a", 10.0)],
        revenue=200.0,
        result_targets={2025: 10.0},
    )


def unique_optimum():
    return make_inputs(
        boards=[{"id": "B", "cost0": 100.0, "frame0": 90.0}],
        actions=[
            {"id": "a1", "category": "efficiency", "weight": 1.0},
            {"id": "a2", "category": "structural", "weight": 3.0},
        ],
        potentials=[("B", "a1", 6.0), ("B", "a2", 10.0)],
    )


def by_board(found, plan: str) -> dict[str, float]:
    long = found.long_table()
    return long[long["plan"] == plan].groupby("board")["savings"].sum().to_dict()


def test_two_equally_cheap_boards_swap_the_savings():
    inputs = two_boards()
    found = alternatives(inputs, within=0.05, count=3)
    opt = by_board(found, "optimum")
    # the optimum saves 10 in one board only, at impact 10
    assert close(found.optimum.impact, 10.0)
    assert sorted(round(v, 6) for v in opt.values()) == [0.0, 10.0]
    used = max(opt, key=opt.get)
    other = "B" if used == "A" else "A"
    alt1 = by_board(found, "alt1")
    # the first alternative moves the whole 10 to the other board: distance 20, same impact
    assert close(alt1.get(other, 0.0), 10.0) and close(alt1.get(used, 0.0), 0.0)
    summary = found.summary_table().set_index("plan")
    assert list(found.summary_table().columns) == SUMMARY_COLUMNS
    assert close(summary.loc["alt1", "distance_to_optimal"], 20.0)
    assert close(summary.loc["alt1", "impact"], 10.0)
    # the second is farthest from both: 5 and 5, at distance 10 from each
    alt2 = by_board(found, "alt2")
    assert close(alt2.get("A", 0.0), 5.0) and close(alt2.get("B", 0.0), 5.0)
    assert close(summary.loc["alt2", "distance_to_optimal"], 10.0)
    assert close(found.plans[2].distance_to_nearest, 10.0)
    # every plan stays within 5 % of the least impact and meets the result target
    assert (summary["pct_above_optimum"] <= 5.0 + 1e-6).all()
    assert (summary["impact"] <= 1.05 * 10.0 + 1e-6).all()
    for plan in found.plans:
        assert evaluate(inputs, plan.results) == []
        region = plan.results.region.set_index("year")
        assert region.loc[2025, "result"] >= 10.0 - 1e-6
        assert plan.results.shortfall.empty


def test_within_zero_and_a_unique_optimum_gives_the_optimum_again():
    found = alternatives(unique_optimum(), within=0.0, count=3)
    # a1 = 6 (impact 6), a2 = 4 (impact 12): 18; the search stops at the first repeat
    assert close(found.optimum.impact, 18.0)
    assert [p.name for p in found.plans] == ["optimum", "alt1"]
    alt = found.plans[1]
    assert alt.distance_to_optimal == 0.0 and close(alt.impact, 18.0)
    summary = found.summary_table().set_index("plan")
    assert summary.loc["alt1", "distance_to_optimal"] == 0.0
    assert summary.loc["alt1", "pct_above_optimum"] == 0.0
    assert any("equals the optimum" in note for note in found.notes)
    assert "equals the optimum" in found.render()


def test_a_shortfall_is_held_and_no_new_one_appears():
    # the target 25 exceeds what the two boards can save (20): shortfall 5 in every plan
    inputs = make_inputs(
        boards=[{"id": "A", "cost0": 100.0}, {"id": "B", "cost0": 100.0}],
        actions=[
            {"id": "a", "category": "efficiency", "weight": 1.0},
            {"id": "b", "category": "structural", "weight": 1.0},
        ],
        potentials=[("A", "a", 10.0), ("B", "a", 5.0), ("B", "b", 5.0)],
        revenue=200.0,
        result_targets={2025: 25.0},
    )
    found = alternatives(inputs, within=0.05, count=2)
    for plan in found.plans:
        assert close(plan.results.summary["total_shortfall"], 5.0)
        assert list(plan.results.shortfall["requirement"]) == ["result"]
        assert evaluate(inputs, plan.results) == []


def test_example_alternatives_differ_and_stay_within_bound():
    from optimizer.scenario.load import load_scenario

    inputs = load_scenario(None)
    found = alternatives(inputs, within=0.05, count=2)
    summary = found.summary_table()
    assert (summary["impact"] <= 1.05 * found.optimum.impact * (1 + 1e-8)).all()
    assert (summary["distance_to_optimal"].iloc[1:] > 100.0).all()  # MSEK, clearly different
    for plan in found.plans:
        assert evaluate(inputs, plan.results) == []
        assert plan.results.shortfall.empty  # the optimum meets everything: so must they


@pytest.mark.parametrize(
    ("text", "share"), [("5%", 0.05), ("0.05", 0.05), ("0%", 0.0), ("12.5 %", 0.125)]
)
def test_parse_within(text, share):
    assert close(parse_within(text), share)


@pytest.mark.parametrize("text", ["5", "-1%", "five", "5%%", ""])
def test_parse_within_rejects_with_a_clear_message(text):
    with pytest.raises(InputError) as caught:
        parse_within(text)
    assert f"got {text!r}" in str(caught.value) and "5%" in str(caught.value)


def test_write_and_cli(tmp_path):
    out = tmp_path / "alt"
    found = alternatives(two_boards(), within=0.05, count=1)
    found.write(out)
    long = pd.read_csv(out / "alternatives.csv")
    assert list(long.columns) == LONG_COLUMNS
    assert set(long["plan"]) == {"optimum", "alt1"}
    assert list(pd.read_csv(out / "summary.csv").columns) == SUMMARY_COLUMNS
    cli_out = tmp_path / "cli"
    result = CliRunner().invoke(
        main, ["alternatives", "--within", "5%", "--count", "1", "--out", str(cli_out)]
    )
    assert result.exit_code == 0, result.output
    assert "% above optimum" in result.output and "Savings by board" in result.output
    assert len(pd.read_csv(cli_out / "summary.csv")) == 2


def test_cli_bad_within_exits_2(tmp_path):
    result = CliRunner().invoke(
        main, ["alternatives", "--within", "five", "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 2
    assert "five" in result.output and "5%" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "o").exists()


def test_progress_is_told_once_per_alternative():
    ticks = []
    found = alternatives(two_boards(), within=0.05, count=2, progress=lambda: ticks.append(1))
    assert len(ticks) == len(found.plans) - 1 >= 1


def test_cli_alternatives_shows_progress(progress_bars):
    """``alternatives --count N``: a progress bar over N plans (drawn only on a terminal)."""
    result = CliRunner().invoke(main, ["alternatives", "--count", "1"])
    assert result.exit_code == 0, result.output
    total, show, unit, bar, steps = progress_bars[0]
    assert (total, show, unit, steps) == (1, True, "plan", 1)
    assert bar.disable and "plan/s" not in result.output  # not a terminal
