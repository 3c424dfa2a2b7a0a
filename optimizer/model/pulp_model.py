"""The PuLP model of an assembled ``LinearProgram``.

Each row's expression is built from ``(variable, coefficient)`` pairs taken straight from the
CSR arrays (no ``lpSum`` over generated terms), and every name is plain ASCII so that LP and MPS
files keep them. The objective is set by the solve stages, not here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pulp

from optimizer.model.lp import LinearProgram


@dataclass
class PulpModel:
    """A PuLP problem with its variables and constraints in ``LinearProgram`` order."""

    problem: pulp.LpProblem
    variables: list[pulp.LpVariable]
    constraints: list[pulp.LpConstraint]

    def set_objective(self, cost: np.ndarray) -> None:
        """Minimise ``cost'x``."""
        nz = np.nonzero(cost)[0].tolist()
        values = cost[nz].tolist()
        self.problem.setObjective(
            pulp.LpAffineExpression(
                [(self.variables[j], c) for j, c in zip(nz, values, strict=True)]
            )
        )

    def add_row(self, name: str, cols: np.ndarray, vals: np.ndarray, lb: float, ub: float) -> None:
        """Append the row ``lb <= sum vals*x[cols] <= ub`` (one side may be infinite)."""
        self.constraints.append(_constraint(name, [self.variables[c] for c in cols], vals, lb, ub))
        self.problem.addConstraint(self.constraints[-1])


def to_pulp(lp: LinearProgram, name: str = "balansplan") -> PulpModel:
    """Build the PuLP problem of ``lp`` (minimisation; objective left empty)."""
    col_lb, col_ub, row_lb, row_ub = lp.bounds()
    problem = pulp.LpProblem(name, pulp.LpMinimize)
    problem.setObjective(pulp.LpAffineExpression())
    integer = set(lp.integer)
    variables = [
        problem.add_variable(
            n,
            lowBound=_finite(lo),
            upBound=_finite(hi),
            cat=pulp.LpInteger if j in integer else pulp.LpContinuous,
        )
        for j, (n, lo, hi) in enumerate(
            zip(lp.col_names(), col_lb.tolist(), col_ub.tolist(), strict=True)
        )
    ]
    start, index, value = lp.csr()
    index_l, value_l = index.tolist(), value.tolist()
    constraints = []
    for r, row_name in enumerate(lp.row_names()):
        a, b = int(start[r]), int(start[r + 1])
        cons = _constraint(
            row_name,
            [variables[c] for c in index_l[a:b]],
            value_l[a:b],
            float(row_lb[r]),
            float(row_ub[r]),
        )
        constraints.append(cons)
        problem.addConstraint(cons)
    return PulpModel(problem, variables, constraints)


def _constraint(name: str, variables: list, values, lb: float, ub: float) -> pulp.LpConstraint:
    """``lb <= expr <= ub`` as a PuLP constraint: ``==`` when equal, else the finite side."""
    expr = pulp.LpAffineExpression(list(zip(variables, values, strict=True)))
    if lb == ub:
        return pulp.LpConstraint(expr, pulp.LpConstraintEQ, name, lb)
    if math.isinf(lb):
        return pulp.LpConstraint(expr, pulp.LpConstraintLE, name, ub)
    if math.isinf(ub):
        return pulp.LpConstraint(expr, pulp.LpConstraintGE, name, lb)
    raise ValueError(f"row {name}: ranged rows are not used by this model")


def _finite(bound: float) -> float | None:
    return None if math.isinf(bound) else float(bound)


MODEL_FORMATS = (".lp", ".mps")


def write_model(lp: LinearProgram, cost: np.ndarray, fixed: np.ndarray, path: str) -> None:
    """Write ``lp`` as an LP or MPS file (by ``path``'s suffix, ``MODEL_FORMATS``) through PuLP:
    its rows, bounds and integrality, the objective ``cost``, and the columns ``fixed`` held at
    0 (the solve's strict try: every slack of a positive weight). Written to a temporary file
    beside ``path`` and renamed into place."""
    import os  # start-up time
    from pathlib import Path

    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in MODEL_FORMATS:
        raise ValueError(f"{path}: expected a file name ending in .lp or .mps")
    model = to_pulp(lp)
    model.set_objective(cost)
    for c in np.asarray(fixed, dtype=np.int64).tolist():
        model.variables[c].lowBound = model.variables[c].upBound = 0.0
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp{suffix}")
    try:
        if suffix == ".lp":
            model.problem.writeLP(str(tmp))
        else:
            model.problem.writeMPS(str(tmp))
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
