"""Issue 21, item 2: the fast path's status equals the standard path's on every run.

A property over grids around the points the issue found (``sweep --use no-financial-core
--grid drivers.wage=0.0655 --grid economy.revenue.growth=0.0155`` was ``infeasible`` fast and
``shortfall`` standard; 2 of this 11 x 11 grid's 121 runs differed before the hold rows were
loosened, ``solver.stages.LOOSEN``). The runs go in the sweep's snake order on one
``FastSolver``, so each starts warm from its neighbour as in a sweep.
"""

from __future__ import annotations

import numpy as np
import pytest

from optimizer.analysis.pipeline import solve
from optimizer.batch.fastpath.solver import FastSolver
from optimizer.batch.grid import snake_order
from optimizer.scenario.load import load_scenario

POINTS = {
    "no-financial-core": ("drivers.wage", 0.0655, "economy.revenue.tax.growth", 0.0155, 0.001, 5),
    "no-tax-increase": ("drivers.wage", 0.05, "economy.revenue.tax.real_growth", -0.02, 0.0005, 1),
}


@pytest.mark.parametrize("use", sorted(POINTS))
def test_fast_and_standard_statuses_agree_around_the_issue_points(use):
    key_a, a0, key_b, b0, step, half = POINTS[use]
    values_a = [round(a0 + step * k, 6) for k in range(-half, half + 1)]
    values_b = [round(b0 + step * k, 6) for k in range(-half, half + 1)]
    shape = (len(values_a), len(values_b))
    fast = FastSolver(load_scenario(use=[use]))
    differ = []
    for flat in snake_order(shape):
        i, j = np.unravel_index(flat, shape)
        sets = [f"{key_a}={values_a[i]}", f"{key_b}={values_b[j]}"]
        inputs = load_scenario(use=[use], sets=sets)
        got = fast.run(inputs)
        want = solve(inputs, sensitivity=False)
        assert got.status != "error", (sets, got.message)
        if got.status != want.status:
            differ.append((sets, got.status, want.status))
    assert differ == []
