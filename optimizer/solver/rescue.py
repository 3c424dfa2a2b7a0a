"""When HiGHS cannot finish a stage: solve it again, in a documented order, before reporting.

A stage's answer is taken as it comes when it is ``optimal`` (its rows met to ``RESIDUAL``) or
``time_limit``, and when it is
``infeasible`` where the stage may truly have no plan (the strict try, and stage 1 with a hard
limit). Three answers are not taken:

- ``optimal`` with a row met only to more than ``RESIDUAL`` unscaled (measured: the primal
  simplex from a feasible basis without bound perturbation left 5.7e-6 MSEK in a margin row,
  which the evaluator rightly refused);
- HiGHS's ``Unknown`` (status ``error``): HiGHS gave up, which says nothing about the model;
- ``infeasible`` for a stage that is feasible by construction: every stage after a hold row
  (the previous stage's plan satisfies every row and the hold) and the elastic stage 1 without
  hard limits in conflict (every requirement has a slack). Measured causes: presolve's
  reductions on rows whose coefficients span many orders of magnitude (a tax lever of 1e9
  MSEK per öre; the fixed LP after a MIP), and a hold of ``1e-10`` relative under a plan that
  itself met the rows only to HiGHS's feasibility tolerance (``1e-7``, scaled).

Such a stage is solved again, each time from scratch (``clearSolver``), in this order, until one
answer is taken (``RESCUES``):

1. ``cold``: HiGHS's defaults without the warm basis;
2. ``no_presolve``: presolve off;
3. ``ipm``: the interior point method with crossover, presolve on;
4. ``ipm_no_presolve``: both.

Every option is set back to what it was afterwards. Only HiGHS back ends are rescued (the
others' answers come through PuLP as they are). ``Stage.detail`` names the rescue that worked
(``"Optimal (rescued: no_presolve)"``), so a run that needed one can be told.
"""

from __future__ import annotations

from optimizer.solver.backends import HighsBackend, Stage

# an "optimal" answer whose rows are met only to more than this (MSEK, unscaled) is rescued:
# the independent evaluator holds every row to 1e-6 * max(1, |value|)
RESIDUAL = 1e-6
RESCUES: tuple[tuple[str, dict[str, object]], ...] = (
    ("cold", {}),
    ("no_presolve", {"presolve": "off"}),
    ("ipm", {"solver": "ipm", "run_crossover": "on"}),
    ("ipm_no_presolve", {"solver": "ipm", "run_crossover": "on", "presolve": "off"}),
)


def needs_rescue(backend, stage: Stage, feasible: bool) -> bool:
    """Whether ``stage``'s answer is not to be taken (see the module docstring)."""
    if stage.status == "optimal":
        return residual(backend) > RESIDUAL
    return stage.status == "error" or (feasible and stage.status in ("infeasible", "unbounded"))


def residual(backend) -> float:
    """HiGHS's largest row or bound violation of its last answer, unscaled (0 without one)."""
    info = backend.highs.getInfo()
    if info.primal_solution_status == 0:  # no primal solution: nothing to measure
        return 0.0
    if info.mip_node_count >= 0:  # a MIP: held to its own mip_feasibility_tolerance; its
        return 0.0  # fixed LP (solver.mip), which the plan is read from, is measured
    value = float(info.max_primal_infeasibility)
    return value if value == value and value >= 0 else 0.0


def rescued(backend, stage: Stage, run, feasible: bool, remaining) -> Stage:
    """``stage`` itself, or the first optimal answer of ``run()`` under ``RESCUES``.

    ``run()`` solves the stage once more (same cost and time limit); ``remaining()`` is the
    time left (``None``: no limit), and no rescue starts once it is spent. When none is optimal
    the first answer is returned (``error`` stays ``error``: the caller reports it).
    """
    if not isinstance(backend, HighsBackend) or not needs_rescue(backend, stage, feasible):
        return stage
    h = backend.highs
    for name, options in RESCUES:
        left = remaining()
        if left is not None and left <= 1e-3:
            break
        saved = {key: _option(h, key) for key in options}
        h.clearSolver()
        backend.primal_warm = False
        for key, value in options.items():
            h.setOptionValue(key, value)
        try:
            again = run()
        finally:
            for key, value in saved.items():
                h.setOptionValue(key, value)
        if not needs_rescue(backend, again, feasible):
            again.detail = f"{again.detail} (rescued: {name})"
            return again
    return stage


def _option(h, name: str) -> object:
    """An option's value (highspy 1.16 returns ``(status, value)``)."""
    value = h.getOptionValue(name)
    return value[1] if isinstance(value, tuple) else value
