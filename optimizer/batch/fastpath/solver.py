"""The fast path for many scenarios: one assembled model, one HiGHS model, warm re-solves.

``FastSolver(base)`` assembles ``base`` once (``optimizer.model.build``, the same
``LinearProgram`` that feeds the PuLP model) and passes it to one ``Highs`` object once
(``WarmHighs``). ``run(inputs)`` then

1. computes the scenario's ``Params`` (``ParamCache``: the decision columns of ``base`` reused,
   every number computed by ``params.numbers``) and its ``LinearProgram``
   (``model.assembly.Assembly``: the layouts of the held LP reused, every family's ``numbers``
   run again: the functions ``model.build`` runs). Both are exactly what ``params.compute`` and
   ``model.build`` give (tested to the bit); another structure (a potential dropping to 0, a
   new target year, the tax lever switched off, a pair its committed actions use up) is built
   in full (``assemblies`` counts these), then solved warm like any other; committed actions
   (MODEL.md 10.3) are ``params.committed_numbers``'s, in ``base`` and the potentials left;
2. if the LP has the held model's rows and columns, changes only the costs, bounds and matrix
   entries that differ (``WarmHighs.update``); otherwise passes the new model (``rebuilds`` counts
   these runs) and holds it from then on;
3. runs ``solve.run_stages`` (strict-first, elastic shortfall, the objective, the tie-break) on
   that back end, warm (``WarmHighs``: the first stage from the basis it ended with in the
   previous run, a stage after a hold row from the stage before it; the later stages settled
   inside a stage when a test at its basis proves the vertex already minimises them,
   ``fastpath.lexi``; after a run that fell short, stage 1 first, so that a run that falls
   short again can take one solve), and deletes the hold rows afterwards so the next run
   starts from the base structure;
4. with minimum sizes (a MIP): the stages above solve its relaxation (the held HiGHS model has
   no integrality); where that plan respects every minimum size it is the MIP's optimum
   (``model.min_size.taken``, docs/model.md) and the run is done. Otherwise (``branched``
   counts these runs), and for a run with ``detail``, ``solver.mip.run_mip`` goes on from that
   relaxation as ``solve`` does (branch and bound, then the LP with the decisions fixed).

It solves the same LP as ``solve(inputs)`` with the same stages, so both give the same objective
and status, and the same plan to the hold rows' tolerance (``tests/test_fastpath.py``). The summary numbers follow ``results.tabulate``:
``impact = sum_j w_j * sum_t effect[j,t] * x_j``; ``total_shortfall`` = the sum of every elastic
slack above 1e-6; ``savings_by_year[t] = sum_j effect[j,t] * x_j``. ``detail=True`` adds the
full ``Results`` (``tabulate``, with duals and ranging), checked by ``evaluate.verify`` as
``solve`` checks its own. A run never raises: a failure is the status ``error`` with its message,
and the next run starts from a freshly passed model. ``reset()`` returns to the state of a new
solver: the base model with the bases of the base scenario's own solve (made once, when the
solver is made), so a chunk's first run starts warm from the base rather than cold (a batch
resets per chunk, so that answers do not depend on the order of chunks).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from optimizer.analysis.pipeline import tabulate
from optimizer.batch.fastpath.highs import WarmHighs
from optimizer.batch.fastpath.params import ParamCache
from optimizer.model import Model, build
from optimizer.model.min_size import taken
from optimizer.model.variables import SLACK_FAMILIES, slack_columns
from optimizer.results.core import Results
from optimizer.results.evaluate.verify import verify
from optimizer.results.law_tables import UNIT_OF
from optimizer.scenario.inputs import TIER_OF, Inputs
from optimizer.solver.mip import BRANCHED, run_mip
from optimizer.solver.stages import Outcome, run_stages

TINY = 1e-9  # as results.tabulate.TINY: amounts below it are solver noise
SHORT = 1e-6  # as solution._shortfall: slacks above it count as shortfall


@dataclass
class RunOutcome:
    """One run's result: status and headline numbers (the full tables only with ``detail``)."""

    status: str  # optimal | shortfall | infeasible | time_limit | error
    objective: float
    impact: float
    total_shortfall: float
    savings_by_year: dict[int, float] = field(default_factory=dict)
    results: Results | None = None
    message: str = ""
    shortfall_tier: str = ""  # (v2) the first tier, in the order of requirements, short ("")


class FastSolver:
    """Solve many scenarios of one structure warm on one HiGHS model (see the module doc)."""

    def __init__(
        self,
        base: Inputs,
        *,
        threads: int = 1,
        time_limit: float | None = None,
        strict: bool = False,
        anchor: bool = True,
    ):
        self.threads = threads
        self.time_limit = time_limit
        self.strict = strict
        self.rebuilds = 0  # runs whose rows or columns differed from the held model
        self.assemblies = 0  # runs that needed a full ``build`` (another structure or pattern)
        self.runs = 0
        self.branched = 0  # MIP runs whose relaxation took an action below its minimum size
        model = build(base)
        self._base = (model.lp, ParamCache(base, model.params), model.assembly)
        self._counts: dict[str, int] = {}
        self._warm: WarmHighs | None = None
        self._anchor: dict[str, object] = {}
        self.reset()
        if anchor:  # the base's own optimal bases: where every reset() starts from
            self.run(base)
            if self._warm is not None:
                self._anchor = dict(self._warm.bases)
            self.runs, self.rebuilds, self.assemblies, self.branched = 0, 0, 0, 0
            self._counts.clear()
            self.reset()

    def reset(self) -> None:
        """Back to the state of a new ``FastSolver``: the next run's answer, to the last bit, is
        the one a new solver gives.

        That state is the base model with the bases of the base scenario's own solve (the
        anchor, solved once when the solver is made), so the first run after a reset starts
        warm from the base, not cold. A batch resets at the start of each chunk, so that a run's
        answer does not depend on which runs the same worker happened to solve before.
        """
        lp, self._cache, self._assembly = self._base
        self._warm = WarmHighs(lp, self.threads, self._counts)
        self._warm.bases.update(self._anchor)
        self._last = ""  # the last run's status: after a shortfall, stage 1 first

    @property
    def num_rows(self) -> int:
        """The number of rows HiGHS holds now (the base structure between runs)."""
        return -1 if self._warm is None else self._warm.highs.getNumRow()

    def model(self, inputs: Inputs) -> Model:
        """The assembled model of ``inputs``: only its numbers, unless its structure differs.

        Another structure is built in full and becomes the template of the following runs.
        """
        params = self._cache.params(inputs)
        if params is None or not self._assembly.fits(inputs):
            self.assemblies += 1
            model = build(inputs, params)
            if params is None:
                self._cache = ParamCache(inputs, model.params)
            self._assembly = model.assembly
            return model
        assembly = self._assembly
        return Model(inputs, params, assembly.lp(inputs, params), assembly.columns, assembly)

    def run(self, inputs: Inputs, detail: bool = False) -> RunOutcome:
        """Solve ``inputs`` warm; never raises (a failure is the status ``error``)."""
        started = time.perf_counter()
        self.runs += 1
        try:
            model = self.model(inputs)
            warm = self._hold(model)
            warm.begin(detail)
            try:
                elastic_first = self._last == "shortfall"
                outcome = run_stages(
                    model, warm, self.strict, started, self.time_limit, elastic_first
                )
            finally:
                warm.finish()
            self._last = outcome.status
            backend, mip = warm, None
            if model.lp.integer and outcome.plan is not None:
                decided = taken(model.params, inputs, outcome.plan.x[model.columns.x])
                if decided is None or detail:  # branch and bound, or the fixed LP's duals
                    self.branched += decided is None
                    model, outcome, backend, mip = run_mip(
                        model, "highs", self.strict, started, self.time_limit, relaxed=outcome
                    )
            result = _outcome(model, outcome, backend, self.strict, detail, started)
            if mip is not None and mip.get("branched") and not result.message:
                result.message = BRANCHED  # the batch's outputs say which runs branched
            if result.results is not None and mip is not None:
                result.results.summary["mip"] = mip
            if result.results is not None and outcome.plan is not None:
                verify(inputs, result.results)  # the independent re-check, as solve() does
            return result
        except Exception as exc:  # one failing run never stops a batch
            self._warm = None  # its state is unknown: the next run passes a fresh model
            text = str(exc) or type(exc).__name__
            return RunOutcome("error", *([float("nan")] * 3), message=text)

    def _hold(self, model: Model) -> WarmHighs:
        """The HiGHS model, changed to ``model`` (or passed afresh when its structure differs)."""
        warm = self._warm
        if warm is not None and warm.same_structure(model.lp):
            warm.update(model.lp)
            return warm
        if warm is not None:
            self.rebuilds += 1
        self._warm = WarmHighs(model.lp, self.threads, self._counts)
        return self._warm

    @property
    def counts(self) -> dict[str, int]:
        """What the runs changed: entries, bounds, whole-model passes, HiGHS solves, rebuilds."""
        counts = dict(self._counts)
        counts.update(runs=self.runs, rebuilds=self.rebuilds, assemblies=self.assemblies)
        counts.update(branched=self.branched)
        return counts


def _outcome(
    model: Model, outcome: Outcome, warm, strict: bool, detail: bool, started: float
) -> RunOutcome:
    """The headline numbers of ``outcome`` as ``results.tabulate`` computes them."""
    nan = float("nan")
    message = outcome.detail
    if outcome.conflict:
        message = "conflict: " + "; ".join(_conflict_text(c) for c in outcome.conflict)
    elif outcome.status == "infeasible":
        message = "the hard limits conflict (detail=True names the requirements)"
    results = None
    if detail:
        results = tabulate(model, outcome, warm, strict, time.perf_counter() - started)
    if outcome.plan is None:
        return RunOutcome(outcome.status, nan, nan, nan, {}, results, message)
    if results is not None:
        s = results.summary
        return RunOutcome(
            outcome.status,
            s["objective"],
            s["impact"],
            s["total_shortfall"],
            dict(s["savings_by_year"]),
            results,
            message,
            s.get("shortfall_tier") or "",
        )
    p, v, lp = model.params, model.columns, model.lp
    x = np.where(np.abs(outcome.plan.x) < TINY, 0.0, outcome.plan.x)
    amount = x[v.x]
    # sums, not ``@``: a matrix product would wake BLAS's threads, which then spin and take
    # CPU from the other worker processes of a batch
    # the objective vectors over every column: the actions' w_j * horizon_j and section 9's tax
    # lever (its harm and MSEK-years), as results.tabulate adds them
    impact = float(np.sum(x * _costs(lp, "min_impact")))
    objective = {
        "min_impact": lambda: impact,
        "min_savings": lambda: float(np.sum(x * _costs(lp, "min_savings"))),
        "min_max_share": lambda: float(max(x[v.z], 0.0)),
    }[model.inputs.objective]()
    cols = slack_columns(lp, model.inputs.shortfall_weights)
    slack = np.clip(x[cols], 0.0, None)
    # (v3) MSEK only: a slack in årsarbetare (attrition) is never added to MSEK
    msek = np.array([UNIT_OF.get(SLACK_FAMILIES[lp.col_family[c]], "MSEK") == "MSEK"
                     for c in cols.tolist()], dtype=bool)  # fmt: skip
    years = [int(t) for t in p.years]
    savings = (amount[:, None] * p.effect).sum(axis=0) if len(amount) else np.zeros(len(years))
    return RunOutcome(
        outcome.status,
        objective,
        impact,
        float(slack[(slack > SHORT) & msek].sum()) if len(slack) else 0.0,
        {t: float(savings[k]) for k, t in enumerate(years)},
        None,
        message,
        _first_tier(model, cols, slack),
    )


def _first_tier(model: Model, cols: np.ndarray, slack: np.ndarray) -> str:
    """The first tier (in the order of ``requirements``) whose slacks above ``SHORT`` add up to
    more than ``SHORT`` (as ``results.law_tables.by_tier``), or ``""``."""
    short = slack > SHORT
    if not short.any():
        return ""
    family = model.lp.col_family
    totals: dict[str, float] = {}
    for c, value in zip(cols[short].tolist(), slack[short].tolist(), strict=True):
        tier = TIER_OF[SLACK_FAMILIES[family[c]]]
        totals[tier] = totals.get(tier, 0.0) + value
    order = [tier for stage in model.inputs.requirements for tier in stage]
    return next((tier for tier in order if totals.get(tier, 0.0) > SHORT), "")


def _costs(lp, name: str) -> np.ndarray:
    """``lp.cost_vector(name)`` without padding a copy of the vector when it is complete."""
    vec = lp.objectives.get(name)
    if vec is not None and len(vec) == lp.num_cols:
        return vec
    return lp.cost_vector(name)


def _conflict_text(record: dict) -> str:
    """``frame HSN 2027 = 5560``: one conflicting requirement in the user's terms."""
    keys = " ".join(str(record[k]) for k in ("board", "action", "category", "year") if k in record)
    return f"{record['requirement']} {keys} = {record.get('value')}".replace("  ", " ")
