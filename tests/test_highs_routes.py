"""HiGHS from the model's arrays (the standard route) and through PuLP give the same answers.

``HighsBackend(lp)`` hands the CSR arrays to HiGHS with ``passModel``; ``HighsBackend(
to_pulp(lp))`` lets PuLP build the same model (its own column order, mapped back). The stages
on both must agree: status and every stage's value, on the example and on random Monte Carlo
samples of it. ``--write-model`` writes the model through PuLP; HiGHS reading that
file back finds the solve's own optimum.
"""

from __future__ import annotations

import time

import highspy
import numpy as np
import pytest
from click.testing import CliRunner

from optimizer.analysis.pipeline import solve
from optimizer.batch.plan import montecarlo_plan
from optimizer.cli import main
from optimizer.model import build
from optimizer.model.pulp_model import to_pulp
from optimizer.scenario.load import compose_inputs, load_scenario
from optimizer.solver.backends import HighsBackend
from optimizer.solver.mip import relaxation
from optimizer.solver.stages import run_stages


def _scenarios():
    plan = montecarlo_plan(None, 6, 3)
    runs = [compose_inputs(plan.bases[0], plan.groups[0].sets + r.sets) for r in plan.runs]
    return [load_scenario(), load_scenario(use=["no-tax-increase", "strict-2027"]), *runs]


@pytest.mark.parametrize("index", range(8))
def test_arrays_and_pulp_routes_agree(index):
    inputs = _scenarios()[index]
    model = build(inputs)
    lp = relaxation(model.lp)  # the stages of a MIP run on its relaxation first (solver/mip.py)
    outcomes = []
    for source in (lp, to_pulp(lp)):
        backend = HighsBackend(source)
        outcomes.append(run_stages(model, backend, False, time.perf_counter(), None))
    a, b = outcomes
    assert a.status == b.status
    assert abs(a.objective - b.objective) <= 1e-7 * max(1.0, abs(b.objective))
    # every stage's value: the shortfall, the objective, the tie-break (the plans themselves may
    # differ where the tie-break ties too: two start years of a temporary measure with the same
    # value, met on a Monte Carlo sample of the example)
    for name in ("shortfall", inputs.objective, "tiebreak"):
        cost = lp.cost_vector(name)
        u, v = float(np.sum(cost * a.plan.x)), float(np.sum(cost * b.plan.x))
        assert abs(u - v) <= 1e-7 * max(1.0, abs(v)), name
    # (duals are left out: at a degenerate optimum, as a shortfall run's often is, each route
    # may end at another optimal basis with other, equally valid, duals)


def test_write_model_is_the_model_solve_solves(tmp_path):
    """The example as MPS (a MIP: its ``take`` columns integer, every slack at 0): HiGHS's own
    optimum of the file is ``solve``'s objective (the example meets every requirement)."""
    path = tmp_path / "model.mps"
    result = CliRunner().invoke(main, ["solve", "-q", "--write-model", str(path)])
    assert result.exit_code == 0, result.output
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.readModel(str(path))
    h.setOptionValue("mip_rel_gap", 1e-9)
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    want = solve(load_scenario(), verify=False).summary
    assert want["status"] == "optimal"
    got = h.getInfo().objective_function_value
    assert abs(got - want["objective"]) <= 1e-6 * want["objective"]
    assert h.getNumCol() == build(load_scenario()).lp.num_cols


def test_write_model_refuses_another_ending(tmp_path):
    result = CliRunner().invoke(main, ["solve", "-q", "--write-model", str(tmp_path / "m.txt")])
    assert result.exit_code == 2
    assert "expected a file name ending in .lp or .mps" in result.output
    assert not (tmp_path / "m.txt").exists()
