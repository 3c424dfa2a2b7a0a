"""The HiGHS back end: honest statuses and recovery."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_a_warm_run_highs_cannot_finish_is_retried_cold(monkeypatch: pytest.MonkeyPatch) -> None:
    from optimizer.analysis.pipeline import solve
    from optimizer.solver import backends as solvers
    from tests.factory import make_inputs

    real = solvers._highs_status
    calls = []

    def unknown_once(hs, status):
        calls.append(status)
        return "error" if len(calls) == 1 else real(hs, status)

    monkeypatch.setattr(solvers, "_highs_status", unknown_once)
    inputs = make_inputs(
        boards=[{"id": "B", "cost0": 100, "frame0": 90}],
        actions=[{"id": "a", "category": "e"}, {"id": "b", "category": "e", "weight": 3}],
        potentials=[("B", "a", 6), ("B", "b", 10)],
    )
    results = solve(inputs)
    assert results.status == "optimal" and results.summary["impact"] == pytest.approx(18.0)
    assert len(calls) >= 3  # the failed run, its cold retry, then the tie-break


def test_strict_infeasible_names_its_conflict_and_least_relaxations() -> None:
    from optimizer.analysis.pipeline import solve
    from tests.factory import make_inputs

    # frame 80 needs 20 of savings from cost 100; potentials 6 + 10 = 16 give at most 16:
    # the frame and both potentials conflict; the least relaxation is 4 MSEK either way
    inputs = make_inputs(
        boards=[{"id": "B", "cost0": 100, "frame0": 80}],
        actions=[{"id": "a", "category": "e"}, {"id": "b", "category": "e", "weight": 3}],
        potentials=[("B", "a", 6), ("B", "b", 10)],
        result_targets={2025: -1000},  # far from binding: not part of the conflict
    )
    results = solve(inputs, strict=True)
    assert results.status == "infeasible"
    conflict = {
        (c["requirement"], c.get("board"), c.get("action")) for c in results.summary["conflict"]
    }
    assert conflict == {("frame", "B", None), ("potential", "B", "a"), ("potential", "B", "b")}
    relax = results.summary["relaxation"]
    assert [(r["requirement"], r["board"], r["year"]) for r in relax["requirements"]] == [
        ("frame", "B", 2025)
    ]
    assert relax["requirements"][0]["relax_by"] == pytest.approx(4.0)
    assert relax["potentials"] == [{"board": "B", "raise_by": pytest.approx(4.0)}]


def test_a_highs_used_before_with_other_threads_does_not_stop_a_solve():
    """HiGHS sets its task scheduler up once per process with the first solve's thread count; a
    notebook that used highspy with the default before would make our one-thread solves fail
    with ``Not Set``. ``run_highs`` resets the scheduler then, and only then. (A process of its
    own: the scheduler is global.)"""
    code = (
        "import highspy\n"
        "h = highspy.Highs(); h.setOptionValue('output_flag', False)\n"
        "h.addVar(0.0, 1.0); h.changeColCost(0, 1.0); h.run()\n"
        "from optimizer import load_scenario, solve\n"
        "print(solve(load_scenario()).summary['status'])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "optimal"
