"""The public ``solve()``: build, run the stages, tabulate, add the sensitivity tables, verify.

A small orchestrator above the stages of the flow: ``model`` builds the LP, ``solve`` runs the
lexicographic stages on a back end, ``results`` turns the outcome into tables and checks them
independently, and ``analysis`` adds duals, ranging and why-not at stage 2's basis.
"""

from __future__ import annotations

import time

from optimizer.analysis.sensitivity import sensitivity_tables
from optimizer.model import build
from optimizer.model.build import Model
from optimizer.results.core import Results
from optimizer.results.evaluate.verify import verify as verify_plan
from optimizer.results.tabulate import plan_x
from optimizer.results.tabulate import tabulate as tabulate_plan
from optimizer.scenario.checks.given import given
from optimizer.scenario.inputs import Inputs
from optimizer.scenario.load import inputs_hash
from optimizer.solver.backends import make_backend
from optimizer.solver.mip import run_mip
from optimizer.solver.stages import Outcome, run_stages


def solve(
    inputs: Inputs,
    *,
    strict: bool = False,
    solver: str = "highs",
    time_limit: float | None = None,
    verify: bool = True,
    sensitivity: bool = True,
) -> Results:
    """Solve ``inputs`` and return the verified ``Results``.

    ``time_limit`` bounds the whole solve: the stages share what is left of it after the
    build, no stage starts once it has passed (status ``time_limit``), and the optional work
    after a plan or an infeasibility (sensitivity tables, the conflict and its relaxations) is
    skipped once it has passed.

    ``inputs`` changed after ``load_scenario`` (``dataclasses.replace``, an edit in place)
    are checked again (``scenario.checks.given``; ``InputError``), and the results carry the
    hash of what was solved.

    Raises ``SolverFailure`` when the solver errs, and ``optimizer.results.evaluate.EvaluationError``
    when the independent evaluator finds the plan violates any row (never a silent wrong answer).
    ``sensitivity=False`` leaves out the ranging and why-not tables (a batch run that keeps
    only its headline numbers).
    """
    inputs = given(inputs, inputs_hash)  # the API's inputs, checked; the hash of what is solved
    started = time.perf_counter()

    def late() -> bool:
        return time_limit is not None and time.perf_counter() - started >= time_limit

    model = build(inputs)
    mip = None
    if late():  # building took the whole limit: no stage starts
        backend = _Unbuilt(solver)
        outcome = Outcome("time_limit", None, None, detail="the time limit passed while building")
    elif model.lp.integer:  # minimum sizes: the MIP, then the LP with its decisions fixed
        model, outcome, backend, mip = run_mip(model, solver, strict, started, time_limit, late)
    else:
        backend = make_backend(model.lp, solver)
        outcome = run_stages(model, backend, strict, started, time_limit, late=late)
    skip = late if sensitivity else (lambda: True)
    results = tabulate(model, outcome, backend, strict, time.perf_counter() - started, skip)
    if mip is not None:
        results.summary["mip"] = mip
    if verify and outcome.plan is not None:
        verify_plan(inputs, results)
    return results


def tabulate(
    model: Model, outcome, backend, strict: bool, seconds: float, late=lambda: False
) -> Results:
    """Every table of one solve: the plan's (``results.tabulate``) and the sensitivity tables
    (left empty when ``late()``: a plan found within a time limit is not held back for them)."""
    results = tabulate_plan(model, outcome, backend, strict, seconds)
    if outcome.plan is not None and not late():
        results.tables.update(sensitivity_tables(model, outcome, plan_x(outcome)))
    return results


class _Unbuilt:
    """The solver's name where the time limit passed before its model was handed to it."""

    def __init__(self, name: str):
        self.name, self.version = name, ""
