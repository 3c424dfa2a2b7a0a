"""(v3, MODEL.md 10.2) Temporary measures that come back: ``rebound`` and ``rebound_years``.

Hand-solved on the neutral region (board ``B``, ``cost0`` 100, no growth, revenue 100 so
``R = E - O``); ``tmp`` is a one-year measure (ramp ``1.0;0``, its ramp ends one year after
its start) of weight 1."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from optimizer.analysis.pipeline import solve
from optimizer.results.evaluate.verify import evaluate
from optimizer.scenario.financial_core import FinancialCore
from optimizer.scenario.inputs import InputError
from optimizer.scenario.load import load_scenario
from tests.factory import make_inputs

TOL = 1e-6
DATA = Path(__file__).resolve().parent / "data"


def temporary(rebound: tuple[float, int] | None, targets: dict[int, float]):
    inp = make_inputs(
        first=2025, last=2027, revenue=100.0, result_targets=targets,
        actions=[{"id": "tmp", "category": "temporary", "ramp": (1.0, 0.0)}],
    )  # fmt: skip
    return replace(inp, core=FinancialCore(rebound={"tmp": rebound} if rebound else {}))


def test_deferred_maintenance_comes_back_in_full():
    """Targets R25 >= 10 and R26 >= 0. Without a rebound: x25 = 10, impact 10. With
    rebound 1.0 the 10 comes back as cost in 2026 (R26 = x26 - 10 >= 0): x26 = 10, whose own
    10 comes back in 2027 (R27 = -10, no target): impact 20, the harm of the rebound itself 0
    (it is a cost, not a negative effect)."""
    free = solve(temporary(None, {2025: 10.0, 2026: 0.0}))
    assert free.summary["impact"] == pytest.approx(10.0, abs=TOL)
    back = solve(temporary((1.0, 1), {2025: 10.0, 2026: 0.0}))
    assert back.summary["impact"] == pytest.approx(20.0, abs=TOL)
    boards = back.boards.set_index("year")
    assert boards.loc[2026, "oneoff"] == pytest.approx(10.0, abs=TOL)
    assert boards.loc[2027, "oneoff"] == pytest.approx(10.0, abs=TOL)
    assert back.region.set_index("year").loc[2027, "result"] == pytest.approx(-10.0, abs=TOL)
    assert evaluate(temporary((1.0, 1), {2025: 10.0, 2026: 0.0}), back) == []


def test_a_rebound_spread_over_two_years():
    """Rebound 0.5 over 2 years: x25 = 10 (target 10 in 2025 only) costs 2.5 in 2026 and 2.5
    in 2027; impact 10."""
    inp = temporary((0.5, 2), {2025: 10.0})
    res = solve(inp)
    assert res.summary["impact"] == pytest.approx(10.0, abs=TOL)
    oneoff = res.boards.set_index("year")["oneoff"]
    assert list(oneoff.round(9)) == [0.0, 2.5, 2.5]
    assert evaluate(inp, res) == []


def test_the_evaluator_recomputes_the_rebound():
    res = solve(temporary((1.0, 1), {2025: 10.0}))
    assert evaluate(temporary(None, {2025: 10.0}), res) != []  # the inputs without it disagree


@pytest.fixture()
def folder(tmp_path) -> Path:
    shutil.copytree(DATA / "minimal", tmp_path / "minimal")
    return tmp_path / "minimal"


@pytest.mark.parametrize(("column", "value", "ramp", "words"), [
    ("rebound", "-1", "1.0;0", "in [0, 10]"),
    ("rebound_years", "0", "1.0;0", "integer >= 1"),
    ("rebound", "1", "0.5;1.0", "a ramp that never ends"),
])  # fmt: skip
def test_a_bad_rebound_is_one_message(folder, column, value, ramp, words):
    file = folder / "actions.csv"
    lines = file.read_text().splitlines()
    header = lines[0].split(",")
    ramp_at = header.index("ramp")
    row = lines[1].split(",")
    row[ramp_at] = ramp
    lines[0] += f",{column}"
    lines[1] = ",".join(row) + f",{value}"
    lines[2:] = [line + "," for line in lines[2:]]
    file.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError) as err:
        load_scenario(folder)
    (problem,) = err.value.problems
    assert problem.where.endswith(f"column {column}") and words in problem.expected
    result = CliRunner().invoke(main, ["solve", str(folder), "--out", str(folder / "out")])
    assert result.exit_code == 2 and "Traceback" not in result.output
