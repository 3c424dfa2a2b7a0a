"""Solve a scenario: the lexicographic stages of docs/model.md, elastic or strict.

Stages, on one back end (HiGHS re-solves each warm from the last basis):

1. least total shortfall, tier by tier (v2, ``inputs.requirements``: law, targets, frames; a
   merged stage sums its tiers): ``S_i* = min sum sw*u`` over stage ``i``'s slacks with every
   earlier stage's ``<= S_k*`` held. Shortcut: stage 2 is tried first with every slack of a
   positive weight fixed at 0; if that is feasible every ``S_i* = 0`` and stage 1 needs no solve.
   Otherwise (elastic) the slacks are freed and the tiers solved in turn; a tier needs no solve
   of its own where the plan of the tier before already has none of its shortfall (its least
   value, 0) or where the back end settles it in the same solve (``Stage.settled``). A slack
   whose weight is 0 is never fixed (its row is informational in every path).
2. the chosen objective with the shortfall held (``min_max_share``: least ``z``, then with
   ``z <= z*`` least impact). Duals and reduced costs are read here.
3. tie-break: with stage 2's value held (``<= v2 + 1e-10 * max(1, |v2|) + 1e-9``) minimise
   the deterministic preference of ``objective.tiebreak``, so the plan is unique and
   reproducible. Any primal optimum pairs with stage 2's duals (complementary slackness), so
   they still hold.

A back end told the later stages' objectives in advance (``run(cost, limit, then=[...])``) may
find that a stage's plan already minimises them in turn (``Stage.settled``: the batch fast
path, ``optimizer/batch/fastpath/lexi.py``); those stages then need no solve.

``--strict`` fixes every slack at 0 for good; an unreachable scenario is then ``infeasible``
and the irreducible infeasible subset (HiGHS) is reported in the user's terms.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from optimizer.model import Model
from optimizer.model.keys import key_columns, requirement_value
from optimizer.model.objective import stage_costs
from optimizer.model.variables import SLACK_FAMILIES, slack_columns
from optimizer.solver.backends import HighsBackend, Stage
from optimizer.solver.relax import least_relaxations
from optimizer.solver.rescue import rescued

HOLD_REL = 1e-10
HOLD_ABS = 1e-9
# a stage after a hold that no rescue solves: the holds loosened to these relative tolerances in
# turn (a plan that met the rows only to HiGHS's scaled feasibility tolerance may miss its own
# optimum held to 1e-10; measured: 1e-9 suffices where it did)
LOOSEN = (1e-9, 1e-8, 1e-7)


# the requirement a slack stands for, where its row family has another name
SLACK_ROWS = {"cash": "min_cash"}


class SolverFailure(Exception):
    """The solver failed for a reason that is not the user's input (exit status 1)."""


@dataclass
class Outcome:
    """What the stages produced: the plan's stage, the duals' stage, and any conflict."""

    status: str  # optimal | shortfall | infeasible | time_limit
    plan: Stage | None
    duals: Stage | None
    objective: float = float("nan")
    conflict: list[dict] = field(default_factory=list)
    detail: str = ""
    ranging: dict[str, np.ndarray] | None = None  # HiGHS ranging at stage 2's basis
    relaxation: dict[str, list[dict]] | None = None  # least ways out of an infeasibility


def run_stages(
    model: Model,
    backend,
    strict: bool,
    started: float,
    limit: float | None,
    elastic_first: bool = False,
    late=lambda: False,
    tiebreak_stage: bool = True,
) -> Outcome:
    """Run stages 1 to 3 (see the module docstring) and return their outcome.

    ``late()`` tells that the whole solve's time limit has passed: the tie-break and the
    conflict search (extras beyond the plan) are then skipped.

    ``elastic_first`` (not with ``strict`` nor ``min_max_share``): skip the strict try and
    solve stage 1 at once, telling the back end the objective and the tie-break that follow
    (``then``), so that a back end that can settle them in the same solve (the batch fast path)
    solves a scenario that falls short once instead of three times. A scenario that meets every
    target then holds ``S* = 0`` (to ``HOLD_ABS``) instead of fixing the slacks at 0: the same
    plan to that tolerance.
    """
    lp = model.lp
    objective = model.inputs.objective
    slacks = slack_columns(lp, model.inputs.shortfall_weights)  # a weight of 0: informational
    tiebreak = lp.cost_vector("tiebreak")
    # the tie-break follows the objective's stage directly, except after min_max_share's z
    last = None if objective == "min_max_share" else [tiebreak]

    def remaining() -> float | None:
        return None if limit is None else max(limit - (time.perf_counter() - started), 1e-3)

    holds: list[tuple[int, float]] = []  # (row, held value) of each hold row added
    notes: list[str] = []

    def attempt(cost: np.ndarray, then_: list[np.ndarray] | None, feasible: bool) -> Stage:
        """One stage, rescued (``solver.rescue``) where HiGHS gives up or calls a stage that
        is feasible by construction infeasible; after a hold, first with the holds loosened
        in turn (``LOOSEN``), then the rescues."""
        again = lambda: backend.run(cost, remaining(), then=then_)  # noqa: E731
        stage = again()
        if holds and stage.status in ("infeasible", "error") and hasattr(backend, "set_row_upper"):
            for rel in LOOSEN:  # first the holds one step looser, all of them (cheap, warm)
                for row, value in holds:
                    backend.set_row_upper(row, _held(value, rel))
                stage = again()
                if stage.status == "optimal":
                    notes.append(f"the earlier stages' optima held to {rel:g} relative")
                    return stage
        return rescued(backend, stage, again, feasible, remaining)

    def failed(stage: Stage, before: Stage | None = None) -> Outcome | None:
        """``None`` when ``stage`` is optimal; else the outcome to report. ``before``: the
        previous stage's plan, which a stage after a hold that HiGHS could not solve even
        rescued falls back to (it meets every row and minimises the stages before)."""
        if stage.status == "optimal":
            return None
        if stage.status == "time_limit":
            return Outcome("time_limit", None, None, detail=stage.detail)
        if before is not None:
            note = (
                f"{backend.name} could not solve a later stage ({stage.status}: {stage.detail}, "
                f"every rescue of solver.rescue tried); the plan minimises the stages before it"
            )
            return _finish(before, before, slacks, value=before.objective, detail=note)
        if stage.status == "infeasible":  # strict, or a hard limit (freeze, floor, pace...)
            if late():  # the conflict and its relaxations are extra work: not past the limit
                return Outcome("infeasible", None, None, detail="time limit: no conflict search")
            return Outcome(
                "infeasible",
                None,
                None,
                conflict=_conflict(model, backend),
                relaxation=least_relaxations(model),
            )
        raise SolverFailure(f"{backend.name}: stage ended {stage.status} ({stage.detail})")

    elastic = elastic_first and not strict and last is not None
    if not elastic:
        backend.set_col_bounds(slacks, 0.0, 0.0)
        stage = attempt(lp.cost_vector(objective), last, feasible=False)
        elastic = stage.status == "infeasible" and not strict
    if elastic:
        backend.set_col_bounds(slacks, 0.0, float("inf"))
        tiers = stage_costs(lp, model.inputs.requirements)
        n = len(tiers)
        chain = [*tiers, lp.cost_vector(objective), *(last or [])]

        def then(k: int) -> list[np.ndarray] | None:
            return None if last is None else chain[k + 1 :]

        # every requirement has a slack: infeasible only where hard limits conflict
        stage = attempt(chain[0], then(0), feasible=True)
        if (out := failed(stage)) is not None:
            return out
        at = 0
        while at < n:  # ``stage`` minimises chain[at], a tier of stage 1, with the ones before held
            holds.append(_hold(backend, f"hold_shortfall_{at}", chain[at], stage.objective))
            at += 1
            if stage.settled:  # the vertex minimises the next stage too: no solve of its own
                stage.objective = float(np.sum(chain[at] * stage.x))
                stage.settled -= 1
            elif at < n and (short := float(np.sum(chain[at] * stage.x))) <= HOLD_ABS:
                stage.objective = short  # nothing of the next tier short here: its least value
            else:
                before, stage = stage, attempt(chain[at], then(at), feasible=True)
                if (out := failed(stage, before)) is not None:
                    return out
    if (out := failed(stage)) is not None:
        return out
    value = stage.objective
    if objective == "min_max_share":
        holds.append(_hold(backend, "hold_max_share", lp.cost_vector(objective), value))
        before = stage
        stage = attempt(lp.cost_vector("min_impact"), [tiebreak], feasible=True)
        if (out := failed(stage, before)) is not None:
            return out
        objective = "min_impact"
    duals = stage
    ranging = backend.ranging() if isinstance(backend, HighsBackend) else None
    plan = stage
    # the tie-break only within the time limit; a MIP's pass leaves it to its fixed LP
    if not stage.settled and tiebreak_stage and not late():
        holds.append(_hold(backend, "hold_objective", lp.cost_vector(objective), stage.objective))
        plan = attempt(tiebreak, None, feasible=True)
        if plan.status != "optimal":
            plan = duals  # the tie-break is a nicety; stage 2's plan is already optimal
    out = _finish(plan, duals, slacks, value=value, detail="; ".join(notes))
    out.ranging = ranging
    return out


def _finish(
    plan: Stage, duals: Stage, slacks: np.ndarray, value: float, detail: str = ""
) -> Outcome:
    """The outcome of a plan: ``optimal`` when no slack is used (to 1e-6 MSEK), else ``shortfall``."""
    shortfall_total = float(np.clip(plan.x[slacks], 0.0, None).sum()) if len(slacks) else 0.0
    status = "optimal" if shortfall_total <= 1e-6 else "shortfall"
    return Outcome(status, plan, duals, objective=value, detail=detail)


def _hold(backend, name: str, cost: np.ndarray, value: float) -> tuple[int, float]:
    """Add ``cost'x <= value + tolerance``: hold a stage's optimum in later stages.
    Returns the new row's index and ``value``."""
    cols = np.nonzero(cost)[0]
    backend.add_row(name, cols, cost[cols], -np.inf, _held(value, HOLD_REL))
    return getattr(backend, "num_rows", 0) - 1, value  # the row (HiGHS back ends only)


def _held(value: float, rel: float) -> float:
    """The bound a hold puts on a stage's optimum ``value``: ``value + rel*max(1,|value|) + HOLD_ABS``."""
    return value + rel * max(1.0, abs(value)) + HOLD_ABS


def drop_rows_after(backend: HighsBackend, num_rows: int) -> None:
    """Delete every HiGHS row after the first ``num_rows`` (e.g. the holds ``run_stages`` added).

    The basis of the remaining rows and columns is kept, so the next solve starts warm.
    """
    extra = backend.num_rows - num_rows
    if extra > 0:
        backend.highs.deleteRows(extra, np.arange(num_rows, backend.num_rows, dtype=np.int32))
        backend.num_rows = num_rows


def rerun_stages(
    model: Model,
    backend: HighsBackend,
    bounds: dict[int, tuple[float, float]] | None = None,
    limit: float | None = None,
) -> Outcome:
    """Run the stages (elastic) again on ``backend``, warm, with some model rows' bounds changed.

    ``bounds``: ``{row: (lb, ub)}`` in ``model.lp``'s row order; a change stays until changed
    again. The hold rows of an earlier run are dropped first, so every call solves the model
    itself with only its row bounds changed: the same LP as a fresh ``solve`` of inputs with
    those requirements.
    """
    drop_rows_after(backend, model.lp.num_rows)
    for row, (lb, ub) in (bounds or {}).items():
        backend.highs.changeRowBounds(int(row), float(lb), float(ub))
        backend.primal_warm = False
    return run_stages(model, backend, False, time.perf_counter(), limit)


def _conflict(model: Model, backend) -> list[dict]:
    """The irreducible infeasible subset in the user's terms (HiGHS only; [] otherwise)."""
    if not isinstance(backend, HighsBackend):  # other solvers give no IIS: ask HiGHS
        backend = HighsBackend(model.lp)
        backend.set_col_bounds(slack_columns(model.lp, model.inputs.shortfall_weights), 0.0, 0.0)
        if backend.run(model.lp.cost_vector("min_impact"), None).status != "infeasible":
            return []
    rows, cols = backend.conflict()

    lp = model.lp
    found = [r for r in rows if r < lp.num_rows]
    for c in cols:  # a slack fixed at 0 stands for its requirement row
        family = SLACK_FAMILIES.get(lp.col_family[c])
        if family is not None:
            found.append(lp.rows[SLACK_ROWS.get(family, family)][lp.col_key[c]])
    out: list[dict] = []
    for r in found:
        family = lp.row_family[r]
        if family == "cost":  # cost rows only define C[b,t]
            continue
        record = _describe(family, lp.row_key[r])
        record["value"] = requirement_value(model, family, lp.row_key[r])
        if record not in out:
            out.append(record)
    return out


def _describe(family: str, key: tuple) -> dict:
    """A row's family and key as a record: requirement, board/category/action, year."""

    record = {"requirement": family}
    record.update({k: v for k, v in key_columns(family, key).items() if v is not None})
    return record
