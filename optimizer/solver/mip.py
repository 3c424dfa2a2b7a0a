"""Solving a model with minimum sizes (a MIP, MODEL.md section 9): the relaxation, the MIP where
needed, then the LP with the integer decisions fixed.

0. the stages on the LP relaxation (every ``take`` column continuous): where its plan respects
   every minimum size, it is the MIP's optimum (docs/model.md, "Minimum sizes without
   branching") and its decisions are the ones taken (``summary.mip.branched`` false);
1. otherwise stages 1 and 2 of ``stages.run_stages`` on the MIP (HiGHS branch and bound, each
   stage to a relative gap of ``MIP_GAP``): which actions are taken;
2. the integer decisions ``y`` fixed at that answer (rounded), the stages again on the LP that
   is left, the tie-break (stage 3) included: the same plan value (the fixed LP contains the
   MIP's optimum and no better point with those decisions), and the duals, reduced costs and
   ranging that a MIP does not have. (A tie-break on the MIP itself, among every optimal set of
   decisions, costs as much as stage 2 again on a large model; the decisions HiGHS finds are
   deterministic: one thread, a fixed seed.)
   Every output that shows them says they are "from the LP with the integer decisions fixed"
   (``summary.mip``).

A MIP stopped by the time limit has no proven optimum: the outcome is ``time_limit`` with the
gap HiGHS reached (``summary.mip.gap``), and no plan is reported as optimal.
"""

from __future__ import annotations

import copy
import time
from dataclasses import replace

import numpy as np

from optimizer.model import Model
from optimizer.model.lp import LinearProgram
from optimizer.model.min_size import taken
from optimizer.solver.backends import HighsBackend, make_backend
from optimizer.solver.stages import Outcome, run_stages

MIP_GAP = 1e-6  # relative gap each stage is solved to (HiGHS's default 1e-4 is too coarse)
BRANCHED = "branch and bound: the relaxation took an action below its minimum size"
DUALS_NOTE = (
    "duals, reduced costs, ranging and why-not are from the LP with the integer decisions fixed"
)


def fixed(lp: LinearProgram, values: np.ndarray) -> LinearProgram:
    """A copy of ``lp`` with its integer columns fixed at ``values`` (rounded), all continuous."""
    out = copy.copy(lp)
    col_lb, col_ub, _, _ = lp.bounds()
    cols = np.array(lp.integer, dtype=np.int64)
    col_lb, col_ub = col_lb.copy(), col_ub.copy()
    col_lb[cols] = col_ub[cols] = np.round(values)
    out.col_lb, out.col_ub, out.integer = [col_lb], [col_ub], []
    return out


def relaxation(lp: LinearProgram) -> LinearProgram:
    """A copy of ``lp`` with every integer column continuous (its bounds kept)."""
    out = copy.copy(lp)
    out.integer = []
    return out


def run_mip(
    model: Model,
    solver: str,
    strict: bool,
    started: float,
    limit: float | None,
    late=lambda: False,
    relaxed: Outcome | None = None,
) -> tuple[Model, Outcome, object, dict]:
    """``(the model the plan is read from, its outcome, its back end, summary.mip)``.

    ``relaxed``: the relaxation's outcome where the caller solved it already (the batch fast
    path, warm), so that it is not solved again. First the stages on the LP relaxation: where its plan respects every minimum size, that plan
    is the MIP's optimum (``min_size.taken``, docs/model.md) and no branch and bound runs
    (``summary.mip.branched`` false). Otherwise the MIP's stages 1 and 2 decide which actions
    are taken. Either way the decisions are then fixed and the stages run on the LP that is left.
    ``late()``: the time limit has passed (``analysis.pipeline.solve``): no stage starts after
    it, in any pass.
    """
    ints = np.array(model.lp.integer, dtype=np.int64)
    info = {"integer_decisions": len(ints), "gap": 0.0, "note": DUALS_NOTE, "branched": False}
    relaxed_model = replace(model, lp=relaxation(model.lp))
    backend = None
    first = relaxed
    if first is None:
        backend = make_backend(relaxed_model.lp, solver)
        first = run_stages(relaxed_model, backend, strict, started, limit, late=late)
    if first.plan is None:  # an infeasible relaxation: the MIP is infeasible too
        if first.status == "time_limit":
            first.detail = "the MIP stopped at the time limit before a first plan was found"
            info["gap"] = None
        return relaxed_model, first, backend, info
    decisions = taken(model.params, model.inputs, first.plan.x[model.columns.x])
    if decisions is None:  # the relaxation takes an action below its minimum size: branch
        info["branched"] = True
        backend = make_backend(model.lp, solver)
        if isinstance(backend, HighsBackend):
            backend.highs.setOptionValue("mip_rel_gap", MIP_GAP)
        first = run_stages(model, backend, strict, started, limit, late=late, tiebreak_stage=False)
        if first.plan is None:
            info["gap"] = _gap(backend)
            if first.status == "time_limit":
                first.detail = (
                    "the MIP stopped at the time limit before a first plan was found"
                    if info["gap"] is None
                    else f"the MIP stopped at the time limit with a gap of {info['gap']:.2%}"
                )
            return model, first, backend, info
        decisions = first.plan.x[ints]
    info["taken"] = int(np.round(decisions).sum())
    info["objective_mip"] = float(first.objective)
    lp_model = replace(model, lp=fixed(model.lp, decisions))
    remaining = None if limit is None else max(limit - (time.perf_counter() - started), 1e-3)
    lp_backend = make_backend(lp_model.lp, solver)
    second = run_stages(lp_model, lp_backend, strict, time.perf_counter(), remaining, late=late)
    return lp_model, second, lp_backend, info


def _gap(backend) -> float | None:
    """HiGHS's relative MIP gap of the last run (None without an incumbent or another solver)."""
    if not isinstance(backend, HighsBackend):
        return None
    gap = float(backend.highs.getInfo().mip_gap)
    return gap if np.isfinite(gap) else None


def with_decisions_fixed(model: Model, solver: str = "highs") -> Model:
    """``model`` itself for an LP; for a MIP, the LP with the take-or-leave decisions of its own
    optimal plan fixed (what the frontier and the alternatives then explore: the plan's
    neighbourhood with the same actions taken). A MIP without a plan is returned as it is."""
    if not model.lp.integer:
        return model
    fixed_model, outcome, _, _ = run_mip(model, solver, False, time.perf_counter(), None)
    return fixed_model if outcome.plan is not None else model
