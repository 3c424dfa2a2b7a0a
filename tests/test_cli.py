"""The command line: every exit code, atomic output, bad input without a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from optimizer.cli import main

TINY = """
name: Tiny
years: {base: 2024, first: 2025, last: 2025}
economy: {revenue: 100, grants: 0, financial: 0, central: 0}
drivers: {wage: 0.0, price: 0.0}
boards: [{id: B, cost0: 100, frame0: 90}]
actions: [{id: a, category: efficiency, weight: 1}, {id: b, category: efficiency, weight: 3}]
potentials: [{board: B, action: a, pot: 6}, {board: B, action: b, pot: 10}]
targets: {result: {2025: 0}}
tail_years: 0  # version 1's objective: the numbers below are worked out without the tail
overrides:
  tight: {boards: {B: {frame0: 80}}}
"""


@pytest.fixture()
def tiny(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY, encoding="utf-8")
    return path


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_solve_optimal_prints_plan_and_exits_0(tiny: Path) -> None:
    result = run("solve", tiny)
    assert result.exit_code == 0, result.output
    assert "OPTIMAL" in result.output
    # 6 of a (weight 1) and 4 of b (weight 3): impact 18, frame dual 3
    assert "Harm score: 18 weighted MSEK-years" in result.output
    assert "frame" in result.output and "3.000" in result.output


def test_solve_writes_every_file_atomically(tiny: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("solve", tiny, "--out", out).exit_code == 0
    for name in (
        "summary.json",
        "actions.csv",
        "effects.csv",
        "boards.csv",
        "region.csv",
        "duals.csv",
    ):
        assert (out / name).is_file(), name
    summary = json.loads((out / "summary.json").read_text())
    assert summary["status"] == "optimal" and summary["impact"] == pytest.approx(18.0)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out")]


def test_existing_out_is_refused_without_force(tiny: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    result = run("solve", tiny, "--out", out)
    assert result.exit_code == 2 and "--force" in result.output
    assert (out / "keep.txt").read_text() == "mine"
    assert run("solve", tiny, "--out", out, "--force").exit_code == 0
    assert (out / "summary.json").is_file() and not (out / "keep.txt").exists()


def test_shortfall_exits_0_loudly_and_3_when_strict(tiny: Path) -> None:
    result = CliRunner().invoke(main, ["solve", str(tiny), "--use", "tight"])
    assert result.exit_code == 0
    assert "SHORTFALL" in result.output
    strict = run("solve", tiny, "--use", "tight", "--strict")
    assert strict.exit_code == 3
    assert "INFEASIBLE" in strict.output
    # the least relaxation: the frame short by 84 - 80 = 4 (potentials 6 + 10 = 16 < 20 needed)
    assert "raise frame B 2025 (80) by 4.0 MSEK" in strict.output


def test_bad_input_exits_2_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(TINY.replace("pot: 6", "pot: -6"), encoding="utf-8")
    out = tmp_path / "out"
    result = run("solve", bad, "--out", out)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "-6" in result.output and "pot" in result.output
    assert not out.exists()


def test_unknown_override_and_missing_solver_exit_2(tiny: Path) -> None:
    result = run("solve", tiny, "--use", "nope")
    assert result.exit_code == 2 and "tight" in result.output
    result = run("solve", tiny, "--solver", "no-such-solver")
    assert result.exit_code == 2 and "no-such-solver" in result.output


def test_set_changes_a_value(tiny: Path) -> None:
    # a lower frame (85): 6 of a and -1 -> needs 15 = 6 + 9 of b: impact 6 + 27 = 33
    result = run("solve", tiny, "--set", "boards.B.frame0=85")
    assert result.exit_code == 0 and "Harm score: 33 " in result.output


def test_validate_and_scenarios(tiny: Path) -> None:
    result = run("validate", tiny)
    assert result.exit_code == 0 and "valid" in result.output
    listing = run("scenarios")
    assert listing.exit_code == 0
    assert "rjh-2025-2030" in listing.output and "high-wages" in listing.output
    assert "balanced" in listing.output


def test_time_limit_is_never_reported_optimal(tiny: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from optimizer.solver import backends as solvers

    def stopped(self, cost, time_limit, then=None):
        stage = original(self, cost, time_limit)
        stage.status = "time_limit"
        return stage

    original = solvers.HighsBackend.run
    monkeypatch.setattr(solvers.HighsBackend, "run", stopped)
    result = run("solve", tiny)
    assert result.exit_code == 1
    assert "TIME LIMIT" in result.output and "OPTIMAL" not in result.output


def test_example_solves_by_default() -> None:
    result = run("solve", "--quiet")
    assert result.exit_code == 0
    assert "OPTIMAL" in result.output


def test_a_plan_the_evaluator_rejects_exits_1(tiny: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from optimizer.analysis import pipeline
    from optimizer.results.evaluate import verify as evaluate

    def reject(inputs, results, tol=1e-6):
        raise evaluate.EvaluationError([evaluate.Violation("frame", "B 2025", 90.0, 91.0)])

    monkeypatch.setattr(pipeline, "verify_plan", reject)
    result = run("solve", tiny)
    assert result.exit_code == 1
    assert "frame" in result.output and "OPTIMAL" not in result.output
