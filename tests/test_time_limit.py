"""``--time-limit`` bounds the whole solve; sweep exit codes follow ``solve``'s mapping.

docs/robustness.md, promise 6. No wall-clock assertion (speed is the benchmarks' business): the
slow phases are made slow on purpose and the test checks what ran and what was reported.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import optimizer.analysis.pipeline as pipeline
from optimizer.cli import main
from optimizer.cli.batch import batch_exit
from optimizer.scenario.load import load_scenario

MINIMAL = Path(__file__).parent / "data" / "minimal"


def _slow(function, seconds: float):
    def wrapped(*args, **kwargs):
        out = function(*args, **kwargs)
        time.sleep(seconds)
        return out

    return wrapped


def test_a_build_that_takes_the_whole_limit_starts_no_stage(monkeypatch):
    started = []
    monkeypatch.setattr(pipeline, "build", _slow(pipeline.build, 0.3))
    monkeypatch.setattr(pipeline, "run_stages", lambda *a, **k: started.append(1))
    results = pipeline.solve(load_scenario(MINIMAL), time_limit=0.1)
    assert results.status == "time_limit" and started == []


def test_a_plan_found_within_the_limit_is_kept_and_the_extras_skipped(monkeypatch):
    monkeypatch.setattr(pipeline, "run_stages", _slow(pipeline.run_stages, 0.4))
    inputs = load_scenario(MINIMAL)
    results = pipeline.solve(inputs, time_limit=0.3)
    full = pipeline.solve(inputs)
    assert results.status == full.status == "optimal"
    assert results.summary["impact"] == pytest.approx(full.summary["impact"])
    assert "ranging" not in results.tables and len(full.tables["ranging"]) > 0


def test_the_tie_break_is_not_started_past_the_limit(monkeypatch):
    import optimizer.solver.stages as stages

    holds = []
    real = stages._hold
    monkeypatch.setattr(
        stages, "_hold", lambda b, name, *a: (holds.append(name), real(b, name, *a))
    )
    pipeline.solve(load_scenario(MINIMAL))
    assert "hold_objective" in holds  # without a limit the tie-break runs
    holds.clear()
    model = pipeline.build(load_scenario(MINIMAL))
    backend = pipeline.make_backend(model.lp, "highs")
    outcome = stages.run_stages(model, backend, False, time.perf_counter(), None, late=lambda: True)
    assert outcome.status == "optimal" and "hold_objective" not in holds


@pytest.mark.parametrize(
    "statuses, code",
    [({"optimal"}, 0), ({"optimal", "shortfall"}, 0), ({"infeasible", "optimal"}, 3),
     ({"time_limit"}, 1), ({"optimal", "time_limit", "infeasible"}, 1), ({"error"}, 1)],
)  # fmt: skip
def test_batch_exit_maps_statuses_as_solve_does(statuses, code):
    assert batch_exit(statuses) == code


def test_a_sweep_where_every_run_hits_its_limit_exits_1_as_solve_does():
    args = [str(MINIMAL), "--time-limit", "1e-9"]
    solved = CliRunner().invoke(main, ["solve", *args, "-q"])
    swept = CliRunner().invoke(
        main, ["sweep", *args, "--grid", "drivers.wage=0.03,0.04", "-j", "1", "-q", "--no-fast"]
    )
    assert "time_limit" in swept.output and "TIME LIMIT" in solved.output
    assert solved.exit_code == swept.exit_code == 1
