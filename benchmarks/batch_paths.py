"""The ways ``bench_batch.py`` solves one run, besides the fast path: naive, standard, floor.

- ``naive``: what "rebuild the PuLP model and solve each run" means with PuLP as it is meant
  to be used: assemble the run's model, build its PuLP problem (``to_pulp``, the same builder
  ``solve`` uses) and let PuLP solve every stage (``problem.solve(pulp.HiGHS())`` through
  ``PulpBackend``: each stage hands the whole problem to a new HiGHS and solves it cold). The
  same stages as ``solve`` (``run_stages``), no result tables.
- ``standard``: ``solve(inputs, verify=False)``, the project's own single-scenario path: the
  PuLP problem is handed to HiGHS once and the later stages re-solve warm on it; the tables
  (duals, ranging, why-not) are made, the independent re-check is left out.
- ``floor``: the cold HiGHS solve alone of the LP the run's answer comes from (``floor_lp``;
  for a MIP, the MIP itself).
"""

from __future__ import annotations

import time

import numpy as np


class Clock:
    """Wall and CPU seconds (this process, every thread) of the ``with`` block."""

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc) -> None:
        self.seconds = (time.perf_counter() - self.wall, time.process_time() - self.cpu)


def naive(inputs) -> dict:
    """Status and objective, every stage solved cold by PuLP (see the module doc)."""
    import pulp

    from optimizer.model import build
    from optimizer.model.pulp_model import to_pulp
    from optimizer.solver.backends import PulpBackend
    from optimizer.solver.stages import SolverFailure, run_stages

    started = time.perf_counter()
    model = build(inputs)
    backend = PulpBackend(to_pulp(model.lp), pulp.HiGHS(msg=False, threads=1))
    try:
        outcome = run_stages(model, backend, False, started, None)
    except SolverFailure as exc:
        return {"status": "error", "objective": None, "message": str(exc)}
    return {"status": outcome.status, "objective": outcome.objective}


def standard(inputs) -> dict:
    """The standard path's status and objective (a solver failure is the status ``error``)."""
    from optimizer.analysis.pipeline import solve
    from optimizer.solver.stages import SolverFailure

    try:
        s = solve(inputs, verify=False).summary
    except SolverFailure as exc:
        return {"status": "error", "objective": None, "message": str(exc)}
    return {"status": s["status"], "objective": s["objective"]}


def floor_lp(inputs, status: str):
    """The LP a run's answer comes from, as ``HighsLp``: every slack at 0 with the objective's
    costs; the elastic LP with the shortfall costs for a ``shortfall`` run. A model with
    minimum sizes keeps its integer columns: the floor then solves the MIP cold."""
    import highspy

    from optimizer.model import build
    from optimizer.model.variables import slack_columns

    lp = build(inputs).lp
    col_lb, col_ub, row_lb, row_ub = lp.bounds()
    slacks = slack_columns(lp)
    if status == "shortfall":
        cost = lp.cost_vector("shortfall")
    else:
        col_ub = col_ub.copy()
        col_ub[slacks] = 0.0
        cost = lp.cost_vector(inputs.objective)
    start, index, value = lp.csr()
    model = highspy.HighsLp()
    model.num_col_, model.num_row_ = lp.num_cols, lp.num_rows
    model.col_cost_, model.col_lower_, model.col_upper_ = cost, col_lb, col_ub
    model.row_lower_, model.row_upper_ = row_lb, row_ub
    model.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    model.a_matrix_.num_col_, model.a_matrix_.num_row_ = lp.num_cols, lp.num_rows
    model.a_matrix_.start_ = start.astype(np.int32)
    model.a_matrix_.index_ = index.astype(np.int32)
    model.a_matrix_.value_ = value
    if lp.integer:  # a MIP (minimum sizes): the floor is HiGHS solving the MIP, not its relaxation
        kind = np.full(lp.num_cols, highspy.HighsVarType.kContinuous)
        kind[np.array(lp.integer)] = highspy.HighsVarType.kInteger
        model.integrality_ = list(kind)
    return model


def floor_once(model) -> tuple[float, float]:
    """Seconds for a fresh ``Highs``, ``passModel`` and ``run`` (one thread, output off)."""
    import highspy

    with Clock() as clock:
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("threads", 1)
        h.passModel(model)
        h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        raise RuntimeError(f"floor LP not optimal: {h.modelStatusToString(h.getModelStatus())}")
    return clock.seconds
